"""The typed values that flow through podpub: shows, people, episodes, chapters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher.timecode import clock


@dataclass(frozen=True)
class ChapterSettings:
    intro_title: str = "Introduction"
    min_seconds: float = 10


@dataclass(frozen=True)
class Owner:
    name: str
    email: str


@dataclass(frozen=True)
class Funding:
    url: str
    text: str


@dataclass(frozen=True)
class Media:
    dir: Path | None = None
    base_url: str | None = None


@dataclass(frozen=True)
class Show:
    """A podcast, as described by its ``show.yaml``."""

    path: Path  # the show.yaml file
    title: str = "Untitled"
    description: str = ""
    link: str = ""
    feed_url: str = ""
    base_url: str = ""
    language: str = "en"
    image: str = ""
    author: str = ""
    owner: Owner | None = None
    categories: tuple[str, ...] = ()
    explicit: bool = False
    type: str = "episodic"
    hosts: tuple[str, ...] = ()
    episodes_dir: Path = Path("episodes")
    people_dir: Path = Path("people")
    guid_from: str | None = None
    chapters: ChapterSettings = field(default_factory=ChapterSettings)
    publish_time: dt.time = dt.time(0, 0, tzinfo=dt.timezone.utc)
    media: Media = field(default_factory=Media)
    locked: bool = True
    podcast_guid: str | None = None
    new_feed_url: str | None = None
    copyright: str | None = None
    funding: tuple[Funding, ...] = ()
    ignore: tuple[str, ...] = ()  # warnings.ignore: finding codes or families not reported
    copy_panel: bool = False  # pages.copy_panel: the producer's copy buttons on public pages
    published: str | None = None  # the live feed (URL or path): no episode of it is dropped
    lines: Any = field(default=None, compare=False)  # a source LineMap of show.yaml

    @property
    def feed_file(self) -> str:
        """The feed's file in the output: the last path segment of ``feed_url``
        (``…/podcast.rss`` → ``podcast.rss``), else ``feed.xml``."""
        path = self.feed_url.split("?", 1)[0].split("#", 1)[0]
        name = path.rsplit("/", 1)[-1] if path.count("/") > 2 else ""
        return name or "feed.xml"

    def line_of(self, *keys: str | int) -> int:
        """The line of show.yaml where *keys* is, else 1."""
        return (self.lines.line(*keys) if self.lines is not None else None) or 1

    @property
    def folder(self) -> Path:
        return self.path.parent


@dataclass(frozen=True)
class Person:
    """A host or guest from the people registry."""

    id: str
    name: str
    path: Path | None = None
    picture: str | None = None
    github: str | None = None
    linkedin: str | None = None
    twitter: str | None = None
    web: str | None = None
    bio_short: str | None = None
    bio: str = ""


@dataclass(frozen=True)
class Line:
    """A spoken line of the transcript."""

    index: int
    text: str
    sec: float | None = None
    time: str | None = None
    who: str | None = None


@dataclass(frozen=True)
class Header:
    """A section header in the transcript."""

    index: int
    title: str


@dataclass(frozen=True)
class ExplicitChapter:
    start: float
    title: str
    url: str | None = None
    image: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Chapter:
    """A chapter marker: starts and ends in seconds."""

    start: float
    end: float
    title: str
    url: str | None = None
    image: str | None = None
    source: tuple = ()  # where it was given: ("transcript", entry) or ("chapters", n)


@dataclass(frozen=True)
class Episode:
    """One episode file, parsed and checked."""

    path: Path
    slug: str
    title: str
    front: dict[str, Any]  # read only in the source layer (source.episodes)
    body: str
    body_line: int
    transcript: tuple[Line | Header, ...] = ()
    season: int | None = None
    number: int | None = None
    guests: tuple[str, ...] = ()
    links: dict[str, str] = field(default_factory=dict)
    draft: bool = False
    explicit_chapters: tuple[ExplicitChapter, ...] | None = None
    lines: Any = None  # a source.LineMap for messages
    extra_files: tuple[Path, ...] = ()  # other files it was read from (a chapters file)
    # as written; the rules that use them check them (source.episodes.FRONT_FIELDS)
    guid: Any = None
    published: Any = None  # pubdate, else dateadded, else date
    published_key: str = "pubdate"  # which of them it was
    audio: Any = None
    explicit: Any = None
    episode_type: Any = None
    image: Any = None
    intro: Any = None
    description: Any = None
    short: Any = None
    ids: Any = None
    span: Any = None  # the front matter's duration: the transcript's span, not the audio's
    clips: Any = None  # quotableClips: the chapter list a site published
    timestamps: Any = None  # a published chapter list's file
    link: Any = None  # the episode's own page elsewhere (an imported show's)
    chapters_url: str | None = None  # `chapters: https://…`: a chapters file kept where it is
    transcript_files: tuple[TranscriptTag, ...] = ()  # transcripts kept where they are

    def line_of(self, *keys: str | int) -> int | None:
        return self.lines.line(*keys) if self.lines is not None else None


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclass(frozen=True)
class Publication:
    """An episode's publishing facts, checked."""

    guid: str
    date: dt.datetime
    enclosure: Enclosure
    duration: float | None
    explicit: bool
    episode_type: str
    image: str | None
    link: str
    guid_source: str  # 'guid', the guid_from key path, or 'slug'


@dataclass(frozen=True)
class Segment:
    """One spoken line with its speaker and times (a JSON segment)."""

    start: float
    end: float
    speaker: str | None
    text: str
    index: int  # transcript entry


@dataclass(frozen=True)
class Section:
    """A section header, placed before the segment it precedes."""

    title: str
    before: int  # position in the segment list


@dataclass(frozen=True)
class Transcript:
    segments: list[Segment]
    sections: list[Section]

    @cached_property
    def rows(self) -> list[tuple[list[str], Segment | None, float | None]]:
        """``(section titles before it, segment, start of the next segment or None)`` in
        order; titles after the last segment come with ``segment=None``.  Made once: every
        transcript format and the page walk it."""
        at: dict[int, list[str]] = {}
        for section in self.sections:
            at.setdefault(section.before, []).append(section.title)
        segments = self.segments
        rows: list[tuple[list[str], Segment | None, float | None]] = []
        for position, segment in enumerate(segments):
            following = segments[position + 1].start if position + 1 < len(segments) else None
            rows.append((at.get(position, []), segment, following))
        if at.get(len(segments)):
            rows.append((at[len(segments)], None, None))
        return rows


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Guest:
    name: str
    bio: str | None
    links: tuple[Link, ...]


@dataclass(frozen=True)
class BodyBlock:
    """One top-level block of the episode's body (a paragraph, a list, a quote, a table…)."""

    kind: str  # its HTML tag
    html: str  # rich HTML: the page, notes.html, content:encoded
    simple: str  # in p, lists, links and emphasis only (Spotify, Apple)
    simple_bare: str  # the same with links as bare URLs
    text: str  # plain text (YouTube)
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Notes:
    """What the notes say, before any platform's template shapes it."""

    title: str
    summary: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    hours: bool
    guests: tuple[Guest, ...]
    links: tuple[Link, ...]  # every link of the body, in order
    listen: tuple[Link, ...]
    page_url: str | None = None  # the episode's page, when published
    page: str | None = None  # a link to the page in the notes: only when they cannot fit
    bare_links: bool = False  # every link as a bare URL (a shortening step)
    body: tuple[BodyBlock, ...] = ()  # the body's blocks (after the summary, if it came first)
    body_markdown: str = ""  # the body as written, for notes.md
    summary_from_body: bool = False  # the summary is the body's first paragraph
    more_links: tuple[str, ...] = ()  # links of body blocks left out to fit (bare URLs)
    summary_html: tuple[str, ...] = ()  # the summary with its links (the page)

    @property
    def body_html(self) -> str:
        """The whole body as rich HTML (templates also get its parts: ``body``)."""
        return "\n".join(block.html for block in self.body)

    def stamp(self, chapter: Chapter) -> str:
        """``MM:SS``, or ``HH:MM:SS`` on every line when the episode passes an hour."""
        total = int(chapter.start)
        h, rest = divmod(total, 3600)
        m, s = divmod(rest, 60)
        return f"{h:02d}:{m:02d}:{s:02d}" if self.hours else f"{m:02d}:{s:02d}"

    def clock(self, chapter: Chapter) -> str:
        return clock(chapter.start)


@dataclass(frozen=True)
class FeedItem:
    """One published episode, with everything the feed says of it."""

    episode: Episode | None  # None in the build cache, which keeps it once, in the plan
    publication: Publication
    chapters: list[Chapter]
    description: str  # HTML, at most 4000 bytes
    content: str  # full HTML notes
    people: list[PersonTag] = field(default_factory=list)
    transcripts: list[TranscriptTag] = field(default_factory=list)


@dataclass(frozen=True)
class PersonTag:
    name: str
    role: str = "host"
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True)
class TranscriptTag:
    url: str
    type: str
    language: str | None = None
    rel: str | None = None


@dataclass(frozen=True)
class ProfileLink:
    kind: str  # web, linkedin, github or twitter
    label: str
    url: str


@dataclass(frozen=True)
class PageChapter:
    start: float
    end: float
    title: str
    clock: str
    youtube: str | None
