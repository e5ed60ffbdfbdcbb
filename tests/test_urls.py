"""Every URL podpub writes is a valid URL: encoded, without zero-width characters."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from conftest import EXAMPLE_SHOW, run
from lxml import etree
from lxml import html as lxml_html
from shows import copy_tree

from publisher.models import Person
from publisher.source.people import person_links, profile_url
from publisher.source.urls import to_uri

AS_OF = "2026-11-28"
SLUG = "s04e05-running-from-complexity"
URL_ATTRIBUTES = {"href", "src", "url", "img", "image"}


@pytest.mark.parametrize("raw, uri", [
    ("https://x.org/a b.jpg", "https://x.org/a%20b.jpg"),
    ("https://x.org/caf%C3%A9", "https://x.org/caf%C3%A9"),  # never encoded twice
    ("https://x.org/café", "https://x.org/caf%C3%A9"),
    ("https://x.org/100%", "https://x.org/100%25"),
    ("https://youtu.be/abc\u200b", "https://youtu.be/abc"),
    ("\ufeffhttps://x.org/?q=a\u200cb", "https://x.org/?q=ab"),
    ("https://bücher.de/", "https://xn--bcher-kva.de/"),
    ("images/a b.jpg", "images/a%20b.jpg"),
    ("https://x.org/a?b=1&c=[2]#frag", "https://x.org/a?b=1&c=%5B2%5D#frag"),
    ("https://x.org/plain", "https://x.org/plain"),
])
def test_to_uri(raw, uri):
    assert to_uri(raw) == uri
    assert to_uri(uri) == uri  # idempotent


def test_a_persons_links_skip_placeholders():
    person = Person("p", "P", web="TODO", linkedin="https://www.linkedin.com/in/p\u200b",
                    github="todo", twitter="@handle")
    assert [(link.kind, link.url) for link in person_links(person)] == [
        ("linkedin", "https://www.linkedin.com/in/p"), ("twitter", "https://x.com/handle")]
    assert profile_url(person) == "https://www.linkedin.com/in/p"
    assert profile_url(Person("q", "Q", web="TODO")) is None
    assert profile_url(Person("r", "R", web="example.org/me")) == "https://example.org/me"


def check_url(value: str, where: str) -> None:
    assert value == value.strip() and not re.search(r"[\s\x00-\x1f\x7f]", value), where
    assert value.isascii(), where
    assert "\u200b" not in value and "TODO" not in value, where
    parts = urllib.parse.urlsplit(value)
    if parts.scheme:
        assert parts.scheme in ("http", "https", "mailto") and (parts.netloc or
                                                                parts.scheme == "mailto"), where


@pytest.fixture
def messy_show(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    episode = show / "episodes" / f"{SLUG}.md"
    text = episode.read_text()
    text = text.replace(f"image: images/podcast/{SLUG}.jpg",
                        "image: images/podcast/s04e05-hybrid search.jpg")
    text = text.replace("youtube: https://www.youtube.com/watch?v=sMy8NYZnsy8",
                        "youtube: https://www.youtube.com/watch?v=sMy8NYZnsy8\u200b")
    episode.write_text(text)
    ben = show / "people" / "benwilson.md"
    ben.write_text(ben.read_text().replace("github: BenWilson2", "github: BenWilson2\nweb: TODO"))
    return show


def test_feed_and_pages_hold_only_valid_urls(messy_show, tmp_path):
    out = tmp_path / "out"
    result = run("build", messy_show, "-o", out, "--as-of", AS_OF, "-v")
    assert result.exit_code == 0, result.stderr
    episode = messy_show / "episodes" / f"{SLUG}.md"
    line = next(n for n, text in enumerate(episode.read_text().splitlines(), 1)
                if "\u200b" in text)
    assert f"{episode}:{line}: warning: link 'youtube' has zero-width characters: removed" \
        in result.stderr
    assert "is not a valid URL as written" in result.stderr  # the image with a space
    feed = etree.parse(str(out / "feed.xml"))
    checked = 0
    for element in feed.iter():
        for name, value in element.attrib.items():
            if etree.QName(name).localname in URL_ATTRIBUTES:
                check_url(value, f"feed {element.tag} {name}")
                checked += 1
        if etree.QName(element).localname in ("link", "url", "docs", "new-feed-url") and \
                element.text and element.text.strip():
            check_url(element.text.strip(), f"feed {element.tag}")
    assert checked > 50
    images = [e.get("href") for e in feed.iter("{http://www.itunes.com/dtds/podcast-1.0.dtd}image")]
    assert "https://datatalks.club/images/podcast/s04e05-hybrid%20search.jpg" in images
    raw = (out / "feed.xml").read_text()
    assert 'href="TODO"' not in raw and "\u200b" not in raw
    for page in out.rglob("*.html"):
        tree = lxml_html.parse(str(page))
        for element in tree.iter():
            for name in ("href", "src"):
                value = element.get(name) if isinstance(element.tag, str) else None
                if value is not None:
                    check_url(value, f"{page.relative_to(out)} {element.tag} {name}")
    page = lxml_html.parse(str(out / "episodes" / SLUG / "index.html"))
    assert page.xpath("//img[@class='art']/@src") == [
        "https://datatalks.club/images/podcast/s04e05-hybrid%20search.jpg"]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".md", ".json"):
            data = path.read_text()
            assert "\u200b" not in data or path.name.startswith("transcript"), path
            assert "TODO" not in data, path


def test_validate_reports_mended_urls(messy_show):
    result = run("validate", "-v", messy_show, "--as-of", AS_OF)
    assert "[url.zero-width]" in result.stdout
    assert "[url.encoded]" in result.stdout
