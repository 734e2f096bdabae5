"""Questions in from QTI and out as QTI: every QTI fixture imports (or says precisely why
not), the preview writes nothing, the same package twice changes nothing, a changed
question is updated in place, hostile files change nothing, a form goes out and comes back
to the same questions, and only a map's editors reach its bank or its answer keys."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from PIL import Image

from masterymap.accounts.models import User
from masterymap.assessments.actions import (
    ChoiceInput,
    PictureInput,
    TranslationInput,
    create_form,
    create_item,
)
from masterymap.assessments.models import Choice, Form, Item
from masterymap.exchange.importers import Source
from masterymap.exchange.plan import Plan, Refused
from masterymap.exchange.qti_import import QTI_IMPORTER, QtiOptionsForm, apply_qti, plan_qti
from masterymap.exchange.tests.fixtures import fixture_path
from masterymap.lib.uploads import check_upload
from masterymap.standards.models import Standard
from masterymap.test import SchoolData, build_school, make_user


@pytest.fixture
def data(db: Any) -> SchoolData:
    return build_school()


@pytest.fixture
def s3(data: SchoolData) -> Standard:
    """An empty standard on Tomás's map."""
    return Standard.objects.create(
        mastery_map=data.grade7,
        unit=data.unit1,
        code="7.RP.A.3",
        statement="Percent problems",
        i_can="I can solve percent problems",
        icon="star",
        colour="red",
        position=3,
    )


def qti_bytes(*parts: str) -> bytes:
    return fixture_path("qti", *parts).read_bytes()


def source(
    user: User, data: bytes, standard: Standard, filename: str = "file", **options: Any
) -> Source:
    return Source(
        user=user, data=data, filename=filename, options={"standard": str(standard.pk), **options}
    )


def apply(src: Source) -> Plan:
    """As the job runner does: one transaction, rolled back when the plan is refused."""
    with transaction.atomic():
        plan = apply_qti(src)
        if plan.refused(all_or_nothing=bool(src.options.get("all_or_nothing"))):
            raise Refused(plan)
    return plan


def counts(plan: Plan) -> dict[str, dict[str, int]]:
    return dict(plan.counts())


def messages(plan: Plan) -> list[str]:
    return [f"{p.where}: {p.message}" for p in plan.problems]


def png(width: int = 40, height: int = 30, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def picture(data: bytes, alt: str) -> PictureInput:
    upload = SimpleUploadedFile("p.png", data)
    return PictureInput(
        upload=check_upload(upload, max_bytes=5_000_000, pictures_only=True), alt=alt
    )


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {i.filename: archive.read(i) for i in archive.infolist()}


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the options -----------------------------------------------------------------------------


def test_the_options_offer_only_standards_of_maps_the_person_may_edit(data: SchoolData) -> None:
    def offered(user: User) -> set[str]:
        field = QtiOptionsForm(user).fields["standard"]
        return {
            value
            for _group, options in field.choices[1:]  # type: ignore[attr-defined]
            for value, _label in options
        }

    mine = {str(data.s1.pk), str(data.s2.pk)}
    assert offered(data.tomas) == mine
    assert offered(data.ada) >= mine  # the school admin edits every map of her school
    assert offered(data.uma).isdisjoint(mine)  # Uma edits only her own map
    assert offered(data.zed) == set()  # another school
    assert offered(data.ana) == set()
    form = QtiOptionsForm(data.tomas, {"standard": str(data.s2.pk), "all_or_nothing": "on"})
    assert form.is_valid() and form.options() == {
        "standard": str(data.s2.pk),
        "all_or_nothing": True,
    }
    assert not QtiOptionsForm(data.uma, {"standard": str(data.s2.pk)}).is_valid()
    assert QTI_IMPORTER.audience == "teacher" and QTI_IMPORTER.accept == ".xml,.zip"


def test_a_standard_of_another_map_is_refused_at_preview_and_at_apply(data: SchoolData) -> None:
    before = Item.objects.count()
    src = source(data.uma, qti_bytes("qti30-1edtech", "choice_multiple.xml"), data.s2)
    assert plan_qti(src).fatal
    with pytest.raises(Refused):
        apply(src)
    zed = source(data.zed, qti_bytes("qti30-1edtech", "choice_multiple.xml"), data.s2)
    assert "may not change" in messages(plan_qti(zed))[0]
    assert Item.objects.count() == before


# --- the single items ------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["qti22-1edtech", "qti30-1edtech"])
def test_the_example_items_import_with_their_keys_and_a_second_import_changes_nothing(
    data: SchoolData, s3: Standard, version: str
) -> None:
    names = ["choice.xml", "choice_multiple.xml", "text_entry.xml", "extended_text.xml"]
    for name in names:
        preview = plan_qti(source(data.tomas, qti_bytes(version, name), s3, name))
        assert counts(preview)["Question"]["create"] == 1
    assert not s3.items.exists()  # the preview wrote nothing
    plans = {name: apply(source(data.tomas, qti_bytes(version, name), s3, name)) for name in names}

    single = Item.objects.get(standard=s3, source_id="choice")
    assert single.kind == "single" and single.keep_order
    assert single.stem == "Look at the text in the picture.\n\nWhat does it say?"
    assert [(c.text[:8], c.is_correct) for c in single.choices.all()] == [
        ("You must", True),
        ("Do not l", False),
        ("Remember", False),
    ]
    assert not single.image  # a loose file has no pictures: imported without, and said so
    assert messages(plans["choice.xml"]) == [
        "choice.xml, question choice: The picture images/sign.png is not in the file: the "
        "question is imported without it. Add the picture in the question's editor (or upload "
        "the whole package)."
    ]

    multiple = Item.objects.get(standard=s3, source_id="choiceMultiple")
    assert multiple.kind == "multiple" and not multiple.keep_order
    assert {c.text for c in multiple.choices.all() if c.is_correct} == {"Hydrogen", "Oxygen"}
    assert "Part and negative marks are not kept" in plans["choice_multiple.xml"].changes[0].detail

    text = Item.objects.get(standard=s3, source_id="textEntry")
    assert text.kind == "text" and text.accepted_list == ["York"]
    assert "\\_\\_\\_\\_\\_" in text.stem
    assert "“york” earns 0.5 of the marks" in messages(plans["text_entry.xml"])[0]

    open_item = Item.objects.get(standard=s3, source_id="extendedText")
    assert open_item.kind == "open" and open_item.rubric == ""
    assert "> Here is a postcard of my town." in open_item.stem

    for name in names:
        again = apply(source(data.tomas, qti_bytes(version, name), s3, name))
        assert not again.writes and counts(again)["Question"]["skip"] == 1
    assert s3.items.count() == 4


@pytest.mark.parametrize(
    ("version", "name", "said"),
    [
        (
            "qti22-1edtech",
            "inline_choice.xml",
            "question inlineChoice: This question is a drop-down",
        ),
        (
            "qti30-1edtech",
            "inline_choice.xml",
            "question inlineChoice: This question is a drop-down",
        ),
        ("qti22-1edtech", "match.xml", "question match: This question is a matching question,"),
        (
            "qti22-1edtech",
            "order_partial_scoring.xml",
            "question orderPartialScoring: This question is an ordering question,",
        ),
    ],
)
def test_other_kinds_of_question_are_skipped_with_a_precise_problem(
    data: SchoolData, s3: Standard, version: str, name: str, said: str
) -> None:
    path = fixture_path("qti", version, name)
    plan = apply(source(data.tomas, path.read_bytes(), s3, name))
    [problem] = plan.problems
    assert said in f"{problem.where}: {problem.message}" and not problem.fatal
    assert "a kind the item bank does not have: skipped" in problem.message
    assert "We import single and multiple choice, short text, numeric" in problem.message
    assert not plan.writes and not s3.items.exists()


@pytest.mark.parametrize(
    ("parts", "said"),
    [
        (("qti30-1edtech", "results-report.xml"), "This is a QTI results report"),
        (("canvas-qti12-multiple_answer_item.xml",), "This is QTI 1.2"),
    ],
)
def test_a_results_report_or_qti_1_2_stops_with_a_clear_message(
    data: SchoolData, s3: Standard, parts: tuple[str, ...], said: str
) -> None:
    plan = plan_qti(source(data.tomas, qti_bytes(*parts), s3, parts[-1]))
    [problem] = plan.problems
    assert problem.fatal and problem.message.startswith(said)
    assert problem.where == parts[-1]
    with pytest.raises(Refused):
        apply(source(data.tomas, qti_bytes(*parts), s3, parts[-1]))
    assert not s3.items.exists()


def test_the_qti_1_2_message_says_what_to_export_instead(data: SchoolData, s3: Standard) -> None:
    plan = plan_qti(source(data.tomas, qti_bytes("canvas-qti12-multiple_answer_item.xml"), s3))
    assert "Export the questions as QTI 2.2 or 3.0 instead" in plan.problems[0].message
    results = plan_qti(source(data.tomas, qti_bytes("qti30-1edtech", "results-report.xml"), s3))
    assert "not questions" in results.problems[0].message


# --- packages --------------------------------------------------------------------------------


def test_the_items_package_imports_what_it_can_and_lists_the_rest_by_reason(
    data: SchoolData, s3: Standard
) -> None:
    package = qti_bytes("qti22-1edtech", "items-package.zip")
    preview = plan_qti(source(data.tomas, package, s3, "items.zip"))
    assert not preview.fatal
    assert counts(preview)["Question"] == {"create": 14, "update": 0, "skip": 0, "delete": 0}
    reasons: dict[str, int] = {}
    for problem in preview.problems:
        for phrase in (
            "a kind the item bank does not have",
            "adaptive item",
            "makes up its numbers",
            "asks 3 things at once",
            "asks 4 things at once",
            "asks 2 things at once",
            "scores answers with its own rules",
            "embedded content of type text/html",
            "no correct answer",
            "MathML without its LaTeX",
            "needs its audio or video",
            "is not a picture we can show",
            "earns 0.5 of the marks",
        ):
            if phrase in problem.message:
                reasons[phrase] = reasons.get(phrase, 0) + 1
                break
        else:
            raise AssertionError(f"unexpected problem: {problem}")
    assert reasons == {
        "a kind the item bank does not have": 20,
        "adaptive item": 8,
        "makes up its numbers": 5,
        "asks 4 things at once": 1,
        "asks 2 things at once": 1,
        "asks 3 things at once": 1,
        "scores answers with its own rules": 1,
        "embedded content of type text/html": 2,
        "no correct answer": 1,
        "MathML without its LaTeX": 1,
        "needs its audio or video": 1,
        "is not a picture we can show": 1,  # the SVG rectangle: skipped, not imported
        "earns 0.5 of the marks": 1,
    }
    # The SVG question's made-up alt text is not asked about: that question is skipped.
    assert not any("rectangle" in p.message and "alt text" in p.message for p in preview.problems)
    assert 14 + sum(reasons.values()) - 1 == 57

    plan = apply(source(data.tomas, package, s3, "items.zip"))
    assert s3.items.count() == 14
    assert len(plan.facts["item_ids"]) == 14
    sign = Item.objects.get(standard=s3, source_id="choice")
    assert sign.image and sign.image_alt == "NEVER LEAVE LUGGAGE UNATTENDED"
    rubric = Item.objects.get(standard=s3, source_id="extended_text_rubric")
    assert rubric.rubric.startswith("# Scoring Guidelines") and rubric.image
    again = apply(source(data.tomas, package, s3, "items.zip"))
    assert not again.writes and counts(again)["Question"]["skip"] == 14


def test_all_or_nothing_refuses_a_package_with_any_problem(data: SchoolData, s3: Standard) -> None:
    package = qti_bytes("qti22-1edtech", "items-package.zip")
    with pytest.raises(Refused):
        apply(source(data.tomas, package, s3, "items.zip", all_or_nothing=True))
    assert not s3.items.exists()


def test_the_simple_package_brings_its_picture_which_is_served_to_the_maps_people(
    data: SchoolData, s3: Standard
) -> None:
    package = qti_bytes("qti30-1edtech", "simple-package.zip")
    plan = apply(source(data.tomas, package, s3, "simple.zip"))
    assert plan.problems == [] and plan.facts["versions"] == ["3.0"]
    item = Item.objects.get(standard=s3, source_id="choice")
    assert item.image_type == "image/png" and item.image_alt == "NEVER LEAVE LUGGAGE UNATTENDED"
    assert "sign" not in (item.image.name or "")  # stored under a random name
    url = reverse("assessments:item-picture", args=[item.pk])
    response = login(data.tomas).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == unzip(package)["images/sign.png"]  # type: ignore[attr-defined]
    assert login(data.zed).get(url).status_code == 404
    assert plan.facts["next"][0]["url"] == reverse("assessments:standard-bank", args=[s3.pk])


def test_the_case_package_imports_its_text_entries_and_leaves_out_its_test(
    data: SchoolData, s3: Standard
) -> None:
    package = qti_bytes("qti30-1edtech", "CASEWithOutcome-package.zip")
    plan = apply(source(data.tomas, package, s3, "case.zip"))
    assert plan.problems == []
    assert counts(plan) == {
        "Outcomes": {"create": 0, "update": 0, "skip": 1, "delete": 0},
        "Test": {"create": 0, "update": 0, "skip": 1, "delete": 0},
        "Question": {"create": 19, "update": 0, "skip": 0, "delete": 0},
    }
    books = Item.objects.get(standard=s3, source_id="BookstowriteSimplePast_265237402")
    assert books.kind == "text" and books.accepted_list == ["books were written"]
    assert books.stem == "books - to write (Simple Past)"
    assert not apply(source(data.tomas, package, s3, "case.zip")).writes


# --- hostile and broken files ----------------------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="x">
<itemBody><p>&lol3;</p></itemBody></assessmentItem>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE item [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="x">
<itemBody><p>&xxe;</p></itemBody></assessmentItem>"""
ITEM_WITH_PICTURE = b"""<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
 identifier="pic">
<qti-response-declaration identifier="R" cardinality="single" base-type="identifier">
<qti-correct-response><qti-value>A</qti-value></qti-correct-response></qti-response-declaration>
<qti-item-body><p>Which?</p><p><img src="images/sign.png" alt="A sign"/></p>
<qti-choice-interaction response-identifier="R" max-choices="1">
<qti-simple-choice identifier="A">a</qti-simple-choice>
<qti-simple-choice identifier="B">b</qti-simple-choice>
</qti-choice-interaction></qti-item-body></qti-assessment-item>"""


def manifest(href: str) -> bytes:
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M"><resources>'
        f'<resource identifier="R1" type="imsqti_item_xmlv3p0" href="{href}"/>'
        "</resources></manifest>"
    ).encode()


HOSTILE = {
    "entity bomb": (BOMB, "declares entities or external references"),
    "external entity": (XXE, "declares entities or external references"),
    # A cut-short copy of items-package.zip (read in the test: fixtures may be absent).
    "broken zip": (b"", "damaged or is not a zip file"),
    "manifest outside the zip": (
        zip_of({"imsmanifest.xml": manifest("../../etc/passwd"), "q.xml": ITEM_WITH_PICTURE}),
        "points to ../../etc/passwd, outside the package",
    ),
    "zip path outside": (
        zip_of({"../evil.xml": ITEM_WITH_PICTURE}),
        "path outside itself",
    ),
    "not xml": (b"\x00\x01binary", "not well-formed XML"),
    "bomb inside a package": (
        zip_of({"imsmanifest.xml": manifest("q.xml"), "q.xml": BOMB}),
        "declares entities or external references",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_and_broken_files_give_a_fatal_problem_and_write_nothing(
    data: SchoolData, s3: Standard, case: str
) -> None:
    content, said = HOSTILE[case]
    if case == "broken zip":
        content = qti_bytes("qti22-1edtech", "items-package.zip")[:20_000]
    before = Item.objects.count()
    plan = plan_qti(source(data.tomas, content, s3, "upload"))
    assert plan.fatal and said in plan.problems[0].message
    assert "root:x" not in " ".join(messages(plan))  # /etc/passwd never read
    with pytest.raises(Refused):
        apply(source(data.tomas, content, s3, "upload"))
    assert Item.objects.count() == before


def test_a_picture_that_is_not_really_an_image_skips_its_question(
    data: SchoolData, s3: Standard
) -> None:
    fake = b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>" * 20
    html = b"<html><script>alert(1)</script></html>"
    for content in (fake, html):
        package = zip_of(
            {
                "imsmanifest.xml": manifest("q.xml"),
                "q.xml": ITEM_WITH_PICTURE,
                "images/sign.png": content,
            }
        )
        plan = apply(source(data.tomas, package, s3, "pic.zip"))
        [problem] = plan.problems
        assert problem.where == "q.xml, question pic"
        assert problem.message.startswith("The picture images/sign.png cannot be used:")
        assert problem.message.endswith("The question is skipped.")
        assert not plan.writes
    assert not s3.items.exists()
    good = zip_of(
        {"imsmanifest.xml": manifest("q.xml"), "q.xml": ITEM_WITH_PICTURE, "images/sign.png": png()}
    )
    assert apply(source(data.tomas, good, s3, "pic.zip")).problems == []
    assert Item.objects.get(standard=s3, source_id="pic").image_alt == "A sign"


def test_a_picture_without_alt_text_gets_one_from_its_name_and_a_problem(
    data: SchoolData, s3: Standard
) -> None:
    item = ITEM_WITH_PICTURE.replace(b' alt="A sign"', b"").replace(
        b"images/sign.png", b"images/road_sign.png"
    )
    package = zip_of(
        {"imsmanifest.xml": manifest("q.xml"), "q.xml": item, "images/road_sign.png": png()}
    )
    plan = apply(source(data.tomas, package, s3, "pic.zip"))
    assert messages(plan) == [
        "q.xml, question pic: The picture images/road_sign.png has no description (alt text); "
        "we wrote “road sign”. Describe what it shows in the question's editor, for students "
        "who cannot see it."
    ]
    assert Item.objects.get(standard=s3, source_id="pic").image_alt == "road sign"


# --- re-import -------------------------------------------------------------------------------


def test_a_changed_question_updates_the_same_row_and_an_archived_one_is_left_alone(
    data: SchoolData, s3: Standard
) -> None:
    item_xml = ITEM_WITH_PICTURE
    package = zip_of(
        {"imsmanifest.xml": manifest("q.xml"), "q.xml": item_xml, "images/sign.png": png()}
    )
    apply(source(data.tomas, package, s3, "pic.zip"))
    item = Item.objects.get(standard=s3, source_id="pic")
    choice_ids = [c.pk for c in item.choices.all()]
    Choice.objects.filter(pk=choice_ids[1]).update(misconception="Read b as d")
    Item.objects.filter(pk=item.pk).update(second_language="es", stem_translated="¿Cuál?")
    form = create_form(standard=s3, item_ids=[item.pk])

    changed = zip_of(
        {
            "imsmanifest.xml": manifest("q.xml"),
            "q.xml": item_xml.replace(b"<p>Which?</p>", b"<p>Which one?</p>"),
            "images/sign.png": png(colour="blue"),
        }
    )
    plan = apply(source(data.tomas, changed, s3, "pic.zip"))
    assert counts(plan)["Question"]["update"] == 1
    assert plan.changes[0].detail == f"#{item.pk} changes: question, picture"
    item.refresh_from_db()
    assert item.stem == "Which one?"
    assert [c.pk for c in item.choices.all()] == choice_ids
    assert Choice.objects.get(pk=choice_ids[1]).misconception == "Read b as d"
    assert (item.second_language, item.stem_translated) == ("es", "¿Cuál?")
    assert list(form.items.all()) == [item]
    with item.image.open("rb") as handle:
        assert handle.read() == png(colour="blue")

    Item.objects.filter(pk=item.pk).update(archived_at="2025-01-01T00:00:00Z")
    plan = apply(source(data.tomas, package, s3, "pic.zip"))
    assert not plan.writes and "Archived in this bank" in plan.changes[0].detail


# --- out, and back in ------------------------------------------------------------------------


def five_kinds(standard: Standard) -> list[Item]:
    return [
        create_item(
            standard=standard,
            kind="single",
            stem="What is $\\frac{3}{4}$ of **12**?\n\n- look at the picture",
            choices=[
                ChoiceInput("$9$", True, picture=picture(png(colour="green"), "Nine dots")),
                ChoiceInput("*eight*", False),
                ChoiceInput("6", False),
            ],
            feedback="Three quarters of 12 is $9$.",
            keep_order=True,
            points=2,
            picture=picture(png(), "A bar cut in quarters"),
        ),
        create_item(
            standard=standard,
            kind="multiple",
            stem="Which are primes?",
            choices=[ChoiceInput("2", True), ChoiceInput("4", False), ChoiceInput("5", True)],
        ),
        create_item(
            standard=standard,
            kind="numeric",
            stem="Solve $x^2 = 2$ to two decimals.",
            numeric_answer=1.41,
            tolerance=0.005,
        ),
        create_item(
            standard=standard,
            kind="text",
            stem="Write $\\frac{3}{4}$ in words.",
            accepted_answers=["three quarters", "three fourths"],
        ),
        create_item(
            standard=standard,
            kind="open",
            stem="Explain why $a^2 + b^2 = c^2$.",
            rubric="### 4\n\nA full proof.\n\n### 2\n\n- a drawing only",
            points=4,
            translation=TranslationInput(language="es", stem="Explica por qué."),
        ),
    ]


def snapshot(item: Item) -> tuple[Any, ...]:
    def image(row: Item | Choice) -> tuple[bytes, str] | None:
        if not row.image:
            return None
        with row.image.open("rb") as handle:
            return handle.read(), row.image_alt

    return (
        item.kind,
        item.stem,
        item.points,
        item.feedback,
        item.keep_order,
        [(c.text, c.is_correct, image(c)) for c in item.choices.all()],
        item.accepted_list,
        item.numeric_answer,
        item.tolerance,
        item.rubric,
        image(item),
    )


def test_a_form_goes_out_as_qti_and_comes_back_as_the_same_questions(
    data: SchoolData, s3: Standard
) -> None:
    items = five_kinds(data.s2)
    form = create_form(standard=data.s2, item_ids=[i.pk for i in reversed(items)])
    response = login(data.tomas).get(reverse("exchange:qti-form", args=[form.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="7rpa2-form-a-qti.zip"'
    package = response.content
    files = unzip(package)
    assert {"imsmanifest.xml", "test.xml"} <= set(files) and len(files) == 5 + 2 + 2
    assert b"$\\frac{3}{4}$" in b"".join(files.values())  # LaTeX kept as text

    preview = plan_qti(source(data.tomas, package, s3, "form.zip"))
    assert preview.problems == [] and counts(preview)["Question"]["create"] == 5
    apply(source(data.tomas, package, s3, "form.zip"))
    copies = list(Item.objects.filter(standard=s3).order_by("pk"))
    # In the form's order (it is reversed), each the same question.
    assert [snapshot(c) for c in copies] == [snapshot(i) for i in reversed(items)]
    assert {c.source_id for c in copies} == {
        c.source_id for c in copies if c.source_id.startswith("MM-")
    }

    # Back into the standard it came from, and again into the copy: nothing changes.
    same = apply(source(data.tomas, package, data.s2, "form.zip"))
    assert not same.writes and counts(same)["Question"]["skip"] == 5
    assert not apply(source(data.tomas, package, s3, "form.zip")).writes
    # The copies export with the identifiers they came with.
    copy_form = create_form(standard=s3, item_ids=[c.pk for c in copies])
    again = login(data.tomas).get(reverse("exchange:qti-form", args=[copy_form.pk])).content
    assert not apply(source(data.tomas, again, data.s2, "again.zip")).writes


def test_the_bank_exports_without_its_archived_questions(data: SchoolData, s3: Standard) -> None:
    items = five_kinds(s3)
    Item.objects.filter(pk=items[0].pk).update(archived_at="2025-01-01T00:00:00Z")
    response = login(data.ada).get(reverse("exchange:qti-standard", args=[s3.pk]))
    assert response.status_code == 200
    files = unzip(response.content)
    assert len([f for f in files if f.endswith(".xml")]) == 4 + 1  # items + manifest, no test


# --- who may download --------------------------------------------------------------------


def test_only_the_maps_editors_download_a_form_with_its_answer_keys(data: SchoolData) -> None:
    form: Form = data.s1_form_a
    url = reverse("exchange:qti-form", args=[form.pk])
    hilltop_teacher = make_user("hana", User.Role.TEACHER, data.zed.school)  # type: ignore[arg-type]
    assert login(data.tomas).get(url).status_code == 200
    assert login(data.ada).get(url).status_code == 200
    for outsider in (data.zed, hilltop_teacher, data.uma, data.ana):
        assert login(outsider).get(url).status_code == 404, outsider.username
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    bank = reverse("exchange:qti-standard", args=[data.s1.pk])
    assert login(data.uma).get(bank).status_code == 404
    assert login(data.ana).get(bank).status_code == 404
    assert login(data.tomas).post(url).status_code == 405


def test_the_import_page_of_a_standard_has_it_chosen_for_its_editor_only(data: SchoolData) -> None:
    url = reverse("exchange:qti-import", args=[data.s2.pk])
    page = login(data.tomas).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{data.s2.pk}" selected' in html
    assert "What is skipped, and why" in html and 'accept=".xml,.zip"' in html
    assert login(data.uma).get(url).status_code == 404
    assert login(data.ana).get(url).status_code == 404


def test_the_bank_and_the_form_page_link_to_import_and_export(data: SchoolData) -> None:
    client = login(data.tomas)
    bank = client.get(reverse("assessments:standard-bank", args=[data.s1.pk])).content.decode()
    assert reverse("exchange:qti-import", args=[data.s1.pk]) in bank
    assert reverse("exchange:qti-standard", args=[data.s1.pk]) in bank
    form_page = client.get(reverse("assessments:form-edit", args=[data.s1_form_a.pk]))
    assert reverse("exchange:qti-form", args=[data.s1_form_a.pk]) in form_page.content.decode()


def test_uploading_on_a_standards_import_page_starts_the_preview(
    data: SchoolData, s3: Standard, monkeypatch: pytest.MonkeyPatch
) -> None:
    from masterymap.exchange import registry
    from masterymap.exchange.models import Job

    # The shared pages find the importer in the registry (here without the others).
    monkeypatch.setattr(registry, "importers", lambda: {QTI_IMPORTER.key: QTI_IMPORTER})
    upload = SimpleUploadedFile("simple.zip", qti_bytes("qti30-1edtech", "simple-package.zip"))
    client = login(data.tomas)
    response = client.post(
        reverse("exchange:qti-import", args=[s3.pk]), {"file": upload, "standard": str(s3.pk)}
    )
    job = Job.objects.get(owner=data.tomas, kind="qti")
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:job", args=[job.pk])
    job.refresh_from_db()
    assert job.plan["changes"][0]["action"] == "create"  # previewed at once (immediate tasks)
    assert not s3.items.exists()
    assert client.post(reverse("exchange:job-apply", args=[job.pk])).status_code == 302
    assert Item.objects.get(standard=s3, source_id="choice").image
