"""(being written: issue 10)"""

from django.http import HttpRequest, HttpResponse


def public_map(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def public_map_board(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def public_map_settings(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def public_profile(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError
