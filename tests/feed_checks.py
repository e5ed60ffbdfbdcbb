"""The feed checks of REFERENCE §11 as one function: real clients (podcastparser, feedparser),
the PSP-1 element list and the W3C validator's RSS and iTunes rules.  Each failure is a line."""

from __future__ import annotations

import email.utils
import io
import re

import feedparser
import podcastparser
from lxml import etree

from publisher.rules.categories import APPLE_CATEGORIES

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
DESCRIPTION_TAGS = {"p", "ol", "ul", "li", "a", "b", "i", "strong", "em"}


def _rfc2822(value: str | None) -> bool:
    try:
        return bool(value) and email.utils.parsedate_to_datetime(value) is not None
    except (TypeError, ValueError):
        return False


def _description(text: str | None, where: str, failures: list[str]) -> None:
    if not text or not text.strip():
        failures.append(f"{where}: empty description")
        return
    if len(text.encode("utf-8")) > 4000:
        failures.append(f"{where}: description over 4000 bytes")
    body = etree.fromstring(f"<div>{text}</div>".encode(), etree.HTMLParser())
    tags = {e.tag for e in body.iter() if isinstance(e.tag, str)} - {"html", "body", "div"}
    if tags - DESCRIPTION_TAGS:
        failures.append(f"{where}: description has {sorted(tags - DESCRIPTION_TAGS)}")


def _channel(channel, failures: list[str]) -> None:
    link = channel.find("atom:link", NS)
    if link is None or link.get("rel") != "self" or link.get("type") != "application/rss+xml":
        failures.append("channel: no atom:link rel=self type=application/rss+xml")
    for tag in ("title", "link", "language"):
        value = channel.findtext(tag)
        if not value or value != value.strip():
            failures.append(f"channel: {tag} missing or padded: {value!r}")
    _description(channel.findtext("description"), "channel", failures)
    if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", channel.findtext("language") or ""):
        failures.append("channel: language is not ISO 639")
    categories = channel.findall("itunes:category", NS)
    if not categories:
        failures.append("channel: no itunes:category")
    for category in categories:
        parent = category.get("text")
        if parent not in APPLE_CATEGORIES:
            failures.append(f"channel: category {parent!r} is not Apple's")
        for sub in category.findall("itunes:category", NS):
            if sub.get("text") not in APPLE_CATEGORIES.get(parent, ()):
                failures.append(f"channel: subcategory {sub.get('text')!r} of {parent!r}")
    if channel.findtext("itunes:explicit", namespaces=NS) not in ("true", "false"):
        failures.append("channel: itunes:explicit is not true/false")
    image = channel.find("itunes:image", NS)
    if image is None or not re.match(r"^https://", image.get("href") or ""):
        failures.append("channel: no https itunes:image")
    if channel.find("itunes:type", NS) is not None and channel.findtext(
            "itunes:type", namespaces=NS) not in ("episodic", "serial"):
        failures.append("channel: itunes:type is not episodic/serial")


def _item(item, failures: list[str]) -> None:
    guid = item.findtext("guid")
    where = f"item {guid!r}"
    title = item.findtext("title")
    if not title or title != title.strip():
        failures.append(f"{where}: title missing or padded")
    enclosure = item.find("enclosure")
    if enclosure is None or not enclosure.get("url") or not enclosure.get("type") or \
            not (enclosure.get("length") or "").isdigit():
        failures.append(f"{where}: enclosure needs url, length and type")
    if not guid:
        failures.append("an item without a guid")
    if not _rfc2822(item.findtext("pubDate")):
        failures.append(f"{where}: pubDate is not RFC 2822")
    _description(item.findtext("description"), where, failures)
    duration = item.findtext("itunes:duration", namespaces=NS)
    if duration is not None and not duration.isdigit():
        failures.append(f"{where}: itunes:duration is not seconds")
    if item.findtext("itunes:explicit", namespaces=NS) not in (None, "true", "false"):
        failures.append(f"{where}: itunes:explicit is not true/false")
    for tag in ("itunes:episode", "itunes:season"):
        value = item.findtext(tag, namespaces=NS)
        if value is not None and (not value.isdigit() or int(value) == 0):
            failures.append(f"{where}: {tag} is not a non-zero whole number")
    kind = item.findtext("itunes:episodeType", namespaces=NS)
    if kind not in (None, "full", "trailer", "bonus"):
        failures.append(f"{where}: itunes:episodeType {kind!r}")


def feed_failures(xml: bytes) -> list[str]:
    """Everything the checkers would hold against *xml*; [] for a feed that passes."""
    failures: list[str] = []
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if root.tag != "rss" or root.get("version") != "2.0":
        failures.append("not <rss version=\"2.0\">")
    for prefix in ("itunes", "podcast", "atom"):
        if root.nsmap.get(prefix) != NS[prefix]:
            failures.append(f"namespace {prefix} is not declared as {NS[prefix]}")
    channel = root.find("channel")
    _channel(channel, failures)
    items = channel.findall("item")
    guids = [item.findtext("guid") for item in items]
    if len(set(guids)) != len(guids):
        failures.append("two items share a GUID")
    for item in items:
        _item(item, failures)
    parsed = feedparser.parse(xml)
    if parsed.bozo:
        failures.append(f"feedparser: {parsed.get('bozo_exception')}")
    if len(parsed.entries) != len(items):
        failures.append(f"feedparser sees {len(parsed.entries)} of {len(items)} items")
    gpodder = podcastparser.parse("https://example.org/feed.xml", io.BytesIO(xml))
    if len(gpodder["episodes"]) != len(items):
        failures.append(f"podcastparser sees {len(gpodder['episodes'])} of {len(items)} items")
    return failures
