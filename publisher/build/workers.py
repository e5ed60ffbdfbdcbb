"""Running independent per-episode work in worker processes, with the same results as serially.

Workers are forked, so they start with everything the parent has read; each task names only
an index into that shared context, and results come back in order.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

_CONTEXT: Any = None
_FUNCTION: Callable | None = None
MIN_TASKS = 4  # fewer than this is faster without forking


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and cleans up: no tracebacks."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(index: int):
    return _FUNCTION(_CONTEXT, index)


def run(function: Callable[[Any, int], Any], context: Any, count: int, jobs: int,
        progress: Callable[[int], None] | None = None) -> list:
    """``[function(context, i) for i in range(count)]``, spread over *jobs* processes."""
    import multiprocessing

    global _CONTEXT, _FUNCTION
    if jobs <= 1 or count < MIN_TASKS or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for index in range(count):
            results.append(function(context, index))
            if progress:
                progress(1)
        return results
    _CONTEXT, _FUNCTION = context, function
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, count),
                                                      initializer=_ignore_interrupts) as pool:
            results = []
            for result in pool.imap(_call, range(count), chunksize=max(1, count // (jobs * 8))):
                results.append(result)
                if progress:
                    progress(1)
            return results
    finally:
        _CONTEXT, _FUNCTION = None, None
