"""The language a signed-in user reads: their account's, else their school's default."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
