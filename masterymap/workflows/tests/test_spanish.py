"""The workflows' pages in Spanish: the answer sheet and its result, the class list, the
teacher station (its live summary and warnings included) and the correction page; and the
same pages in English, unchanged.

Who reads them: the student who sits the form (answer sheet, result), the class's teachers
(station, correction, in-progress view). The language is the reader's own (`User.language`).
Level and status labels come from the mastery app's scale and are only passed through here,
so these tests never depend on their Spanish.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import User
from masterymap.assessments.actions import create_item
from masterymap.assessments.models import Attempt
from masterymap.evidence.models import Evidence
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence, start_attempt, submit_attempt
from masterymap.workflows.tests.test_station import StationTestCase


def spanish(*users: User) -> None:
    for user in users:
        user.language = "es"
        user.save(update_fields=["language"])


def embedded(response: HttpResponse, script_id: str) -> list:
    """A `json_script` table the page hands its script, parsed as the browser would."""
    found = re.findall(
        rf'<script id="{script_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert len(found) == 1, f"expected one {script_id}, found {len(found)}"
    return json.loads(found[0])


class AttemptPagesInSpanishTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()
        spanish(self.d.ana, self.d.tomas)

    def start(self) -> Attempt:
        self.client.force_login(self.d.ana)
        self.client.post(reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk]))
        return Attempt.objects.get(student=self.d.ana, submitted_at__isnull=True)

    def test_the_answer_sheet_and_autosave_speak_spanish(self) -> None:
        attempt = self.start()
        r = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
        self.assertContains(r, '<html lang="es">')
        for text in (
            "<title>Versión A de 7.RP.A.1 ·",
            "· versión A</h1>",
            "Tus respuestas se guardan mientras avanzas",
            "necesitas 80 % para dominar este estándar.",
            "Pregunta 1",
            "Marca todas las que correspondan.",
            "Tu respuesta (un número)",
            "Las respuestas se guardan automáticamente.",
            "Entregar mis respuestas",
            # What attempt.js shows offline or while submitting comes from the page.
            'data-offline="Sin conexión: tus respuestas se guardan en este dispositivo',
            'data-save-failed="No se pudo guardar en el servidor;',
            'data-submitting="Entregando…"',
            "<span data-content>I can find unit rates</span>.",
            '<div class="stem" data-content>',
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
        for english in (
            "Question 1",
            "Submit my answers",
            "Answers save automatically.",
            "Your answer",
            "Select all that apply.",
            "Offline:",
            "Submitting",
        ):
            with self.subTest(english=english):
                self.assertNotContains(r, english)
        single = self.d.s1_items[0]
        saved = self.client.post(
            reverse("workflows:attempt-autosave", args=[attempt.pk]),
            {f"shown-{single.pk}": "1", f"item-{single.pk}": ""},
        )
        self.assertContains(saved, "✓ Todas las respuestas se guardaron a las")
        self.assertNotContains(saved, "saved at")

    def test_the_result_page_speaks_spanish(self) -> None:
        attempt = self.start()
        self.client.post(
            reverse("workflows:attempt-submit", args=[attempt.pk]),
            self.post_data(self.answers_for(right=True)),
        )
        r = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
        for text in (
            "<title>Resultado · versión A de 7.RP.A.1 ·",
            "4/4 · 100 %",
            "<strong>¡",  # the verdict: "¡Dominado!", the label from the mastery scale
            "Se alcanzó el 80 % que pide esta versión.",
            "Tu mapa y tu registro ya están actualizados.",
            "Volver a mi mapa",
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
        for english in ("This form", "Your map and tracker", "Back to my map"):
            with self.subTest(english=english):
                self.assertNotContains(r, english)
        # The teacher sees who submitted it and when, in Spanish too.
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
        self.assertContains(r, "<span data-content>Ana A</span> · entregado el ")
        self.assertNotContains(r, "· submitted")

    def test_a_retake_result_and_the_in_progress_view(self) -> None:
        first = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=first, answers=self.answers_for(right=False))
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:attempt", args=[first.pk]))
        self.assertContains(r, "Esta versión pide 80 %.")
        self.assertContains(r, "Revisa abajo lo que no te salió bien")
        second = start_attempt(student=self.d.ana, standard=self.d.s1)
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("workflows:attempt", args=[second.pk]))
        self.assertContains(r, "<title>En progreso · 7.RP.A.1 ·")
        self.assertContains(r, "<span data-content>Ana A</span> empezó esta versión el ")
        self.assertContains(r, "todavía no la entrega.")
        self.assertNotContains(r, "has not submitted")

    def test_im_ready_refusals_speak_spanish(self) -> None:
        for _ in range(2):
            attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
            submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        self.client.force_login(self.d.ana)
        r = self.client.post(
            reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk]), follow=True
        )
        self.assertContains(r, "Ya hiciste todas las versiones de 7.RP.A.1.")
        self.assertContains(r, "Habla con tu docente")
        self.assertNotContains(r, "You have taken every form for 7.RP.A.1")


class ClassListInSpanishTests(BaseTestCase):
    def test_a_teacher_lists_and_creates_classes_in_spanish(self) -> None:
        spanish(self.d.tomas)
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("workflows:classroom-list"))
        for text in (
            "<title>Clases ·",
            "Tus clases",
            "Abre una clase para ver su cuadrícula",
            'código de la clase <strong class="key">',
            "Cuadrícula de la clase",
            "Crear una clase",
            "Nombre de la clase",
            "Por ejemplo, «7A Matemáticas».",
            "Mapa de dominio",
            "Crear clase",
            "<span data-content>Grade 7</span> · código de la clase",
            "data-content>7A</a></h2>",
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
        self.assertRegex(r.content.decode(), r'<option value="\d+" data-content>Grade 7</option>')
        for english in ("Your classes", "Create a class", "Class name", "class code"):
            with self.subTest(english=english):
                self.assertNotContains(r, english)
        r = self.client.post(
            reverse("workflows:classroom-list"),
            {"name": "7C", "mastery_map": self.d.grade7.pk},
            follow=True,
        )
        self.assertContains(
            r, "Se creó la clase «<span data-content>7C</span>». Ahora agrega estudiantes."
        )

    def test_a_student_picks_among_their_classes_in_spanish(self) -> None:
        spanish(self.d.ana)
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:classroom-list"))
        self.assertContains(r, "Mis clases")
        self.assertContains(r, "Elige una clase para ver su mapa de dominio.")
        self.assertContains(r, "<strong data-content>7A</strong>")
        self.assertNotContains(r, "My classes")


class StationInSpanishTests(StationTestCase):
    def setUp(self) -> None:
        super().setUp()
        spanish(self.d.tomas)
        for k in range(5):  # bank-only items: Ana meets none of them on a form
            create_item(
                standard=self.d.s1, kind="numeric", stem=f"What is {k} + 1?", numeric_answer=k + 1
            )

    def station(self, **query) -> HttpResponse:
        self.client.force_login(self.d.tomas)
        return self.client.get(self.station_url(), query)

    def test_the_station_page_speaks_spanish(self) -> None:
        r = self.station(student=self.d.ana.pk, standard=self.d.s1.pk, n=5)
        for text in (
            "<title>Estación · 7A ·",
            "← Cuadrícula de <span data-content>7A</span>",
            "Estación · <span data-content>7A</span>",
            "Revisiones individuales («vence al jefe»)",
            "Revisión individual",
            'placeholder="Escribe un nombre y presiona Enter"',
            "Cargar preguntas",
            "Teclado: escribe un nombre",
            'Pregunta 1 <span class="muted">· solo en el banco</span>',
            'Clave de respuestas: <strong class="key"><span data-content>1</span></strong>',
            "Correcta <kbd>y</kbd>",
            "Incorrecta <kbd>n</kbd>",
            "Fecha de evaluación",
            'Nota <span class="muted">(opcional)</span>',
            "Archivos adjuntos",
            "Registrar revisión <kbd>Enter</kbd>",
            "Otra evidencia",
            "— elige un estudiante —",
            "— elige un estándar —",
            "— elige un tipo —",
            "Tipo de evidencia",
            "Nivel en la escala",
            "Fotos, PDF, audio o video; hasta 5 archivos.",
            "Lo que viste o escuchaste.",
            "Registrar evidencia",
            "0 de 5 marcadas",
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
        for english in (
            "One-on-one check<",
            "Load questions",
            "Keyboard:",
            "Question 1",
            "bank only",
            "Answer key",
            "Date assessed",
            "Attachments",
            "Record check",
            "Other evidence",
            "pick a student",
            "Kind of evidence",
            "Level on the scale",
            "Record evidence",
            "marked",
        ):
            with self.subTest(english=english):
                self.assertNotContains(r, english)

    def test_the_live_summary_and_the_warnings_are_spanish(self) -> None:
        r = self.station(student=self.d.ana.pk, standard=self.d.s1.pk, n=5)
        table = embedded(r, "station-summaries")
        self.assertEqual(table[0][0], "0 de 5 marcadas")
        # The level's label is the scale's (the mastery app's words): only passed through.
        self.assertTrue(table[5][3].startswith("3 correctas de 5 · 60 % · nivel 2 "))
        self.assertTrue(table[3][1].startswith("1 correcta de 3 · 33,3 % · nivel 1 "))
        self.assertTrue(table[3][2].startswith("2 correctas de 3 · 66,7 % · nivel 2 "))
        self.assertTrue(table[3][2].endswith(" · 2 sin marcar"))
        warnings = embedded(r, "station-warnings")
        self.assertEqual(len(warnings), 6)
        self.assertEqual(warnings[0], "")
        self.assertEqual(warnings[5], "Marca al menos una pregunta: y correcta, n incorrecta.")
        self.assertEqual(
            warnings[1],
            "1 sin marcar. Presiona Enter otra vez para registrar solo las marcadas (4), "
            "o márcala.",
        )
        self.assertTrue(warnings[2].startswith("2 sin marcar.") and warnings[2].endswith("s."))

    def test_an_ambiguous_or_unknown_name_asks_in_spanish(self) -> None:
        r = self.station(who="n", what="7.RP.A.1")
        self.assertContains(
            r, "«<span data-content>n</span>» coincide con 2 estudiantes. ¿Cuál es?"
        )
        r = self.station(who="zoe", what="7.RP.A.1")
        self.assertContains(
            r,
            "Ningún estudiante de <span data-content>7A</span> coincide con "
            "«<span data-content>zoe</span>».",
        )
        r = self.station(student=self.d.ana.pk)
        self.assertContains(r, "Ahora elige un estándar para <span data-content>Ana A</span>.")

    def test_recording_a_check_confirms_in_spanish(self) -> None:
        r = self.post_check(["right", "right", "wrong", "right", "right"], note="Bien.")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "✓ Registrado: ")
        self.assertContains(r, "· <strong data-content>Ana A</strong> en")
        self.assertContains(r, "80 % → nivel 3 ")
        self.assertContains(r, "<span data-content>Ana A</span> ahora está en")
        self.assertContains(r, "Toda la evidencia de <span data-content>7.RP.A.1</span> (1)")
        self.assertContains(r, "Siguiente estudiante: escribe su nombre.")
        self.assertNotContains(r, "Recorded:")
        self.assertEqual(Evidence.objects.get().note, "4 correctas de 5. Bien.")
        # Without JavaScript: a flash message on the station page.
        r = self.post_check(["right", "wrong"], htmx=False)
        page = self.client.get(r["Location"])
        self.assertContains(
            page,
            "Registrado: " + Evidence.objects.latest("id").get_kind_display() + " · "
            "<span data-content>Ana A</span> en <span data-content>7.RP.A.1</span>. "
            "Nivel actual: ",
        )

    def test_refusals_speak_spanish(self) -> None:
        r = self.post_check(["", "", ""])
        self.assertContains(
            r, "Marca al menos una pregunta como correcta o incorrecta.", status_code=422
        )
        r = self.post_evidence(**{"ev-kind": "", "ev-assessed_on": "2026-13-45"})
        self.assertContains(r, "Elige qué tipo de evidencia es.", status_code=422)
        self.assertContains(r, "Escribe una fecha como 2026-03-14.", status_code=422)
        r = self.post_evidence(**{"ev-student": ""})
        self.assertContains(r, "Elige un estudiante.", status_code=422)

    def test_a_standard_with_nothing_to_ask(self) -> None:
        r = self.station(student=self.d.ana.pk, standard=self.d.s2.pk)
        self.assertContains(r, "Haz tus propias preguntas y márcalas aquí.")
        self.assertContains(r, "· tu propia pregunta</span>")
        self.assertNotContains(r, "your own question")


class CorrectionInSpanishTests(BaseTestCase):
    def test_the_correction_page_and_its_message_speak_spanish(self) -> None:
        spanish(self.d.tomas)
        evidence = record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind="one_on_one",
            level=3,
            assessed_on=timezone.localdate() - timedelta(days=5),
            note="Solved all three",
        )
        url = reverse("workflows:correct", args=[evidence.pk]) + f"?classroom={self.d.c7a.pk}"
        self.client.force_login(self.d.tomas)
        r = self.client.get(url)
        for text in (
            "<title>Corregir evidencia · Ana A · 7.RP.A.1 ·",
            "← <span data-content>Ana A</span> en <span data-content>7.RP.A.1</span>",
            "Corregir evidencia: <span data-content>Ana A</span> en",
            "Una corrección es un registro nuevo",
            "El registro",
            "<dt>Tipo</dt>",
            "<dt>Nivel</dt>",
            "<dt>Fecha de evaluación</dt>",
            "por <span data-content>Tomás</span>",
            "<dd data-content>Solved all three</dd>",
            "La corrección",
            "Nivel corregido",
            "Motivo de la corrección",
            "Obligatorio. El estudiante puede leerlo junto con su evidencia.",
            "Guardar la corrección",
            "Cancelar",
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
        for english in ("Correct evidence", "The record", "Save the correction", "Cancel<"):
            with self.subTest(english=english):
                self.assertNotContains(r, english)
        r = self.client.post(
            url,
            {"level": "2", "assessed_on": evidence.assessed_on.isoformat(), "note": "Copiado"},
            follow=True,
        )
        self.assertContains(
            r,
            " de <span data-content>Ana A</span> en <span data-content>7.RP.A.1</span> ahora "
            "tiene nivel 2.",
        )
        self.assertContains(r, "Corregido: ")


class EnglishIsUnchangedTests(StationTestCase):
    """The English pages keep their words: the English is the message id."""

    def test_the_english_pages_keep_their_words(self) -> None:
        for k in range(3):
            create_item(
                standard=self.d.s1, kind="numeric", stem=f"What is {k} + 1?", numeric_answer=k + 1
            )
        self.client.force_login(self.d.tomas)
        r = self.client.get(
            self.station_url(), {"student": self.d.ana.pk, "standard": self.d.s1.pk, "n": 1}
        )
        for text in (
            '<html lang="en">',
            "<title>Station · 7A ·",
            "One-on-one checks (“battle the boss”) and every other kind of evidence",
            "Keyboard: type a name, <kbd>Enter</kbd>, a standard, <kbd>Enter</kbd>.",
            'Question 1 <span class="muted">· bank only</span>',
            "Right <kbd>y</kbd>",
            "Wrong <kbd>n</kbd>",
            "Record check <kbd>Enter</kbd>",
            "0 of 1 marked",
            "Photos, PDFs, audio or video; up to 5 files.",
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
        self.assertEqual(
            embedded(r, "station-summaries")[1][1], "1 of 1 right · 100 % · level 4 Exceeds"
        )
        self.assertEqual(
            embedded(r, "station-warnings"), ["", "Mark at least one question: y right, n wrong."]
        )
        r = self.client.get(
            self.station_url(), {"student": self.d.ana.pk, "standard": self.d.s1.pk, "n": 3}
        )
        self.assertEqual(
            embedded(r, "station-warnings")[1],
            "1 not marked. Press Enter again to record only the 2 marked, or mark them.",
        )
        self.assertEqual(
            embedded(r, "station-summaries")[2][1],
            "1 of 2 right · 50 % · level 2 Approaching · 1 not marked",
        )
        self.client.force_login(self.d.ana)
        self.client.post(reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk]))
        attempt = Attempt.objects.get(student=self.d.ana)
        r = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
        for text in (
            "Press <strong>Submit</strong> when you are done; you need 80 % to master this",
            "Submit my answers",
            'data-submitting="Submitting…"',
            "Answers save automatically.",
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
