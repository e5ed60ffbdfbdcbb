"""Loading episode files: Markdown with YAML front matter."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import Problem, PublisherError, Report
from publisher.models import Episode, ExplicitChapter, Header, Line, TranscriptTag
from publisher.source.files import FileLine, LineMap, load_yaml, read_text, split_front_matter
from publisher.source.remote import is_url
from publisher.source.urls import clean as clean_url
from publisher.timecode import parse_timecode

LINE_KEYS = frozenset({"line", "sec", "time", "who"})
_SCALARS = (str, int, float, bool, dt.date)


def slug_of(path: Path) -> str:
    """The episode's slug: its file name without ``.md`` (``x.md.md`` is ``x``)."""
    name = path.name
    while name.endswith(".md"):
        name = name[:-3]
    return name


class _Reader:
    """Checks one episode's front matter, collecting every problem."""

    def __init__(self, path: Path, front: dict, lines: LineMap) -> None:
        self.path = path
        self.front = front
        self.lines = lines
        self.report = Report("episode.invalid")
        self.extra_files: list[Path] = []
        self.chapters_url: str | None = None

    def error(self, message: str, *keys: str | int) -> None:
        self.report.error(message, self.path, self.lines.line(*keys))

    def url(self, value: str, what: str, *keys: str | int) -> str:
        """*value* as a valid URL; a warning when it had to be mended."""
        uri, code, why = clean_url(value)
        if code:
            self.report.warn(f"{what} {why}", self.path, FileLine(self.path, keys), code)
        return uri

    def text(self, value: Any, what: str, *keys: str | int) -> str | None:
        """A text value; YAML's numbers, booleans and dates count as the text they were."""
        if isinstance(value, str):
            return value
        if isinstance(value, _SCALARS):
            raw = self.lines.scalar(*keys)
            return raw if raw is not None else str(value)
        self.error(f"{what} must be text, got {_kind(value)}", *keys)
        return None

    def title(self, value: Any, key: str) -> str:
        if value is None:
            self.error("no title: expected a 'title' in the front matter")
            return ""
        title = self.text(value, "'title'", key)
        if title is not None and not title.strip():
            self.error("'title' is empty", key)
        return (title or "").strip()

    def flag(self, value: Any, key: str) -> bool:
        if value is not None and not isinstance(value, bool):
            self.error(f"'{key}' must be true or false, got {value!r}", key)
        return value is True

    def raw(self, value: Any, key: str) -> Any:
        """Kept as written; the rules that use it check it (with this key's line)."""
        return value

    def whole(self, value: Any, key: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(f"'{key}' must be a whole number of 0 or more, got {value!r}", key)
            return None
        return value

    def guests(self, value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
            self.error("'guests' must be a list of people ids, e.g. [benwilson]", "guests")
            return ()
        return tuple(g.strip() for g in value if g.strip())

    def links(self, value: Any, key: str) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(f"'links' must be a mapping of name: url, got {_kind(value)}", "links")
            return {}
        links = {}
        for name, url in value.items():
            if url is None:
                continue
            if not isinstance(url, str):
                self.error(f"link '{name}' must be a URL, got {_kind(url)}", "links", name)
                continue
            links[str(name)] = self.url(url, f"link '{name}'", "links", name)
            if str(name) not in LISTENING_LINKS:
                import difflib

                close = difflib.get_close_matches(str(name), LISTENING_LINKS, n=1, cutoff=0.75)
                if close:
                    self.report.warn(f"link '{name}': did you mean '{close[0]}'? (only "
                                     f"{', '.join(LISTENING_LINKS)} are listening links)",
                                     self.path, FileLine(self.path, ("links", name)),
                                     "links.unknown-platform")
        return links

    def transcript(self, value: Any, key: str) -> tuple[Line | Header, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(
                f"'transcript' must be a list of lines and headers, got {_kind(value)}",
                "transcript",
            )
            return ()
        return tuple(
            entry
            for index, item in enumerate(value)
            if (entry := self.entry(index, item)) is not None
        )

    def entry(self, index: int, item: Any) -> Line | Header | None:
        where = ("transcript", index)
        label = f"transcript entry {index}"
        if not isinstance(item, dict):
            self.error(
                f"{label}: expected a mapping with 'line' or 'header', got {_kind(item)}", *where
            )
            return None
        if ("line" in item) == ("header" in item):
            found = "both" if "line" in item else "neither"
            self.error(f"{label}: expected exactly one of 'line' or 'header', found {found}",
                       *where)
            return None
        if "header" in item:
            if len(item) != 1:
                extra = ", ".join(sorted(str(k) for k in item if k != "header"))
                self.error(f"{label}: a header takes no other keys, found {extra}", *where)
                return None
            title = self.text(item["header"], f"{label}: 'header'", *where, "header")
            if title is None:
                return None
            if not title.strip():
                self.error(f"{label}: 'header' is empty", *where)
                return None
            return Header(index, title)
        unknown = sorted(str(k) for k in item if k not in LINE_KEYS)
        if unknown:
            self.error(
                f"{label}: unknown key {', '.join(repr(k) for k in unknown)}; "
                "a line takes line, sec, time and who",
                *where,
            )
            return None
        text = self.text(item["line"], f"{label}: 'line'", *where, "line")
        sec = item.get("sec")
        if sec is not None and (
            isinstance(sec, bool)
            or not isinstance(sec, (int, float))
            or not math.isfinite(sec)
            or sec < 0
        ):
            self.error(
                f"{label}: 'sec' must be a number of seconds of 0 or more, got {sec!r}",
                *where, "sec",
            )
            return None
        time = item.get("time")
        time = None if time is None else self.text(time, f"{label}: 'time'", *where, "time")
        who = item.get("who")
        who = None if who is None else self.text(who, f"{label}: 'who'", *where, "who")
        if text is None:
            return None
        if sec is None and time is not None:  # a hand-written transcript: `time` times it
            sec = _seconds(time)
        return Line(index, text, float(sec) if sec is not None else None, time, who)

    def chapters(self, value: Any, key: str) -> tuple[ExplicitChapter, ...] | None:
        if value is None:
            return None
        if isinstance(value, str) and is_url(value.strip()):
            self.chapters_url = self.url(value.strip(), "'chapters'", "chapters")
            return None  # a Podcasting 2.0 chapters file kept where it is published
        if isinstance(value, str):
            return self.chapters_file(value)
        if not isinstance(value, list):
            self.error(
                "'chapters' must be a list of {start, title} or the path of a "
                f"timestamps file, got {_kind(value)}",
                "chapters",
            )
            return None
        chapters = []
        for index, item in enumerate(value):
            where = ("chapters", index)
            if not isinstance(item, dict) or "start" not in item or "title" not in item:
                self.error(f"chapter {index}: expected a mapping with 'start' and 'title'", *where)
                continue
            start = _seconds(item["start"])
            if start is None:
                self.error(
                    f"chapter {index}: 'start' must be seconds or H:MM:SS, got {item['start']!r}",
                    *where, "start",
                )
                continue
            title = self.text(item["title"], f"chapter {index}: 'title'", *where, "title")
            extras = {}
            for key in ("url", "image"):
                if item.get(key) is not None:
                    value = self.text(item[key], f"chapter {index}: '{key}'", *where, key)
                    if value is not None:
                        extras[key] = self.url(value, f"chapter {index}: '{key}'", *where,
                                               key)
            if title is not None:
                chapters.append(
                    ExplicitChapter(start, title.strip(), line=self.lines.line(*where), **extras)
                )
        return tuple(chapters)

    def transcript_files(self, value: Any, key: str) -> tuple[TranscriptTag, ...]:
        """Transcripts published elsewhere, linked from the feed as they are:
        ``[{url, type, language?, rel?}]``."""
        if value is None:
            return ()
        files = []
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            where = (key, index) if isinstance(value, list) else (key,)
            if not (isinstance(item, dict) and isinstance(item.get("url"), str)
                    and isinstance(item.get("type"), str)
                    and set(item) <= {"url", "type", "language", "rel"}):
                self.error(f"'{key}' entries must be mappings of url, type and optionally "
                           "language and rel, e.g. {url: https://…/t.srt, type: "
                           "application/srt}", *where)
                continue
            url = self.url(item["url"].strip(), f"'{key}' url", *where, "url")
            extra = {k: str(item[k]) for k in ("language", "rel") if item.get(k)}
            files.append(TranscriptTag(url, item["type"].strip(), **extra))
        return tuple(files)

    def chapters_file(self, name: str) -> tuple[ExplicitChapter, ...] | None:
        path = (self.path.parent / name).resolve()
        self.extra_files.append(path)
        try:
            text = read_text(path)
        except PublisherError as exc:
            self.error(f"'chapters' names {name}: {exc.problems[0].message}", "chapters")
            return None
        chapters = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            stamp, _, title = line.partition(" ")
            start = _seconds(stamp)
            if start is None or not title.strip():
                self.report.error(
                    f"expected 'HH:MM:SS Title', got {line[:60]!r}", path, number,
                    "chapters.file-invalid",
                )
                continue
            chapters.append(ExplicitChapter(start, title.strip(), line=number))
        return tuple(chapters)


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str):
        try:
            return parse_timecode(value)
        except ValueError:
            return None
    return None


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
             int: "a number", float: "a number", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class FrontField:
    """One front-matter field: the Episode attribute it fills, its key and aliases (the first
    present wins), and the reader that checks it."""

    attribute: str
    keys: tuple[str, ...]
    read: str  # a _Reader method


FRONT_FIELDS = (
    FrontField("title", ("title",), "title"),
    FrontField("season", ("season",), "whole"),
    FrontField("number", ("episode",), "whole"),
    FrontField("guests", ("guests",), "guests"),
    FrontField("links", ("links",), "links"),
    FrontField("transcript", ("transcript",), "transcript"),
    FrontField("explicit_chapters", ("chapters",), "chapters"),
    FrontField("draft", ("draft",), "flag"),
    # checked by the rules that use them (publishing, notes, pages, lint)
    FrontField("guid", ("guid",), "raw"),
    FrontField("published", ("pubdate", "dateadded", "date"), "raw"),
    FrontField("audio", ("audio",), "raw"),
    FrontField("explicit", ("explicit",), "raw"),
    FrontField("episode_type", ("episode_type",), "raw"),
    FrontField("image", ("image",), "raw"),
    FrontField("intro", ("intro",), "raw"),
    FrontField("description", ("description",), "raw"),
    FrontField("short", ("short",), "raw"),
    FrontField("ids", ("ids",), "raw"),
    FrontField("span", ("duration",), "raw"),  # the transcript's span, never the audio's
    FrontField("clips", ("quotableClips",), "raw"),
    FrontField("timestamps", ("timestamps",), "raw"),
    FrontField("link", ("link",), "raw"),
    FrontField("transcript_files", ("transcript_files",), "transcript_files"),
)
# the episode's `links:` that are listening links, with their names in notes and pages
LISTENING_LINKS = {"youtube": "YouTube", "spotify": "Spotify", "apple": "Apple Podcasts",
                   "anchor": "Anchor"}
KNOWN_KEYS = tuple(key for field in FRONT_FIELDS for key in field.keys)


def front_value(episode: Episode, path: str) -> Any:
    """The front-matter value at a dotted key path such as ``ids.youtube`` (the show's
    ``guid_from``), or None."""
    data: Any = episode.front
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _unknown_keys(reader: _Reader, front: dict) -> None:
    """A key close to a known one is most likely a typo; others are the site's own."""
    import difflib

    for key in front:
        if isinstance(key, str) and key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.8)
            if close:
                reader.report.warn(f"unknown key '{key}': did you mean '{close[0]}'?",
                                   reader.path, FileLine(reader.path, (key,)),
                                   "episode.unknown-key")


def load_episode(path: Path) -> tuple[Episode, list[Problem]]:
    """Read and check one episode file (every field through ``FRONT_FIELDS``)."""
    text = read_text(path)
    front_text, body, body_line = split_front_matter(text, path)
    front = load_yaml(front_text, path, 2)
    if front is None:
        raise PublisherError("front matter is empty: expected at least a 'title'", path, 2,
                             code="frontmatter.not-mapping")
    if not isinstance(front, dict):
        raise PublisherError(
            f"front matter must be a mapping of keys to values, got {_kind(front)}", path, 2,
            code="frontmatter.not-mapping",
        )
    reader = _Reader(path, front, LineMap(front_text, 2))
    values: dict[str, Any] = {}
    for field in FRONT_FIELDS:
        key = next((k for k in field.keys if front.get(k) is not None), field.keys[0])
        values[field.attribute] = getattr(reader, field.read)(front.get(key), key)
        if field.attribute == "published":
            values["published_key"] = key
    _unknown_keys(reader, front)
    episode = Episode(path=path, slug=slug_of(path), front=front, body=body,
                      body_line=body_line, lines=reader.lines, chapters_url=reader.chapters_url,
                      extra_files=tuple(reader.extra_files), **values)
    reader.report.raise_errors()
    return episode, reader.report.warnings
