"""Ids typed into URLs, query strings and forms. Pure.

A database id is a whole number from 1 to 2⁶³ − 1, the range of the 64-bit id columns
(`BigAutoField`), written in ASCII digits. Anything else is no id: a sign, a decimal point,
spaces inside, digits of other scripts ("²", "٣"), or a number too large for the column.
Callers treat "no id" as "no such thing" (404) or "not given", never as a server error, and
never let a too-large number reach the database, where it overflows.
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]+")  # ASCII only: `\d` and str.isdigit() also accept "²" and "٣"
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(raw: object) -> int | None:
    """The id `raw` names, or None when it names none.

    Surrounding spaces are ignored, as browsers and people add them; leading zeros are
    allowed ("007" is 7). 0, negative numbers, and 2⁶³ or more are no id.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 1 <= raw <= MAX_ID else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not _DIGITS.fullmatch(text):
        return None
    # Checked before int(): a 5,000-digit "id" must not cost a big-number conversion.
    significant = text.lstrip("0")
    if len(significant) > _MAX_DIGITS:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None
