"""(being written: issue 10)"""

from django.http import HttpRequest, HttpResponse


def class_goals_page(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def goal_new(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def goal_accept(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def goal_decline(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def goal_withdraw(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def check_in(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def check_in_confirm(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError


def practice_run(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise NotImplementedError
