"""The README's tables of formats and platforms, made from the library's own tables."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.formats.chapter_formats import CHAPTER_FORMATS
from publisher.formats.notes import NOTES_PLATFORMS
from publisher.formats.transcript_formats import FEED_ORDER, TRANSCRIPT_FORMATS

DEFAULTS = {"chapter-formats": "youtube", "transcript-formats": "vtt", "notes-platforms": "youtube"}


def _name(marker: str, name: str) -> str:
    return f"`{name}` (default)" if DEFAULTS[marker] == name else f"`{name}`"


def tables() -> dict[str, str]:
    chapters = ["| `--format` | what it writes | the build writes |", "|---|---|---|"]
    for row in CHAPTER_FORMATS.values():
        built = f"`{row.build_file}`" if row.build_file else ""
        chapters.append(f"| {_name('chapter-formats', row.name)} | {row.summary} | {built} |")
    transcripts = ["| `--format` | what it writes | the build writes | in the feed |",
                   "|---|---|---|---|"]
    for row in TRANSCRIPT_FORMATS.values():
        place = FEED_ORDER.index(row) + 1
        feed = f"`{row.mime}`, {place} of {len(FEED_ORDER)}" + (
            f", `rel=\"{row.rel}\"`" if row.rel else "")
        transcripts.append(f"| {_name('transcript-formats', row.name)} | {row.summary} | "
                           f"`{row.build_file}` | {feed} |")
    notes = ["| platform | form | limit | the build writes |", "|---|---|---|---|"]
    for row in NOTES_PLATFORMS.values():
        limit = f"{row.limit} bytes" if row.limit else "none"
        notes.append(f"| {_name('notes-platforms', row.name)} | {row.summary} | {limit} | "
                     f"`notes/{row.build_file}` |")
    return {"chapter-formats": "\n".join(chapters), "transcript-formats": "\n".join(transcripts),
            "notes-platforms": "\n".join(notes)}


def _block(marker: str) -> re.Pattern:
    return re.compile(rf"(<!-- {marker} -->\n)(.*?)(\n<!-- /{marker} -->)", re.S)


def current(readme: Path) -> dict[str, str | None]:
    text = readme.read_text(encoding="utf-8")
    return {marker: (m.group(2) if (m := _block(marker).search(text)) else None)
            for marker in DEFAULTS}


def update(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    for marker, table in tables().items():
        text = _block(marker).sub(lambda m: m.group(1) + table + m.group(3), text)
    readme.write_text(text, encoding="utf-8")
