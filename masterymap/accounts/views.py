from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime, now
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masterymap.accounts import access, actions
from masterymap.accounts.forms import (
    AddStudentsForm,
    JoinCodeForm,
    RegisterWithCodeForm,
    StudentPickForm,
)
from masterymap.accounts.middleware import remember_language
from masterymap.accounts.queries import classroom_roster, locked_usernames, sign_in_events
from masterymap.accounts.request_types import AuthedRequest
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content


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
            return render(
                request, "accounts/login_cards.html", {"classroom": classroom, "cards": cards}
            )
    roster = classroom_roster(classroom)
    context = {
        "classroom": classroom,
        "form": form,
        "roster": roster,
        "locked": locked_usernames(s.username for s in roster),
    }
    return render(request, "accounts/roster_page.html", context)


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
    return render(request, "accounts/login_cards.html", {"classroom": classroom, "cards": cards})


@require_http_methods(["GET", "POST"])
def join_page(request: HttpRequest) -> HttpResponse:
    """A new student creates an account with a class code (no login needed)."""
    if request.user.is_authenticated:
        return redirect("accounts:join-code")
    form = RegisterWithCodeForm(
        request.POST or None, initial={"join_code": request.GET.get("code", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            student = actions.register_student(**form.cleaned_data)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            login(request, student, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome! Your account is ready and you have joined the class.")
            )
            return redirect("home")
    return render(request, "accounts/join_page.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def join_code_page(request: AuthedRequest) -> HttpResponse:
    """A logged-in student joins another class with its code."""
    form = JoinCodeForm(request.POST or None, initial={"join_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            classroom = actions.join_classroom(
                student=request.user, join_code=form.cleaned_data["join_code"]
            )
        except ActionError as e:
            form.add_error("join_code", e.message)
        else:
            messages.success(request, with_content(_("You joined %(name)s."), name=classroom.name))
            return redirect("mastery:student-map", classroom_id=classroom.pk)
    return render(request, "accounts/join_code_page.html", {"form": form})


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
    response = redirect(back)
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
