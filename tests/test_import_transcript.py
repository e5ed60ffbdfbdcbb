"""`podpub import transcript`: SRT, WebVTT with voices, whisper and Podcasting 2.0 JSON into
an episode's front matter, every other byte kept (issue 14)."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
import webvtt
from conftest import run

from publisher.source.files import key_lines, split_front_matter

LINES = ["Hello and welcome to the show.", "It's a great day & we're here.",
         "Today: the main topic, at length.", "Thanks for listening."]
SPEAKERS = ["Ann", "Bob", "Ann", "Bob"]
STARTS = [0.0, 4.5, 65.25, 3725.0]


def _stamp(seconds: float, sep: str) -> str:
    whole, ms = divmod(round(seconds * 1000), 1000)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}{sep}{ms:03d}"


def srt() -> str:
    return "\n".join(f"{n}\n{_stamp(s, ',')} --> {_stamp(s + 4, ',')}\n{t}\n"
                     for n, (s, t) in enumerate(zip(STARTS, LINES), start=1))


def vtt() -> str:
    return "WEBVTT\n\n" + "\n".join(
        f"{_stamp(s, '.')} --> {_stamp(s + 4, '.')}\n<v {w}>{t.replace('&', '&amp;')}</v>\n"
        for s, t, w in zip(STARTS, LINES, SPEAKERS))


def whisper() -> str:
    return json.dumps({"text": " ".join(LINES), "language": "en", "segments": [
        {"id": n, "seek": 0, "start": s, "end": s + 4, "text": " " + t, "tokens": [1, 2],
         "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.3,
         "no_speech_prob": 0.01} for n, (s, t) in enumerate(zip(STARTS, LINES))]})


def podcasting20() -> str:
    return json.dumps({"version": "1.0.0", "segments": [
        {"speaker": w, "startTime": s, "endTime": s + 4, "body": t}
        for s, t, w in zip(STARTS, LINES, SPEAKERS)]})


FILES = {"a.srt": (srt, False), "b.vtt": (vtt, True), "c.json": (whisper, False),
         "d.json": (podcasting20, True)}


@pytest.fixture
def show(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "show").exit_code == 0
    return tmp_path / "show"


def without_transcript(data: bytes) -> str:
    """The file's text with its front matter's transcript: lines taken out."""
    text = data.decode("utf-8")
    front, _, _ = split_front_matter(text, None)
    span = key_lines(front, "transcript")
    lines = text.splitlines(keepends=True)
    return "".join(lines if span is None else lines[:span[0] + 1] + lines[span[1] + 1:])


def cue_texts(output: str, fmt: str) -> list[str]:
    captions = webvtt.from_buffer(io.StringIO(output), format=fmt)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", c.text)).split()) for c in captions]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("replace", [True, False], ids=["replacing", "adding"])
def test_round_trip(show, tmp_path, name, replace):
    make, has_speakers = FILES[name]
    source = tmp_path / name
    source.write_text(make())
    episode = show / "episodes" / "s01e01-welcome.md"
    if not replace:  # an episode without a transcript: the lines are added
        original = episode.read_bytes()
        front, _, _ = split_front_matter(original.decode(), episode)
        first, end = key_lines(front, "transcript")
        lines = original.decode().splitlines(keepends=True)
        episode.write_text("".join(lines[:first + 1] + lines[end + 1:]))
    episode.chmod(0o644)
    before = episode.read_bytes()
    args = ["import", "transcript", source, "--into", episode] + (["--replace"] if replace
                                                                   else [])
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert f"{len(LINES)} lines" in result.stderr
    after = episode.read_bytes()
    assert without_transcript(after) == without_transcript(before)
    assert episode.stat().st_mode & 0o777 == 0o644  # the file keeps its permissions
    for fmt in ("srt", "vtt"):
        printed = run("transcript", episode, "-f", fmt, "--show", show)
        assert printed.exit_code == 0, printed.stderr
        expected = LINES
        if fmt == "srt" and has_speakers:  # SRT has no voices: podpub writes "Name: text"
            expected = [f"{who}: {line}" for who, line in zip(SPEAKERS, LINES)]
        assert cue_texts(printed.stdout, fmt) == expected
    front = after.decode()
    assert ("who: Ann" in front) == has_speakers
    assert "sec: 65.25" in front and "time: '1:02:05'" in front
    assert run("build", show, "-o", tmp_path / "out").exit_code == 0


def test_an_existing_transcript_needs_replace(show, tmp_path):
    (tmp_path / "a.srt").write_text(srt())
    episode = show / "episodes" / "s01e01-welcome.md"
    before = episode.read_bytes()
    result = run("import", "transcript", tmp_path / "a.srt", "--into", episode)
    assert result.exit_code == 1 and "--replace" in result.stderr
    line = before.decode().splitlines().index("transcript:") + 1
    assert f"{episode}:{line}:" in result.stderr
    assert episode.read_bytes() == before


def test_without_into_the_entries_are_printed(tmp_path):
    (tmp_path / "b.vtt").write_text(vtt())
    result = run("import", "transcript", tmp_path / "b.vtt")
    assert result.exit_code == 0
    assert result.stdout.startswith("transcript:\n- line: Hello and welcome to the show.\n")
    assert "speakers: Ann, Bob" in result.stderr


@pytest.mark.parametrize("text, why", [
    ("just some words\n", "unknown transcript format"),
    ('{"segments": [{"start": "x", "text": "a"}]}', "'start' must be a number"),
    ("{not json", "not valid JSON"),
    ('{"results": []}', "expected a JSON object with a 'segments' list"),
])
def test_bad_transcripts_are_clear_errors(tmp_path, text, why):
    path = tmp_path / ("t.txt" if "words" in text else "t.json")
    path.write_text(text)
    result = run("import", "transcript", path)
    assert result.exit_code == 1 and why in result.stderr and str(path) in result.stderr


def test_word_by_word_json_is_joined_into_lines(tmp_path):
    words = "Hello there. How are you today? Fine thanks".split()
    segments = [{"speaker": "Ann" if n < 6 else "Bob", "startTime": n * 0.5,
                 "endTime": n * 0.5 + 0.4, "body": word} for n, word in enumerate(words)]
    (tmp_path / "w.json").write_text(json.dumps({"version": "1.0.0", "segments": segments}))
    result = run("import", "transcript", tmp_path / "w.json")
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("- line:")] == [
        "- line: Hello there.", "- line: How are you today?", "- line: Fine thanks"]
