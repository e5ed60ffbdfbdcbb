"""Our feedgen extensions: Podcasting 2.0 (``podcast:``), Podlove Simple Chapters, and
``itunes:explicit`` as ``true``/``false`` (feedgen only writes yes/no/clean)."""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

from publisher.formats.chapter_formats import CHAPTER_FORMATS, PSC_NAMESPACE, psc_element
from publisher.models import Chapter, PersonTag, TranscriptTag

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def _sub(parent, ns: str, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}",
                               {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _people(parent, people: list[PersonTag]) -> None:
    for person in people:
        _sub(parent, PODCAST_NS, "person", person.name, role=person.role, href=person.href,
             img=person.img)


class PodcastIndexExtension(BaseExtension):
    """Channel-level ``podcast:`` elements and ``itunes:explicit``."""

    def __init__(self) -> None:
        self.image: str | None = None
        self.explicit: bool | None = None
        self.guid: str | None = None
        self.locked: bool | None = None
        self.locked_owner: str | None = None
        self.funding: list[tuple[str, str]] = []
        self.people: list[PersonTag] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "psc": PSC_NAMESPACE}

    def extend_rss(self, feed):
        channel = feed[0]
        if self.image:  # feedgen's own refuses .jpeg and any URL with a query
            _sub(channel, ITUNES_NS, "image", href=self.image)
        if self.explicit is not None:
            _sub(channel, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        if self.locked is not None:
            _sub(channel, PODCAST_NS, "locked", "yes" if self.locked else "no",
                 owner=self.locked_owner)
        if self.guid:
            _sub(channel, PODCAST_NS, "guid", self.guid)
        for url, text in self.funding:
            _sub(channel, PODCAST_NS, "funding", text, url=url)
        _people(channel, self.people)
        return feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item-level ``podcast:`` elements, ``psc:chapters`` and a CDATA description."""

    def __init__(self) -> None:
        self.image: str | None = None
        self.explicit: bool | None = None
        self.season: int | None = None
        self.episode: int | None = None
        self.people: list[PersonTag] = []
        self.chapters_url: str | None = None
        self.chapters: list[Chapter] = []
        self.transcripts: list[TranscriptTag] = []

    def extend_rss(self, entry):
        description = entry.find("description")
        if description is not None and description.text:
            description.text = etree.CDATA(description.text)
        if self.image:
            _sub(entry, ITUNES_NS, "image", href=self.image)
        if self.explicit is not None:
            _sub(entry, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        if self.season:
            _sub(entry, PODCAST_NS, "season", str(self.season))
        if self.episode:
            _sub(entry, PODCAST_NS, "episode", str(self.episode))
        _people(entry, self.people)
        for transcript in self.transcripts:
            _sub(entry, PODCAST_NS, "transcript", url=transcript.url, type=transcript.type,
                 language=transcript.language, rel=transcript.rel)
        if self.chapters_url:
            _sub(entry, PODCAST_NS, "chapters", url=self.chapters_url,
                 type=CHAPTER_FORMATS["json"].mime)
        if self.chapters:
            entry.append(psc_element(self.chapters))
        return entry
