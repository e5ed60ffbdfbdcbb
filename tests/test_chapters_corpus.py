"""Chapters of every real corpus episode, in every format, parsed back independently."""

from __future__ import annotations

import unicodedata

import chapter_readers as readers
import pytest
from conftest import CORPUS, REFERENCE, corpus_episodes

from publisher.formats.chapter_formats import CHAPTER_FORMATS, ChapterContext, render
from publisher.models import ChapterSettings, Header
from publisher.rules.chapters import derive_chapters, youtube_chapters
from publisher.source.episodes import load_episode

SETTINGS = ChapterSettings()


def with_headers():
    out = []
    for path in corpus_episodes():
        episode, _ = load_episode(path)
        if any(isinstance(e, Header) for e in episode.transcript):
            out.append(episode)
    return out


EPISODES = with_headers()
IDS = [e.path.parent.parent.name + "/" + e.path.name for e in EPISODES]


def test_corpus_has_many_episodes_with_headers():
    assert len(EPISODES) >= 35


def test_reference_episode_cli(podpub):
    result = podpub("chapters", REFERENCE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 21
    assert lines[0] == "0:00 Introduction"
    assert lines[1] == "3:14 Ben\u2019s Background"
    assert lines[-1] == "1:12:51 How to find Ben online"


@pytest.mark.parametrize("episode", EPISODES, ids=IDS)
def test_youtube_rules(episode):
    chapters, _ = derive_chapters(episode, SETTINGS)
    parsed = readers.read_youtube(render("youtube", chapters))
    assert parsed[0][0] == 0, "the first chapter starts at 0:00"
    starts = [start for start, _ in parsed]
    assert starts == sorted(set(starts)), "strictly ascending"
    ends = starts[1:] + [int(chapters[-1].end)]
    assert all(end - start >= SETTINGS.min_seconds for start, end in zip(starts, ends))
    assert len(parsed) >= 3


@pytest.mark.parametrize("episode", EPISODES, ids=IDS)
def test_every_format_parses_back_with_ends_after_starts(episode):
    chapters, _ = derive_chapters(episode, SETTINGS)
    titles = [c.title for c in chapters]
    starts = [c.start for c in chapters]
    assert starts == sorted(starts) and starts[0] == 0

    json_back = readers.read_json(render("json", chapters, ChapterContext(title=episode.title)))
    assert [t for _, _, t in json_back] == titles
    assert all(end is None or end > start for start, end, _ in json_back)

    psc_back = readers.read_psc(render("psc", chapters))
    assert [(s, t) for s, t in psc_back] == [(round(s, 3), t) for s, t in zip(starts, titles)]

    for fmt, reader in (("vtt", readers.read_vtt), ("ffmetadata", readers.read_ffmetadata),
                        ("audacity", readers.read_audacity)):
        back = reader(render(fmt, chapters, ChapterContext(title=episode.title)))
        assert len(back) == len(chapters), fmt
        assert all(end > start for start, end, _ in back), fmt
        assert [s for s, _, _ in back] == pytest.approx(starts, abs=0.001), fmt
    vtt_titles = [t for _, _, t in readers.read_vtt(render("vtt", chapters))]
    assert vtt_titles == [t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                          for t in titles]
    assert [t for _, _, t in readers.read_ffmetadata(render("ffmetadata", chapters))] == titles
    mp4 = readers.read_mp4chaps(render("mp4chaps", chapters))
    assert [t for _, t in mp4] == titles


def test_all_formats_are_rendered_by_the_cli(podpub):
    for fmt in CHAPTER_FORMATS:
        result = podpub("chapters", REFERENCE, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
        assert "Ben\u2019s Background" in result.stdout


def _norm(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title).replace("\u2011", "-").split())


def test_agreement_with_published_chapter_lists():
    """The site published its own chapters as quotableClips: match them closely."""
    published = found = agree = 0
    mismatches = []
    for episode in EPISODES:
        clips = episode.front.get("quotableClips")
        if not clips:
            continue
        chapters, _ = derive_chapters(episode, SETTINGS)
        ours: dict[str, float] = {}
        for chapter in chapters:
            ours.setdefault(_norm(chapter.title), chapter.start)
        for clip in clips:
            published += 1
            title = _norm(clip["name"])
            if title not in ours:
                mismatches.append(f"{episode.path.name}: missing {title!r} "
                                  f"at {clip['startOffset']}")
                continue
            found += 1
            if int(ours[title]) == int(clip["startOffset"]):
                agree += 1
            else:
                mismatches.append(f"{episode.path.name}: {title!r} at {int(ours[title])}, "
                                  f"published {clip['startOffset']}")
    recall, agreement = found / published, agree / found
    print(f"\nrecall {found}/{published} = {recall:.1%}; agreement {agree}/{found} = "
          f"{agreement:.1%}")
    print("\n".join(mismatches))
    assert published > 500
    assert recall >= 0.98
    assert agreement >= 0.975


def _load(name: str):
    return load_episode(CORPUS / name)


def test_header_runs_data_engineering_tools():
    episode, _ = _load("head/_podcast/data-engineering-tools-modern-data-stack.md")
    chapters, warnings = derive_chapters(episode, SETTINGS)
    # 'Podcast Introduction', 'Episode Overview', then both again: the first opens at 0:00
    assert [(c.start, c.title) for c in chapters[:3]] == [
        (0, "Podcast Introduction"),
        (94, "Episode Overview: Decoding Data Engineering Acronyms"),
        (118, "Guest Career Journey: From Marketing Ops to Analytics & Growth"),
    ]
    titles = [c.title for c in chapters]
    assert len(titles) == len(set(titles)), "stacked repeats become one chapter"
    codes = [w.code for w in warnings]
    assert codes.count("chapters.merged") >= 20
    assert "chapters.no-timed-line" in codes
    merged = next(w for w in warnings if w.code == "chapters.merged")
    assert merged.path == episode.path and merged.line and "entry 7" in merged.message


def test_header_runs_ml_system_design():
    episode, _ = _load("head/_podcast/machine-learning-system-design-interview.md")
    chapters, warnings = derive_chapters(episode, SETTINGS)
    assert [(c.start, c.title) for c in chapters[:3]] == [
        (0, "Podcast Introduction & Episode Overview"),
        (111, "Valerii Background: Career Snapshot and Kaggle Achievements"),
        (201, "Blockchain.com Role: Scope, Responsibilities, and Data Ownership"),
    ]
    clips = {_norm(c["name"]): c["startOffset"] for c in episode.front["quotableClips"]}
    matched = [c for c in chapters if _norm(c.title) in clips]
    assert all(int(c.start) == clips[_norm(c.title)] for c in matched)
    assert len(matched) >= len(clips) - 1
    dropped = [w for w in warnings if w.code == "chapters.no-timed-line"]
    assert any("Contrast: Software System Design" in w.message for w in dropped)


def test_backwards_block_s05e02():
    episode, _ = _load("old/_podcast/s05e02-data-engineering-acronyms.md")
    chapters, warnings = derive_chapters(episode, SETTINGS)
    starts = [c.start for c in chapters]
    assert starts == sorted(starts)
    moved = [w for w in warnings if w.code == "chapters.out-of-order"]
    assert [w.message.split("'")[1] for w in moved] == [
        "Are there cases where ETL is preferable over ELT?",
        "Why is Airbyte open source?",
        "The case of Elasticsearch and AWS",
    ]
    assert all(w.line and w.path == episode.path for w in moved)
    # each keeps its own time
    by_title = {c.title: c.start for c in chapters}
    assert by_title["Why is Airbyte open source?"] == 2625
    assert by_title["Slowly changing dimension"] == 2938


def test_nine_second_opening_chapter():
    episode, _ = _load("head/_podcast/datatalksclub-building-scaling-data-community.md")
    chapters, _ = derive_chapters(episode, SETTINGS)
    assert (chapters[0].start, chapters[0].end, chapters[0].title) == (0, 9, "Podcast Introduction")
    # YouTube needs 10 s: the opening gives way to the next chapter, which moves to 0:00
    youtube = youtube_chapters(chapters, 10)
    assert youtube[0].start == 0
    assert youtube[0].title.startswith("Career Transition: Java to Machine Learning")
    assert youtube[1].start == 86


def test_old_episode_gets_an_introduction_chapter():
    episode, _ = load_episode(REFERENCE)
    chapters, _ = derive_chapters(episode, ChapterSettings(intro_title="Welcome"))
    assert (chapters[0].start, chapters[0].end, chapters[0].title) == (0, 194, "Welcome")


def test_last_chapter_ends_at_audio_duration_or_last_line():
    episode, _ = load_episode(REFERENCE)
    chapters, _ = derive_chapters(episode, SETTINGS)
    assert chapters[-1].start == 4371
    assert 4371 < chapters[-1].end < 4371 + 120
    assert derive_chapters(episode, SETTINGS, duration=4500)[0][-1].end == 4500
    # a duration before the last start is not believed
    assert derive_chapters(episode, SETTINGS, duration=4000)[0][-1].end > 4371
