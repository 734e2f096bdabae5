from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from masterymap.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind @login_required: `user` is our User, `htmx` set by django-htmx."""

    user: User
    htmx: HtmxDetails
