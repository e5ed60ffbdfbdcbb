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
    if count < MIN_TASKS or not can_start(jobs):
        results = []
        with _collecting(here=True):
            for index in range(count):
                results.append(function(context, index))
                if progress:
                    progress(1)
        return results
    return start(function, context, count, jobs, progress).results()


def can_start(jobs: int) -> bool:
    """Whether ``start`` can run work beside this process."""
    import multiprocessing

    return jobs > 1 and "fork" in multiprocessing.get_all_start_methods()


def start(function: Callable[[Any, int], Any], context: Any, count: int, jobs: int,
          progress: Callable[[int], None] | None = None) -> Running:
    """``run`` begun now in forked workers, however few the tasks, while this process goes
    on with other work; ``Running.results()`` waits for it (see ``can_start``)."""
    import multiprocessing

    global _CONTEXT, _FUNCTION
    collecting = _collecting(here=False)
    collecting.__enter__()
    _CONTEXT, _FUNCTION = context, function
    try:
        pool = multiprocessing.get_context("fork").Pool(min(jobs, count),
                                                        initializer=_start_worker)
    except BaseException:
        _CONTEXT, _FUNCTION = None, None
        collecting.__exit__(None, None, None)
        raise
    chunks = max(1, count // (jobs * 16))
    return Running(pool, pool.imap(_call, range(count), chunksize=chunks), collecting, progress)


class Running:
    """Work going on in worker processes (``start``)."""

    def __init__(self, pool, results, collecting, progress) -> None:
        self._pool, self._results = pool, results
        self._collecting, self._progress = collecting, progress

    def results(self) -> list:
        """Every result, in order, once all are in; the workers are then ended."""
        try:
            results = []
            for result in self._results:
                results.append(result)
                if self._progress:
                    self._progress(1)
            return results
        finally:
            self.stop()

    def stop(self) -> None:
        """End the workers now (done or not)."""
        global _CONTEXT, _FUNCTION
        if self._pool is None:
            return
        try:
            self._pool.terminate()
        finally:
            self._pool = None
            _CONTEXT, _FUNCTION = None, None
            self._collecting.__exit__(None, None, None)
