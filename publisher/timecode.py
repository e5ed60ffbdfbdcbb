"""Parsing and formatting of time positions.

>>> parse_timecode("1:02:03")
3723.0
>>> parse_timecode("7:48.5")
468.5
>>> clock(194)
'3:14'
>>> clock(4371)
'1:12:51'
>>> npt(154.5)
'00:02:34.500'
"""

from __future__ import annotations

import functools
import re

_TIMECODE = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$")


def parse_timecode(value: str) -> float:
    """Parse ``H:MM:SS``, ``M:SS`` or plain seconds (fractions allowed) into seconds."""
    match = _TIMECODE.match(value.strip())
    if not match:
        raise ValueError(f"expected a time like H:MM:SS, M:SS or seconds, got {value!r}")
    first, second, seconds = match.groups()
    hours, minutes = (first, second) if second is not None else (None, first)
    total = float(seconds)
    if minutes is not None:
        if hours is not None and float(seconds) >= 60:
            raise ValueError(f"seconds must be below 60 in {value!r}")
        total += int(minutes) * 60
        if hours is not None and int(minutes) >= 60:
            raise ValueError(f"minutes must be below 60 in {value!r}")
    if hours is not None:
        total += int(hours) * 3600
    return total


def clock(seconds: float, hours: bool = False) -> str:
    """Format whole seconds as ``M:SS``, or ``H:MM:SS`` past an hour (or when *hours*)."""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h or hours:
        return f"{h}:{m:02d}:{s:02d}"
    return f"{m}:{s:02d}"


@functools.lru_cache(maxsize=16384)
def _hms(whole: int) -> str:
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return "%02d:%02d:%02d" % (h, m, s)


def npt(seconds: float, sep: str = ".") -> str:
    """Format as ``HH:MM:SS.mmm`` (WebVTT, Podlove, mp4chaps; SRT with ``sep=','``)."""
    whole, ms = divmod(round(seconds * 1000), 1000)  # round() of one argument is an int
    return "%s%s%03d" % (_hms(whole), sep, ms)


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration, as HTML's ``<time datetime>`` and schema.org take it:
    ``PT1H2M3S``."""
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"PT{h}H{m}M{s}S"


def shorten(text: str, limit: int) -> str:
    """*text* cut at a word to at most *limit* characters, with ``…`` when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"
