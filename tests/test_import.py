"""`podpub import feed`: real hosting platforms' feeds become shows that rebuild the same
feed, valid this time (issue 14)."""

from __future__ import annotations

import calendar
import contextlib
import functools
import http.server
import json
import re
import threading
from pathlib import Path

import feedparser
import pytest
from conftest import FEEDS, run
from feed_checks import feed_failures

from publisher.timecode import parse_timecode

FEED_FILES = sorted(FEEDS.glob("*.xml"))
NEW_URL = "https://example.org/x/feed.xml"


def seconds(value: str | None) -> int | None:
    """Whole seconds: a feed's itunes:duration is whole (PSP-1), '1014.708375' is 1015."""
    return round(parse_timecode(value)) if value else None


def facts(entry) -> dict:
    """What subscribers depend on, as feedparser reads it."""
    enclosure = entry.enclosures[0] if entry.get("enclosures") else {}
    length = enclosure.get("length") or ""
    return {
        "title": entry.get("title"),
        "url": enclosure.get("href"),
        "type": enclosure.get("type"),
        "length": int(length) if length.isdigit() and int(length) > 0 else None,
        "date": calendar.timegm(entry.published_parsed),
        "duration": seconds(entry.get("itunes_duration")),
        "season": entry.get("itunes_season"),
        "episode": entry.get("itunes_episode"),
    }


def imported(source: str | Path, tmp_path: Path, *extra: str) -> tuple[Path, bytes]:
    show, out = tmp_path / "show", tmp_path / "out"
    result = run("import", "feed", source, "-o", show, "--feed-url", NEW_URL, *extra)
    assert result.exit_code == 0, result.stderr
    assert "next steps:" in result.stderr and "301" in result.stderr
    build = run("build", show, "-o", out, "--published", source)
    assert build.exit_code == 0, build.stderr
    return show, (out / "feed.xml").read_bytes()


def assert_same_episodes(source: bytes, rebuilt: bytes) -> None:
    before = {e.id: facts(e) for e in feedparser.parse(source).entries}
    after = {e.id: facts(e) for e in feedparser.parse(rebuilt).entries}
    assert before and after.keys() == before.keys()
    for guid, mine in after.items():
        theirs = before[guid]
        if theirs["length"] is None:  # 0 or missing in the source: stays 0
            assert mine["length"] is None
        assert mine == theirs, guid


@pytest.mark.parametrize("feed", FEED_FILES, ids=lambda p: p.stem)
def test_a_real_feed_rebuilds_with_the_same_episodes(feed, tmp_path):
    show, rebuilt = imported(feed, tmp_path)
    assert_same_episodes(feed.read_bytes(), rebuilt)
    assert feed_failures(rebuilt) == []
    assert NEW_URL.encode() in rebuilt
    config = (show / "show.yaml").read_text()
    assert f"published: {feed.resolve()}" in config


def test_the_source_feeds_fail_the_checks_the_rebuilt_ones_pass():
    """The point of repairing: every source feed fails at least one check."""
    for feed in FEED_FILES:
        assert feed_failures(feed.read_bytes()), feed.name


def test_each_repair_is_listed(tmp_path):
    result = run("import", "feed", FEEDS / "sentimental-garbage.xml", "-o", tmp_path / "s")
    assert result.exit_code == 0, result.stderr  # its atom:link rel=self gives feed_url
    assert "repaired: explicit 'yes' → true" in result.stderr
    assert "repaired: category 'Arts/Literature' is now 'Arts/Books'" in result.stderr
    podverse = run("import", "feed", FEEDS / "podverse-test-feed.xml", "-o", tmp_path / "p",
                   "--feed-url", NEW_URL)
    assert "podcast:liveItem 'Live Audio' skipped" in podverse.stderr
    assert "repaired: no enclosure length: 0" in podverse.stderr
    assert "no channel link" in podverse.stderr
    pc20 = run("import", "feed", FEEDS / "pc20rss.xml", "-o", tmp_path / "v", "--feed-url",
               NEW_URL)
    assert "not carried over" in pc20.stderr and "podcast:value ×" in pc20.stderr


def test_without_a_feed_url_nothing_is_written(tmp_path):
    result = run("import", "feed", FEEDS / "launched.xml", "-o", tmp_path / "l")
    assert result.exit_code == 1 and "--feed-url" in result.stderr
    assert not (tmp_path / "l").exists()


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "mine.txt").write_text("keep")
    result = run("import", "feed", FEEDS / "launched.xml", "-o", tmp_path, "--feed-url", NEW_URL)
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_what_is_not_a_feed_is_a_clear_error(tmp_path):
    (tmp_path / "page.html").write_text("<html><body>hello</body></html>")
    result = run("import", "feed", tmp_path / "page.html", "-o", tmp_path / "x",
                 "--feed-url", NEW_URL)
    assert result.exit_code == 1 and "not an RSS feed" in result.stderr


def test_a_podpub_feed_imports_into_the_same_feed(tmp_path):
    """podpub's own feed, imported and rebuilt, keeps every episode as it was."""
    from conftest import EXAMPLE_SHOW

    assert run("build", EXAMPLE_SHOW, "-o", tmp_path / "first", "--as-of",
               "2026-11-28").exit_code == 0
    first = tmp_path / "first" / "feed.xml"
    _, rebuilt = imported(first, tmp_path / "again")
    assert_same_episodes(first.read_bytes(), rebuilt)
    assert feed_failures(rebuilt) == []


# --- over HTTP ---------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """*folder* (made if need be) served over HTTP on localhost; yields its base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


ITEM = """<item><title>{title}</title><guid isPermaLink="false">{guid}</guid>
<pubDate>Mon, 0{day} Jan 2024 10:00:00 +0000</pubDate>
<enclosure url="{audio}" length="{length}" type="audio/mpeg"/>
<itunes:duration>10:00</itunes:duration>
<podcast:chapters url="{base}/{guid}-chapters.json" type="application/json+chapters"/>
<podcast:transcript url="{base}/{guid}.vtt" type="text/vtt"/>
<description><![CDATA[<p>Notes of {title}.</p>]]></description></item>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
 xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>
<title>Served</title><link>http://example.org/</link><description>A show.</description>
<itunes:image href="https://example.org/cover.png"/><itunes:category text="Technology"/>
<itunes:explicit>clean</itunes:explicit>
{items}</channel></rss>"""


def site_with_feed(site: Path, base: str, audio: dict[str, tuple[str, str]]) -> str:
    """A feed at *base* whose items link chapters and transcripts on the same server."""
    items = []
    for day, (guid, (url, length)) in enumerate(audio.items(), start=1):
        items.append(ITEM.format(title=f"Episode {guid}", guid=guid, day=day, base=base,
                                 audio=url, length=length))
        (site / f"{guid}.mp3").write_bytes(b"\xff\xfb" * 1000)
        (site / f"{guid}-chapters.json").write_text(json.dumps({"version": "1.2", "chapters": [
            {"startTime": 0, "title": "Hello"}, {"startTime": 95.5, "title": "Topic"},
            {"startTime": 400, "title": "Bye"}]}))
        (site / f"{guid}.vtt").write_text(
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>Welcome to the show.\n\n"
            "00:00:05.000 --> 00:00:09.000\n<v Bob>Thanks for having me.\n")
    (site / "feed.xml").write_text(FEED.format(items="\n".join(items)))
    return f"{base}/feed.xml"


def test_a_feed_over_http_with_fetch(tmp_path):
    site = tmp_path / "site"
    with serving(site) as base:
        # audio elsewhere (port 1 refuses at once): its length stays as the feed gives it
        feed = site_with_feed(site, base, {"ep-a": ("https://127.0.0.1:1/a.mp3", "123"),
                                           "ep-b": ("https://127.0.0.1:1/b.mp3", "")})
        show, rebuilt = imported(feed, tmp_path / "fetched", "--fetch")
        assert_same_episodes((site / "feed.xml").read_bytes(), rebuilt)
        episode = (show / "episodes" / "episode-ep-a.md").read_text()
        assert "title: Topic" in episode and "start: 95.5" in episode
        assert "who: Ann" in episode and "line: Thanks for having me." in episode
        assert f"published: {feed}" in (show / "show.yaml").read_text()
        # without --fetch, the files stay where they are and the feed links them
        show, rebuilt = imported(feed, tmp_path / "linked")
        assert f"{base}/ep-a-chapters.json".encode() in rebuilt
        assert f"{base}/ep-a.vtt".encode() in rebuilt
        # a file that cannot be had is one clear line, and its URL is kept
        (site / "ep-b.vtt").unlink()
        result = run("import", "feed", feed, "-o", tmp_path / "missing", "--feed-url", NEW_URL,
                     "--fetch")
        assert result.exit_code == 0, result.stderr
        assert f"cannot fetch the transcript {base}/ep-b.vtt: the server answered 404" in \
            result.stderr
        assert f"url: {base}/ep-b.vtt" in (tmp_path / "missing" / "episodes" /
                                            "episode-ep-b.md").read_text()
    unreachable = run("import", "feed", feed, "-o", tmp_path / "gone", "--feed-url", NEW_URL)
    assert unreachable.exit_code == 1
    assert unreachable.stderr.count("\n") == 1 and "cannot fetch the feed" in unreachable.stderr
    assert not (tmp_path / "gone").exists()


def test_fetch_asks_the_audio_its_size_and_http_media_becomes_https(tmp_path):
    site = tmp_path / "site"
    with serving(site) as base:
        feed = site_with_feed(site, base, {"ep-c": (f"{base}/ep-c.mp3", "0")})
        result = run("import", "feed", feed, "-o", tmp_path / "show", "--feed-url", NEW_URL,
                     "--fetch")
    assert result.exit_code == 0, result.stderr
    episode = (tmp_path / "show" / "episodes" / "episode-ep-c.md").read_text()
    assert "length: 2000" in episode  # a HEAD request's Content-Length
    assert f"url: {base.replace('http:', 'https:')}/ep-c.mp3" in episode
    assert "the server's Content-Length used" in result.stderr
    assert f"the enclosure {base}/ep-c.mp3 is http: written as https" in result.stderr


SERIAL = """<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<title>Serial</title><link>https://example.org/</link><description>In order.</description>
<itunes:type>serial</itunes:type><itunes:explicit>yes</itunes:explicit>
<itunes:image href="https://example.org/cover.gif"/><image><url>https://example.org/c.jpeg</url>
</image><itunes:category text="Games &amp; Hobbies"><itunes:category text="Video Games"/>
</itunes:category>
{items}</channel></rss>"""
SERIAL_ITEM = """<item><title>{n}</title><guid>{n}</guid><pubDate>{date}</pubDate>{number}
<enclosure url="https://example.org/{n}.mp3" length="10" type="audio/mpeg"/>
<itunes:explicit>{explicit}</itunes:explicit></item>"""


def test_a_serial_show_is_repaired_and_numbered_in_date_order(tmp_path):
    items = [("b", "Tue, 02 Jan 2024 10:00:00 GMT", "", "clean"),
             ("a", "Mon, 01 Jan 2024 10:00:00 GMT", "<itunes:episode>7</itunes:episode>", "no"),
             ("d", "Thu, 04 Jan 2024 10:00:00 GMT", "", "explicit"),
             ("c", "Wed, 03 Jan 2024 10:00:00 GMT", "", "yes")]
    feed = tmp_path / "serial.xml"
    feed.write_text(SERIAL.format(items="\n".join(
        SERIAL_ITEM.format(n=n, date=d, number=num, explicit=e) for n, d, num, e in items)))
    show, rebuilt = imported(feed, tmp_path)
    numbers = {e.id: e.itunes_episode for e in feedparser.parse(rebuilt).entries}
    assert numbers == {"a": "7", "b": "8", "c": "9", "d": "10"}
    config = (show / "show.yaml").read_text()
    assert "image: https://example.org/c.jpeg" in config  # the first JPEG or PNG
    assert "- Leisure/Video Games" in config and "explicit: true" in config
    assert "explicit: false" in (show / "episodes" / "b.md").read_text()  # clean
    assert "explicit: true" in (show / "episodes" / "d.md").read_text()
    assert feed_failures(rebuilt) == []


def test_an_item_repeating_a_guid_is_kept_as_a_draft(tmp_path):
    items = [("a", "Tue, 02 Jan 2024 10:00:00 GMT", "<itunes:episode>1</itunes:episode>", "no"),
             ("a", "Mon, 01 Jan 2024 10:00:00 GMT", "<itunes:episode>2</itunes:episode>", "no")]
    feed = tmp_path / "twice.xml"
    feed.write_text(SERIAL.format(items="\n".join(
        SERIAL_ITEM.format(n=n, date=d, number=num, explicit=e) for n, d, num, e in items)))
    result = run("import", "feed", feed, "-o", tmp_path / "show", "--feed-url", NEW_URL)
    assert "GUID an item above it has already: kept as a draft (episodes/a-2.md)" in result.stderr
    assert "draft: true" in (tmp_path / "show" / "episodes" / "a-2.md").read_text()
    assert run("build", tmp_path / "show", "-o", tmp_path / "out").exit_code == 0


@pytest.mark.parametrize("feed", FEED_FILES, ids=lambda p: p.stem)
def test_a_real_feed_over_http_imports_the_same(feed, tmp_path):
    """Served by a local server; --fetch where the feed needs nothing from the internet
    (there is none here): its enclosures all have a length and it links no files."""
    needs_internet = b"podcast:chapters" in feed.read_bytes() or b'length="0"' in \
        feed.read_bytes() or b'length=""' in feed.read_bytes()
    with serving(feed.parent) as base:
        url = f"{base}/{feed.name}"
        show, rebuilt = imported(url, tmp_path, *([] if needs_internet else ["--fetch"]))
    assert_same_episodes(feed.read_bytes(), rebuilt)
    assert feed_failures(rebuilt) == []
    by_file = imported(feed, tmp_path / "file")[1]
    # the same feed, but that imported from its address, a feed without a podcast:guid gets
    # the one its address gives (the spec's), where a file cannot tell it
    guid = re.compile(rb"<podcast:guid>[^<]*</podcast:guid>")
    assert guid.sub(b"", rebuilt) == guid.sub(b"", by_file)


def test_one_unreachable_host_is_one_wait(tmp_path):
    site = tmp_path / "site"
    with serving(site) as base:
        feed = site_with_feed(site, base, {"ep-a": ("https://127.0.0.1:1/a.mp3", "1"),
                                           "ep-b": ("https://127.0.0.1:1/b.mp3", "1")})
        text = (site / "feed.xml").read_text().replace(base, "http://127.0.0.1:1")
        (site / "feed.xml").write_text(text)
        result = run("import", "feed", feed, "-o", tmp_path / "show", "--feed-url", NEW_URL,
                     "--fetch")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("cannot fetch") == 1  # then: did not answer before
    assert "127.0.0.1:1 did not answer before" in result.stderr


def test_what_cannot_be_repaired_is_a_to_do(tmp_path):
    feed = tmp_path / "odd.xml"
    feed.write_text('<rss><channel><title>X</title><item><title>A</title><guid>a</guid>'
                    '<pubDate>garbage</pubDate><enclosure url="https://x.org/a.mp3" '
                    'length="10" type="audio/mpeg"/></item></channel></rss>')
    result = run("import", "feed", feed, "-o", tmp_path / "show", "--feed-url", NEW_URL)
    assert result.exit_code == 0, result.stderr
    assert ("to do before building: pubDate 'garbage' is not a date: set 'pubdate' "
            "(episodes/a.md)") in result.stderr
    assert "to do before building: no artwork: set 'image'" in result.stderr
    build = run("build", tmp_path / "show", "-o", tmp_path / "out")
    assert build.exit_code == 1 and "no date" in build.stderr  # as the import said


def test_an_item_without_guid_keeps_the_id_apps_gave_it(tmp_path):
    """No GUID: apps know the item by its link, else its enclosure URL (podcastparser); the
    import writes that as guid:, and the guard reads the source the same way."""
    items = [("a", "Mon, 01 Jan 2024 10:00:00 GMT", "", "no")]
    text = SERIAL.format(items="\n".join(
        SERIAL_ITEM.format(n=n, date=d, number=num, explicit=e) for n, d, num, e in items))
    text = text.replace("<guid>a</guid>", "<link>https://example.org/ep/a</link>")
    text = text.replace("<itunes:type>serial</itunes:type>", "")
    feed = tmp_path / "noguid.xml"
    feed.write_text(text)
    show, rebuilt = imported(feed, tmp_path)
    assert "guid: https://example.org/ep/a" in (show / "episodes" / "a.md").read_text()
    assert [e.id for e in feedparser.parse(rebuilt).entries] == ["https://example.org/ep/a"]
