"""evidence_for_cell and the evidence-list partial other pages include; the station's pure
helpers (typed-name picking, the live summary)."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from unittest import TestCase

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.evidence.models import Evidence
from masterymap.mastery.queries.evidence import evidence_for_cell
from masterymap.mastery.scale import DEFAULT_SCALE
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import (
    correct_evidence,
    record_check,
    record_evidence,
    start_attempt,
    submit_attempt,
)
from masterymap.workflows.queries import StationOption, check_summary, resolve_pick
from masterymap.workflows.tests.test_station import PrivateMedia, wav_upload


def png_bytes() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


class EvidenceForCellTests(PrivateMedia, BaseTestCase):
    def record(self, kind: str, level: float, days_ago: int, files=(), note: str = "") -> Evidence:
        return record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind=kind,
            level=level,
            assessed_on=timezone.localdate() - timedelta(days=days_ago),
            files=files,
            note=note,
        )

    def test_rows_come_in_assessed_order_with_superseded_ones_flagged(self) -> None:
        late = self.record(Evidence.Kind.PRODUCT, 2, days_ago=1)
        early = self.record(Evidence.Kind.MINI_LESSON, 3, days_ago=5)
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        fixed = correct_evidence(
            evidence=late,
            recorded_by=self.d.tomas,
            level=3,
            assessed_on=late.assessed_on,
            note="Scored against the wrong rubric.",
        )
        self.record(Evidence.Kind.CONFERENCE, 1, days_ago=0)  # Ben's would not show
        rows = evidence_for_cell(student=self.d.ana, standard=self.d.s1)
        self.assertEqual(
            [(r.id, r.kind, r.superseded, r.is_correction) for r in rows],
            [
                (early.pk, "mini_lesson", False, False),
                (late.pk, "product", True, False),
                (fixed.pk, "product", False, True),
                (attempt.evidence.pk, "assessment", False, False),
                (rows[4].id, "conference", False, False),
            ],
        )
        old = rows[1]
        self.assertEqual(old.corrected_on, timezone.localdate())
        self.assertEqual((old.level_text, old.level_label), ("2", "Approaching"))
        self.assertEqual(rows[3].raw_score_text, "100 %")
        self.assertEqual(rows[3].recorded_by, "Ana A")
        self.assertEqual(rows[0].recorded_by, "Tomás")
        self.assertEqual(evidence_for_cell(student=self.d.ben, standard=self.d.s1), [])

    def test_a_fixed_number_of_queries_whatever_the_records_and_files(self) -> None:
        self.record(Evidence.Kind.PRODUCT, 2, days_ago=1, files=[wav_upload()])
        with CaptureQueriesContext(connection) as few:
            evidence_for_cell(student=self.d.ana, standard=self.d.s1, scale=DEFAULT_SCALE)
        for days in range(4):
            self.record(Evidence.Kind.PRODUCT, 3, days_ago=days, files=[wav_upload(), wav_upload()])
        with CaptureQueriesContext(connection) as many:
            rows = evidence_for_cell(student=self.d.ana, standard=self.d.s1, scale=DEFAULT_SCALE)
        self.assertEqual(len(rows), 5)
        self.assertEqual(len(many), len(few))
        self.assertLessEqual(len(many), 2)

    def test_the_partial_shows_players_thumbnails_links_and_corrections(self) -> None:
        photo = SimpleUploadedFile("poster.png", png_bytes(), content_type="image/png")
        product = self.record(
            Evidence.Kind.PRODUCT, 2, days_ago=2, files=[photo], note="Poster <b>draft</b>"
        )
        conference = self.record(Evidence.Kind.CONFERENCE, 3, days_ago=1, files=[wav_upload()])
        correct_evidence(
            evidence=product,
            recorded_by=self.d.tomas,
            level=3,
            assessed_on=product.assessed_on,
            note="Re-read it.",
        )
        record_check(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            marks=[True, True, False, True, True],
            assessed_on=timezone.localdate(),
        )
        rows = evidence_for_cell(student=self.d.ana, standard=self.d.s1)
        html = render_to_string(
            "evidence/evidence_list.html#evidence-list", {"evidence_rows": rows}
        )
        image = product.attachments.get()
        audio = conference.attachments.get()
        image_url = reverse("evidence:attachment", args=[image.pk])
        audio_url = reverse("evidence:attachment", args=[audio.pk])
        self.assertIn(f'<img class="evidence-thumb" src="{image_url}" alt="poster.png"', html)
        self.assertIn(f'<audio controls preload="none" src="{audio_url}"', html)
        self.assertIn(f'<a href="{audio_url}">retelling.wav</a>', html)
        self.assertIn("corrected on", html)
        self.assertIn('class="evidence-row superseded"', html)
        self.assertIn('<s><strong class="evidence-kind">Product</strong>', html)
        self.assertIn("Poster &lt;b&gt;draft&lt;/b&gt;", html)  # notes are escaped
        self.assertIn("One-on-one check (battle the boss)", html)
        self.assertIn("level 3 Mastered", html)
        self.assertIn("80 %", html)
        self.assertIn("Recorded by Tomás", html)
        self.assertNotIn("{%", html)

    def test_an_empty_list_says_so(self) -> None:
        html = render_to_string("evidence/evidence_list.html#evidence-list", {"evidence_rows": []})
        self.assertIn("No evidence yet.", html)


class ResolvePickTests(TestCase):
    options = [
        StationOption(1, "Ana Alvarez", "ana.alvarez"),
        StationOption(2, "Anabel Ortiz", "anabel.ortiz"),
        StationOption(3, "Ben Brown", "ben.brown"),
        StationOption(4, "7.RP.A.1", "I can find unit rates"),
        StationOption(5, "7.RP.A.10", "I can compare ratios"),
    ]

    def test_each_rule(self) -> None:
        for text, chosen, candidates in (
            ("", None, []),
            ("ben", 3, [3]),  # one substring match
            ("BEN   brown", 3, [3]),  # case and spacing ignored
            ("ana", None, [1, 2]),  # two match: ask
            ("ana alvarez", 1, [1]),  # exact name
            ("anabel.ortiz", 2, [2]),  # exact username
            ("7.rp.a.1", 4, [4]),  # an exact code beats the longer code that contains it
            ("unit rates", 4, [4]),  # the "I can" statement
            ("zoe", None, []),
        ):
            with self.subTest(text=text):
                found = resolve_pick(self.options, text)
                self.assertEqual(found.chosen, chosen)
                self.assertEqual([o.id for o in found.candidates], candidates)


class CheckSummaryTests(TestCase):
    def test_each_rule(self) -> None:
        for marks, total, text in (
            ([], 5, "0 of 5 marked"),
            ([True, True, True, False, False], 5, "3 of 5 right · 60 % · level 2 Approaching"),
            ([True] * 4 + [False], 5, "4 of 5 right · 80 % · level 3 Mastered"),
            ([True, False, True], 5, "2 of 3 right · 66.7 % · level 2 Approaching · 2 not marked"),
            ([True] * 5, 5, "5 of 5 right · 100 % · level 4 Exceeds"),
        ):
            with self.subTest(marks=marks):
                self.assertEqual(check_summary(marks, total, DEFAULT_SCALE), text)
