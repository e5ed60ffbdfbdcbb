"""Loading and checking a show's ``show.yaml``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from publisher.errors import Problem, PublisherError, Report
from publisher.models import ChapterSettings, Funding, Media, Owner, Show
from publisher.source.files import LineMap, load_yaml, read_text
from publisher.source.remote import is_url
from publisher.source.urls import clean as clean_url

SHOW_FILE = "show.yaml"
_PUBLISH_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*(Z|[+-]\d{2}:?\d{2}))?$")


class _ShowReader:
    def __init__(self, path: Path, data: dict, lines: LineMap) -> None:
        self.path, self.data, self.lines = path, data, lines
        self.report = Report("show.invalid")

    def error(self, message: str, *keys: str | int) -> None:
        self.report.error(message, self.path, self.lines.line(*keys) or 1)

    def get(self, key: str, expect: Callable[[Any], bool], what: str, default=None, *, at=()):
        source = self.data
        for part in at:
            if isinstance(source, list) and isinstance(part, int) and 0 <= part < len(source):
                source = source[part]
            else:
                source = source.get(part) if isinstance(source, dict) else None
        value = source.get(key) if isinstance(source, dict) else None
        if value is None:
            return default
        if not expect(value):
            name = ".".join(map(str, (*at, key)))
            self.error(f"'{name}' must be {what}, got {value!r}"[:300], *at, key)
            return default
        return value

    def text(self, key: str, default: str | None = "", *, at=()) -> str | None:
        value = self.get(key, lambda v: isinstance(v, str), "text", default, at=at)
        return value.strip() if isinstance(value, str) else value

    def url(self, key: str, default: str | None = "", *, at=(), absolute: bool = True
            ) -> str | None:
        value = self.text(key, default, at=at)
        if not value:
            return value
        uri, code, why = clean_url(value)
        if code:
            name = ".".join(map(str, (*at, key)))
            self.report.warn(f"'{name}' {why}", self.path, self.lines.line(*at, key), code)
        if absolute and not re.match(r"^https?://[^\s/]+", uri):
            self.error(f"'{key}' must be an http(s) URL, got {value!r}", *at, key)
        return uri

    def mapping(self, key: str, allowed: set[str]) -> dict:
        value = self.get(key, lambda v: isinstance(v, dict), "a mapping", {})
        for name in value:
            if name not in allowed:
                self.error(
                    f"unknown key '{key}.{name}'; expected one of {', '.join(sorted(allowed))}",
                    key, name,
                )
        return value


def _is_list_of_text(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def parse_publish_time(value: str) -> dt.time | None:
    """``HH:MM`` with an optional zone (``Z``, ``+02:00``); UTC when none is given."""
    match = _PUBLISH_TIME.match(value.strip())
    if not match:
        return None
    hours, minutes, zone = int(match[1]), int(match[2]), match[3]
    if hours > 23 or minutes > 59:
        return None
    offset = dt.timedelta(0)
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt.time(hours, minutes, tzinfo=dt.timezone(offset))


def _folder(show_dir: Path, value: str) -> Path:
    return (show_dir / value).resolve() if not Path(value).is_absolute() else Path(value)


KEYS = {
    "title", "description", "link", "feed_url", "base_url", "language", "image", "author",
    "owner", "categories", "explicit", "type", "hosts", "episodes", "people", "guid_from",
    "chapters", "publish_time", "media", "locked", "podcast_guid", "new_feed_url",
    "copyright", "funding", "warnings", "pages", "published",
}


def load_show(path: Path) -> tuple[Show, list[Problem]]:
    """Read and check a ``show.yaml`` (or the folder holding one)."""
    if path.is_dir():
        path = path / SHOW_FILE
    if not path.exists():
        raise PublisherError(f"no {SHOW_FILE} here: expected a show folder with a {SHOW_FILE}",
                             path.parent, code="show.missing")
    text = read_text(path)
    data = load_yaml(text, path)
    if not isinstance(data, dict):
        raise PublisherError(
            f"{SHOW_FILE} must be a mapping of keys to values, got {type(data).__name__}",
            path, 1, code="show.invalid",
        )
    check = _ShowReader(path, data, LineMap(text))
    for key in data:
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.75)
            hint = (f"did you mean '{close[0]}'?" if close else
                    f"expected one of {', '.join(sorted(KEYS))}")
            check.error(f"unknown key '{key}' in {SHOW_FILE}; {hint}", key)
    folder = path.parent
    feed_url = check.url("feed_url")
    base_url = check.url("base_url", None)
    if base_url is None:
        base_url = feed_url.rsplit("/", 1)[0] + "/" if feed_url else ""
    elif not base_url.endswith("/"):
        base_url += "/"
    owner = None
    if check.mapping("owner", {"name", "email"}):
        owner = Owner(check.text("name", at=("owner",)) or "",
                      check.text("email", at=("owner",)) or "")
        if owner.email and not owner.name:
            check.error("'owner' has an email but no name: Apple needs both, e.g. "
                        "owner: {name: Jane Doe, email: jane@example.org}", "owner")
    check.mapping("chapters", {"intro_title", "min_seconds"})
    chapters = ChapterSettings(
        intro_title=check.text("intro_title", "Introduction", at=("chapters",)) or "Introduction",
        min_seconds=check.get("min_seconds", _is_number, "a number of seconds", 10,
                              at=("chapters",)),
    )
    check.mapping("media", {"dir", "base_url"})
    media_dir = check.text("dir", None, at=("media",))
    media = Media(
        dir=_folder(folder, media_dir) if media_dir else None,
        base_url=check.url("base_url", None, at=("media",)),
    )
    publish_time = dt.time(0, 0, tzinfo=dt.timezone.utc)
    raw_time = check.text("publish_time", None)
    if raw_time is not None:
        parsed = parse_publish_time(raw_time)
        if parsed is None:
            check.error(f"'publish_time' must be HH:MM with an optional zone such as Z or "
                        f"+02:00, got {raw_time!r}", "publish_time")
        else:
            publish_time = parsed
    show_type = check.text("type", "episodic")
    if show_type not in ("episodic", "serial"):
        check.error(f"'type' must be episodic or serial, got {show_type!r}", "type")
    funding = []
    for index, item in enumerate(check.get("funding", lambda v: isinstance(v, list),
                                           "a list of {url, text}", [])):
        if not (isinstance(item, dict) and isinstance(item.get("url"), str)
                and isinstance(item.get("text"), str) and set(item) == {"url", "text"}):
            check.error(f"funding entry {index} must be a mapping with 'url' and 'text'",
                        "funding", index)
            continue
        url = check.url("url", at=("funding", index))
        funding.append(Funding(url or "", item["text"].strip()))
    check.mapping("warnings", {"ignore"})
    ignore = check.get("ignore", _is_list_of_text, "a list of finding codes, e.g. "
                       "[transcript.duplicate, chapters]", [], at=("warnings",))
    check.mapping("pages", {"copy_panel"})
    copy_panel = check.get("copy_panel", lambda v: isinstance(v, bool), "true or false", False,
                           at=("pages",))
    published = check.text("published", None)
    if published and not is_url(published):
        published = str(_folder(folder, published))  # a path, relative to show.yaml
    elif published:
        published = check.url("published")
    show = Show(
        path=path,
        title=check.text("title", "Untitled"),
        description=check.text("description"),
        link=check.url("link"),
        feed_url=feed_url,
        base_url=base_url,
        language=check.text("language", "en"),
        image=check.url("image", absolute=False),
        author=check.text("author"),
        owner=owner,
        categories=tuple(check.get("categories", _is_list_of_text, "a list of category names",
                                   [])),
        explicit=check.get("explicit", lambda v: isinstance(v, bool), "true or false", False),
        type=show_type,
        hosts=tuple(check.get("hosts", _is_list_of_text, "a list of people ids", [])),
        episodes_dir=_folder(folder, check.text("episodes", "episodes") or "episodes"),
        people_dir=_folder(folder, check.text("people", "people") or "people"),
        guid_from=check.text("guid_from", None),
        chapters=chapters,
        publish_time=publish_time,
        media=media,
        locked=check.get("locked", lambda v: isinstance(v, bool), "true or false", True),
        podcast_guid=check.text("podcast_guid", None),
        new_feed_url=check.url("new_feed_url", None),
        copyright=check.text("copyright", None),
        funding=tuple(funding),
        ignore=tuple(ignore),
        copy_panel=copy_panel,
        published=published or None,
        lines=check.lines,
    )
    check.report.raise_errors()
    return show, check.report.warnings
