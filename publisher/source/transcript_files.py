"""Reading transcripts made elsewhere: SRT, WebVTT (with ``<v Name>`` voices), Podcasting
2.0 JSON and openai-whisper's JSON.  webvtt-py reads the two caption formats."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import PublisherError

FORMATS = ("srt", "vtt", "json")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float | None
    text: str
    who: str | None = None


def transcript_format(name: str, text: str, declared: str = "") -> str | None:
    """``srt``, ``vtt`` or ``json`` from a MIME type, the file name or the text itself."""
    declared = declared.lower()
    for kind, marks in (("vtt", ("text/vtt", ".vtt")), ("srt", ("srt", ".srt")),
                        ("json", ("json", ".json"))):
        if any(mark in declared for mark in marks) or name.lower().endswith(marks[-1]):
            return kind
    head = text.lstrip("\ufeff \r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith(("{", "[")):
        return "json"
    if re.match(r"\d+\s*\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", head):
        return "srt"
    return None


def _clean(text: str) -> str:
    import html

    return " ".join(html.unescape(_TAGS.sub("", text)).split())


def _captions(text: str, kind: str, where: str) -> list[Cue]:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.from_buffer(io.StringIO(text), format=kind)
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise PublisherError(f"not a valid {kind.upper()} file: {exc}", where,
                             code="import.transcript-invalid") from None
    cues = []
    for caption in captions:
        words = _clean(caption.text)
        if words:
            cues.append(Cue(caption.start_time.in_milliseconds() / 1000,
                            caption.end_time.in_milliseconds() / 1000, words,
                            (caption.voice or "").strip() or None))
    return cues


def _number(value, what: str, where: str, index: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise PublisherError(f"segment {index}: '{what}' must be a number of seconds, got "
                             f"{value!r}", where, code="import.transcript-invalid")
    return float(value)


def _segments(text: str, where: str) -> list[Cue]:
    """Podcasting 2.0 JSON (``segments`` with ``startTime``, ``body``, ``speaker``) or
    whisper's (``segments`` with ``start``, ``end``, ``text``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PublisherError(f"not valid JSON: {exc.msg}", where, exc.lineno,
                             code="import.transcript-invalid") from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise PublisherError("expected a JSON object with a 'segments' list (Podcasting 2.0 "
                             "or whisper --output_format json)", where,
                             code="import.transcript-invalid")
    cues = []
    for index, segment in enumerate(segments):
        if not isinstance(segment, dict):
            raise PublisherError(f"segment {index}: expected an object", where,
                                 code="import.transcript-invalid")
        if "startTime" in segment:  # Podcasting 2.0
            start = _number(segment["startTime"], "startTime", where, index)
            end = segment.get("endTime")
            words, who = segment.get("body"), segment.get("speaker")
        else:
            start = _number(segment.get("start"), "start", where, index)
            end = segment.get("end")
            words, who = segment.get("text"), segment.get("speaker")
        end = _number(end, "end", where, index) if end is not None else None
        words = _clean(words) if isinstance(words, str) else ""
        if words:
            cues.append(Cue(start, end, words, who.strip() or None
                            if isinstance(who, str) else None))
    return cues


def _sentences(cues: list[Cue]) -> list[Cue]:
    """Word-by-word segments (as some tools write Podcasting 2.0 JSON) joined into lines: a
    line ends at a sentence's end, a change of speaker or a pause of over a second."""
    if not cues or sum(len(c.text.split()) for c in cues) / len(cues) >= 3:
        return cues
    lines: list[Cue] = []
    for cue in cues:
        last = lines[-1] if lines else None
        if (last is not None and last.who == cue.who and not last.text.endswith((".", "?", "!"))
                and (last.end is None or cue.start - last.end <= 1.0)):
            lines[-1] = Cue(last.start, cue.end, f"{last.text} {cue.text}", last.who)
        else:
            lines.append(cue)
    return lines


def read_cues(text: str, name: str, declared: str = "") -> list[Cue]:
    """The cues of a transcript file's *text* (*name* for messages and its extension)."""
    kind = transcript_format(name, text, declared)
    if kind is None:
        raise PublisherError("unknown transcript format: expected SRT, WebVTT, Podcasting 2.0 "
                             "JSON or whisper JSON", name, code="import.transcript-invalid")
    text = text.removeprefix("\ufeff")
    return _sentences(_segments(text, name)) if kind == "json" else _captions(text, kind, name)


def read_cues_file(path: Path) -> list[Cue]:
    from publisher.source.files import read_text

    return read_cues(read_text(path), str(path))
