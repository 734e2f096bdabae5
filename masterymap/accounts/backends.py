"""How a signed-in request finds its session and its user: Django's database sessions and
`ModelBackend`, each read with one statement kept compiled.

Every request of a signed-in person reads both. Through the ORM, building those two
queries cost about 0.45 ms of CPU per request (a student's form is fifteen requests, an
autosave about 2.5 ms in all); written out, or compiled once (`lib.statements`), 0.07 ms.
What they return and refuse is Django's: an expired or unknown session is empty, an
inactive user is nobody.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from masterymap.accounts.models import User
from masterymap.lib.statements import Compiled

# The path stored in each session (settings.AUTHENTICATION_BACKENDS names it).
BACKEND = "masterymap.accounts.backends.AccountBackend"


def _user(pk: int) -> Any:
    return User._default_manager.filter(pk=pk)


_USER = Compiled(_user)


class AccountBackend(ModelBackend):
    """`ModelBackend` (passwords, permissions) with the signed-in user read compiled."""

    def get_user(self, user_id: Any) -> User | None:
        if type(user_id) is not int:
            return super().get_user(user_id)
        found = _USER.objects(pk=user_id)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


class _Stored:
    __slots__ = ("session_data",)

    def __init__(self, session_data: str) -> None:
        self.session_data = session_data


class SessionStore(db.SessionStore):
    """Django's database sessions, the read written out (settings.SESSION_ENGINE)."""

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if key is None:
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)}"
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an expired or unknown key starts anew
            return None
        return _Stored(row[0])
