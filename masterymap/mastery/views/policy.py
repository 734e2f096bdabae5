"""The class's mastery policy (or one standard's): previewed, then saved and recomputed;
and its retake rules (issue 9), saved without recomputing anything."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from masterymap.accounts import access
from masterymap.accounts.models import Classroom, User
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.lib.ids import parse_id
from masterymap.mastery import actions
from masterymap.mastery.engine import PolicyImpact, StatusChange
from masterymap.mastery.forms import AnswersForm, PolicyForm, RetakeRulesForm
from masterymap.mastery.models import MasteryPolicy
from masterymap.mastery.queries.grid import STATUS_MARKS
from masterymap.mastery.queries.policy import policy_for_scope, policy_overview
from masterymap.mastery.retake import DEFAULT_RULES, RetakeRules
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


def retake_sentence(rules: RetakeRules) -> str:
    """The retake rules in words: "After a not yet: wait until tomorrow, write a
    reflection; no limit on forms." """
    days = rules.cool_down_days
    first: list[str] = []
    if days == 1:
        first.append(gettext("wait until tomorrow"))
    elif days > 1:
        first.append(ngettext("wait %(count)s day", "wait %(count)s days", days) % {"count": days})
    if rules.reflection_required:
        first.append(gettext("write a reflection"))
    if rules.step_required:
        first.append(gettext("finish a step of a route (or you unlock the retake)"))
    limit = rules.max_forms
    return gettext("After a not yet: %(first)s; %(limit)s.") % {
        "first": ", ".join(first) if first else gettext("the next form opens at once"),
        "limit": gettext("no limit on forms")
        if limit is None
        else ngettext(
            "after %(count)s form, you decide what comes next",
            "after %(count)s forms, you decide what comes next",
            limit,
        )
        % {"count": limit},
    }


@dataclass(frozen=True)
class RetakeLine:
    rules: RetakeRules
    sentence: str
    standard: Standard | None = None


@dataclass(frozen=True)
class RetakeOverview:
    """The class's retake rules (the default when it never set any) and the standards
    with rules of their own."""

    class_rules: RetakeLine
    is_default: bool
    overrides: list[RetakeLine]

    def rules_for(self, standard: Standard | None) -> RetakeRules:
        """The rules that apply now to `standard` (None: the class's)."""
        if standard is not None:
            for line in self.overrides:
                if line.standard is not None and line.standard.pk == standard.pk:
                    return line.rules
        return self.class_rules.rules


def retake_overview(classroom: Classroom) -> RetakeOverview:
    """One query."""
    rows = list(
        MasteryPolicy.objects.filter(classroom=classroom)
        .select_related("standard__unit")
        .order_by("standard__unit__position", "standard__position", "standard_id")
    )
    class_raw = next((r.retake for r in rows if r.standard_id is None), None)
    class_rules = DEFAULT_RULES if class_raw is None else RetakeRules.from_json(class_raw)
    overrides = []
    for row in rows:
        if row.standard_id is not None and row.retake is not None:
            rules = RetakeRules.from_json(row.retake)
            overrides.append(RetakeLine(rules, retake_sentence(rules), row.standard))
    return RetakeOverview(
        RetakeLine(class_rules, retake_sentence(class_rules)), class_raw is None, overrides
    )


def _policy_page(
    request: AuthedRequest,
    classroom: Classroom,
    form: PolicyForm,
    preview: Preview | None = None,
    *,
    scope: Standard | None = None,
    retake_form: RetakeRulesForm | None = None,
) -> HttpResponse:
    retakes = retake_overview(classroom)
    if retake_form is None:
        initial = RetakeRulesForm.initial_from(retakes.rules_for(scope), scope)
        retake_form = RetakeRulesForm(initial=initial, classroom=classroom)
    context = {
        "classroom": classroom,
        "form": form,
        "answers_form": AnswersForm(initial={"show_answers": classroom.show_answers}),
        "overview": policy_overview(classroom),
        "preview": preview,
        "retakes": retakes,
        "retake_form": retake_form,
    }
    return render(request, "mastery/policy_page.html", context)


def _retake_post(request: AuthedRequest, classroom: Classroom) -> HttpResponse:
    """The retake section's forms: save the class's (or a standard's) rules, or clear a
    standard's own. Levels never change, so nothing is recomputed."""
    page = reverse("mastery:policy", args=[classroom.pk])
    if request.POST.get("retake-action") == "clear":
        standard_id = parse_id(request.POST.get("retake-standard"))
        if standard_id is None:
            raise Http404("No such standard.")
        standard = standards_access.get_standard_in_classroom(classroom, standard_id)
        actions.clear_standard_retake_rules(classroom=classroom, standard=standard, by=request.user)
        messages.success(
            request,
            with_content(
                gettext("%(code)s follows the class's retake rules again."), code=standard.code
            ),
        )
        return redirect(page + "#retakes")
    retake_form = RetakeRulesForm(request.POST, classroom=classroom)
    if retake_form.is_valid():
        standard = retake_form.cleaned_data["standard"]
        rules = retake_form.cleaned_data["rules"]
        try:
            actions.set_retake_rules(
                classroom=classroom, standard=standard, rules=rules, by=request.user
            )
        except ActionError as e:
            retake_form.add_error(None, e.message)
        else:
            messages.success(
                request,
                gettext("Retake rules saved. %(rules)s") % {"rules": retake_sentence(rules)},
            )
            query = f"?standard={standard.pk}" if standard else ""
            return redirect(page + query + "#retakes")
    initial = PolicyForm.initial_from(policy_for_scope(classroom, None), None)
    form = PolicyForm(initial=initial, classroom=classroom)
    return _policy_page(request, classroom, form, retake_form=retake_form)


def _answers_post(request: AuthedRequest, classroom: Classroom) -> HttpResponse:
    """When students see the correct answers. Levels never change, so nothing is
    recomputed."""
    answers = AnswersForm(request.POST)
    if answers.is_valid():
        actions.set_answer_timing(
            classroom=classroom, timing=answers.cleaned_data["show_answers"], by=request.user
        )
        messages.success(request, gettext("Saved: when students see the correct answers."))
    else:
        messages.error(request, gettext("Choose when students see the correct answers."))
    return redirect(reverse("mastery:policy", args=[classroom.pk]) + "#answers")


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
        form = PolicyForm(initial=initial, classroom=classroom)
        return _policy_page(request, classroom, form, scope=scope)
    if "retake-action" in request.POST:
        return _retake_post(request, classroom)
    if "answers-action" in request.POST:
        return _answers_post(request, classroom)
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
