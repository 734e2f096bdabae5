"""The symbols a standard can carry: an icon and a colour. Pure data.

A standard's symbol appears everywhere the standard does (assessments, trackers, grids),
so students, English learners especially, recognise it without reading the code. Icons are
drawn in static/img/symbols.svg (one <symbol id="sym-KEY"> each); colours are chosen to
stay readable as text on white and distinct from one another.
"""

from __future__ import annotations

ICONS: dict[str, str] = {
    "star": "Star",
    "triangle": "Triangle",
    "circle": "Circle",
    "diamond": "Diamond",
    "square": "Square",
    "heart": "Heart",
    "hexagon": "Hexagon",
    "moon": "Moon",
    "sun": "Sun",
    "bolt": "Lightning bolt",
    "leaf": "Leaf",
    "flag": "Flag",
    "key": "Key",
    "bell": "Bell",
    "music": "Music note",
    "anchor": "Anchor",
}

COLOURS: dict[str, tuple[str, str]] = {
    "red": ("Red", "#c62828"),
    "orange": ("Orange", "#d84315"),
    "amber": ("Amber", "#b26a00"),
    "green": ("Green", "#2e7d32"),
    "teal": ("Teal", "#00796b"),
    "blue": ("Blue", "#1565c0"),
    "indigo": ("Indigo", "#3949ab"),
    "purple": ("Purple", "#7b1fa2"),
    "pink": ("Pink", "#ad1457"),
    "brown": ("Brown", "#6d4c41"),
    "slate": ("Slate", "#455a64"),
}

ICON_CHOICES = list(ICONS.items())
COLOUR_CHOICES = [(key, label) for key, (label, _hex) in COLOURS.items()]
