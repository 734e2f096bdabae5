"""The routes a standard offers (interventions.offer): one table row per rule."""

from __future__ import annotations

from unittest import TestCase

from masterymap.interventions.models import Route
from masterymap.interventions.offer import (
    ORDER,
    OfferFacts,
    RouteKey,
    clean_configured,
    offered_routes,
)

P, R, PEER, T, G = (
    RouteKey.PRACTICE,
    RouteKey.RESOURCES,
    RouteKey.PEER,
    RouteKey.TEACHER,
    RouteKey.SMALL_GROUP,
)

# (why, configured, practice items, resources, peer tutoring on, expected)
TABLE = [
    ("nothing configured, bank and resources: every route", None, 3, 2, True, (P, R, PEER, T, G)),
    ("nothing configured, no practice items: no practice", None, 0, 2, True, (R, PEER, T, G)),
    ("nothing configured, no resources: no resources", None, 4, 0, True, (P, PEER, T, G)),
    ("nothing configured, nothing attached: still three", None, 0, 0, True, (PEER, T, G)),
    ("nothing configured, tutoring off: no peer", None, 0, 0, False, (T, G)),
    ("configured: the teacher's ticks", ["teacher", "practice"], 1, 1, True, (P, T)),
    ("configured practice with nothing to practise", ["practice", "peer"], 0, 1, True, (PEER,)),
    ("configured resources with none attached", ["resources", "small_group"], 0, 0, True, (G,)),
    ("configured, everything dropped: the teacher", ["practice", "resources"], 0, 0, True, (T,)),
    ("configured peer only, tutoring off: the teacher", ["peer"], 5, 5, False, (T,)),
    ("configured empty list: the teacher", [], 5, 5, True, (T,)),
    ("unknown values are ignored", ["nap", "small_group"], 5, 5, True, (G,)),
    ("always in the same order", ["small_group", "peer", "practice"], 1, 0, True, (P, PEER, G)),
]


class OfferedRoutesTests(TestCase):
    def test_the_table(self) -> None:
        for why, configured, items, resources, peer_on, expected in TABLE:
            with self.subTest(why):
                facts = OfferFacts(
                    configured=configured,
                    practice_items=items,
                    resources=resources,
                    peer_tutoring_on=peer_on,
                )
                self.assertEqual(offered_routes(facts), expected)

    def test_it_never_offers_nothing(self) -> None:
        for configured in (None, [], ["practice"], ["resources"], ["peer"]):
            facts = OfferFacts(
                configured=configured, practice_items=0, resources=0, peer_tutoring_on=False
            )
            with self.subTest(configured=configured):
                self.assertTrue(offered_routes(facts))

    def test_cleaning_keeps_known_routes_once_in_order(self) -> None:
        self.assertEqual(clean_configured(["teacher", "x", "practice", "teacher"]), (P, T))
        self.assertEqual(clean_configured([]), ())

    def test_the_keys_are_the_models_routes(self) -> None:
        self.assertEqual([r.value for r in ORDER], list(Route.values))
