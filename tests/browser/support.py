"""Helpers and content shared by the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

import contextlib
import re
import threading

from playwright.sync_api import BrowserContext, Error, Page

from masterymap.standards.models import Standard

PASSWORD = "pw-Mastery-2024"
PHONE = {"width": 390, "height": 844}

# The live server shares the test's in-memory SQLite connection with every request thread,
# so two overlapping requests (an autosave racing a submit) would interleave transactions
# on one connection, which never happens on a real server. The live server therefore
# handles one request at a time under this lock; tests hold it too while they read the
# database, so they never read mid-request.
SERVER_LOCK = threading.Lock()

# Keys and feedback of the seeded items (conftest's `assessed`). None of these strings may
# reach a student's answer sheet before they submit.
SINGLE_STEM = "Which fraction is equivalent to 0.5?"
SINGLE_RIGHT = "2/4"
SINGLE_WRONG = "1/5"
SINGLE_OTHER = "5/2"
SINGLE_MISCONCEPTION = "Reads the decimal digit 5 as the denominator"
SINGLE_FEEDBACK = "Simplify each fraction: two fourths is one half."
NUMERIC_STEM = "A train covers 8485 km in 2 hours. How many km does it cover per hour?"
NUMERIC_KEY = 4242.5
NUMERIC_FEEDBACK = "Divide the distance by the time taken."
TEXT_STEM = "Write the ratio 3 : 4 as a fraction in words."
TEXT_ACCEPTED = ["three quarters", "three fourths"]
TEXT_FEEDBACK = "The first number is the numerator, the second the denominator."


# Reports each Content-Security-Policy violation to the test (conftest's new_context), from
# every page and frame, before any of the page's own scripts run. Init scripts and bindings
# are the browser's debugging protocol, which the policy does not govern.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__reportPolicyViolation(
    `${document.location.pathname}: ${e.effectiveDirective} blocked ` +
    `${e.blockedURI || "inline"} (${e.sourceFile || "the page"}:${e.lineNumber}` +
    `${e.sample ? ", " + e.sample : ""})`);
});
"""


def watch_policy_violations(context: BrowserContext, found: list[str]) -> None:
    """Collect into `found` every CSP violation (and Permissions-Policy error) in `context`."""
    context.expose_function("__reportPolicyViolation", lambda text: found.append(text))
    context.add_init_script(_REPORT_VIOLATIONS)

    def console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            found.append(f"console: {text}")

    context.on("console", console)


def flush_policy_reports(context: BrowserContext) -> None:
    """Let reports still on their way from the browser arrive before the test ends."""
    for page in context.pages:
        # A page that is gone has nothing left to report.
        with contextlib.suppress(Error):
            page.evaluate("() => new Promise((done) => setTimeout(done, 0))")


def login(context: BrowserContext, live_server, username: str, password: str = PASSWORD) -> Page:
    """Log in through the login page in a new tab; returns it, left where login lands."""
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def start_attempt(page: Page, live_server, classroom_id: int, standard: Standard) -> int:
    """From the student's map, press "I'm ready" (or "Continue") on `standard`.

    Returns the id of the attempt the browser landed on.
    """
    page.goto(f"{live_server.url}/classes/{classroom_id}/map/")
    card = page.locator(f"#standard-{standard.pk}")
    card.get_by_role("button", name=re.compile(r"I'm ready|Continue")).click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    return int(re.search(r"/attempts/(\d+)/$", page.url).group(1))


def question(page: Page, stem: str):
    """The answer-sheet fieldset of the question whose stem contains `stem`."""
    return page.locator("fieldset.question").filter(has_text=stem)


def overflow_report(page: Page) -> tuple[bool, list[str]]:
    """(fits, culprits): whether the page fits the viewport's width, and what sticks out."""
    return page.evaluate(
        """() => {
          const fits = document.documentElement.scrollWidth <= window.innerWidth + 1;
          const culprits = [];
          if (!fits) {
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > window.innerWidth + 1) {
                const cls = typeof el.className === 'string' && el.className.trim()
                  ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls +
                  ' right=' + Math.round(r.right));
              }
              if (culprits.length >= 15) break;
            }
          }
          return [fits, culprits];
        }"""
    )
