"""The chapter rules, one at a time, on small episodes written by the tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from publisher.models import ChapterSettings
from publisher.rules.chapters import derive_chapters, youtube_chapters
from publisher.source.episodes import load_episode


def write_episode(folder: Path, front: dict, name: str = "ep.md", body: str = "") -> Path:
    path = folder / name
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
                    + "---\n" + body, encoding="utf-8")
    return path


def chapters_of(folder: Path, transcript: list, settings=None, **front):
    path = write_episode(folder, {"title": "T", "transcript": transcript, **front})
    episode, _ = load_episode(path)
    return derive_chapters(episode, settings or ChapterSettings())


def line(sec=None, text="Some words here.", who="Ann"):
    entry = {"line": text, "who": who}
    if sec is not None:
        entry["sec"] = sec
    return entry


def test_section_starts_at_first_timed_line(tmp_path):
    chapters, _ = chapters_of(tmp_path, [
        {"header": "Start"}, line(), line(5), {"header": "Middle"}, line(), line(100), line(130)
    ])
    assert [(c.start, c.end, c.title) for c in chapters] == [
        (0, 100, "Start"), (100, 132, "Middle")
    ]


def test_start_within_min_seconds_moves_to_zero(tmp_path):
    chapters, warnings = chapters_of(tmp_path, [{"header": "A"}, line(8), {"header": "B"},
                                                line(60)])
    assert [(c.start, c.title) for c in chapters] == [(0, "A"), (60, "B")]
    assert [w.code for w in warnings] == ["chapters.moved-to-start"]


def test_intro_chapter_added_when_first_starts_late(tmp_path):
    chapters, _ = chapters_of(tmp_path, [line(0), {"header": "A"}, line(42)],
                              ChapterSettings(intro_title="Hello", min_seconds=10))
    assert [(c.start, c.title) for c in chapters] == [(0, "Hello"), (42, "A")]


def test_whitespace_normalised_repeat_is_merged(tmp_path):
    chapters, warnings = chapters_of(tmp_path, [
        {"header": "A  title"}, line(0), {"header": "A title "}, line(50), {"header": "B"},
        line(80),
    ])
    assert [(c.start, c.title) for c in chapters] == [(0, "A title"), (80, "B")]
    assert [w.code for w in warnings] == ["chapters.merged"]
    assert "entry 2" in warnings[0].message and warnings[0].line == 8  # "- header: A title"


def test_header_without_timed_line_is_dropped(tmp_path):
    chapters, warnings = chapters_of(tmp_path, [
        line(0), {"header": "Empty"}, line(), {"header": "Real"}, line(30), {"header": "Tail"},
    ])
    assert [c.title for c in chapters] == ["Introduction", "Real"]
    assert [w.code for w in warnings] == ["chapters.no-timed-line"] * 2


def test_same_start_keeps_the_later_header(tmp_path):
    chapters, warnings = chapters_of(tmp_path, [
        {"header": "A"}, line(0), {"header": "B"}, line(40), {"header": "C"}, line(20),
        {"header": "D"}, line(40), line(90),
    ])
    assert [(c.start, c.title) for c in chapters] == [(0, "A"), (20, "C"), (40, "D")]
    assert sorted(w.code for w in warnings) == ["chapters.out-of-order", "chapters.same-start"]
    assert all(c.end > c.start for c in chapters)


def test_fractional_seconds_and_explicit_list(tmp_path):
    chapters, _ = chapters_of(
        tmp_path, [{"header": "Ignored"}, line(0)],
        chapters=[{"start": "0:00:05", "title": "Opening", "url": "https://ex.com/a"},
                  {"start": 75.5, "title": "Second", "image": "https://ex.com/b.jpg"},
                  {"start": "1:02:03", "title": "Third"}],
    )
    assert [(c.start, c.title) for c in chapters] == [
        (0, "Opening"), (75.5, "Second"), (3723, "Third")
    ]
    assert chapters[0].url == "https://ex.com/a" and chapters[1].image == "https://ex.com/b.jpg"


def test_explicit_timestamps_file(tmp_path):
    (tmp_path / "stamps.txt").write_text(textwrap.dedent("""\
        00:00:00 Podcast Introduction: Hi
        00:02:14 Guest Introduction: Ben
        # a comment

        01:12:51 Contact & Resources
    """))
    chapters, _ = chapters_of(tmp_path, [], chapters="stamps.txt")
    assert [(c.start, c.title) for c in chapters] == [
        (0, "Podcast Introduction: Hi"), (134, "Guest Introduction: Ben"),
        (4371, "Contact & Resources"),
    ]
    assert chapters[-1].end > chapters[-1].start


def test_explicit_list_gets_rule_five(tmp_path):
    chapters, _ = chapters_of(tmp_path, [], chapters=[{"start": 30, "title": "Late"},
                                                      {"start": 90, "title": "Later"}])
    assert [c.title for c in chapters] == ["Introduction", "Late", "Later"]


def test_youtube_merges_short_chapters_into_the_one_before():
    from publisher.models import Chapter

    chapters = [Chapter(0, 60, "A"), Chapter(60, 65, "short"), Chapter(65, 200, "B"),
                Chapter(200, 204, "tail")]
    kept = youtube_chapters(chapters, 10)
    assert [(c.start, c.end, c.title) for c in kept] == [(0, 65, "A"), (65, 204, "B")]
