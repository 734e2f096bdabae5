"""Holding the garbage collector off during a large calculation (lib.gc_pause)."""

from __future__ import annotations

import gc
from unittest import TestCase

from masterymap.lib.gc_pause import PAUSE_FROM, without_gc_pauses


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
