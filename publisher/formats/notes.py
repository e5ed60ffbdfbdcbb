"""Show notes for each platform: what they say (``Notes``) and fitting them to the limits."""

from __future__ import annotations

import html as htmllib
import re
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path

from publisher.errors import Problem, PublisherError
from publisher.formats.markup import APPLE_TAGS
from publisher.models import Chapter, ChapterSettings, Episode, Guest, Link, Notes, Person, Show
from publisher.rules.chapters import youtube_chapters
from publisher.source.episodes import LISTENING_LINKS
from publisher.source.people import person_links
from publisher.source.urls import to_uri


@dataclass(frozen=True)
class NotesPlatform:
    """One row of the table: where notes are pasted, and what that place accepts."""

    name: str
    template: str  # in templates/, overridable by a show
    build_file: str  # written to OUT/episodes/<slug>/notes/
    limit: int | None  # bytes
    tags: frozenset[str] | None  # the HTML it keeps (None: not cleaned again here)
    plain_text: bool  # no HTML at all: '<' and '>' become '‹' '›'
    external: bool  # pasted outside the site: links to #fragments mean nothing there
    copy_label: str | None  # a "Copy for …" button on the episode page
    summary: str


NOTES_PLATFORMS = {row.name: row for row in (
    NotesPlatform("youtube", "youtube.txt.j2", "youtube.txt", 5000, None, True, True,
                  "YouTube", "plain text, links as `text: url`, chapters as `podpub chapters` "
                  "prints them, `<` `>` replaced by `‹` `›`"),
    NotesPlatform("spotify", "spotify.html.j2", "spotify.html", 4000, APPLE_TAGS | {"br"},
                  False, True, "Spotify", "HTML (`p a ul ol li br b i strong em`), chapters as "
                  "`(MM:SS) Title` lines separated by `<br>`"),
    NotesPlatform("apple", "apple.html.j2", "apple.html", 4000,
                  frozenset({"p", "ol", "ul", "li", "a"}), False, True, "Apple",
                  "HTML (`p ol ul li a`, as Apple's guide lists), each chapter line its own "
                  "`<p>`; the feed's `<description>`"),
    NotesPlatform("markdown", "notes.md.j2", "notes.md", None, None, False, False, None,
                  "the full notes, in Markdown"),
    NotesPlatform("html", "notes.html.j2", "notes.html", None, None, False, False, None,
                  "the full notes, in HTML; the feed's `content:encoded`"),
)}
_BR = re.compile(r"(?:\s*<br\s*/?>\s*)+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


class NotesTooLong(PublisherError):
    """The notes exceed the platform's limit even after every shortening step."""


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment."""
    import nh3

    return " ".join(htmllib.unescape(nh3.clean(fragment, tags=set())).split())


def summary_paragraphs(episode: Episode, body_html: str) -> tuple[str, ...]:
    """``intro`` (its ``<br>`` are paragraph breaks), else ``description``, else the first
    prose paragraph of the body."""
    for value in (episode.intro, episode.description):
        if isinstance(value, str) and value.strip():
            return tuple(p for p in (_text(part) for part in _BR.split(value)) if p)
    from lxml import html as lxml_html

    if body_html.strip():
        for element in lxml_html.fragments_fromstring(body_html):
            if isinstance(element, str) or element.tag != "p":
                continue
            text = " ".join(element.text_content().split())
            if text and not (text.endswith(":") and len(text) < 40):
                return (text,)
    return ()


def body_links(body_html: str, show: Show | None) -> tuple[Link, ...]:
    """Every ``<a href>`` of the rendered body, relative ones resolved against the show."""
    from lxml import html as lxml_html

    if not body_html.strip():
        return ()
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    links: list[Link] = []
    seen = set()
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href:
            continue
        if not href.startswith("#") and not urllib.parse.urlsplit(href).scheme and show:
            href = urllib.parse.urljoin(show.link or show.base_url, href)
        href = to_uri(href)
        text = " ".join(anchor.text_content().split()) or href
        if (text, href) not in seen:
            seen.add((text, href))
            links.append(Link(text, href))
    return tuple(links)


def listening_links(episode: Episode) -> tuple[Link, ...]:
    out = []
    for key, label in LISTENING_LINKS.items():
        url = episode.links.get(key, "").strip()
        if url and url.upper() != "TODO" and url.startswith(("http://", "https://")):
            out.append(Link(label, url))
    return tuple(out)


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0] if parts else text


def guest_note(person: Person) -> Guest:
    from publisher.formats.markup import markdown_to_html

    bio = person.bio_short or (first_sentence(_text(markdown_to_html(person.bio)))
                               if person.bio else None)
    links = tuple(Link(link.label, link.url) for link in person_links(person))
    return Guest(person.name, bio or None, links)


def build_notes(
    episode: Episode,
    chapters: list[Chapter],
    people: dict[str, Person],
    show: Show | None,
    settings: ChapterSettings,
    page: str | None = None,
) -> tuple[Notes, list[Problem]]:
    """Gather what the notes of *episode* say."""
    from publisher.formats.markup import markdown_to_html, sanitise

    body_html = sanitise(markdown_to_html(episode.body))
    problems = []
    guests = []
    hosts = set(show.hosts) if show else set()
    for key in episode.guests:
        if key in hosts:
            continue
        person = people.get(key)
        if person is None:
            problems.append(Problem(f"guest {key!r} has no people file: left out of the notes",
                                    episode.path, episode.line_of("guests"), "warning",
                                    "people.missing"))
            continue
        guests.append(guest_note(person))
    shown = youtube_chapters(chapters, settings.min_seconds)
    notes = Notes(
        title=episode.title,
        summary=summary_paragraphs(episode, body_html),
        chapters=tuple(shown),
        hours=any(c.start >= 3600 for c in shown),
        guests=tuple(guests),
        links=body_links(body_html, show),
        listen=listening_links(episode),
        page_url=page,
    )
    return notes, problems


def _platform_view(notes: Notes, platform: str) -> Notes:
    if NOTES_PLATFORMS[platform].external:  # fragment-only links mean nothing elsewhere
        return replace(notes, links=tuple(link for link in notes.links
                                          if not link.url.startswith("#")))
    return notes


def render_platform(notes: Notes, platform: str, templates: Path | None = None) -> str:
    """The notes for *platform*, as its template writes them, cleaned for the platform."""
    from publisher.formats import templating as tpl

    row = NOTES_PLATFORMS[platform]
    text = tpl.render(row.template, templates, notes=_platform_view(notes, platform))
    if row.plain_text:
        return text.replace("<", "‹").replace(">", "›")
    if row.tags is not None:
        from publisher.formats.markup import sanitise

        # whitespace between elements means nothing in HTML, and every byte counts here
        return re.sub(r">\s*\n\s*<", "><", sanitise(text, row.tags)) + "\n"
    return text


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut_candidates(text: str) -> tuple[list[str], list[str]]:
    """Shorter versions of *text*, longest first: at sentence ends, and at words with ``…``."""
    sentences = [text[: m.start()].rstrip() for m in _SENTENCE_END.finditer(text)]
    words = [text[:m.start()].rstrip(" ,;:–—-") + "…" for m in re.finditer(r"\s+", text)
             if m.start() > 0]
    return sorted(sentences, key=len, reverse=True), words[::-1]


def _longest_fitting(candidates: list[str], fits) -> str | None:
    """The first of *candidates* (longest first) for which *fits* holds, by bisection."""
    low, high = 0, len(candidates)
    while low < high:
        middle = (low + high) // 2
        if fits(candidates[middle]):
            high = middle
        else:
            low = middle + 1
    return candidates[low] if low < len(candidates) else None


def fit(notes: Notes, platform: str, templates: Path | None = None) -> tuple[str, list[str]]:
    """Render notes for *platform* within its byte limit, shortening in the agreed order.

    Returns the text and the steps taken; raises PublisherError with the missing byte count
    when even the shortest form does not fit.
    """
    limit = NOTES_PLATFORMS[platform].limit
    text = render_platform(notes, platform, templates)
    if limit is None or _size(text) <= limit:
        return text, []
    steps: list[str] = []

    def attempt(candidate: Notes, step: str) -> bool:
        nonlocal notes, text
        notes, text = candidate, render_platform(candidate, platform, templates)
        steps.append(step)
        return _size(text) <= limit

    if len(notes.summary) > 1 and attempt(
        replace(notes, summary=notes.summary[:1]),
        "dropped the summary's paragraphs after the first",
    ):
        return text, steps
    if notes.summary:
        without = replace(notes, summary=())
        if _size(render_platform(without, platform, templates)) <= limit:

            def fits(shorter: str) -> bool:
                return _size(render_platform(replace(notes, summary=(shorter,)), platform,
                                             templates)) <= limit

            for candidates in _cut_candidates(notes.summary[0]):
                shorter = _longest_fitting(candidates, fits)
                if shorter is not None:
                    notes = replace(notes, summary=(shorter,))
                    steps.append(f"cut the summary to {len(shorter)} characters")
                    return render_platform(notes, platform, templates), steps
        if attempt(without, "dropped the summary"):
            return text, steps
    if any(g.bio for g in notes.guests) and attempt(
        replace(notes, guests=tuple(replace(g, bio=None) for g in notes.guests)),
        "dropped the guests' bios",
    ):
        return text, steps
    if notes.links and attempt(replace(notes, bare_links=True),
                               "turned body links into bare URLs"):
        return text, steps
    if attempt(replace(notes, bare_profiles=True),
               "turned listening and guest links into bare URLs"):
        return text, steps
    raise NotesTooLong(
        f"{platform} notes do not fit: {_size(text)} bytes after every shortening step, "
        f"{_size(text) - limit} bytes over the limit of {limit}"
    )


def fallback(notes: Notes, platform: str, templates: Path | None = None) -> str:
    """The chapter block and a link to the episode's page, for notes that cannot fit."""
    short = Notes(title=notes.title, summary=(), chapters=notes.chapters, hours=notes.hours,
                  guests=(), links=(), listen=(), page=notes.page_url, bare_profiles=True)
    text = render_platform(short, platform, templates)
    limit = NOTES_PLATFORMS[platform].limit
    if limit is not None and _size(text) > limit:
        text = render_platform(replace(short, chapters=()), platform, templates)
    return text


def find_people_dir(episode_path: Path) -> Path | None:
    """Without a show: a ``people`` or ``_people`` folder beside or above the episode's folder."""
    folder = episode_path.resolve().parent
    for base in (folder, folder.parent):
        for name in ("people", "_people"):
            if (base / name).is_dir():
                return base / name
    return None


@dataclass(frozen=True)
class PlatformNotes:
    text: str
    problems: list[Problem]


def platform_notes(notes: Notes, platform: str, path: Path,
                   templates: Path | None = None) -> PlatformNotes:
    """Notes for one platform with a warning for each shortening step.

    When they cannot fit: the chapter block and a link to the episode's page, with a warning.
    """
    try:
        text, steps = fit(notes, platform, templates)
    except NotesTooLong as exc:
        return PlatformNotes(fallback(notes, platform, templates), [Problem(
            f"{exc.problems[0].message}; using the chapters and a link to the episode page",
            path, None, "warning", "notes.too-long")])
    limit = NOTES_PLATFORMS[platform].limit
    return PlatformNotes(text, [Problem(f"{platform} notes shortened to fit {limit} bytes: {step}",
                                   path, None, "warning", "notes.shortened") for step in steps])
