"""Names, usernames and passwords for roster entry. Pure."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

# Short, unambiguous words so a 12-year-old can type a password off a printed card.
_WORDS = (
    "apple",
    "maple",
    "river",
    "tiger",
    "lemon",
    "cloud",
    "piano",
    "rocket",
    "panda",
    "mango",
    "comet",
    "otter",
    "cedar",
    "delta",
    "ember",
    "falcon",
    "garden",
    "harbor",
    "island",
    "jungle",
    "koala",
    "lantern",
    "meadow",
    "nectar",
    "ocean",
    "pepper",
    "quartz",
    "robin",
    "summit",
    "tulip",
    "violet",
    "walnut",
    "yellow",
    "zebra",
    "bison",
    "canyon",
    "dragon",
    "forest",
)


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


def new_password() -> str:
    """Two words and two digits, e.g. 'maple-otter-47': easy to type, hard to guess."""
    first, second = secrets.choice(_WORDS), secrets.choice(_WORDS)
    return f"{first}-{second}-{secrets.randbelow(90) + 10}"
