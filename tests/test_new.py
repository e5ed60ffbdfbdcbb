"""`podpub new DIR`: a show that builds a valid feed at once (issue 14, first part)."""

from __future__ import annotations

import feedparser
import podcastparser
from conftest import run


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
    validate = run("validate", "x")
    assert validate.exit_code == 0 and "0 errors" in validate.stderr


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    result = run("new", tmp_path)
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]
