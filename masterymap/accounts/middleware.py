"""Per-request account concerns: the language a signed-in user reads (their account's, else
their school's default), idle sessions ending, and signed-in pages never cached."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from masterymap.accounts.models import User

# The language resolved at login (the account's, else the school's default) lives in the
# session, which every signed-in page loads anyway: no extra query per page.
SESSION_KEY = "interface_language"


def remember_language(request: HttpRequest, user: User) -> None:
    """Resolve the user's interface language once and keep it for this session."""
    request.session[SESSION_KEY] = user.interface_language


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    picked = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if not user.language and picked in dict(settings.LANGUAGES):
        # Someone who switched language on the login page and has no choice of their own
        # keeps reading in it after signing in (their school's default would switch it
        # back). Not saved on the account: a shared classroom computer keeps its cookie.
        request.session[SESSION_KEY] = picked
    else:
        remember_language(request, user)


class AccountLanguageMiddleware:
    """Runs after LocaleMiddleware, which has chosen from the cookie or the browser: a
    signed-in user's own choice (or their school's default) wins over both."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if SESSION_KEY not in request.session:  # a session from before this existed
                remember_language(request, user)
            language = str(request.session[SESSION_KEY])
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


# --- Shared classroom devices: idle sessions end, signed-in pages are never cached ----------

# Unix times (whole seconds) kept in the session: when this login began, and when the session
# was last refreshed (at most once a minute: a session write on every request would cost a
# database write per autosave).
SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
REFRESH_EVERY_SECONDS = 60
# Set on the request by a logout, so its response can tell the browser to forget storage.
_LOGGED_OUT = "_masterymap_logged_out"


@receiver(user_logged_in)
def _note_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SIGNED_IN_AT] = int(now)
        request.session.pop(SEEN_AT, None)
        # The idle expiry starts now, saved with the login itself, so the first pages after
        # it need no session write of their own.
        keep_session_alive(request.session, now=now)


@receiver(user_logged_out)
def _note_sign_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None:
        setattr(request, _LOGGED_OUT, True)


def session_is_over(session: SessionBase, *, now: float) -> bool:
    """True once a login has been idle for SESSION_IDLE_MINUTES or has lasted
    SESSION_COOKIE_AGE seconds. The session's own expiry says the same (keep_session_alive);
    this check holds for every session engine."""
    seen_at = session.get(SEEN_AT)
    signed_in_at = session.get(SIGNED_IN_AT)
    if seen_at is not None and now - seen_at >= settings.SESSION_IDLE_MINUTES * 60:
        return True
    return signed_in_at is not None and now - signed_in_at >= settings.SESSION_COOKIE_AGE


def keep_session_alive(session: SessionBase, *, now: float) -> None:
    """Push the session's expiry to SESSION_IDLE_MINUTES from now (never past the login's
    SESSION_COOKIE_AGE), at most once a minute."""
    signed_in_at = session.setdefault(SIGNED_IN_AT, int(now))  # a session from before this
    seen_at = session.get(SEEN_AT)
    if seen_at is not None and now - seen_at < REFRESH_EVERY_SECONDS:
        return
    session[SEEN_AT] = int(now)
    left = signed_in_at + settings.SESSION_COOKIE_AGE - now
    session.set_expiry(max(1, int(min(settings.SESSION_IDLE_MINUTES * 60, left))))


class SessionIdleMiddleware:
    """Signs out a session that has been idle too long (or lasted too long) before the view
    runs, and keeps an active one alive. Must come after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now().timestamp()
        if request.user.is_authenticated and session_is_over(request.session, now=now):
            logout(request)
        response = self.get_response(request)
        if request.user.is_authenticated:  # also right after logging in
            keep_session_alive(request.session, now=now)
        elif request.headers.get("HX-Request") and _is_login_redirect(response):
            return _htmx_to_login(request)
        return response


def _is_login_redirect(response: HttpResponse) -> bool:
    login_path = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response.get("Location", "").startswith(login_path)


def _htmx_to_login(request: HttpRequest) -> HttpResponse:
    """A background request (an autosave) after the session ended: htmx would follow the
    redirect and put the login page inside the save bar. Send the whole tab to log in
    instead, coming back to the page it was on (the answer sheet restores its answers)."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    back = current.path if current.path.startswith("/") else "/"
    response = HttpResponse(status=200)
    response["HX-Redirect"] = redirect_to_login(back).url
    return response


class NoStoreMiddleware:
    """Nothing shown to a signed-in person is kept in the browser's cache, so the Back button
    on a shared device shows the next person nothing of the last one's. Static files never
    reach this (WhiteNoise answers them first) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)  # no-store, no-cache, private, max-age=0
            response.headers["Pragma"] = "no-cache"  # HTTP/1.0 caches
        if getattr(request, _LOGGED_OUT, False):
            # The answers attempt.js keeps on the device go too, even without JavaScript.
            response.headers["Clear-Site-Data"] = '"storage"'
        return response
