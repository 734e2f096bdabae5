"""Where a form sends the browser back to: the `next` field it posted, when it is a path on
this site, else a default."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def posted_next(request: HttpRequest, default: str) -> str:
    """The posted `next` if it is a path on this host ("/classes/1/map/"), else `default`.
    Only paths: redirect() would try to reverse a bare word as a view name."""
    wanted = request.POST.get("next", "")
    if (
        wanted.startswith("/")
        and not wanted.startswith("//")
        and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return wanted
    return default
