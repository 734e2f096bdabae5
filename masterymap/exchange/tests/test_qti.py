"""Reading and writing QTI (pure): what each item becomes, what is skipped and why, the
Markdown a body turns into, packages, and drafts that come back the same after a trip out
and in. No database."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring

from masterymap.exchange import qti
from masterymap.exchange.tests.fixtures import fixture_path

QTI2 = 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2"'
QTI3 = 'xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"'
PNG = b"\x89PNG\r\n\x1a\n not really checked here"


def parse(data: bytes, where: str = "") -> Element:
    root: Element = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    return root


def fixture_bytes(*parts: str) -> bytes:
    return fixture_path("qti", *parts).read_bytes()


def unzip(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def read(
    xml: str, files: dict[str, bytes] | None = None
) -> tuple[qti.ItemDraft | None, list[qti.Issue]]:
    return qti.read_item(parse(xml.encode()), path="item.xml", files=files or {})


def item2(
    body: str, *, declarations: str = "", processing: str = "", extra: str = "", root: str = ""
) -> str:
    return (
        f'<assessmentItem {QTI2} identifier="i1" title="T" {root}>{declarations}'
        f"<itemBody>{body}</itemBody>{processing}{extra}</assessmentItem>"
    )


CHOICE_DECL = (
    '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
    "<correctResponse><value>A</value></correctResponse></responseDeclaration>"
)
CHOICES = (
    '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">'
    '<simpleChoice identifier="A">Yes</simpleChoice><simpleChoice identifier="B">No</simpleChoice>'
    "</choiceInteraction>"
)
MATCH = '<responseProcessing template="http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct"/>'


def choice_item(body_before: str) -> str:
    return item2(body_before + CHOICES, declarations=CHOICE_DECL, processing=MATCH)


# --- what a file is --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("xml", "kind"),
    [
        (f"<assessmentItem {QTI2}/>", "item"),
        (f"<qti-assessment-item {QTI3}/>", "item"),
        (f"<qti-assessment-test {QTI3}/>", "test"),
        (f"<assessmentSection {QTI2}/>", "section"),
        ('<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"/>', "manifest"),
        ('<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2"/>', "qti12"),
        ('<assessmentResult xmlns="http://www.imsglobal.org/xsd/imsqti_result_v3p0"/>', "results"),
        ("<html/>", "other"),
    ],
)
def test_a_file_says_what_it_is(xml: str, kind: str) -> None:
    assert qti.sniff(parse(xml.encode())) == kind


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        (("qti30-1edtech", "results-report.xml"), "results"),
        (("canvas-qti12-multiple_answer_item.xml",), "qti12"),
    ],
)
def test_files_that_are_not_questions_stop_with_one_fatal_issue(
    parts: tuple[str, ...], code: str
) -> None:
    reading = qti.read_document(parse(fixture_bytes(*parts)), filename=parts[-1])
    assert [(i.code, i.fatal) for i in reading.issues] == [(code, True)]
    assert reading.items == []


# --- the 1EdTech single items, in 2.2 and 3.0 ----------------------------------------------

SINGLE_ITEMS = [
    # file, kind, key (correct choices or accepted answers), issue codes, note codes
    ("choice.xml", "single", ("ChoiceA",), ["picture_missing"], []),
    ("choice_multiple.xml", "multiple", ("H", "O"), [], ["partial_credit"]),
    ("text_entry.xml", "text", ("York",), ["case_variant"], []),
    ("extended_text.xml", "open", (), ["picture_missing"], []),
]


@pytest.mark.parametrize("version", ["qti22-1edtech", "qti30-1edtech"])
@pytest.mark.parametrize(("name", "kind", "key", "issues", "notes"), SINGLE_ITEMS)
def test_each_supported_example_item_imports_with_its_key(
    version: str, name: str, kind: str, key: tuple[str, ...], issues: list[str], notes: list[str]
) -> None:
    reading = qti.read_document(parse(fixture_bytes(version, name)), filename=name)
    assert [i.code for i in reading.issues] == issues
    [draft] = reading.items
    assert draft.kind == kind
    assert [n.code for n in draft.notes] == notes
    if kind in ("single", "multiple"):
        assert tuple(c.identifier for c in draft.choices if c.correct) == key
    else:
        assert draft.accepted_answers == key
    assert reading.versions == {"2.2" if version == "qti22-1edtech" else "3.0"}


def test_the_choice_example_keeps_its_prompt_choices_and_picture_description() -> None:
    reading = qti.read_document(
        parse(fixture_bytes("qti30-1edtech", "choice.xml")), filename="choice.xml"
    )
    [draft] = reading.items
    assert draft.stem == "Look at the text in the picture.\n\nWhat does it say?"
    assert [c.text for c in draft.choices][0] == "You must stay with your luggage at all times."
    assert draft.keep_order is True  # shuffle="false"
    assert draft.picture == qti.PictureDraft(
        "images/sign.png", None, "NEVER LEAVE LUGGAGE UNATTENDED"
    )
    assert reading.issues[0].params == {"path": "images/sign.png"}


def test_a_text_entry_in_a_sentence_becomes_a_blank_and_the_case_variant_is_reported() -> None:
    reading = qti.read_document(
        parse(fixture_bytes("qti22-1edtech", "text_entry.xml")), filename="t.xml"
    )
    [draft] = reading.items
    assert "Made glorious summer by this sun of \\_\\_\\_\\_\\_;\\\n" in draft.stem
    assert draft.stem.startswith("Identify the missing word")
    assert reading.issues[0].params == {"key": "york", "value": "0.5", "accepted": "York"}


def test_the_open_example_uses_the_postcard_text_when_its_picture_is_missing() -> None:
    reading = qti.read_document(
        parse(fixture_bytes("qti30-1edtech", "extended_text.xml")), filename="e.xml"
    )
    [draft] = reading.items
    assert "> Here is a postcard of my town." in draft.stem
    assert draft.stem.endswith("Write Sam a postcard. Answer the questions. Write 25-35 words.")
    assert draft.rubric == "" and draft.picture is None


@pytest.mark.parametrize(
    ("version", "name", "interaction"),
    [
        ("qti22-1edtech", "inline_choice.xml", "inlineChoiceInteraction"),
        ("qti30-1edtech", "inline_choice.xml", "inlineChoiceInteraction"),
        ("qti22-1edtech", "match.xml", "matchInteraction"),
        ("qti22-1edtech", "order_partial_scoring.xml", "orderInteraction"),
    ],
)
def test_other_interactions_are_skipped_naming_the_item_and_the_interaction(
    version: str, name: str, interaction: str
) -> None:
    path = fixture_path("qti", version, name)
    reading = qti.read_document(parse(path.read_bytes()), filename=name)
    assert reading.items == []
    [issue] = reading.issues
    assert (issue.code, issue.params, issue.fatal) == (
        "unsupported_interaction",
        {"interaction": interaction},
        False,
    )
    assert issue.where == parse(path.read_bytes()).get("identifier")


# --- which items are skipped, and why --------------------------------------------------------


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        (
            item2("<p>Hi</p>" + CHOICES, declarations=CHOICE_DECL, root='adaptive="true"'),
            "adaptive",
        ),
        (
            item2(CHOICES, declarations=CHOICE_DECL + '<templateDeclaration identifier="X"/>'),
            "template",
        ),
        (item2("<p>Nothing to answer</p>"), "no_interaction"),
        (item2(CHOICES + CHOICES, declarations=CHOICE_DECL), "several_interactions"),
        (item2('<sliderInteraction responseIdentifier="RESPONSE"/>'), "unsupported_interaction"),
        (item2('<customInteraction responseIdentifier="R"/>'), "unsupported_interaction"),
        (item2(CHOICES), "no_response_declaration"),
        (
            item2(
                CHOICES,
                declarations='<responseDeclaration identifier="RESPONSE" cardinality="single" '
                'baseType="identifier"/>',
            ),
            "no_correct",
        ),
        (
            item2(
                CHOICES,
                declarations='<responseDeclaration identifier="RESPONSE" cardinality="single" '
                'baseType="identifier"><correctResponse><value>Z</value></correctResponse>'
                "</responseDeclaration>",
            ),
            "unknown_choice",
        ),
        (
            item2(
                '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">'
                '<simpleChoice identifier="A">Yes</simpleChoice></choiceInteraction>',
                declarations=CHOICE_DECL,
            ),
            "too_few_choices",
        ),
        (
            item2(
                CHOICES,
                declarations=CHOICE_DECL,
                processing="<responseProcessing><responseCondition><responseIf><match>"
                '<variable identifier="RESPONSE"/><baseValue baseType="identifier">B</baseValue>'
                "</match></responseIf></responseCondition></responseProcessing>",
            ),
            "custom_scoring",
        ),
        (
            choice_item(
                '<p>E = <m:math xmlns:m="http://www.w3.org/1998/Math/MathML"><m:mi>m</m:mi></m:math></p>'
            ),
            "math_no_latex",
        ),
        (
            choice_item('<p><img src="a.png" alt="a"/><img src="b.png" alt="b"/></p>'),
            "several_pictures",
        ),
        (choice_item('<video xmlns="http://www.w3.org/1999/xhtml" src="v.mp4"/>'), "media"),
        (choice_item('<object type="video/mp4" data="v.mp4"/>'), "media"),
        (choice_item('<object type="text/html" data="page.html"/>'), "object"),
        (
            item2(
                '<textEntryInteraction responseIdentifier="R"/>',
                declarations='<responseDeclaration identifier="R" cardinality="single" '
                'baseType="float"><correctResponse><value>twelve</value></correctResponse>'
                "</responseDeclaration>",
            ),
            "bad_number",
        ),
        (
            item2(
                '<textEntryInteraction responseIdentifier="R"/>',
                declarations='<responseDeclaration identifier="R" cardinality="multiple" '
                'baseType="string"/>',
            ),
            "unsupported_cardinality",
        ),
        (choice_item("<div>" * 5000 + "deep" + "</div>" * 5000), "too_deep"),
    ],
)
def test_items_the_bank_cannot_hold_are_skipped_with_their_reason(xml: str, code: str) -> None:
    draft, issues = read(xml)
    assert draft is None
    assert [(i.code, i.where, i.fatal) for i in issues] == [(code, "i1", False)]


# --- what each item becomes ------------------------------------------------------------------


def text_item(base_type: str, correct: str, processing: str = "", mapping: str = "") -> str:
    return item2(
        "<p>How much? <textEntryInteraction responseIdentifier='R'/></p>",
        declarations='<responseDeclaration identifier="R" cardinality="single" '
        f'baseType="{base_type}"><correctResponse><value>{correct}</value></correctResponse>'
        f"{mapping}</responseDeclaration>",
        processing=processing,
    )


def map_entries(*entries: tuple[str, str]) -> str:
    return (
        "<mapping>"
        + "".join(f'<mapEntry mapKey="{key}" mappedValue="{value}"/>' for key, value in entries)
        + "</mapping>"
    )


def equal(attributes: str, tag: str = "equal") -> str:
    return (
        f"<responseProcessing><responseCondition><responseIf><{tag} {attributes}>"
        '<variable identifier="R"/><correct identifier="R"/>'
        f'</{tag}><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue>'
        "</setOutcomeValue></responseIf></responseCondition></responseProcessing>"
    )


@pytest.mark.parametrize(
    ("xml", "answer", "tolerance", "notes"),
    [
        (text_item("integer", "12", MATCH), 12.0, 0.0, []),
        (text_item("float", "3.5"), 3.5, 0.0, []),
        (
            text_item("float", "10", equal('toleranceMode="absolute" tolerance="0.5"')),
            10.0,
            0.5,
            [],
        ),
        (
            text_item("float", "10", equal('toleranceMode="absolute" tolerance="0.1 0.3"')),
            10.0,
            0.3,
            ["tolerance_widest"],
        ),
        (
            text_item("float", "200", equal('toleranceMode="relative" tolerance="5"')),
            200.0,
            10.0,
            [],
        ),
        (
            text_item(
                "float", "3.14", equal('roundingMode="decimalPlaces" figures="2"', "equalRounded")
            ),
            3.14,
            0.005,
            [],
        ),
        (
            text_item(
                "float",
                "3.14",
                equal('roundingMode="significantFigures" figures="3"', "equalRounded"),
            ),
            3.14,
            0.0,
            ["rounding_left_out"],
        ),
    ],
)
def test_a_number_entry_is_numeric_with_the_tolerance_it_allows(
    xml: str, answer: float, tolerance: float, notes: list[str]
) -> None:
    draft, issues = read(xml)
    assert issues == [] and draft is not None
    assert (draft.kind, draft.numeric_answer, [n.code for n in draft.notes]) == (
        "numeric",
        answer,
        notes,
    )
    assert draft.tolerance == pytest.approx(tolerance)
    assert draft.stem == "How much?"


@pytest.mark.parametrize(
    ("mapping", "accepted", "issues", "notes"),
    [
        ("", ("Paris",), [], []),
        (
            '<mapping defaultValue="0"><mapEntry mapKey="Paris" mappedValue="1"/>'
            '<mapEntry mapKey="paris, France" mappedValue="1"/></mapping>',
            ("Paris", "paris, France"),
            [],
            [],
        ),
        (
            map_entries(("Paris", "2"), ("PARIS", "2")),
            ("Paris",),
            [],
            [],
        ),
        (
            map_entries(("Paris", "1"), ("paris ", "0.5")),
            ("Paris",),
            ["case_variant"],
            [],
        ),
        (
            map_entries(("Paris", "1"), ("Lutetia", "0.5")),
            ("Paris",),
            [],
            ["partial_keys_left_out"],
        ),
    ],
)
def test_a_text_entry_accepts_the_correct_response_and_full_mark_keys(
    mapping: str, accepted: tuple[str, ...], issues: list[str], notes: list[str]
) -> None:
    draft, found = read(text_item("string", "Paris", mapping=mapping))
    assert draft is not None
    assert draft.kind == "text" and draft.accepted_answers == accepted
    assert [i.code for i in found] == issues
    assert [n.code for n in draft.notes] == notes


@pytest.mark.parametrize(
    ("cardinality", "max_choices", "correct", "kind"),
    [
        ("single", "1", ["A"], "single"),
        ("multiple", "0", ["A", "B"], "multiple"),
        ("multiple", "3", ["A"], "multiple"),
        ("multiple", "1", ["A"], "single"),
    ],
)
def test_choices_are_single_or_multiple_by_cardinality_and_max_choices(
    cardinality: str, max_choices: str, correct: list[str], kind: str
) -> None:
    values = "".join(f"<value>{c}</value>" for c in correct)
    xml = item2(
        f'<choiceInteraction responseIdentifier="R" maxChoices="{max_choices}" shuffle="true">'
        '<simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>'
        '<simpleChoice identifier="C">c</simpleChoice></choiceInteraction>',
        declarations=f'<responseDeclaration identifier="R" cardinality="{cardinality}" '
        f'baseType="identifier"><correctResponse>{values}</correctResponse></responseDeclaration>',
    )
    draft, _issues = read(xml)
    assert draft is not None and draft.kind == kind
    assert [c.identifier for c in draft.choices if c.correct] == correct
    assert draft.keep_order is False


def test_a_custom_processing_that_compares_with_the_correct_response_is_read() -> None:
    """The Onyx pattern of CASEWithOutcome: isNull, then mapResponse, then feedback."""
    processing = (
        "<responseProcessing><responseCondition><responseIf><not><isNull>"
        '<variable identifier="R"/></isNull></not><setOutcomeValue identifier="SCORE"><sum>'
        '<variable identifier="SCORE"/><mapResponse identifier="R"/></sum></setOutcomeValue>'
        '<setOutcomeValue identifier="FEEDBACK"><variable identifier="R"/></setOutcomeValue>'
        "</responseIf></responseCondition></responseProcessing>"
    )
    draft, issues = read(text_item("string", "were written", processing))
    assert issues == [] and draft is not None and draft.accepted_answers == ("were written",)


def test_points_come_from_maxscore_and_feedback_from_a_single_modal_feedback() -> None:
    xml = item2(
        "<p>Pick</p>" + CHOICES,
        declarations=CHOICE_DECL
        + '<outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float">'
        "<defaultValue><value>3</value></defaultValue></outcomeDeclaration>",
        extra='<modalFeedback outcomeIdentifier="F" identifier="x" showHide="show">'
        "<p>Because <em>yes</em>.</p></modalFeedback>",
    )
    draft, _issues = read(xml)
    assert draft is not None and (draft.points, draft.feedback) == (3, "Because *yes*.")
    two = xml.replace(
        "</assessmentItem>",
        '<modalFeedback outcomeIdentifier="F" identifier="y" showHide="show">No</modalFeedback>'
        "</assessmentItem>",
    )
    draft, _issues = read(two)
    assert draft is not None and draft.feedback == ""
    assert [n.code for n in draft.notes] == ["feedback_left_out"]


def test_an_open_item_takes_its_scorer_rubric_and_keeps_candidate_rubrics_in_the_stem() -> None:
    xml = item2(
        '<rubricBlock view="candidate"><p>Use full sentences.</p></rubricBlock>'
        '<extendedTextInteraction responseIdentifier="R"><prompt>Explain.</prompt>'
        "</extendedTextInteraction>"
        '<rubricBlock view="scorer"><ul><li>2: both reasons</li><li>1: one reason</li></ul>'
        "</rubricBlock>",
        declarations='<responseDeclaration identifier="R" cardinality="single" baseType="string"/>',
    )
    draft, issues = read(xml)
    assert issues == [] and draft is not None
    assert (draft.kind, draft.stem) == ("open", "Use full sentences.\n\nExplain.")
    assert draft.rubric == "- 2: both reasons\n- 1: one reason"


# --- the body in Markdown --------------------------------------------------------------------

MATHML = (
    '<m:math xmlns:m="http://www.w3.org/1998/Math/MathML"{display}><m:semantics><m:mi>x</m:mi>'
    '<m:annotation encoding="{encoding}">{latex}</m:annotation></m:semantics></m:math>'
)


@pytest.mark.parametrize(
    ("body", "stem"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<div>Loose text <b>bold</b> and <i>italic</i></div>", "Loose text **bold** and *italic*"),
        ("<p>Spaced <em> out </em> words</p>", "Spaced *out* words"),
        ("<p>a<br/>b</p>", "a\\\nb"),
        ("<ul><li>x</li><li>y</li></ul>", "- x\n- y"),
        ('<ol start="3"><li>x</li><li><p>y</p></li></ol>', "3. x\n4. y"),
        ("<blockquote><p>q</p></blockquote>", "> q"),
        ("<h2>Title</h2><p>t</p>", "## Title\n\nt"),
        ("<pre>a  b\n c</pre>", "```\na  b\n c\n```"),
        (
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2|3</td></tr></table>",
            "| a | b |\n| --- | --- |\n| 1 | 2\\|3 |",
        ),
        ('<p>See <a href="https://example.org">this</a></p>', "See [this](https://example.org)"),
        ("<p>Use <code>x</code></p>", "Use `x`"),
        (
            "<p># of apples</p><p>1. is odd</p><p>- dash</p>",
            "\\# of apples\n\n1\\. is odd\n\n\\- dash",
        ),
        (
            "<p>Area " + MATHML.format(display="", encoding="LaTeX", latex="\\pi r^2") + "</p>",
            "Area $\\pi r^2$",
        ),
        (
            "<p>"
            + MATHML.format(
                display=' display="block"', encoding="application/x-tex", latex="\\[x^2\\]"
            )
            + "</p>",
            "$$x^2$$",
        ),
        ('<p>Look <img src="p.png" alt="A map"/> here</p>', "Look here"),
        ("<div><p></p>  <p> </p></div><p>Only</p>", "Only"),
    ],
)
def test_the_body_becomes_markdown(body: str, stem: str) -> None:
    draft, _issues = read(choice_item(body), files={"p.png": PNG})
    assert draft is not None
    assert draft.stem == stem


def test_pictures_come_from_the_package_with_their_alt_text_or_a_made_one() -> None:
    xml = choice_item('<p><img src="images/a%20map.png"/></p>').replace(
        '<simpleChoice identifier="B">No</simpleChoice>',
        '<simpleChoice identifier="B"><img src="../img/b.png" alt="B side"/></simpleChoice>',
    )
    draft, issues = qti.read_item(
        parse(xml.encode()),
        path="items/q.xml",
        files={"items/images/a map.png": PNG, "img/b.png": PNG},
    )
    assert draft is not None
    assert draft.picture == qti.PictureDraft("items/images/a map.png", PNG, "a map", alt_made=True)
    assert draft.choices[1].picture == qti.PictureDraft("img/b.png", PNG, "B side")
    assert draft.choices[1].text == ""
    assert [(i.code, i.params) for i in issues] == [
        ("alt_made", {"path": "items/images/a map.png", "alt": "a map"})
    ]


# --- packages --------------------------------------------------------------------------------


def test_the_items_package_imports_what_it_can_and_says_why_it_skips_the_rest() -> None:
    reading = qti.read_package(unzip(fixture_bytes("qti22-1edtech", "items-package.zip")), parse)
    assert not reading.fatal
    kinds: dict[str, int] = {}
    for draft in reading.items:
        kinds[draft.kind] = kinds.get(draft.kind, 0) + 1
    assert kinds == {"single": 8, "multiple": 2, "open": 4, "text": 1}
    skipped: dict[str, int] = {}
    for issue in reading.issues:
        skipped[issue.code] = skipped.get(issue.code, 0) + 1
    assert skipped == {
        "unsupported_interaction": 20,
        "adaptive": 8,
        "template": 5,
        "several_interactions": 3,
        "custom_scoring": 1,
        "object": 2,
        "no_correct": 1,
        "math_no_latex": 1,
        "media": 1,
        # Imported, with something to check:
        "alt_made": 1,
        "case_variant": 1,
    }
    skips = sum(n for code, n in skipped.items() if code not in ("alt_made", "case_variant"))
    assert len(reading.items) + skips == 57
    # Three items say identifier="choice": each is known by its manifest resource instead.
    ids = [d.identifier for d in reading.items]
    assert {"choice", "choice_fixed", "choice_ruby"} <= set(ids) and len(ids) == len(set(ids))


def test_the_simple_package_brings_its_picture() -> None:
    reading = qti.read_package(unzip(fixture_bytes("qti30-1edtech", "simple-package.zip")), parse)
    assert reading.issues == [] and reading.versions == {"3.0"}
    [draft] = reading.items
    assert draft.picture is not None and draft.picture.path == "images/sign.png"
    assert draft.picture.data is not None and draft.picture.data.startswith(b"\x89PNG")


def test_the_case_package_imports_its_text_entries_and_leaves_out_the_test() -> None:
    reading = qti.read_package(
        unzip(fixture_bytes("qti30-1edtech", "CASEWithOutcome-package.zip")), parse
    )
    assert reading.issues == []
    assert len(reading.items) == 19 and {d.kind for d in reading.items} == {"text"}
    books = next(d for d in reading.items if d.identifier == "BookstowriteSimplePast_265237402")
    assert books.accepted_answers == ("books were written",)
    assert books.stem == "books - to write (Simple Past)"
    assert [(left.kind, left.identifier, left.items) for left in reading.left_out] == [
        ("outcomes", "Outcome_01", 0),
        ("test", "Test_258641331", 19),
    ]


def manifest(*resources: str) -> bytes:
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M"><resources>'
        + "".join(resources)
        + "</resources></manifest>"
    ).encode()


def resource(href: str, kind: str = "imsqti_item_xmlv2p2", identifier: str = "R1") -> str:
    return f'<resource identifier="{identifier}" type="{kind}" href="{href}"/>'


ONE_ITEM = choice_item("<p>Q</p>").encode()


@pytest.mark.parametrize(
    ("files", "codes"),
    [
        ({"imsmanifest.xml": manifest(resource("../../etc/passwd"))}, [("outside", True)]),
        ({"imsmanifest.xml": manifest(resource("/etc/passwd"))}, [("outside", True)]),
        ({"imsmanifest.xml": manifest(resource("http://evil.example/q.xml"))}, [("outside", True)]),
        (
            {"imsmanifest.xml": manifest(resource("q.xml")), "other.xml": ONE_ITEM},
            [("resource_missing", False)],
        ),
        (
            {"imsmanifest.xml": manifest(resource(""))},
            [("resource_no_href", False), ("no_items", True)],
        ),
        ({"imsmanifest.xml": manifest(resource("q.xml", "imsqti_xmlv1p2"))}, [("qti12", True)]),
        ({"imsmanifest.xml": manifest(resource("q.xml", "webcontent"))}, [("no_items", True)]),
        ({"imsmanifest.xml": b"<html/>"}, [("not_manifest", True)]),
        ({"readme.txt": b"hello"}, [("no_items", True)]),
    ],
)
def test_broken_packages_say_what_is_wrong(
    files: dict[str, bytes], codes: list[tuple[str, bool]]
) -> None:
    reading = qti.read_package(files, parse)
    assert [(i.code, i.fatal) for i in reading.issues] == codes


def test_hrefs_are_resolved_from_the_manifest_folder_and_a_loose_zip_also_works() -> None:
    files = {
        "pkg/imsmanifest.xml": manifest(resource("items/q%201.xml")),
        "pkg/items/q 1.xml": ONE_ITEM,
    }
    reading = qti.read_package(files, parse)
    assert [d.file for d in reading.items] == ["pkg/items/q 1.xml"]
    loose = qti.read_package({"a.xml": ONE_ITEM, "notes.xml": b"<notes/>"}, parse)
    assert [d.identifier for d in loose.items] == ["i1"] and loose.issues == []


# --- out and back in -------------------------------------------------------------------------

PICTURE = qti.PictureDraft("images/q.png", PNG, "A right triangle")
DRAFTS = [
    qti.ItemDraft(
        identifier="MM-single",
        kind="single",
        stem="What is $\\frac{3}{4}$ of **12**?\n\n- one *item*\n- two `code`",
        title="t",
        points=2,
        choices=(
            qti.ChoiceDraft("A", "$9$", True),
            qti.ChoiceDraft(
                "B", "*eight*", False, qti.PictureDraft("images/b.png", PNG, "Eight dots")
            ),
        ),
        feedback="Three quarters of 12 is $9$.",
        keep_order=True,
        picture=PICTURE,
    ),
    qti.ItemDraft(
        identifier="MM-multiple",
        kind="multiple",
        stem="Select the primes.\n\n| n | note |\n| --- | --- |\n| 2 | even |",
        choices=(
            qti.ChoiceDraft("A", "2", True),
            qti.ChoiceDraft("B", "4", False),
            qti.ChoiceDraft("C", "5", True),
        ),
    ),
    qti.ItemDraft(
        identifier="MM-numeric",
        kind="numeric",
        stem="Solve $x^2 = 2$ to two decimals.",
        numeric_answer=1.41,
        tolerance=0.005,
    ),
    qti.ItemDraft(identifier="MM-exact", kind="numeric", stem="3 × 4?", numeric_answer=12.0),
    qti.ItemDraft(
        identifier="MM-text",
        kind="text",
        stem="Write $\\frac{3}{4}$ in words.\\\nOne line\n\n> A quote",
        accepted_answers=("three quarters", "three fourths"),
    ),
    qti.ItemDraft(
        identifier="MM-open",
        kind="open",
        stem="Explain why $a^2 + b^2 = c^2$.\n\n1. Draw\n2. Explain",
        rubric="### 4\n\nA full proof.\n\n### 2\n\n- a drawing only",
        points=4,
    ),
]


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda d: d.kind)
def test_a_draft_written_as_qti_3_reads_back_the_same(draft: qti.ItemDraft) -> None:
    files = {p.path: p.data for p in draft.pictures() if p.data is not None}
    back, issues = qti.read_item(parse(qti.write_item(draft)), path="item.xml", files=files)
    assert issues == []
    assert back is not None
    assert replace(back, file="", notes=(), title=draft.title) == draft


def test_a_package_reads_back_with_its_pictures_and_its_test() -> None:
    data = qti.write_package(
        DRAFTS,
        identifier="MM-p",
        title="Form A",
        test=qti.TestDraft("MM-t", "Form A", shuffle=True),
    )
    files = unzip(data)
    assert {"imsmanifest.xml", "test.xml", "images/q.png", "images/b.png"} <= set(files)
    reading = qti.read_package(files, parse)
    assert reading.issues == [] and reading.versions == {"3.0"}
    assert [replace(d, file="", notes=(), title=DRAFTS[0].title) for d in reading.items] == [
        replace(d, title=DRAFTS[0].title) for d in DRAFTS
    ]
    assert [(x.kind, x.items) for x in reading.left_out] == [("test", len(DRAFTS))]
    test = parse(files["test.xml"])
    assert test.find(".//{*}qti-ordering").get("shuffle") == "true"  # type: ignore[union-attr]


def test_written_xml_escapes_text_and_drops_characters_xml_cannot_hold() -> None:
    draft = qti.ItemDraft(identifier="MM-x", kind="open", stem="a < b & \x0bc > d")
    back, _issues = qti.read_item(parse(qti.write_item(draft)), path="x.xml", files={})
    assert back is not None and back.stem == "a < b & c > d"
