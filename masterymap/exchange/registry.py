"""The importers, by key, and which of them a person may use."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from masterymap.accounts.access import may_author_maps, may_manage_people
from masterymap.exchange.importers import Importer

if TYPE_CHECKING:
    from masterymap.accounts.models import User


@cache
def importers() -> dict[str, Importer]:
    # Imported here: each importer module pulls in its app's actions and forms.
    from masterymap.exchange.qti_import import QTI_IMPORTER
    from masterymap.exchange.roster_import import ROSTER_IMPORTER
    from masterymap.exchange.standards_import import CASE_IMPORTER, CSV_IMPORTER

    return {i.key: i for i in (ROSTER_IMPORTER, CASE_IMPORTER, CSV_IMPORTER, QTI_IMPORTER)}


def may_use(user: User, importer: Importer) -> bool:
    """Rosters are the school admin's; standards and questions belong to whoever writes maps."""
    if importer.audience == "admin":
        return may_manage_people(user)
    return may_author_maps(user)


def importers_for(user: User) -> list[Importer]:
    return [i for i in importers().values() if may_use(user, i)]
