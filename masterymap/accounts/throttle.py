"""Guessing is throttled by django-axes: passwords at login, and class codes when joining.

One account has few legitimate failures, but one address can be a whole school behind one
router, where thirty students mistyping at 8:05 is normal. So axes' single failure limit
applies to each account (LOGIN_FAILURE_LIMIT), and an address is paused only after
LOGIN_ADDRESS_FAILURE_LIMIT failures (the handler below scales its count to that limit).

A wrong class code counts as a failure for a pseudo-account named after where the guess
came from ("class code from <address>", or from <username> when signed in), so the same
pause, unlock and clean-up apply to it, and it also counts toward the address's limit.
"""

from __future__ import annotations

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils.timezone import now

from masterymap.lib.logs import CARD_PATH

CODE_GUESS_PREFIX = "class-code@"


class AccountAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' database handler with a higher limit per address than per account."""

    def get_failures(
        self, request: HttpRequest, credentials: dict[str, object] | None = None
    ) -> int:
        account_limit = settings.AXES_FAILURE_LIMIT
        address_limit = max(settings.LOGIN_ADDRESS_FAILURE_LIMIT, account_limit)
        counts = []
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            total = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            # Scaled so that reaching address_limit reads as reaching account_limit.
            if parameter == "ip_address":
                total = total * account_limit // address_limit
            counts.append(total)
        return max(counts, default=0)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, object] | None = None
    ) -> int:
        """On a successful login, forget only that account's failures. axes would also
        forget every failure from the address, so someone with an account of their own
        could clear their guesses at another's password by logging in between them."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        deleted: int = AccessAttempt.objects.filter(username=username).delete()[0]
        return deleted


def code_guesser(request: HttpRequest) -> dict[str, str]:
    """The credentials a class-code guess is counted under: the signed-in account, else the
    address it came from."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = user.get_username()
    else:
        AxesProxyHandler.update_request(request)
        who = str(getattr(request, "axes_ip_address", "") or "")
    return {"username": f"{CODE_GUESS_PREFIX}{who}"[:150]}


def code_guessing_paused(request: HttpRequest) -> bool:
    """Whether this guesser (or their address) must wait before trying another code."""
    return bool(AxesProxyHandler.is_locked(request, code_guesser(request)))


def record_wrong_code(request: HttpRequest) -> None:
    """Count a wrong (or closed, or expired) class code against the guesser."""
    AxesProxyHandler.user_login_failed(
        sender=record_wrong_code, credentials=code_guesser(request), request=request
    )
    # The join page says so itself; axes' middleware would show the login page instead.
    request.axes_locked_out = False  # type: ignore[attr-defined]


def hide_card_key(request: HttpRequest) -> None:
    """axes keeps the path of every login in its AccessLog table; a login card's path
    carries its key, a credential, so axes gets the path without it."""
    AxesProxyHandler.update_request(request)
    request.axes_path_info = CARD_PATH.sub("/card/…", request.path)  # type: ignore[attr-defined]


def pause_ends(at: datetime | None = None) -> datetime:
    """When a pause that starts now ends (a failure while paused starts it again)."""
    return (at or now()) + settings.AXES_COOLOFF_TIME
