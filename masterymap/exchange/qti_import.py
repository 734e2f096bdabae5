"""Questions in: QTI 2.2 and 3.0 items (a loose item file, or an IMS content package zip)
into the item bank of a standard the person may edit.

`qti.py` reads the file into item drafts and issues; here the issues become translated
problems, every picture is checked by its content as an uploaded one is (lib.uploads,
pictures only: JPEG, PNG, WebP), and each draft is compared with the standard's bank:

- matched by `Item.source_id` (the QTI identifier) within the standard, or, for a question
  written here, by the identifier its QTI export gave it (qti_out.item_identifier), so a
  package exported from this standard and imported back changes nothing;
- the same content → skipped as unchanged; other content → updated in place (the same Item
  row, so the forms that use it keep it; its translation and misconceptions stay); a new
  identifier → created. An archived question is left alone. Nothing is ever deleted.

Writes go through `assessments.actions.create_item`/`update_item`, one question at a time:
a package holds tens of questions, not thousands, and those actions check every key and
picture rule.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masterymap.accounts.models import User
from masterymap.assessments.actions import (
    ChoiceInput,
    PictureInput,
    TranslationInput,
    create_item,
    update_item,
)
from masterymap.assessments.forms import PICTURE_MAX_BYTES, PICTURE_MAX_PIXELS
from masterymap.assessments.models import Choice, Item
from masterymap.exchange import qti
from masterymap.exchange.files import FileProblem, is_zip, parse_xml, read_zip
from masterymap.exchange.importers import Importer, Source
from masterymap.exchange.plan import Plan, Refused
from masterymap.exchange.qti_out import item_identifier
from masterymap.lib.errors import ActionError
from masterymap.lib.html import ContentSelect
from masterymap.lib.ids import parse_id
from masterymap.lib.uploads import CheckedUpload, UploadError, check_upload
from masterymap.standards.access import (
    get_standard_for_editor,
    mastery_maps_for_teacher,
    may_edit_mastery_map,
)
from masterymap.standards.models import Standard

# --- the problems, in the reader's words ---------------------------------------------------

MESSAGES: dict[str, Any] = {
    # The file as a whole.
    "qti12": gettext_lazy(
        "This is QTI 1.2 (the format of Canvas and Blackboard quiz exports), which we do not "
        "read. Export the questions as QTI 2.2 or 3.0 instead: in Canvas, from a New Quizzes "
        "item bank; elsewhere, look for “QTI 2.1”, “2.2” or “3.0” in the export options."
    ),
    "results": gettext_lazy(
        "This is a QTI results report (students' answers and scores), not questions: there is "
        "nothing here to put in an item bank. Upload the questions' own QTI file or package."
    ),
    "test_alone": gettext_lazy(
        "This is a QTI test: it lists questions kept in other files. Upload the whole "
        "package (the zip with imsmanifest.xml and the question files)."
    ),
    "manifest_alone": gettext_lazy(
        "This is a package's imsmanifest.xml alone: upload the whole package (the zip), "
        "with the question files and pictures it lists."
    ),
    "stimulus_alone": gettext_lazy(
        "This is a shared QTI stimulus (a passage for several questions), not a question."
    ),
    "not_qti": gettext_lazy(
        "This is not a QTI question or package (its root element is “%(root)s”). Upload a "
        "QTI 2.2 or 3.0 item (.xml) or a content package (.zip)."
    ),
    "not_manifest": gettext_lazy("This file is named imsmanifest.xml but is not a manifest."),
    "no_items": gettext_lazy(
        "This package holds no QTI 2.2 or 3.0 questions (no item resources in its manifest)."
    ),
    "outside": gettext_lazy(
        "The manifest points to %(href)s, outside the package: the package is refused."
    ),
    # One question, skipped.
    "resource_missing": gettext_lazy(
        "The manifest lists %(href)s, which is not in the package: that question is skipped."
    ),
    "resource_no_href": gettext_lazy("This item resource names no file (it has no href): skipped."),
    "not_an_item": gettext_lazy(
        "The manifest calls this file a question, but it is a “%(root)s”: skipped."
    ),
    "duplicate_identifier": gettext_lazy(
        "Another question of the package has the same identifier: this one is skipped."
    ),
    "unsupported_interaction": gettext_lazy(
        "This question is %(interaction)s, a kind the item bank does not have: skipped. "
        "We import single and multiple choice, short text, numeric and open-response "
        "questions."
    ),
    "several_interactions": gettext_lazy(
        "This question asks %(count)s things at once (%(interactions)s); a question here asks "
        "one: skipped. Split it into one question per answer."
    ),
    "no_interaction": gettext_lazy("This item asks nothing (it has no interaction): skipped."),
    "adaptive": gettext_lazy(
        "This is an adaptive item (it changes as the student answers, with hints or several "
        "tries): skipped."
    ),
    "template": gettext_lazy(
        "This item makes up its numbers for each student (template variables): skipped. "
        "Write a few fixed versions of it instead."
    ),
    "stimulus": gettext_lazy(
        "This item uses a shared passage (a stimulus) kept in another file: skipped."
    ),
    "media": gettext_lazy(
        "This question needs its audio or video, which a question here cannot play: skipped."
    ),
    "include": gettext_lazy("This item includes content from other files: skipped."),
    "object": gettext_lazy(
        "This question shows embedded content of type %(type)s, which we cannot show: skipped."
    ),
    "math_no_latex": gettext_lazy(
        "This question has math written in MathML without its LaTeX, which we cannot turn "
        "into our math reliably: skipped. Write it again with the math between dollar signs."
    ),
    "custom_scoring": gettext_lazy(
        "This item scores answers with its own rules (custom response processing), not by "
        "its declared correct answer, so we cannot tell which answers are right: skipped."
    ),
    "no_response_declaration": gettext_lazy(
        "This item does not declare its response %(response)s: skipped."
    ),
    "no_correct": gettext_lazy(
        "This item has no correct answer (a survey question?): skipped. Questions here are "
        "scored against a key."
    ),
    "single_several_correct": gettext_lazy(
        "This single-choice item gives %(count)s correct answers: skipped."
    ),
    "unknown_choice": gettext_lazy(
        "Its correct answer %(choice)s is not one of its choices: skipped."
    ),
    "too_few_choices": gettext_lazy("This choice item has fewer than two choices: skipped."),
    "empty_choice": gettext_lazy("Its choice %(choice)s is empty: skipped."),
    "choice_too_long": gettext_lazy(
        "Its choice %(choice)s is longer than the %(max)s characters a choice may have: skipped."
    ),
    "unsupported_response": gettext_lazy(
        "Its answer is of type “%(base_type)s”, which the item bank cannot score: skipped."
    ),
    "unsupported_cardinality": gettext_lazy(
        "It expects answers of cardinality “%(cardinality)s”, which the item bank cannot "
        "score: skipped."
    ),
    "bad_number": gettext_lazy("Its correct answer “%(value)s” is not a number: skipped."),
    "several_pictures": gettext_lazy(
        "It shows %(count)s pictures; a question (or a choice) here has one: skipped."
    ),
    "no_stem": gettext_lazy("This question has no text: skipped."),
    "too_deep": gettext_lazy(
        "This item nests its content thousands of levels deep, as no real question does: skipped."
    ),
    "stem_too_long": gettext_lazy(
        "Its text is longer than the %(max)s characters a question may have: skipped."
    ),
    # One question, imported: for the teacher to check.
    "picture_missing": gettext_lazy(
        "The picture %(path)s is not in the file: the question is imported without it. "
        "Add the picture in the question's editor (or upload the whole package)."
    ),
    "alt_made": gettext_lazy(
        "The picture %(path)s has no description (alt text); we wrote “%(alt)s”. Describe "
        "what it shows in the question's editor, for students who cannot see it."
    ),
    "case_variant": gettext_lazy(
        "The answer “%(key)s” earns %(value)s of the marks in the file; answers here ignore "
        "case and spacing, so it is right, as “%(accepted)s” is."
    ),
    # Notes beside a question (not problems).
    "partial_credit": gettext_lazy(
        "Part and negative marks are not kept: right only with exactly the right choices."
    ),
    "partial_keys_left_out": gettext_lazy("Answers worth part of the marks left out: %(keys)s."),
    "feedback_left_out": gettext_lazy(
        "Its feedback depends on the answer (%(count)s pieces): left out."
    ),
    "rubric_left_out": gettext_lazy(
        "Its scoring rubric is left out (only open responses have one)."
    ),
    "tolerance_widest": gettext_lazy(
        "Its tolerance differs below and above the answer: the wider one is kept."
    ),
    "rounding_left_out": gettext_lazy(
        "Its rounding to significant figures is not kept: the answer must be exact."
    ),
    "identifier_shared": gettext_lazy(
        "Another question of the package is also %(where)s: this one is known as %(key)s."
    ),
}

# Issues about a question that is still imported (the others skip theirs).
MESSAGES_IMPORTED = {"picture_missing", "alt_made", "case_variant"}

INTERACTIONS: dict[str, Any] = {
    "matchInteraction": gettext_lazy("a matching question"),
    "orderInteraction": gettext_lazy("an ordering question"),
    "inlineChoiceInteraction": gettext_lazy("a drop-down (inline choice) question"),
    "gapMatchInteraction": gettext_lazy("a gap match question"),
    "associateInteraction": gettext_lazy("a pairing (associate) question"),
    "hotspotInteraction": gettext_lazy("a hotspot question"),
    "hottextInteraction": gettext_lazy("a hot text question"),
    "graphicAssociateInteraction": gettext_lazy("a graphic pairing question"),
    "graphicGapMatchInteraction": gettext_lazy("a graphic gap match question"),
    "graphicOrderInteraction": gettext_lazy("a graphic ordering question"),
    "selectPointInteraction": gettext_lazy("a select-a-point question"),
    "positionObjectInteraction": gettext_lazy("a position-an-object question"),
    "sliderInteraction": gettext_lazy("a slider question"),
    "uploadInteraction": gettext_lazy("a file upload question"),
    "drawingInteraction": gettext_lazy("a drawing question"),
    "mediaInteraction": gettext_lazy("an audio or video question"),
    "customInteraction": gettext_lazy("a custom question"),
    "portableCustomInteraction": gettext_lazy("a custom (PCI) question"),
    "endAttemptInteraction": gettext_lazy("an end-attempt question"),
}


def _say(issue: qti.Issue) -> str:
    template = MESSAGES.get(issue.code)
    params: dict[str, Any] = {"where": issue.where, **issue.params}
    if issue.code == "unsupported_interaction":
        name = str(issue.params.get("interaction", ""))
        params["interaction"] = INTERACTIONS.get(name) or _("a “%(name)s” question") % {
            "name": name
        }
    if template is None:  # a code without a sentence: still say something useful
        return f"{issue.code}: {issue.params}"
    return str(template) % params


def _where(issue: qti.Issue, filename: str) -> str:
    file = issue.file or filename
    if issue.where:
        return _("%(file)s, question %(identifier)s") % {"file": file, "identifier": issue.where}
    return file


# --- options -------------------------------------------------------------------------------


def editable_standards(user: User) -> list[Standard]:
    """The standards (not archived) of the maps `user` may edit, map by map in map order."""
    maps = [m for m in mastery_maps_for_teacher(user) if may_edit_mastery_map(user, m)]
    return list(
        Standard.objects.filter(mastery_map__in=maps)
        .select_related("mastery_map", "unit")
        .order_by("mastery_map__title", "mastery_map_id", "unit__position", "position", "pk")
    )


class QtiOptionsForm(forms.Form):
    """Which standard's bank the questions go into (only standards of maps the person may
    edit: never another school's), and all or nothing."""

    standard = forms.ChoiceField(label=gettext_lazy("Into the item bank of"), widget=ContentSelect)
    all_or_nothing = forms.BooleanField(
        label=gettext_lazy("All or nothing: if any question has a problem, import nothing"),
        required=False,
        initial=False,
    )

    def __init__(
        self,
        user: User,
        data: Any = None,
        facts: dict[str, Any] | None = None,
        *,
        standard_id: int | None = None,
    ) -> None:
        super().__init__(data)
        self.user = user
        self.facts = facts or {}
        groups: dict[str, list[tuple[str, str]]] = {}
        for standard in editable_standards(user):
            label = f"{standard.code} · {standard.statement[:80]}"
            groups.setdefault(standard.mastery_map.title, []).append((str(standard.pk), label))
        field = self.fields["standard"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a standard")), *groups.items()]
        if standard_id is not None:
            field.initial = str(standard_id)

    def options(self) -> dict[str, Any]:
        return {
            "standard": self.cleaned_data["standard"],
            "all_or_nothing": bool(self.cleaned_data.get("all_or_nothing")),
        }


# --- reading -------------------------------------------------------------------------------


def _parse(data: bytes, where: str) -> Element:
    return parse_xml(data, where)


def read_source(source: Source) -> qti.Reading:
    """The file's questions: a zip is a package (or a zip of loose items), anything else
    one XML file. Raises FileProblem when the file, or a file in the zip, cannot be read
    safely (the caller makes it a fatal problem)."""
    if is_zip(source.data):
        files = read_zip(source.data, source.filename)
        return qti.read_package(files, _parse)
    root = parse_xml(source.data, source.filename)
    return qti.read_document(root, filename=source.filename)


def _check_picture(picture: qti.PictureDraft) -> CheckedUpload:
    assert picture.data is not None
    upload = SimpleUploadedFile(posixpath.basename(picture.path) or "picture", picture.data)
    return check_upload(
        upload, max_bytes=PICTURE_MAX_BYTES, max_pixels=PICTURE_MAX_PIXELS, pictures_only=True
    )


# --- comparing with the bank ---------------------------------------------------------------


@dataclass
class Planned:
    draft: qti.ItemDraft
    item: Item | None  # the bank's question it updates; None: a new one
    # Checked pictures by their path in the package.
    uploads: dict[str, CheckedUpload] = field(default_factory=dict)


def _stored_bytes(row: Item | Choice) -> bytes | None:
    try:
        with row.image.open("rb") as handle:
            data: bytes = handle.read()
            return data
    except (OSError, ValueError):
        return None


def _picture_changed(row: Item | Choice | None, picture: qti.PictureDraft | None) -> bool:
    has = bool(row is not None and row.image)
    if picture is None:
        return has
    if picture.data is None:  # not in the file: what the bank has stays
        return False
    if row is None or not has:
        return True
    return row.image_alt != picture.alt.strip()[:300] or _stored_bytes(row) != picture.data


def _changes(item: Item, draft: qti.ItemDraft) -> list[str]:
    """The names of what differs between the bank's question and the file's."""
    names = {
        "kind": _("type"),
        "stem": _("question"),
        "points": _("points"),
        "feedback": _("feedback"),
        "rubric": _("rubric"),
        "key": _("answer key"),
        "choices": _("choices"),
        "order": _("choice order"),
        "picture": _("picture"),
    }
    changed: list[str] = []
    if item.kind != draft.kind:
        changed.append("kind")
    if item.stem.strip() != draft.stem.strip():
        changed.append("stem")
    if item.points != draft.points:
        changed.append("points")
    if item.feedback.strip() != draft.feedback.strip():
        changed.append("feedback")
    if draft.kind == "open" and item.rubric.strip() != draft.rubric.strip():
        changed.append("rubric")
    if draft.kind == "numeric" and (
        item.numeric_answer != draft.numeric_answer or item.tolerance != draft.tolerance
    ):
        changed.append("key")
    if draft.kind == "text" and item.accepted_list != list(draft.accepted_answers):
        changed.append("key")
    if draft.kind in ("single", "multiple"):
        choices = list(item.choices.all())
        if [c.text for c in choices] != [c.text.strip() for c in draft.choices]:
            changed.append("choices")
        if [c.is_correct for c in choices] != [c.correct for c in draft.choices]:
            changed.append("key")
        if item.keep_order != draft.keep_order:
            changed.append("order")
        rows: list[Choice | None] = [*choices]
        rows += [None] * (len(draft.choices) - len(rows))
        if any(
            _picture_changed(row, c.picture) for row, c in zip(rows, draft.choices, strict=False)
        ):
            changed.append("picture")
    if _picture_changed(item, draft.picture) and "picture" not in changed:
        changed.append("picture")
    return [names[n] for n in dict.fromkeys(changed)]


def _made_ids(items: list[Item]) -> dict[str, Item]:
    return {item_identifier(item, made=True): item for item in items}


def _detail(draft: qti.ItemDraft) -> str:
    kind = str(Item.Kind(draft.kind).label)
    stem = " ".join(draft.stem.split())
    text = f"{kind} · “{stem[:60]}{'…' if len(stem) > 60 else ''}”"
    notes = " ".join(_say(note) for note in draft.notes)
    return f"{text} {notes}".strip()


def _reconcile(
    source: Source, plan: Plan, standard: Standard, reading: qti.Reading
) -> list[Planned]:
    what = _("Question")
    bank = list(Item.objects.filter(standard=standard).prefetch_related("choices").order_by("pk"))
    by_source: dict[str, Item] = {}
    for item in bank:
        if item.source_id:
            by_source.setdefault(item.source_id, item)
    by_made = _made_ids(bank)
    skipped_ids: set[str] = set()
    planned: list[Planned] = []
    total = len(reading.items)
    for n, draft in enumerate(reading.items):
        source.progress(n, total)
        label = draft.identifier
        # Every picture, checked by its content before anything is written.
        uploads: dict[str, CheckedUpload] = {}
        refused = False
        for picture in draft.pictures():
            if picture.data is None or picture.path in uploads:
                continue
            try:
                uploads[picture.path] = _check_picture(picture)
            except UploadError as error:
                plan.problem(
                    _where(qti.Issue("", draft.identifier, draft.file), source.filename),
                    _("The picture %(path)s cannot be used: %(reason)s The question is skipped.")
                    % {"path": picture.path, "reason": error.message},
                )
                refused = True
                break
        if refused:
            skipped_ids.add(draft.identifier)
            continue
        found = by_source.get(draft.identifier) or by_made.get(draft.identifier)
        if found is None:
            plan.add("create", what, label, _detail(draft))
            planned.append(Planned(draft, None, uploads))
            continue
        if found.archived_at is not None:
            plan.add(
                "skip",
                what,
                label,
                _("Archived in this bank (#%(id)s): restore it to update it from a file.")
                % {"id": found.pk},
            )
            continue
        changes = _changes(found, draft)
        if not changes:
            plan.add("skip", what, label, _("Unchanged (#%(id)s).") % {"id": found.pk})
            continue
        plan.add(
            "update",
            what,
            label,
            _("#%(id)s changes: %(fields)s") % {"id": found.pk, "fields": ", ".join(changes)},
        )
        planned.append(Planned(draft, found, uploads))
    source.progress(total, total)
    # Problems of questions that are imported (missing pictures, alt text made), now that
    # the ones skipped for their pictures are known.
    for issue in reading.issues:
        if issue.code in MESSAGES_IMPORTED and issue.where not in skipped_ids:
            plan.problem(_where(issue, source.filename), _say(issue))
    return planned


# --- writing -------------------------------------------------------------------------------


def _picture_input(
    row: Item | Choice | None, picture: qti.PictureDraft | None, uploads: dict[str, CheckedUpload]
) -> PictureInput:
    if picture is None:
        return PictureInput(remove=bool(row is not None and row.image))
    if picture.data is None:  # not in the file: keep what the bank has
        return PictureInput()
    alt = picture.alt.strip()[:300]
    if row is not None and row.image and _stored_bytes(row) == picture.data:
        return PictureInput(alt=alt)
    return PictureInput(upload=uploads[picture.path], alt=alt)


def _write(standard: Standard, planned: Planned) -> Item:
    draft, item = planned.draft, planned.item
    old_choices: list[Choice] = list(item.choices.order_by("position", "id")) if item else []
    choices = []
    for position, choice in enumerate(draft.choices):
        old = old_choices[position] if position < len(old_choices) else None
        choices.append(
            ChoiceInput(
                text=choice.text,
                is_correct=choice.correct,
                misconception=old.misconception if old else "",
                text_translated=old.text_translated if old else "",
                picture=_picture_input(old, choice.picture, planned.uploads),
            )
        )
    common: dict[str, Any] = {
        "kind": draft.kind,
        "stem": draft.stem,
        "points": draft.points,
        "feedback": draft.feedback,
        "choices": choices,
        "numeric_answer": draft.numeric_answer,
        "tolerance": draft.tolerance,
        "accepted_answers": list(draft.accepted_answers),
        "keep_order": draft.keep_order,
        "rubric": draft.rubric,
        "picture": _picture_input(item, draft.picture, planned.uploads),
    }
    if item is None:
        created = create_item(standard=standard, **common)
        created.source_id = draft.identifier
        created.save(update_fields=["source_id"])
        return created
    translation = TranslationInput(
        language=item.second_language,
        stem=item.stem_translated,
        feedback=item.feedback_translated,
    )
    return update_item(item=item, translation=translation, **common)


# --- plan and apply ------------------------------------------------------------------------


def _standard(source: Source, plan: Plan) -> Standard | None:
    """The standard the options name, checked again now (access may have changed since the
    preview); None, with a fatal problem, when the person may not write there."""
    standard_id = parse_id(str(source.options.get("standard") or ""))
    try:
        if standard_id is None:
            raise Http404("No such standard.")
        standard = get_standard_for_editor(source.user, standard_id)
    except Http404:
        plan.problem(
            source.filename,
            _(
                "You may not change this standard's item bank, or it no longer exists: "
                "choose another."
            ),
            fatal=True,
        )
        return None
    if standard.archived_at is not None:
        plan.problem(
            source.filename,
            _("The standard %(code)s is archived: restore it before adding questions to it.")
            % {"code": standard.code},
            fatal=True,
        )
        return None
    return standard


def _run(source: Source, *, write: bool) -> Plan:
    plan = Plan()
    standard = _standard(source, plan)
    if standard is None:
        return plan
    try:
        reading = read_source(source)
    except FileProblem as problem:
        plan.problem(problem.where, problem.message, fatal=True)
        return plan
    for issue in reading.issues:
        if issue.code not in MESSAGES_IMPORTED:
            plan.problem(_where(issue, source.filename), _say(issue), fatal=issue.fatal)
    if plan.fatal:
        return plan
    for left in reading.left_out:
        plan.add(
            "skip",
            _("Test") if left.kind in ("test", "section") else _("Outcomes"),
            left.identifier or left.file,
            _(
                "Its questions are imported into the bank one by one; the test's order, "
                "sections and random selection are not: make forms from the questions."
            )
            if left.kind in ("test", "section")
            else _("Outcome declarations (such as alignments to standards) are not imported."),
        )
    planned = _reconcile(source, plan, standard, reading)
    plan.facts["standard_id"] = standard.pk
    plan.facts["versions"] = sorted(reading.versions)
    plan.facts["next"] = [
        {
            "url": reverse("assessments:standard-bank", args=[standard.pk]),
            "label": _("Open the item bank of %(code)s") % {"code": standard.code},
            "detail": _("Make forms from the questions there."),
        }
    ]
    if not write:
        return plan
    if plan.refused(all_or_nothing=bool(source.options.get("all_or_nothing"))):
        raise Refused(plan)
    made: list[int] = []
    for n, entry in enumerate(planned):
        source.progress(n, len(planned))
        try:
            made.append(_write(standard, entry).pk)
        except ActionError as error:
            plan.problem(
                _where(qti.Issue("", entry.draft.identifier, entry.draft.file), source.filename),
                _("%(reason)s The question is skipped.") % {"reason": error.message},
            )
    plan.facts["item_ids"] = made
    return plan


def plan_qti(source: Source) -> Plan:
    """What importing the file would do; writes nothing."""
    return _run(source, write=False)


def apply_qti(source: Source) -> Plan:
    """Import the file (inside the caller's transaction)."""
    return _run(source, write=True)


def _form(user: User, data: Any = None, facts: dict[str, Any] | None = None) -> forms.Form:
    return QtiOptionsForm(user, data, facts)


QTI_IMPORTER = Importer(
    key="qti",
    title=gettext_lazy("Questions from QTI"),
    description=gettext_lazy(
        "Questions from another assessment system, as 1EdTech QTI 2.2 or 3.0: one item "
        "file, or a content package (a zip with its pictures), into a standard's item bank."
    ),
    audience="teacher",
    accept=".xml,.zip",
    form=_form,
    plan=plan_qti,
    apply=apply_qti,
    help_template="exchange/help_qti.html",
)
