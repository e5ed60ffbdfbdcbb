"""Chapters written by hand into the show notes' Markdown.

Two shapes are read: headings that carry a time (``## 3:15 The main topic``,
``## [03:15] The main topic``, ``### The main topic (3:15)``), and a list of timed lines
(``00:00 Intro``, ``(00:00) Intro``, ``- 1:02:03 Outro``, ``[12:40](https://…) Topic``)
under a heading or a line of its own named Chapters, Timestamps or Contents.
Fenced code is never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from publisher.timecode import parse_timecode

_TIME = r"\d{1,2}(?::\d{2}){1,2}"
# a time, bare, in brackets or parentheses, or as the text of a Markdown link
_STAMP = (rf"(?:\[(?P<link>{_TIME})\]\([^)\s]*\)|\[(?P<sq>{_TIME})\]|\((?P<par>{_TIME})\)"
          rf"|(?P<bare>{_TIME}))")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LEADING = re.compile(rf"^{_STAMP}\s*(?:[-–—:|]\s*)?(?P<title>\S.*)$")
_TRAILING = re.compile(rf"^(?P<title>.*\S)\s+{_STAMP}$")
_LIST_LINE = re.compile(rf"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?{_STAMP}(?:\*\*|__)?"
                        rf"\s*(?:[-–—:|]\s*)?(?P<title>\S.*?)\s*$")
_LIST_NAMES = ("chapters", "timestamps", "contents", "table of contents")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class BodyChapter:
    start: float
    title: str
    line: int  # of the episode file


def _seconds(match: re.Match) -> float | None:
    stamp = match["link"] or match["sq"] or match["par"] or match["bare"]
    try:
        return parse_timecode(stamp)
    except ValueError:
        return None


def _list_heading(text: str) -> bool:
    name = text.strip().strip("*_").strip().rstrip(":").strip().strip("*_").casefold()
    return name in _LIST_NAMES


def _title(text: str) -> str:
    return " ".join(text.strip().strip("*_").split())


def body_chapters(body: str, first_line: int) -> list[BodyChapter]:
    """The chapters the notes' Markdown *body* gives (its first line is *first_line* of the
    file), in the order written; [] when it gives none."""
    headed: list[BodyChapter] = []
    listed: list[BodyChapter] = []
    in_list = fenced = False
    for number, raw in enumerate(body.splitlines(), start=first_line):
        if _FENCE.match(raw):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = _HEADING.match(raw)
        if heading:
            text = heading[2]
            in_list = _list_heading(text)
            if not in_list and (match := _LEADING.match(text) or _TRAILING.match(text)):
                start = _seconds(match)
                if start is not None and _title(match["title"]):
                    headed.append(BodyChapter(start, _title(match["title"]), number))
            continue
        if _list_heading(raw) and len(raw.strip()) <= 40:
            in_list = True
            continue
        if in_list and raw.strip():
            match = _LIST_LINE.match(raw)
            start = _seconds(match) if match else None
            if start is not None and _title(match["title"]):
                listed.append(BodyChapter(start, _title(match["title"]), number))
            elif listed:
                in_list = False  # the list has ended
    return listed or headed
