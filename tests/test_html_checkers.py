"""Every HTML file podpub writes passes the W3C Nu HTML checker, and pages pass axe-core
(issue 13).  The checkers come from npm (`npm ci`: package.json); Java runs vnu."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE_SHOW, ROOT, run
from shows import build_corpus_show, copy_tree

AS_OF = "2026-11-28"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FRAGMENTS = ("notes/spotify.html", "notes/apple.html", "notes/notes.html", "transcript.html")


def need(path: Path, what: str) -> None:
    if not path.exists():
        pytest.skip(f"{what} is not installed: run `npm ci --ignore-scripts` in the repository "
                    f"(.ci/run does; {path} is missing)")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("sites")
    show = copy_tree(EXAMPLE_SHOW, root / "example")
    with (show / "show.yaml").open("a") as config:
        config.write("pages:\n  copy_panel: true\n")
    assert run("build", show, "-o", root / "example-out", "--as-of", AS_OF).exit_code == 0
    _, head = build_corpus_show(root / "head", "head")
    _, old = build_corpus_show(root / "old", "old")
    return [root / "example-out", head, old]


def documents(sites: list[Path], scratch: Path) -> list[Path]:
    """Every page, and every HTML fragment wrapped in a minimal HTML5 document."""
    files = []
    for out in sites:
        files += sorted(out.rglob("index.html"))
        for fragment in sorted(p for p in out.rglob("*.html") if p.name != "index.html"):
            relative = fragment.relative_to(out)
            if not str(relative).endswith(FRAGMENTS):
                continue
            wrapped = scratch / out.name / relative
            wrapped.parent.mkdir(parents=True, exist_ok=True)
            wrapped.write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                               f"<title>{relative}</title></head><body>\n"
                               f"{fragment.read_text()}\n</body></html>\n")
            files.append(wrapped)
    return files


def test_every_html_file_passes_the_nu_html_checker(sites, tmp_path):
    need(VNU, "vnu-jar")
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed: the Nu HTML checker runs on it")
    files = documents(sites, tmp_path)
    assert len(files) > 100
    broken = tmp_path / "broken.html"  # the checker finds what the issue saw on real pages
    broken.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x'
                      "</title></head><body><time>25:00:09</time></body></html>")
    check = subprocess.run([java, "-jar", str(VNU), "--errors-only", str(broken)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 1 and "time" in check.stderr
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m.get("type") == "error"]
    assert not errors, f"{len(errors)} errors, e.g.\n" + "\n".join(errors[:20])


def test_pages_have_no_axe_violations(sites):
    need(AXE, "axe-core")
    from test_pages import CHROMIUM

    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    pages = [p for out in sites for p in sorted(out.rglob("index.html"))]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.route("http*://**", lambda route: route.abort())
        page.set_content('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
                         '<main><img src="a.png"></main></body></html>')
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run()).violations.length") > 0  # it finds
        problems = []
        for path in pages:
            page.goto(path.as_uri())
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("async () => (await axe.run()).violations.map("
                                  "v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')")
            problems += [f"{path.name} {path.parent.name}: {v}" for v in found]
        browser.close()
    assert not problems, "\n".join(problems[:30])


def test_no_fragment_link_without_its_target(sites):
    """On a page every #link has its target; in the feed, read away from the pages, no link is
    fragment-only."""
    from lxml import etree
    from lxml import html as lxml_html

    checked = 0
    for out in sites:
        for path in sorted(out.rglob("index.html")):
            root = lxml_html.parse(str(path)).getroot()
            ids = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
            canonical = root.find(".//link[@rel='canonical']")
            here = canonical.get("href") if canonical is not None else None
            for anchor in root.iter("a"):
                href = anchor.get("href") or ""
                if here and href.startswith(here + "#"):  # the body's links into this page
                    href = href[len(here):]
                if href.startswith("#") and not href.startswith("#t="):  # #t= seeks the player
                    assert href[1:] in ids, (path, href)
                    checked += 1
        feed = etree.parse(str(out / "feed.xml"))
        for item in feed.iter("item"):
            for text in (item.findtext("description") or "", item.findtext(
                    "{http://purl.org/rss/1.0/modules/content/}encoded") or ""):
                assert 'href="#' not in text
    assert checked > 0  # the corpus has tables of contents (crisp-dm)
    print(f"{checked} fragment links checked")
