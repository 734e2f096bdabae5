"""Which remediation routes a standard offers a student after *not yet*. Pure: no Django, no
clock, no database.

Rules a teacher can check on paper:

- Nothing configured for the standard (no settings saved): every route with something
  behind it: practice when there is at least one bank item the student may practise,
  resources when the standard has at least one link, video or file, and always a peer
  tutor, tutoring with the teacher and a small group. So a map nobody configured still
  offers something.
- Configured: the routes the teacher ticked, but practice only with an item to practise and
  resources only with a resource: a route with nothing behind it is a dead end.
- A peer tutor only while peer tutoring is on for the class and the student.
- Never nothing: when no route is left, tutoring with the teacher.
- Always in the same order: practice, resources, peer tutor, teacher, small group. Unknown
  values in the saved settings are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class RouteKey(StrEnum):
    """The routes' stored values (interventions.models.Route uses the same)."""

    PRACTICE = "practice"
    RESOURCES = "resources"
    PEER = "peer"
    TEACHER = "teacher"
    SMALL_GROUP = "small_group"


ORDER: tuple[RouteKey, ...] = tuple(RouteKey)
FALLBACK = RouteKey.TEACHER


@dataclass(frozen=True)
class OfferFacts:
    """What the offer depends on. `configured`: the teacher's ticks, None when never saved."""

    configured: Sequence[str] | None
    practice_items: int  # bank items the student may practise now
    resources: int  # links, videos and files not removed
    peer_tutoring_on: bool = True


def _available(route: RouteKey, facts: OfferFacts) -> bool:
    if route is RouteKey.PRACTICE:
        return facts.practice_items > 0
    if route is RouteKey.RESOURCES:
        return facts.resources > 0
    if route is RouteKey.PEER:
        return facts.peer_tutoring_on
    return True


def offered_routes(facts: OfferFacts) -> tuple[RouteKey, ...]:
    """The routes to offer, in ORDER (see the module's rules)."""
    wanted = set(ORDER) if facts.configured is None else {str(v) for v in facts.configured}
    routes = tuple(r for r in ORDER if r.value in wanted and _available(r, facts))
    return routes or (FALLBACK,)


def clean_configured(values: Sequence[str]) -> tuple[RouteKey, ...]:
    """The known routes among `values`, in ORDER, each once."""
    wanted = {str(v) for v in values}
    return tuple(r for r in ORDER if r.value in wanted)
