"""Holding the garbage collector off during a large calculation, and keeping it off what a
server process loads once. Pure.

A class's recompute or a policy preview makes hundreds of thousands of short-lived objects
(rows, tuples, phrases) that form no cycles; each burst of allocations made the collector
scan them again and again, a fifth of a 24,000-record policy change (bench/). Collection
resumes, and catches up, as soon as the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
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


# Container objects allocated (net) before a young collection; Python's default is 700. A
# page allocates tens of thousands: at 700, a student's form ran some 120 collections, and
# every tenth of every tenth walked the whole process (bench/: ~5 ms of a form's 77 in
# process; 1.5 ms with this and `settle_after_start`).
YOUNG_THRESHOLD = 10_000


def settle_after_start(warm_up: Callable[[], object]) -> None:
    """For a server process, once it has loaded the app: `warm_up()` (load what the first
    requests would), then move everything alive into the collector's permanent generation
    (`gc.freeze`), so that no collection walks the hundreds of thousands of objects that
    live as long as the process, and collect the young less often."""
    warm_up()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
