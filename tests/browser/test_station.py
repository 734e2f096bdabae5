"""The teacher station in a real browser: a one-on-one check of five questions by keyboard
alone, an EL conference with an audio recording, and the student's tracker showing the new
level and its explanation."""

from __future__ import annotations

import io
import re
import time
import wave

import pytest
from django.core.files.storage import FileSystemStorage
from playwright.sync_api import expect

from masterymap.assessments.actions import create_item
from masterymap.assessments.models import Item
from masterymap.evidence.models import Attachment, Evidence
from masterymap.mastery.models import MasteryRecord
from tests.browser.support import PHONE, SERVER_LOCK, login, overflow_report

pytestmark = pytest.mark.browser

# Stems of the bank-only questions the battery asks (the `assessed` fixture's items are all
# on forms A and B, which Sam has not taken, so they must never be asked).
BANK = [(f"What is {a} × {b}?", a * b) for a, b in ((2, 3), (4, 5), (6, 7), (3, 9), (8, 8))]


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * 800)
    return buffer.getvalue()


@pytest.fixture
def private_media(settings, tmp_path, monkeypatch):
    """Attachments go to a temporary directory (pytest removes it). The field's storage is
    built once at import, so it is pointed there too, not only the setting."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    storage = FileSystemStorage(location=str(tmp_path), base_url=None)
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    return tmp_path


def test_a_keyboard_only_check_then_a_conference_reach_the_students_tracker(
    world, assessed, live_server, new_context, private_media
) -> None:
    for stem, key in BANK:
        create_item(
            standard=assessed.standard, kind=Item.Kind.NUMERIC, stem=stem, numeric_answer=key
        )
    base = live_server.url
    station = f"{base}/classes/{world.classroom.pk}/station/"
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(station)
    expect(teacher.locator("#station-who")).to_be_focused()

    # --- Keyboard only: name, Enter, standard, Enter, marks, Enter. -----------------------
    started = time.perf_counter()
    kb = teacher.keyboard
    kb.type("sam")
    kb.press("Enter")
    expect(teacher.locator("#station-what")).to_be_focused()
    kb.type("7.RP.A.1")
    kb.press("Enter")
    questions = teacher.locator(".station-q")
    expect(questions).to_have_count(5)
    expect(questions.first).to_be_focused()
    battery = teacher.locator("#station-battery")
    for stem, key in BANK:
        expect(battery).to_contain_text(stem)
        expect(battery).to_contain_text(f"Answer key: {key}")
    expect(battery).not_to_contain_text(assessed.numeric.stem[:30])  # on forms A and B
    summary = teacher.locator("#station-summary")
    expect(summary).to_have_text("0 of 5 marked")
    # y y n n, undo the last, then y y: right, right, wrong, right, right. The summary follows
    # every key, worded by check_summary on the server (the page embeds its sentences).
    for key, text in (
        ("y", "1 of 1 right · 100 % · level 4 Exceeds · 4 not marked"),
        ("1", "2 of 2 right · 100 % · level 4 Exceeds · 3 not marked"),
        ("n", "2 of 3 right · 66.7 % · level 2 Approaching · 2 not marked"),
        ("ArrowLeft", "2 of 4 right · 50 % · level 2 Approaching · 1 not marked"),
        ("Backspace", "2 of 3 right · 66.7 % · level 2 Approaching · 2 not marked"),
        ("ArrowRight", "3 of 4 right · 75 % · level 2 Approaching · 1 not marked"),
        ("y", "4 of 5 right · 80 % · level 3 Mastered"),
    ):
        kb.press(key)
        expect(summary).to_have_text(text)
    expect(summary).to_have_text("4 of 5 right · 80 % · level 3 Mastered")
    expect(questions.nth(2)).to_have_class(re.compile(r"\bwrong\b"))
    expect(questions.nth(3).locator("input[value=right]")).to_be_checked()
    kb.press("Enter")
    kb.press("Enter")  # an impatient double press records once
    outcome = teacher.locator(".station-outcome")
    expect(outcome).to_contain_text("80 % → level 3 Mastered")
    elapsed = time.perf_counter() - started
    print(f"\nkeyboard-only check of 5 questions recorded in {elapsed:.2f} s")
    assert elapsed < 30

    with SERVER_LOCK:
        check = Evidence.objects.get(student=world.student, kind=Evidence.Kind.ONE_ON_ONE)
        record = MasteryRecord.objects.get(
            classroom=world.classroom, student=world.student, standard=assessed.standard
        )
    assert (check.raw_score, check.level, check.recorded_by_id) == (80.0, 3.0, world.teacher.pk)
    expect(outcome).to_contain_text(record.explanation)
    expect(outcome.locator(".station-level")).to_have_text("3 Mastered")
    # Reset for the next student, the standard kept.
    expect(teacher.locator("#station-who")).to_have_value("")
    expect(teacher.locator("#station-who")).to_be_focused()
    expect(teacher.locator("#station-what")).to_have_value("7.RP.A.1")

    # --- An EL conference with an audio recording. ----------------------------------------
    panel = teacher.locator("#station-other")
    panel.locator("#ev-student").select_option(label="Sam Lee")
    expect(panel.locator("#ev-standard")).to_have_value(str(assessed.standard.pk))
    panel.get_by_label("Kind of evidence").select_option("conference")
    panel.get_by_role("radio", name="4 Exceeds").check()
    panel.get_by_label("Note").fill("Retold the word problem in his own words, in order.")
    panel.locator("#ev-files").set_input_files(
        files=[{"name": "conference.wav", "mimeType": "audio/wav", "buffer": wav_bytes()}]
    )
    panel.get_by_role("button", name="Record evidence").click()
    done = panel.locator(".station-outcome")
    expect(done).to_contain_text("Recorded: Conference (EL) · Sam Lee")
    expect(done).to_contain_text("level 4 Exceeds")
    with SERVER_LOCK:
        conference = Evidence.objects.get(student=world.student, kind=Evidence.Kind.CONFERENCE)
        attachment = conference.attachments.get()
        record.refresh_from_db()
    assert attachment.content_type == "audio/x-wav"
    assert (private_media / attachment.file.name).exists()
    audio_url = f"/attachments/{attachment.pk}/"
    expect(done.locator(f"audio[src='{audio_url}']")).to_have_count(1)
    expect(done).to_contain_text(record.explanation)
    teacher.set_viewport_size(PHONE)  # a station is often a phone or a tablet
    fits, culprits = overflow_report(teacher)
    assert fits, culprits

    # --- The student's own tracker shows the new level and why. ---------------------------
    student = login(new_context(), live_server, "slee")
    student.goto(f"{base}/classes/{world.classroom.pk}/students/{world.student.pk}/tracker/")
    expect(student.locator("h1")).to_have_text("My tracker")
    row = student.locator(f"#tracker-{assessed.standard.pk}")
    expect(row.locator(".level-summary")).to_contain_text(record.level_label)
    expect(row).to_contain_text(record.explanation)
    assert student.request.get(f"{base}{audio_url}").status == 200
    outsider = login(new_context(), live_server, "jkhan")
    assert outsider.request.get(f"{base}{audio_url}").status == 404


def test_an_attachment_over_the_limit_keeps_the_form_and_says_why(
    world, assessed, live_server, new_context, private_media, settings
) -> None:
    settings.MAX_REQUEST_BYTES = 64 * 1024
    teacher = login(new_context(), live_server, "arivera")
    teacher.goto(f"{live_server.url}/classes/{world.classroom.pk}/station/")
    panel = teacher.locator("#station-other")
    panel.locator("#ev-student").select_option(label="Sam Lee")
    panel.locator("#ev-standard").select_option(str(assessed.standard.pk))
    panel.get_by_label("Kind of evidence").select_option("conference")
    panel.get_by_role("radio", name="4 Exceeds").check()
    panel.get_by_label("Note").fill("Retold it in order.")
    big = wav_bytes() + b"\x80" * (100 * 1024)
    panel.locator("#ev-files").set_input_files(
        files=[{"name": "long.wav", "mimeType": "audio/wav", "buffer": big}]
    )
    panel.get_by_role("button", name="Record evidence").click()
    expect(panel.locator(".too-large")).to_contain_text("Too large to send")
    # Nothing saved, nothing typed lost.
    expect(panel.get_by_label("Note")).to_have_value("Retold it in order.")
    expect(panel.get_by_role("radio", name="4 Exceeds")).to_be_checked()
    with SERVER_LOCK:
        assert not Evidence.objects.filter(student=world.student).exists()
