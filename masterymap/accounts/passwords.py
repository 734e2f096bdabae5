"""Passwords: the word list generated student passwords are drawn from, and the rule for
passwords people choose.

Generated passwords use the EFF short word list (1,296 words of 3 to 5 letters, chosen to be
easy to type and remember), shipped with the xkcdpass package, so nothing is downloaded at
run time; four words carry 41 bits. People who choose a password: staff need at least
STAFF_MIN_LENGTH characters, students (joining with a class code) MIN_LENGTH, and everyone
passes Django's similarity, common-password and all-digits checks (settings).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from xkcdpass import xkcd_password

from masterymap.lib.names import new_password

MIN_LENGTH = 8
STAFF_MIN_LENGTH = 12


@lru_cache(maxsize=1)
def password_words() -> tuple[str, ...]:
    """The EFF short list, lower case, letters only."""
    path = xkcd_password.locate_wordfile("eff-short")
    words = xkcd_password.generate_wordlist(wordfile=path, min_length=3, max_length=5)
    return tuple(sorted({w.lower() for w in words if w.isalpha() and w.isascii()}))


def generated_password() -> str:
    """A new student password for a login card ('acorn-flip-nacho-tulip')."""
    return new_password(password_words())


class RoleMinimumLengthValidator:
    """At least STAFF_MIN_LENGTH characters for teachers and admins (and when the role is not
    known yet), MIN_LENGTH for students."""

    def validate(self, password: str, user: Any = None) -> None:
        is_student = bool(getattr(user, "is_student", False))
        needed = MIN_LENGTH if is_student else STAFF_MIN_LENGTH
        if len(password) < needed:
            raise ValidationError(
                ngettext(
                    "Use at least %(n)d character.",
                    "Use at least %(n)d characters.",
                    needed,
                )
                % {"n": needed},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _(
            "Staff passwords need at least %(staff)d characters, students' at least %(student)d."
        ) % {"staff": STAFF_MIN_LENGTH, "student": MIN_LENGTH}
