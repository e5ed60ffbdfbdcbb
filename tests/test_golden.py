"""Golden files: every output of three episodes, byte for byte.

A change in the bytes of a feed item, chapters, notes, transcripts or a page shows up here as a
diff. After a deliberate change: ``pytest tests/test_golden.py --update-golden``, then review
``git diff tests/golden`` like code. A new format is one more golden file, made the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from lxml import etree
from shows import build_corpus_show

from publisher.formats.chapter_formats import CHAPTER_FORMATS
from publisher.formats.notes import NOTES_PLATFORMS
from publisher.formats.transcript_formats import TRANSCRIPT_FORMATS

GOLDEN = Path(__file__).parent / "golden"
EPISODES = [
    ("old", "s04e05-running-from-complexity"),  # the reference episode
    ("head", "data-engineering-tools-modern-data-stack"),  # long, new format, header runs
    ("old", "s05e02-data-engineering-acronyms"),  # old format, headers out of order
]


@pytest.fixture(scope="module")
def shows(tmp_path_factory):
    return {snapshot: build_corpus_show(tmp_path_factory.mktemp(snapshot), snapshot)
            for snapshot in ("old", "head")}


def feed_item(feed: Path, slug: str) -> bytes:
    root = etree.parse(str(feed))
    for item in root.iter("item"):
        if item.findtext("link", "").rstrip("/").endswith(f"/episodes/{slug}"):
            return etree.tostring(item, encoding="utf-8", pretty_print=True)
    raise AssertionError(f"{slug} not in {feed}")


def outputs(show: Path, out: Path, slug: str) -> dict[str, bytes]:
    """Every output of one episode, by golden file name."""
    folder = out / "episodes" / slug
    files = {"feed-item.xml": feed_item(out / "feed.xml", slug),
             "index.html": (folder / "index.html").read_bytes()}
    for fmt in CHAPTER_FORMATS:
        result = run("chapters", slug, "--show", show, "-f", fmt)
        assert result.exit_code == 0, result.stderr
        files[f"chapters.{fmt}"] = result.stdout.encode("utf-8")
    for platform in NOTES_PLATFORMS.values():
        files[f"notes/{platform.build_file}"] = (folder / "notes" / platform.build_file
                                                 ).read_bytes()
    for fmt in TRANSCRIPT_FORMATS.values():
        files[fmt.build_file] = (folder / fmt.build_file).read_bytes()
    return files


@pytest.mark.parametrize("snapshot, slug", EPISODES, ids=[slug for _, slug in EPISODES])
def test_golden_outputs(shows, snapshot, slug, update_golden):
    show, out = shows[snapshot]
    expected_folder = GOLDEN / slug
    produced = outputs(show, out, slug)
    if update_golden:
        for name, data in produced.items():
            path = expected_folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    stored = {str(p.relative_to(expected_folder)): p.read_bytes()
              for p in sorted(expected_folder.rglob("*")) if p.is_file()}
    assert sorted(stored) == sorted(produced), "a golden file is missing or left over"
    for name, data in produced.items():
        assert data == stored[name], f"{slug}/{name} differs from tests/golden (see its docstring)"


def test_cue_sheet_of_the_reference_episode():
    path = GOLDEN / "s04e05-running-from-complexity" / "chapters.cue"
    lines = path.read_text().splitlines()
    assert lines[0] == 'FILE "s04e05-running-from-complexity.mp3" MP3'
    tracks = [line.strip() for line in lines if line.strip().startswith("TRACK")]
    indexes = [line.split()[-1] for line in lines if line.strip().startswith("INDEX 01")]
    assert len(tracks) == len(indexes) == 21
    assert tracks[0] == "TRACK 01 AUDIO" and tracks[-1] == "TRACK 21 AUDIO"
    assert indexes[0] == "00:00:00"
    frames = []
    for stamp in indexes:
        minutes, seconds, frame = map(int, stamp.split(":"))
        assert seconds < 60 and frame < 75
        frames.append((minutes * 60 + seconds) * 75 + frame)
    assert frames == sorted(frames) and len(set(frames)) == len(frames)


def test_readme_tables_come_from_the_library(update_golden):
    """The README's format and platform tables are made from the library's tables."""
    from conftest import ROOT
    from readme_tables import current, tables, update

    readme = ROOT / "README.md"
    if update_golden:
        update(readme)
    assert current(readme) == tables(), "run pytest --update-golden and review README.md"
