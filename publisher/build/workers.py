"""Running independent per-episode work in worker processes, with the same results as serially.

Workers are forked, so they start with everything the parent has read; each task names only
an index into that shared context, and results come back in order.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable
from typing import Any

_CONTEXT: Any = None
_FUNCTION: Callable | None = None
MIN_TASKS = 4  # fewer than this is faster without forking


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextlib.contextmanager
def paused_gc():
    """Python's cycle collector paused: the parent's bulk work (a big show's cached results
    read, its manifest written) makes many long-lived objects and no cycles, which the
    collector would otherwise traverse again and again (Mercurial pauses it the same way).
    The episodes' rendering runs with it (``run``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _collecting(here: bool):
    """Cycle collection for the episodes' work: what exists already is frozen, so the
    collector never traverses it again (no time spent on a big show's cached results, and
    forked workers do not copy the parent's pages by touching them); the work itself, in
    this process when *here*, else in the workers, collects its own garbage."""
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.freeze()
    if here:
        _collect_seldom()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        (gc.enable if enabled else gc.disable)()


def _collect_seldom() -> None:
    """Collect, but not every 700 new objects: parsing an episode makes tens of thousands
    that live until it is written (a 171-episode build: 1,300 collections and 0.2 s of CPU
    become ten and 0.03 s)."""
    gc.set_threshold(10_000, 10, 10)
    gc.enable()


def _start_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and cleans up: no tracebacks;
    they collect garbage cycles whatever the parent does."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _collect_seldom()


def _call(index: int):
    return _FUNCTION(_CONTEXT, index)


def run(function: Callable[[Any, int], Any], context: Any, count: int, jobs: int,
        progress: Callable[[int], None] | None = None) -> list:
    """``[function(context, i) for i in range(count)]``, spread over *jobs* processes."""
    import multiprocessing

    global _CONTEXT, _FUNCTION
    if jobs <= 1 or count < MIN_TASKS or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        with _collecting(here=True):
            for index in range(count):
                results.append(function(context, index))
                if progress:
                    progress(1)
        return results
    _CONTEXT, _FUNCTION = context, function
    try:
        with _collecting(here=False), multiprocessing.get_context("fork").Pool(
                min(jobs, count), initializer=_start_worker) as pool:
            results = []
            for result in pool.imap(_call, range(count), chunksize=max(1, count // (jobs * 16))):
                results.append(result)
                if progress:
                    progress(1)
            return results
    finally:
        _CONTEXT, _FUNCTION = None, None
