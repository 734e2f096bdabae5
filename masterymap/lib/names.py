"""Names, usernames and passwords for roster entry. Pure."""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonName:
    first_name: str
    last_name: str


def parse_name_line(line: str) -> PersonName | None:
    """'Ana García' or 'García, Ana' → PersonName; blank → None. One word is a first name."""
    text = " ".join(line.split())
    if not text:
        return None
    if "," in text:
        last, _, first = text.partition(",")
        first, last = first.strip(), last.strip()
        if not first:
            # "García," has no first name: treat the one name we have as the first name.
            first, last = last, ""
        return PersonName(first_name=first, last_name=last) if first else None
    first, _, last = text.partition(" ")
    return PersonName(first_name=first, last_name=last)


def username_base(name: PersonName) -> str:
    """ASCII 'first.last' (accents dropped), e.g. 'Tomás Núñez' → 'tomas.nunez'."""
    raw = f"{name.first_name}.{name.last_name}" if name.last_name else name.first_name
    ascii_name = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9.]+", "", ascii_name.lower()).strip(".")
    return cleaned[:30].rstrip(".") or "student"


def unique_username(base: str, taken: set[str]) -> str:
    """`base`, or `base2`, `base3`… whichever is not in `taken`."""
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


PASSWORD_BITS = 40  # the least a generated student password carries


def password_words_needed(list_size: int, bits: int = PASSWORD_BITS) -> int:
    """How many words drawn from a list of `list_size` carry at least `bits` of entropy."""
    if list_size < 2:
        raise ValueError("A word list needs at least two words.")
    return math.ceil(bits / math.log2(list_size))


def new_password(words: Sequence[str], bits: int = PASSWORD_BITS) -> str:
    """Short words chosen at random, joined by hyphens ('acorn-flip-nacho-tulip'): easy for
    a 12-year-old to type off a printed card, and at least `bits` bits to guess (four words
    of the 1,296-word EFF short list carry 41)."""
    distinct = sorted(set(words))
    count = password_words_needed(len(distinct), bits)
    return "-".join(secrets.choice(distinct) for _ in range(count))
