"""Checks beyond what stops a build: what Apple, Spotify or YouTube would reject or show badly,
and what looks like a mistake in the producer's files.  Each finding has a stable code."""

from __future__ import annotations

import re
import unicodedata

from publisher.errors import Report
from publisher.models import Chapter, ChapterSettings, Episode, Header, Line, Show
from publisher.rules.chapters import normalise
from publisher.source.episodes import LISTENING_LINKS
from publisher.source.files import FileLine
from publisher.timecode import parse_timecode

UNTIMED_STRETCH = 300  # seconds
CHAPTER_DRIFT = 5  # seconds
TITLE_LIMIT = 100  # characters, YouTube's limit for titles
_TIME_TEXT = re.compile(r"^(?:\d+:)?\d{1,2}:\d{2}$")
_ISO_DURATION = re.compile(r"^P(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)$")
_LINK = re.compile(r"\]\(\s*<?(#[^)\s>]*)>?")


class Linter:
    def __init__(self, episode: Episode, report: Report) -> None:
        self.episode, self.report = episode, report

    def warn(self, code: str, message: str, *keys: str | int, line: int | None = None) -> None:
        if keys and keys[0] == "body":  # a chapter written in the notes: ("body", line)
            line, keys = keys[1], ()
        if line is None and keys:  # looked up only if the warning is printed
            line = FileLine(self.episode.path, keys)
        self.report.warn(message, self.episode.path, line, code)

    def entry(self, code: str, index: int, message: str) -> None:
        self.warn(code, f"transcript entry {index}: {message}", "transcript", index)


def _simple(title: str) -> str:
    return normalise(unicodedata.normalize("NFKC", title).replace("\u2011", "-")).casefold()


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def check_chapters(lint: Linter, chapters: list[Chapter], settings: ChapterSettings,
                   duration: float | None) -> None:
    episode = lint.episode
    if not chapters:
        if any(isinstance(e, Line) for e in episode.transcript):
            lint.warn("chapters.too-few", "no chapters: add transcript headers or a 'chapters' "
                      "list (YouTube, Spotify and Apple need at least 3)", "transcript")
        return
    if len(chapters) < 3:
        lint.warn("chapters.too-few", f"only {len(chapters)} chapters: YouTube, Spotify and "
                  "Apple show chapters only when there are at least 3")
    for position, chapter in enumerate(chapters[:-1]):
        if chapter.end - chapter.start < settings.min_seconds:
            fate = ("gives way to the next chapter, which moves to 0:00" if position == 0
                    else "merges it into the chapter before it")
            lint.warn("chapters.too-short", f"chapter {chapter.title!r} lasts "
                      f"{chapter.end - chapter.start:g} s, under {settings.min_seconds:g} s: "
                      f"on YouTube it {fate}", *chapter.source)
    for chapter in chapters:
        if len(chapter.title) > TITLE_LIMIT or _sentences(chapter.title) > 2:
            lint.warn("chapters.title-too-long", f"chapter title of {len(chapter.title)} "
                      f"characters looks like speech pasted as a header: "
                      f"{chapter.title[:60]!r}…; expected a short title", *chapter.source)
    if duration is not None and chapters[-1].start >= duration:
        lint.warn("chapters.past-end", f"chapter {chapters[-1].title!r} starts at "
                  f"{chapters[-1].start:g} s, after the audio ends ({duration:g} s)",
                  *chapters[-1].source)
    for source, published in _published_lists(lint):
        ours = {_simple(c.title): c for c in chapters}
        for title, start in published:
            mine = ours.get(_simple(title))
            if mine is not None and abs(mine.start - start) > CHAPTER_DRIFT:
                lint.warn("chapters.disagrees", f"chapter {title!r} starts at {mine.start:g} s, "
                          f"but {source} has it at {start:g} s", *mine.source)


def _published_lists(lint: Linter):
    clips = lint.episode.clips
    if isinstance(clips, list):
        pairs = [(c["name"], float(c["startOffset"])) for c in clips if isinstance(c, dict)
                 and isinstance(c.get("name"), str)
                 and isinstance(c.get("startOffset"), (int, float))]
        yield "quotableClips", pairs
    name = lint.episode.timestamps
    if isinstance(name, str):
        path = lint.episode.path.parent / name
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lint.warn("chapters.timestamps-unreadable", f"'timestamps' names {name}, which "
                      "cannot be read", "timestamps")
            return
        pairs = []
        for line in lines:
            stamp, _, title = line.strip().partition(" ")
            try:
                pairs.append((title.strip(), parse_timecode(stamp)))
            except ValueError:
                continue
        yield f"the timestamps file {name}", pairs


def check_transcript(lint: Linter) -> None:
    previous_sec: float | None = None
    previous_index = None
    untimed = 0
    speaker = None
    for entry in lint.episode.transcript:
        if isinstance(entry, Header):
            continue
        if entry.who:
            speaker = entry.who
        elif speaker is None:
            lint.entry("transcript.no-speaker", entry.index, "no 'who', and no speaker before "
                       "it to carry over")
        if entry.time is not None:
            _check_time(lint, entry)
        if entry.sec is None:
            untimed += 1
            continue
        if previous_sec is not None and untimed and entry.sec - previous_sec > UNTIMED_STRETCH:
            lint.entry("transcript.untimed-stretch", entry.index,
                       f"{untimed} lines without 'sec' span {entry.sec - previous_sec:g} s "
                       f"since entry {previous_index}: their times are only estimates")
        previous_sec, previous_index, untimed = entry.sec, entry.index, 0


def _check_time(lint: Linter, line: Line) -> None:
    text = str(line.time).strip()
    if not _TIME_TEXT.match(text) or (text.count(":") == 1 and int(text.split(":")[0]) >= 60):
        lint.entry("transcript.time-malformed", line.index,
                   f"'time' is {line.time!r}, expected M:SS or H:MM:SS")
        return
    if line.sec is not None and abs(parse_timecode(text) - line.sec) > 1:
        lint.entry("transcript.time-mismatch", line.index,
                   f"'time' {text} says {parse_timecode(text):g} s but 'sec' is {line.sec:g}; "
                   "podpub goes by 'sec'")


def _kramdown_id(heading: str) -> str:
    text = re.sub(r"[^\w\s-]", "", heading.strip().lower())
    return re.sub(r"\s+", "-", text)


def check_links(lint: Linter) -> None:
    for name, url in lint.episode.links.items():
        if url.upper() == "TODO":
            lint.warn("links.todo", f"link '{name}' is still TODO: it is left out of the notes",
                      "links", name)
        elif not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
            lint.warn("links.malformed", f"link '{name}' is not a URL: {url!r}", "links", name)
    body = lint.episode.body
    ids = {_kramdown_id(m) for m in re.findall(r"(?m)^#{1,6}\s+(.+?)\s*#*\s*$", body)}
    ids |= set(re.findall(r"\{:?\s*#([\w-]+)", body))
    for number, text in enumerate(body.splitlines(), start=lint.episode.body_line):
        for fragment in _LINK.findall(text):
            if fragment[1:] and fragment[1:] not in ids:
                lint.warn("links.missing-anchor", f"link to {fragment} goes nowhere: no heading "
                          "of the body has that id", line=number)


def _iso_seconds(value) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        match = _ISO_DURATION.match(value.strip())
        if match and any(match.groups()):
            h, m, s = (float(g) if g else 0 for g in match.groups())
            return h * 3600 + m * 60 + s
    return None


def check_metadata(lint: Linter, show: Show, guid_source: str | None) -> None:
    episode = lint.episode
    title = episode.title
    if len(title) > TITLE_LIMIT:
        short = episode.short
        hint = (f"; 'short' ({short!r}) fits" if isinstance(short, str)
                and len(short) <= TITLE_LIMIT else "; add a 'short' title")
        lint.warn("episode.title-too-long", f"title is {len(title)} characters, over YouTube's "
                  f"{TITLE_LIMIT}{hint}", "title")
    duration = _iso_seconds(episode.span)
    last = max((e.sec for e in episode.transcript if isinstance(e, Line) and e.sec is not None),
               default=None)
    if duration is not None and last is not None and duration < last:
        lint.warn("episode.duration-short", f"'duration' is {duration:g} s but the transcript "
                  f"runs to {last:g} s: it is not the audio's length (podpub never uses it as "
                  "one; give audio.duration)", "duration")
    ids = episode.ids
    if guid_source == "slug" and isinstance(ids, dict) and any(
            isinstance(v, str) and v.strip() for v in ids.values()):
        key = next(k for k, v in ids.items() if isinstance(v, str) and v.strip())
        lint.warn("feed.guid-from-filename", "the GUID is the file name, which changes when the "
                  f"file is renamed; a stable id exists: set guid_from: ids.{key} in show.yaml "
                  "(before the first publication) or 'guid:'")


def check_listening_links(episodes: list[Episode], report: Report) -> None:
    """An episode without a platform link that most episodes of the show have."""
    for key in LISTENING_LINKS:
        having = sum(key in e.links for e in episodes)
        if having * 2 <= len(episodes):
            continue
        for episode in episodes:
            if key not in episode.links:
                report.warn(f"no '{key}' link, which {having} of {len(episodes)} episodes have",
                            episode.path, FileLine(episode.path, ("links",)), "links.missing")


def check_numbers(episodes: list[Episode], report: Report) -> None:
    seen: dict[tuple[int, int], Episode] = {}
    for episode in episodes:
        if episode.season is None or episode.number is None:
            continue
        key = (episode.season, episode.number)
        if key in seen:
            report.warn(f"season {key[0]} episode {key[1]} is also {seen[key].path}",
                        episode.path, FileLine(episode.path, ("episode",)),
                        "episode.duplicate-number")
        else:
            seen[key] = episode


def check_serial(show: Show, episodes: list[Episode], report: Report) -> None:
    """A serial show is listened to in order: Apple needs every episode's number."""
    if show.type != "serial":
        return
    for episode in episodes:
        if episode.number is None:
            report.error("no 'episode' number: a serial show (type: serial in show.yaml) "
                         "needs one for every episode, e.g. episode: 3", episode.path,
                         episode.line_of("title") or 2, "feed.serial-number")


def lint_episode(episode: Episode, show: Show, chapters: list[Chapter],
                 duration: float | None, guid_source: str | None, report: Report) -> None:
    lint = Linter(episode, report)
    check_chapters(lint, chapters, show.chapters, duration)
    check_transcript(lint)
    check_links(lint)
    check_metadata(lint, show, guid_source)

