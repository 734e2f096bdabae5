"""The evidence list, the kinds of evidence and the refusals in Spanish; the English
unchanged."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from masterymap.evidence.actions import add_evidence
from masterymap.evidence.models import Evidence
from masterymap.lib.errors import ActionError
from masterymap.lib.uploads import UploadError, check_upload
from masterymap.mastery.queries.evidence import evidence_for_cell
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import (
    correct_evidence,
    record_evidence,
    start_attempt,
    submit_attempt,
)
from masterymap.workflows.tests.test_station import PrivateMedia, wav_upload

SPANISH_MONTHS = [
    "Ene",
    "Feb",
    "Mar",
    "Abr",
    "May",
    "Jun",
    "Jul",
    "Ago",
    "Sep",
    "Oct",
    "Nov",
    "Dic",
]
ENGLISH_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


class EvidenceListTestCase(PrivateMedia, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # A request leaves its language active in this thread: back to English afterwards.
        self.addCleanup(translation.deactivate)
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        with translation.override(None):
            submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        day = timezone.localdate() - timedelta(days=3)
        self.product = record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=Evidence.Kind.PRODUCT,
            level=2,
            assessed_on=day,
            note="Poster draft",
            files=[wav_upload("Ana's retelling.wav")],
        )
        correct_evidence(
            evidence=self.product,
            recorded_by=self.d.tomas,
            level=3,
            assessed_on=day,
            note="Wrong rubric.",
        )

    def render_list(self, language: str) -> str:
        with translation.override(language):
            rows = evidence_for_cell(student=self.d.ana, standard=self.d.s1)
            return render_to_string(
                "evidence/evidence_list.html#evidence-list",
                {"evidence_rows": rows, "can_correct": True},
            )


class SpanishEvidenceListTests(EvidenceListTestCase):
    def test_the_list_in_spanish(self) -> None:
        html = self.render_list("es")
        for spanish in [
            '<strong class="evidence-kind">Producto</strong>',
            '<strong class="evidence-kind">Intento de evaluación</strong>',
            "nivel 2",
            "corregido el",
            '<span class="badge evidence-correction">corrección</span>',
            'Corregir este registro<span class="sr-only">: ',
            "Registrado por Tomás",
        ]:
            self.assertIn(spanish, html)
        for english in [
            "Product<",
            "Assessment attempt",
            "level 2",
            "corrected on",
            ">correction<",
            "this record",
            "Recorded by",
        ]:
            self.assertNotIn(english, html)
        # The school's words (notes, names, file names) are marked as content.
        self.assertIn('<div data-content><p class="evidence-note">Poster draft</p></div>', html)
        self.assertIn('<p class="evidence-meta muted" data-content>Registrado por Tomás</p>', html)
        self.assertIn('aria-label="Ana&#x27;s retelling.wav" data-content>', html)
        self.assertIn("<span data-content><a href=", html)

    def test_dates_use_spanish_month_names(self) -> None:
        day = timezone.localdate() - timedelta(days=3)
        spanish = SPANISH_MONTHS[day.month - 1]
        english = ENGLISH_MONTHS[day.month - 1]
        self.assertIn(f">{day.day} {spanish} {day.year}</time>", self.render_list("es"))
        self.assertIn(f">{day.day} {english} {day.year}</time>", self.render_list("en"))

    def test_an_empty_list_in_spanish(self) -> None:
        with translation.override("es"):
            html = render_to_string(
                "evidence/evidence_list.html#evidence-list", {"evidence_rows": []}
            )
        self.assertIn("Todavía no hay evidencia.", html)
        self.assertNotIn("No evidence yet.", html)

    def test_the_show_the_math_page_lists_evidence_in_spanish(self) -> None:
        self.d.tomas.language = "es"
        self.d.tomas.save(update_fields=["language"])
        self.client.force_login(self.d.tomas)
        url = reverse("mastery:cell", args=[self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk])
        r = self.client.get(url)
        self.assertContains(r, '<strong class="evidence-kind">Producto</strong>')
        self.assertContains(r, "Registrado por Tomás")
        self.assertContains(r, 'Corregir este registro<span class="sr-only">: ')
        self.assertNotContains(r, "Recorded by")


class EnglishEvidenceListTests(EvidenceListTestCase):
    def test_the_list_in_english_is_unchanged(self) -> None:
        html = self.render_list("en")
        for english in [
            '<s><strong class="evidence-kind">Product</strong>',
            '<strong class="evidence-kind">Assessment attempt</strong>',
            "level 2 Approaching",
            "corrected on",
            '<span class="badge evidence-correction">correction</span>',
            'Correct this record<span class="sr-only">: ',
            "Recorded by Tomás",
            "Form A: 4/4",
        ]:
            self.assertIn(english, html)

    def test_each_correct_link_is_named_for_its_own_row(self) -> None:
        html = self.render_list("en")
        names = re.findall(r'class="evidence-correct"[^>]*>(.*?)</a>', html)
        self.assertGreaterEqual(len(names), 2)
        names = [re.sub(r"<[^>]+>", "", name) for name in names]
        self.assertEqual(len(set(names)), len(names), names)
        for name in names:
            self.assertRegex(name, r"^Correct this record: .+, level \d+, \d+ \w+ \d{4}$")


class SpanishWordsTests(BaseTestCase):
    def test_the_kinds_of_evidence(self) -> None:
        with translation.override("es"):
            labels = dict(Evidence.Kind.choices)
            self.assertEqual(str(labels["one_on_one"]), "Revisión individual («vence al jefe»)")
            self.assertEqual(str(labels["mini_lesson"]), "Minilección")
            self.assertEqual(str(labels["conference"]), "Conferencia (EL)")
        self.assertEqual(str(labels["one_on_one"]), "One-on-one check (battle the boss)")

    def test_an_attempt_note_is_written_in_the_students_language(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        with translation.override("es"):
            submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        self.assertEqual(Evidence.objects.get(attempt=attempt).note, "Versión A: 0/4")

    def test_upload_refusals(self) -> None:
        empty = SimpleUploadedFile("nada.wav", b"", content_type="audio/wav")
        page = SimpleUploadedFile("page.html", b"<html><script></script></html>")
        big = wav_upload("grande.wav", frames=4000)
        with translation.override("es"):
            for upload, message in [
                (empty, "“nada.wav” está vacío."),
                (page, "“page.html” no es una foto, un PDF, un audio ni un video"),
                (big, "“grande.wav” pesa más de 1,5 KB."),
            ]:
                with self.subTest(message=message), self.assertRaisesMessage(UploadError, message):
                    check_upload(upload, max_bytes=1536)
        with self.assertRaisesMessage(UploadError, "“grande.wav” is larger than 1.5 KB."):
            check_upload(big, max_bytes=1536)

    def test_refusals_of_new_evidence(self) -> None:
        fields = {
            "recorded_by": self.d.tomas,
            "classroom": self.d.c7a,
            "student": self.d.ana,
            "standard": self.d.s1,
            "kind": Evidence.Kind.PRODUCT,
            "level": 7,
            "level_range": (0.5, 4.0),
            "assessed_on": timezone.localdate(),
            "at": timezone.now(),
        }
        rows = [
            ({}, "El nivel tiene que estar entre 0,5 y 4.", "The level must be from 0.5 to 4."),
            (
                {"level": 2, "kind": "nonsense"},
                "Elige qué tipo de evidencia es.",
                "Pick what kind of evidence this is.",
            ),
            (
                {"level": 2, "student": self.d.cara},
                "Ese estudiante no está en esta clase.",
                "That student is not in this class.",
            ),
        ]
        for changes, spanish, english in rows:
            with self.subTest(english):
                with translation.override("es"), self.assertRaisesMessage(ActionError, spanish):
                    add_evidence(**(fields | changes))
                with self.assertRaisesMessage(ActionError, english):
                    add_evidence(**(fields | changes))
