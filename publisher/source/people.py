"""The people registry: one Markdown file with front matter per host or guest."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.errors import Problem, PublisherError, Report
from publisher.models import Person, ProfileLink
from publisher.source.files import LineMap, load_yaml, read_text, split_front_matter
from publisher.source.urls import to_uri

FIELDS = ("picture", "github", "linkedin", "twitter", "web", "bio_short")
PROFILE_URLS = {
    "github": "https://github.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "twitter": "https://x.com/{}",
}


PROFILES = (("web", "Website"), ("linkedin", "LinkedIn"), ("github", "GitHub"),
            ("twitter", "X"))
PLACEHOLDERS = frozenset({"todo", "tbd", "tba", "n/a", "na", "none", "-", "?"})
_HANDLE = re.compile(r"@?[\w.-]+/?")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?:[/?#]\S*)?")


def handle_url(kind: str, value: str) -> str | None:
    """A profile URL from a handle (``BenWilson2``) or a URL; None for a placeholder such
    as ``TODO`` or anything that is neither."""
    value = value.strip()
    if not value or value.casefold() in PLACEHOLDERS:
        return None
    if value.startswith(("http://", "https://")):
        return to_uri(value)
    if kind == "web":
        return to_uri("https://" + value) if _DOMAIN.fullmatch(value) else None
    if not _HANDLE.fullmatch(to_uri(value)):
        return None
    return PROFILE_URLS[kind].format(to_uri(value).strip("@/"))


def person_links(person: Person) -> tuple[ProfileLink, ...]:
    """A person's links, as the notes, the pages and the feed show them: the one place that
    decides which of a people file's values are links."""
    links = []
    for kind, label in PROFILES:
        value = getattr(person, kind)
        url = handle_url(kind, value) if value else None
        if url:
            links.append(ProfileLink(kind, label, url))
    return tuple(links)


def profile_url(person: Person) -> str | None:
    """The one page about *person*: their website, else LinkedIn, else GitHub."""
    return next((link.url for link in person_links(person) if link.kind != "twitter"), None)


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _lint(key: str, value: str, path: Path, line: int | None, report: Report) -> None:
    if value != value.strip() or any(c in value for c in ZERO_WIDTH):
        report.warn(f"'{key}' has stray spaces or zero-width characters: {value!r}", path, line,
                    "people.stray-characters")
    if key in PROFILE_URLS and value.strip().startswith(("http://", "https://", "www.")):
        report.warn(f"'{key}' is a URL where a handle is expected: {value.strip()!r} (write "
                    f"just the handle; podpub builds {PROFILE_URLS[key].format('<handle>')})",
                    path, line, "people.url-for-handle")


def load_person(path: Path) -> tuple[Person, list[Problem]]:
    """Read one people file; its id is the file name without ``.md``."""
    text = read_text(path)
    front_text, body, body_line = split_front_matter(text, path)
    front = load_yaml(front_text, path, 2)
    if not isinstance(front, dict):
        raise PublisherError("front matter must be a mapping of keys to values", path, 2,
                             code="people.invalid")
    lines = LineMap(front_text, 2)
    report = Report("people.invalid")
    values: dict[str, str | None] = {}
    for key in ("title", *FIELDS):
        value = front.get(key)
        if value is not None and not isinstance(value, str):
            report.error(f"'{key}' must be text, got {value!r}"[:200], path, lines.line(key))
            value = None
        if isinstance(value, str):
            _lint(key, value, path, lines.line(key), report)
            value = value.strip().strip(ZERO_WIDTH).strip()
        values[key] = value or None
    if not values["title"]:
        report.error("no name: expected a 'title' with the person's name", path,
                     lines.line("title") or 2)
    for number, text in enumerate(body.splitlines(), start=body_line):
        if any(c in text for c in ZERO_WIDTH):
            report.warn("the bio has zero-width characters", path, number,
                        "people.stray-characters")
    report.raise_errors()
    person = Person(
        id=path.name[:-3],
        name=values.pop("title") or "",
        path=path,
        bio=body.strip(),
        **values,
    )
    return person, report.warnings


def load_people(folder: Path) -> tuple[dict[str, Person], list[Problem]]:
    """Load every ``*.md`` of *folder* but ``_*`` and ``.*`` files (Jekyll's rule), which are
    listed as skipped ("info"); errors of all files are raised together."""
    from publisher.source.folders import list_sources

    people: dict[str, Person] = {}
    report = Report()
    if not folder.is_dir():
        return people, []
    listing = list_sources(folder)
    report.extend(listing.skipped_problems("a people file", others=False))
    for path in listing.files:
        try:
            person, warnings = load_person(path)
        except PublisherError as exc:
            report.extend(exc.problems)
            continue
        report.extend(warnings)
        people[person.id] = person
    report.raise_errors()
    return people, [p for p in report.problems if p.severity != "error"]
