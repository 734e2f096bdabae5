"""Holding the garbage collector off during a large calculation. Pure.

A class's recompute or a policy preview makes hundreds of thousands of short-lived objects
(rows, tuples, phrases) that form no cycles; each burst of allocations made the collector
scan them again and again, a fifth of a 24,000-record policy change (bench/). Collection
resumes, and catches up, as soon as the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Below this many records the collector's scans cost too little to matter; a class of 30 on a
# map of 40 standards (1,200) spent a tenth of its recompute in them (bench/).
PAUSE_FROM = 1_000


@contextmanager
def without_gc_pauses(records: int) -> Iterator[None]:
    """No automatic collection inside the block when it handles `records` ≥ PAUSE_FROM."""
    if records < PAUSE_FROM or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
