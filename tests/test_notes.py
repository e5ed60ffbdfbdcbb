"""Show notes for every platform, on the reference episode and over the whole corpus."""

from __future__ import annotations

import re
import urllib.parse

import pytest
import yaml
from conftest import CORPUS, REFERENCE, corpus_episodes, run
from lxml import html as lxml_html
from shows import SHOW_YAML

from publisher.build.episode_outputs import for_command
from publisher.formats.notes import NOTES_PLATFORMS, first_sentence
from publisher.models import ChapterSettings
from publisher.rules.chapters import derive_chapters, youtube_chapters
from publisher.source.catalog import open_episode
from publisher.source.episodes import load_episode

PLATFORMS = list(NOTES_PLATFORMS)
LIMITS = {name: row.limit for name, row in NOTES_PLATFORMS.items() if row.limit}
TAGS = {name: row.tags for name, row in NOTES_PLATFORMS.items() if row.tags}
BOOK = "https://www.manning.com/books/machine-learning-engineering-in-action"


def _notes(episode, platform):
    """Notes as ``podpub notes`` prints them without --show: text and warnings."""
    outputs = for_command(episode, None)
    text = outputs.notes_text(platform)
    return text, outputs.problems



@pytest.fixture
def old_show(tmp_path):
    show = tmp_path / "show"
    (show / "episodes").mkdir(parents=True)
    config = dict(SHOW_YAML, people=str(CORPUS / "old" / "_people"),
                  episodes=str(CORPUS / "old" / "_podcast"), hosts=["alexeygrigorev"])
    (show / "show.yaml").write_text(yaml.safe_dump(config))
    return show


def anchors(html: str) -> list[tuple[str, str]]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return [(" ".join(a.text_content().split()), a.get("href")) for a in root.iter("a")]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_reference_episode_notes(old_show, platform):
    result = run("notes", REFERENCE, "--platform", platform, "--show", old_show)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    first_chapter = {"youtube": "\n0:00 Introduction\n", "spotify": "(00:00:00) Introduction",
                     "apple": "<p>(00:00:00) Introduction</p>", "markdown": "- 0:00 Introduction",
                     "html": "<li>0:00 Introduction</li>"}[platform]
    assert first_chapter in text
    assert "Ben Wilson" in text
    assert 'get 35% off with code' in text and "ctwsummer21" in text  # the body is there
    listen = {"youtube": "https://www.youtube.com/watch?v=sMy8NYZnsy8",
              "spotify": "https://open.spotify.com/episode/2TxcU3eF7hjkAEzAJcYMAg",
              "apple": "https://podcasts.apple.com/us/podcast/running-from-complexity-ben-wilson/"
                       "id1541710331?i=1000529834651"}
    for url in ("https://github.com/BenWilson2", "https://www.linkedin.com/in/benjamin-wilson-arch",
                BOOK, *listen.values()):
        if url == listen.get(platform):  # changed on purpose (issue 13): never a link to itself
            assert url not in text, url
        else:
            assert url in text, url
    assert "{:" not in text and "_blank" not in text
    if platform in ("spotify", "apple", "html"):
        assert ("Ben's book", BOOK) in anchors(text) or ("Ben&#39;s book", BOOK) in anchors(text)


def test_notes_without_show_find_the_people_folder():
    result = run("notes", REFERENCE)
    assert result.exit_code == 0
    assert "GitHub: https://github.com/BenWilson2" in result.stdout


def body_link_urls(episode) -> list[str]:
    """Links in the Markdown body, found by a plain pattern (an oracle independent of podpub)."""
    urls = re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", episode.body)
    return [u for u in urls]


EPISODES = corpus_episodes()


@pytest.mark.parametrize("path", EPISODES, ids=[p.parent.parent.name + "/" + p.name
                                                for p in EPISODES])
def test_every_platform_over_the_corpus(path):
    episode, _ = load_episode(path)
    chapters, _ = derive_chapters(episode, ChapterSettings())
    shown = youtube_chapters(chapters, 10)
    for platform in PLATFORMS:
        text, problems = _notes(episode, platform)
        size = len(text.encode("utf-8"))
        if platform in LIMITS:
            assert size <= LIMITS[platform], (platform, size)
        assert "TODO" not in text
        assert "{:" not in text and 'target="_blank"' not in text
        if platform == "youtube":
            assert "<" not in text and ">" not in text
        if platform in TAGS:
            root = lxml_html.fragment_fromstring(text, create_parent="div")
            tags = {e.tag for e in root.iter()} - {"div"}
            assert tags <= TAGS[platform], (platform, tags - TAGS[platform])
        for url in body_link_urls(episode):
            if url.startswith("#") and platform in LIMITS:
                assert url not in text
                continue
            assert url in text or urllib.parse.quote(url, safe=":/?=&%#~+@,;") in text, \
                (platform, url)
        readable = text
        if platform in ("spotify", "apple", "html"):
            readable = lxml_html.fragment_fromstring(text, create_parent="div").text_content()
        for chapter in shown:
            title = chapter.title
            if platform == "youtube":
                title = title.replace("<", "‹").replace(">", "›")
            elif platform == "markdown":
                title = re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", title)
            assert title in readable, (platform, chapter.title)


def test_building_data_team_is_shortened_in_order():
    path = CORPUS / "head" / "_podcast" / "building-data-team.md"
    episode, _ = load_episode(path)
    chapters, _ = derive_chapters(episode, ChapterSettings())
    assert len(chapters) == 30
    assert len(body_link_urls(episode)) == 14
    for platform in ("spotify", "apple"):
        text, problems = _notes(episode, platform)
        assert len(text.encode()) <= 4000
        shortened = [p.message for p in problems if p.code == "notes.shortened"]
        assert len(shortened) == 1  # one warning names every step (issue 13's order)
        steps = shortened[0].split(" bytes: ", 1)[1].split("; ")
        print(platform, steps)
        assert steps == [
            "dropped the summary's paragraphs after the first",
            "dropped the guests' bios",
            "dropped the other platforms' listening links",
            "turned links into bare URLs",
            "kept the body's first paragraph (the others' links as bare URLs)",
        ][:len(steps)]
        summary = lxml_html.fragments_fromstring(text)[0].text_content()
        assert summary.startswith(first_sentence(episode.intro.split("<br")[0]).split(" ")[0])
        assert all(p.severity == "warning" and p.path == path for p in problems
                   if p.code == "notes.shortened")
        for url in body_link_urls(episode):
            assert url in text


def test_summary_is_cut_at_a_sentence(tmp_path):
    intro = "First sentence here. " + "Second sentence is long. " * 40
    chapters = [{"start": i * 60, "title": f"Chapter number {i} " + "x" * 60}
                for i in range(40)]
    path = tmp_path / "ep.md"
    path.write_text("---\n" + yaml.safe_dump({"title": "T", "intro": intro,
                                              "chapters": chapters}) + "---\n")
    episode, _ = load_episode(path)
    text, problems = _notes(episode, "apple")
    assert len(text.encode()) <= 4000
    steps = [p.message for p in problems if p.code == "notes.shortened"]
    assert len(steps) == 1 and "cut the summary to" in steps[0]
    first = lxml_html.fragments_fromstring(text)[0].text_content()
    assert first.startswith("First sentence here.") and first.endswith(".")


def test_summary_cut_at_a_word_with_ellipsis(tmp_path):
    intro = "word " * 1200
    path = tmp_path / "ep.md"
    path.write_text("---\n" + yaml.safe_dump({"title": "T", "intro": intro}) + "---\n")
    episode, _ = load_episode(path)
    text, problems = _notes(episode, "youtube")
    assert len(text.encode()) <= 5000
    assert text.split("\n")[0].endswith("word…")


def test_chapters_alone_too_long_print_the_builds_fallback(tmp_path, podpub):
    """Changed on purpose (issue 11): ``notes`` prints what the build writes, with a warning
    saying how many bytes are missing, and exits 0."""
    chapters = [{"start": i * 60, "title": f"A rather long chapter title number {i} " + "é" * 40}
                for i in range(60)]
    path = tmp_path / "ep.md"
    path.write_text("---\n" + yaml.safe_dump({"title": "T", "chapters": chapters},
                                             allow_unicode=True) + "---\n")
    result = podpub("notes", path, "--platform", "apple")
    assert result.exit_code == 0
    match = re.search(rf"^{re.escape(str(path))}: warning: apple notes do not fit: (\d+) bytes "
                      r"after every shortening step(?: \([^)]*\))?, (\d+) bytes over the limit "
                      r"of 4000; using the summary's first sentence, the chapters and a link to "
                      r"the episode page$", result.stderr, re.M)
    assert match and int(match[1]) - 4000 == int(match[2]) > 0
    assert 0 < len(result.stdout.encode()) <= 4000
    episode, _ = open_episode(str(path), None)
    text, problems = _notes(episode, "spotify")
    assert text == run("notes", path, "--platform", "spotify").stdout
    assert [p.code for p in problems] == ["notes.too-long"]


def test_template_override(tmp_path, old_show):
    (old_show / "templates").mkdir()
    (old_show / "templates" / "youtube.txt.j2").write_text(
        "Custom {{ notes.title }}\n{% for c in notes.chapters %}{{ notes.clock(c) }} "
        "{{ c.title }}\n{% endfor %}")
    result = run("notes", REFERENCE, "--show", old_show)
    assert result.exit_code == 0
    assert result.stdout.startswith("Custom Running from Complexity\n0:00 Introduction\n")
    spotify = run("notes", REFERENCE, "--show", old_show, "-p", "spotify")
    assert spotify.stdout.startswith("<p>(00:00:00) Introduction<br>")  # built-in still used


def test_broken_template_names_file_and_line(old_show):
    (old_show / "templates").mkdir()
    broken = old_show / "templates" / "apple.html.j2"
    broken.write_text("<p>ok</p>\n{% for c in notes.chapters %}\n<p>{{ c.title }</p>\n")
    result = run("notes", REFERENCE, "--show", old_show, "-p", "apple")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}:3: template error: unexpected '}}'")
    broken.write_text("line one\n{{ notes.no_such_field }}\n")
    result = run("notes", REFERENCE, "--show", old_show, "-p", "apple")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}:2: template error:")
    assert "no_such_field" in result.stderr


def test_build_writes_notes_and_feed_uses_them(tmp_path, old_show):
    from shows import make_corpus_show

    show = make_corpus_show(tmp_path, "old")
    out = tmp_path / "out"
    assert run("build", show, "-o", out, "--as-of", "2026-11-28").exit_code == 0
    folder = out / "episodes" / "s04e05-running-from-complexity" / "notes"
    assert sorted(p.name for p in folder.iterdir()) == [
        "apple.html", "notes.html", "notes.md", "spotify.html", "youtube.txt"]
    cli = run("notes", "s04e05-running-from-complexity", "--show", show, "-p", "apple")
    assert (folder / "apple.html").read_text() == cli.stdout
    assert "Full notes:" not in (folder / "youtube.txt").read_text()  # only when too long


def test_apple_notes_use_only_apples_tags():
    """Apple's guide lists p ol ul li a for descriptions (issue 13)."""
    assert NOTES_PLATFORMS["apple"].tags == {"p", "ol", "ul", "li", "a"}
    for path in EPISODES:
        episode, _ = load_episode(path)
        text, _ = _notes(episode, "apple")
        root = lxml_html.fragment_fromstring(text, create_parent="div")
        assert {e.tag for e in root.iter()} - {"div"} <= {"p", "ol", "ul", "li", "a"}, path
