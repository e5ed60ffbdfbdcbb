"""Ctrl-C held back while a build publishes: two folders are never half swapped."""

from __future__ import annotations

import contextlib
import signal
import threading


@contextlib.contextmanager
def uninterrupted(deliver: bool = True):
    """Ctrl-C waits until the block is over (then it is raised, unless *deliver* is false):
    the swap of two folders is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *args: caught.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and deliver and callable(previous):
        previous(*caught[0])
