"""Chapters written in the show notes, and the opening headers rule (issue 14)."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import run

from publisher.models import ChapterSettings, Episode, Header, Line
from publisher.rules.body_chapters import body_chapters
from publisher.rules.chapters import derive_chapters


@pytest.mark.parametrize("body, expected", [
    ("## 0:00 Welcome\n\n## 3:15 The main topic\n\n## 12:40 Wrapping up\n",
     [(0, "Welcome"), (195, "The main topic"), (760, "Wrapping up")]),
    ("## [00:00] Welcome\ntext\n## [03:15] The main topic\n### Wrapping up (12:40)\n",
     [(0, "Welcome"), (195, "The main topic"), (760, "Wrapping up")]),
    ("Intro text.\n\n## Chapters\n\n00:00 Intro\n(03:15) The main topic\n- 1:02:03 Outro\n\n"
     "## Links\n\n- 5:00 is not a chapter here\n",
     [(0, "Intro"), (195, "The main topic"), (3723, "Outro")]),
    ("**Timestamps:**\n\n- [00:00](https://youtu.be/x?t=0) Intro\n- [03:15](https://youtu.be/x"
     "?t=195) Topic – and more\n\nAfter the list.\n",
     [(0, "Intro"), (195, "Topic – and more")]),
    ("Contents\n1. 0:00 - Hello\n2. 10:00 | Bye\n", [(0, "Hello"), (600, "Bye")]),
    ("```\n## 0:00 not a heading in code\n```\nWe met at 10:30 to talk.\n", []),
    ("## 2024: a year in review\n## The 1:1 meeting\n", []),
])
def test_the_shapes_producers_write(body, expected):
    assert [(c.start, c.title) for c in body_chapters(body, 1)] == expected


def _episode(tmp_path, body: str, transcript=None, duration: int = 4000) -> tuple:
    assert run("new", tmp_path / "show").exit_code == 0
    show = tmp_path / "show"
    path = show / "episodes" / "s01e01-welcome.md"
    front = yaml.safe_load(path.read_text().split("---\n")[1])
    front["audio"]["duration"] = duration
    if transcript is None:
        front.pop("transcript")
    else:
        front["transcript"] = transcript
    path.write_text(f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n\n{body}")
    return show, path


def starts(show, path) -> list[tuple[float, str]]:
    result = run("chapters", path, "-f", "json", "--show", show)
    assert result.exit_code == 0, result.stderr
    return [(c["startTime"], c["title"]) for c in json.loads(result.stdout)["chapters"]]


def test_timed_headings_give_the_chapters(tmp_path):
    show, path = _episode(tmp_path, "Notes.\n\n## 0:00 Welcome\n\nHi.\n\n## 3:15 The main topic"
                                    "\n\nMore.\n\n## 12:40 Wrapping up\n\nBye.\n")
    assert starts(show, path) == [(0, "Welcome"), (195, "The main topic"), (760, "Wrapping up")]
    notes = run("notes", path, "-p", "youtube", "--show", show)
    assert notes.stdout.count("3:15 The main topic") == 1  # the notes' own, not repeated
    assert run("validate", show).exit_code == 0


def test_a_chapters_list_gives_the_chapters(tmp_path):
    show, path = _episode(tmp_path, "Notes.\n\n## Chapters\n\n- 00:00 Intro\n- 12:40 The topic\n"
                                    "- 1:02:03 Outro\n\n## Links\n\n- [a](https://a.org/)\n")
    assert starts(show, path) == [(0, "Intro"), (760, "The topic"), (3723, "Outro")]


def test_two_sources_that_disagree_are_a_warning(tmp_path):
    transcript = [{"header": "Welcome"}, {"line": "Hi.", "sec": 0, "who": "Host"},
                  {"header": "The main topic"}, {"line": "So.", "sec": 200, "who": "Host"},
                  {"header": "Wrapping up"}, {"line": "Bye.", "sec": 760, "who": "Host"}]
    show, path = _episode(tmp_path, "## 0:00 Welcome\n## 3:15 The main topic\n"
                                    "## 12:40 Wrapping up\n", transcript)
    assert starts(show, path) == [(0, "Welcome"), (200, "The main topic"), (760, "Wrapping up")]
    result = run("validate", show, "-v")
    said = result.stdout + result.stderr
    assert "chapters.sources-disagree" in said
    assert ("chapters come from the transcript headers, but the timestamps in the notes give "
            "others (3:20 'The main topic' against 3:15 'The main topic')") in said
    agreeing = path.read_text().replace("## 3:15 The main", "## 3:20 The main")
    path.write_text(agreeing)
    again = run("validate", show, "-v")
    assert "give others" not in again.stdout + again.stderr


def _line(index, text, sec=None):
    return Line(index, text, sec, None, "Host")


def chapters_of(*entries) -> list[tuple[float, str]]:
    episode = Episode(path=__import__("pathlib").Path("x.md"), slug="x", title="X", front={},
                      body="", body_line=1, transcript=tuple(entries))
    chapters, _ = derive_chapters(episode, ChapterSettings())
    return [(c.start, c.title) for c in chapters]


def test_every_header_before_the_first_timed_line_opens_the_episode():
    # an untimed line first no longer loses the opening chapter to a generic Introduction
    assert chapters_of(_line(0, "(music)"), Header(1, "Welcome"), Header(2, "Guest intro"),
                       _line(3, "Hi.", 42), Header(4, "Topic"), _line(5, "So.", 300)) == \
        [(0, "Welcome"), (42, "Guest intro"), (300, "Topic")]
    # untimed lines between the opening headers too
    assert chapters_of(Header(0, "Welcome"), _line(1, "(music)"), Header(2, "Guest intro"),
                       _line(3, "Hi.", 42), Header(4, "Topic"), _line(5, "So.", 300)) == \
        [(0, "Welcome"), (42, "Guest intro"), (300, "Topic")]
    # any between the first and the last give no chapter (as before)
    assert chapters_of(Header(0, "A"), Header(1, "B"), Header(2, "C"), _line(3, "Hi.", 42),
                       Header(4, "Topic"), _line(5, "So.", 300)) == \
        [(0, "A"), (42, "C"), (300, "Topic")]
    # a single opening header starts at the first timed line; the intro fills 0:00
    assert chapters_of(_line(0, "(music)"), Header(1, "Welcome"), _line(2, "Hi.", 42),
                       Header(3, "Topic"), _line(4, "So.", 300)) == \
        [(0, "Introduction"), (42, "Welcome"), (300, "Topic")]
