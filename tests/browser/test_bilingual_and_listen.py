"""Bilingual items and read-aloud in a real browser: the side-by-side editor and its
warnings, a student switching a question to Spanish and back without losing answers (and
scoring as in English), and the listen buttons speaking the text shown, in its language,
only where the browser has a voice."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from masterymap.assessments.actions import ChoiceInput, TranslationInput, update_item
from masterymap.assessments.models import Item
from tests.browser.support import (
    NUMERIC_KEY,
    SERVER_LOCK,
    SINGLE_FEEDBACK,
    SINGLE_MISCONCEPTION,
    SINGLE_OTHER,
    SINGLE_RIGHT,
    SINGLE_STEM,
    SINGLE_WRONG,
    TEXT_ACCEPTED,
    login,
    start_attempt,
)

pytestmark = pytest.mark.browser

SPANISH_STEM = "¿Qué fracción es igual a 0.5?"
SPANISH_CHOICES = ["1/5", "2/4", "5/2"]
SPANISH_FEEDBACK = "Simplifica cada fracción: dos cuartos es un medio."


def make_single_bilingual(item: Item) -> None:
    """The seeded single-choice item, with its Spanish version."""
    update_item(
        item=item,
        kind=Item.Kind.SINGLE,
        stem=SINGLE_STEM,
        feedback=SINGLE_FEEDBACK,
        choices=[
            ChoiceInput(SINGLE_WRONG, False, SINGLE_MISCONCEPTION, SPANISH_CHOICES[0]),
            ChoiceInput(SINGLE_RIGHT, True, "", SPANISH_CHOICES[1]),
            ChoiceInput(SINGLE_OTHER, False, "", SPANISH_CHOICES[2]),
        ],
        translation=TranslationInput("es", SPANISH_STEM, SPANISH_FEEDBACK),
    )


SPEECH_STUB = """
(() => {
  const voices = __VOICES__;
  window.__spoken = [];
  const synth = {
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push({text: u.text, lang: u.lang}); },
    cancel: () => {},
    addEventListener: () => {},
    onvoiceschanged: null,
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
})();
"""


def speech_stub(voices: list[dict[str, str]]) -> str:
    """An init script replacing the browser's speech synthesis: its voices are `voices`, and
    what it is asked to say lands in window.__spoken as {text, lang}."""
    return SPEECH_STUB.replace("__VOICES__", json.dumps(voices))


VOICES = [{"lang": "es-ES", "name": "Voz"}, {"lang": "en-US", "name": "Voice"}]


def student_page(context: BrowserContext, live_server, world, assessed) -> Page:
    page = login(context, live_server, "slee")
    start_attempt(page, live_server, world.classroom.pk, assessed.standard)
    return page


# --- (a) the teacher's side-by-side editor ---------------------------------------------------


def test_a_teacher_translates_an_item_side_by_side_and_sees_missing_and_stale(
    world, assessed, live_server, new_context
) -> None:
    page = login(new_context(viewport={"width": 1280, "height": 900}), live_server, "arivera")
    edit_url = f"{live_server.url}/items/{assessed.single.pk}/edit/"
    page.goto(edit_url)
    translated = page.get_by_label("Question, translated")
    expect(translated).to_be_hidden()  # no second language yet
    expect(page.locator("#translation-warning")).to_have_count(0)

    page.get_by_label("Second language").select_option("es")
    expect(translated).to_be_visible()
    original_box = page.get_by_label("Question", exact=True).bounding_box()
    translated_box = translated.bounding_box()
    assert translated_box["x"] > original_box["x"] + original_box["width"] - 1, "side by side"
    assert abs(translated_box["y"] - original_box["y"]) < 5
    expect(page.locator(".pair-head")).to_contain_text("Español")

    # Only the question translated: the warning says what is missing, in words and an icon.
    translated.fill(SPANISH_STEM)
    page.get_by_role("button", name="Save item").click()
    page.wait_for_url(f"**/standards/{assessed.standard.pk}/")
    page.goto(edit_url)
    warning = page.locator("#translation-warning")
    expect(warning).to_contain_text("Translation incomplete.")
    expect(warning.locator(".warn-icon")).to_have_text("⚠")
    expect(page.get_by_label("Question, translated")).to_have_value(SPANISH_STEM)

    for n, text in enumerate(SPANISH_CHOICES, start=1):
        page.get_by_label(f"Choice {n}, translated").fill(text)
    page.get_by_label("Feedback, translated").fill(SPANISH_FEEDBACK)
    page.get_by_role("button", name="Save item").click()
    page.wait_for_url(f"**/standards/{assessed.standard.pk}/")
    page.goto(edit_url)
    expect(page.locator("#translation-warning")).to_have_count(0)
    with SERVER_LOCK:
        item = Item.objects.get(pk=assessed.single.pk)
        assert (item.second_language, item.stem_translated) == ("es", SPANISH_STEM)
        assert item.translation_state() == "current"

    # The English changes afterwards: the Spanish is now out of date.
    page.get_by_label("Question", exact=True).fill(SINGLE_STEM + " Pick one.")
    page.get_by_role("button", name="Save item").click()
    page.wait_for_url(f"**/standards/{assessed.standard.pk}/")
    page.goto(edit_url)
    expect(page.locator("#translation-warning")).to_contain_text("Translation out of date.")


def test_on_a_phone_the_translation_sits_under_the_original(
    world, assessed, live_server, new_context
) -> None:
    make_single_bilingual(assessed.single)
    page = login(new_context(viewport={"width": 390, "height": 844}), live_server, "arivera")
    page.goto(f"{live_server.url}/items/{assessed.single.pk}/edit/")
    original_box = page.get_by_label("Question", exact=True).bounding_box()
    translated_box = page.get_by_label("Question, translated").bounding_box()
    assert translated_box["y"] > original_box["y"] + original_box["height"] - 1
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits


# --- (b) a student switches a question to Spanish and back ------------------------------


def answer_and_submit(page: Page, assessed, *, switch: bool) -> str:
    question = page.locator(f"#q-{assessed.single.pk}")
    question.get_by_role("radio", name=SINGLE_RIGHT, exact=True).check()
    page.locator(f"#q-{assessed.numeric.pk}").get_by_role("textbox").fill(f"{NUMERIC_KEY}")
    page.locator(f"#q-{assessed.text.pk}").get_by_role("textbox").fill(TEXT_ACCEPTED[0])
    if switch:
        toggle = question.get_by_role("button", name="Show in Español")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(question.locator("[lang=es] .stem")).to_have_text(SPANISH_STEM)
        expect(question.get_by_text(SINGLE_STEM)).to_be_hidden()
        # The same radio, now labelled in Spanish, is still the one picked.
        expect(question.get_by_role("radio", name=SPANISH_CHOICES[1], exact=True)).to_be_checked()
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(question.get_by_text(SINGLE_STEM)).to_be_visible()
        expect(question.get_by_text(SPANISH_STEM)).to_be_hidden()
        expect(question.get_by_role("radio", name=SINGLE_RIGHT, exact=True)).to_be_checked()
        toggle.click()  # submit while reading Spanish
    expect(page.locator(f"#q-{assessed.text.pk}").get_by_role("textbox")).to_have_value(
        TEXT_ACCEPTED[0]
    )
    page.locator("#submit-attempt").click()
    banner = page.locator(".result-banner .score-big")
    expect(banner).to_be_visible()
    return banner.inner_text()


def test_a_student_switches_to_spanish_and_back_and_scores_as_in_english(
    world, assessed, live_server, new_context
) -> None:
    make_single_bilingual(assessed.single)
    page = student_page(new_context(), live_server, world, assessed)
    switched = answer_and_submit(page, assessed, switch=True)
    assert switched == "3/3 · 100 %"
    # The result shows the feedback and, beneath it, its Spanish.
    expect(page.get_by_text(SPANISH_FEEDBACK)).to_be_visible()
    expect(page.locator(f"#feedback-{assessed.single.pk}-es")).to_have_attribute("lang", "es")

    other = login(new_context(), live_server, "jkhan")
    start_attempt(other, live_server, world.classroom.pk, assessed.standard)
    assert answer_and_submit(other, assessed, switch=False) == switched


# --- (c) listen speaks the text shown, in its language, from the keyboard ------------------


def test_listen_speaks_the_question_shown_in_its_language_with_enter_and_space(
    world, assessed, live_server, new_context
) -> None:
    make_single_bilingual(assessed.single)
    context = new_context()
    context.add_init_script(speech_stub(VOICES))
    page = student_page(context, live_server, world, assessed)
    question = page.locator(f"#q-{assessed.single.pk}")
    listen = question.get_by_role("button", name="Listen to question 1")
    expect(listen).to_be_visible()

    listen.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__spoken.length === 1")
    assert page.evaluate("window.__spoken[0]") == {"text": SINGLE_STEM, "lang": "en"}

    question.get_by_role("button", name="Show in Español").click()
    listen.focus()
    page.keyboard.press("Space")
    page.wait_for_function("window.__spoken.length === 2")
    assert page.evaluate("window.__spoken[1]") == {"text": SPANISH_STEM, "lang": "es"}

    # A choice's button reads that choice, in the version shown, and never picks it. The
    # choices are in this attempt's own order: B is whichever the page shows second.
    second = question.locator(".option").nth(1).locator("[data-version=translated]").inner_text()
    choice = question.get_by_role("button", name="Listen to choice B of question 1")
    choice.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__spoken.length === 3")
    assert page.evaluate("window.__spoken[2]") == {"text": second.strip(), "lang": "es"}
    assert second.strip() in SPANISH_CHOICES
    expect(question.get_by_role("radio", checked=True)).to_have_count(0)


def test_the_i_can_statement_on_the_map_is_read_in_its_language(
    world, assessed, live_server, new_context
) -> None:
    context = new_context()
    context.add_init_script(speech_stub(VOICES))
    page = login(context, live_server, "slee")
    page.goto(f"{live_server.url}/classes/{world.classroom.pk}/map/")
    listen = page.get_by_role(
        "button", name=f"Listen to the “I can…” statement of {assessed.standard.code}"
    )
    listen.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__spoken.length === 1")
    assert page.evaluate("window.__spoken[0]") == {"text": "I can find unit rates", "lang": "en"}


# --- (d) no voices, no buttons ------------------------------------------------------------


def test_without_voices_the_listen_buttons_stay_hidden(
    world, assessed, live_server, new_context
) -> None:
    make_single_bilingual(assessed.single)
    context = new_context()
    context.add_init_script(speech_stub([]))
    page = student_page(context, live_server, world, assessed)
    buttons = page.locator("button.listen")
    assert buttons.count() >= 4
    for n in range(buttons.count()):
        expect(buttons.nth(n)).to_be_hidden()
    # The language switch does not need a voice.
    expect(page.get_by_role("button", name="Show in Español")).to_be_visible()
    page.goto(f"{page.url.split('/attempts/')[0]}/classes/{world.classroom.pk}/map/")
    expect(page.locator("button.listen").first).to_be_hidden()
