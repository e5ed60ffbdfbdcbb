"""A transcript made elsewhere as an episode's ``transcript:`` entries.

Writing them into an episode file replaces only the ``transcript:`` key's lines (or adds
them at the end of the front matter); every other byte of the file stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from publisher.errors import PublisherError
from publisher.source.files import dump_yaml, key_lines, read_text, split_front_matter
from publisher.source.transcript_files import Cue
from publisher.timecode import clock


def seconds(value: float) -> int | float:
    """Seconds as front matter writes them: to the millisecond, whole ones as integers."""
    value = round(value, 3)
    return int(value) if value.is_integer() else value


def entries_from_cues(cues: list[Cue]) -> list[dict]:
    """``line``, ``sec``, ``time`` and, where the file names the speaker, ``who``."""
    entries = []
    for cue in cues:
        entry: dict = {"line": cue.text, "sec": seconds(cue.start), "time": clock(cue.start)}
        if cue.who:
            entry["who"] = cue.who
        entries.append(entry)
    return entries


def transcript_yaml(entries: list[dict]) -> str:
    """The ``transcript:`` key with *entries*, as front matter holds it."""
    return dump_yaml({"transcript": entries})


def with_transcript(path: Path, entries: list[dict], replace: bool) -> bytes:
    """The bytes of episode file *path* with its ``transcript:`` set to *entries*."""
    text = read_text(path)
    front, _, _ = split_front_matter(text, path)  # checks that there is front matter
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    block = transcript_yaml(entries).replace("\n", newline)
    lines = text.splitlines(keepends=True)
    front_end = 1 + len(front.splitlines(keepends=True))  # the closing '---' line
    from publisher.source.files import load_yaml

    load_yaml(front, path, 2)  # a clear error (file:line) for front matter that does not parse
    span = key_lines(front, "transcript")
    if span is not None:
        if not replace:
            raise PublisherError("the episode has a transcript already: pass --replace to "
                                 "replace it", path, span[0] + 2, code="import.refused")
        first, end = span[0] + 1, span[1] + 1  # lines of the file (line 0 is '---')
    else:
        first = end = front_end
        if first > 1 and not lines[first - 1].endswith(("\n", "\r")):
            lines[first - 1] += newline
    bom = "\ufeff" if path.read_bytes().startswith(b"\xef\xbb\xbf") else ""
    return (bom + "".join([*lines[:first], block, *lines[end:]])).encode("utf-8")
