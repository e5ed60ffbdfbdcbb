"""Reading a podcast feed someone else wrote, leniently.

Real feeds are often invalid and sometimes not even well-formed XML, so lxml's recovering
parser reads them, and every part it had to skip is named.  Namespaces are matched by
family: hosts spell the Podcasting 2.0 one two ways, Atom with a trailing slash, and so on.
Values are kept as the feed wrote them; deciding what they mean is the importer's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import Problem, PublisherError

NAMESPACES = {
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "https://podcastindex.org/namespace/1.0": "podcast",
    "https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md": "podcast",
    "http://www.w3.org/2005/atom": "atom",
    "http://purl.org/rss/1.0/modules/content": "content",
    "http://podlove.org/simple-chapters": "psc",
}


@dataclass(frozen=True)
class ForeignPerson:
    name: str
    role: str  # lower case; "host" when the feed gives none
    href: str = ""
    img: str = ""


@dataclass
class ForeignItem:
    line: int | None
    title: str = ""
    guid: str = ""
    pub_date: str = ""
    enclosure_url: str = ""
    enclosure_length: str = ""
    enclosure_type: str = ""
    duration: str = ""
    season: str = ""
    episode: str = ""
    episode_type: str = ""
    explicit: str = ""
    image: str = ""
    link: str = ""
    html: str = ""  # content:encoded, else description
    chapters_url: str = ""
    chapters_type: str = ""
    psc_chapters: list[dict[str, str]] = field(default_factory=list)
    transcripts: list[dict[str, str]] = field(default_factory=list)
    persons: list[ForeignPerson] = field(default_factory=list)

    @property
    def identity(self) -> str:
        """What podcast apps know the item by: its GUID, else its link, else its
        enclosure's URL (as gPodder's podcastparser takes it)."""
        return episode_id(self.guid, self.link, self.enclosure_url)


def episode_id(guid: str, link: str, enclosure_url: str) -> str:
    return (guid or link or enclosure_url).strip()


@dataclass
class ForeignFeed:
    source: str
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    itunes_images: list[str] = field(default_factory=list)
    rss_images: list[str] = field(default_factory=list)  # <image><url>
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    categories: list[tuple[str, str]] = field(default_factory=list)  # (parent, sub or "")
    explicit: str = ""
    type: str = ""
    podcast_guid: str = ""
    locked: str = ""
    copyright: str = ""
    funding: list[tuple[str, str]] = field(default_factory=list)
    self_url: str = ""
    persons: list[ForeignPerson] = field(default_factory=list)
    items: list[ForeignItem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # element -> count, not carried


def _name(element) -> str:
    """``prefix:local`` for the namespaces podpub reads, the bare name for RSS's own."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        prefix = NAMESPACES.get(uri.lower().rstrip("/"))
        return f"{prefix}:{local}" if prefix else f"{element.prefix or '?'}:{local}"
    return tag


def _text(element) -> str:
    """The element's text; markup written into it without escaping is kept as markup."""
    if element is None:
        return ""
    if len(element):
        from lxml import etree

        inner = (element.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
        return inner.strip()
    return (element.text or "").strip()


def _attr(element, name: str) -> str:
    return (element.get(name) or "").strip()


def _person(element) -> ForeignPerson | None:
    name = _text(element)
    if not name:
        return None
    return ForeignPerson(name, (_attr(element, "role") or "host").lower(),
                         _attr(element, "href"), _attr(element, "img"))


# what podpub writes anew from its own data (dates, generator, summaries, its own tags)
REWRITTEN = frozenset({
    "generator", "pubDate", "lastBuildDate", "docs", "ttl", "managingEditor", "webMaster",
    "itunes:summary", "itunes:subtitle", "itunes:author", "itunes:keywords", "author",
    "itunes:title", "itunes:name", "itunes:email", "category", "dc:creator",
})


# elements whose text is taken as it is (the first one, when there are several)
_CHANNEL_TEXT = {"title": "title", "link": "link", "language": "language",
                 "copyright": "copyright", "itunes:author": "author",
                 "itunes:explicit": "explicit", "itunes:type": "type",
                 "podcast:guid": "podcast_guid", "podcast:locked": "locked"}
_ITEM_TEXT = {"title": "title", "guid": "guid", "pubDate": "pub_date", "link": "link",
              "itunes:duration": "duration", "itunes:season": "season",
              "itunes:episode": "episode", "itunes:episodeType": "episode_type",
              "itunes:explicit": "explicit", "podcast:season": "season",
              "podcast:episode": "episode"}


def _channel_value(feed: ForeignFeed, name: str, element) -> bool:
    if name in _CHANNEL_TEXT:
        if not getattr(feed, _CHANNEL_TEXT[name]):
            setattr(feed, _CHANNEL_TEXT[name], _text(element))
    elif name in ("description", "itunes:summary"):
        feed.description = feed.description or _text(element)
    elif name == "itunes:image" and _attr(element, "href"):
        feed.itunes_images.append(_attr(element, "href"))
    elif name == "image":
        url = next((_text(c) for c in element if _name(c) == "url"), "") or _attr(element, "url")
        if url:
            feed.rss_images.append(url)
    elif name == "itunes:owner":
        for child in element:
            if _name(child) == "itunes:name":
                feed.owner_name = _text(child)
            elif _name(child) == "itunes:email":
                feed.owner_email = _text(child)
    elif name == "itunes:category":
        parent = _attr(element, "text")
        subs = [_attr(c, "text") for c in element if _name(c) == "itunes:category"]
        for sub in subs or [""]:
            if parent:
                feed.categories.append((parent, sub))
    elif name == "podcast:funding" and _attr(element, "url"):
        feed.funding.append((_attr(element, "url"), _text(element) or "Support the show"))
    elif name == "atom:link" and _attr(element, "rel") == "self":
        feed.self_url = feed.self_url or _attr(element, "href")
    elif name == "podcast:person" and (person := _person(element)):
        feed.persons.append(person)
    else:
        return False
    return True


def _item(element, dropped: dict[str, int]) -> ForeignItem:
    item = ForeignItem(line=element.sourceline)
    description = content = ""
    for child in element:
        name = _name(child)
        if name in _ITEM_TEXT:
            if not getattr(item, _ITEM_TEXT[name]):
                setattr(item, _ITEM_TEXT[name], _text(child))
        elif name == "enclosure" and not item.enclosure_url:
            item.enclosure_url = _attr(child, "url")
            item.enclosure_length = _attr(child, "length")
            item.enclosure_type = _attr(child, "type")
        elif name == "itunes:image" and _attr(child, "href"):
            item.image = item.image or _attr(child, "href")
        elif name == "description":
            description = _text(child)
        elif name == "content:encoded":
            content = _text(child)
        elif name == "podcast:chapters" and _attr(child, "url"):
            item.chapters_url, item.chapters_type = _attr(child, "url"), _attr(child, "type")
        elif name == "podcast:transcript" and _attr(child, "url"):
            item.transcripts.append({key: _attr(child, key)
                                     for key in ("url", "type", "language", "rel")})
        elif name == "psc:chapters":
            item.psc_chapters = [{key: _attr(c, key) for key in ("start", "title", "href", "image")}
                                 for c in child if _name(c) == "psc:chapter"]
        elif name == "podcast:person" and (person := _person(child)):
            item.persons.append(person)
        elif name and name not in REWRITTEN:
            dropped[name] = dropped.get(name, 0) + 1
    item.html = content or description
    return item


def _channel(data: bytes, source: str, skipped: list[Problem]):
    """The ``<channel>`` of the feed in *data*, read past what is not well-formed (each
    such place added to *skipped*)."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        root = etree.fromstring(stripped, parser) if stripped else None
    except etree.XMLSyntaxError:
        root = None
    offset = data[: len(data) - len(stripped)].count(b"\n")
    for entry in parser.error_log:
        skipped.append(Problem(f"not well-formed XML, read past it: {entry.message}",
                               source, entry.line + offset, "warning", "import.xml"))
    channel = root.find("channel") if root is not None and _name(root) == "rss" else None
    if channel is None:
        raise PublisherError("not an RSS feed: expected <rss> with a <channel>", source,
                             code="import.not-a-feed")
    return channel, offset


def episode_ids(source: str | Path) -> dict[str, str]:
    """GUID (else link) → title of every item with an enclosure in the feed at *source* (a
    path or an http(s) URL): the episodes its subscribers have.  Read as leniently as an
    import reads a feed, without reading anything else of it."""
    from publisher.source.remote import read_source

    channel, _ = _channel(read_source(source, "feed"), str(source), [])
    ids = {}
    for item in channel.iter("item"):
        enclosure = item.find("enclosure")
        if enclosure is None:
            continue  # no audio: not an episode anyone has
        key = episode_id(_text(item.find("guid")), _text(item.find("link")),
                         _attr(enclosure, "url"))
        if key:
            ids[key] = _text(item.find("title"))
    return ids


def read_foreign_feed(data: bytes, source: str) -> ForeignFeed:
    """Read the feed in *data* (from *source*, for messages) as well as it can be read."""
    feed = ForeignFeed(source=source)
    channel, offset = _channel(data, source, feed.skipped)
    for child in channel:
        name = _name(child)
        if name == "item":
            feed.items.append(_item(child, feed.dropped))
        elif name == "podcast:liveItem":
            feed.skipped.append(Problem(
                f"podcast:liveItem {_text(child.find('title'))!r} skipped: podpub publishes "
                "recorded episodes, not live streams", source, child.sourceline + offset,
                "warning", "import.skipped"))
        elif not _channel_value(feed, name, child) and name and name not in REWRITTEN:
            feed.dropped[name] = feed.dropped.get(name, 0) + 1
    return feed


def read_feed_file(source: str | Path) -> ForeignFeed:
    """Read a feed from a path or an ``http(s)`` URL."""
    from publisher.source.remote import read_source

    return read_foreign_feed(read_source(source, "feed"), str(source))
