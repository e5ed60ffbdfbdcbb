"""Build behaviour: reproducible, nothing lost, nothing half-written."""

from __future__ import annotations

import datetime as dt
import io
import os

import feedparser
import podcastparser
import pytest
import yaml
from conftest import EXAMPLE_SHOW, ROOT, run
from lxml import etree
from shows import SHOW_YAML, add_front, copy_tree, silent_mp3

AS_OF = "2026-11-28"


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def write_show(root, **overrides):
    root.mkdir(parents=True, exist_ok=True)
    config = dict(SHOW_YAML, feed_url="https://example.org/t/feed.xml", **overrides)
    config.pop("hosts", None)
    config.pop("guid_from", None)
    (root / "show.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    (root / "episodes").mkdir(exist_ok=True)
    return root


def write_episode(show, name, title="An episode", pubdate="2024-01-01", audio=None, body="",
                  **front):
    data = {"title": title, "pubdate": dt.date.fromisoformat(pubdate),
            "audio": audio or {"url": f"https://media.example.org/{name}.mp3",
                               "length": 1234, "type": "audio/mpeg", "duration": 600},
            "transcript": [{"header": "Start"}, {"header": "Topic & more"},
                           {"line": "Hello there.", "sec": 30, "who": "Ann"},
                           {"header": "End"}, {"line": "Bye now.", "sec": 500, "who": "Ann"}],
            **front}
    path = show / "episodes" / f"{name}.md"
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
                    + "---\n" + body, encoding="utf-8")
    return path


@pytest.fixture
def show(tmp_path):
    show = write_show(tmp_path / "show")
    write_episode(show, "one", "First", "2024-01-01", guid="guid-one")
    write_episode(show, "two", "Second", "2024-02-01", guid="guid-two")
    return show


def build(show, out, *extra):
    return run("build", show, "-o", out, "--as-of", AS_OF, *extra)


def test_rebuild_is_byte_identical(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    assert build(show, tmp_path / "a").exit_code == 0
    assert build(show, tmp_path / "b").exit_code == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    os.utime(show / "show.yaml", (0, 0))  # file times don't matter either
    assert build(show, tmp_path / "a").exit_code == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_guid_survives_a_file_rename(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    out = tmp_path / "out"
    assert build(show, out).exit_code == 0
    before = [e["guid"] for e in podcastparser.parse("x", io.BytesIO(
        (out / "feed.xml").read_bytes()))["episodes"]]
    episodes = show / "episodes"
    (episodes / "s04e05-running-from-complexity.md").rename(episodes / "running-renamed.md")
    result = build(show, out)
    assert result.exit_code == 0, result.stderr
    after = [e["guid"] for e in podcastparser.parse("x", io.BytesIO(
        (out / "feed.xml").read_bytes()))["episodes"]]
    assert sorted(after) == sorted(before) and "sMy8NYZnsy8" in after


def test_removed_episode_is_refused_unless_allowed(show, tmp_path):
    out = tmp_path / "out"
    assert build(show, out).exit_code == 0
    published = snapshot(out)
    (show / "episodes" / "one.md").unlink()
    result = build(show, out)
    assert result.exit_code == 1
    assert "episode 'First' (guid 'guid-one') was published in" in result.stderr
    assert "--allow-removals" in result.stderr
    assert snapshot(out) == published
    result = build(show, out, "--allow-removals")
    assert result.exit_code == 0, result.stderr
    assert [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == ["guid-two"]


def test_published_option_names_the_live_feed(show, tmp_path):
    assert build(show, tmp_path / "live").exit_code == 0
    (show / "episodes" / "two.md").unlink()
    result = build(show, tmp_path / "fresh", "--published", tmp_path / "live" / "feed.xml")
    assert result.exit_code == 1 and "'Second'" in result.stderr
    assert not (tmp_path / "fresh").exists()


def test_a_draft_that_was_published_is_a_removal(show, tmp_path):
    out = tmp_path / "out"
    assert build(show, out).exit_code == 0
    write_episode(show, "one", "First", guid="guid-one", draft=True)
    assert build(show, out).exit_code == 1


def test_broken_episode_stops_the_build_and_keeps_the_output(show, tmp_path):
    out = tmp_path / "out"
    assert build(show, out).exit_code == 0
    before = snapshot(out)
    write_episode(show, "three", "Third", "2024-03-01")
    (show / "episodes" / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    result = build(show, out)
    assert result.exit_code == 1
    assert f"{show / 'episodes' / 'broken.md'}:3: invalid YAML: while parsing a flow sequence " \
        "(from line 2), did not find expected ',' or ']'" in result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "show"], "no staging left"


def test_every_problem_is_listed(show, tmp_path):
    write_episode(show, "noaudio", "No audio", audio="x.mp3")
    (show / "episodes" / "nodate.md").write_text("---\ntitle: X\naudio: {url: 'http://a/b.mp3',"
                                                  " length: -1, type: audio/mpeg}\n---\n")
    result = build(show, tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    nodate = show / "episodes" / "nodate.md"
    assert f"{show / 'episodes' / 'noaudio.md'}:" in lines[0] and "media.dir" in lines[0]
    assert any(line.startswith(f"{nodate}:2: no date") for line in lines)
    assert f"{nodate}:3: 'audio.url': URL must be https, got 'http://a/b.mp3'" in lines
    assert f"{nodate}:3: 'audio.length' must be the file's size in bytes, got -1" in lines
    assert not (tmp_path / "out").exists()


def test_a_zero_length_is_a_warning(show, tmp_path):
    """Hosts write length="0" when they do not know it (issue 14: imported feeds keep it)."""
    write_episode(show, "zero", "Zero", audio={"url": "https://media.example.org/z.mp3",
                                               "length": 0, "type": "audio/mpeg"})
    result = build(show, tmp_path / "out", "-v")
    assert result.exit_code == 0, result.stderr
    assert "'audio.length' is 0" in result.stderr
    assert b'length="0"' in (tmp_path / "out" / "feed.xml").read_bytes()


def test_duplicate_guid_and_enclosure_are_errors(show, tmp_path):
    write_episode(show, "copy", "Copy", guid="guid-one",
                  audio={"url": "https://media.example.org/two.mp3", "length": 5,
                         "type": "audio/mpeg"})
    result = build(show, tmp_path / "out")
    assert result.exit_code == 1
    copy, one, two = (show / "episodes" / f"{n}.md" for n in ("copy", "one", "two"))
    assert f"{one}:2: GUID 'guid-one' is also used by {copy}: every episode needs its own" \
        in result.stderr or f"{copy}:2: GUID 'guid-one' is also used by {one}" in result.stderr
    assert "enclosure URL 'https://media.example.org/two.mp3' is also used by" in result.stderr


def test_future_episode_is_held_back_until_as_of(show, tmp_path):
    write_episode(show, "later", "Later", "2030-05-01", guid="guid-later")
    out = tmp_path / "out"
    assert build(show, out).exit_code == 0
    ids = [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert ids == ["guid-two", "guid-one"]
    assert run("build", show, "-o", out, "--as-of", "2030-04-30").exit_code == 0
    assert "guid-later" not in (out / "feed.xml").read_text()
    assert run("build", show, "-o", out, "--as-of", "2030-05-01").exit_code == 0
    ids = [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert ids == ["guid-later", "guid-two", "guid-one"]


def test_dates_publish_at_publish_time(tmp_path):
    show = write_show(tmp_path / "show", publish_time="09:30+02:00")
    write_episode(show, "one", pubdate="2024-01-01")
    assert build(show, tmp_path / "out").exit_code == 0
    xml = (tmp_path / "out" / "feed.xml").read_text()
    assert "<pubDate>Mon, 01 Jan 2024 09:30:00 +0200</pubDate>" in xml


def test_escaping_in_titles_headers_and_notes(tmp_path):
    show = write_show(tmp_path / "show")
    title = 'Q&A: "data" <tags> & \'quotes\''
    write_episode(show, "esc", title, body="Fish & chips <b>bold</b> 3 < 4\n",
                  chapters=[{"start": 0, "title": 'A & B "<c>"'}, {"start": 60, "title": "D"}])
    out = tmp_path / "out"
    assert build(show, out).exit_code == 0
    xml = (out / "feed.xml").read_bytes()
    etree.fromstring(xml)  # well-formed
    parsed = podcastparser.parse("x", io.BytesIO(xml))["episodes"][0]
    assert parsed["title"] == title
    assert parsed["chapters"][0]["title"] == 'A & B "<c>"'
    entry = feedparser.parse(xml).entries[0]
    assert entry.title == title
    assert "<p>Fish &amp; chips bold 3 &lt; 4</p>" in entry.description  # the summary
    assert '<p>(00:00) A &amp; B "&lt;c&gt;"</p>' in entry.description  # a chapter line
    content = entry.content[0].value
    assert "<p>Fish &amp; chips bold 3 &lt; 4</p>" in content


def test_explicit_is_true_or_false(tmp_path):
    show = write_show(tmp_path / "show", explicit=True)
    write_episode(show, "one", explicit=False)
    write_episode(show, "two", pubdate="2024-02-02")
    assert build(show, tmp_path / "out").exit_code == 0
    root = etree.parse(str(tmp_path / "out" / "feed.xml")).getroot()
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    assert root.findtext("channel/itunes:explicit", namespaces=ns) == "true"
    assert [i.findtext("itunes:explicit", namespaces=ns) for i in root.iter("item")] == \
        ["true", "false"]


def test_long_notes_are_shortened_to_4000_bytes(tmp_path):
    show = write_show(tmp_path / "show")
    intro = "<br><br>".join(f"Paragraph {i} with “curly” words and ünïcode. " * 12
                            for i in range(10))
    write_episode(show, "long", intro=intro)
    result = build(show, tmp_path / "out", "-v")
    assert "apple notes shortened to fit 4000 bytes: dropped the summary's paragraphs" \
        in result.stderr
    item = etree.parse(str(tmp_path / "out" / "feed.xml")).getroot().find("channel/item")
    description = item.findtext("description")
    assert len(description.encode("utf-8")) <= 4000
    assert description.startswith("<p>Paragraph 0 with")
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "Paragraph 9" in content and len(content.encode()) > 6000


def test_media_file_is_measured_with_mutagen(tmp_path):
    show = write_show(tmp_path / "show",
                      media={"dir": "media", "base_url": "https://cdn.example.org/audio/"})
    (show / "media").mkdir()
    mp3 = silent_mp3(show / "media" / "one two.mp3", seconds=2.0)
    write_episode(show, "one", audio="one two.mp3")
    assert build(show, tmp_path / "out").exit_code == 0
    item = podcastparser.parse("x", io.BytesIO((tmp_path / "out" / "feed.xml").read_bytes()))[
        "episodes"][0]
    assert item["enclosures"] == [{"url": "https://cdn.example.org/audio/one%20two.mp3",
                                   "file_size": mp3.stat().st_size, "mime_type": "audio/mpeg"}]
    assert item["total_time"] == 2


def test_default_build_from_the_repository_root(tmp_path):
    root = tmp_path / "repo"
    copy_tree(ROOT / "feeds", root / "feeds")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = run("build", "--as-of", AS_OF)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (root / "public" / "datatalksclub" / "feed.xml").is_file()
    assert (root / "public" / "datatalksclub" / "episodes" / "s04e05-running-from-complexity"
            / "chapters.json").is_file()
    assert "DataTalks.Club: 5 episodes" in result.stderr


def test_add_front_helper_keeps_the_rest(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: x\n---\nbody\n")
    add_front(path, {"pubdate": "2024-01-01"})
    assert path.read_text() == "---\npubdate: '2024-01-01'\ntitle: x\n---\nbody\n"


def test_notes_that_cannot_fit_fall_back_in_the_feed(tmp_path):
    show = write_show(tmp_path / "show")
    chapters = [{"start": i * 60, "title": f"A rather long chapter title number {i} " + "é" * 30}
                for i in range(50)]
    write_episode(show, "huge", chapters=chapters)
    result = build(show, tmp_path / "out", "-v")
    assert result.exit_code == 0, result.stderr
    assert "apple notes do not fit" in result.stderr
    assert "the chapters and a link to the episode page" in result.stderr  # wording: issue 13
    item = etree.parse(str(tmp_path / "out" / "feed.xml")).getroot().find("channel/item")
    description = item.findtext("description")
    assert len(description.encode()) <= 4000
    assert "https://example.org/t/episodes/huge/" in description


def test_unwritable_output_is_a_clear_error(show, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    result = run("build", show, "-o", blocker / "out", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{blocker / 'out'}: cannot write the output:")


def test_a_failed_build_leaves_no_folder_it_made(show, tmp_path):
    """The output's parent folders (public/ for public/<show>) are made for the build, and
    a build that fails removes them again: it writes nothing."""
    (show / "episodes" / "nodate.md").write_text("---\ntitle: X\naudio: {url: "
                                                  "'https://a.org/b.mp3', length: 1, type: "
                                                  "audio/mpeg}\n---\n")
    result = build(show, tmp_path / "public" / "deep" / "out")
    assert result.exit_code == 1 and "no date" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["show"]
