"""The practice run (issue 10, item 7): a ready-made "how this works" standard a new class
masters together in its first lesson, to learn the routine before it counts (the strategy:
"run the procedures one time as practice, where everyone masters the first assessment").

It is a real standard on the class's map, first in its own unit, with two parallel forms of
three questions about the routine itself, so a student who scores *not yet* meets the whole
loop (look back, route, retake) on something that does not matter yet. Written in the
teacher's language at the moment they add it: from then on it is the school's content.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom, User
from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.lib.errors import ActionError
from masterymap.standards.access import get_mastery_map_for_editor
from masterymap.standards.actions import create_standard, create_unit
from masterymap.standards.models import Standard, Unit

CODE = "START"


def _questions() -> list[tuple[str, str, list[tuple[str, bool]]]]:
    """(stem, feedback, choices) of the six questions: forms A and B take three each."""
    return [
        (
            _("When do you take a mastery check?"),
            _("You decide: when you feel ready, you press “I'm ready”."),
            [
                (_("Only when the whole class takes it"), False),
                (_("When I feel ready"), True),
                (_("Never: the teacher decides for me"), False),
            ],
        ),
        (
            _("Your result says *not yet*. What happens next?"),
            _("Not yet is not a grade: you look back, practise on a route, then retake."),
            [
                (_("Nothing: the grade is final"), False),
                (_("I copy a classmate's answers"), False),
                (_("I look back at my errors, follow a route and take a parallel form"), True),
            ],
        ),
        (
            _("Where do you see the standards you have mastered?"),
            _("Your map and your private tracker update as soon as you master a standard."),
            [
                (_("On my map and my private tracker"), True),
                (_("Only on a paper the teacher keeps"), False),
                (_("Nowhere until the end of the year"), False),
            ],
        ),
        (
            _("What is a goal with a finish line?"),
            _("A finish line is a number and a date, and your pace shows if you will make it."),
            [
                (_("A number of standards to master by a date"), True),
                (_("A score I must get on every test"), False),
                (_("A list of classmates to beat"), False),
            ],
        ),
        (
            _("Who can see your private tracker?"),
            _("Only you and your teachers: the public map shows only what the class agreed."),
            [
                (_("Everyone in the school"), False),
                (_("Only you and your teachers"), True),
                (_("Only your classmates"), False),
            ],
        ),
        (
            _("What do you do right after a mastery check?"),
            _("A short look back after every check shows what to practise next."),
            [
                (_("Look back at it and write a short reflection"), True),
                (_("Forget about it"), False),
                (_("Take the same form again at once"), False),
            ],
        ),
    ]


@transaction.atomic
def add_practice_run(*, classroom: Classroom, by: User) -> Standard:
    """Add the practice run to the class's map, first; once per map."""
    try:
        mastery_map = get_mastery_map_for_editor(by, classroom.mastery_map_id)
    except Http404:
        raise ActionError(
            _("Only the map's author or a school admin can add the practice run to this map.")
        ) from None
    if Standard.objects.filter(mastery_map=mastery_map, code=CODE).exists():
        raise ActionError(_("This map already has the practice run (%(code)s).") % {"code": CODE})
    unit = create_unit(mastery_map=mastery_map, title=_("Getting started"))
    # First on the map: before every other unit.
    Unit.objects.filter(pk=unit.pk).update(position=0)
    standard = create_standard(
        unit=unit,
        code=CODE,
        statement=_(
            "Practice run: how mastery checks, results, look-backs, retakes and trackers work."
        ),
        i_can=_("I can take a mastery check when I am ready and read my result."),
        icon="flag",
        colour="green",
    )
    items = [
        create_item(
            standard=standard,
            kind="single",
            stem=stem,
            feedback=feedback,
            choices=[ChoiceInput(text=text, is_correct=ok) for text, ok in choices],
        )
        for stem, feedback, choices in _questions()
    ]
    create_form(standard=standard, item_ids=[i.pk for i in items[:3]], threshold=67)
    create_form(standard=standard, item_ids=[i.pk for i in items[3:]], threshold=67)
    return standard
