"""The app's URLs plus one more, for `bench/floor.py` only (never in the app): POST /floor/,
the least an acknowledged autosave can do."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST


@require_POST
@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """Who is asking (the session and the user, the CSRF check on the way), then one row
    written and committed; 204 is the acknowledgement. No form, no answer checked."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET last_login = %s WHERE id = %s",
            [timezone.now(), request.user.pk],
        )
    return HttpResponse(status=204)


urlpatterns = [path("floor/", floor), path("", include("masterymap.urls"))]
