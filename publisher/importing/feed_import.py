"""A published feed as podpub's files: ``show.yaml``, one episode file per item, people.

What subscribers depend on is copied verbatim (GUID, title, date, enclosure URL and type,
duration, season and episode); what podpub's build would refuse is repaired, and every
repair is listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from publisher.errors import Problem, PublisherError
from publisher.importing import repairs
from publisher.importing.transcript_import import entries_from_cues, seconds
from publisher.rules.publishing import ENCLOSURE_TYPES
from publisher.source.files import dump_yaml
from publisher.source.foreign_feed import ForeignFeed, ForeignItem, ForeignPerson
from publisher.source.media import MIME_TYPES
from publisher.source.remote import is_url
from publisher.timecode import parse_timecode, shorten

DESCRIPTION_LIMIT = 4000
HOST_ROLES = ("host", "co-host", "cohost")
PLACEHOLDER_CATEGORY = "Technology"


@dataclass
class Imported:
    """The files of the imported show (relative path → text), and what the import says."""

    files: dict[str, str] = field(default_factory=dict)
    repairs: dict[str, list[str]] = field(default_factory=dict)  # repair → files it touched
    todos: dict[str, list[str]] = field(default_factory=dict)  # what the producer must do
    problems: list[Problem] = field(default_factory=list)  # skipped parts, failed fetches
    episodes: int = 0
    people: int = 0

    def repair(self, why: str | None, where: str) -> None:
        if why:
            self.repairs.setdefault(why, []).append(where)

    def todo(self, why: str | None, where: str) -> None:
        """Something the import could not repair: the build refuses it until it is done."""
        if why:
            self.todos.setdefault(why, []).append(where)

    def repair_lines(self) -> list[str]:
        lines = []
        for label, found in (("repaired", self.repairs), ("to do before building", self.todos)):
            for why, places in found.items():
                shown = ", ".join(places[:3]) + (
                    f" and {len(places) - 3} more" if len(places) > 3 else "")
                lines.append(f"{label}: {why} ({shown})")
        return lines


class _Importer:
    def __init__(self, feed: ForeignFeed, feed_url: str, fetch: bool) -> None:
        self.feed, self.feed_url, self.fetch = feed, feed_url, fetch
        self.out = Imported(problems=list(feed.skipped))
        self.people: dict[str, str] = {}  # name → id
        self.taken: set[str] = set()
        self.hosts: list[str] = []
        self.unreachable: set[str] = set()  # hosts that did not answer
        self.artwork = repairs.artwork(feed.itunes_images + feed.rss_images)

    def person(self, person: ForeignPerson) -> str:
        if person.name not in self.people:
            key = repairs.slug(person.name, set(self.people.values()))
            self.people[person.name] = key
            front = {"title": person.name}
            if person.href:
                front["web"] = person.href
            if person.img:
                front["picture"] = person.img
            self.out.files[f"people/{key}.md"] = f"---\n{dump_yaml(front)}---\n"
            self.out.people += 1
        return self.people[person.name]

    def host(self, person: ForeignPerson) -> None:
        key = self.person(person)
        if key not in self.hosts:
            self.hosts.append(key)

    def fetched(self, url: str, what: str, where: str) -> bytes | None:
        import urllib.parse

        from publisher.source.remote import fetch

        host = urllib.parse.urlsplit(url).netloc
        if host in self.unreachable:  # one timeout per host, not one per file
            self.out.problems.append(Problem(
                f"the {what} {url} was not fetched: {host} did not answer before; its URL is "
                "kept", where, None, "warning", "import.fetch"))
            return None
        try:
            return fetch(url, what)
        except PublisherError as exc:
            message = exc.problems[0].message
            if "cannot connect" in message or "no answer within" in message:
                self.unreachable.add(host)
            self.out.problems.append(Problem(f"{message}: its URL is kept", where, None,
                                             "warning", "import.fetch"))
            return None

    def chapters(self, item: ForeignItem, where: str) -> list[dict] | str | None:
        if item.psc_chapters:
            chapters = []
            for chapter in item.psc_chapters:
                try:
                    start = parse_timecode(chapter["start"])
                except ValueError:
                    self.out.repair(f"a psc:chapter start {chapter['start']!r} is not a time: "
                                    "left out", where)
                    continue
                entry = {"start": seconds(start), "title": chapter["title"] or "Chapter"}
                entry.update({k: v for k, v in (("url", chapter["href"]),
                                                ("image", chapter["image"])) if v})
                chapters.append(entry)
            return chapters or None
        if not item.chapters_url:
            return None
        if self.fetch and (data := self.fetched(item.chapters_url, "chapters", where)):
            try:
                given = json.loads(data)["chapters"]
                return [{"start": seconds(float(c["startTime"])), "title": str(c["title"]),
                         **({"url": c["url"]} if c.get("url") else {}),
                         **({"image": c["img"]} if c.get("img") else {})}
                        for c in given if c.get("title") and c.get("toc", True) is not False]
            except (ValueError, KeyError, TypeError, AttributeError):
                self.out.problems.append(Problem(
                    f"the chapters file {item.chapters_url} is not Podcasting 2.0 JSON "
                    "chapters: its URL is kept", where, None, "warning", "import.fetch"))
        return item.chapters_url

    def transcript(self, item: ForeignItem, where: str, front: dict) -> None:
        from publisher.source.transcript_files import read_cues

        if not item.transcripts:
            return
        if self.fetch:
            rank = {"json": 0, "vtt": 1, "srt": 2}
            for given in sorted(item.transcripts, key=lambda t: min(
                    (r for k, r in rank.items() if k in t["type"].lower() + t["url"].lower()),
                    default=9)):
                data = self.fetched(given["url"], "transcript", where)
                if data is None:
                    continue
                try:
                    cues = read_cues(data.decode("utf-8", "replace"), given["url"],
                                     given["type"])
                except PublisherError as exc:
                    self.out.problems.append(Problem(
                        f"the transcript {given['url']}: {exc.problems[0].message}; its URL "
                        "is kept", where, None, "warning", "import.fetch"))
                    continue
                if cues:
                    front["transcript"] = entries_from_cues(cues)
                    return
        front["transcript_files"] = [{k: v for k, v in t.items() if v}
                                     for t in item.transcripts]

    def enclosure(self, item: ForeignItem, where: str) -> dict:
        length = item.enclosure_length.strip()
        if length.isdigit() and int(length) > 0:
            size = int(length)
        else:
            size = 0
            if self.fetch:
                from publisher.source.remote import content_length

                size = content_length(item.enclosure_url) or 0
            self.out.repair("no enclosure length" + (
                ": the server's Content-Length used" if size else
                ": 0 (apps show no size; give audio.length when known)"), where)
        kind = item.enclosure_type
        if kind not in ENCLOSURE_TYPES:
            suffix = "." + item.enclosure_url.split("?")[0].rsplit(".", 1)[-1].lower()
            if suffix in MIME_TYPES:
                self.out.repair(f"enclosure type {kind!r} → {MIME_TYPES[suffix]!r} (from the "
                                "file name)", where)
                kind = MIME_TYPES[suffix]
        url, why = repairs.https(item.enclosure_url, "the enclosure")
        self.out.repair(why, where)
        audio = {"url": url, "length": size, "type": kind}
        seconds, why = repairs.duration(item.duration)
        self.out.repair(why, where)
        if seconds is not None:
            audio["duration"] = seconds
        return audio

    def item(self, item: ForeignItem, number: int | None, duplicate: bool = False) -> None:
        name = repairs.slug(item.title or item.guid or "episode", self.taken) + ".md"
        where = f"episodes/{name}"
        front: dict = {"title": item.title or item.guid}
        if not item.title:
            self.out.repair("an item without a title: its GUID is the title", where)
        if item.identity:
            front["guid"] = item.identity
        if not item.guid and item.identity:
            self.out.repair("an item without a GUID: its link, else its enclosure URL, is the "
                            "GUID, as podcast apps take it", where)
        day, why = repairs.date(item.pub_date)
        (self.out.repair if day else self.out.todo)(why, where)
        if day:
            front["pubdate"] = day
        for key, value in (("season", item.season), ("episode", item.episode)):
            whole, why = repairs.whole(value)
            self.out.repair(why and f"{key} {why}", where)
            if whole is not None:
                front[key] = whole
        if number is not None:
            front["episode"] = number
            self.out.repair("a serial show's episode without a number: numbered in date order "
                            "after the highest given", where)
        if item.episode_type:
            kind = item.episode_type.strip().lower()
            if kind in ("full", "trailer", "bonus"):
                front["episode_type"] = kind
            else:
                self.out.repair(f"episode type {item.episode_type!r} is not full, trailer or "
                                "bonus: left out", where)
        explicit, why = repairs.flag(item.explicit)
        self.out.repair(why and f"explicit {why}", where)
        if explicit is not None:
            front["explicit"] = explicit
        if item.image:
            image, why = repairs.https(item.image, "episode art")
            self.out.repair(why, where)
            if image != self.artwork[0]:  # the show's: not repeated per episode
                front["image"] = image
        if item.link:
            front["link"] = item.link
        if duplicate:  # apps keep one episode per GUID: the first, as the feed lists them
            front["draft"] = True
            self.out.repair("an item whose GUID an item above it has already: kept as a draft",
                            where)
        if not item.enclosure_url:
            front["draft"] = True
            self.out.problems.append(Problem(
                "an item without an enclosure (no audio) is kept as a draft: podpub publishes "
                "episodes with audio", where, None, "warning", "import.no-audio"))
        else:
            front["audio"] = self.enclosure(item, where)
        guests = [self.person(p) for p in item.persons if p.role not in HOST_ROLES]
        for person in item.persons:
            if person.role in HOST_ROLES:
                self.host(person)
        if guests:
            front["guests"] = guests
        chapters = self.chapters(item, where)
        if chapters:
            front["chapters"] = chapters
        self.transcript(item, where, front)
        self.out.files[where] = f"---\n{dump_yaml(front)}---\n\n{markdown(item.html)}"
        self.out.episodes += 1

    def show(self, source: str) -> dict:
        feed, out = self.feed, self.out
        description = repairs.plain_text(feed.description)
        if description != feed.description.strip():
            out.repair("the channel description's HTML written as text", "show.yaml")
        if len(description.encode("utf-8")) > DESCRIPTION_LIMIT:
            description = shorten(description, DESCRIPTION_LIMIT // 4)
            out.repair("the channel description is longer than Apple's 4000 bytes: shortened",
                       "show.yaml")
        link = feed.link or self.feed_url.rsplit("/", 1)[0] + "/"
        out.repair(None if feed.link else f"no channel link: the feed's folder {link} used",
                   "show.yaml")
        image, why = self.artwork
        (out.repair if image else out.todo)(why, "show.yaml")
        if image:
            image, why = repairs.https(image, "artwork")
            out.repair(why, "show.yaml")
        categories: list[str] = []
        for parent, sub in feed.categories:
            name, why = repairs.category(parent, sub)
            out.repair(why, "show.yaml")
            if name and name not in categories:
                categories.append(name)
        if not categories:
            categories = [PLACEHOLDER_CATEGORY]
            out.repair(f"the feed names no Apple category: {PLACEHOLDER_CATEGORY!r} for now, "
                       "choose yours", "show.yaml")
        explicit, why = repairs.flag(feed.explicit)
        out.repair(why and f"explicit {why}", "show.yaml")
        config: dict = {
            "title": feed.title or "Untitled", "description": description or feed.title,
            "link": link, "feed_url": self.feed_url, "language": feed.language or "en",
        }
        if image:
            config["image"] = image
        config["author"] = feed.author or feed.owner_name or feed.title
        if feed.owner_email:
            name = feed.owner_name or feed.author or feed.title
            out.repair(None if feed.owner_name else "owner without a name: the author used",
                       "show.yaml")
            config["owner"] = {"name": name, "email": feed.owner_email}
        config["categories"] = categories
        config["explicit"] = bool(explicit)
        kind = (feed.type or "episodic").strip().lower()
        config["type"] = kind if kind in ("episodic", "serial") else "episodic"
        if self.hosts:
            config["hosts"] = self.hosts
        original = feed.self_url or (source if is_url(source) else "")
        if feed.podcast_guid or original:
            from publisher.formats.feed import podcast_guid

            config["podcast_guid"] = feed.podcast_guid or podcast_guid(original)
        locked, _ = repairs.flag(feed.locked)
        config["locked"] = bool(locked) and bool(feed.owner_email)
        if feed.copyright:
            config["copyright"] = feed.copyright
        if feed.funding:
            config["funding"] = [{"url": url, "text": text} for url, text in feed.funding]
        config["published"] = source
        return config


def markdown(html: str) -> str:
    """Show notes' HTML as Markdown (markdownify), blank runs and trailing spaces trimmed."""
    if not html.strip():
        return ""
    from markdownify import markdownify

    text = markdownify(html, heading_style="ATX", bullets="-")
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _serial_numbers(feed: ForeignFeed) -> dict[int, int]:
    """Item position → the number a serial show's unnumbered items get, in date order after
    the highest number given."""
    if (feed.type or "").strip().lower() != "serial":
        return {}
    given = [int(i.episode) for i in feed.items if i.episode.strip().isdigit()]
    missing = [n for n, i in enumerate(feed.items) if not i.episode.strip().isdigit()]
    missing.sort(key=lambda n: (repairs.date(feed.items[n].pub_date)[0] or "", n))
    start = max(given, default=0)
    return {position: start + rank for rank, position in enumerate(missing, start=1)}


def import_feed(feed: ForeignFeed, source: str, feed_url: str | None,
                fetch: bool = False) -> Imported:
    """The files of *feed* (read from *source*) as a podpub show whose feed will live at
    *feed_url* (default: the feed's own ``atom:link rel="self"``)."""
    feed_url = (feed_url or feed.self_url).strip()
    if not feed_url:
        raise PublisherError("the feed does not say where it lives (no atom:link "
                             "rel=\"self\"): give --feed-url, the URL the new feed will have; "
                             "nothing was written", source, code="import.no-feed-url")
    if not feed.items:
        raise PublisherError("the feed has no items to import; nothing was written", source,
                             code="import.empty")
    importer = _Importer(feed, feed_url, fetch)
    for person in feed.persons:
        if person.role in HOST_ROLES:
            importer.host(person)
    numbers = _serial_numbers(feed)
    seen: set[str] = set()
    for position, item in enumerate(feed.items):
        importer.item(item, numbers.get(position), duplicate=item.identity in seen)
        seen.add(item.identity)
    config = importer.show(source)
    out = importer.out
    out.files["show.yaml"] = (f"# imported by podpub from {source}; `podpub new` writes a "
                              "show.yaml with every key explained.\n# Builds are checked "
                              "against 'published': no episode of it is dropped.\n"
                              f"{dump_yaml(config)}")
    out.files[".gitignore"] = ".podpub-cache/\npublic/\n"
    if feed.dropped:
        listed = ", ".join(f"{name} ×{count}" if count > 1 else name
                           for name, count in sorted(feed.dropped.items()))
        out.problems.append(Problem(
            f"not carried over (podpub has no place for them yet; see the source feed): "
            f"{listed}", source, None, "warning", "import.not-carried"))
    return out
