"""The class's mastery policy (or one standard's): previewed, then saved and recomputed."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, User
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.ids import parse_id
from masterymap.mastery import actions
from masterymap.mastery.engine import PolicyImpact, StatusChange
from masterymap.mastery.forms import PolicyForm
from masterymap.mastery.queries.grid import STATUS_MARKS
from masterymap.mastery.queries.policy import policy_for_scope, policy_overview
from masterymap.mastery.sentences import fill_html, status_label
from masterymap.mastery.status import Status
from masterymap.standards import access as standards_access
from masterymap.standards.models import Standard

# How many changed records the preview lists; the figures above it count them all.
PREVIEW_ROWS = 500


@dataclass(frozen=True)
class StatusWords:
    """A status as the preview shows it: its mark and its word, never its colour alone."""

    mark: str
    label: str
    css: str


@dataclass(frozen=True)
class ChangeRow:
    student: str
    standard: Standard
    before: StatusWords
    after: StatusWords


@dataclass(frozen=True)
class Preview:
    impact: PolicyImpact
    rows: list[ChangeRow]

    @property
    def hidden_rows(self) -> int:
        return self.impact.status_changes - len(self.rows)


def _status_words(value: str) -> StatusWords:
    status = Status(value)
    return StatusWords(
        mark="✓" if status is Status.MASTERED else STATUS_MARKS[status],
        label=status_label(status),
        css=status.css_class,
    )


def _preview(impact: PolicyImpact) -> Preview:
    """The changed records with the student's name and the standard, by student then map
    order. Two queries, whatever the number of changes."""
    changes = impact.changes
    if not changes:
        return Preview(impact=impact, rows=[])
    students = {
        u.pk: u
        for u in User.objects.filter(pk__in={c.student_id for c in changes}).only(
            "first_name", "last_name", "username"
        )
    }
    # Standards come in map order (the model's ordering).
    standards = list(Standard.objects.filter(pk__in={c.standard_id for c in changes}))
    by_pk = {s.pk: s for s in standards}
    place = {s.pk: n for n, s in enumerate(standards)}

    def order(change: StatusChange) -> tuple[str, str, str, int]:
        student = students[change.student_id]
        return (
            student.last_name.casefold(),
            student.first_name.casefold(),
            student.username,
            place[change.standard_id],
        )

    rows = [
        ChangeRow(
            student=students[c.student_id].display_name,
            standard=by_pk[c.standard_id],
            before=_status_words(c.before.status),
            after=_status_words(c.after.status),
        )
        for c in sorted(changes, key=order)[:PREVIEW_ROWS]
    ]
    return Preview(impact=impact, rows=rows)


def _policy_page(
    request: AuthedRequest,
    classroom: Classroom,
    form: PolicyForm,
    preview: Preview | None = None,
) -> HttpResponse:
    context = {
        "classroom": classroom,
        "form": form,
        "overview": policy_overview(classroom),
        "preview": preview,
    }
    return render(request, "mastery/policy_page.html", context)


def _scope(request: AuthedRequest, classroom: Classroom) -> Standard | None:
    """The standard named by ?standard=, whose policy the form starts from."""
    standard_id = parse_id(request.GET.get("standard"))
    if standard_id is None:
        return None
    return standards_access.get_standard_in_classroom(classroom, standard_id)


@require_http_methods(["GET", "POST"])
@login_required
def policy_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's mastery policy (or one standard's), previewed, then saved and recomputed."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    if request.method == "GET":
        scope = _scope(request, classroom)
        initial = PolicyForm.initial_from(policy_for_scope(classroom, scope), scope)
        return _policy_page(request, classroom, PolicyForm(initial=initial, classroom=classroom))
    form = PolicyForm(request.POST, classroom=classroom)
    if form.is_valid():
        arguments = form.policy_arguments()
        try:
            changed = actions.set_policy(classroom=classroom, by=request.user, **arguments)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Saved: %(count)s record changed.", "Saved: %(count)s records changed.", changed
                )
                % {"count": changed},
            )
            query = f"?standard={arguments['standard'].pk}" if arguments["standard"] else ""
            return redirect(reverse("mastery:policy", args=[classroom.pk]) + query)
    return _policy_page(request, classroom, form)


@require_POST
@login_required
def policy_preview(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """What saving would change, computed with the same code; nothing is written."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = PolicyForm(request.POST, classroom=classroom)
    preview = None
    if form.is_valid():
        arguments = form.policy_arguments()
        standard = arguments.pop("standard")
        try:
            impact = actions.preview_policy(classroom=classroom, standard=standard, **arguments)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            preview = _preview(impact)
    if request.htmx:
        context = {"classroom": classroom, "form": form, "preview": preview, "in_place": True}
        return render(request, "mastery/policy_page.html#policy-preview", context)
    return _policy_page(request, classroom, form, preview)


@require_POST
@login_required
def policy_clear(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """Remove a standard's own policy: the class policy applies to it again."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    changed = actions.clear_standard_policy(classroom=classroom, standard=standard, by=request.user)
    messages.success(
        request,
        fill_html(
            ngettext(
                "%(code)s follows the class policy again: %(count)s record changed.",
                "%(code)s follows the class policy again: %(count)s records changed.",
                changed,
            ),
            {"count": changed},
            code=standard.code,
        ),
    )
    return redirect("mastery:policy", classroom_id=classroom.pk)
