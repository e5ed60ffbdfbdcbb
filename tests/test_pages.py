"""Episode pages: well-formed, no broken links, and in a real browser the chapters seek the
player and the copy buttons put exactly `podpub notes` on the clipboard."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest
from conftest import EXAMPLE_SHOW, ROOT, run
from lxml import etree
from lxml import html as lxml_html
from shows import copy_tree, silent_mp3

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = ROOT / "tests" / "output"
AS_OF = "2026-11-28"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    show = copy_tree(EXAMPLE_SHOW, root / "show")
    with (show / "show.yaml").open("a") as config:  # the producer's copy panel, published
        config.write("pages:\n  copy_panel: true\n")
    out = root / "out"
    result = run("build", show, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return show, out


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_pages_are_well_formed(site):
    _, out = site
    found = pages(out)
    assert out / "index.html" in found
    assert len([p for p in found if p.name == "index.html"]) == 1 + len(
        list((EXAMPLE_SHOW / "episodes").glob("*.md")))
    for page in found:
        if page.parent.name == "notes" or page.name.startswith("transcript"):
            continue  # fragments, not pages
        root = etree.parse(str(page), etree.XMLParser(resolve_entities=False)).getroot()
        assert root.tag == "html", page


def test_no_broken_internal_links(site):
    _, out = site
    checked = 0
    for page in pages(out):
        if page.parent.name == "notes" or page.name.startswith("transcript"):
            continue
        root = etree.parse(str(page)).getroot()
        for element in root.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if not target or target.startswith(("http://", "https://", "mailto:", "#")):
                    continue
                path = urllib.parse.urlsplit(target).path
                resolved = (page.parent / urllib.parse.unquote(path)).resolve()
                assert resolved.is_file(), f"{page.relative_to(out)}: {target}"
                assert out.resolve() in resolved.parents
                checked += 1
    assert checked > 20


def test_episode_page_content(site):
    _, out = site
    page = out / "episodes" / "s04e05-running-from-complexity" / "index.html"
    root = etree.parse(str(page)).getroot()
    head = root.find("head")
    assert head.find("link[@rel='alternate']").get("type") == "application/rss+xml"
    meta = {m.get("property") or m.get("name"): m.get("content") for m in head.iter("meta")}
    assert meta["og:title"] == "Running from Complexity"
    assert meta["og:audio"].startswith("https://") and meta["twitter:card"]
    data = [json.loads(s.text) for s in head.iter("script")
            if s.get("type") == "application/ld+json"][0]
    episode, video = data
    assert episode["@type"] == "PodcastEpisode" and episode["partOfSeries"]["name"]
    assert episode["associatedMedia"]["contentUrl"].endswith(".mp3")
    assert video["@type"] == "VideoObject"
    clips = video["hasPart"]
    assert clips[1] == {"@type": "Clip", "name": "Ben’s Background", "startOffset": 194,
                        "endOffset": 410,
                        "url": "https://www.youtube.com/watch?v=sMy8NYZnsy8&t=194"}
    track = root.find(".//audio/track")
    assert track.get("kind") == "chapters" and track.get("src") == "chapters.vtt"
    yt = [a.get("href") for a in root.iter("a") if a.get("class") == "yt"]
    assert "https://www.youtube.com/watch?v=sMy8NYZnsy8&t=194s" in yt
    details = [d for d in root.iter("details") if d.find("summary").text == "Transcript"]
    assert details and details[0].get("open") is None  # collapsed by default
    index = etree.parse(str(out / "index.html")).getroot()
    titles = [a.text for a in index.iter("a") if (a.get("href") or "").startswith("episodes/")]
    assert len(titles) == 5 and "Running from Complexity" in titles
    dates = [t.get("datetime") for t in index.iter("time")]
    assert dates == sorted(dates, reverse=True)  # newest first


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    _, out = site
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _serve_bytes(data: bytes, route) -> None:
    """Answer a media request from memory, with byte ranges as a real server would."""
    wanted = route.request.headers.get("range")
    headers = {"Content-Type": "audio/mpeg", "Accept-Ranges": "bytes"}
    if not wanted:
        route.fulfill(status=200, body=data, headers=headers)
        return
    start = int(wanted.split("=")[1].split("-")[0])
    headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
    route.fulfill(status=206, body=data[start:], headers=headers)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required"])
        yield browser
        browser.close()


def test_browser_chapters_seek_and_copy_buttons(site, served, browser, tmp_path):
    show, out = site
    mp3 = silent_mp3(tmp_path / "audio.mp3", seconds=300).read_bytes()
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.route("https://media.datatalks.club/**", functools.partial(_serve_bytes, mp3))
    page.route("https://**", lambda route: route.abort()
               if "media.datatalks.club" not in route.request.url else route.fallback())
    page.goto(served + "episodes/s04e05-running-from-complexity/index.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=15000)
    page.click("ol.chapters a[data-seek='194']")
    page.wait_for_function("Math.abs(document.getElementById('player').currentTime - 194) < 2",
                           timeout=10000)
    position = page.evaluate("document.getElementById('player').currentTime")
    assert 193.5 <= position <= 197
    page.evaluate("document.getElementById('player').pause()")

    for platform, label in (("youtube", "YouTube"), ("spotify", "Spotify"), ("apple", "Apple")):
        page.evaluate("document.querySelector('.copy .copied').textContent = ''")  # no race
        page.click(f"button[data-copy='{platform}']")
        page.wait_for_function("document.querySelector('.copy .copied').textContent.length > 0")
        clipboard = page.evaluate("navigator.clipboard.readText()")
        expected = run("notes", "s04e05-running-from-complexity", "--show", show,
                       "--platform", platform).stdout
        assert clipboard == expected, platform
        assert label in page.inner_text(".copy .copied")
    # rich text: the Spotify notes pasted into an editor are links, not tag text (issue 13)
    page.evaluate("document.querySelector('.copy .copied').textContent = ''")
    page.click("button[data-copy='spotify']")
    page.wait_for_function("document.querySelector('.copy .copied').textContent.length > 0")
    page.evaluate("""() => { const editor = document.createElement('div');
        editor.id = 'editor'; editor.contentEditable = 'true'; document.body.appendChild(editor);
        editor.focus(); }""")
    page.keyboard.press("Control+V")
    page.wait_for_function("document.getElementById('editor').innerHTML.length > 0")
    pasted = page.evaluate("document.getElementById('editor').innerHTML")
    assert '<a href="https://github.com/BenWilson2"' in pasted
    assert "&lt;p&gt;" not in pasted and "<p>" not in page.inner_text("#editor")
    page.evaluate("document.getElementById('editor').remove()")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "episode.png"), full_page=True)
    assert (OUTPUT / "episode.png").stat().st_size > 10_000
    page.click(".transcript summary")
    page.click(".transcript a[data-seek='186']")
    page.wait_for_function("Math.abs(document.getElementById('player').currentTime - 186) < 3",
                           timeout=10000)
    context.close()


def test_the_copy_panel_is_the_producers_choice(tmp_path):
    """Pages are for listeners: no copy panel unless pages.copy_panel (issue 13)."""
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    assert run("build", show, "-o", tmp_path / "plain", "--as-of", AS_OF).exit_code == 0
    page = (tmp_path / "plain" / "episodes" / "s04e05-running-from-complexity" / "index.html")
    assert 'class="copy"' not in page.read_text() and "data-copy" not in page.read_text()
    with (show / "show.yaml").open("a") as config:
        config.write("pages:\n  copy_panel: true\n")
    assert run("build", show, "-o", tmp_path / "panel", "--as-of", AS_OF).exit_code == 0
    page = (tmp_path / "panel" / "episodes" / "s04e05-running-from-complexity" / "index.html")
    assert 'data-copy="spotify"' in page.read_text()


def test_times_have_datetimes_and_the_index_numbers_episodes(site):
    _, out = site
    page = lxml_html.parse(str(out / "episodes" / "s04e05-running-from-complexity" /
                                "index.html")).getroot()
    times = page.findall(".//time")
    assert times and all(re.fullmatch(r"PT\d+H\d+M\d+S|\d{4}-\d{2}-\d{2}", t.get("datetime"))
                         for t in times)
    assert page.find(".//meta[@property='og:type']").get("content") == "article"
    index = lxml_html.parse(str(out / "index.html")).getroot()
    assert index.find(".//meta[@property='og:type']").get("content") == "website"
    assert "S4 E5" in index.text_content()
    series = [json.loads(s.text) for s in index.findall(".//script[@type='application/ld+json']")]
    assert series and series[0]["@type"] == "PodcastSeries"
    for meta in page.findall(".//meta[@name='description']"):
        content = meta.get("content")
        assert len(content) <= 300 and (content.endswith("…") or len(content) < 299)


# schema.org terms the pages may use: each type with the properties schema.org gives it (or
# its parents: Thing, CreativeWork, MediaObject, Episode, CreativeWorkSeries)
SCHEMA_ORG = {
    "PodcastEpisode": {"name", "url", "datePublished", "description", "associatedMedia",
                       "partOfSeries", "inLanguage", "duration", "episodeNumber",
                       "partOfSeason", "image"},
    "PodcastSeries": {"name", "url", "description", "webFeed", "inLanguage", "image", "author"},
    "PodcastSeason": {"seasonNumber"},
    "AudioObject": {"contentUrl", "encodingFormat"},
    "VideoObject": {"name", "description", "thumbnailUrl", "uploadDate", "contentUrl",
                    "embedUrl", "hasPart"},
    "Clip": {"name", "startOffset", "endOffset", "url"},
    "Person": {"name"},
    "Organization": {"name"},
}


def _check_terms(node, where: str) -> None:
    if isinstance(node, list):
        for item in node:
            _check_terms(item, where)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    assert kind in SCHEMA_ORG, (where, kind)
    for key, value in node.items():
        if key.startswith("@"):
            assert key in ("@context", "@type") and (key != "@context"
                                                     or value == "https://schema.org")
            continue
        assert key in SCHEMA_ORG[kind], (where, kind, key)
        _check_terms(value, where)


def test_json_ld_uses_schema_org_terms_and_the_feeds_links(site):
    _, out = site
    feed = etree.parse(str(out / "feed.xml"))
    links = {item.findtext("link") for item in feed.iter("item")}
    pages = sorted(out.rglob("index.html"))
    episodes = 0
    for path in pages:
        root = lxml_html.parse(str(path)).getroot()
        for script in root.findall(".//script[@type='application/ld+json']"):
            data = json.loads(script.text)
            _check_terms(data, str(path))
            for node in data if isinstance(data, list) else [data]:
                if node["@type"] == "PodcastEpisode":
                    assert node["url"] in links
                    episodes += 1
    assert episodes == len(links) == 5


LOOP = """{% for line in transcript %}
{% for header in line.headers %}<h3>{{ header }}</h3>
{% endfor %}
<p>{% if line.speaker %}<cite>{{ line.speaker }}</cite> {% endif %}<a href="#t={{ line.start | int }}" data-seek="{{ '%g' % line.start }}"><time datetime="{{ line.start | iso_duration }}">{{ line.clock }}</time></a> {{ line.text }}</p>
{% endfor %}
"""  # noqa: E501


def test_a_template_looping_over_the_transcript_writes_the_same_page(tmp_path):
    """The page's transcript rows are written in Python (``transcript_html``), as fast as a
    big page needs; a show's own template may still loop over ``transcript``, and the
    built-in loop it replaced gives the very same bytes, escaping included."""
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    episode = show / "episodes" / "s04e05-running-from-complexity.md"
    text = episode.read_text()
    first = re.search(r"\n- line: [^\n]+\n(?=  \w+:)", text)  # a line of one line
    text = text.replace(first.group(0), "\n- line: 'O''Brien & <Co> said \"1 < 2\"'\n", 1)
    text = text.replace("\n- header: ", "\n- header: Q&A <live> 'now'\n- header: ", 1)
    episode.write_text(text)
    assert run("build", show, "-o", tmp_path / "rows", "--as-of", AS_OF).exit_code == 0
    builtin = (ROOT / "templates" / "episode.html.j2").read_text()
    assert "{{ transcript_html }}\n" in builtin
    (show / "templates").mkdir(exist_ok=True)
    (show / "templates" / "episode.html.j2").write_text(
        re.sub(r"\{#[^#]*#\}\n\{\{ transcript_html \}\}\n", lambda _: LOOP, builtin))
    assert run("build", show, "-o", tmp_path / "loop", "--as-of", AS_OF).exit_code == 0
    page = "episodes/s04e05-running-from-complexity/index.html"
    rows = (tmp_path / "rows" / page).read_text()
    assert "O&#39;Brien &amp; &lt;Co&gt; said &#34;1 &lt; 2&#34;" in rows
    assert "<h3>Q&amp;A &lt;live&gt; &#39;now&#39;</h3>" in rows
    for path in sorted((tmp_path / "rows").rglob("index.html")):
        name = path.relative_to(tmp_path / "rows")
        assert (tmp_path / "loop" / name).read_bytes() == path.read_bytes(), name
