"""The language a signed-in user reads: their account's, else their school's default."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from masterymap.accounts.models import User


class AccountLanguageMiddleware:
    """Runs after LocaleMiddleware, which has chosen from the cookie or the browser: a
    signed-in user's own choice (or their school's default) wins over both."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language or self._school_language(request, user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    @staticmethod
    def _school_language(request: HttpRequest, user: User) -> str:
        # A school's default changes rarely: cached for a few minutes, so a page costs no
        # extra query (the per-page query counts are tested).
        if user.school_id is None:
            return ""
        key = f"school-language:{user.school_id}"
        language = cache.get(key)
        if language is None:
            language = user.interface_language
            cache.set(key, language, timeout=300)
        return str(language)
