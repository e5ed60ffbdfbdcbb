"""The podcast RSS feed, written with feedgen and our extensions (``feed_ext``)."""

from __future__ import annotations

import re
import uuid

from publisher import __version__
from publisher.formats.feed_ext import PodcastIndexEntryExtension, PodcastIndexExtension
from publisher.models import (
    FeedItem,
    Person,
    PersonTag,
    Show,
)
from publisher.rules.publishing import absolute_url

GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 ``podcast:guid``: UUIDv5 of the feed URL without scheme and slash."""
    seed = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, seed))


def person_tag(show: Show, person: Person, role: str) -> PersonTag:
    from publisher.source.people import profile_url

    return PersonTag(
        name=person.name,
        role=role,
        href=profile_url(person),
        img=absolute_url(show, person.picture) if person.picture else None,
    )


def _feedgen():
    """A FeedGenerator with the extensions every part of the feed is written with."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podpub", PodcastIndexExtension, PodcastIndexEntryExtension)
    return fg


def _generator(show: Show, hosts: list[PersonTag], guid: str):
    fg = _feedgen()
    fg.title(show.title)
    fg.description(show.description)
    fg.link(href=show.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=show.link, rel="alternate")  # the last link() is the channel <link>
    fg.language(show.language)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.generator(f"podpub {__version__}")
    fg.image(url=show.image, title=show.title, link=show.link)
    fg.podcast.itunes_author(show.author or show.title)
    if show.owner and show.owner.name and show.owner.email:
        fg.podcast.itunes_owner(name=show.owner.name, email=show.owner.email)
    fg.podcast.itunes_category(_categories(show))
    fg.podcast.itunes_type(show.type)
    if show.new_feed_url:
        fg.podcast.itunes_new_feed_url(show.new_feed_url)
    ext: PodcastIndexExtension = fg.podpub
    ext.image = show.image
    ext.explicit = show.explicit
    ext.guid = guid
    ext.locked = show.locked
    ext.locked_owner = show.owner.email if show.owner and show.owner.email else None
    ext.funding = [(f.url, f.text) for f in show.funding]
    ext.people = hosts
    return fg


_ITEM_START, _ITEM_END, _CHANNEL_END = "\n    <item>\n", "    </item>\n", "  </channel>\n"


def render_item(show: Show, item: FeedItem) -> str:
    """One ``<item>`` exactly as the whole feed holds it (feedgen writes it, pretty-printed
    at its depth): the build renders each in its worker and caches it, and the feed is put
    together from them without rendering any again."""
    fg = _feedgen()  # the channel is a placeholder: an item never depends on it
    fg.title("-")
    fg.description("-")
    fg.link(href="https://example.org/")
    _add_item(fg, show, item)
    text = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True).decode("utf-8")
    start = text.index(_ITEM_START) + 1
    end = text.rindex(_ITEM_END) + len(_ITEM_END)
    return text[start:end]


def feed_frame(show: Show, hosts: list[PersonTag], guid: str, last_build) -> tuple[str, str]:
    """The feed before and after its items, written by feedgen: the items (as
    ``render_item`` wrote them, newest first) go between.  Never reads the clock:
    *last_build* is the newest episode's date."""
    fg = _generator(show, hosts, guid)
    fg.lastBuildDate(last_build)
    channel = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True).decode("utf-8")
    cut = channel.rindex(_CHANNEL_END)
    return channel[:cut], channel[cut:]


def _categories(show: Show) -> list[dict]:
    from publisher.rules.categories import parse_category

    out = []
    for value in show.categories:
        parent, sub = parse_category(value)
        out.append({"cat": parent, "sub": sub} if sub else {"cat": parent})
    return out


def _add_item(fg, show: Show, item: FeedItem) -> None:
    pub, episode = item.publication, item.episode
    entry = fg.add_entry(order="append")
    entry.title(episode.title)
    entry.link(href=pub.link)
    entry.guid(pub.guid, permalink=False)
    entry.pubDate(pub.date)
    entry.enclosure(pub.enclosure.url, str(pub.enclosure.length), pub.enclosure.type)
    description = item.description if item.description.strip() else episode.title
    entry.description(description)
    entry.content(item.content if item.content.strip() else description, type="CDATA")
    if pub.duration is not None:
        entry.podcast.itunes_duration(int(round(pub.duration)))
    if episode.season:
        entry.podcast.itunes_season(episode.season)
    if episode.number:
        entry.podcast.itunes_episode(episode.number)
    entry.podcast.itunes_episode_type(pub.episode_type)
    ext: PodcastIndexEntryExtension = entry.podpub
    ext.image = pub.image
    ext.explicit = pub.explicit
    ext.season = episode.season
    ext.episode = episode.number
    ext.people = item.people
    ext.transcripts = item.transcripts
    if item.chapters:
        from publisher.formats.chapter_formats import CHAPTER_FORMATS
        from publisher.rules.publishing import episode_url

        ext.chapters_url = episode_url(show, episode, CHAPTER_FORMATS["json"].build_file)
        ext.chapters = item.chapters
    elif episode.chapters_url:  # a chapters file published elsewhere, linked as it is
        ext.chapters_url = episode.chapters_url

