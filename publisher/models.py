"""The typed values that flow through podpub: shows, people, episodes, chapters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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

    def line_of(self, *keys: str | int) -> int | None:
        return self.lines.line(*keys) if self.lines is not None else None
