"""Timed cues from an episode's transcript: speakers resolved, times repaired.

``sec`` is the source of truth; lines without it, lines that break its order, and lines
sharing one ``sec`` share the time up to the next distinct ``sec`` in proportion to their
length.  Every cue ends after it starts, and starts never decrease.
"""

from __future__ import annotations

import bisect

from publisher.errors import Problem
from publisher.models import Episode, Header, Line, Person, Section, Segment, Transcript
from publisher.rules.chapters import reading_time
from publisher.source.files import FileLine

MIN_CUE = 0.5
MAX_NAME = 40


def longest_non_decreasing(values: list[float]) -> set[int]:
    """Positions of one longest non-decreasing subsequence of *values* (the earliest-ending)."""
    tails: list[float] = []
    tail_pos: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect.bisect_right(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_pos.append(position)
        else:
            tails[slot] = value
            tail_pos[slot] = position
        previous[position] = tail_pos[slot - 1] if slot else -1
    keep = set()
    position = tail_pos[-1] if tail_pos else -1
    while position != -1:
        keep.add(position)
        position = previous[position]
    return keep


class _Speakers:
    """Maps ``who`` to full names: ``Ben`` is Ben Wilson when one host or guest is a Ben."""

    def __init__(self, people: list[Person]) -> None:
        by_first: dict[str, list[str]] = {}
        for person in people:
            first = person.name.split()[0] if person.name.split() else ""
            by_first.setdefault(first.lower(), []).append(person.name)
        self.names = {k: v[0] for k, v in by_first.items() if len(set(v)) == 1}

    def full(self, who: str) -> str:
        return self.names.get(who.lower(), who)


def _looks_like_name(text: str) -> bool:
    text = text.strip().rstrip(":")
    return 0 < len(text) <= MAX_NAME and len(text.split()) <= 4 and not any(
        c in text for c in ".?!,;")


def build_transcript(
    episode: Episode, people: list[Person], duration: float | None = None
) -> tuple[Transcript, list[Problem]]:
    """Turn the transcript entries into timed segments, reporting what was repaired."""
    problems: list[Problem] = []

    def warn(code: str, entry, message: str, severity: str = "warning") -> None:
        line = FileLine(episode.path, ("transcript", entry.index))
        problems.append(Problem(f"transcript entry {entry.index}: {message}", episode.path,
                                line, severity, code))

    speakers = _Speakers(people)
    entries = list(episode.transcript)
    lines: list[Line] = []
    sections: list[Section] = []
    speaker: str | None = None
    resolved: list[str | None] = []
    for position, entry in enumerate(entries):
        if isinstance(entry, Header):
            sections.append(Section(" ".join(entry.title.split()), len(lines)))
            continue
        following = next((e for e in entries[position + 1:] if isinstance(e, Line)), None)
        if (entry.sec is None and not entry.who and following is not None
                and " ".join(entry.text.split()) == " ".join(following.text.split())):
            warn("transcript.duplicate", entry, "repeats the next line word for word: skipped",
                 "info")  # a repair by design: shown with -v
            continue
        text, who = entry.text, entry.who
        if who is not None and len(who.strip()) > MAX_NAME:
            if _looks_like_name(text):
                warn("transcript.swapped", entry, "'line' holds a name and 'who' holds speech: "
                     "taken as swapped")
                text, who = who, text
            else:
                warn("transcript.not-a-name", entry, f"'who' is {len(who)} characters of "
                     "speech, not a name: the previous speaker is kept")
                who = None
        if who is not None and who.strip().rstrip(":").strip():
            speaker = speakers.full(who.strip().rstrip(":").strip())
        lines.append(Line(entry.index, " ".join(text.split()), entry.sec, entry.time, who))
        resolved.append(speaker)
    starts = _times(lines, duration, warn)
    segments = []
    for i, line in enumerate(lines):
        start, end = starts[i]
        segments.append(Segment(start, end, resolved[i], line.text, line.index))
    return Transcript(segments, sections), problems


def _times(lines: list[Line], duration: float | None, warn) -> list[tuple[float, float]]:
    timed = [i for i, line in enumerate(lines) if line.sec is not None]
    keep = longest_non_decreasing([lines[i].sec for i in timed])
    anchors: dict[int, float] = {}
    for rank, i in enumerate(timed):
        if rank in keep:
            anchors[i] = lines[i].sec
        else:
            warn("transcript.out-of-order", lines[i],
                 f"'sec' {lines[i].sec:g} breaks the order of the lines around it: "
                 "timed as if it had none")
    # groups: each distinct anchor time starts a group that runs to the next distinct time
    groups: list[tuple[float, list[int]]] = []
    current: list[int] = []
    current_start = 0.0
    for i in range(len(lines)):
        if i in anchors and (not groups and not current or anchors[i] != current_start):
            if current:
                groups.append((current_start, current))
            current, current_start = [], anchors[i]
        current.append(i)
    if current:
        groups.append((current_start, current))
    spans: list[tuple[float, float]] = [(0.0, 0.0)] * len(lines)
    for number, (start, members) in enumerate(groups):
        if number + 1 < len(groups):
            end = groups[number + 1][0]
        else:
            spoken = start + sum(reading_time(lines[i].text) for i in members)
            end = duration if duration is not None and duration > start else spoken
        weights = [max(len(lines[i].text), 1) for i in members]
        total = sum(weights)
        position = start
        for i, weight in zip(members, weights):
            share = (end - start) * weight / total
            spans[i] = (position, position + share)
            position += share
    out = []
    for i, (start, end) in enumerate(spans):
        following = spans[i + 1][0] if i + 1 < len(spans) else None
        out.append(cue_span(start, end, following))
    return out


def cue_span(start: float, end: float, following: float | None) -> tuple[float, float]:
    """A cue's ``(start, end)``, rounded to milliseconds: it lasts at least MIN_CUE, unless
    the next one (starting at *following*) begins sooner: then it ends there.  It never
    overlaps the next, and ends after it starts."""
    end = max(end, start + MIN_CUE)
    if following is not None and following > start:
        end = min(end, following)
    start, end = round(start, 3), round(end, 3)
    return start, end if end > start else round(start + 0.001, 3)
