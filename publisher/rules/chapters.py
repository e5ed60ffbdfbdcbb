"""Chapters: derived from transcript headers and their times, or given explicitly.

The rules are calibrated on the real show's own published chapter lists; each header
that is merged, dropped, moved or reordered is reported with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from publisher.errors import Problem
from publisher.models import Chapter, ChapterSettings, Episode, ExplicitChapter, Header, Line
from publisher.source.files import FileLine

READING_RATE = 15  # characters a second
MIN_READING = 2.0


def normalise(title: str) -> str:
    """Collapse runs of whitespace, so that stacked copies of a header compare equal."""
    return " ".join(title.split())


def reading_time(text: str) -> float:
    return max(MIN_READING, len(text) / READING_RATE)


@dataclass
class _Draft:
    start: float
    title: str
    index: int  # transcript entry of the header (or chapter list position)
    line: int | None = None
    url: str | None = None
    image: str | None = None


class _Warnings:
    def __init__(self, episode: Episode) -> None:
        self.episode = episode
        self.problems: list[Problem] = []

    def warn(self, code: str, message: str, index: int | None = None, line=None,
             severity: str = "warning") -> None:
        if line is None and index is not None:
            line = FileLine(self.episode.path, ("transcript", index))
        self.problems.append(Problem(message, self.episode.path, line, severity, code))


def _from_headers(episode: Episode, warnings: _Warnings) -> list[_Draft]:
    entries = episode.transcript
    drafts: list[_Draft] = []
    current: Header | None = None
    current_key = None
    pending_start: float | None = None

    def close() -> None:
        if current is None:
            return
        if pending_start is None:
            warnings.warn(
                "chapters.no-timed-line",
                f"header {current.title!r} (entry {current.index}) dropped: "
                "no line with 'sec' follows it before the next header",
                current.index,
            )
        else:
            drafts.append(_Draft(pending_start, normalise(current.title), current.index))

    first_opening = _first_of_openings(entries)
    for entry in entries:
        if isinstance(entry, Header):
            key = normalise(entry.title)
            if current is not None and key == current_key:
                warnings.warn(
                    "chapters.merged",
                    f"header {entry.title!r} (entry {entry.index}) repeats the header of "
                    f"entry {current.index}: merged into it",
                    entry.index, severity="info",  # a repair by design: shown with -v
                )
                continue
            close()
            current, current_key = entry, key
            pending_start = 0.0 if entry is first_opening else None
        elif isinstance(entry, Line) and entry.sec is not None and pending_start is None:
            pending_start = entry.sec
    close()
    return drafts


def _first_of_openings(entries) -> Header | None:
    """The first opening header when there are two or more different ones: every header
    before the first timed line opens the episode, untimed lines or not; the first of them
    starts at 0:00, the last at the first timed line, any between give no chapter."""
    openings: list[Header] = []
    for entry in entries:
        if isinstance(entry, Line) and entry.sec is not None:
            break
        if isinstance(entry, Header):
            openings.append(entry)
    titles = {normalise(header.title) for header in openings}
    return openings[0] if len(titles) > 1 else None


def _order(drafts: list[_Draft], warnings: _Warnings) -> list[_Draft]:
    highest = -1.0
    for draft in drafts:
        if draft.start < highest:
            warnings.warn(
                "chapters.out-of-order",
                f"chapter {draft.title!r} (entry {draft.index}) starts at {draft.start:g} s, "
                f"before the chapter above it ({highest:g} s): moved into time order",
                draft.index,
                draft.line,
            )
        highest = max(highest, draft.start)
    ordered = sorted(drafts, key=lambda d: d.start)
    kept: list[_Draft] = []
    for draft in ordered:
        if kept and kept[-1].start == draft.start:
            gone = kept.pop()
            warnings.warn(
                "chapters.same-start",
                f"chapter {gone.title!r} (entry {gone.index}) starts at the same second as "
                f"{draft.title!r}: dropped, it would be empty",
                gone.index,
                gone.line,
            )
        kept.append(draft)
    return kept


def _opening(drafts: list[_Draft], settings: ChapterSettings, warnings: _Warnings) -> list[_Draft]:
    if not drafts or drafts[0].start == 0:
        return drafts
    first = drafts[0]
    if first.start <= settings.min_seconds:
        warnings.warn(
            "chapters.moved-to-start",
            f"chapter {first.title!r} (entry {first.index}) moved from {first.start:g} s to "
            f"0:00: within {settings.min_seconds:g} s of the start",
            first.index,
            first.line,
        )
        first.start = 0.0
        return drafts
    return [_Draft(0.0, settings.intro_title, -1), *drafts]


def _last_end(episode: Episode) -> float | None:
    """Where the transcript stops: the last timed line's start plus its reading time."""
    last: Line | None = None
    for entry in episode.transcript:
        if isinstance(entry, Line) and entry.sec is not None:
            if last is None or entry.sec >= last.sec:
                last = entry
    return None if last is None else last.sec + reading_time(last.text)


def derive_chapters(
    episode: Episode,
    settings: ChapterSettings | None = None,
    duration: float | None = None,
) -> tuple[list[Chapter], list[Problem]]:
    """Return the episode's chapters, in time order, and the warnings about them.

    *duration* is the audio's length when known; the front matter's ``duration`` is the
    transcript's span, not the audio's, and is never used here.
    """
    settings = settings or ChapterSettings()
    warnings = _Warnings(episode)
    given, drafts = "transcript", []
    for position, (name, found) in enumerate(_sources(episode)):
        sink = warnings if position == 0 else _Warnings(episode)  # the one used is reported
        ordered = _opening(_order(found(sink), sink), settings, sink)
        if position == 0:
            given, drafts = name, ordered
        elif (difference := _difference(drafts, ordered)) is not None:
            warnings.warn("chapters.sources-disagree",
                          f"chapters come from the {_NAMES[given]}, but the {_NAMES[name]} "
                          f"give others ({difference}): keep one, or make them agree",
                          None, _line_of(episode, given))
    if not drafts:
        return [], warnings.problems
    end = duration if duration is not None and duration > drafts[-1].start else None
    if end is None:
        spoken = _last_end(episode)
        last = drafts[-1]
        end = spoken if spoken is not None and spoken > last.start else (
            last.start + reading_time(last.title)
        )
    chapters = [
        Chapter(
            d.start,
            drafts[i + 1].start if i + 1 < len(drafts) else end,
            d.title,
            d.url,
            d.image,
            ((given, d.line) if given == "body" else (given, d.index)) if d.index >= 0 else (),
        )
        for i, d in enumerate(drafts)
    ]
    return chapters, warnings.problems


def _from_explicit(episode: Episode, warnings: _Warnings) -> list[_Draft]:
    return [_explicit(i, c) for i, c in enumerate(episode.explicit_chapters or ())]


def _sources(episode: Episode) -> list[tuple[str, Callable[[_Warnings], list[_Draft]]]]:
    """Where the episode's chapters can come from, first found first: the front matter's
    list, the transcript's headers, the timestamps in the notes."""
    from publisher.rules.body_chapters import body_chapters

    found = []
    if episode.explicit_chapters is not None:
        found.append(("chapters", lambda sink: _from_explicit(episode, sink)))
    if any(isinstance(e, Header) for e in episode.transcript):
        found.append(("transcript", lambda sink: _from_headers(episode, sink)))
    if body := body_chapters(episode.body, episode.body_line):
        found.append(("body", lambda sink: [_Draft(c.start, normalise(c.title), i, c.line)
                                            for i, c in enumerate(body)]))
    return found


_NAMES = {"chapters": "'chapters' list", "transcript": "transcript headers",
          "body": "timestamps in the notes"}


def _line_of(episode: Episode, given: str):
    return FileLine(episode.path, (given,)) if given != "body" else None


def _difference(ours: list[_Draft], theirs: list[_Draft]) -> str | None:
    """How two chapter lists differ (a second apart is the same time), or None."""
    from publisher.timecode import clock

    for mine, other in zip(ours, theirs):
        if abs(mine.start - other.start) > 1 or mine.title.casefold() != other.title.casefold():
            return (f"{clock(mine.start)} {mine.title!r} against "
                    f"{clock(other.start)} {other.title!r}")
    if len(ours) != len(theirs):
        return f"{len(ours)} chapters against {len(theirs)}"
    return None


def _explicit(position: int, chapter: ExplicitChapter) -> _Draft:
    return _Draft(
        chapter.start, normalise(chapter.title), position, chapter.line, chapter.url, chapter.image
    )


def youtube_chapters(chapters: list[Chapter], min_seconds: float) -> list[Chapter]:
    """Apply YouTube's rules: first at 0:00, ascending, each at least *min_seconds* long.

    A short chapter merges into the one before it; a short opening chapter gives way to
    the next, which moves to 0:00.  Times are whole seconds, as YouTube shows them.
    """
    whole = [
        Chapter(int(c.start), int(c.end) if i + 1 == len(chapters) else 0, c.title, c.url, c.image)
        for i, c in enumerate(chapters)
    ]
    for i in range(len(whole) - 1):
        whole[i] = _extend(whole[i], whole[i + 1].start)
    kept: list[Chapter] = []
    for chapter in whole:
        if kept and kept[-1].end - kept[-1].start < min_seconds:
            short = kept.pop()
            if kept:  # merges into the one before it
                kept[-1] = _extend(kept[-1], short.end)
            else:  # a short opening chapter gives way to the next, which moves to 0:00
                chapter = replace(chapter, start=0)
        kept.append(chapter)
    if len(kept) > 1 and kept[-1].end - kept[-1].start < min_seconds:
        short = kept.pop()
        kept[-1] = _extend(kept[-1], short.end)
    return kept


def _extend(chapter: Chapter, end: float) -> Chapter:
    return replace(chapter, end=end)
