"""Pure. Reading a 1EdTech CASE package (a CFPackage in JSON, CASE 1.0 or 1.1) into a tree,
and choosing which part of the tree becomes units and which becomes standards.

`parse_package` takes the decoded JSON and returns a `Package`: the CFDocument's title and
identifier, the CFItems (statements stripped of inline HTML, codes kept as written) and
their isChildOf tree with siblings in order. `describe` says what the file offers (kinds of
item with their counts and depth, the top subtrees) so a form can offer them; `outline`
applies a `Selection` and returns the units and standards to import, the items folded into
a standard's statement, and what is left out.

Both CASE versions come in the same shape here: 1.1 marks itself with
`CFDocument.caseVersion` ("1.1"), drops `CFPackageURI` and `CFDocumentURI`, and may carry
`extensions`; some services wrap the package in `{"CFPackage": {...}}`. Both are accepted.

Problems are returned as `Issue`s: a stable code, where (an identifier), and parameters;
the Django side (standards_import.py) turns them into translated sentences. A fatal issue
means the file cannot be used at all.

Order of siblings: the isChildOf association's `sequenceNumber`, then the item's
`listEnumeration`, then its `humanCodingScheme`, both in natural order ("2" before "10"),
then the order in the file. (The Common Core package gives every association the sequence
number 0, and the ACT excerpt gives none: the fallbacks decide.)
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

CODE_MAX = 40  # Standard.code
I_CAN_MAX = 300  # Standard.i_can
TITLE_MAX = 200  # Unit.title, MasteryMap.title
IDENTIFIER_MAX = 64  # the case_id fields

# A unit should group a handful of standards: "auto" takes the nearest kind of item above
# the standards that groups at least this many on average (the Domain in the Common Core).
UNIT_MIN_AVERAGE = 4
# Subtrees offered to limit an import to (the grade levels of the Common Core are at 2).
SUBTREE_MAX_DEPTH = 2
# At most this many of each kind of choice are offered (a real framework has far fewer).
CHOICES_MAX = 60


@dataclass(frozen=True)
class Issue:
    """A problem in the package. `where` is the CFItem's or CFAssociation's identifier (or a
    place such as "CFItems[3]"), "" for the file as a whole."""

    code: str
    where: str = ""
    params: dict[str, str | int] = field(default_factory=dict)
    fatal: bool = False


@dataclass(frozen=True)
class Item:
    identifier: str
    code: str  # humanCodingScheme, as written ("" when it has none)
    statement: str  # fullStatement as plain text
    abbreviated: str  # abbreviatedStatement as plain text
    item_type: str  # CFItemType ("" when it has none)
    list_enumeration: str
    i_can: str  # our own extension (extensions.iCan), written by the CASE export
    index: int  # place in the file

    @property
    def label(self) -> str:
        """How a person names the item: its code and its short statement."""
        text = self.abbreviated or self.statement
        return f"{self.code} {text}".strip() if self.code else text


@dataclass
class Package:
    version: str  # "1.0" or "1.1"
    document_id: str
    title: str
    items: dict[str, Item]
    # The tree: each node's children in order; the document's identifier is the root.
    children: dict[str, list[str]]
    parent: dict[str, str]
    depth: dict[str, int]  # the root's children are at depth 1
    issues: list[Issue]

    @property
    def fatal(self) -> bool:
        return any(i.fatal for i in self.issues)

    def walk(self, root: str) -> Iterator[str]:
        """The identifiers below `root` (not itself), depth first, in order."""
        stack = list(reversed(self.children.get(root, [])))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(self.children.get(node, [])))

    def ancestors(self, identifier: str) -> Iterator[str]:
        """The items above `identifier`, nearest first, up to (not including) the root."""
        node = self.parent.get(identifier)
        while node is not None and node in self.items:
            yield node
            node = self.parent.get(node)


# --- text ----------------------------------------------------------------------------------

_SUPERSCRIPT = dict(
    zip("0123456789+-=()nitcxyab", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᶜˣʸᵃᵇ", strict=True),
)
_SUBSCRIPT = dict(
    zip("0123456789+-=()aeoxhklmnpstijruv", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", strict=True)
)
# Only these names are taken for tags: "x<y and y>z" stays as written.
_TAGS = (
    "a|abbr|b|big|blockquote|br|caption|center|cite|code|col|colgroup|dd|del|dfn|div|dl|dt|"
    "em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|math|mi|mn|mo|mrow|msup|msub|mfrac|ol|p|pre|q|"
    "s|samp|section|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|"
    "ul|var|wbr"
)
_DROP_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT_SUB = re.compile(r"<(sup|sub)\b[^<>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_FRACTION = re.compile(
    r"<sup\b[^<>]*>([^<>]*)</sup\s*>\s*/\s*<sub\b[^<>]*>([^<>]*)</sub\s*>", re.IGNORECASE
)
_BREAK = re.compile(
    r"<br\b[^<>]*>|</?(p|div|li|tr|h[1-6]|blockquote|ul|ol|table)\b[^<>]*>", re.IGNORECASE
)
_TAG = re.compile(rf"</?(?:{_TAGS})\b[^<>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


def _script(match: re.Match[str]) -> str:
    """<sup>4</sup> → ⁴ when every character has a Unicode superscript, else ^(…); the same
    for subscripts with _(…)."""
    kind, inner = match.group(1).lower(), _TAG.sub("", match.group(2)).strip()
    table = _SUPERSCRIPT if kind == "sup" else _SUBSCRIPT
    if inner and all(ch in table for ch in inner):
        return "".join(table[ch] for ch in inner)
    mark = "^" if kind == "sup" else "_"
    return f"{mark}{inner}" if re.fullmatch(r"[A-Za-z0-9]", inner) else f"{mark}({inner})"


def _fraction(match: re.Match[str]) -> str:
    """<sup>1/2</sup>/<sub>1/4</sub>, a stacked fraction, → (1/2)/(1/4)."""
    parts = [part.strip() for part in match.groups()]
    return "/".join(f"({p})" if re.search(r"[/\s+*-]", p) else p for p in parts)


def plain_text(value: str) -> str:
    """Inline HTML as plain text: known tags removed (script and style with their content),
    line breaks kept, entities decoded, runs of spaces collapsed. Other characters, × – ’ and
    any mojibake included, stay exactly as they are."""
    if "<" in value:
        value = _DROP_BLOCKS.sub("", value)
        value = _COMMENT.sub("", value)
        value = _FRACTION.sub(_fraction, value)
        value = _SCRIPT_SUB.sub(_script, value)
        value = _BREAK.sub("\n", value)
        value = _TAG.sub("", value)
    if "&" in value:
        value = _ENTITY.sub(lambda m: html.unescape(m.group(0)), value)
    lines = [_SPACES.sub(" ", line).strip() for line in value.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def one_line(text: str) -> str:
    return " ".join(text.split())


def cut(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary with "…" when longer than `limit`."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.") + "…"


def derive_i_can(statement: str, abbreviated: str = "") -> str:
    """CASE has no “I can…” statement: the abbreviated statement when there is one, else
    the statement, on one line and cut at 300 characters. The teacher edits it afterwards."""
    return cut(abbreviated or statement, I_CAN_MAX)


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sorts "L1.2" before "L1.10" and "a." before "b.": runs of digits compare as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in re.findall(r"\d+|\D+", text)
    )


# --- parsing -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return ""


def _node_id(link: Any) -> str:
    """The identifier in an originNodeURI/destinationNodeURI (or the last part of its uri)."""
    if isinstance(link, str):
        return link.rstrip("/").rsplit("/", 1)[-1]
    if not isinstance(link, dict):
        return ""
    ident = _text(link.get("identifier")).strip()
    if ident:
        return ident
    return _text(link.get("uri")).strip().rstrip("/").rsplit("/", 1)[-1]


def _sequence(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        return int(value)
    return None


def _version(document: dict[str, Any], raw: dict[str, Any]) -> str:
    if _text(document.get("caseVersion")).strip() == "1.1":
        return "1.1"
    package_uri = document.get("CFPackageURI")
    uri = _text(document.get("uri")) + (
        _text(package_uri.get("uri")) if isinstance(package_uri, dict) else ""
    )
    if "v1p1" in uri or "extensions" in raw or "extensions" in document:
        return "1.1"
    return "1.0"


def _fatal(code: str, **params: str | int) -> Package:
    return Package(
        version="",
        document_id="",
        title="",
        items={},
        children={},
        parent={},
        depth={},
        issues=[Issue(code, "", dict(params), fatal=True)],
    )


def _read_item(raw: Any, index: int, issues: list[Issue]) -> Item | None:
    where = f"CFItems[{index}]"
    if not isinstance(raw, dict):
        issues.append(Issue("item_not_object", where))
        return None
    identifier = _text(raw.get("identifier")).strip()
    if not identifier:
        issues.append(Issue("item_no_identifier", where))
        return None
    if len(identifier) > IDENTIFIER_MAX:
        issues.append(Issue("identifier_too_long", identifier[:80], {"max": IDENTIFIER_MAX}))
        return None
    extensions = raw.get("extensions")
    i_can = _text(extensions.get("iCan")) if isinstance(extensions, dict) else ""
    return Item(
        identifier=identifier,
        code=one_line(_text(raw.get("humanCodingScheme"))),
        statement=plain_text(_text(raw.get("fullStatement"))),
        abbreviated=one_line(plain_text(_text(raw.get("abbreviatedStatement")))),
        item_type=one_line(_text(raw.get("CFItemType"))),
        list_enumeration=one_line(_text(raw.get("listEnumeration"))),
        i_can=one_line(i_can),
        index=index,
    )


def parse_package(data: Any) -> Package:
    """The package in `data` (decoded JSON), with every problem found as an `Issue`."""
    if isinstance(data, dict) and isinstance(data.get("CFPackage"), dict):
        data = data["CFPackage"]
    if not isinstance(data, dict):
        return _fatal("not_object", found=type(data).__name__)
    document = data.get("CFDocument")
    if not isinstance(document, dict):
        return _fatal("no_document")
    document_id = _text(document.get("identifier")).strip()
    if not document_id:
        return _fatal("document_no_identifier")
    if len(document_id) > IDENTIFIER_MAX:
        return _fatal("identifier_too_long", max=IDENTIFIER_MAX)
    raw_items = data.get("CFItems")
    if not isinstance(raw_items, list) or not raw_items:
        return _fatal("no_items")
    raw_associations = data.get("CFAssociations", [])
    if not isinstance(raw_associations, list):
        raw_associations = []

    issues: list[Issue] = []
    items: dict[str, Item] = {}
    for index, raw in enumerate(raw_items):
        item = _read_item(raw, index, issues)
        if item is None:
            continue
        if item.identifier in items or item.identifier == document_id:
            issues.append(Issue("duplicate_identifier", item.identifier))
            continue
        items[item.identifier] = item
    if not items:
        return Package(
            version=_version(document, data),
            document_id=document_id,
            title=one_line(_text(document.get("title"))),
            items={},
            children={},
            parent={},
            depth={},
            issues=[*issues, Issue("no_items", fatal=True)],
        )

    # isChildOf: the first association naming an item as child places it (CASE allows an
    # item to be reused under several parents; a mastery map holds each standard once).
    parent: dict[str, str] = {}
    sequence: dict[str, int | None] = {}
    any_child_of = False
    for n, raw in enumerate(raw_associations):
        if not isinstance(raw, dict) or _text(raw.get("associationType")) != "isChildOf":
            continue
        any_child_of = True
        where = _text(raw.get("identifier")).strip() or f"CFAssociations[{n}]"
        child = _node_id(raw.get("originNodeURI"))
        above = _node_id(raw.get("destinationNodeURI"))
        if child not in items:
            issues.append(Issue("association_missing_item", where, {"item": child or "?"}))
            continue
        if above != document_id and above not in items:
            issues.append(
                Issue("association_missing_parent", where, {"item": above or "?", "child": child})
            )
            above = document_id
        if child in parent or child == above:
            continue
        parent[child] = above
        sequence[child] = _sequence(raw.get("sequenceNumber"))

    for identifier in items:
        if identifier not in parent:
            if any_child_of:
                issues.append(Issue("no_parent", identifier))
            parent[identifier] = document_id
            sequence[identifier] = None

    children: dict[str, list[str]] = {}
    for identifier in items:
        children.setdefault(parent[identifier], []).append(identifier)

    def order(identifier: str) -> tuple[Any, ...]:
        item = items[identifier]
        seq = sequence.get(identifier)
        return (
            (0, seq) if seq is not None else (1, 0),
            natural_key(item.list_enumeration),
            natural_key(item.code),
            item.index,
        )

    for siblings in children.values():
        siblings.sort(key=order)

    depth: dict[str, int] = {}
    stack = [(child, 1) for child in reversed(children.get(document_id, []))]
    while stack:
        node, level = stack.pop()
        if node in depth:
            continue
        depth[node] = level
        stack.extend((child, level + 1) for child in reversed(children.get(node, [])))
    for identifier in items:
        if identifier not in depth:
            # Part of a loop (A is a child of B, B of A): never reached from the document.
            issues.append(Issue("cycle", identifier))
    reachable = {i: items[i] for i in items if i in depth}
    children = {
        node: [c for c in kids if c in depth]
        for node, kids in children.items()
        if node == document_id or node in depth
    }
    return Package(
        version=_version(document, data),
        document_id=document_id,
        title=one_line(_text(document.get("title"))),
        items=reachable,
        children=children,
        parent={i: p for i, p in parent.items() if i in depth},
        depth=depth,
        issues=issues,
    )


# --- what the file offers ------------------------------------------------------------------


def describe(package: Package) -> dict[str, Any]:
    """What the file offers, JSON-safe, for the options form: its kinds of item (count and
    most common depth), its depths, and the subtrees an import may be limited to."""
    by_type: Counter[str] = Counter()
    depths_of: dict[str, Counter[int]] = {}
    depths: Counter[int] = Counter()
    for identifier, item in package.items.items():
        level = package.depth[identifier]
        depths[level] += 1
        if item.item_type:
            by_type[item.item_type] += 1
            depths_of.setdefault(item.item_type, Counter())[level] += 1
    types = sorted(
        (
            {"name": name, "count": count, "depth": depths_of[name].most_common(1)[0][0]}
            for name, count in by_type.most_common(CHOICES_MAX)
        ),
        key=lambda t: (t["depth"], t["name"]),
    )
    subtrees = [
        {
            "id": identifier,
            "label": cut(package.items[identifier].label, 120),
            "depth": package.depth[identifier],
        }
        for identifier in package.walk(package.document_id)
        if package.depth[identifier] <= SUBTREE_MAX_DEPTH and package.children.get(identifier)
    ][:CHOICES_MAX]
    leaves = sum(1 for i in package.items if not package.children.get(i))
    return {
        "title": package.title,
        "version": package.version,
        "document_id": package.document_id,
        "items": len(package.items),
        "leaves": leaves,
        "types": types,
        "depths": [{"depth": d, "count": depths[d]} for d in sorted(depths)][:CHOICES_MAX],
        "subtrees": subtrees,
    }


# --- choosing units and standards ----------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which items become standards and which their units.

    standards: "auto" (items of type Standard, else the leaves), "leaves", "type:<CFItemType>"
      or "depth:<n>". Items below a standard are folded into its statement.
    units: "auto" (the nearest kind of item above the standards that groups a handful of
      them), "parent" (each standard's parent), "one" (a single unit), "type:<CFItemType>"
      or "depth:<n>". A standard with no such item above it goes into its parent's unit.
    subtree: an item's identifier to import only what is below it, or "" for everything.
    """

    standards: str = "auto"
    units: str = "auto"
    subtree: str = ""


@dataclass(frozen=True)
class PlannedUnit:
    key: str  # the CASE identifier of the item it comes from (the document for "one")
    title: str


@dataclass(frozen=True)
class PlannedStandard:
    identifier: str
    code: str
    code_made: bool  # the item had no code: made from its parent's and its place
    statement: str  # with the folded items' statements below it
    i_can: str
    i_can_given: bool  # from the file (our own export), not derived
    unit_key: str
    folded: tuple[str, ...]  # identifiers folded into the statement


@dataclass(frozen=True)
class Folded:
    identifier: str
    label: str  # its code, or its statement cut short
    into: str  # the standard's code


@dataclass
class Outline:
    units: list[PlannedUnit]
    standards: list[PlannedStandard]
    folded: list[Folded]
    left_out: dict[str, int]  # CFItemType ("" for none) → items neither unit nor standard
    issues: list[Issue]
    standards_rule: str  # what "auto" resolved to
    units_rule: str


def _matches(package: Package, identifier: str, rule: str) -> bool:
    if rule == "leaves":
        return not package.children.get(identifier)
    if rule.startswith("type:"):
        return package.items[identifier].item_type.casefold() == rule[5:].casefold()
    if rule.startswith("depth:"):
        return str(package.depth[identifier]) == rule[6:]
    return False


def _standards_rule(package: Package, rule: str, root: str) -> str:
    if rule != "auto":
        return rule
    if any(package.items[i].item_type.casefold() == "standard" for i in package.walk(root)):
        return "type:Standard"
    return "leaves"


def _units_rule(package: Package, standard_ids: list[str]) -> str:
    """The nearest kind of item above the standards that groups at least UNIT_MIN_AVERAGE
    of them on average and covers at least half of them; else the nearest kind covering
    half; else each standard's parent."""
    groups: dict[str, set[str]] = {}
    covered: Counter[str] = Counter()
    distance: dict[str, list[int]] = {}
    for identifier in standard_ids:
        seen: set[str] = set()
        for steps, above in enumerate(package.ancestors(identifier), start=1):
            kind = package.items[above].item_type
            if not kind or kind in seen:
                continue
            seen.add(kind)
            groups.setdefault(kind, set()).add(above)
            covered[kind] += 1
            distance.setdefault(kind, []).append(steps)
    half = len(standard_ids) / 2
    kinds = sorted(
        (k for k in groups if covered[k] >= half),
        key=lambda k: (sum(distance[k]) / len(distance[k]), k),
    )
    for kind in kinds:
        if covered[kind] / len(groups[kind]) >= UNIT_MIN_AVERAGE:
            return f"type:{kind}"
    return f"type:{kinds[0]}" if kinds else "parent"


def _unit_of(
    package: Package, identifier: str, rule: str, root: str
) -> str:  # the unit's key: an item, or the root
    if rule == "one":
        return root
    parent = package.parent.get(identifier, root)
    if rule != "parent":
        for above in package.ancestors(identifier):
            if _matches(package, above, rule):
                return above
            if above == root:
                break
    if parent == root or parent not in package.items:
        return root
    return parent


def _made_code(package: Package, identifier: str, places: dict[str, int]) -> str:
    """An item without a code: its nearest coded ancestor's code and its place among its
    siblings ("7.RP.A" + 4th → "7.RP.A.4"); "" when nothing above it has a code either."""
    for above in package.ancestors(identifier):
        code = package.items[above].code
        if code:
            if not places:
                places.update(
                    (child, n)
                    for kids in package.children.values()
                    for n, child in enumerate(kids, start=1)
                )
            return f"{code}.{places.get(identifier, 1)}"
    return ""


def outline(package: Package, selection: Selection) -> Outline:
    """The units and standards `selection` takes from `package`, in order, with the items
    folded into standards, the items left out (counted by type), and the problems."""
    issues: list[Issue] = []
    root = package.document_id
    if selection.subtree:
        if selection.subtree in package.items:
            root = selection.subtree
        else:
            issues.append(Issue("subtree_missing", selection.subtree, fatal=True))
    standards_rule = _standards_rule(package, selection.standards, root)

    chosen: list[str] = []
    folded_into: dict[str, list[str]] = {}
    stack = list(reversed(package.children.get(root, [])))
    while stack:
        node = stack.pop()
        if _matches(package, node, standards_rule):
            chosen.append(node)
            folded_into[node] = list(package.walk(node))
        else:
            stack.extend(reversed(package.children.get(node, [])))

    units_rule = selection.units
    if units_rule == "auto":
        units_rule = _units_rule(package, chosen) if chosen else "parent"

    unit_order: list[str] = []
    unit_seen: set[str] = set()
    places: dict[str, int] = {}  # each item's place among its siblings, once needed
    standards: list[PlannedStandard] = []
    folded: list[Folded] = []
    codes: dict[str, str] = {}
    for identifier in chosen:
        item = package.items[identifier]
        code, made = item.code, False
        if not code:
            code, made = _made_code(package, identifier, places), True
            if not code:
                issues.append(Issue("no_code", identifier, {"statement": cut(item.statement, 60)}))
                continue
        if len(code) > CODE_MAX:
            issues.append(Issue("code_too_long", identifier, {"code": code, "max": CODE_MAX}))
            continue
        if code in codes:
            issues.append(Issue("duplicate_code", identifier, {"code": code, "other": codes[code]}))
            continue
        statement = item.statement or item.abbreviated
        if not statement:
            issues.append(Issue("no_statement", identifier, {"code": code}))
            continue
        codes[code] = identifier
        lines = []
        for below in folded_into[identifier]:
            sub = package.items[below]
            mark = sub.list_enumeration or sub.code
            text = one_line(sub.statement or sub.abbreviated)
            lines.append(f"{mark} {text}".strip())
            folded.append(Folded(below, sub.code or cut(text, 40), code))
        if lines:
            statement = statement + "\n\n" + "\n".join(lines)
        unit_key = _unit_of(package, identifier, units_rule, root)
        if unit_key not in unit_seen:
            unit_seen.add(unit_key)
            unit_order.append(unit_key)
        i_can = (
            item.i_can[:I_CAN_MAX] if item.i_can else derive_i_can(item.statement, item.abbreviated)
        )
        standards.append(
            PlannedStandard(
                identifier=identifier,
                code=code,
                code_made=made,
                statement=statement,
                i_can=i_can,
                i_can_given=bool(item.i_can),
                unit_key=unit_key,
                folded=tuple(folded_into[identifier]),
            )
        )

    titled = _unit_titles(package, unit_order, root)
    planned_units = [PlannedUnit(key, titled[key]) for key in unit_order]
    position = {key: n for n, key in enumerate(unit_order)}
    standards.sort(key=lambda s: position[s.unit_key])  # stable: tree order within a unit

    used = {s.identifier for s in standards} | set(unit_order)
    used |= {f for s in standards for f in s.folded}
    left_out: Counter[str] = Counter(
        package.items[i].item_type for i in package.walk(root) if i not in used
    )
    return Outline(
        units=planned_units,
        standards=standards,
        folded=folded,
        left_out=dict(left_out),
        issues=issues,
        standards_rule=standards_rule,
        units_rule=units_rule,
    )


def _unit_titles(package: Package, keys: list[str], root: str) -> dict[str, str]:
    """Each unit's title: its item's code and short statement. Titles that would repeat
    ("Geometry" in several grades) get the item above them first ("Grade 7: Geometry")."""

    def own(key: str) -> str:
        if key in package.items:
            return package.items[key].label
        return package.title or "CASE"

    titles = {key: cut(own(key), TITLE_MAX) for key in keys}
    repeats = Counter(titles.values())
    for key in keys:
        if repeats[titles[key]] > 1 and key in package.items:
            above = next(package.ancestors(key), None)
            if above is not None:
                context = cut(package.items[above].label, 60)
                titles[key] = cut(f"{context}: {own(key)}", TITLE_MAX)
    return titles
