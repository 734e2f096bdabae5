"""Standards in: our CSV template and 1EdTech CASE packages (1.0 and 1.1), into a new
mastery map or a map the person may edit.

Both importers turn the file into the units and standards it asks for (`WantUnit`,
`WantStandard`), and `_reconcile` compares them with the map (its units and standards
loaded in two queries) to list what is created, updated and skipped. Applying computes the
same plan inside the caller's transaction and writes it in bulk. Nothing is ever deleted:
a standard of the map that the file no longer has is listed and left as it is.

How rows are matched, so that importing the same file again changes nothing:
- CSV: a unit by its title (any case), a standard by its code. A changed statement,
  “I can…” statement, unit or order updates it.
- CASE: a unit or a standard by its CASE identifier (`case_id`; rows made here and exported
  by standards_out.py carry a stable made identifier, matched too). A standard of the map
  with the same code and no CASE identifier is taken as the same standard and linked to
  the item. A changed code, statement, unit or order updates it; the “I can…” statement,
  which CASE does not have, is made once for a new standard and then left to the teacher.
- Order within a unit: kept as it is when the file has the same order (new standards go
  after the others); otherwise the unit's standards from the file are numbered in the file's
  order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from masterymap.accounts.access import may_author_maps
from masterymap.accounts.models import User
from masterymap.exchange import case, standards_csv
from masterymap.exchange.files import FileProblem, parse_json, read_csv
from masterymap.exchange.importers import Importer, Source
from masterymap.exchange.plan import Plan, Refused
from masterymap.exchange.standards_out import made_identifier
from masterymap.lib.errors import ActionError
from masterymap.lib.html import ContentSelect
from masterymap.lib.ids import parse_id
from masterymap.standards.access import (
    get_mastery_map_for_editor,
    mastery_maps_for_teacher,
    may_edit_mastery_map,
)
from masterymap.standards.actions import create_mastery_map
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.standards.symbols import COLOURS, ICONS

NEW = "new"
PROGRESS_EVERY = 50

# --- the problems, in the reader's words ---------------------------------------------------

CASE_MESSAGES: dict[str, Any] = {
    "not_object": gettext_lazy(
        "This is not a CASE package: a package is one JSON object (it starts with “{”) "
        "holding a CFDocument and its CFItems."
    ),
    "no_document": gettext_lazy("This is not a CASE package: it has no CFDocument."),
    "document_no_identifier": gettext_lazy("The CFDocument has no identifier."),
    "no_items": gettext_lazy("This package has no CFItems: there are no standards in it."),
    "item_not_object": gettext_lazy("This entry of CFItems is not an object: skipped."),
    "item_no_identifier": gettext_lazy("This CFItem has no identifier: skipped."),
    "identifier_too_long": gettext_lazy(
        "This identifier is longer than %(max)s characters: skipped."
    ),
    "duplicate_identifier": gettext_lazy(
        "Another CFItem (or the CFDocument) has the same identifier: this one is skipped."
    ),
    "association_missing_item": gettext_lazy(
        "This isChildOf association names the CFItem %(item)s, which is not in the file: "
        "the association is ignored."
    ),
    "association_missing_parent": gettext_lazy(
        "This isChildOf association puts %(child)s under %(item)s, which is not in the "
        "file: %(child)s goes at the top of the tree instead."
    ),
    "no_parent": gettext_lazy(
        "This CFItem has no isChildOf association placing it in the tree: it goes at the top."
    ),
    "cycle": gettext_lazy(
        "This CFItem is in a loop of isChildOf associations (through others, it is its own "
        "parent): skipped."
    ),
    "subtree_missing": gettext_lazy(
        "The part of the tree you chose to import is not in this file: choose another."
    ),
    "no_code": gettext_lazy(
        "This item has no code (humanCodingScheme), and nothing above it has one to make a "
        "code from: skipped (“%(statement)s”)."
    ),
    "code_too_long": gettext_lazy(
        "The code %(code)s is longer than the %(max)s characters a standard's code may have: "
        "skipped."
    ),
    "duplicate_code": gettext_lazy(
        "The code %(code)s is also the code of CFItem %(other)s: this one is skipped."
    ),
    "no_statement": gettext_lazy("The item %(code)s has no statement: skipped."),
}

CSV_MESSAGES: dict[str, Any] = {
    "unknown_column": gettext_lazy(
        "The column “%(column)s” is not one of the template's (unit, code, statement, "
        "i_can, order): it is ignored."
    ),
    "duplicate_column": gettext_lazy("Two columns are named “%(column)s”: keep one."),
    "missing_columns": gettext_lazy(
        "The header row must name the columns %(columns)s (i_can and order may follow). "
        "Start from the template."
    ),
    "no_rows": gettext_lazy("The file has a header row but no standards under it."),
    "missing_unit": gettext_lazy(
        "No unit: write the unit's title in this row (or in a row above it)."
    ),
    "unit_too_long": gettext_lazy("The unit's title is longer than %(max)s characters."),
    "missing_code": gettext_lazy("No code: every standard needs one, such as 7.RP.A.1."),
    "code_too_long": gettext_lazy(
        "The code %(code)s is longer than the %(max)s characters a code may have."
    ),
    "duplicate_code": gettext_lazy(
        "The code %(code)s is also on line %(other)s: each code may appear once."
    ),
    "missing_statement": gettext_lazy("No statement for %(code)s."),
    "i_can_too_long": gettext_lazy("The “I can…” statement is longer than %(max)s characters."),
    "bad_order": gettext_lazy("The order “%(value)s” is not a whole number."),
}


def _say(messages: dict[str, Any], code: str, params: dict[str, str | int]) -> str:
    template = messages.get(code)
    if template is None:  # a code without a sentence: still say something useful
        return f"{code}: {params}"
    return str(template) % params if params else str(template)


def _case_where(issue: case.Issue, filename: str) -> str:
    if not issue.where:
        return filename
    if issue.where.startswith(("CFItems[", "CFAssociations[")):
        return f"{filename}, {issue.where}"
    if issue.code.startswith("association_"):
        return f"CFAssociation {issue.where}"
    return f"CFItem {issue.where}"


def _line(filename: str, line: int | None) -> str:
    if line is None:
        return filename
    return _("%(file)s, line %(line)d") % {"file": filename, "line": line}


# --- options -------------------------------------------------------------------------------


class StandardsOptionsForm(forms.Form):
    """Where the standards go: a new map (with its title) or a map the person may edit."""

    target = forms.ChoiceField(label=gettext_lazy("Import into"), widget=ContentSelect)
    title = forms.CharField(
        label=gettext_lazy("Title of the new map"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leave empty for the title in the file, or the file's name."),
    )
    all_or_nothing = forms.BooleanField(
        label=gettext_lazy("All or nothing: if any row has a problem, import nothing"),
        required=False,
        initial=False,
    )

    def __init__(self, user: User, data: Any = None, facts: dict[str, Any] | None = None) -> None:
        super().__init__(data)
        self.user = user
        self.facts = facts or {}
        maps = [m for m in mastery_maps_for_teacher(user) if may_edit_mastery_map(user, m)]
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(NEW, _("A new map")), *[(str(m.pk), m.title) for m in maps]]
        field.initial = NEW

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "target": data["target"],
            "title": data.get("title", "").strip(),
            "all_or_nothing": bool(data.get("all_or_nothing")),
        }


def _rule_label(rule: str) -> str:
    if rule.startswith("type:"):
        return f"“{rule[5:]}”"
    if rule.startswith("depth:"):
        return _("level %(depth)s") % {"depth": rule[6:]}
    return {
        "leaves": _("the last items of every branch"),
        "parent": _("each standard’s parent item"),
        "one": _("one unit"),
    }.get(rule, rule)


def _level_choices(facts: dict[str, Any], *, units: bool) -> list[tuple[str, str]]:
    resolved = facts.get("resolved") or {}
    auto_rule = resolved.get("units" if units else "standards")
    auto = (
        _("Automatic (here: %(rule)s)") % {"rule": _rule_label(str(auto_rule))}
        if auto_rule
        else _("Automatic")
    )
    choices = [("auto", auto)]
    if units:
        choices += [("parent", _("Each standard’s parent item")), ("one", _("One unit for all"))]
    elif "leaves" in facts:
        choices.append(
            ("leaves", _("The last items of every branch (%(n)s)") % {"n": facts["leaves"]})
        )
    else:
        choices.append(("leaves", _("The last items of every branch")))
    for kind in facts.get("types") or []:
        choices.append(
            (
                f"type:{kind['name']}",
                _("Items of type “%(type)s” (%(n)s, level %(depth)s)")
                % {"type": kind["name"], "n": kind["count"], "depth": kind["depth"]},
            )
        )
    for level in facts.get("depths") or []:
        choices.append(
            (
                f"depth:{level['depth']}",
                _("Every item at level %(depth)s (%(n)s)")
                % {"depth": level["depth"], "n": level["count"]},
            )
        )
    return choices


class CaseOptionsForm(StandardsOptionsForm):
    """Also: which part of the tree to import, and which items become standards and units.
    The choices come from the file once a first preview has read it (`facts`)."""

    subtree = forms.ChoiceField(
        label=gettext_lazy("Part of the file"),
        required=False,
        widget=ContentSelect,
        help_text=gettext_lazy(
            "After the first preview, the parts the file has (such as its grades) are offered."
        ),
    )
    standards = forms.ChoiceField(label=gettext_lazy("Standards are"))
    units = forms.ChoiceField(
        label=gettext_lazy("Units are"),
        help_text=gettext_lazy(
            "Items below a standard (such as 7.RP.A.2.a) are added to its statement."
        ),
    )

    field_order = ["target", "title", "subtree", "standards", "units", "all_or_nothing"]

    def __init__(self, user: User, data: Any = None, facts: dict[str, Any] | None = None) -> None:
        super().__init__(user, data, facts)
        subtree = self.fields["subtree"]
        standards = self.fields["standards"]
        units = self.fields["units"]
        assert isinstance(subtree, forms.ChoiceField)
        assert isinstance(standards, forms.ChoiceField)
        assert isinstance(units, forms.ChoiceField)
        subtree.choices = [("", _("The whole file"))] + [
            (str(s["id"]), "— " * (int(s.get("depth", 1)) - 1) + str(s["label"]))
            for s in self.facts.get("subtrees") or []
        ]
        if self.facts.get("subtrees") is not None:
            subtree.help_text = ""  # the parts are offered now
        standards.choices = _level_choices(self.facts, units=False)
        standards.initial = "auto"
        units.choices = _level_choices(self.facts, units=True)
        units.initial = "auto"

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().options(),
            "subtree": data.get("subtree") or "",
            "standards": data.get("standards") or "auto",
            "units": data.get("units") or "auto",
        }


# --- comparing the file with the map -------------------------------------------------------


@dataclass(frozen=True)
class WantUnit:
    key: str  # how the file's standards name it: a CASE identifier, or a title in any case
    title: str
    case_id: str  # "" from a CSV file


@dataclass(frozen=True)
class WantStandard:
    key: str  # CASE identifier, or the code
    unit_key: str
    code: str
    statement: str
    i_can: str
    i_can_given: bool  # the file says it (else: only for a new standard, or an empty one)
    case_id: str
    note: str = ""  # said when it is created


@dataclass
class Target:
    mastery_map: MasteryMap | None  # None: a new map
    title: str


@dataclass
class NewStandard:
    want: WantStandard
    unit: Unit  # saved, or one of Writes.new_units
    position: int
    icon: str
    colour: str


@dataclass
class Writes:
    new_units: list[Unit] = field(default_factory=list)
    changed_units: list[Unit] = field(default_factory=list)
    new_standards: list[NewStandard] = field(default_factory=list)
    # Each changed standard with its new values ("unit" holds a Unit, maybe a new one).
    changed_standards: list[tuple[Standard, dict[str, Any]]] = field(default_factory=list)


def _what() -> dict[str, str]:
    return {
        "map": _("Mastery map"),
        "unit": _("Unit"),
        "standard": _("Standard"),
        "folded": _("Part of a standard"),
        "left_out": _("Left out"),
    }


def _field_names() -> dict[str, str]:
    return {
        "code": _("code"),
        "statement": _("statement"),
        "i_can": _("“I can…” statement"),
        "unit": _("unit"),
        "position": _("order"),
        "case_id": _("linked to the file's item"),
        "title": _("title"),
    }


def _changed(fields: list[str]) -> str:
    names = _field_names()
    return _("Changes: %(fields)s") % {"fields": ", ".join(names[f] for f in fields)}


def _same_text(stored: str, wanted: str, *, by_case: bool) -> bool:
    """Whether a stored statement says what the file says. Spacing and line ends do not
    count; for CASE, nor does HTML the stored text still has (the file's is removed)."""
    wanted = " ".join(wanted.split())
    if " ".join(stored.split()) == wanted:
        return True
    return by_case and " ".join(case.plain_text(stored).split()) == wanted


def _positions(
    desired: list[tuple[WantStandard, Standard | None]], unit: Unit, in_unit: list[Standard]
) -> list[int]:
    """Each desired standard's position in `unit`. The present order is kept when the file
    has it (newcomers after everything already there); else the file's order, 0, 1, 2…"""
    stays = [
        (n, s)
        for n, (_w, s) in enumerate(desired)
        if s is not None and unit.pk is not None and s.unit_id == unit.pk
    ]
    keys = [(s.position, s.pk) for _n, s in stays]
    in_order = keys == sorted(keys)
    last_stay = stays[-1][0] if stays else -1
    staying = {n for n, _s in stays}
    newcomers_last = all(n > last_stay for n in range(len(desired)) if n not in staying)
    if not (in_order and newcomers_last):
        return list(range(len(desired)))
    top = max((s.position for s in in_unit), default=-1)
    positions: list[int] = []
    for n, (_w, s) in enumerate(desired):
        if n in staying and s is not None:
            positions.append(s.position)
        else:
            top += 1
            positions.append(top)
    return positions


def _reconcile(
    plan: Plan,
    target: Target,
    want_units: list[WantUnit],
    want_standards: list[WantStandard],
    *,
    by_case: bool,
    file_ids: set[str],
    progress: Callable[[int, int], None],
) -> Writes:
    """What writing the file into the target map changes, listed in `plan`: the map's
    units and standards are loaded once (two queries), then compared in memory."""
    writes = Writes()
    mastery_map = target.mastery_map
    units: list[Unit] = []
    standards: list[Standard] = []
    if mastery_map is not None:
        units = list(Unit.objects.filter(mastery_map=mastery_map).order_by("position", "id"))
        standards = list(Standard.all_objects.filter(mastery_map=mastery_map))
    unit_for = _plan_units(plan, mastery_map, units, want_units, writes, by_case=by_case)
    found, matched = _find_standards(plan, mastery_map, standards, want_standards, by_case=by_case)
    _plan_standards(plan, standards, found, unit_for, writes, by_case=by_case, progress=progress)
    # What the map has and the file does not: listed, never deleted.
    for standard in standards:
        if standard.pk in matched or standard.archived_at is not None:
            continue
        if by_case and (not standard.case_id or standard.case_id in file_ids):
            continue
        plan.add(
            "skip",
            _what()["standard"],
            standard.code,
            _("On the map but not in this file: left as it is."),
        )
    return writes


def _plan_units(
    plan: Plan,
    mastery_map: MasteryMap | None,
    units: list[Unit],
    want_units: list[WantUnit],
    writes: Writes,
    *,
    by_case: bool,
) -> dict[str, Unit]:
    """Each unit of the file: the map's unit it is (by CASE identifier, else by title), or a
    new one after the map's others."""
    what = _what()["unit"]
    by_id: dict[str, Unit] = {}
    by_title: dict[str, Unit] = {}
    for unit in units:
        if by_case and mastery_map is not None:
            key = unit.case_id or made_identifier(mastery_map, "unit", unit.pk)
            by_id.setdefault(key, unit)
        if not by_case or not unit.case_id:
            by_title.setdefault(unit.title.casefold(), unit)
    top = max((u.position for u in units), default=0)
    unit_for: dict[str, Unit] = {}
    taken: set[int] = set()
    for want in want_units:
        found = by_id.get(want.key) if by_case else None
        linked = False
        if found is None:
            found = by_title.get(want.title.casefold())
            linked = by_case and found is not None
        if found is None or found.pk in taken:
            top += 1
            unit = Unit(title=want.title, position=top, case_id=want.case_id)
            writes.new_units.append(unit)
            plan.add("create", what, want.title)
            unit_for[want.key] = unit
            continue
        taken.add(found.pk)
        unit_for[want.key] = found
        changes = []
        if by_case and found.title != want.title:
            found.title = want.title
            changes.append("title")
        if linked:
            found.case_id = want.case_id
            changes.append("case_id")
        if changes:
            writes.changed_units.append(found)
            plan.add("update", what, want.title, _changed(changes))
        else:
            plan.add("skip", what, want.title, _("Unchanged."))
    return unit_for


Found = tuple[WantStandard, Standard | None, bool]  # the file's standard, its row, linked now


def _find_standards(
    plan: Plan,
    mastery_map: MasteryMap | None,
    standards: list[Standard],
    want_standards: list[WantStandard],
    *,
    by_case: bool,
) -> tuple[list[Found], set[int]]:
    """Each standard of the file with its row on the map (None: a new one), and the ids of
    the rows the file names. Rows that cannot be written (a code taken, an archived
    standard) are listed and left out."""
    by_key: dict[str, Standard] = {}
    by_code: dict[str, Standard] = {}
    for standard in standards:
        by_code[standard.code] = standard
        if by_case and mastery_map is not None:
            key = standard.case_id or made_identifier(mastery_map, "standard", standard.pk)
            by_key.setdefault(key, standard)
    matched: set[int] = set()
    found: list[Found] = []
    for want in want_standards:
        where = f"CFItem {want.key}" if by_case else want.code
        linked = False
        row = by_key.get(want.key) if by_case else by_code.get(want.code)
        if row is None and by_case:
            same_code = by_code.get(want.code)
            if same_code is not None and same_code.case_id:
                message = _(
                    "This map already has a standard %(code)s that came from another CASE "
                    "item: skipped."
                )
                plan.problem(where, message % {"code": want.code})
                continue
            row, linked = same_code, same_code is not None
        if row is not None and row.pk in matched:
            message = _("Another row of the file already updates the standard %(code)s: skipped.")
            plan.problem(where, message % {"code": row.code})
            continue
        if row is not None:
            matched.add(row.pk)
            if row.archived_at is not None:
                detail = _("Archived on this map: restore it to update it from a file.")
                plan.add("skip", _what()["standard"], row.code, detail)
                continue
            other = by_code.get(want.code)
            if other is not None and other.pk != row.pk:
                message = _(
                    "The new code %(code)s of %(old)s is the code of another standard of this "
                    "map: skipped."
                )
                plan.problem(where, message % {"code": want.code, "old": row.code})
                continue
        found.append((want, row, linked))
    return found, matched


def _plan_standards(
    plan: Plan,
    standards: list[Standard],
    found: list[Found],
    unit_for: dict[str, Unit],
    writes: Writes,
    *,
    by_case: bool,
    progress: Callable[[int, int], None],
) -> None:
    """What each standard of the file becomes: created, updated (and how) or unchanged."""
    what = _what()["standard"]
    by_unit: dict[str, list[tuple[WantStandard, Standard | None]]] = {}
    for want, row, _linked in found:
        by_unit.setdefault(want.unit_key, []).append((want, row))
    in_units: dict[int, list[Standard]] = {}
    for standard in standards:
        in_units.setdefault(standard.unit_id, []).append(standard)
    position_of: dict[str, int] = {}
    for unit_key, desired in by_unit.items():
        unit = unit_for[unit_key]
        in_unit = in_units.get(unit.pk, []) if unit.pk is not None else []
        for (want, _row), position in zip(desired, _positions(desired, unit, in_unit), strict=True):
            position_of[want.key] = position

    icons, colours = list(ICONS), list(COLOURS)
    symbol = len(standards)
    for n, (want, row, linked) in enumerate(found):
        if n % PROGRESS_EVERY == 0:
            progress(n, len(found))
        unit = unit_for[want.unit_key]
        position = position_of[want.key]
        if row is None:
            icon, colour = icons[symbol % len(icons)], colours[symbol % len(colours)]
            writes.new_standards.append(NewStandard(want, unit, position, icon, colour))
            symbol += 1
            plan.add("create", what, want.code, want.note)
            continue
        changes: dict[str, Any] = {}
        if want.code != row.code:
            changes["code"] = want.code
        if not _same_text(row.statement, want.statement, by_case=by_case):
            changes["statement"] = want.statement
        takes_i_can = want.i_can_given or not row.i_can.strip()
        if takes_i_can and want.i_can and case.one_line(row.i_can) != want.i_can:
            changes["i_can"] = want.i_can
        if unit.pk is None or row.unit_id != unit.pk:
            changes["unit"] = unit
        if row.position != position:
            changes["position"] = position
        if linked:
            changes["case_id"] = want.case_id
        if changes:
            writes.changed_standards.append((row, changes))
            plan.add("update", what, want.code, _changed(list(changes)))
        else:
            plan.add("skip", what, want.code, _("Unchanged."))
    progress(len(found), len(found))


def _write(source: Source, target: Target, writes: Writes, *, case_id: str = "") -> MasteryMap:
    """Write the plan. Units and standards are written in bulk, not through
    standards.actions.create_standard/update_standard one row at a time: those take two or
    three queries per standard and a package holds hundreds. The rules they check (a code
    once per map, a unit of the same map, a known symbol) were checked by `_reconcile`
    against the rows it loaded in this same transaction."""
    mastery_map = target.mastery_map
    if mastery_map is None:
        mastery_map = create_mastery_map(author=source.user, title=target.title)
        if case_id:
            mastery_map.case_id = case_id
            mastery_map.save(update_fields=["case_id"])
    for unit in writes.new_units:
        unit.mastery_map = mastery_map
    Unit.objects.bulk_create(writes.new_units)
    if writes.changed_units:
        Unit.objects.bulk_update(writes.changed_units, ["title", "case_id"])
    Standard.all_objects.bulk_create(
        [
            Standard(
                mastery_map=mastery_map,
                unit=new.unit,
                code=new.want.code,
                statement=new.want.statement,
                i_can=new.want.i_can,
                icon=new.icon,
                colour=new.colour,
                position=new.position,
                case_id=new.want.case_id,
            )
            for new in writes.new_standards
        ]
    )
    by_fields: dict[tuple[str, ...], list[Standard]] = {}
    for row, changes in writes.changed_standards:
        for name, value in changes.items():
            setattr(row, name, value)
        by_fields.setdefault(tuple(sorted(changes)), []).append(row)
    for fields, rows in by_fields.items():
        Standard.all_objects.bulk_update(rows, list(fields))
    return mastery_map


def _target(source: Source, plan: Plan, default_title: str) -> Target | None:
    """The map the options name, checked again now (access may have changed since the
    preview); None, with a fatal problem, when the person may not write there."""
    choice = str(source.options.get("target") or NEW)
    if choice == NEW:
        if not may_author_maps(source.user):
            plan.problem(
                source.filename, _("Only teachers and school admins make maps."), fatal=True
            )
            return None
        title = str(source.options.get("title") or "").strip() or default_title
        return Target(None, case.cut(title, case.TITLE_MAX) or _("Imported standards"))
    map_id = parse_id(choice)
    try:
        if map_id is None:
            raise Http404("No such map.")
        mastery_map = get_mastery_map_for_editor(source.user, map_id)
    except Http404:
        plan.problem(
            source.filename,
            _("You may not change this map, or it no longer exists: choose another."),
            fatal=True,
        )
        return None
    return Target(mastery_map, mastery_map.title)


def _finish(source: Source, plan: Plan, target: Target, writes: Writes, *, case_id: str) -> None:
    """Apply: refuse (rolling back the caller's transaction) or write and say where."""
    if plan.refused(all_or_nothing=bool(source.options.get("all_or_nothing"))):
        raise Refused(plan)
    try:
        mastery_map = _write(source, target, writes, case_id=case_id)
    except ActionError as error:
        plan.problem(source.filename, error.message, fatal=True)
        raise Refused(plan) from error
    plan.facts["map_id"] = mastery_map.pk
    plan.facts["next"] = [
        {
            "url": reverse("standards:map-detail", args=[mastery_map.pk]),
            "label": _("Open the map “%(title)s”") % {"title": mastery_map.title},
            "detail": "",
        }
    ]


# --- CSV -----------------------------------------------------------------------------------


def _csv(source: Source, *, write: bool) -> Plan:
    plan = Plan()
    try:
        table = read_csv(source.data, source.filename)
    except FileProblem as problem:
        plan.problem(problem.where, problem.message, fatal=True)
        return plan
    parsed = standards_csv.parse_rows(table.headers, [(r.line, r.cells) for r in table.rows])
    for issue in parsed.issues:
        plan.problem(
            _line(source.filename, issue.line),
            _say(CSV_MESSAGES, issue.code, issue.params),
            fatal=issue.fatal,
        )
    plan.facts["rows"] = len(table.rows)
    if plan.fatal:
        return plan
    target = _target(source, plan, PurePosixPath(source.filename).stem)
    if target is None:
        return plan
    if target.mastery_map is None:
        plan.add("create", _what()["map"], target.title)
    want_units: dict[str, WantUnit] = {}
    want_standards: list[WantStandard] = []
    for row in parsed.rows:
        key = row.unit.casefold()
        want_units.setdefault(key, WantUnit(key, row.unit, ""))
        want_standards.append(
            WantStandard(
                key=row.code,
                unit_key=key,
                code=row.code,
                statement=row.statement,
                i_can=row.i_can or case.derive_i_can(row.statement),
                i_can_given=bool(row.i_can),
                case_id="",
            )
        )
    writes = _reconcile(
        plan,
        target,
        list(want_units.values()),
        want_standards,
        by_case=False,
        file_ids=set(),
        progress=source.progress,
    )
    if write:
        _finish(source, plan, target, writes, case_id="")
    return plan


def plan_csv(source: Source) -> Plan:
    return _csv(source, write=False)


def apply_csv(source: Source) -> Plan:
    return _csv(source, write=True)


# --- CASE ----------------------------------------------------------------------------------


def _same_package_hint(user: User, document_id: str) -> str:
    """When a map the person edits already came from this package, say so."""
    for mastery_map in mastery_maps_for_teacher(user).filter(case_id=document_id):
        if may_edit_mastery_map(user, mastery_map):
            return _(
                "The map “%(title)s” already came from this file: choose it under “Import "
                "into” to update it instead of making another map."
            ) % {"title": mastery_map.title}
    return ""


def _case(source: Source, *, write: bool) -> Plan:
    plan = Plan()
    try:
        data = parse_json(source.data, source.filename)
    except FileProblem as problem:
        plan.problem(problem.where, problem.message, fatal=True)
        return plan
    package = case.parse_package(data)
    for issue in package.issues:
        plan.problem(
            _case_where(issue, source.filename),
            _say(CASE_MESSAGES, issue.code, issue.params),
            fatal=issue.fatal,
        )
    if package.fatal:
        return plan
    source.progress(len(package.items) // 4, len(package.items))
    plan.facts.update(case.describe(package))
    options = source.options
    selection = case.Selection(
        standards=str(options.get("standards") or "auto"),
        units=str(options.get("units") or "auto"),
        subtree=str(options.get("subtree") or ""),
    )
    outline = case.outline(package, selection)
    plan.facts["resolved"] = {"standards": outline.standards_rule, "units": outline.units_rule}
    for issue in outline.issues:
        plan.problem(
            _case_where(issue, source.filename),
            _say(CASE_MESSAGES, issue.code, issue.params),
            fatal=issue.fatal,
        )
    if plan.fatal:
        return plan
    if not outline.standards:
        plan.problem(
            source.filename,
            _("No item of this file is a standard under the choices made: choose other levels."),
            fatal=True,
        )
        return plan
    target = _target(source, plan, package.title or PurePosixPath(source.filename).stem)
    if target is None:
        return plan
    if target.mastery_map is None:
        hint = _same_package_hint(source.user, package.document_id)
        plan.add("create", _what()["map"], target.title, hint)
    want_units = [WantUnit(u.key, u.title, u.key) for u in outline.units]
    want_standards = [
        WantStandard(
            key=s.identifier,
            unit_key=s.unit_key,
            code=s.code,
            statement=s.statement,
            i_can=s.i_can,
            i_can_given=s.i_can_given,
            case_id=s.identifier,
            note=_("It has no code in the file: made from its place in the tree.")
            if s.code_made
            else "",
        )
        for s in outline.standards
    ]
    writes = _reconcile(
        plan,
        target,
        want_units,
        want_standards,
        by_case=True,
        file_ids=set(package.items),
        progress=source.progress,
    )
    what = _what()
    for folded in outline.folded:
        plan.add(
            "skip",
            what["folded"],
            folded.label,
            _("Added to the statement of %(code)s.") % {"code": folded.into},
        )
    for kind, count in sorted(outline.left_out.items()):
        plan.add(
            "skip",
            what["left_out"],
            kind or _("Items with no type"),
            ngettext(
                "%(n)d item that is neither a unit nor a standard.",
                "%(n)d items that are neither units nor standards.",
                count,
            )
            % {"n": count},
        )
    if write:
        _finish(source, plan, target, writes, case_id=package.document_id)
    return plan


def plan_case(source: Source) -> Plan:
    return _case(source, write=False)


def apply_case(source: Source) -> Plan:
    return _case(source, write=True)


CSV_IMPORTER = Importer(
    key="standards-csv",
    title=gettext_lazy("Standards from a CSV file"),
    description=gettext_lazy(
        "Units and standards from a spreadsheet in our template (unit, code, statement, "
        "“I can…” statement, order), into a new mastery map or one you edit."
    ),
    audience="teacher",
    accept=".csv,text/csv",
    form=StandardsOptionsForm,
    plan=plan_csv,
    apply=apply_csv,
    help_template="exchange/help_standards_csv.html",
)

CASE_IMPORTER = Importer(
    key="case",
    title=gettext_lazy("Standards from a CASE package"),
    description=gettext_lazy(
        "A 1EdTech CASE 1.0 or 1.1 package (JSON), such as the Common Core from the CASE "
        "Network, into a new mastery map or one you edit: you choose which part of the tree "
        "becomes units and which becomes standards."
    ),
    audience="teacher",
    accept=".json,application/json",
    form=CaseOptionsForm,
    plan=plan_case,
    apply=apply_case,
    help_template="exchange/help_case.html",
    paste=True,
)
