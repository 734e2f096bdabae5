from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from masterymap.standards.symbols import COLOURS, ICONS, SYMBOL_CONTEXT, SYMBOL_LABEL

# The names in symbols.py are English and only marked: translated when shown.
ICON_CHOICES = [(key, pgettext_lazy(SYMBOL_CONTEXT, label)) for key, label in ICONS.items()]
COLOUR_CHOICES = [
    (key, pgettext_lazy(SYMBOL_CONTEXT, label)) for key, (label, _hex) in COLOURS.items()
]


class MasteryMap(models.Model):
    """A course's ordered standards, grouped into units; several classes may share one."""

    school = models.ForeignKey(
        "accounts.School", on_delete=models.PROTECT, related_name="mastery_maps"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_mastery_maps",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Archived: off the map list and offered to no new class; its standards and their history
    # stay as they were (standards.actions.archive_mastery_map).
    archived_at = models.DateTimeField(null=True, blank=True)
    # The 1EdTech CASE identifier this row came from ("" when made here): a re-import of the
    # same package updates the row instead of adding another (exchange/standards_import.py).
    case_id = models.CharField(max_length=64, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Unit(models.Model):
    mastery_map = models.ForeignKey(MasteryMap, on_delete=models.CASCADE, related_name="units")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    # The 1EdTech CASE identifier this row came from ("" when made here): a re-import of the
    # same package updates the row instead of adding another (exchange/standards_import.py).
    case_id = models.CharField(max_length=64, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ActiveStandardManager(models.Manager["Standard"]):
    """The standards on their maps: an archived standard is off every map, grid, tracker and
    count that lists standards through `Standard.objects` (or `map.standards`, `unit.standards`).
    """

    def get_queryset(self) -> models.QuerySet[Standard]:
        return super().get_queryset().filter(archived_at__isnull=True)


class Standard(models.Model):
    """One skill a student must master.

    `Standard.objects` leaves archived standards out; `Standard.all_objects` has them all.
    Following a foreign key (`attempt.form.standard`, `evidence.standard`) uses the base
    manager, `all_objects`, so old attempts, evidence and records still find theirs.
    """

    # Denormalised from unit.mastery_map so codes are unique per map and the grid can load
    # a map's standards in one query.
    mastery_map = models.ForeignKey(MasteryMap, on_delete=models.CASCADE, related_name="standards")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(max_length=40)
    statement = models.TextField()
    i_can = models.CharField(_("“I can…” statement"), max_length=300)
    icon = models.CharField(max_length=20, choices=ICON_CHOICES, default="star")
    colour = models.CharField(max_length=20, choices=COLOUR_CHOICES, default="blue")
    position = models.PositiveIntegerField(default=0)
    # Archived: off the map (standards.actions.archive_standard); never deleted once it has work.
    archived_at = models.DateTimeField(null=True, blank=True)
    # The 1EdTech CASE identifier this row came from ("" when made here): a re-import of the
    # same package updates the row instead of adding another (exchange/standards_import.py).
    case_id = models.CharField(max_length=64, blank=True, default="", db_index=True)

    objects = ActiveStandardManager()
    all_objects: models.Manager[Standard] = models.Manager()

    class Meta:
        ordering = ["unit__position", "unit_id", "position", "id"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["mastery_map", "code"], name="standard_code_unique_in_map"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def icon_label(self) -> str:
        """The icon's name in the reader's language ("Star")."""
        return pgettext(SYMBOL_CONTEXT, ICONS[self.icon]) if self.icon in ICONS else self.icon

    @property
    def colour_label(self) -> str:
        """The colour's name in the reader's language ("Blue")."""
        return (
            pgettext(SYMBOL_CONTEXT, COLOURS[self.colour][0])
            if self.colour in COLOURS
            else self.colour
        )

    @property
    def symbol_label(self) -> str:
        """The symbol's name in the reader's language: "Blue star", "Estrella de color azul"."""
        return symbol_label(self.icon, self.colour, get_language())


@lru_cache(maxsize=1024)
def symbol_label(icon: str, colour: str, language: str | None) -> str:
    """A symbol's name in `language` (the active one, passed in so the cache keys on it):
    grids and maps name the same few symbols hundreds of times a page."""
    icon_label = pgettext(SYMBOL_CONTEXT, ICONS[icon]) if icon in ICONS else icon
    colour_label = pgettext(SYMBOL_CONTEXT, COLOURS[colour][0]) if colour in COLOURS else colour
    label = pgettext(SYMBOL_CONTEXT, SYMBOL_LABEL) % {
        "colour": colour_label.lower(),
        "icon": icon_label.lower(),
    }
    return label[:1].upper() + label[1:]
