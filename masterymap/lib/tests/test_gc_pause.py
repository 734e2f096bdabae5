"""Holding the garbage collector off during a large calculation (lib.gc_pause)."""

from __future__ import annotations

import gc
from unittest import TestCase

from masterymap.lib.gc_pause import (
    PAUSE_FROM,
    YOUNG_THRESHOLD,
    settle_after_start,
    without_gc_pauses,
)


class GcPauseTests(TestCase):
    def test_a_large_block_runs_without_collection_which_resumes_after(self) -> None:
        with without_gc_pauses(PAUSE_FROM):
            self.assertFalse(gc.isenabled())
        self.assertTrue(gc.isenabled())

    def test_collection_resumes_even_when_the_block_fails(self) -> None:
        with self.assertRaises(ValueError), without_gc_pauses(PAUSE_FROM):
            raise ValueError
        self.assertTrue(gc.isenabled())

    def test_a_small_block_leaves_the_collector_alone(self) -> None:
        with without_gc_pauses(PAUSE_FROM - 1):
            self.assertTrue(gc.isenabled())


class SettleAfterStartTests(TestCase):
    def setUp(self) -> None:
        self.threshold = gc.get_threshold()
        self.addCleanup(gc.set_threshold, *self.threshold)
        self.addCleanup(gc.unfreeze)

    def test_what_is_alive_after_warming_up_is_frozen_and_the_young_collected_less_often(
        self,
    ) -> None:
        loaded: list[object] = []

        def warm_up() -> object:
            loaded.append({"a view": [1, 2, 3]})
            return loaded

        frozen_before = gc.get_freeze_count()
        settle_after_start(warm_up)
        self.assertEqual(len(loaded), 1)  # warmed up once
        self.assertGreater(gc.get_freeze_count(), frozen_before)
        self.assertNotIn(loaded[0], gc.get_objects())  # out of the collector's walks
        self.assertEqual(gc.get_threshold(), (YOUNG_THRESHOLD, *self.threshold[1:]))
        self.assertTrue(gc.isenabled())
