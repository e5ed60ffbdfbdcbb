"""What a feed needs of an episode: GUID, date, enclosure, duration, type.

Every problem of every episode is collected, so one build lists them all.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import urllib.parse
from typing import Any

from publisher.errors import Report
from publisher.models import Enclosure, Episode, Publication, Show
from publisher.source.episodes import front_value
from publisher.source.files import FileLine
from publisher.source.media import MIME_TYPES, probe
from publisher.source.urls import clean as clean_url
from publisher.source.urls import to_uri
from publisher.timecode import parse_timecode

EPISODE_TYPES = ("full", "trailer", "bonus")
ENCLOSURE_TYPES = frozenset(MIME_TYPES.values()) | {"audio/mp4", "audio/x-mp3", "audio/mp3"}


def episode_url(show: Show, episode: Episode, name: str = "") -> str:
    """The URL of the episode's page (or of a file beside it) under the show's base_url."""
    return f"{show.base_url}episodes/{urllib.parse.quote(episode.slug)}/{name}"


def absolute_url(show: Show, value: str) -> str:
    """Resolve a relative path (an image, a link) against the show's ``link``, as a URI."""
    return to_uri(urllib.parse.urljoin(show.link or show.base_url, to_uri(value)))


def is_picture(url: str) -> bool:
    """A JPEG or PNG by its name (``.jpg``, ``.jpeg``, ``.png``; a query is no part of it),
    which is how Apple tells them."""
    return urllib.parse.urlsplit(url).path.lower().endswith((".jpg", ".jpeg", ".png"))


def check_url(url: str) -> str | None:
    """Why *url* can't be published (https only), or None when it can."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return f"URL must be https, got {url!r}"
    return None


class _PublicationCheck:
    def __init__(self, show: Show, episode: Episode, report: Report) -> None:
        self.show, self.episode, self.report = show, episode, report

    def error(self, message: str, *keys: str, code: str = "feed.invalid") -> None:
        self.report.error(message, self.episode.path, self.episode.line_of(*keys) or 2,
                          code=code)

    def warn(self, code: str, message: str, *keys: str) -> None:
        self.report.warn(message, self.episode.path, FileLine(self.episode.path, keys), code)

    def url(self, value: str, what: str, *keys: str) -> str:
        """*value* as a valid URL; a warning when it had to be mended."""
        uri, code, why = clean_url(value)
        if code:
            self.warn(code, f"{what} {why}", *keys)
        return uri

    def guid(self) -> tuple[str, str]:
        value = self.episode.guid
        if value is not None:
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip(), "guid"
            self.error(f"'guid' must be text, got {value!r}", "guid")
        if self.show.guid_from:
            value = front_value(self.episode, self.show.guid_from)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip(), self.show.guid_from
        return self.episode.slug, "slug"

    def date(self) -> dt.datetime | None:
        value, key = self.episode.published, self.episode.published_key
        if value is not None:
            parsed = parse_date(value, self.show.publish_time)
            if parsed is None:
                self.error(f"'{key}' must be a date (YYYY-MM-DD) or date and time, got {value!r}",
                           key)
            return parsed
        self.error("no date: expected 'pubdate' (or 'dateadded' or 'date'), e.g. "
                   "pubdate: 2024-05-01", code="feed.no-date")
        return None

    def enclosure(self) -> tuple[Enclosure | None, float | None]:
        audio = self.episode.audio
        if audio is None:
            self.error("no audio: expected 'audio: file.mp3' (under media.dir) or "
                       "'audio: {url, length, type, duration}'", code="feed.no-audio")
            return None, None
        if isinstance(audio, str):
            return self.media_file(audio)
        if not isinstance(audio, dict):
            self.error(f"'audio' must be a file name or a mapping, got {audio!r}", "audio")
            return None, None
        unknown = set(audio) - {"url", "length", "type", "duration"}
        if unknown:
            self.error(f"unknown key in 'audio': {', '.join(sorted(map(str, unknown)))}; "
                       "expected url, length, type, duration", "audio")
        url, length, mime = audio.get("url"), audio.get("length"), audio.get("type")
        ok = True
        if isinstance(url, str):
            url = self.url(url, "'audio.url'", "audio", "url")
        if not isinstance(url, str) or (problem := check_url(url)):
            self.error(f"'audio.url': {problem if isinstance(url, str) else 'missing'}",
                       "audio", "url")
            ok = False
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            self.error(f"'audio.length' must be the file's size in bytes, got {length!r}",
                       "audio", "length")
            ok = False
        elif length == 0:
            self.warn("feed.no-length", "'audio.length' is 0: apps show no size and some "
                      "check it; give the file's size in bytes", "audio", "length")
        if not isinstance(mime, str) or mime not in ENCLOSURE_TYPES:
            self.error(f"'audio.type' must be a MIME type such as audio/mpeg, got {mime!r}",
                       "audio", "type")
            ok = False
        duration = self.duration(audio.get("duration"))
        if not ok:
            return None, duration
        return Enclosure(url, length, mime), duration

    def duration(self, value: Any) -> float | None:
        if value is None:
            return None
        seconds = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = float(value) if math.isfinite(value) else None
        elif isinstance(value, str):
            try:
                seconds = parse_timecode(value)
            except ValueError:
                seconds = None
        if seconds is None or seconds <= 0:
            self.error(f"'audio.duration' must be seconds or H:MM:SS, got {value!r}",
                       "audio", "duration")
            return None
        return seconds

    def media_file(self, name: str) -> tuple[Enclosure | None, float | None]:
        media = self.show.media
        if media.dir is None or not media.base_url:
            self.error(f"'audio: {name}' names a file, but show.yaml has no media.dir and "
                       "media.base_url", "audio")
            return None, None
        path = media.dir / name
        if not path.is_file():
            self.error(f"audio file {name} not found in {media.dir}", "audio")
            return None, None
        try:
            measured = probe(path)
        except ValueError as exc:
            self.error(str(exc), "audio")
            return None, None
        base = media.base_url if media.base_url.endswith("/") else media.base_url + "/"
        url = to_uri(base) + urllib.parse.quote(name)  # a file name: '#', '?' are its own
        if problem := check_url(url):
            self.error(f"audio: {problem}", "audio")
            return None, None
        return Enclosure(url, measured.length, measured.type), measured.duration

    def link(self) -> str | None:
        """The episode's own web page when it has one elsewhere (``link:``); http will do."""
        value = self.episode.link
        if value is None:
            return None
        if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value.strip()):
            self.error(f"'link' must be an http(s) URL, got {value!r}", "link")
            return None
        return self.url(value.strip(), "'link'", "link")

    def explicit(self) -> bool:
        value = self.episode.explicit
        if value is None:
            return self.show.explicit
        if not isinstance(value, bool):
            self.error(f"'explicit' must be true or false, got {value!r}", "explicit")
            return self.show.explicit
        return value

    def episode_type(self) -> str:
        value = self.episode.episode_type or "full"
        if value not in EPISODE_TYPES:
            self.error(f"'episode_type' must be one of full, trailer, bonus, got {value!r}",
                       "episode_type")
            return "full"
        return value

    def image(self) -> str | None:
        value = self.episode.image
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(f"'image' must be a path or URL, got {value!r}", "image")
            return None
        url = absolute_url(self.show, self.url(value, "'image'", "image"))
        if not is_picture(url):
            self.warn("feed.image-type", f"image {value!r} is left out of the feed: Apple "
                      "takes only JPEG or PNG files named .jpg, .jpeg or .png", "image")
            return None
        return url


def parse_date(value: Any, publish_time: dt.time) -> dt.datetime | None:
    """A publication moment; a date alone publishes at the show's ``publish_time``."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, publish_time)
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        if len(text) == 10:
            moment = dt.datetime.combine(moment.date(), publish_time)
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=publish_time.tzinfo or dt.timezone.utc)
    return moment


def audio_duration(show: Show | None, episode: Episode) -> float | None:
    """The audio's length as the build would know it (None when it cannot tell)."""
    from pathlib import Path

    show = show if show is not None else Show(path=Path("show.yaml"))
    return _PublicationCheck(show, episode, Report()).enclosure()[1]


def audio_file_name(episode: Episode, publication: Publication | None = None) -> str:
    """The name of the episode's audio file (from its enclosure or ``audio``), else
    ``<slug>.mp3``."""
    if publication is not None and publication.enclosure is not None:
        url = publication.enclosure.url
    else:
        audio = episode.audio
        url = audio if isinstance(audio, str) else audio.get("url") if isinstance(
            audio, dict) else None
    if isinstance(url, str):
        name = urllib.parse.unquote(urllib.parse.urlsplit(url.strip()).path.rsplit("/", 1)[-1])
        if name:
            return name
    return f"{episode.slug}.mp3"


def episode_guid(show: Show, episode: Episode) -> tuple[str, str]:
    """The episode's GUID and where it came from ('guid', the guid_from path, or 'slug')."""
    return _PublicationCheck(show, episode, Report()).guid()


def publication(show: Show, episode: Episode, report: Report) -> Publication | None:
    """Check what the feed needs of *episode*; problems go to *report*."""
    check = _PublicationCheck(show, episode, report)
    before = len(report.errors)
    guid, source = check.guid()
    date = check.date()
    enclosure, duration = check.enclosure()
    if duration is None and enclosure is not None:
        check.warn("feed.no-duration", "no audio duration: itunes:duration is left out "
                   "(give audio.duration or a media file)", "audio")
    result = Publication(
        guid=guid,
        date=date,
        enclosure=enclosure,
        duration=duration,
        explicit=check.explicit(),
        episode_type=check.episode_type(),
        image=check.image(),
        link=check.link() or episode_url(show, episode),
        guid_source=source,
    )
    return None if len(report.errors) > before else result

