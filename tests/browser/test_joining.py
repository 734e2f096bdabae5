"""A stranger with the class code, as a new user would try it in a real browser: they get
an account, but no assessment of the class opens until the teacher lets them in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masterymap.accounts.models import User
from tests.browser.support import login

pytestmark = pytest.mark.browser


def test_a_stranger_waits_for_the_teacher_before_any_assessment(
    world, assessed, live_server, new_context
) -> None:
    base = live_server.url
    stranger = new_context().new_page()
    stranger.goto(f"{base}/login/")
    stranger.get_by_role("link", name="Create your account").click()
    stranger.get_by_label("Class code").fill(world.classroom.join_code.lower())
    stranger.get_by_label("First name").fill("Max")
    stranger.get_by_label("Last name").fill("Power")
    stranger.get_by_label("Password").fill("purple-otter-91")
    stranger.get_by_role("button", name="Create account and join").click()

    expect(stranger.locator("h1")).to_have_text("Your account is ready")
    username = stranger.locator("#new-username").inner_text()
    assert re.fullmatch(r"max\.power\d{3}", username)
    expect(stranger.locator("#waiting-for-approval")).to_contain_text("7B Maths")

    # Typing the class's addresses gets nothing: no map, no "I'm ready", no attempt.
    for path in [
        f"/classes/{world.classroom.pk}/map/",
        f"/classes/{world.classroom.pk}/students/{world.student.pk}/tracker/",
    ]:
        response = stranger.goto(base + path)
        assert response is not None and response.status == 404
    stranger.goto(base + "/")
    expect(stranger.locator("#waiting")).to_contain_text("7B Maths")
    max_power = User.objects.get(username=username)
    assert not max_power.attempts.exists()

    # The teacher sees the newcomer on the roster and lets them in.
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/classes/{world.classroom.pk}/roster/")
    waiting = teacher.locator("#waiting-list")
    expect(waiting).to_contain_text("Max Power")
    expect(waiting).to_contain_text(username)
    waiting.get_by_role("button", name="Let ticked students in").click()
    expect(teacher.locator(".flash")).to_contain_text("Let into the class: Max Power.")
    expect(teacher.locator("#waiting-list")).to_have_count(0)

    # Now the map opens and "I'm ready" starts an assessment.
    stranger.goto(base + "/")
    expect(stranger).to_have_url(re.compile(rf"/classes/{world.classroom.pk}/map/$"))
    stranger.locator(f"#standard-{assessed.standard.pk} button[type=submit]").click()
    stranger.wait_for_url(re.compile(r"/attempts/\d+/$"))
    expect(stranger.locator("fieldset.question").first).to_be_visible()


def test_the_teacher_rotates_the_code_and_closes_joining(world, live_server, new_context) -> None:
    base = live_server.url
    old = world.classroom.join_code
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{base}/classes/{world.classroom.pk}/roster/")
    teacher.get_by_role("button", name="Make a new code").click()
    new = teacher.locator("#join-code").inner_text().strip()
    assert new != old
    expect(teacher.locator(".flash")).to_contain_text(new)

    teacher.locator("#joining summary").click()
    teacher.get_by_label("Students may join with the code").uncheck()
    teacher.get_by_role("button", name="Save joining settings").click()
    expect(teacher.locator("#joining")).to_contain_text("Joining is closed for this class.")

    visitor = new_context().new_page()
    for code in [old, new]:
        visitor.goto(f"{base}/join/?code={code}")
        visitor.get_by_label("First name").fill("Late")
        visitor.get_by_label("Password").fill("purple-otter-91")
        visitor.get_by_role("button", name="Create account and join").click()
        expect(visitor.locator("#id_join_code_error")).to_contain_text("not valid")
    assert not User.objects.filter(first_name="Late").exists()
