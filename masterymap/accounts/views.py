from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime, now
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masterymap.accounts import access, actions, throttle
from masterymap.accounts.backends import BACKEND
from masterymap.accounts.forms import (
    AddStudentsForm,
    JoinCodeForm,
    JoiningForm,
    JoinRequestsForm,
    MoveStudentForm,
    RegisterWithCodeForm,
    SetStudentPasswordForm,
    StudentPickForm,
)
from masterymap.accounts.middleware import remember_language
from masterymap.accounts.models import Classroom, User
from masterymap.accounts.queries import (
    classroom_delete_refusals,
    classroom_roster,
    join_requests,
    locked_usernames,
    move_targets,
    sign_in_events,
    student_for_card,
    waiting_classrooms,
)
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.lib.qr import secret_qr_svg

log = logging.getLogger("masterymap.accounts")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """A bare view: for load balancers, and the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


@require_http_methods(["GET", "POST"])
@login_required
def roster_page(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = AddStudentsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cards = actions.enrol_students_by_name(
                classroom=classroom, names_text=form.cleaned_data["names"]
            )
        except ActionError as e:
            form.add_error("names", e.message)
        else:
            context = {"classroom": classroom, "cards": printed_cards(request, cards)}
            return render(request, "accounts/login_cards.html", context)
    context = _roster_context(classroom, form, user=request.user)
    return render(request, "accounts/roster_page.html", context)


def _roster_context(
    classroom: Classroom, form: Form, joining_form: Form | None = None, *, user: User
) -> dict[str, object]:
    roster = classroom_roster(classroom)
    targets = move_targets(classroom, user)
    return {
        "classroom": classroom,
        "form": form,
        "roster": roster,
        "move_form": MoveStudentForm(roster=roster, targets=targets),
        "move_targets": targets,
        "locked": locked_usernames(s.username for s in roster),
        "waiting": join_requests(classroom),
        "joining_form": joining_form
        or JoiningForm(
            initial={
                "join_open": classroom.join_open,
                "expires_at": classroom.join_code_expires_at
                and localtime(classroom.join_code_expires_at),
                "needs_approval": classroom.join_needs_approval,
                "students_may_change_password": classroom.students_may_change_password,
            }
        ),
        "code_expired": classroom.join_code_expires_at is not None
        and classroom.join_code_expires_at <= now(),
    }


@require_POST
@login_required
def joining_set(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The roster's "Joining" card: open or close joining, the code's expiry, approval."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = JoiningForm(request.POST)
    if form.is_valid():
        try:
            actions.set_class_joining(
                classroom=classroom,
                join_open=form.cleaned_data["join_open"],
                expires_at=form.cleaned_data["expires_at"],
                needs_approval=form.cleaned_data["needs_approval"],
                students_may_change_password=form.cleaned_data["students_may_change_password"],
            )
        except ActionError as e:
            form.add_error("expires_at", e.message)
        else:
            messages.success(request, _("Joining settings saved."))
            return redirect("accounts:roster", classroom_id=classroom.pk)
    context = _roster_context(classroom, AddStudentsForm(), joining_form=form, user=request.user)
    return render(request, "accounts/roster_page.html", context, status=400)


@require_POST
@login_required
def join_code_rotate(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """A new class code, when the old one got out."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    actions.rotate_join_code(classroom=classroom, by=request.user)
    messages.success(
        request,
        with_content(
            _("The class code is now %(code)s. The old code no longer works."),
            code=classroom.join_code,
        ),
    )
    return redirect("accounts:roster", classroom_id=classroom.pk)


@require_POST
@login_required
def join_requests_decide(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Let students waiting to join into the class, or turn them away."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = JoinRequestsForm(request.POST, waiting=join_requests(classroom))
    if not form.is_valid():
        messages.error(request, _("Tick the students you want to let in or turn away."))
        return redirect("accounts:roster", classroom_id=classroom.pk)
    decide = (
        actions.approve_join_requests
        if form.cleaned_data["decision"] == "approve"
        else actions.refuse_join_requests
    )
    try:
        students = decide(
            classroom=classroom, request_ids=form.cleaned_data["requests"], by=request.user
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        names = ", ".join(s.display_name for s in students)
        text = (
            _("Let into the class: %(names)s.")
            if form.cleaned_data["decision"] == "approve"
            else _("Turned away: %(names)s. If they should not have the code, make a new one.")
        )
        messages.success(request, with_content(text, names=names))
    return redirect("accounts:roster", classroom_id=classroom.pk)


@require_http_methods(["GET", "POST"])
@login_required
def student_password_set(
    request: AuthedRequest, classroom_id: int, student_id: int
) -> HttpResponse:
    """A teacher types a student's new password by hand (besides printing new cards)."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    student = access.get_student_for_teacher(request.user, classroom, student_id)
    form = SetStudentPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_student_password(
                classroom=classroom,
                student_id=student.pk,
                password=form.cleaned_data["password"],
                by=request.user,
            )
        except ActionError as e:
            form.add_error("password", e.message)
        else:
            messages.success(
                request,
                with_content(
                    _("%(name)s’s new password is set. They can log in with it now."),
                    name=student.display_name,
                ),
            )
            return redirect("accounts:roster", classroom_id=classroom.pk)
    context = {"classroom": classroom, "student": student, "form": form}
    return render(request, "accounts/student_password_page.html", context)


class OwnPasswordChangeView(PasswordChangeView):
    """Anyone changes their own password; a student only if their classes allow it."""

    template_name = "accounts/password_change_page.html"
    success_url = reverse_lazy("home")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not access.may_change_own_password(request.user):
            return render(request, "accounts/password_change_page.html", {"refused": True})
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        # The login card's password no longer works, so neither does its link.
        actions.revoke_card_key(user=form.user)
        messages.success(self.request, _("Your password is changed."))
        return response


@require_POST
@login_required
def student_unlock(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """A teacher lets a student who typed too many wrong passwords log in again now."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    try:
        student = actions.unlock_student(
            classroom=classroom, student_id=student_id, by=request.user
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, with_content(_("%(name)s can log in again."), name=student.display_name)
        )
    return redirect("accounts:roster", classroom_id=classroom.pk)


@require_POST
@login_required
def login_cards_reset(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    form = StudentPickForm(request.POST, roster=classroom_roster(classroom))
    if not form.is_valid():
        messages.error(request, _("Tick the students who need new login cards."))
        return redirect("accounts:roster", classroom_id=classroom.pk)
    try:
        cards = actions.reset_student_passwords(
            classroom=classroom, student_ids=form.cleaned_data["students"]
        )
    except ActionError as e:
        messages.error(request, e.message)
        return redirect("accounts:roster", classroom_id=classroom.pk)
    context = {"classroom": classroom, "cards": printed_cards(request, cards)}
    return render(request, "accounts/login_cards.html", context)


# --- logging in with the login card ---------------------------------------------------------


@dataclass(frozen=True)
class PrintedCard:
    """A login card as printed: for a student, also the link that logs them in and its QR
    code (both empty on a staff card)."""

    card: actions.LoginCard
    link: str = ""
    qr: SafeString | None = None


def printed_cards(request: HttpRequest, cards: list[actions.LoginCard]) -> list[PrintedCard]:
    """The cards with their links, on this server's address (shown once, never cached)."""
    printed = []
    for card in cards:
        if not card.card_key:
            printed.append(PrintedCard(card))
            continue
        link = request.build_absolute_uri(reverse("accounts:card", args=[card.card_key]))
        label = _("QR code to log in as %(name)s") % {"name": card.display_name}
        printed.append(PrintedCard(card, link, mark_safe(secret_qr_svg(link, label))))  # noqa: S308 - qrcode's own SVG
    return printed


@never_cache
@require_http_methods(["GET", "POST"])
def card_sign_in(request: HttpRequest, card_key: str) -> HttpResponse:
    """The link in a login card's QR code. GET asks "Log in as Sam?" and never logs anyone
    in: link previews and phone camera apps open links by themselves. POST logs the student
    in (whoever was logged in on this device is logged out first). A key that opens nothing
    gets one page, whatever the reason, and no account is named."""
    student = student_for_card(card_key)
    if student is None:
        # Never the key: it may be a real card mistyped by one character.
        log.info("card refused: no card has this key, address=%s", client_address(request))
        return render(request, "accounts/card_invalid_page.html", status=404)
    if locked_usernames([student.username]):
        # Paused after too many wrong passwords: the card waits too, or the teacher unlocks.
        context = {"student": student, "paused": True}
        return render(request, "accounts/card_page.html", context, status=429)
    if request.method == "POST":
        throttle.hide_card_key(request)  # before axes records the logout and the login
        if request.user.is_authenticated and request.user.pk != student.pk:
            logout(request)  # a shared device: the last person's session and storage go
        login(request, student, backend=BACKEND)
        log.info("logged in with login card: student=%s", student.username)
        return redirect("home")
    return render(request, "accounts/card_page.html", {"student": student})


def _code_guessing_paused_page(request: HttpRequest, template: str, form: Form) -> HttpResponse:
    """Too many wrong class codes from here: the join page again, saying when to try again,
    without looking at the code typed (so the right one does not get through either)."""
    context = {"form": form, "paused_until": time_format(localtime(throttle.pause_ends()))}
    return render(request, template, context, status=429)


@require_http_methods(["GET", "POST"])
def join_page(request: HttpRequest) -> HttpResponse:
    """A new student creates an account with a class code (no login needed)."""
    if request.user.is_authenticated:
        return redirect("accounts:join-code")
    template = "accounts/join_page.html"
    form = RegisterWithCodeForm(
        request.POST or None, initial={"join_code": request.GET.get("code", "")[:12]}
    )
    if request.method == "POST":
        if throttle.code_guessing_paused(request):
            return _code_guessing_paused_page(request, template, form)
        if form.is_valid():
            try:
                student, joined = actions.register_student(**form.cleaned_data)
            except actions.WrongClassCode as e:
                throttle.record_wrong_code(request)
                form.add_error("join_code", e.message)
            except ActionError as e:
                form.add_error(None, e.message)
            else:
                login(request, student, backend=BACKEND)
                return render(
                    request,
                    "accounts/joined_page.html",
                    {"student": student, "joined": joined, "new_account": True},
                )
    return render(request, template, {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def join_code_page(request: AuthedRequest) -> HttpResponse:
    """A logged-in student joins another class with its code, and sees the classes still
    waiting for a teacher's approval."""
    template = "accounts/join_code_page.html"
    form = JoinCodeForm(
        request.POST or None, initial={"join_code": request.GET.get("code", "")[:12]}
    )
    if request.method == "POST":
        if throttle.code_guessing_paused(request):
            return _code_guessing_paused_page(request, template, form)
        if form.is_valid():
            try:
                joined = actions.join_classroom(
                    student=request.user, join_code=form.cleaned_data["join_code"]
                )
            except actions.WrongClassCode as e:
                throttle.record_wrong_code(request)
                form.add_error("join_code", e.message)
            except ActionError as e:
                form.add_error("join_code", e.message)
            else:
                if joined.waiting:
                    return render(
                        request,
                        "accounts/joined_page.html",
                        {"student": request.user, "joined": joined, "new_account": False},
                    )
                messages.success(
                    request, with_content(_("You joined %(name)s."), name=joined.classroom.name)
                )
                return redirect("workflows:student-map", classroom_id=joined.classroom.pk)
    context = {"form": form, "waiting": waiting_classrooms(request.user)}
    return render(request, template, context)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language control on every page: remembered on the account when signed in, and
    in a cookie for the login page and anyone not signed in. Back to the page it was on."""
    language = request.POST.get("language", "")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    # A path, never a view name: redirect() would try to reverse a bare word.
    response = HttpResponseRedirect(back)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        actions.set_language(user=request.user, language=language)
        remember_language(request, request.user)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


def client_address(request: HttpRequest) -> str:
    """The address a request came from, for throttling: REMOTE_ADDR, or behind
    TRUSTED_PROXY_COUNT reverse proxies the address the outermost trusted one saw (the
    client can write anything further left in X-Forwarded-For, so that is never used)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [a for a in chain if a]
    return chain[-proxies] if len(chain) >= proxies else remote


def login_username(request: HttpRequest, credentials: dict[str, object] | None) -> str:
    """The username django-axes counts a failure under: what was typed, cut to the length
    a username can have (axes stores it in a 255-character column; PostgreSQL refuses
    longer)."""
    return str((credentials or {}).get("username") or request.POST.get("username", ""))[:150]


def login_locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, object] | None
) -> HttpResponse:
    """Too many wrong passwords for this account or from this address (django-axes): the
    login page again, saying plainly when to try again and who can unlock it sooner."""
    until = localtime(now() + settings.AXES_COOLOFF_TIME)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = str((credentials or {}).get("username", ""))[:150]
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_until": time_format(until),
        "locked_minutes": minutes,
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }
    return render(request, "accounts/login_page.html", context, status=429)


@require_GET
@login_required
def sign_in_events_page(request: AuthedRequest) -> HttpResponse:
    """For a school admin: who typed wrong passwords, from where, and who is paused."""
    if not access.may_read_sign_in_events(request.user) or request.user.school_id is None:
        raise Http404
    events = sign_in_events(request.user.school_id)
    return render(request, "accounts/sign_in_events_page.html", {"events": events})


# --- archiving and deleting a class; a student leaving it -----------------------------------


@require_POST
@login_required
def classroom_archive(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Off the class lists, every record kept (the roster's "Archive this class")."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    actions.archive_classroom(classroom=classroom, by=request.user)
    messages.success(
        request,
        with_content(
            _(
                "%(name)s is archived: it is off your class list and your students’, and its "
                "code lets nobody in. Everything in it stays readable; restore it at any time."
            ),
            name=classroom.name,
        ),
    )
    return redirect("workflows:classroom-list")


@require_POST
@login_required
def classroom_restore(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    actions.restore_classroom(classroom=classroom, by=request.user)
    messages.success(
        request,
        with_content(
            _("%(name)s is restored: it is back on the class lists."), name=classroom.name
        ),
    )
    return redirect("workflows:classroom-list")


@require_http_methods(["GET", "POST"])
@login_required
def classroom_delete(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """GET asks (or says why not, and offers to archive); POST deletes."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    if request.method == "POST":
        try:
            actions.delete_classroom(classroom=classroom, by=request.user)
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("accounts:classroom-delete", classroom_id=classroom.pk)
        messages.success(request, with_content(_("%(name)s is deleted."), name=classroom.name))
        return redirect("workflows:classroom-list")
    context = {"classroom": classroom, "reasons": classroom_delete_refusals(classroom)}
    return render(request, "accounts/classroom_delete_page.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def student_remove(request: AuthedRequest, classroom_id: int, student_id: int) -> HttpResponse:
    """GET explains what removing keeps; POST takes the student out of the class."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    student = access.get_student_for_teacher(request.user, classroom, student_id)
    if request.method == "POST":
        try:
            actions.remove_student(classroom=classroom, student_id=student.pk, by=request.user)
        except ActionError as e:
            messages.error(request, e.message)
        else:
            messages.success(
                request,
                with_content(
                    _(
                        "%(name)s is no longer in %(classroom)s. Their evidence and history "
                        "are kept."
                    ),
                    name=student.display_name,
                    classroom=classroom.name,
                ),
            )
        return redirect("accounts:roster", classroom_id=classroom.pk)
    context = {"classroom": classroom, "student": student}
    return render(request, "accounts/student_remove_page.html", context)
