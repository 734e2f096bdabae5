"""The answer sheet's and the review's questions, written in Python (templatetags/questions.py):
the HTML the templates wrote (kept in tests/reference/), whitespace around line breaks aside,
in English and in Spanish; teacher content escaped; nothing of the key on a sheet, nor on a
review whose class shows keys later."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.template import engines
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from masterymap.assessments.actions import save_answers
from masterymap.assessments.queries import (
    ChoiceOption,
    Picture,
    ReviewChoice,
    ReviewItem,
    SheetItem,
    answer_sheet,
)
from masterymap.assessments.templatetags.questions import (
    review_items,
    sheet_question,
    sheet_questions,
)
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt

REFERENCE = Path(__file__).resolve().parent / "reference"
TEACHER = "<script>alert('x')</script> & \"quoted\""  # what a teacher might type anywhere


def same_html(html: str) -> str:
    """Whitespace around a line break is one line break: the templates indented their tags."""
    return re.sub(r"\s*\n\s*", "\n", str(html)).strip()


def reference(name: str, **context: Any) -> str:
    template = engines["django"].from_string((REFERENCE / name).read_text())
    return template.render(context)


def option(pk: int, letter: str, *, selected: bool = False, **extra: Any) -> ChoiceOption:
    return ChoiceOption(str(pk), letter, mark_safe(f"<em>choice {pk}</em>"), selected, **extra)


PICTURE = Picture("/items/7/picture/", f"A graph {TEACHER}")

SHEET = [
    SheetItem(
        number=1,
        item_id=7,
        kind="single",
        stem_html=mark_safe("<p>Which <strong>graph</strong>?</p>\n"),
        points=2,
        options=[
            option(71, "A", html_translated=mark_safe("la una"), translated=True),
            option(
                72,
                "B",
                selected=True,
                html_translated=mark_safe("<em>choice 72</em>"),
                picture=Picture("/choices/72/picture/", TEACHER),
            ),
        ],
        typed="",
        language="en",
        second_language="es",
        stem_html_translated=mark_safe("<p>¿Qué gráfica?</p>\n"),
        picture=PICTURE,
    ),
    SheetItem(
        number=2,
        item_id=8,
        kind="multiple",
        stem_html=mark_safe("<p>Pick two.</p>\n"),
        points=1,
        options=[option(81, "A", selected=True), option(82, "B"), option(83, "C", selected=True)],
        typed="",
        language="en",
    ),
    SheetItem(3, 9, "numeric", mark_safe("<p>3 × 4?</p>"), 3, [], TEACHER, "en"),
    SheetItem(4, 10, "text", mark_safe("<p>In words?</p>"), 1, [], "", "en"),
    SheetItem(
        number=5,
        item_id=11,
        kind="open",
        stem_html=mark_safe("<p>Explain.</p>"),
        points=4,
        options=[],
        typed=f"line one\n{TEACHER}\n\nthree",
        language="es",
        second_language="en",
        stem_html_translated=mark_safe("<p>Explain it.</p>"),
        picture=PICTURE,
        has_photo=True,
    ),
    SheetItem(6, 12, "open", mark_safe("<p>And this?</p>"), 1, [], "", "en"),
]


def choice(text: str, *, selected: bool = False, **extra: Any) -> ReviewChoice:
    return ReviewChoice(mark_safe(text), selected, extra.pop("correct", False), "", **extra)


def reviewed(number: int, kind: str, **fields: Any) -> ReviewItem:
    """A question of a review: wrong, unanswered and without feedback unless told."""
    values: dict[str, Any] = {
        "stem_html": mark_safe(f"<p>Question {number}?</p>"),
        "points": 0,
        "max_points": 1,
        "correct": False,
        "answered": False,
        "choices": [],
        "typed": "",
        "key_text": "",
        "feedback_html": SafeString(""),
        "item_id": 100 + number,
        "language": "en",
    }
    return ReviewItem(number=number, kind=kind, **(values | fields))


REVIEW = [
    reviewed(
        1,
        "single",
        stem_html=mark_safe("<p>Which <strong>graph</strong>?</p>\n"),
        max_points=2,
        answered=True,
        choices=[
            choice("<em>right</em>", correct=True, picture=Picture("/choices/71/picture/", "r")),
            ReviewChoice(
                mark_safe("wrong"), True, False, TEACHER, shown_wrong=True, picture=PICTURE
            ),
            choice("other"),
        ],
        key_text="right",
        feedback_html=mark_safe("<p>Look at the <em>slope</em>.</p>\n"),
        second_language="es",
        feedback_html_translated=mark_safe("<p>Mira la pendiente.</p>\n"),
        picture=PICTURE,
    ),
    reviewed(
        2,
        "multiple",
        points=1,
        correct=True,
        answered=True,
        choices=[choice("a", selected=True, correct=True), choice("b")],
    ),
    reviewed(
        3,
        "numeric",
        max_points=3,
        answered=True,
        typed=TEACHER,
        key_text=f"12 (± 0.5) {TEACHER}",
        feedback_html=mark_safe("<p>Times.</p>"),
    ),
    reviewed(4, "text"),
    reviewed(5, "text", answered=True, correct=True, points=1, typed="three quarters"),
    reviewed(
        6,
        "open",
        points=3,
        max_points=4,
        answered=True,
        typed=f"line one\r\n{TEACHER}\n\nthree",
        comment=TEACHER,
        photo_response_id=41,
    ),
    reviewed(7, "open", answered=True, typed="Because.", awaiting=True),
    reviewed(8, "open"),
    # Keys hidden (the class shows them later): a picked wrong choice is still said.
    reviewed(
        9,
        "single",
        answered=True,
        choices=[
            ReviewChoice(mark_safe("right"), False, False, "", key_hidden=True),
            ReviewChoice(
                mark_safe("wrong"), True, False, "Misread", shown_wrong=True, key_hidden=True
            ),
        ],
    ),
]


class QuestionHtmlTests(BaseTestCase):
    def test_each_sheet_question_is_the_templates_html_in_both_languages(self) -> None:
        for language in ("en", "es"):
            for q in SHEET:
                for code in ("", f"7.RP {TEACHER}"):
                    for photo in (False, True):
                        with (
                            self.subTest(language=language, q=q.number, code=code, photo=photo),
                            translation.override(language),
                        ):
                            written = sheet_question(q, code=code, photo=photo)
                            expected = reference(
                                "sheet_question.html", q=q, code=code, photo_url=photo
                            )
                            self.assertEqual(same_html(written), same_html(expected))

    def test_the_whole_sheet_is_its_questions_in_order(self) -> None:
        with translation.override("es"):
            whole = sheet_questions(SHEET, photo=True)
            one_by_one = "".join(sheet_question(q, photo=True) for q in SHEET)
        self.assertEqual(whole, one_by_one)
        self.assertLess(whole.index('id="q-7"'), whole.index('id="q-12"'))
        self.assertIn("Pregunta 1", whole)

    def test_the_review_is_the_templates_html_in_both_languages(self) -> None:
        for language in ("en", "es"):
            with self.subTest(language=language), translation.override(language):
                written = review_items(REVIEW)
                expected = reference("review_items.html", review=REVIEW)
                self.assertEqual(same_html(written), same_html(expected))
                self.assertEqual(same_html(review_items([])), "")

    def test_teacher_and_student_text_is_escaped_and_safe_html_is_not(self) -> None:
        html = sheet_question(SHEET[4], code=TEACHER, photo=True) + review_items(REVIEW)
        html += sheet_question(SHEET[2])
        self.assertNotIn("<script>", html)
        self.assertIn(
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;", html
        )
        self.assertIn('alt="A graph &lt;script&gt;', html)
        self.assertIn('value="&lt;script&gt;', html)  # the numeric answer typed
        self.assertIn("line one<br>&lt;script&gt;", html)  # an open answer's lines
        self.assertIn("<p>Which <strong>graph</strong>?</p>", review_items(REVIEW[:1]))

    def test_a_real_sheet_carries_nothing_of_the_key(self) -> None:
        # Form A's single-choice item: "Right" is correct, "Wrong" tempts ("Misread"), and
        # its feedback is SECRET-FEEDBACK-single.
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        single = next(i for i in self.d.s1_items if i.kind == "single")
        wrong = single.choices.get(text="Wrong")
        save_answers(attempt=attempt, answers={single.pk: [str(wrong.pk)]})
        html = sheet_questions(answer_sheet(attempt), photo=True)
        for sign in ("SECRET-FEEDBACK", "Misread", "correct", "three quarters", "0.5", "key"):
            self.assertNotIn(sign, html)
        # The right and the wrong choice are written alike, by id (and the wrong one picked).
        options = re.findall(
            rf'<div class="option">.*?name="item-{single.pk}".*?</div>', html, re.S
        )
        shapes = {
            re.sub(r"\d+|Right|Wrong|[AB] of", "", o.replace(" checked", "")) for o in options
        }
        self.assertEqual((len(options), len(shapes)), (2, 1))
        self.assertIn(f'value="{wrong.pk}" checked', html)

    def test_a_review_with_keys_hidden_says_right_or_wrong_and_why_but_no_key(self) -> None:
        html = review_items(REVIEW[-1:])
        self.assertIn("✗ Not right", html)
        self.assertIn('class="choice-picked-wrong"', html)
        self.assertIn("Why this is tempting: Misread", html)
        for sign in ("(correct)", "choice-correct", "correct answer:", "feedback"):
            self.assertNotIn(sign, html)
