"""`{% public_students students %}`: the public map's list of named students, an item each,
written here rather than by the template's loop: a board of a class of 600 wrote 600 items
with a plural each, and the loop was most of its page (goals/tests/test_public_students.py
compares the two). Names and avatars are escaped; the symbols are already HTML
(`goals.board.board`), drawn without names of their own: the row's symbols are one picture
named by their names in order, which says the same to a screen reader in a third fewer
bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from masterymap.goals.board import BoardStudent

register = template.Library()


@register.simple_tag
def public_students(students: Sequence[BoardStudent]) -> SafeString:
    out = []
    counted: dict[int, str] = {}  # "12 mastered", once per count
    for s in students:
        count = counted.get(s.count)
        if count is None:
            count = counted[s.count] = str(
                escape(ngettext("%(n)s mastered", "%(n)s mastered", s.count) % {"n": s.count})
            )
        avatar = f'<span class="public-avatar">{escape(s.avatar)}</span> ' if s.avatar else ""
        # One picture for a screen reader, named by the symbols' names in order; the
        # symbols inside are drawn without names of their own.
        symbols = (
            f'<span class="public-symbols" role="img" aria-label="{escape(s.symbol_names)}">'
            f"{s.symbols}</span>"
            if s.count
            else ""
        )
        out.append(
            '\n      <li class="public-student"><span class="public-name">'
            f"{avatar}<span data-content>{escape(s.name)}</span></span>\n"
            f'        <span class="public-count">{count}</span>\n'
            f"        {symbols}\n      </li>\n      "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
