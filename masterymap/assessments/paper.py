"""Questions on paper: a form's or a benchmark's printed copy, and its answer key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from masterymap.assessments.models import Item
from masterymap.assessments.queries import (
    Picture,
    choice_letter,
    choice_picture,
    item_picture,
    key_parts,
)
from masterymap.lib.markdown import render_inline, render_markdown


@dataclass(frozen=True)
class PaperChoice:
    letter: str
    html: SafeString
    correct: bool
    picture: Picture | None = None


@dataclass(frozen=True)
class PaperQuestion:
    """One printed question. `choices[i].correct` and the key fields are for the answer
    key only: the student's copy never shows them."""

    number: int
    item_id: int
    kind: str
    code: str
    stem_html: SafeString
    points: int
    language: str
    choices: tuple[PaperChoice, ...]
    key_letters: str
    key_html: SafeString
    picture: Picture | None = None

    @property
    def has_choices(self) -> bool:
        return bool(self.choices)

    @property
    def select_all(self) -> bool:
        return self.kind == Item.Kind.MULTIPLE

    @property
    def numeric(self) -> bool:
        return self.kind == Item.Kind.NUMERIC

    @property
    def open(self) -> bool:
        return self.kind == Item.Kind.OPEN


def _key_html(item: Item) -> SafeString:
    """A typed item's key (`key_parts`: the number ± tolerance, or any accepted answer), or
    a choice item's correct choices, each piece as inline Markdown; an open response's
    rubric."""
    if item.kind == Item.Kind.OPEN:
        return mark_safe(
            f"<span data-content>{render_markdown(item.rubric)}</span>" if item.rubric else ""
        )
    key = key_parts(item)
    # mark_safe is sound: every piece comes from lib.markdown (raw HTML off, sanitised) and
    # the joiner is our own word, escaped. The pieces are the school's words (data-content).
    return mark_safe(
        f" {conditional_escape(key.joiner)} ".join(
            f"<span data-content>{render_inline(p)}</span>" for p in key.pieces
        )
    )


def printed_questions(items: Sequence[Item]) -> list[PaperQuestion]:
    """Questions as printed (a form's, a benchmark's), numbered from 1 in the written order
    (one copy for the whole class), with their key for the teacher's page. Callers prefetch
    the items' standard and choices."""
    questions = []
    for number, item in enumerate(items, start=1):
        choices = (
            tuple(
                PaperChoice(
                    letter=choice_letter(position),
                    html=mark_safe(render_inline(c.text)),
                    correct=c.is_correct,
                    picture=choice_picture(c),
                )
                for position, c in enumerate(item.choices.all())
            )
            if item.has_choices
            else ()
        )
        questions.append(
            PaperQuestion(
                number=number,
                item_id=item.pk,
                kind=item.kind,
                code=item.standard.code,
                stem_html=mark_safe(render_markdown(item.stem)),
                points=item.points,
                language=item.original_language,
                choices=choices,
                key_letters=", ".join(c.letter for c in choices if c.correct),
                key_html=_key_html(item),
                picture=item_picture(item),
            )
        )
    return questions
