"""Show notes for each platform: what they say (``Notes``) and fitting them to the limits."""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from publisher.errors import Problem, PublisherError
from publisher.formats.markup import APPLE_TAGS
from publisher.models import Chapter, ChapterSettings, Episode, Guest, Link, Notes, Person, Show
from publisher.rules.chapters import youtube_chapters
from publisher.source.episodes import LISTENING_LINKS
from publisher.source.files import FileLine
from publisher.source.people import person_links


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
    itself: str | None = None  # its key in LISTENING_LINKS: its notes never link to itself


NOTES_PLATFORMS = {row.name: row for row in (
    NotesPlatform("youtube", "youtube.txt.j2", "youtube.txt", 5000, None, True, True,
                  "YouTube", "plain text, links as `text: url`, chapters as `podpub chapters` "
                  "prints them, `<` `>` replaced by `‹` `›`", "youtube"),
    NotesPlatform("spotify", "spotify.html.j2", "spotify.html", 4000, APPLE_TAGS | {"br"},
                  False, True, "Spotify", "HTML (`p a ul ol li br b i strong em`), chapters as "
                  "`(MM:SS) Title` lines separated by `<br>`", "spotify"),
    NotesPlatform("apple", "apple.html.j2", "apple.html", 4000,
                  frozenset({"p", "ol", "ul", "li", "a"}), False, True, "Apple",
                  "HTML (`p ol ul li a`, as Apple's guide lists), each chapter line its own "
                  "`<p>`; the feed's `<description>`", "apple"),
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


INLINE_TAGS = frozenset({"a", "b", "i", "strong", "em", "code"})


def summary_paragraphs(episode: Episode, body_html: str, base: str | None = None
                       ) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """``intro`` (its ``<br>`` are paragraph breaks), else ``description``, else the first
    prose paragraph of the body: as text, as HTML with its links (for the page), and whether
    it came from the body."""
    from lxml import etree
    from lxml import html as lxml_html

    from publisher.formats.body import resolve_links
    from publisher.formats.markup import sanitise

    for value in (episode.intro, episode.description):
        if isinstance(value, str) and value.strip():
            parts = [part for part in _BR.split(value) if _text(part)]
            return (tuple(_text(part) for part in parts),
                    tuple(resolve_links(sanitise(part, INLINE_TAGS), base, None)
                          for part in parts), False)
    if body_html.strip():
        for element in lxml_html.fragments_fromstring(body_html):
            if isinstance(element, str) or element.tag != "p":
                continue
            text = " ".join(element.text_content().split())
            if text and not (text.endswith(":") and len(text) < 40):
                inner = etree.tostring(element, encoding="unicode", with_tail=False)
                inner = inner[inner.index(">") + 1:inner.rindex("<")]
                return (text,), (sanitise(inner, INLINE_TAGS),), True
    return (), (), False


def body_links(blocks) -> tuple[Link, ...]:
    """Every link of the body's blocks, in order, each once."""
    return tuple(dict.fromkeys(link for block in blocks for link in block.links))


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
    from publisher.formats.body import body_blocks, body_markdown, resolve_links
    from publisher.formats.markup import markdown_to_html, sanitise

    base = (show.link or show.base_url) if show else None
    body_html = resolve_links(sanitise(markdown_to_html(episode.body)), base, page)
    problems = []
    guests = []
    hosts = set(show.hosts) if show else set()
    for key in episode.guests:
        if key in hosts:
            continue
        person = people.get(key)
        if person is None:
            problems.append(Problem(f"guest {key!r} has no people file: left out of the notes",
                                    episode.path, FileLine(episode.path, ("guests",)), "warning",
                                    "people.missing"))
            continue
        guests.append(guest_note(person))
    shown = youtube_chapters(chapters, settings.min_seconds)
    if any(c.source[:1] == ("body",) for c in chapters):
        shown = []  # the notes list them already, as the producer wrote them
    summary, summary_html, from_body = summary_paragraphs(episode, body_html, base)
    blocks = body_blocks(body_html, summary[0] if from_body else None)
    notes = Notes(
        title=episode.title,
        summary=summary,
        chapters=tuple(shown),
        hours=any(c.start >= 3600 for c in shown),
        guests=tuple(guests),
        links=body_links(blocks),
        listen=listening_links(episode),
        page_url=page,
        body=blocks,
        body_markdown=body_markdown(episode.body, base),
        summary_from_body=from_body,
        summary_html=summary_html,
    )
    return notes, problems


def _platform_view(notes: Notes, platform: str) -> Notes:
    row = NOTES_PLATFORMS[platform]
    listen = tuple(link for link in notes.listen
                   if LISTENING_LINKS.get(row.itself or "") != link.text)
    if row.external:  # links to #fragments of a page mean nothing elsewhere
        return replace(notes, listen=listen, links=tuple(
            link for link in notes.links if not link.url.startswith("#")))
    return replace(notes, listen=listen)


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


def _steps(notes: Notes):
    """The shortening steps, in order, as ``(what it did, notes after it)``; a step with
    nothing to do is left out.  What a listener reads first and what the producer is paid for
    stays longest: the summary's first sentence, every chapter and every link are kept."""
    if len(notes.summary) > 1:
        notes = replace(notes, summary=notes.summary[:1])
        yield "dropped the summary's paragraphs after the first", notes
    if any(guest.bio for guest in notes.guests):
        notes = replace(notes, guests=tuple(replace(g, bio=None) for g in notes.guests))
        yield "dropped the guests' bios", notes
    if notes.listen:
        notes = replace(notes, listen=())
        yield "dropped the other platforms' listening links", notes
    if notes.links or notes.guests or notes.listen:
        notes = replace(notes, bare_links=True)
        yield "turned links into bare URLs", notes
    if len(notes.body) > 1:
        rest = dict.fromkeys(link.url for block in notes.body[1:] for link in block.links
                             if not link.url.startswith("#"))  # no page to point into
        notes = replace(notes, body=notes.body[:1], more_links=tuple(rest))
        yield "kept the body's first paragraph (the others' links as bare URLs)", notes
    if notes.summary and first_sentence(notes.summary[0]) != notes.summary[0]:
        notes = replace(notes, summary=(first_sentence(notes.summary[0]),))
        yield "cut the summary to its first sentence", notes


def fit(notes: Notes, platform: str, templates: Path | None = None) -> tuple[str, list[str]]:
    """Render notes for *platform* within its byte limit, shortening in the agreed order.

    Returns the text and the steps taken; raises NotesTooLong with the missing byte count
    when even the last step does not fit.
    """
    limit = NOTES_PLATFORMS[platform].limit
    text = render_platform(notes, platform, templates)
    if limit is None or _size(text) <= limit:
        return text, []
    steps: list[str] = []
    for step, shorter in _steps(notes):
        steps.append(step)
        text = render_platform(shorter, platform, templates)
        if _size(text) <= limit:
            return text, steps
    raise NotesTooLong(
        f"{platform} notes do not fit: {_size(text)} bytes after every shortening step "
        f"({'; '.join(steps)}), {_size(text) - limit} bytes over the limit of {limit}"
    )


def _cut_at_word(text: str, fits) -> str:
    """The longest start of *text* cut at a word, with ``…``, for which *fits* holds."""
    words = [m.start() for m in re.finditer(r"\s+", text) if m.start() > 0]
    low, high, best = 0, len(words) - 1, ""
    while low <= high:
        middle = (low + high) // 2
        candidate = text[:words[middle]].rstrip(" ,;:–—-") + "…"
        if fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def fallback(notes: Notes, platform: str, templates: Path | None = None) -> str:
    """The summary's first sentence, the chapter block and a link to the episode's page, for
    notes that cannot fit (the build and ``podpub notes`` alike)."""
    sentence = (first_sentence(notes.summary[0]),) if notes.summary else ()
    short = replace(notes, summary=sentence, guests=(), links=(), listen=(), body=(),
                    more_links=(), body_markdown="", page=notes.page_url, bare_links=True)
    limit = NOTES_PLATFORMS[platform].limit
    text = render_platform(short, platform, templates)
    if limit is None or _size(text) <= limit:
        return text
    short = replace(short, chapters=())  # chapters that cannot fit alone cannot fit at all
    text = render_platform(short, platform, templates)
    if _size(text) > limit and sentence:
        def fits(cut: str) -> bool:
            return _size(render_platform(replace(short, summary=(cut,)), platform,
                                         templates)) <= limit

        cut = _cut_at_word(sentence[0], fits)
        text = render_platform(replace(short, summary=(cut,) if cut else ()), platform,
                               templates)
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
            f"{exc.problems[0].message}; using the summary's first sentence, the chapters and "
            "a link to the episode page",
            path, None, "warning", "notes.too-long")])
    if not steps:
        return PlatformNotes(text, [])
    limit = NOTES_PLATFORMS[platform].limit
    return PlatformNotes(text, [Problem(f"{platform} notes shortened to fit {limit} bytes: "
                                        f"{'; '.join(steps)}", path, None, "warning",
                                        "notes.shortened")])
