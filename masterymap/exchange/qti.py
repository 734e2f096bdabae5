"""Pure. Questions in and out as 1EdTech QTI: reading QTI 2.x and 3.0 assessment items and
IMS content packages into neutral `ItemDraft`s, and writing drafts as QTI 3.0 items and a
package.

Reading. `read_document` takes one parsed XML file (a loose item), `read_package` the files
of a zip and a `parse` function (the caller's safe XML parser: its errors propagate, so a
hostile or malformed member stops the whole import). Both return a `Reading`: the drafts,
the problems (`Issue`: a stable code, where, parameters; the Django side says them in the
reader's language) and what the package has besides questions (tests, outcome files).

QTI 2.x names elements and attributes in camelCase (`choiceInteraction maxChoices`), 3.0 in
kebab case with a `qti-` prefix (`qti-choice-interaction max-choices`): `_norm` and `_attr`
read both as the 2.x name, so the rules below are written once.

What becomes which kind of question (anything else is skipped with an issue naming it):
- choiceInteraction: single choice when its response has single cardinality (or it allows
  one choice); else multiple choice. The key is the correct response, or else the choices
  the mapping gives marks to.
- textEntryInteraction with a string response: short text. Accepted answers are the correct
  response and the mapping keys with full marks; a key with part marks that differs from an
  accepted one only in case or spacing is reported (answers here ignore case and spacing,
  so it earns full marks); other part-mark keys are left out (in the change's note).
- textEntryInteraction with a float or integer response: numeric, the correct response as
  its answer; the tolerance comes from an `equal` (absolute or relative) or `equalRounded`
  (decimal places) comparison with the correct response, else 0.
- extendedTextInteraction: open response, scored by the teacher; its rubric is the item's
  scorer rubricBlock.
- Skipped: other interactions (match, order, inline choice, hotspot, graphic, custom,
  portable custom…), several interactions in one item, adaptive items, templates
  (randomised variables), shared stimuli, audio and video, MathML without a LaTeX
  annotation, and response processing we cannot read (a custom one that compares the
  answer with anything but the declared correct response).

Scoring here is right or wrong: partial and negative marks in a mapping are dropped (said
in the change's note); the item's points come from its MAXSCORE outcome (1 to 20), else 1.

The question's text (stem) is the whole item body in our Markdown: paragraphs, emphasis,
lists, quotes, tables, headings, code; the interaction's prompt stands where the
interaction is; a text entry inside a sentence becomes a blank (\\_\\_\\_\\_\\_), one that
ends its paragraph is the answer box and is dropped; a rubric block for candidates stays,
one for scorers becomes an open response's rubric. MathML is written as its LaTeX
annotation between dollar signs. One picture (`img`, or an image `object`; an object we
cannot show, such as EPS, gives way to its fallback content) becomes the question's
picture, with its alt text (made from the file name when missing, and reported); a picture
inside a choice becomes the choice's picture. A picture the package does not hold is
reported and the question imported without it (an object's fallback text stands in).

Identifiers: a question is known by its item identifier. When several items of a package
share one (items-package.zip has three "choice"s), each is known by its manifest
resource's identifier instead, which a manifest keeps unique.

Writing. `write_item` and `write_package` give QTI 3.0: choices with identifiers, the
correct response, response processing by the standard templates (match_correct; for short
text map_response, its accepted answers mapped without regard to case as here; a numeric
tolerance is an `equal` comparison with the correct response), an open response as
extended text with its rubric in a scorer rubricBlock, feedback as modal feedback, points as
MAXSCORE. LaTeX stays as text in the stem (`$\\frac{3}{4}$`), so reading the package back
gives the same drafts.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element, SubElement, tostring

from markdown_it import MarkdownIt

from masterymap.assessments.scoring import normalise_text
from masterymap.lib.markdown import _MATH as MATH_PATTERN

QTI2_NS = "http://www.imsglobal.org/xsd/imsqti_v2p2"
QTI3_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP3_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QTI3_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP3_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"

KINDS = ("single", "multiple", "numeric", "text", "open")
CHOICE_MAX = 500  # Choice.text
ALT_MAX = 300  # Item.image_alt
STEM_MAX = 10_000  # lib.fields.LONG_TEXT_MAX: the item editor's cap
POINTS_MAX = 20  # the item editor's cap
BLANK = "\\_" * 5  # a text entry inside a sentence: "_____", never emphasis
SUPPORTED = {"choiceInteraction", "textEntryInteraction", "extendedTextInteraction"}


# --- what reading gives --------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """A problem: `code` (stable, the Django side words it), `where` (an item's identifier,
    or "" for the file), `file` (the path in the package, or the file's name) and
    parameters. A fatal issue means nothing can be imported."""

    code: str
    where: str = ""
    file: str = ""
    params: dict[str, str | int] = field(default_factory=dict)
    fatal: bool = False


@dataclass(frozen=True)
class PictureDraft:
    """A picture: its path in the package, its bytes (None when the package does not hold
    it), its alt text, and whether that alt text was made from the file name."""

    path: str
    data: bytes | None
    alt: str
    alt_made: bool = False


@dataclass(frozen=True)
class ChoiceDraft:
    identifier: str
    text: str  # one line of Markdown
    correct: bool
    picture: PictureDraft | None = None


@dataclass(frozen=True)
class ItemDraft:
    """One question, in the words of our item bank (assessments.Item)."""

    identifier: str
    kind: str  # one of KINDS
    stem: str  # Markdown with $LaTeX$
    title: str = ""
    points: int = 1
    choices: tuple[ChoiceDraft, ...] = ()
    numeric_answer: float | None = None
    tolerance: float = 0.0
    accepted_answers: tuple[str, ...] = ()
    feedback: str = ""
    rubric: str = ""
    keep_order: bool = False
    picture: PictureDraft | None = None
    file: str = ""  # where it was read from
    # What reading changed in its scoring or left out (partial marks, conditional
    # feedback…): said in the preview beside the question, not problems.
    notes: tuple[Issue, ...] = ()

    def pictures(self) -> Iterator[PictureDraft]:
        if self.picture is not None:
            yield self.picture
        for choice in self.choices:
            if choice.picture is not None:
                yield choice.picture


@dataclass(frozen=True)
class LeftOut:
    """Something of the package that is not a question: a test (its order and random
    selection), an outcome declaration file."""

    kind: str  # "test", "section", "outcomes"
    identifier: str
    file: str
    items: int = 0  # a test: how many items it refers to


@dataclass
class Reading:
    items: list[ItemDraft] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    versions: set[str] = field(default_factory=set)  # "2.2", "3.0"…

    @property
    def fatal(self) -> bool:
        return any(i.fatal for i in self.issues)


Parse = Callable[[bytes, str], Element]


# --- names in both versions ------------------------------------------------------------------


def _local(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _namespace(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _camel(kebab: str) -> str:
    head, *rest = kebab.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _kebab(camel: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", camel).lower()


def _norm(element: Element) -> str:
    """The element's QTI 2.x name: `qti-choice-interaction` → `choiceInteraction`."""
    name = _local(element)
    return _camel(name[4:]) if name.startswith("qti-") else name


def _attr(element: Element, name: str, default: str = "") -> str:
    """An attribute by its 2.x name, in either spelling."""
    value = element.get(name)
    if value is None:
        value = element.get(_kebab(name))
    return default if value is None else value


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _norm(child) == name]


def _first(element: Element, name: str) -> Element | None:
    return next((child for child in element if _norm(child) == name), None)


def _descendants(element: Element, name: str) -> list[Element]:
    return [node for node in element.iter() if _norm(node) == name]


def _is_interaction(element: Element) -> bool:
    return _norm(element).endswith("Interaction")


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def sniff(root: Element) -> str:
    """What a parsed file is: "item", "test", "section", "manifest", "qti12", "results",
    "stimulus", or "other"."""
    return {
        "assessmentItem": "item",
        "assessmentTest": "test",
        "assessmentSection": "section",
        "manifest": "manifest",
        "questestinterop": "qti12",
        "assessmentResult": "results",
        "assessmentStimulus": "stimulus",
    }.get(_norm(root), "other")


def _version(root: Element) -> str:
    if _local(root).startswith("qti-"):
        return "3.0"
    match = re.search(r"imsqti_v(\d)p(\d)", _namespace(root))
    return f"{match.group(1)}.{match.group(2)}" if match else "2.x"


def _fatal_for(kind: str, root: Element, where: str) -> Issue:
    if kind in ("test", "section"):
        return Issue("test_alone", file=where, fatal=True)
    if kind == "manifest":
        return Issue("manifest_alone", file=where, fatal=True)
    if kind == "qti12":
        return Issue("qti12", file=where, fatal=True)
    if kind == "results":
        return Issue("results", file=where, fatal=True)
    if kind == "stimulus":
        return Issue("stimulus_alone", file=where, fatal=True)
    return Issue("not_qti", file=where, params={"root": _local(root)[:80]}, fatal=True)


# --- reading files ---------------------------------------------------------------------------


def read_document(root: Element, *, filename: str) -> Reading:
    """One loose XML file: an item (its pictures cannot be in it: they are reported
    missing), or a clear fatal issue saying what the file is instead."""
    reading = Reading()
    kind = sniff(root)
    if kind != "item":
        reading.issues.append(_fatal_for(kind, root, filename))
        return reading
    reading.versions.add(_version(root))
    draft, issues = read_item(root, path=filename, files={})
    reading.issues.extend(issues)
    if draft is not None:
        reading.items.append(draft)
    return reading


ITEM_TYPES = re.compile(r"^imsqti_item_xmlv(2p\d|3p0)$")
TEST_TYPES = re.compile(r"^imsqti_(test|section)_xmlv(2p\d|3p0)$")
QTI12_TYPES = re.compile(r"xmlv1p\d|imsqti_xmlv1", re.I)


def _inside(base: str, href: str) -> str | None:
    """`href` resolved against the folder `base`, or None when it leaves the package (an
    absolute path, "../" past the top, a URL)."""
    href = unquote(href.strip()).replace("\\", "/")
    if not href or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) or href.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(base, href))
    if path == ".." or path.startswith("../") or path.startswith("/"):
        return None
    return path


def read_package(files: Mapping[str, bytes], parse: Parse) -> Reading:
    """The files of a zip: an IMS content package (its imsmanifest.xml lists the items), or
    else a zip of loose item files. Errors from `parse` propagate."""
    manifests = sorted((p for p in files if posixpath.basename(p) == "imsmanifest.xml"), key=len)
    if not manifests:
        return _read_loose(files, parse)
    manifest_path = manifests[0]
    reading = Reading()
    root = parse(files[manifest_path], manifest_path)
    if sniff(root) != "manifest":
        reading.issues.append(Issue("not_manifest", file=manifest_path, fatal=True))
        return reading
    base = posixpath.dirname(manifest_path)
    resources = _descendants(root, "resource")
    item_resources: list[tuple[str, str]] = []
    old = 0
    for resource in resources:
        kind = _attr(resource, "type").strip()
        identifier = _attr(resource, "identifier")
        href = _attr(resource, "href")
        if QTI12_TYPES.search(kind):
            old += 1
            continue
        is_item = bool(ITEM_TYPES.match(kind))
        is_test = bool(TEST_TYPES.match(kind))
        if not (is_item or is_test or kind.startswith("imsqti_outcomes")):
            continue  # pictures, style sheets, stimuli, web content: read through the items
        if not href.strip():
            if is_item:
                reading.issues.append(
                    Issue("resource_no_href", where=identifier, file=manifest_path)
                )
            continue
        path = _inside(base, href)
        if path is None:
            reading.issues.append(
                Issue(
                    "outside",
                    where=identifier,
                    file=manifest_path,
                    params={"href": href[:200]},
                    fatal=True,
                )
            )
            return reading
        if is_item:
            item_resources.append((identifier, path))
        elif is_test:
            refs = len(_descendants(resource, "dependency"))
            if path in files:
                test_root = parse(files[path], path)
                refs = len(_descendants(test_root, "assessmentItemRef")) or refs
            reading.left_out.append(LeftOut(kind.split("_")[1], identifier, path, refs))
        else:
            reading.left_out.append(LeftOut("outcomes", identifier, path))
    if not item_resources:
        code = "qti12" if old else "no_items"
        reading.issues.append(Issue(code, file=manifest_path, fatal=True))
        return reading
    seen_paths: set[str] = set()
    alternates: dict[str, str] = {}
    for identifier, path in item_resources:
        if path in seen_paths:
            continue
        seen_paths.add(path)
        if path not in files:
            reading.issues.append(
                Issue(
                    "resource_missing", where=identifier, file=manifest_path, params={"href": path}
                )
            )
            continue
        alternates[path] = identifier
        _read_member(reading, files, path, parse(files[path], path))
    _drop_duplicates(reading, alternates)
    return reading


def _read_loose(files: Mapping[str, bytes], parse: Parse) -> Reading:
    reading = Reading()
    xml_paths = sorted(p for p in files if p.lower().endswith(".xml"))
    for path in xml_paths:
        root = parse(files[path], path)
        kind = sniff(root)
        if kind == "qti12":
            reading.issues.append(Issue("qti12", file=path, fatal=True))
            return reading
        if kind == "item":
            _read_member(reading, files, path, root)
        elif kind in ("test", "section"):
            refs = len(_descendants(root, "assessmentItemRef"))
            reading.left_out.append(LeftOut(kind, _attr(root, "identifier"), path, refs))
    if not reading.items and not any(i.where for i in reading.issues):
        reading.issues.append(Issue("no_items", file="", fatal=True))
    _drop_duplicates(reading)
    return reading


def _read_member(reading: Reading, files: Mapping[str, bytes], path: str, root: Element) -> None:
    if sniff(root) != "item":
        reading.issues.append(Issue("not_an_item", file=path, params={"root": _local(root)[:80]}))
        return
    reading.versions.add(_version(root))
    draft, issues = read_item(root, path=path, files=files)
    reading.issues.extend(issues)
    if draft is not None:
        reading.items.append(draft)


def _drop_duplicates(reading: Reading, alternates: Mapping[str, str] | None = None) -> None:
    """Each question needs its own identifier (re-imports find it by it). Some packages give
    the same item identifier to several items (items-package.zip has three "choice"s): those
    are known by their manifest resource's identifier instead, which the package keeps
    unique; anything still shared is skipped."""
    alternates = alternates or {}
    counts = Counter(draft.identifier for draft in reading.items)
    used: set[str] = set()
    kept: list[ItemDraft] = []
    for draft in reading.items:
        if counts[draft.identifier] > 1:
            other = alternates.get(draft.file, "")[:200]
            if other and counts[other] == 0 and other not in used:
                note = Issue("identifier_shared", draft.identifier, draft.file, {"key": other})
                draft = replace(draft, identifier=other, notes=(*draft.notes, note))
        if draft.identifier in used:
            reading.issues.append(
                Issue("duplicate_identifier", where=draft.identifier, file=draft.file)
            )
            continue
        used.add(draft.identifier)
        kept.append(draft)
    reading.items = kept


# --- reading one item ------------------------------------------------------------------------


class _Skip(Exception):
    """The item cannot be imported: `issue` says why."""

    def __init__(self, code: str, **params: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


UNSUPPORTED_BODY = {
    "templateInline": "template",
    "templateBlock": "template",
    "printedVariable": "template",
    "audio": "media",
    "video": "media",
    "include": "include",
    "assessmentStimulusRef": "stimulus",
}


def read_item(
    root: Element, *, path: str, files: Mapping[str, bytes]
) -> tuple[ItemDraft | None, list[Issue]]:
    """One assessmentItem: its draft, or None with the issue saying why it is skipped; and
    the problems of an item that is imported (missing pictures, alt text made)."""
    identifier = (
        _attr(root, "identifier").strip() or posixpath.splitext(posixpath.basename(path))[0]
    )
    identifier = identifier[:200]
    reader = _ItemReader(root, path=path, identifier=identifier, files=files)
    try:
        draft = reader.read()
    except _Skip as skip:
        return None, [Issue(skip.code, where=identifier, file=path, params=dict(skip.params))]
    except RecursionError:  # thousands of nested elements: no real question is built so
        return None, [Issue("too_deep", where=identifier, file=path)]
    return draft, reader.warnings


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _ItemReader:
    def __init__(
        self, root: Element, *, path: str, identifier: str, files: Mapping[str, bytes]
    ) -> None:
        self.root = root
        self.path = path
        self.identifier = identifier
        self.files = files
        self.base = posixpath.dirname(path)
        self.warnings: list[Issue] = []
        self.notes: list[Issue] = []

    def warn(self, code: str, **params: str | int) -> None:
        self.warnings.append(Issue(code, where=self.identifier, file=self.path, params=params))

    def note(self, code: str, **params: str | int) -> None:
        self.notes.append(Issue(code, where=self.identifier, file=self.path, params=params))

    # The whole item.

    def read(self) -> ItemDraft:
        root = self.root
        if _attr(root, "adaptive").strip().lower() == "true":
            raise _Skip("adaptive")
        if _children(root, "templateDeclaration") or _children(root, "templateProcessing"):
            raise _Skip("template")
        if _children(root, "assessmentStimulusRef"):
            raise _Skip("stimulus")
        body = _first(root, "itemBody")
        if body is None:
            raise _Skip("no_interaction")
        for node in body.iter():
            problem = UNSUPPORTED_BODY.get(_norm(node))
            if problem:
                raise _Skip(problem)
        interactions = [node for node in body.iter() if _is_interaction(node)]
        if not interactions:
            raise _Skip("no_interaction")
        if len(interactions) > 1:
            names = sorted({_norm(i) for i in interactions})
            raise _Skip(
                "several_interactions", count=len(interactions), interactions=", ".join(names)
            )
        interaction = interactions[0]
        name = _norm(interaction)
        if name not in SUPPORTED:
            raise _Skip("unsupported_interaction", interaction=name)
        response_id = _attr(interaction, "responseIdentifier")
        declaration = next(
            (
                d
                for d in _children(root, "responseDeclaration")
                if _attr(d, "identifier") == response_id
            ),
            None,
        )
        if declaration is None:
            raise _Skip("no_response_declaration", response=response_id[:80])
        scoring = _Scoring.read(_first(root, "responseProcessing"), response_id)
        if scoring.unreadable:
            raise _Skip("custom_scoring")

        converter = _Converter(self, interaction)
        stem_blocks = converter.blocks(body)
        rubric = "\n\n".join(converter.rubric).strip()
        feedback = self.feedback(body)

        common: dict[str, Any] = {
            "identifier": self.identifier,
            "title": _attr(root, "title").strip()[:200],
            "points": self.points(),
            "feedback": feedback,
            "file": self.path,
        }
        if name == "choiceInteraction":
            draft = self.choice(interaction, declaration, scoring, common)
        elif name == "textEntryInteraction":
            draft = self.text_entry(declaration, scoring, common)
        else:
            draft = ItemDraft(kind="open", stem="", rubric=rubric, **common)
        if rubric and draft.kind != "open":
            self.note("rubric_left_out")

        pictures = converter.pictures
        if len(pictures) > 1:
            raise _Skip("several_pictures", count=len(pictures))
        picture = pictures[0] if pictures else None
        stem = "\n\n".join(stem_blocks).strip()
        if not stem:
            stem = draft.title
        if not stem:
            raise _Skip("no_stem")
        if len(stem) > STEM_MAX:
            raise _Skip("stem_too_long", max=STEM_MAX)
        if len(feedback) > STEM_MAX or len(rubric) > STEM_MAX:
            raise _Skip("stem_too_long", max=STEM_MAX)
        for picture_draft in [picture, *(c.picture for c in draft.choices)]:
            if picture_draft is not None:
                self.report_picture(picture_draft)
        return replace(draft, stem=stem, picture=picture, notes=tuple(self.notes))

    def report_picture(self, picture: PictureDraft) -> None:
        if picture.data is None:
            self.warn("picture_missing", path=picture.path)
        elif picture.alt_made:
            self.warn("alt_made", path=picture.path, alt=picture.alt)

    def points(self) -> int:
        for outcome in _children(self.root, "outcomeDeclaration"):
            if _attr(outcome, "identifier") != "MAXSCORE":
                continue
            default = _first(outcome, "defaultValue")
            value = _first(default, "value") if default is not None else None
            number = _number(value.text or "") if value is not None else None
            if number is not None and number.is_integer() and 1 <= number <= POINTS_MAX:
                return int(number)
        return 1

    def feedback(self, body: Element) -> str:
        """The feedback when the item has one piece of it (shown whatever the answer);
        several (right, wrong, per choice…) depend on the answer and are left out."""
        pieces = _children(self.root, "modalFeedback") + _descendants(body, "feedbackBlock")
        inline = _descendants(body, "feedbackInline")
        if inline or len(pieces) > 1:
            self.note("feedback_left_out", count=len(pieces) + len(inline))
            return ""
        if not pieces:
            return ""
        converter = _Converter(self, None)
        return "\n\n".join(converter.blocks(pieces[0])).strip()

    # Each kind.

    def choice(
        self, interaction: Element, declaration: Element, scoring: _Scoring, common: dict[str, Any]
    ) -> ItemDraft:
        if _attr(declaration, "baseType") != "identifier":
            raise _Skip("unsupported_response", base_type=_attr(declaration, "baseType")[:40])
        cardinality = _attr(declaration, "cardinality", "single")
        if cardinality not in ("single", "multiple"):
            raise _Skip("unsupported_cardinality", cardinality=cardinality[:40])
        max_choices = _number(_attr(interaction, "maxChoices", "1")) or 0
        kind = "single" if cardinality == "single" or max_choices == 1 else "multiple"
        key = _Key.read(declaration)
        correct = key.correct or [k for k, v in key.mapping if v > 0]
        if scoring.template == "map_response" or (key.mapping and not key.correct):
            values = [v for _k, v in key.mapping]
            if (
                any(v < 0 for v in values)
                or len({v for v in values if v > 0}) > 1
                or key.default < 0
            ):
                self.note("partial_credit")
        if not correct:
            raise _Skip("no_correct")
        if kind == "single" and len(set(correct)) != 1:
            raise _Skip("single_several_correct", count=len(set(correct)))
        choices: list[ChoiceDraft] = []
        fixed = False
        for node in _children(interaction, "simpleChoice"):
            choice_id = _attr(node, "identifier")
            fixed = fixed or _attr(node, "fixed").lower() == "true"
            converter = _Converter(self, None)
            text = " ".join(" ".join(converter.blocks(node)).split())
            if len(converter.pictures) > 1:
                raise _Skip("several_pictures", count=len(converter.pictures))
            picture = converter.pictures[0] if converter.pictures else None
            if not text and picture is None:
                raise _Skip("empty_choice", choice=choice_id[:80])
            if len(text) > CHOICE_MAX:
                raise _Skip("choice_too_long", choice=choice_id[:80], max=CHOICE_MAX)
            choices.append(ChoiceDraft(choice_id, text, choice_id in correct, picture))
        if len(choices) < 2:
            raise _Skip("too_few_choices")
        known = {c.identifier for c in choices}
        unknown = [c for c in correct if c not in known]
        if unknown:
            raise _Skip("unknown_choice", choice=unknown[0][:80])
        shuffle = _attr(interaction, "shuffle", "false").lower() == "true"
        return ItemDraft(
            kind=kind, stem="", choices=tuple(choices), keep_order=not shuffle or fixed, **common
        )

    def text_entry(
        self, declaration: Element, scoring: _Scoring, common: dict[str, Any]
    ) -> ItemDraft:
        base_type = _attr(declaration, "baseType")
        if _attr(declaration, "cardinality", "single") != "single":
            raise _Skip(
                "unsupported_cardinality", cardinality=_attr(declaration, "cardinality")[:40]
            )
        key = _Key.read(declaration)
        if base_type in ("float", "integer"):
            values = key.correct or [
                k for k, v in sorted(key.mapping, key=lambda kv: -kv[1]) if v > 0
            ]
            if not values:
                raise _Skip("no_correct")
            answer = _number(values[0])
            if answer is None:
                raise _Skip("bad_number", value=values[0][:40])
            tolerance = scoring.tolerance_for(answer)
            if scoring.tolerance_note:
                self.note(scoring.tolerance_note)
            return ItemDraft(
                kind="numeric", stem="", numeric_answer=answer, tolerance=tolerance, **common
            )
        if base_type != "string":
            raise _Skip("unsupported_response", base_type=base_type[:40])
        top = max((v for _k, v in key.mapping), default=0.0)
        full = [k for k, v in key.mapping if v > 0 and v >= top]
        accepted: list[str] = []
        by_form: dict[str, str] = {}  # answers here ignore case and spacing: one of each
        for written in (" ".join(v.split()) for v in [*key.correct, *full]):
            if written and normalise_text(written) not in by_form:
                by_form[normalise_text(written)] = written
                accepted.append(written)
        if not accepted:
            raise _Skip("no_correct")
        partial: list[str] = []
        for map_key, value in key.mapping:
            if not 0 < value < top:
                continue
            same = by_form.get(normalise_text(map_key))
            if same is not None:
                self.warn(
                    "case_variant", key=map_key[:80], value=_plain_number(value), accepted=same[:80]
                )
            else:
                partial.append(map_key)
        if partial:
            self.note("partial_keys_left_out", keys=", ".join(partial)[:300])
        return ItemDraft(kind="text", stem="", accepted_answers=tuple(accepted), **common)


def _plain_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


@dataclass
class _Key:
    correct: list[str]
    mapping: list[tuple[str, float]]
    default: float

    @classmethod
    def read(cls, declaration: Element) -> _Key:
        correct: list[str] = []
        node = _first(declaration, "correctResponse")
        if node is not None:
            correct = [
                (v.text or "").strip() for v in _children(node, "value") if (v.text or "").strip()
            ]
        mapping: list[tuple[str, float]] = []
        default = 0.0
        node = _first(declaration, "mapping")
        if node is not None:
            default = _number(_attr(node, "defaultValue", "0")) or 0.0
            for entry in _children(node, "mapEntry"):
                value = _number(_attr(entry, "mappedValue", "0"))
                mapping.append((_attr(entry, "mapKey"), value if value is not None else 0.0))
        return cls(correct, mapping, default)


@dataclass
class _Scoring:
    """How the item's response processing scores the response: a template, nothing, or a
    custom rule we can read (it compares the response with its declared correct response,
    or maps it), with the tolerance it allows a number."""

    template: str = ""  # "match_correct", "map_response", "custom", "" (none)
    unreadable: bool = False
    tolerance_mode: str = "exact"
    tolerance: tuple[float, float] = (0.0, 0.0)
    places: int | None = None
    tolerance_note: str = ""

    @classmethod
    def read(cls, processing: Element | None, response_id: str) -> _Scoring:
        if processing is None:
            return cls()
        template = _attr(processing, "template") or _attr(processing, "templateLocation")
        if template and not len(processing):
            name = template.strip().rstrip("/").rsplit("/", 1)[-1].lower()
            name = name.removesuffix(".xml")
            if name.endswith("match_correct") or name in ("cc2_match", "cc2_match_basic"):
                return cls("match_correct")
            if name.endswith("map_response") or name == "cc2_map_response":
                return cls("map_response")
            return cls("custom", unreadable=True)
        return cls._custom(processing, response_id)

    @classmethod
    def _custom(cls, processing: Element, response_id: str) -> _Scoring:
        scoring = cls("custom")
        parent: dict[Element, Element] = {
            child: node for node in processing.iter() for child in node
        }
        compared = False
        for node in processing.iter():
            name = _norm(node)
            if _attr(node, "identifier") != response_id:
                continue
            if name == "mapResponse":
                compared = True
            elif name == "variable":
                up = parent.get(node)
                up_name = _norm(up) if up is not None else ""
                if up_name == "isNull":
                    continue
                # Copying the answer into another outcome (to pick its feedback).
                if (
                    up_name == "setOutcomeValue"
                    and up is not None
                    and _attr(up, "identifier") not in ("SCORE", "MAXSCORE")
                ):
                    continue
                if up_name in ("match", "equal", "equalRounded") and up is not None:
                    others = [c for c in up if c is not node]
                    if (
                        len(others) == 1
                        and _norm(others[0]) == "correct"
                        and _attr(others[0], "identifier") == response_id
                    ):
                        compared = True
                        scoring._tolerance(up)
                        continue
                scoring.unreadable = True
        if not compared:
            scoring.unreadable = True
        return scoring

    def _tolerance(self, comparison: Element) -> None:
        name = _norm(comparison)
        if name == "equal":
            mode = _attr(comparison, "toleranceMode", "exact").lower()
            values = [_number(v) for v in _attr(comparison, "tolerance").split()]
            numbers = [v for v in values if v is not None and v >= 0]
            if mode in ("absolute", "relative") and numbers:
                low, high = numbers[0], numbers[-1]
                self.tolerance_mode, self.tolerance = mode, (low, high)
                if low != high:
                    self.tolerance_note = "tolerance_widest"
        elif name == "equalRounded":
            mode = _attr(comparison, "roundingMode", "significantFigures")
            figures = _number(_attr(comparison, "figures"))
            if mode == "decimalPlaces" and figures is not None and 0 <= figures <= 12:
                self.places = int(figures)
            else:
                self.tolerance_note = "rounding_left_out"

    def tolerance_for(self, answer: float) -> float:
        if self.places is not None:
            return 0.5 * math.pow(10, -self.places)
        widest = max(self.tolerance)
        if self.tolerance_mode == "relative":
            return abs(answer) * widest / 100
        if self.tolerance_mode == "absolute":
            return widest
        return 0.0


# --- item body → Markdown --------------------------------------------------------------------

# fmt: off
BLOCKS = {
    "p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "table", "hr", "figure", "figcaption", "section", "article", "aside", "header", "footer",
    "nav", "dl", "dt", "dd", "address", "details", "summary", "caption", "prompt",
    "contentBody", "rubricBlock", "feedbackBlock", "modalFeedback", "itemBody",
    "simpleChoice", "choiceInteraction", "extendedTextInteraction", "object",
}
# fmt: on
LATEX_ENCODINGS = {"latex", "tex", "application/x-tex", "application/x-latex", "text/x-latex"}
BR = "\x01"  # a hard line break, until the paragraph is finished
SLOT = "\x02"  # where an inline text entry stood
_SPACES = re.compile(r"[ \t\n\r\f]+")
_LINE_START = re.compile(
    r"^(#{1,6}(?=\s|$)|[-+*](?=\s)|>|\d{1,9}(?=[.)](\s|$))|(=+|-+)\s*$|```|~~~)"
)
# Pictures a browser here shows (lib.uploads.PICTURE_TYPES): an object of another type
# gives way to its fallback content.
SHOWABLE_TYPES = {"image/png", "image/jpeg", "image/jpg", "image/webp"}
SHOWABLE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".webp"}
MEDIA_TYPES = {".mp3", ".mp4", ".ogg", ".webm", ".wav", ".m4a", ".mov"}
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".heic"}


def _strip_latex(latex: str) -> str:
    text = " ".join(latex.split())
    for start, end in (("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$"), ("$", "$")):
        if text.startswith(start) and text.endswith(end) and len(text) > len(start) + len(end):
            return text[len(start) : -len(end)].strip()
    return text


def _escape_lines(text: str) -> str:
    """Keep plain text plain: a line that Markdown would read as a heading, a list item, a
    quote, a fence or a heading underline gets its first mark escaped."""
    lines = []
    for line in text.split("\n"):
        match = _LINE_START.match(line)
        if match:
            token = match.group(0)
            if token[0].isdigit():
                line = line[: len(token)] + "\\" + line[len(token) :]
            else:
                line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


class _Converter:
    """XHTML (QTI's body content) → our Markdown. The interaction being read is replaced by
    its prompt (or, for a text entry in a sentence, by a blank); pictures are collected;
    rubric blocks for scorers are set apart."""

    def __init__(self, reader: _ItemReader, interaction: Element | None) -> None:
        self.reader = reader
        self.interaction = interaction
        self.pictures: list[PictureDraft] = []
        self.rubric: list[str] = []

    # Blocks.

    def blocks(self, element: Element) -> list[str]:
        out: list[str] = []
        inline: list[str] = []

        def flush() -> None:
            paragraph = self._finish(inline)
            inline.clear()
            if paragraph:
                out.append(paragraph)

        if element.text:
            inline.append(element.text)
        for child in element:
            if self._is_block(child):
                flush()
                out.extend(self.block(child))
            else:
                inline.append(self.inline(child))
            if child.tail:
                inline.append(child.tail)
        flush()
        return out

    def _is_block(self, element: Element) -> bool:
        name = _norm(element)
        if name == "object":  # a block when its fallback content is made of blocks
            return any(self._is_block(child) for child in element)
        if _is_interaction(element):
            return element is not self.interaction or name != "textEntryInteraction"
        return name in BLOCKS

    def _finish(self, pieces: list[str]) -> str:
        text = _SPACES.sub(" ", "".join(pieces))
        text = re.sub(f" ?{BR} ?", BR, text).strip(" ")
        # A text entry ending the paragraph is the answer box after the question, not a
        # blank in a sentence: the box follows the question here anyway.
        text = text.strip(BR + " ").rstrip(BR + " " + SLOT)
        text = text.replace(SLOT, BLANK)
        return _escape_lines(text.replace(BR, "\\\n"))

    def block(self, element: Element) -> list[str]:
        name = _norm(element)
        if element is self.interaction:
            prompt = _first(element, "prompt")
            return self.blocks(prompt) if prompt is not None else []
        if _is_interaction(element):
            return []
        if name == "rubricBlock":
            view = _attr(element, "view").lower()
            if "candidate" in view.split():
                return self.blocks(element)
            self.rubric.extend(self.blocks(element))
            return []
        if name in ("feedbackBlock", "modalFeedback", "simpleChoice"):
            return []
        if name == "object":
            return self._object(element)
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self._finish([self.inline_children(element)])
            return [f"{'#' * int(name[1])} {text}"] if text else []
        if name in ("ul", "ol"):
            return self._list(element, ordered=name == "ol")
        if name == "blockquote":
            inner = "\n\n".join(self.blocks(element))
            if not inner:
                return []
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
        if name == "pre":
            code = "".join(element.itertext()).strip("\n")
            fence = "```" if "```" not in code else "~~~~"
            return [f"{fence}\n{code}\n{fence}"] if code.strip() else []
        if name == "hr":
            return ["---"]
        if name == "table":
            return self._table(element)
        return self.blocks(element)

    def _list(self, element: Element, *, ordered: bool) -> list[str]:
        start = int(_number(_attr(element, "start", "1")) or 1) if ordered else 1
        lines: list[str] = []
        for n, item in enumerate(_children(element, "li")):
            marker = f"{start + n}. " if ordered else "- "
            parts = self.blocks(item)
            if not parts:
                continue
            body = "\n\n".join(parts)
            indent = " " * len(marker)
            text = "\n".join(
                (marker if i == 0 else indent) + line if line else ""
                for i, line in enumerate(body.split("\n"))
            )
            lines.append(text)
        return ["\n".join(lines)] if lines else []

    def _table(self, element: Element) -> list[str]:
        rows = [row for row in element.iter() if _norm(row) == "tr"]
        table: list[list[str]] = []
        for row in rows:
            cells = [c for c in row if _norm(c) in ("td", "th")]
            table.append(
                [
                    self._finish([self.inline_children(c)]).replace("\n", " ").replace("|", "\\|")
                    for c in cells
                ]
            )
        if not table or not any(table):
            return []
        width = max(len(r) for r in table)
        table = [r + [""] * (width - len(r)) for r in table]
        lines = ["| " + " | ".join(table[0]) + " |", "| " + " | ".join(["---"] * width) + " |"]
        lines += ["| " + " | ".join(r) + " |" for r in table[1:]]
        return ["\n".join(lines)]

    # Inline.

    def inline_children(self, element: Element) -> str:
        parts = [element.text or ""]
        for child in element:
            parts.append(self.inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def inline(self, element: Element) -> str:
        name = _norm(element)
        if element is self.interaction:
            return SLOT
        if _is_interaction(element) or name in ("feedbackInline", "rubricBlock", "feedbackBlock"):
            return ""
        if name == "br":
            return BR
        if name == "img":
            self._picture(_attr(element, "src"), element.get("alt"))
            return ""
        if name == "object":
            return " " + " ".join(self._object(element)) + " "
        if name == "math":
            return self._math(element)
        if name in ("em", "i", "cite", "var", "dfn"):
            return self._wrap("*", self.inline_children(element))
        if name in ("strong", "b"):
            return self._wrap("**", self.inline_children(element))
        if name in ("code", "kbd", "samp", "tt"):
            code = " ".join("".join(element.itertext()).split())
            if not code:
                return ""
            ticks = "``" if "`" in code else "`"
            return f"{ticks}{code}{ticks}" if ticks == "`" else f"`` {code} ``"
        if name == "a":
            text = self.inline_children(element).strip()
            href = element.get("href", "").strip()
            if href.startswith(("http://", "https://", "mailto:")) and text:
                return f"[{text}]({href.replace(' ', '%20').replace(')', '%29')})"
            return text
        if name == "ruby":
            base = "".join(self.inline_children(c) for c in element if _norm(c) in ("rb", "rbc"))
            base += element.text or ""
            notes = "".join(_text(c) for c in element if _norm(c) in ("rt", "rtc"))
            return f"{base.strip()}({notes})" if notes else base
        if name == "q":
            return f"“{self.inline_children(element)}”"
        if name in ("rt", "rp", "rtc"):
            return ""
        if self._is_block(element):  # a block where only inline content belongs
            return " " + " ".join(self.blocks(element)) + " "
        return self.inline_children(element)

    @staticmethod
    def _wrap(mark: str, inner: str) -> str:
        stripped = inner.strip(" \t\n\r\f")
        if not stripped or stripped.replace(BR, "") == "":
            return inner
        lead = inner[: len(inner) - len(inner.lstrip(" \t\n\r\f"))]
        trail = inner[len(inner.rstrip(" \t\n\r\f")) :]
        return f"{lead}{mark}{stripped}{mark}{trail}"

    def _math(self, element: Element) -> str:
        for annotation in element.iter():
            if (
                _local(annotation) == "annotation"
                and _attr(annotation, "encoding").lower() in LATEX_ENCODINGS
            ):
                latex = _strip_latex("".join(annotation.itertext()))
                if latex:
                    block = element.get("display") == "block"
                    return f"$${latex}$$" if block else f"${latex}$"
        raise _Skip("math_no_latex")

    def _object(self, element: Element) -> list[str]:
        """An object: an image becomes the picture (its fallback content, the alt text);
        one the package lacks is replaced by its fallback content, if any; audio and video
        cannot be shown here. Returns the blocks that stand in its place."""
        data = _attr(element, "data")
        kind = _attr(element, "type").lower()
        extension = posixpath.splitext(data.split("?")[0])[1].lower()
        has_fallback = bool(len(element) or (element.text or "").strip())
        if kind.startswith("image/") or (not kind and extension in IMAGE_TYPES):
            showable = kind in SHOWABLE_TYPES or (not kind and extension in SHOWABLE_EXTENSIONS)
            if has_fallback and not showable:
                return self.blocks(element)  # an EPS or SVG with a picture we can show inside
            if self._resolve(data) is not None or not has_fallback:
                self._picture(data, _text(element) or None)
                return []
            # The picture is not in the package, but its fallback content says what it shows.
            self.reader.warn("picture_missing", path=self._shown_path(data))
            return self.blocks(element)
        if kind.startswith(("audio/", "video/")) or extension in MEDIA_TYPES:
            raise _Skip("media")
        if has_fallback:
            return self.blocks(element)
        raise _Skip("object", type=(kind or extension or "?")[:60])

    def _shown_path(self, src: str) -> str:
        if src.startswith("data:"):
            return "data:…"
        return _inside(self.reader.base, src) or src[:200]

    def _resolve(self, src: str) -> bytes | None:
        src = src.strip()
        if src.startswith("data:"):
            head, _, payload = src.partition(",")
            if ";base64" in head:
                try:
                    return base64.b64decode(payload, validate=False)
                except (binascii.Error, ValueError):
                    return None
            return None
        path = _inside(self.reader.base, src)
        if path is None:
            return None
        return self.reader.files.get(path)

    def _picture(self, src: str, alt: str | None) -> None:
        data = self._resolve(src)
        path = self._shown_path(src)
        text = " ".join((alt or "").split())[:ALT_MAX]
        made = False
        if not text:
            stem = posixpath.splitext(posixpath.basename(path))[0]
            text = " ".join(re.sub(r"[_\-.]+", " ", stem).split())[:ALT_MAX] or "picture"
            made = True
        self.pictures.append(PictureDraft(path, data, text, made))


# --- writing QTI 3.0 -------------------------------------------------------------------------

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SLOT_TEXT = re.compile(r"QTIMATH(\d+)X")


def _q(name: str) -> str:
    """A QTI 3.0 element name. Elements are written unqualified under a root that declares
    the namespace as its default (ElementTree's `default_namespace` refuses the plain
    attribute names QTI uses)."""
    return name


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


def _add_text(parent: Element, text: str) -> None:
    text = _clean(text)
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _protect_math(text: str) -> tuple[str, list[str]]:
    """Math kept as written: Markdown must not read `\\{` or `_` inside it."""
    pieces: list[str] = []

    def slot(match: re.Match[str]) -> str:
        pieces.append(match.group(0))
        return f"QTIMATH{len(pieces) - 1}X"

    return MATH_PATTERN.sub(slot, text), pieces


def _restore_math(text: str, pieces: list[str]) -> str:
    if not pieces:
        return text
    return _SLOT_TEXT.sub(
        lambda m: pieces[int(m.group(1))] if int(m.group(1)) < len(pieces) else m.group(0), text
    )


def _inline_tokens(parent: Element, tokens: Sequence[Any], math: list[str]) -> None:
    stack = [parent]
    for token in tokens:
        kind = token.type
        if kind == "text":
            _add_text(stack[-1], _restore_math(token.content, math))
        elif kind == "softbreak":
            _add_text(stack[-1], "\n")
        elif kind == "hardbreak":
            SubElement(stack[-1], _q("br"))
        elif kind == "code_inline":
            SubElement(stack[-1], _q("code")).text = _clean(_restore_math(token.content, math))
        elif kind == "image":
            _add_text(stack[-1], _restore_math(token.content, math))
        elif token.nesting == 1 and token.tag in ("em", "strong", "a", "s"):
            node = SubElement(stack[-1], _q(token.tag))
            if token.tag == "a":
                node.set("href", str(token.attrs.get("href", "")))
            stack.append(node)
        elif token.nesting == -1 and len(stack) > 1:
            stack.pop()
        elif token.content:
            _add_text(stack[-1], _restore_math(token.content, math))


# fmt: off
BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "table", "thead",
    "tbody", "tr", "th", "td",
}
# fmt: on


def markdown_elements(parent: Element, text: str) -> None:
    """Our Markdown as XHTML elements (in the QTI 3.0 namespace) appended to `parent`; math
    stays as its `$…$` text."""
    source, math = _protect_math(text)
    stack = [parent]
    for token in _md.parse(source):
        if token.type == "inline":
            _inline_tokens(stack[-1], token.children or [], math)
        elif token.type in ("fence", "code_block"):
            pre = SubElement(stack[-1], _q("pre"))
            SubElement(pre, _q("code")).text = _clean(
                _restore_math(token.content.rstrip("\n"), math)
            )
        elif token.type == "hr":
            SubElement(stack[-1], _q("hr"))
        elif token.hidden:
            continue  # the paragraphs of a tight list: their text goes in the li
        elif token.nesting == 1 and token.tag in BLOCK_TAGS:
            node = SubElement(stack[-1], _q(token.tag))
            if token.tag == "ol" and token.attrs.get("start") not in (None, 1, "1"):
                node.set("start", str(token.attrs["start"]))
            stack.append(node)
        elif token.nesting == -1 and token.tag in BLOCK_TAGS and len(stack) > 1:
            stack.pop()


def markdown_inline(parent: Element, text: str) -> None:
    """One line of Markdown (a choice) as inline XHTML appended to `parent`."""
    source, math = _protect_math(" ".join(text.split()))
    for token in _md.parseInline(source):
        _inline_tokens(parent, token.children or [], math)


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def choice_identifier(position: int) -> str:
    """A, B, … Z, then C27, C28…"""
    return chr(ord("A") + position) if position < 26 else f"C{position + 1}"


def _declaration(
    item: Element, *, cardinality: str, base_type: str, correct: Sequence[str]
) -> Element:
    node = SubElement(
        item,
        _q("qti-response-declaration"),
        {"identifier": "RESPONSE", "cardinality": cardinality, "base-type": base_type},
    )
    if correct:
        response = SubElement(node, _q("qti-correct-response"))
        for value in correct:
            SubElement(response, _q("qti-value")).text = _clean(value)
    return node


def _outcome(item: Element, identifier: str, base_type: str, default: str | None = None) -> None:
    node = SubElement(
        item,
        _q("qti-outcome-declaration"),
        {"identifier": identifier, "cardinality": "single", "base-type": base_type},
    )
    if default is not None:
        SubElement(SubElement(node, _q("qti-default-value")), _q("qti-value")).text = default


def _img(parent: Element, picture: PictureDraft) -> None:
    SubElement(parent, _q("img"), {"src": picture.path, "alt": _clean(picture.alt)})


def _tolerance_processing(item: Element, tolerance: float) -> None:
    """Right when the answer is within ± tolerance of the correct response (the bounds
    count as right, as here)."""
    processing = SubElement(item, _q("qti-response-processing"))
    condition = SubElement(processing, _q("qti-response-condition"))
    branch = SubElement(condition, _q("qti-response-if"))
    tol = _number_text(tolerance)
    equal = SubElement(
        branch, _q("qti-equal"), {"tolerance-mode": "absolute", "tolerance": f"{tol} {tol}"}
    )
    SubElement(equal, _q("qti-variable"), {"identifier": "RESPONSE"})
    SubElement(equal, _q("qti-correct"), {"identifier": "RESPONSE"})
    for node, score in ((branch, "1"), (SubElement(condition, _q("qti-response-else")), "0")):
        setter = SubElement(node, _q("qti-set-outcome-value"), {"identifier": "SCORE"})
        SubElement(setter, _q("qti-base-value"), {"base-type": "float"}).text = score


def item_element(draft: ItemDraft) -> Element:
    """The draft as a QTI 3.0 qti-assessment-item element."""
    item = Element(
        _q("qti-assessment-item"),
        {
            "xmlns": QTI3_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{QTI3_NS} {QTI3_SCHEMA}",
            "identifier": draft.identifier,
            "title": _clean(draft.title or draft.identifier),
            "adaptive": "false",
            "time-dependent": "false",
        },
    )
    kind = draft.kind
    if kind in ("single", "multiple"):
        correct = [c.identifier for c in draft.choices if c.correct]
        _declaration(
            item,
            cardinality="single" if kind == "single" else "multiple",
            base_type="identifier",
            correct=correct,
        )
    elif kind == "numeric":
        answer = _number_text(draft.numeric_answer if draft.numeric_answer is not None else 0.0)
        _declaration(item, cardinality="single", base_type="float", correct=[answer])
    elif kind == "text":
        # Mapped, not matched: answers here ignore case, and a mapping can say so.
        declaration = _declaration(
            item, cardinality="single", base_type="string", correct=draft.accepted_answers[:1]
        )
        mapping = SubElement(
            declaration, _q("qti-mapping"), {"default-value": "0", "upper-bound": "1"}
        )
        for answer in draft.accepted_answers:
            SubElement(
                mapping,
                _q("qti-map-entry"),
                {"map-key": _clean(answer), "mapped-value": "1", "case-sensitive": "false"},
            )
    else:
        _declaration(item, cardinality="single", base_type="string", correct=())
    _outcome(item, "SCORE", "float", "0")
    _outcome(item, "MAXSCORE", "float", str(draft.points))
    if draft.feedback:
        _outcome(item, "FEEDBACK", "identifier")

    body = SubElement(item, _q("qti-item-body"))
    markdown_elements(body, draft.stem)
    if draft.picture is not None:
        _img(SubElement(body, _q("p")), draft.picture)
    if kind in ("single", "multiple"):
        interaction = SubElement(
            body,
            _q("qti-choice-interaction"),
            {
                "response-identifier": "RESPONSE",
                "shuffle": "false" if draft.keep_order else "true",
                "max-choices": "1" if kind == "single" else "0",
            },
        )
        for choice in draft.choices:
            node = SubElement(
                interaction, _q("qti-simple-choice"), {"identifier": choice.identifier}
            )
            markdown_inline(node, choice.text)
            if choice.picture is not None:
                _img(node, choice.picture)
    elif kind in ("numeric", "text"):
        SubElement(
            SubElement(body, _q("p")),
            _q("qti-text-entry-interaction"),
            {"response-identifier": "RESPONSE"},
        )
    else:
        SubElement(body, _q("qti-extended-text-interaction"), {"response-identifier": "RESPONSE"})
        if draft.rubric:
            rubric = SubElement(body, _q("qti-rubric-block"), {"view": "scorer", "use": "scoring"})
            markdown_elements(SubElement(rubric, _q("qti-content-body")), draft.rubric)

    if kind in ("single", "multiple") or (kind == "numeric" and not draft.tolerance):
        SubElement(
            item, _q("qti-response-processing"), {"template": TEMPLATES + "match_correct.xml"}
        )
    elif kind == "numeric":
        _tolerance_processing(item, draft.tolerance)
    elif kind == "text":
        SubElement(
            item, _q("qti-response-processing"), {"template": TEMPLATES + "map_response.xml"}
        )
    if draft.feedback:
        # Shown whatever the answer: hidden only when FEEDBACK is "NEVER", which nothing sets.
        feedback = SubElement(
            item,
            _q("qti-modal-feedback"),
            {"outcome-identifier": "FEEDBACK", "identifier": "NEVER", "show-hide": "hide"},
        )
        markdown_elements(SubElement(feedback, _q("qti-content-body")), draft.feedback)
    return item


def _xml(element: Element) -> bytes:
    body: bytes = tostring(element, encoding="utf-8", xml_declaration=True)
    return body


def write_item(draft: ItemDraft) -> bytes:
    """One item file (UTF-8 XML)."""
    return _xml(item_element(draft))


def _test_element(
    identifier: str, title: str, refs: Sequence[tuple[str, str]], *, shuffle: bool
) -> Element:
    test = Element(
        _q("qti-assessment-test"),
        {
            "xmlns": QTI3_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{QTI3_NS} {QTI3_SCHEMA}",
            "identifier": identifier,
            "title": _clean(title),
        },
    )
    part = SubElement(
        test,
        _q("qti-test-part"),
        {"identifier": "PART", "navigation-mode": "nonlinear", "submission-mode": "simultaneous"},
    )
    section = SubElement(
        part,
        _q("qti-assessment-section"),
        {"identifier": "SECTION", "title": _clean(title), "visible": "true"},
    )
    if shuffle:
        SubElement(section, _q("qti-ordering"), {"shuffle": "true"})
    for item_id, href in refs:
        SubElement(section, _q("qti-assessment-item-ref"), {"identifier": item_id, "href": href})
    return test


def _cp(name: str) -> str:
    return name


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def is_identifier(text: str) -> bool:
    """Whether `text` may serve as a QTI identifier (an XML name without a colon)."""
    return bool(_IDENTIFIER.match(text)) and len(text) <= 200


def file_name(identifier: str) -> str:
    """A safe file name made from an identifier."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", identifier)[:120] or "item"


@dataclass(frozen=True)
class TestDraft:
    """A form as a QTI test: its items in order."""

    identifier: str
    title: str
    shuffle: bool = False


def write_package(
    drafts: Sequence[ItemDraft], *, identifier: str, title: str, test: TestDraft | None = None
) -> bytes:
    """A QTI 3.0 content package (a zip): imsmanifest.xml, one file per item with its
    pictures at the paths the drafts give, and, for a form, a test listing them in order."""
    manifest = Element(
        _cp("manifest"),
        {
            "xmlns": CP3_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{CP3_NS} {CP3_SCHEMA}",
            "identifier": identifier,
        },
    )
    metadata = SubElement(manifest, _cp("metadata"))
    SubElement(metadata, _cp("schema")).text = "QTI Package"
    SubElement(metadata, _cp("schemaversion")).text = "3.0.0"
    SubElement(manifest, _cp("organizations"))
    resources = SubElement(manifest, _cp("resources"))
    buffer = io.BytesIO()
    used: set[str] = set()
    refs: list[tuple[str, str]] = []
    resource_ids: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        written: set[str] = set()
        for draft in drafts:
            name = file_name(draft.identifier)
            href = f"{name}.xml"
            n = 1
            while href in used:
                n += 1
                href = f"{name}-{n}.xml"
            used.add(href)
            refs.append((draft.identifier, href))
            # A resource's identifier is an XML ID: a name, unique in the manifest.
            resource_id = draft.identifier if is_identifier(draft.identifier) else f"R{len(refs)}"
            if resource_id == (test.identifier if test else None):
                resource_id = f"R{len(refs)}"
            resource_ids.append(resource_id)
            resource = SubElement(
                resources,
                _cp("resource"),
                {"identifier": resource_id, "type": "imsqti_item_xmlv3p0", "href": href},
            )
            SubElement(resource, _cp("file"), {"href": href})
            archive.writestr(href, write_item(draft))
            for picture in draft.pictures():
                SubElement(resource, _cp("file"), {"href": picture.path})
                if picture.data is not None and picture.path not in written:
                    written.add(picture.path)
                    archive.writestr(picture.path, picture.data)
        if test is not None:
            href = "test.xml" if "test.xml" not in used else f"{file_name(test.identifier)}.xml"
            resource = SubElement(
                resources,
                _cp("resource"),
                {"identifier": test.identifier, "type": "imsqti_test_xmlv3p0", "href": href},
            )
            SubElement(resource, _cp("file"), {"href": href})
            for resource_id in resource_ids:
                SubElement(resource, _cp("dependency"), {"identifierref": resource_id})
            archive.writestr(
                href,
                _xml(_test_element(test.identifier, test.title, refs, shuffle=test.shuffle)),
            )
        archive.writestr("imsmanifest.xml", _xml(manifest))
    return buffer.getvalue()
