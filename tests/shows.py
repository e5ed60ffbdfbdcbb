"""Test shows made from the real corpus, with the audio and dates a producer would add."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from conftest import CORPUS

SHOW_YAML = {
    "title": "DataTalks.Club test show",
    "description": "Conversations about data & ML.",
    "link": "https://datatalks.club/podcast.html",
    "feed_url": "https://example.org/test/feed.xml",
    "language": "en",
    "image": "https://datatalks.club/images/cover.jpg",
    "author": "DataTalks.Club",
    "owner": {"name": "Alexey Grigorev", "email": "podcast@example.org"},
    "categories": ["Technology", "Education/Courses"],
    "explicit": False,
    "type": "episodic",
    "hosts": ["alexeygrigorev"],
    "guid_from": "ids.youtube",
    "podcast_guid": "917393e3-1b1e-5cef-ace4-edaa54e1f810",
}


def silent_mp3(path: Path, seconds: float = 3.0) -> Path:
    """A real, small MP3 of silence, encoded with LAME."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(16000)
    encoder.set_channels(1)
    encoder.set_quality(7)
    pcm = b"\x00\x00" * int(16000 * seconds)
    path.write_bytes(encoder.encode(pcm) + encoder.flush())
    return path


def add_front(path: Path, extra: dict) -> None:
    """Put *extra* keys at the top of an episode's front matter, leaving the rest as is."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    lines = yaml.safe_dump(extra, sort_keys=False, allow_unicode=True)
    path.write_text("---\n" + lines + text[4:], encoding="utf-8")


def audio_for(slug: str, index: int, duration: int) -> dict:
    return {"url": f"https://media.example.org/{slug}.mp3", "length": 1_000_000 + index,
            "type": "audio/mpeg", "duration": duration}


def make_corpus_show(root: Path, snapshot: str, **overrides) -> Path:
    """Copy the ``snapshot`` ('head' or 'old') episodes into a new show with audio and dates."""
    show = root / f"corpus-{snapshot}"
    episodes = show / "episodes"
    episodes.mkdir(parents=True)
    for source in sorted((CORPUS / snapshot / "_podcast").glob("*.md")):
        shutil.copy(source, episodes / source.name)
    start = dt.date(2021, 1, 4)
    for index, path in enumerate(sorted(episodes.glob("*.md"))):
        if path.name.startswith("_"):
            continue
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0][4:])
        secs = [e["sec"] for e in front.get("transcript") or [] if "sec" in e]
        extra: dict = {"audio": audio_for(path.name.split(".")[0], index,
                                          int(max(secs, default=3540)) + 60)}
        if not any(k in front for k in ("dateadded", "date", "pubdate")):
            extra["pubdate"] = start + dt.timedelta(weeks=index)
        add_front(path, extra)
    config = dict(SHOW_YAML, feed_url=f"https://example.org/{snapshot}/feed.xml")
    config["people"] = str(CORPUS / snapshot / "_people")
    config.update(overrides)
    (show / "show.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return show


def published_count(snapshot: str) -> int:
    return len([p for p in (CORPUS / snapshot / "_podcast").glob("*.md")
                if not p.name.startswith("_")])


def copy_tree(src: Path, dst: Path) -> Path:
    """Copy a show (or feeds/) without the cache a local build may have left in it."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".podpub-cache"))
    return dst


def make_big_show(root: Path, copies: int = 10) -> Path:
    """The 'head' corpus show with every episode copied *copies* times (distinct GUIDs and
    audio): large enough for a build to take a while."""
    show = make_corpus_show(root, "head")
    episodes = show / "episodes"
    for index, source in enumerate(sorted((CORPUS / "head" / "_podcast").glob("*.md"))):
        if source.name.startswith("_"):
            continue
        stem = source.name.split(".")[0]
        for copy in range(1, copies):
            target = episodes / f"{stem}-copy{copy}.md"
            shutil.copy(source, target)
            add_front(target, {"guid": f"{stem}-copy{copy}",
                               "audio": audio_for(f"{stem}-copy{copy}", index, 3600),
                               "pubdate": dt.date(2020, 1, 1) + dt.timedelta(days=copy)})
    return show


def build_corpus_show(root: Path, snapshot: str, as_of: str = "2026-11-28") -> tuple[Path, Path]:
    """A corpus show (see ``make_corpus_show``) built into ``root/out``: (show, out)."""
    from conftest import run

    show = make_corpus_show(root, snapshot)
    out = root / "out"
    result = run("build", show, "-o", out, "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return show, out
