"""Transcripts: every corpus episode parses back in every format, and no spoken line is lost."""

from __future__ import annotations

import html
import io
import json

import jsonschema
import pytest
import srt
import webvtt
import yaml
from conftest import CORPUS, SCHEMAS, corpus_episodes, run
from lxml import etree

from publisher.build.episode_outputs import for_command
from publisher.formats.transcript_formats import render
from publisher.models import Line, Person
from publisher.rules.transcripts import build_transcript, longest_non_decreasing
from publisher.source.episodes import load_episode

SCHEMA = json.loads((SCHEMAS / "podcast-transcript-json-1.0.schema.json").read_text())
WITH_TRANSCRIPT = [p for p in corpus_episodes()
                   if any(isinstance(e, Line) for e in load_episode(p)[0].transcript)]


def _transcript(episode, fmt):
    """A transcript as ``podpub transcript`` prints it without --show: text and warnings."""
    outputs = for_command(episode, None)
    text = outputs.transcript_text(fmt)
    return text, outputs.problems



def expected_words(episode) -> list[str]:
    """Words of every spoken line, an untimed speakerless repeat of the next line once."""
    lines = [e for e in episode.transcript if isinstance(e, Line)]
    words = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if (line.sec is None and not line.who and following is not None
                and line.text.split() == following.text.split()):
            continue
        text = line.text
        if line.who and len(line.who) > 40 and len(line.text) <= 40:
            text = line.who  # the fields were swapped
        words += text.split()
    return words


@pytest.mark.parametrize("path", WITH_TRANSCRIPT,
                         ids=[p.parent.parent.name + "/" + p.name for p in WITH_TRANSCRIPT])
def test_transcript_formats_parse_back(path):
    episode, _ = load_episode(path)
    vtt_text, _ = _transcript(episode, "vtt")
    captions = webvtt.from_buffer(io.StringIO(vtt_text))
    starts = [c.start_in_seconds for c in captions]
    assert starts == sorted(starts)
    assert all(c.end_in_seconds > c.start_in_seconds or c.end_time.milliseconds >
               c.start_time.milliseconds for c in captions)
    for caption in captions:
        assert len(caption.text.splitlines()) <= 2
    # words longer than a caption line (URLs) are broken across lines: compare the letters
    vtt_letters = "".join("".join(html.unescape(c.text).split()) for c in captions)
    assert vtt_letters == "".join(expected_words(episode))

    srt_text, _ = _transcript(episode, "srt")
    subtitles = list(srt.parse(srt_text))
    assert subtitles and all(s.end > s.start for s in subtitles)
    assert [s.start for s in subtitles] == sorted(s.start for s in subtitles)

    document = json.loads(_transcript(episode, "json")[0])
    jsonschema.validate(document, SCHEMA)
    json_words = " ".join(s["body"] for s in document["segments"]).split()
    assert json_words == expected_words(episode)
    assert all(s["endTime"] > s["startTime"] for s in document["segments"])

    for fmt in ("html", "text"):
        text, _ = _transcript(episode, fmt)
        assert text.strip()


def make(tmp_path, transcript, **front):
    path = tmp_path / "ep.md"
    path.write_text("---\n" + yaml.safe_dump({"title": "T", "transcript": transcript, **front},
                                             allow_unicode=True) + "---\n", encoding="utf-8")
    return load_episode(path)[0]


def segments(episode, people=(), duration=None):
    transcript, problems = build_transcript(episode, list(people), duration)
    return transcript.segments, problems


def test_untimed_lines_share_the_gap_by_length(tmp_path):
    ep = make(tmp_path, [{"line": "a" * 10, "sec": 10, "who": "Ann"},
                         {"line": "b" * 30, "who": "Bob"},
                         {"line": "c", "sec": 50, "who": "Ann"}])
    segs, _ = segments(ep)
    assert [(s.start, s.end) for s in segs[:2]] == [(10, 20), (20, 50)]
    assert segs[2].start == 50 and segs[2].end == 52  # reading time, at least 2 s


def test_lines_sharing_one_sec(tmp_path):
    ep = make(tmp_path, [{"line": "x" * 20, "sec": 0, "who": "A"},
                         {"line": "y" * 20, "sec": 0, "who": "A"},
                         {"line": "z" * 20, "sec": 0, "who": "A"},
                         {"line": "end", "sec": 30, "who": "A"}])
    segs, _ = segments(ep, duration=40)
    assert [(s.start, s.end) for s in segs] == [(0, 10), (10, 20), (20, 30), (30, 40)]


def test_cues_last_half_a_second_unless_the_next_starts_sooner(tmp_path):
    """Changed on purpose (issue 13): a short cue ends where the next begins, never after."""
    ep = make(tmp_path, [{"line": "one", "sec": 5, "who": "A"},
                         {"line": "two", "who": "A"}, {"line": "three", "who": "A"},
                         {"line": "four", "sec": 5.2, "who": "A"},
                         {"line": "five", "sec": 9, "who": "A"}])
    segs, _ = segments(ep)
    assert [s.start for s in segs] == sorted(s.start for s in segs)
    assert all(s.end > s.start for s in segs)
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:]))
    assert segs[3].end - segs[3].start >= 0.5  # room enough before 9 s


def test_a_time_without_sec_times_its_line(tmp_path):
    ep = make(tmp_path, [{"line": "one", "time": "0:05", "who": "A"},
                         {"line": "two", "time": "0:20", "who": "A"},
                         {"line": "three", "sec": 40, "who": "A"}])
    segs, _ = segments(ep)
    assert [s.start for s in segs] == [5, 20, 40]


@pytest.mark.parametrize("path", WITH_TRANSCRIPT,
                         ids=[p.parent.parent.name + "/" + p.name for p in WITH_TRANSCRIPT])
def test_no_cue_card_or_segment_overlaps_the_next(path):
    episode, _ = load_episode(path)
    cards = list(srt.parse(_transcript(episode, "srt")[0]))
    assert cards
    for before, after in zip(cards, cards[1:]):
        assert before.start < before.end <= after.start, (before.index, after.index)
    def seconds(stamp: str) -> float:  # webvtt-py's *_in_seconds are whole seconds
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    cues = [(seconds(c.start), seconds(c.end))
            for c in webvtt.from_buffer(io.StringIO(_transcript(episode, "vtt")[0]))]
    assert cues
    for before, after in zip(cues, cues[1:]):
        assert before[0] < before[1] <= after[0]
    segments_ = json.loads(_transcript(episode, "json")[0])["segments"]
    for before, after in zip(segments_, segments_[1:]):
        assert before["startTime"] < before["endTime"] <= after["startTime"]


def test_backwards_block_of_s05e02():
    episode, _ = load_episode(CORPUS / "old" / "_podcast" / "s05e02-data-engineering-acronyms.md")
    segs, problems = segments(episode)
    starts = [s.start for s in segs]
    assert starts == sorted(starts)
    moved = [p for p in problems if p.code == "transcript.out-of-order"]
    assert moved and all("breaks the order" in p.message and p.line for p in moved)


def test_longest_non_decreasing():
    assert longest_non_decreasing([1, 2, 9, 3, 4, 5]) == {0, 1, 3, 4, 5}
    assert longest_non_decreasing([]) == set()
    assert longest_non_decreasing([3, 3, 3]) == {0, 1, 2}


def test_speakers_missing_colon_and_full_names(tmp_path):
    ep = make(tmp_path, [{"line": "Hi.", "sec": 0, "who": "Ben:"},
                         {"line": "Still me.", "sec": 2},
                         {"line": "Hello.", "sec": 4, "who": "Alexey"},
                         {"line": "Who?", "sec": 6, "who": "Theo:"}])
    people = [Person("benwilson", "Ben Wilson"), Person("alexeygrigorev", "Alexey Grigorev"),
              Person("a", "Theo One"), Person("b", "Theo Two")]
    segs, _ = segments(ep, people)
    assert [s.speaker for s in segs] == ["Ben Wilson", "Ben Wilson", "Alexey Grigorev", "Theo"]


def test_who_holding_speech(tmp_path):
    speech = "This is a long paragraph of speech that ended up in the who field by mistake."
    ep = make(tmp_path, [{"line": "Hi.", "sec": 0, "who": "Ann"},
                         {"line": "More words here.", "sec": 3, "who": speech},
                         {"line": "Bob", "sec": 9, "who": speech}])
    segs, problems = segments(ep)
    assert [(s.speaker, s.text) for s in segs] == [
        ("Ann", "Hi."), ("Ann", "More words here."), ("Bob", speech)]
    assert [p.code for p in problems] == ["transcript.not-a-name", "transcript.swapped"]


def test_duplicates_are_skipped_once(tmp_path):
    ep = make(tmp_path, [{"line": "Same words.", "sec": 0, "who": "A"},
                         {"line": "Repeated  line."}, {"header": "H"},
                         {"line": "Repeated line.", "sec": 5, "who": "B"}])
    segs, problems = segments(ep)
    assert [s.text for s in segs] == ["Same words.", "Repeated line."]
    assert [p.code for p in problems] == ["transcript.duplicate"]


def test_escaping_and_voice(tmp_path):
    ep = make(tmp_path, [{"header": "Q&A --> <b>"},
                         {"line": "Fish & chips <3 -->", "sec": 0, "who": "R&D <team>"}])
    transcript, _ = build_transcript(ep, [], None)
    text = render("vtt", transcript)
    assert "NOTE Q&A -> <b>" in text
    assert "<v R&amp;D &lt;team&gt;>Fish &amp; chips &lt;3 --&gt;" in text
    captions = webvtt.from_buffer(io.StringIO(text))
    assert html.unescape(captions[0].text) == "Fish & chips <3 -->"
    assert "<cite>R&amp;D &lt;team&gt;</cite>" in render("html", transcript)


def test_long_lines_split_at_words_in_proportion(tmp_path):
    words = " ".join(f"word{i:02d}" for i in range(40))  # 279 characters
    ep = make(tmp_path, [{"line": words, "sec": 0, "who": "A"},
                         {"line": "next", "sec": 100, "who": "A"}])
    transcript, _ = build_transcript(ep, [], None)
    captions = webvtt.from_buffer(io.StringIO(render("vtt", transcript)))
    assert len(captions) > 3
    for caption in captions[:-1]:
        lines = caption.text.splitlines()
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines)
    assert " ".join(c.text for c in captions[:-1]).split() == words.split()
    assert captions[0].start_in_seconds == 0 and captions[-2].end == "00:01:40.000"
    subtitles = list(srt.parse(render("srt", transcript)))
    assert all(len(line) <= 32 for s in subtitles for line in s.content.splitlines())
    assert subtitles[0].content.startswith("A: word00")
    assert not subtitles[1].content.startswith("A:")


def test_transcript_cli(podpub):
    result = podpub("transcript", CORPUS / "old" / "_podcast" / "s04e05-running-from-complexity.md",
                    "-f", "text")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("Alexey (0:02:14): Today, we'll talk")
    assert "## Ben’s Background" in result.stdout


def test_build_writes_transcripts_and_feed_tags(tmp_path):
    from shows import make_corpus_show

    show = make_corpus_show(tmp_path, "old")
    out = tmp_path / "out"
    assert run("build", show, "-o", out, "--as-of", "2026-11-28").exit_code == 0
    root = etree.parse(str(out / "feed.xml")).getroot()
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    with_tags = 0
    for item in root.iter("item"):
        tags = item.findall("podcast:transcript", ns)
        if not tags:  # an episode without a transcript
            continue
        with_tags += 1
        assert [t.get("type") for t in tags] == [
            "text/html", "text/plain", "application/x-subrip", "application/json", "text/vtt"]
        assert all(t.get("language") == "en" for t in tags)
        assert [t.get("rel") for t in tags] == [None, None, None, None, "captions"]
        slug = item.findtext("link").rstrip("/").rsplit("/", 1)[1]
        for tag in tags:
            name = tag.get("url").rsplit("/", 1)[1]
            assert (out / "episodes" / slug / name).is_file()
    assert with_tags == len([p for p in WITH_TRANSCRIPT if p.parent.parent.name == "old"])
    vtt = (out / "episodes" / "s04e05-running-from-complexity" / "transcript.vtt").read_text()
    assert "<v Ben Wilson>" in vtt and "<v Alexey Grigorev>" in vtt


def test_wrap_doctests_and_agreement_with_textwrap():
    import doctest
    import textwrap

    from publisher.formats import transcript_formats

    assert doctest.testmod(transcript_formats).failed == 0
    text = "A few words, then some longer ones: characteristically, and more words here. " * 5
    for width in (20, 32, 42):
        assert transcript_formats.wrap(text, width) == textwrap.wrap(
            text, width, break_long_words=True, break_on_hyphens=False)


def _reference_split(first, natural_end, text, width, until, lines=2):
    """The caption splitting as first written (wrap, then rules.transcripts.cue_span),
    kept as the reference the fast ``_split`` must match to the last bit."""
    from publisher.formats.transcript_formats import wrap
    from publisher.rules.transcripts import cue_span

    wrapped = wrap(text, width) or [""]
    chunks = ["\n".join(wrapped[i:i + lines]) for i in range(0, len(wrapped), lines)]
    if len(text) <= width:
        chunks = [text]
    total = sum(map(len, chunks)) or 1
    stop = natural_end if until is None or until <= first else min(natural_end, until)
    starts, position = [], first
    for chunk in chunks:
        starts.append(position)
        position += (stop - first) * len(chunk) / total
    if len(chunks) == 1:
        starts = [first]
    out = []
    for number, chunk in enumerate(chunks):
        following = starts[number + 1] if number + 1 < len(chunks) else until
        end = natural_end if number + 1 == len(chunks) else starts[number + 1]
        out.append((*cue_span(starts[number], end, following), chunk))
    return out


def test_the_fast_caption_split_matches_the_reference():
    """Every shape a line can take: short and long, spaces to normalise, words longer than
    a line, no time to share (zero, negative), the next line starting before, at or after."""
    import random

    from publisher.formats.transcript_formats import _split

    rng = random.Random(15)
    words = ["a", "data", "engineering", "MLOps,", "x" * 50, "—", "naïve", "12:40", "&"]
    for _ in range(3000):
        text = (" " * rng.randint(0, 2)).join(rng.choice(words) + " " * rng.randint(1, 3)
                                             for _ in range(rng.randint(0, 40)))
        text = text.strip() if rng.random() < 0.7 else text
        first = round(rng.uniform(0, 5000), rng.choice([0, 1, 3, 6]))
        natural_end = first + rng.choice([0, 0.0004, 0.3, 2, 17.25, rng.uniform(-3, 90)])
        until = rng.choice([None, first, first - 1, first + 0.0005, natural_end,
                            natural_end + 1, first + rng.uniform(0, 30)])
        width = rng.choice([32, 42, 10])
        normalised = text == " ".join(text.split())
        for flag in {False, normalised}:
            assert _split(first, natural_end, text, width, until, normalised=flag) == \
                _reference_split(first, natural_end, text, width, until), \
                (first, natural_end, text, width, until)
