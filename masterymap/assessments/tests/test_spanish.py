"""The item bank, the item form and the attempt review in Spanish; the English unchanged."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from masterymap.assessments import actions
from masterymap.assessments.models import Item
from masterymap.assessments.queries import key_parts
from masterymap.lib.errors import ActionError
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


class SpanishTeacherPagesTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # A request leaves its language active in this thread: back to English afterwards.
        self.addCleanup(translation.deactivate)
        self.d.tomas.language = "es"
        self.d.tomas.save(update_fields=["language"])
        self.client.force_login(self.d.tomas)

    def test_the_item_bank(self) -> None:
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s1.pk]))
        for spanish in [
            "7.RP.A.1 · preguntas y versiones",
            "← Mapa",
            "Editar estándar",
            "<h2>Versiones</h2>",
            "Versión A · 4 preguntas · dominio con 80 %",
            "Armar la versión C",
            "<strong>Preguntas de la versión</strong> (en el orden del banco)",
            "Umbral de dominio (%)",
            "Crear la versión C",
            "Banco de preguntas (8)",
            "Escribir una pregunta",
            "Opción única · 1 punto",
            "Opción múltiple (marca todas las que correspondan)",
            "Respuesta numérica",
            "Respuesta corta",
            "✓ correcta",
            "Respuesta:",
            "Aceptadas:",
        ]:
            self.assertContains(r, spanish)
        # The school's words are marked, so a check for untranslated words skips them.
        self.assertContains(r, "<span data-content>I can find unit rates</span>")
        self.assertContains(r, '<div class="stem" data-content><p>What is 3 × 4?</p>')
        self.assertContains(r, '<span class="key" data-content>three quarters</span>')
        # The form builder shows items rendered (their Markdown never raw), in content blocks.
        self.assertContains(r, "Pick <strong>Right</strong>.")
        self.assertNotContains(r, "**Right**")
        for english in [
            "items and forms",
            "Edit standard",
            "Form A",
            "mastery at",
            "Make form",
            "Items on the form",
            "Item bank",
            "Write an item",
            "Single choice",
            "Numeric answer",
            "✓ correct<",
            "Accepted:",
        ]:
            self.assertNotContains(r, english)

    def test_the_bank_asks_for_a_second_form_in_spanish(self) -> None:
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s2.pk]))
        self.assertContains(
            r,
            "<strong>Este estándar tiene 0 versiones con preguntas; necesita al menos dos</strong>",
        )
        self.assertContains(r, "Todavía no hay versiones.")
        self.assertContains(r, "Todavía no hay preguntas.")
        self.assertContains(r, "Primero escribe preguntas")
        self.assertNotContains(r, "This standard has")

    def test_the_item_form(self) -> None:
        r = self.client.get(reverse("assessments:item-create", args=[self.d.s2.pk]))
        for spanish in [
            "Nueva pregunta",
            "Preguntas y versiones de <span data-content>7.RP.A.2</span>",
            "Nueva pregunta de",
            "<strong>Tipo</strong>",
            "Opción única",
            "Pregunta",
            "Markdown: puedes usar **negrita**",
            "Puntos",
            "Opciones",
            "Opción 1",
            "Correcta",
            "Idea equivocada si la eligen",
            "Respuesta (preguntas numéricas)",
            "Tolerancia",
            "Respuestas aceptadas (preguntas de respuesta corta)",
            "Retroalimentación",
            "Agregar al banco",
        ]:
            self.assertContains(r, spanish)
        for english in [
            "New item",
            "Choice 1",
            "Misconception",
            "Tolerance",
            "Feedback",
            "Add to bank",
            "Tick the correct",
        ]:
            self.assertNotContains(r, english)
        item = self.d.s1_items[0]
        r = self.client.get(reverse("assessments:item-edit", args=[item.pk]))
        self.assertContains(r, f"Editar la pregunta #{item.pk} de")
        self.assertContains(r, "Guardar pregunta")

    def test_refusals_and_messages_are_in_spanish(self) -> None:
        url = reverse("assessments:item-create", args=[self.d.s2.pk])
        data = {"kind": "numeric", "stem": "¿Cuánto es 2 + 2?", "points": 1, "tolerance": 0}
        r = self.client.post(url, data)
        self.assertContains(r, "Una pregunta numérica necesita su respuesta.")
        r = self.client.post(url, data | {"numeric_answer": "4"}, follow=True)
        self.assertContains(r, "Pregunta agregada al banco.")
        item = Item.objects.get(standard=self.d.s2)
        form_url = reverse("assessments:form-create", args=[self.d.s2.pk])
        r = self.client.post(form_url, {"threshold": 80}, follow=True)
        self.assertContains(r, "Marca las preguntas de la versión y pon un umbral de 1 a 100.")
        r = self.client.post(form_url, {"items": [item.pk], "threshold": 80}, follow=True)
        self.assertContains(r, "Versión A creada.")
        self.assertNotContains(r, "Form A created.")

    def test_action_refusals_are_in_the_readers_language(self) -> None:
        with (
            translation.override("es"),
            self.assertRaisesMessage(ActionError, "Elige al menos una pregunta para la versión."),
        ):
            actions.create_form(standard=self.d.s2, item_ids=[])
        with (
            translation.override("en"),
            self.assertRaisesMessage(ActionError, "Pick at least one item for the form."),
        ):
            actions.create_form(standard=self.d.s2, item_ids=[])


class SpanishReviewTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.addCleanup(translation.deactivate)
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        answers = self.answers_for(right=False)
        answers[self.d.s1_items[1].pk] = []  # the numeric question left blank
        answers[self.d.s1_items[3].pk] = ["three halves"]
        self.attempt = submit_attempt(attempt=attempt, answers=answers)
        self.url = reverse("workflows:attempt", args=[self.attempt.pk])

    def test_the_review_in_spanish(self) -> None:
        self.d.ana.language = "es"
        self.d.ana.save(update_fields=["language"])
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url)
        for spanish in [
            "Pregunta 1",
            "✗ Incorrecta",
            "✗ En blanco",
            "<strong>Elegiste:</strong>",
            "<strong>(correcta)</strong>",
            "Por qué esta opción confunde: Misread",
            "Tu respuesta:",
            "respuesta correcta:",
            '<strong class="key" data-content>three quarters o three fourths</strong>',
            '<strong class="key" data-content>three halves</strong>',
            '<strong class="key">(en blanco)</strong>',
        ]:
            self.assertContains(r, spanish)
        self.assertContains(r, '<div class="feedback" data-content><p>SECRET-FEEDBACK-single')
        self.assertContains(r, '<div class="stem" data-content><p>What is 3 × 4?</p>')
        for english in [
            "Question 1",
            "Not right",
            "✗ Blank",
            "Your choice:",
            "(correct)",
            "Why this is tempting",
            "Your answer:",
            "correct answer:",
            "three quarters or three fourths",
            "(blank)",
        ]:
            self.assertNotContains(r, english)

    def test_the_review_in_english_is_unchanged(self) -> None:
        self.client.force_login(self.d.ana)
        r = self.client.get(self.url)
        for english in [
            "Question 1 · ",
            "✗ Not right",
            "✗ Blank",
            "<strong>Your choice:</strong>",
            "<strong>(correct)</strong>",
            "Why this is tempting: Misread",
            "Your answer: ",
            " · correct answer: ",
            "three quarters or three fourths",
            '<strong class="key">(blank)</strong>',
        ]:
            self.assertContains(r, english)

    def test_the_key_joins_its_pieces_in_the_readers_language(self) -> None:
        text_item = Item.objects.prefetch_related("choices").get(pk=self.d.s1_items[3].pk)
        multiple = Item.objects.prefetch_related("choices").get(pk=self.d.s1_items[2].pk)
        with translation.override("es"):
            self.assertEqual(key_parts(text_item).text(), "three quarters o three fourths")
            self.assertEqual(key_parts(multiple).text(), "B y C")
        self.assertEqual(key_parts(multiple).text(), "B and C")


class EnglishTeacherPagesTests(BaseTestCase):
    def test_the_item_bank_and_form_read_as_before(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s1.pk]))
        for english in [
            "7.RP.A.1 · items and forms",
            "← Map",
            "Edit standard",
            "Form A · 4 items · mastery at 80 %",
            "Make form C",
            "<strong>Items on the form</strong> (in bank order)",
            "Create form C",
            "Item bank (8)",
            "Single choice · 1 pt",
            "✓ correct",
            "Answer: ",
            "Accepted: ",
        ]:
            self.assertContains(r, english)
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s2.pk]))
        self.assertContains(
            r,
            "<strong>This standard has 0 forms with items; it needs at least two</strong>, so a "
            "student who misses mastery can retake a different one.",
        )
        r = self.client.get(reverse("assessments:item-create", args=[self.d.s2.pk]))
        for english in ["New item on", "<strong>Type</strong>", "Choice 1", "> Correct</label>"]:
            self.assertContains(r, english)
        self.assertContains(r, "Misconception if chosen")
