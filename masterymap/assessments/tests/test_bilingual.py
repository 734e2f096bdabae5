"""Bilingual items: the stale-translation rule (a table), the item actions that date the
original and the translation, the side-by-side editor, and the answer sheet and result page
of an item a student can switch to Spanish (same inputs, same score, no key before submit)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from unittest import TestCase

from django.urls import reverse

from masterymap.assessments import actions
from masterymap.assessments.actions import ChoiceInput, TranslationInput
from masterymap.assessments.models import Attempt, Item
from masterymap.assessments.queries import answer_sheet
from masterymap.assessments.translation import TranslationFacts, TranslationState, translation_state
from masterymap.lib.errors import ActionError
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=1)


class Row(NamedTuple):
    name: str
    facts: TranslationFacts
    state: TranslationState


def facts(**overrides: Any) -> TranslationFacts:
    """A complete Spanish translation, written with the original (current)."""
    values: dict[str, Any] = {
        "second_language": "es",
        "stem_translated": True,
        "choices_translated": True,
        "feedback_needed": True,
        "feedback_translated": True,
        "translation_updated_at": T0,
        "original_updated_at": T0,
    }
    return TranslationFacts(**(values | overrides))


ROWS = [
    Row("no second language is none", facts(second_language=""), TranslationState.NONE),
    Row(
        "no second language, even with text left over, is none",
        facts(second_language="", translation_updated_at=None),
        TranslationState.NONE,
    ),
    Row("no translated question is missing", facts(stem_translated=False), "missing"),
    Row("a choice not translated is missing", facts(choices_translated=False), "missing"),
    Row("feedback not translated is missing", facts(feedback_translated=False), "missing"),
    Row(
        "no feedback to translate is not missing",
        facts(feedback_needed=False, feedback_translated=False),
        "current",
    ),
    Row(
        "missing wins over stale",
        facts(stem_translated=False, original_updated_at=LATER),
        "missing",
    ),
    Row("written in the same save is current", facts(), "current"),
    Row(
        "translation newer than the original is current",
        facts(translation_updated_at=LATER),
        "current",
    ),
    Row(
        "original edited after the translation is stale", facts(original_updated_at=LATER), "stale"
    ),
    Row(
        "a translation never dated, under a dated original, is stale",
        facts(translation_updated_at=None),
        "stale",
    ),
    Row(
        "an original never dated is current",
        facts(original_updated_at=None, translation_updated_at=None),
        "current",
    ),
]


class TranslationStateTableTests(TestCase):
    def test_every_rule(self) -> None:
        for row in ROWS:
            with self.subTest(row.name):
                self.assertEqual(translation_state(row.facts), row.state)


def spanish(**overrides: str) -> TranslationInput:
    values = {"language": "es", "stem": "¿Cuánto es 2 + 2?", "feedback": "Suma los dos."}
    return TranslationInput(**(values | overrides))


def choices(*, right: str = "4", wrong: str = "5", right_es: str = "4", wrong_es: str = "cinco"):
    return [
        ChoiceInput(right, True, "", right_es),
        ChoiceInput(wrong, False, "Counted on", wrong_es),
    ]


class ItemActionTests(BaseTestCase):
    def make(self, **overrides: Any) -> Item:
        kwargs: dict[str, Any] = {
            "standard": self.d.s2,
            "kind": "single",
            "stem": "What is 2 + 2?",
            "feedback": "Add the two.",
            "choices": choices(),
            "translation": spanish(),
            "at": T0,
        }
        return actions.create_item(**(kwargs | overrides))

    def update(self, item: Item, **overrides: Any) -> Item:
        kwargs: dict[str, Any] = {
            "item": item,
            "kind": "single",
            "stem": "What is 2 + 2?",
            "feedback": "Add the two.",
            "choices": choices(),
            "translation": spanish(),
            "at": LATER,
        }
        item = actions.update_item(**(kwargs | overrides))
        item.refresh_from_db()
        return item

    def test_creating_with_a_translation_dates_both_and_is_current(self) -> None:
        item = self.make()
        self.assertEqual((item.original_updated_at, item.translation_updated_at), (T0, T0))
        self.assertEqual(item.second_language, "es")
        self.assertEqual([c.text_translated for c in item.choices.all()], ["4", "cinco"])
        self.assertEqual(item.translation_state(), TranslationState.CURRENT)
        self.assertTrue(item.is_bilingual)
        self.assertEqual(item.original_language, "en")

    def test_creating_without_a_translation_dates_only_the_original(self) -> None:
        item = self.make(
            translation=TranslationInput(), choices=[ChoiceInput("4", True), ChoiceInput("5")]
        )
        self.assertEqual((item.original_updated_at, item.translation_updated_at), (T0, None))
        self.assertEqual(item.translation_state(), TranslationState.NONE)
        self.assertFalse(item.is_bilingual)

    def test_updating_only_the_translation_never_makes_it_stale(self) -> None:
        item = self.update(self.make(), translation=spanish(stem="¿Cuánto son 2 + 2?"))
        self.assertEqual(item.original_updated_at, T0)
        self.assertEqual(item.translation_updated_at, LATER)
        self.assertEqual(item.translation_state(), TranslationState.CURRENT)
        item = self.update(item, choices=choices(wrong_es="5"), at=LATER + timedelta(hours=1))
        self.assertEqual(item.original_updated_at, T0)
        self.assertEqual(item.translation_state(), TranslationState.CURRENT)

    def test_changing_the_original_text_makes_the_translation_stale(self) -> None:
        for name, change in [
            ("stem", {"stem": "What is two plus two?"}),
            ("choice text", {"choices": choices(wrong="6")}),
            ("feedback", {"feedback": "Count on from 2."}),
        ]:
            with self.subTest(name):
                item = self.update(self.make(), **change)
                self.assertEqual(item.original_updated_at, LATER)
                self.assertEqual(item.translation_updated_at, T0)
                self.assertEqual(item.translation_state(), TranslationState.STALE)

    def test_a_choice_added_without_its_translation_is_missing(self) -> None:
        item = self.update(self.make(), choices=[*choices(), ChoiceInput("22")])
        self.assertEqual(item.original_updated_at, LATER)
        self.assertEqual(item.translation_state(), TranslationState.MISSING)

    def test_changes_that_are_not_text_leave_the_translation_current(self) -> None:
        item = self.update(self.make(), points=3, choices=choices())
        self.assertEqual(item.original_updated_at, T0)
        self.assertEqual(item.translation_state(), TranslationState.CURRENT)

    def test_editing_both_in_one_save_keeps_it_current_and_a_later_fix_clears_stale(self) -> None:
        item = self.update(self.make(), stem="What is 2 + 3?", translation=spanish(stem="¿2 + 3?"))
        self.assertEqual(item.translation_state(), TranslationState.CURRENT)
        stale = self.update(
            item,
            stem="What is 3 + 3?",
            translation=spanish(stem="¿2 + 3?"),
            at=LATER + timedelta(hours=1),
        )
        self.assertEqual(stale.translation_state(), TranslationState.STALE)
        fixed = self.update(
            stale,
            stem="What is 3 + 3?",
            translation=spanish(stem="¿Cuánto es 3 + 3?"),
            at=LATER + timedelta(hours=2),
        )
        self.assertEqual(fixed.translation_state(), TranslationState.CURRENT)

    def test_a_missing_choice_translation_is_missing(self) -> None:
        item = self.make(choices=choices(wrong_es=""))
        self.assertEqual(item.translation_state(), TranslationState.MISSING)

    def test_an_unknown_language_is_refused_and_nothing_is_written(self) -> None:
        count = Item.objects.count()
        with self.assertRaises(ActionError):
            self.make(translation=spanish(language="klingon"))
        self.assertEqual(Item.objects.count(), count)


class ItemEditorTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.d.tomas)

    def post(self, item: Item, **overrides: object):
        data: dict[str, object] = {
            "kind": "single",
            "stem": item.stem,
            "points": 1,
            "tolerance": 0,
            "feedback": item.feedback,
            "second_language": "es",
            "stem_translated": item.stem_translated or "Elige **Bien**.",
            "feedback_translated": item.feedback_translated,
        }
        for i, choice in enumerate(item.choices.all(), start=1):
            data[f"choice_{i}_text"] = choice.text
            data[f"choice_{i}_text_translated"] = choice.text_translated
            if choice.is_correct:
                data[f"choice_{i}_correct"] = "on"
            data[f"choice_{i}_misconception"] = choice.misconception
        return self.client.post(reverse("assessments:item-edit", args=[item.pk]), data | overrides)

    def test_the_editor_shows_original_and_translation_side_by_side(self) -> None:
        single = self.d.s1_items[0]
        r = self.client.get(reverse("assessments:item-edit", args=[single.pk]))
        self.assertContains(r, 'id="bilingual"')
        self.assertContains(r, 'name="stem_translated"')
        self.assertContains(r, 'name="choice_1_text_translated"')
        self.assertContains(r, 'name="feedback_translated"')
        self.assertContains(r, "Question, translated")
        self.assertNotContains(
            r, "translation-warning", msg_prefix="no second language, no warning"
        )

    def test_saving_a_translation_then_editing_the_original_warns_it_is_stale(self) -> None:
        single = self.d.s1_items[0]
        r = self.post(
            single,
            choice_1_text_translated="Bien",
            choice_2_text_translated="Mal",
            feedback_translated="SECRETO",
        )
        self.assertRedirects(r, reverse("assessments:standard-bank", args=[self.d.s1.pk]))
        single.refresh_from_db()
        self.assertEqual(single.second_language, "es")
        self.assertEqual(single.stem_translated, "Elige **Bien**.")
        self.assertEqual(single.translation_state(), TranslationState.CURRENT)
        r = self.client.get(reverse("assessments:item-edit", args=[single.pk]))
        self.assertNotContains(r, "translation-warning")
        self.assertContains(r, 'lang="es"')

        self.post(single, stem="Pick **Right**, please.")
        single.refresh_from_db()
        self.assertEqual(single.translation_state(), TranslationState.STALE)
        r = self.client.get(reverse("assessments:item-edit", args=[single.pk]))
        self.assertContains(r, "Translation out of date.")
        self.assertContains(r, '<span class="warn-icon" aria-hidden="true">⚠</span>')

    def test_a_half_done_translation_warns_it_is_incomplete(self) -> None:
        single = self.d.s1_items[0]
        self.post(single)  # the choices and the feedback are not translated
        r = self.client.get(reverse("assessments:item-edit", args=[single.pk]))
        self.assertContains(r, "Translation incomplete.")

    def test_another_teachers_item_is_not_found(self) -> None:
        self.client.force_login(self.d.uma)
        r = self.post(self.d.s1_items[0])
        self.assertEqual(r.status_code, 404)
        self.assertEqual(Item.objects.get(pk=self.d.s1_items[0].pk).second_language, "")


class BilingualAnswerSheetTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        single, _numeric, multiple, _text = cls.d.s1_items
        actions.update_item(
            item=single,
            kind="single",
            stem=single.stem,
            feedback=single.feedback,
            choices=[
                ChoiceInput("Right", True, "", "Bien"),
                ChoiceInput("Wrong", False, "Misread", "Mal"),
            ],
            translation=TranslationInput("es", "Elige **Bien**.", "RETRO-SECRETA-es"),
        )
        actions.update_item(
            item=multiple,
            kind="multiple",
            stem=multiple.stem,
            choices=[ChoiceInput("A"), ChoiceInput("B", True), ChoiceInput("C", True)],
            translation=TranslationInput("es", "Marca B y C."),
        )

    def sheet(self) -> tuple[Attempt, str]:
        self.client.force_login(self.d.ana)
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        html = self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()
        return attempt, html

    def test_both_versions_are_on_the_sheet_each_in_its_language(self) -> None:
        _attempt, html = self.sheet()
        single = self.d.s1_items[0]
        self.assertIn(
            '<div lang="en" data-version="original"><div class="stem" data-content>', html
        )
        self.assertIn(
            '<div lang="es" data-version="translated" hidden><div class="stem" data-content>'
            "<p>Elige <strong>Bien</strong>.</p>",
            html,
        )
        self.assertIn('data-version="translated" data-content hidden>Bien</span>', html)
        self.assertIn(f'data-switch-language="q-{single.pk}" aria-pressed="false"', html)
        self.assertIn('Show in <span lang="es">Español</span>', html)
        # One switch per bilingual item, none on the others.
        self.assertEqual(html.count("data-switch-language="), 2)

    def test_the_inputs_are_the_same_whichever_version_is_shown(self) -> None:
        _attempt, html = self.sheet()
        single = self.d.s1_items[0]
        values = re.findall(rf'name="item-{single.pk}" value="(\d+)"', html)
        self.assertEqual(sorted(values), sorted(str(c.pk) for c in single.choices.all()))

    def test_no_key_and_no_feedback_in_either_language_before_submitting(self) -> None:
        _attempt, html = self.sheet()
        for secret in ["RETRO-SECRETA", "SECRET-FEEDBACK", "Misread", "correct", "three quarters"]:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, html)

    def test_the_score_is_the_same_in_either_language(self) -> None:
        # The sheet posts choice ids, so a student reading Spanish posts what one reading
        # English posts; Ana (who switched) and Ben (who did not) score alike.
        scores = []
        for student in [self.d.ana, self.d.ben]:
            attempt = start_attempt(student=student, standard=self.d.s1)
            self.client.force_login(student)
            r = self.client.post(
                reverse("workflows:attempt-submit", args=[attempt.pk]),
                self.post_data(self.answers_for(right=True)),
            )
            self.assertAttemptPage(r, attempt.pk)
            attempt.refresh_from_db()
            scores.append((attempt.points, attempt.max_points, attempt.mastered))
        self.assertEqual(scores[0], scores[1])
        self.assertEqual(scores[0], (4, 4, True))

    def test_the_result_shows_the_feedback_and_its_translation_beneath(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
        single = self.d.s1_items[0]
        self.assertContains(
            r,
            f'<div lang="en" id="feedback-{single.pk}"><div class="feedback" data-content>'
            "<p>SECRET-FEEDBACK-single",
        )
        self.assertContains(
            r,
            f'<div lang="es" id="feedback-{single.pk}-es"><div class="feedback" data-content>'
            "<p>RETRO-SECRETA-es</p>",
        )
        self.assertContains(r, f'data-listen="feedback-{single.pk}-es"')
        self.assertContains(r, 'aria-label="Listen to the feedback on question 1 in Español"')
        self.assertContains(r, "js/read_aloud.js")


class ListenButtonTests(BaseTestCase):
    def test_the_answer_sheet_has_a_hidden_listen_button_per_stem_and_choice(self) -> None:
        self.client.force_login(self.d.ana)
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        r = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
        html = r.content.decode()
        single = self.d.s1_items[0]
        right = single.choices.get(is_correct=True)
        self.assertIn(
            f'<button type="button" class="listen" data-listen="stem-{single.pk}" '
            'aria-label="Listen to question 1" hidden>',
            html,
        )
        # Choices are lettered in the order this attempt shows them (shuffled per attempt).
        letter = next(
            o.letter for q in answer_sheet(attempt) for o in q.options if o.id == str(right.pk)
        )
        self.assertIn(
            f'data-listen="choice-{right.pk}" aria-label="Listen to choice {letter} of question 1" '
            "hidden",
            html,
        )
        # Four stems and 2 + 3 choices; never inside a label (a press must not pick).
        self.assertEqual(html.count("data-listen="), 4 + 5)
        for label in re.findall(r"<label>.*?</label>", html, flags=re.S):
            self.assertNotIn("listen", label)
        self.assertIn("js/read_aloud.js", html)

    def test_the_student_map_reads_i_can_aloud_and_names_each_ready_button(self) -> None:
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        s1 = self.d.s1
        self.assertContains(r, f'<p class="i-can" data-content id="i-can-{s1.pk}" lang="en">')
        self.assertContains(
            r, f'aria-label="Listen to the “I can…” statement of {s1.code}" hidden>'
        )
        self.assertContains(
            r, f'aria-labelledby="ready-{s1.pk} ready-for-{s1.pk}">I\'m ready</button>'
        )
        self.assertContains(r, f'<span id="ready-for-{s1.pk}" hidden data-content>{s1.code}</span>')
        self.assertContains(r, "js/read_aloud.js")
