"""Issue 7's walk-through on the demo school, as a new user would try it: switch to Spanish
on the login page, log in as a student, take a form with the keyboard only, listen to a
question, switch a question to its Spanish version, read the result in Spanish; then the
teacher logs in and reads English."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from masterymap.accounts.models import User
from masterymap.assessments.models import Attempt
from masterymap.demo.load import DEMO_PASSWORD, load_demo
from masterymap.interventions.inbox import unlock_retake
from masterymap.lib.errors import ActionError
from masterymap.standards.models import Standard
from masterymap.workflows.actions import start_attempt, submit_attempt
from tests.browser.test_accessibility import VISIBLE_TEXT, english_words
from tests.browser.test_keyboard import FOCUSED, tab_until

pytestmark = pytest.mark.browser

# A browser with one Spanish and one English voice that records what it is asked to say.
VOICES = """(() => {
  const voices = [{lang: 'es-MX', name: 'es', default: false, localService: true, voiceURI: 'es'},
                  {lang: 'en-US', name: 'en', default: true, localService: true, voiceURI: 'en'}];
  window.__spoken = [];
  const synth = {
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push({text: u.text, lang: u.lang}); },
    cancel: () => {}, addEventListener: () => {}, removeEventListener: () => {},
    onvoiceschanged: null, speaking: false, pending: false, paused: false,
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
})();"""

# Each question's inputs, so the keyboard can answer whatever the form holds.
QUESTIONS = """() => [...document.querySelectorAll('fieldset.question')].map(q => {
  const inputs = [...q.querySelectorAll('input[name^=item-]')].filter(i => i.type !== 'hidden');
  return {id: q.id, name: inputs[0] && inputs[0].name, type: inputs[0] && inputs[0].type,
          values: inputs.map(i => i.value)};
})"""


def answer_with_the_keyboard(page: Page) -> int:
    """Answer every question with Tab, Space and typing only; returns how many."""
    questions = page.evaluate(QUESTIONS)
    for q in questions:
        if q["type"] in ("radio", "checkbox"):
            first = q["values"][0]
            tab_until(page, lambda f, v=first, n=q["name"]: f["name"] == n and f["value"] == v)
            page.keyboard.press("Space")
            expect(page.locator(f"input[name={q['name']}][value='{first}']")).to_be_checked()
        else:
            tab_until(page, lambda f, n=q["name"]: f["name"] == n)
            page.keyboard.type("1")
    return len(questions)


def test_the_issue_7_walk_through_on_the_demo_school(live_server, new_context) -> None:
    load_demo()
    mateo = User.objects.get(username="mateo.hernandez")
    classroom = mateo.enrollments.get().classroom
    standard = Standard.objects.get(mastery_map=classroom.mastery_map, code="7.EE.B.3")
    # His form A on 7.EE.B.3 is behind him (whatever day the demo was loaded on), and the
    # class's retake rules would hold form B until tomorrow: his teacher unlocks it. Late in
    # the school's day the demo's form A may be far enough behind him that nothing is locked.
    if not Attempt.objects.filter(student=mateo, form__standard=standard).exists():
        submit_attempt(attempt=start_attempt(student=mateo, standard=standard), answers={})
    try:
        unlock_retake(
            classroom=classroom,
            student=mateo,
            standard=standard,
            by=User.objects.get(username="tomas"),
        )
    except ActionError as e:
        if not e.message.startswith("Nothing is locked"):
            raise

    # The login page in Spanish, from its language control.
    context = new_context()
    context.add_init_script(VOICES)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("form.language button[value=es]").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.fill("#id_username", "mateo.hernandez")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/map/")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # "I'm ready" on 7.EE.B.3 with the keyboard: its form B has Spanish versions.
    tab_until(page, lambda f: f["id"] == f"ready-{standard.pk}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Switch the first bilingual question to Spanish, then listen to it.
    switch = page.locator("button[data-switch-language]").first
    expect(switch).to_be_visible()
    question = page.locator("fieldset.question", has=switch)
    switch.focus()
    page.keyboard.press("Enter")
    expect(switch).to_have_attribute("aria-pressed", "true")
    spanish = question.locator("[data-version=translated]").first
    expect(spanish).to_be_visible()
    expect(question.locator("[data-version=original]").first).to_be_hidden()
    listen = question.locator("button.listen").first
    expect(listen).to_be_visible()
    listen.focus()
    page.keyboard.press("Enter")
    spoken = json.loads(page.evaluate("JSON.stringify(window.__spoken)"))
    assert spoken, "the listen button said nothing"
    assert spoken[-1]["lang"].startswith("es"), spoken
    assert spoken[-1]["text"] == spanish.inner_text().strip()

    # Answer everything and submit, keyboard only.
    answered = answer_with_the_keyboard(page)
    assert answered >= 3
    tab_until(page, lambda f: f["id"] == "submit-attempt")
    focused = page.evaluate(FOCUSED)
    assert focused["ring"]
    page.keyboard.press("Enter")
    expect(page.locator(".result-banner")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    left = english_words(page.evaluate(VISIBLE_TEXT))
    assert not left, f"English on the Spanish result page: {left}"

    # The teacher, in another browser, reads English.
    teacher = new_context().new_page()
    teacher.goto(f"{live_server.url}/login/")
    teacher.fill("#id_username", "tomas")
    teacher.fill("#id_password", DEMO_PASSWORD)
    teacher.locator("main button[type=submit]").click()
    teacher.wait_for_url(lambda url: "/login/" not in url)
    teacher.goto(f"{live_server.url}/classes/{classroom.pk}/")
    expect(teacher.locator("html")).to_have_attribute("lang", "en")
    expect(teacher.get_by_role("navigation", name="Filter by unit")).to_be_visible()
