"""`podpub new DIR`: a show that builds a valid feed at once (issue 14, first part)."""

from __future__ import annotations

import feedparser
import podcastparser
from conftest import run
from feed_checks import feed_failures


def test_a_new_show_builds_a_valid_feed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "x")
    assert result.exit_code == 0, result.stderr
    assert sorted(str(p.relative_to(tmp_path / "x")) for p in (tmp_path / "x").rglob("*")
                  if p.is_file()) == [".gitignore", "episodes/s01e01-welcome.md", "people/host.md",
                                      "show.yaml"]
    config = (tmp_path / "x" / "show.yaml").read_text()
    assert "#   Arts: Books, Design" in config and "# published:" in config
    assert "feed_url: https://example.org/podcast/feed.xml" in config
    build = run("build", "x")
    assert build.exit_code == 0, build.stderr
    feed = tmp_path / "public" / "x" / "feed.xml"
    with feed.open("rb") as stream:
        parsed = podcastparser.parse(str(feed), stream)
    assert [e["title"] for e in parsed["episodes"]] == ["Welcome to My Podcast"]
    assert len(parsed["episodes"][0]["chapters"]) == 3
    assert not feedparser.parse(feed.read_bytes()).bozo
    assert feed_failures(feed.read_bytes()) == []  # PSP-1 and the W3C rules (REFERENCE §11)
    validate = run("validate", "x")
    assert validate.exit_code == 0 and "0 errors" in validate.stderr


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    result = run("new", tmp_path)
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_the_feed_takes_the_name_of_feed_url(tmp_path):
    from conftest import EXAMPLE_SHOW
    from lxml import html as lxml_html
    from shows import copy_tree

    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    config = (show / "show.yaml").read_text()
    (show / "show.yaml").write_text(config.replace(
        "feed_url: https://datatalks.club/podcast/feed.xml",
        "feed_url: https://datatalks.club/podcast/podcast.rss"))
    out = tmp_path / "out"
    assert run("build", show, "-o", out, "--as-of", "2026-11-28").exit_code == 0
    assert (out / "podcast.rss").is_file() and not (out / "feed.xml").exists()
    for page in out.rglob("index.html"):
        root = lxml_html.parse(str(page)).getroot()
        feeds = [e.get("href") for e in root.iter("link", "a")
                 if "rss" in (e.get("href") or "") or "feed" in (e.get("href") or "")]
        assert feeds and all(h == "https://datatalks.club/podcast/podcast.rss" for h in feeds)
    episode = next((show / "episodes").glob("s04e05*.md"))
    episode.unlink()  # the guard reads the feed under its own name
    removed = run("build", show, "-o", out, "--as-of", "2026-11-28")
    assert removed.exit_code == 1 and "feed.removed" not in removed.stdout
    assert "was published in" in removed.stderr


def test_build_inside_a_show_folder_builds_it_into_public(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "x").exit_code == 0
    monkeypatch.chdir(tmp_path / "x")
    result = run("build")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "x" / "public" / "feed.xml").is_file()
    again = run("build")  # public/ is output, never input: nothing changed
    assert again.exit_code == 0 and "unchanged" in again.stderr
    assert run("validate").exit_code == 0
