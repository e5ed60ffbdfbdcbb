"""The built feed as real clients and the checkers see it (podcastparser, feedparser, PSP-1)."""

from __future__ import annotations

import io
import json
import re
import uuid

import feedparser
import podcastparser
import pytest
import yaml
from conftest import EXAMPLE_SHOW, run
from lxml import etree
from shows import build_corpus_show, published_count

from publisher.formats.feed import podcast_guid
from publisher.source.episodes import load_episode

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
AS_OF = "2026-11-28"


@pytest.fixture(scope="module", params=["head", "old"])
def built(request, tmp_path_factory):
    show, out = build_corpus_show(tmp_path_factory.mktemp(request.param), request.param, AS_OF)
    return request.param, show, out, (out / "feed.xml").read_bytes()


def episodes_by_guid(show):
    out = {}
    for path in sorted((show / "episodes").glob("*.md")):
        if path.name.startswith("_"):
            continue
        episode, _ = load_episode(path)
        out[episode.front["ids"]["youtube"]] = episode
    return out


def test_podcastparser_sees_every_episode(built):
    snapshot, show, out, xml = built
    parsed = podcastparser.parse("https://example.org/feed.xml", io.BytesIO(xml))
    episodes = episodes_by_guid(show)
    assert len(parsed["episodes"]) == published_count(snapshot) == len(episodes)
    for item in parsed["episodes"]:
        episode = episodes[item["guid"]]
        assert item["title"] == episode.title
        audio = episode.front["audio"]
        assert item["enclosures"] == [
            {"url": audio["url"], "file_size": audio["length"], "mime_type": "audio/mpeg"}
        ]
        assert item["total_time"] == audio["duration"]
        assert item["season"] == episode.season and item["number"] == episode.number
        chapters_file = out / "episodes" / episode.slug / "chapters.json"
        if not chapters_file.exists():  # no headers (ai-for-ecology has none)
            assert not item.get("chapters")
            assert "header" not in str(episode.front.get("transcript", ""))
            continue
        chapters_json = chapters_file.read_text()
        expected = [(int(c["startTime"]), c["title"])
                    for c in json.loads(chapters_json)["chapters"]]
        assert [(c["start"], c["title"]) for c in item["chapters"]] == expected
        assert expected[0][0] == 0


def test_feedparser_reads_it_without_error(built):
    snapshot, show, out, xml = built
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == published_count(snapshot)
    episodes = episodes_by_guid(show)
    for entry in parsed.entries:
        episode = episodes[entry.id]
        assert entry.title == episode.title
        assert entry.enclosures[0].href == episode.front["audio"]["url"]
        assert entry.itunes_duration == str(episode.front["audio"]["duration"])
        assert entry.link == f"https://example.org/{snapshot}/episodes/{episode.slug}/"


def test_newest_first_and_last_build_date(built):
    _, _, _, xml = built
    parsed = feedparser.parse(xml)
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.updated_parsed == dates[0]


def _root(xml: bytes):
    return etree.fromstring(xml)


def test_psp1_channel_elements(built):
    snapshot, _, _, xml = built
    root = _root(xml)
    assert root.tag == "rss" and root.get("version") == "2.0"
    for prefix in ("itunes", "podcast", "atom", "content", "psc"):
        assert root.nsmap[prefix] == NS[prefix]
    channel = root.find("channel")
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self" and self_link.get("type") == "application/rss+xml"
    assert self_link.get("href") == f"https://example.org/{snapshot}/feed.xml"
    for tag in ("title", "description", "link", "language"):
        assert channel.findtext(tag).strip()
    assert len(channel.findtext("description").encode()) <= 4000
    category = channel.find("itunes:category", NS)
    assert category.get("text") == "Technology"
    nested = channel.findall("itunes:category", NS)[1]
    assert (nested.get("text"), nested[0].get("text")) == ("Education", "Courses")
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.find("itunes:image", NS).get("href").endswith(".jpg")
    locked = channel.find("podcast:locked", NS)
    assert locked.text == "yes" and locked.get("owner") == "podcast@example.org"
    assert channel.findtext("podcast:guid", namespaces=NS) == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert channel.findtext("itunes:author", namespaces=NS) == "DataTalks.Club"
    host = channel.find("podcast:person", NS)
    assert (host.text, host.get("role")) == ("Alexey Grigorev", "host")
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == "podcast@example.org"


def test_psp1_item_elements(built):
    _, _, _, xml = built
    for item in _root(xml).iter("item"):
        assert item.findtext("title").strip()
        enclosure = item.find("enclosure")
        assert enclosure.get("url").startswith("https://") and int(enclosure.get("length")) > 0
        assert enclosure.get("type") == "audio/mpeg"
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("link").startswith("https://")
        assert re.match(r"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$",
                        item.findtext("pubDate"))
        description = item.findtext("description")
        assert len(description.encode("utf-8")) <= 4000
        body = etree.fromstring(f"<div>{description}</div>".encode(), etree.HTMLParser())
        tags = {e.tag for e in body.iter()} - {"html", "body", "div"}
        assert tags <= {"p", "ol", "ul", "li", "a", "b", "i", "strong", "em"}
        assert item.findtext("content:encoded", namespaces=NS)
        assert re.fullmatch(r"\d+", item.findtext("itunes:duration", namespaces=NS))
        assert item.findtext("itunes:explicit", namespaces=NS) in ("true", "false")
        assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
        assert item.findtext("podcast:season", namespaces=NS) == item.findtext(
            "itunes:season", namespaces=NS)
        chapters = item.find("podcast:chapters", NS)
        if chapters is None:
            assert item.find("psc:chapters", NS) is None
            continue
        assert chapters.get("type") == "application/json+chapters"
        assert chapters.get("url").endswith("/chapters.json")
        assert item.find("psc:chapters", NS).get("version") == "1.2"
        people = item.findall("podcast:person", NS)
        assert people[0].get("role") == "host"
        image = item.find("itunes:image", NS)
        assert image is None or image.get("href").startswith("https://")


def test_description_in_cdata(built):
    _, _, _, xml = built
    assert b"<description><![CDATA[" in xml


def test_podcast_guid_matches_the_spec_examples():
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert uuid.UUID(podcast_guid("https://example.org/feed.xml")).version == 5


def test_example_show_builds_and_pins_its_guid(tmp_path):
    result = run("build", EXAMPLE_SHOW, "-o", tmp_path / "out", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    config = yaml.safe_load((EXAMPLE_SHOW / "show.yaml").read_text())
    assert config["podcast_guid"] == podcast_guid(config["feed_url"])
    parsed = podcastparser.parse("x", io.BytesIO((tmp_path / "out" / "feed.xml").read_bytes()))
    assert len(parsed["episodes"]) == len(list((EXAMPLE_SHOW / "episodes").glob("*.md")))
