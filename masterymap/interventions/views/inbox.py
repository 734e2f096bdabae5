"""Pages of the interventions app: the teacher's inbox, its count in the navigation, the
grid's "waiting for you" panel and the one-click retake unlock (issue 9, items 4 and 9)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.interventions import inbox
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.lib.ids import parse_id
from masterymap.lib.redirects import posted_next
from masterymap.standards import access as standards_access

PANEL = "interventions/grid_waiting.html"

# The navigation asks for the count after every page a teacher opens, and working it out
# reads every class's locked retakes: about 60 ms of CPU for five classes of 30 on the
# bench school, many times the page itself. So the teacher's session keeps it a minute.
# The inbox page is always worked out afresh and renews it; an unlock here forgets it.
COUNT_KEY = "inbox_count"
COUNT_KEPT_SECONDS = 60

# A list of locked retakes shows this many rows, then "Show … more" (htmx) for the next as
# many. A class of 600 can have thousands (each student's reflection still to write, on
# every standard): rendering them all took seconds and sent half a megabyte (bench/).
ROWS_SHOWN = 50


@dataclass(frozen=True)
class Shown:
    """One slice of a list of locked retakes, and how to ask for the next."""

    part: str  # which list: "awaiting" or "other" (the grid's panel), "retakes" (the inbox)
    rows: Sequence[inbox.WaitingRetake]
    remaining: int  # after this slice
    next_url: str  # the next slice (htmx), when some remain
    all_url: str = ""  # the whole list as a page, for a browser without script

    @property
    def next_count(self) -> int:
        return min(ROWS_SHOWN, self.remaining)


def _shown(
    rows: Sequence[inbox.WaitingRetake], part: str, base: str, start: int = 0, all_url: str = ""
) -> Shown:
    end = start + ROWS_SHOWN
    remaining = max(0, len(rows) - end)
    return Shown(
        part=part,
        rows=rows[start:end],
        remaining=remaining,
        next_url=f"{base}?more={part}&from={end}" if remaining else "",
        all_url=all_url if remaining else "",
    )


def _more(request: AuthedRequest, parts: Sequence[str]) -> tuple[str, int] | None:
    """`?more=<part>&from=<n>`: the list and where its next slice starts; None when the
    request asks for no slice. Raises ValueError on a part or a start that is none."""
    part = request.GET.get("more")
    if part is None:
        return None
    start = parse_id(request.GET.get("from", ""))
    if part not in parts or start is None:
        raise ValueError(part)
    return part, start


def _keep_count(request: AuthedRequest, count: int) -> None:
    # Written only when it says something new, or half its minute has gone: a session
    # that changes is saved, one more write.
    now, kept = time.time(), request.session.get(COUNT_KEY)
    if kept and kept[0] == count and 0 <= now - kept[1] < COUNT_KEPT_SECONDS / 2:
        return
    request.session[COUNT_KEY] = [count, now]


def _badge_count(request: AuthedRequest) -> int:
    kept = request.session.get(COUNT_KEY)
    if kept and 0 <= time.time() - kept[1] < COUNT_KEPT_SECONDS:
        return int(kept[0])
    count = inbox.teacher_inbox(request.user).count
    _keep_count(request, count)
    return count


def _next_rows(request: AuthedRequest, context: dict[str, object], shown: Shown) -> HttpResponse:
    """The next slice of a list, in place of its "Show … more", the focus on its first row."""
    return render(request, PANEL + "#more-rows", context | {"shown": shown, "focus_first": True})


@require_GET
@login_required
def inbox_page(request: AuthedRequest) -> HttpResponse:
    """What waits for the teacher across the classes they teach."""
    try:
        more = _more(request, ["retakes"])
    except ValueError:
        return HttpResponseBadRequest(_("No such place in the list."))
    found = inbox.teacher_inbox(request.user)
    _keep_count(request, found.count)
    base = reverse("interventions:inbox")
    context = {"inbox": found, "back": base, "show_class": True}
    if more is not None:
        return _next_rows(request, context, _shown(found.retakes, "retakes", base, more[1]))
    if request.GET.get("retakes") == "all":
        context["retakes"] = Shown("retakes", found.retakes, 0, "")
    else:
        context["retakes"] = _shown(
            found.retakes, "retakes", base, 0, all_url=f"{base}?retakes=all#inbox-retakes"
        )
    return render(request, "interventions/inbox.html", context)


@require_GET
@login_required
def inbox_count(request: AuthedRequest) -> HttpResponse:
    """The navigation's badge (loaded by htmx after the page): how many things wait, or
    nothing when none do. Up to a minute old (COUNT_KEPT_SECONDS)."""
    context = {"count": _badge_count(request)}
    return render(request, "interventions/inbox_count.html", context)


@require_GET
@login_required
def grid_waiting(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The grid's panel (loaded by htmx after the grid): locked retakes, with "Unlock"."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    try:
        more = _more(request, ["awaiting", "other"])
    except ValueError:
        return HttpResponseBadRequest(_("No such place in the list."))
    waiting = inbox.grid_waiting(classroom)
    base = reverse("interventions:grid-waiting", args=[classroom.pk])
    context = {
        "classroom": classroom,
        "waiting": waiting,
        "back": reverse("mastery:grid", args=[classroom.pk]),
    }
    lists = {"awaiting": waiting.awaiting, "other": waiting.other_locked}
    if more is not None:
        return _next_rows(request, context, _shown(lists[more[0]], more[0], base, more[1]))
    context |= {part: _shown(rows, part, base) for part, rows in lists.items()}
    return render(request, PANEL, context)


@require_POST
@login_required
def retake_unlock(
    request: AuthedRequest, classroom_id: int, student_id: int, standard_id: int
) -> HttpResponse:
    """The teacher's one click: the student's next form opens now. htmx gets the row back
    ("Unlocked", or why not, with 422); a plain post goes back with a message."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    student = access.get_student_for_teacher(request.user, classroom, student_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    context = {"classroom": classroom, "student": student, "standard": standard}
    request.session.pop(COUNT_KEY, None)  # one fewer waits: the next badge works it out
    try:
        inbox.unlock_retake(
            classroom=classroom,
            student=student,
            standard=standard,
            by=request.user,
            note=request.POST.get("note", ""),
        )
    except ActionError as e:
        if request.htmx:
            return render(
                request, PANEL + "#unlock-refused", context | {"error": e.message}, status=422
            )
        messages.error(request, e.message)
    else:
        if request.htmx:
            return render(request, PANEL + "#unlocked-row", context)
        messages.success(
            request,
            with_content(
                _("Unlocked: %(name)s may take the next form of %(code)s now."),
                name=student.display_name,
                code=standard.code,
            ),
        )
    return redirect(posted_next(request, reverse("interventions:inbox")))


CELL = "classes/<id:classroom_id>/students/<id:student_id>/standards/<id:standard_id>/"

urlpatterns: list[URLPattern] = [
    path("inbox/", inbox_page, name="inbox"),
    path("inbox/count/", inbox_count, name="inbox-count"),
    path("classes/<id:classroom_id>/waiting/", grid_waiting, name="grid-waiting"),
    path(CELL + "unlock/", retake_unlock, name="retake-unlock"),
]
