"""The symbols a standard can carry: an icon and a colour. Pure data.

A standard's symbol appears everywhere the standard does (assessments, trackers, grids),
so students, English learners especially, recognise it without reading the code. Icons are
drawn in static/img/symbols.svg (one <symbol id="sym-KEY"> each); colours are chosen to
stay readable as text on white and distinct from one another.

The names are English here and marked for translation in the context "symbol" (so "Key"
the icon is never confused with an answer key in another catalogue). The models and forms
translate them when they are shown, with Django's `pgettext(SYMBOL_CONTEXT, name)`.
"""

from __future__ import annotations

SYMBOL_CONTEXT = "symbol"


def pgettext(context: str, message: str) -> str:
    """Marks `message` for makemessages, which knows this name; translates nothing (this
    module is pure). Returns `message` unchanged."""
    return message


ICONS: dict[str, str] = {
    "star": pgettext("symbol", "Star"),
    "triangle": pgettext("symbol", "Triangle"),
    "circle": pgettext("symbol", "Circle"),
    "diamond": pgettext("symbol", "Diamond"),
    "square": pgettext("symbol", "Square"),
    "heart": pgettext("symbol", "Heart"),
    "hexagon": pgettext("symbol", "Hexagon"),
    "moon": pgettext("symbol", "Moon"),
    "sun": pgettext("symbol", "Sun"),
    "bolt": pgettext("symbol", "Lightning bolt"),
    "leaf": pgettext("symbol", "Leaf"),
    "flag": pgettext("symbol", "Flag"),
    "key": pgettext("symbol", "Key"),
    "bell": pgettext("symbol", "Bell"),
    "music": pgettext("symbol", "Music note"),
    "anchor": pgettext("symbol", "Anchor"),
}

COLOURS: dict[str, tuple[str, str]] = {
    "red": (pgettext("symbol", "Red"), "#c62828"),
    "orange": (pgettext("symbol", "Orange"), "#d84315"),
    "amber": (pgettext("symbol", "Amber"), "#b26a00"),
    "green": (pgettext("symbol", "Green"), "#2e7d32"),
    "teal": (pgettext("symbol", "Teal"), "#00796b"),
    "blue": (pgettext("symbol", "Blue"), "#1565c0"),
    "indigo": (pgettext("symbol", "Indigo"), "#3949ab"),
    "purple": (pgettext("symbol", "Purple"), "#7b1fa2"),
    "pink": (pgettext("symbol", "Pink"), "#ad1457"),
    "brown": (pgettext("symbol", "Brown"), "#6d4c41"),
    "slate": (pgettext("symbol", "Slate"), "#455a64"),
}

# A symbol's name, e.g. "Blue star": the colour and the icon, both in lower case, with the
# first letter capitalised afterwards. Languages put the two in their own order.
# Translators: a standard's symbol, e.g. "blue star"; both names arrive in lower case.
SYMBOL_LABEL = pgettext("symbol", "%(colour)s %(icon)s")
