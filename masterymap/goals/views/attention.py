"""(being written: issue 10)"""

from django.http import HttpRequest, HttpResponse


def attention_page(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def grid_attention(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def dismiss(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError
