"""Transcripts written as WebVTT, SRT, Podcasting 2.0 JSON, HTML and plain text."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from publisher.models import Transcript
from publisher.rules.transcripts import MIN_CUE
from publisher.timecode import clock, npt


@functools.lru_cache(maxsize=8)
def _line_pattern(width: int) -> re.Pattern:
    # the longest run of at most `width` characters that ends before a space (or the end);
    # failing that, a word longer than a line is broken after `width` characters
    return re.compile(rf"\S(?:[^\n]{{0,{width - 2}}}\S)?(?=\s|$)|\S{{{width}}}")


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than *width* is broken.

    >>> wrap("one two three four", 9)
    ['one two', 'three', 'four']
    >>> wrap("https://example.org/a/very/long/path", 12)
    ['https://exam', 'ple.org/a/ve', 'ry/long/path']
    """
    return [line.strip() for line in _line_pattern(width).findall(" ".join(text.split()))]


def _one_cue(first: float, natural_end: float, text: str, until: float | None
             ) -> list[tuple[float, float, str]]:
    """*text* as one cue from *first*: at least MIN_CUE long, and over before *until* (the
    next line's start) when that is later (``rules.transcripts.cue_span``)."""
    end = natural_end if natural_end > first + MIN_CUE else first + MIN_CUE
    if until is not None and until > first and until < end:
        end = until
    start, end = round(first, 3), round(end, 3)
    return [(start, end if end > start else round(start + 0.001, 3), text)]


def _split(first: float, natural_end: float, text: str, width: int, until: float | None,
           lines: int = 2, normalised: bool = False) -> list[tuple[float, float, str]]:
    """A line split into cues of at most *lines* lines of *width* characters, at word
    boundaries, with times in proportion to the characters of each cue; they start before
    *until* (the next line's start) and none overlaps the next (``cue_span``).  This runs for
    every cue of every caption file, so it is kept to the arithmetic (the same, to the last
    bit, as the first version: see the tests).  *normalised*: *text* has single spaces only
    (a Segment's), no need to make it so."""
    if len(text) <= width:  # most short lines: one cue
        return _one_cue(first, natural_end, text, until)
    wrapped = _line_pattern(width).findall(text if normalised else " ".join(text.split()))
    if len(wrapped) <= lines:
        return _one_cue(first, natural_end, "\n".join(wrapped), until)
    chunks = ["\n".join(wrapped[i:i + lines]) for i in range(0, len(wrapped), lines)]
    total = sum(map(len, chunks)) or 1
    stop = natural_end if until is None or until <= first else min(natural_end, until)
    span = stop - first
    starts, position = [], first
    for chunk in chunks:
        starts.append(position)
        position += span * len(chunk) / total
    out = []
    add = out.append
    last = len(chunks) - 1
    rounded = [round(start, 3) for start in starts]
    for number in range(last):  # a cue ends where the next begins, unless that is not later
        start, end = rounded[number], rounded[number + 1]
        if starts[number + 1] <= starts[number]:
            end = round(max(starts[number + 1], starts[number] + MIN_CUE), 3)
        add((start, end if end > start else round(start + 0.001, 3), chunks[number]))
    return out + _one_cue(starts[last], natural_end, chunks[last], until)


def _vtt_escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def vtt(transcript: Transcript) -> str:
    """WebVTT with ``<v Speaker>`` voice spans and section headers as ``NOTE`` blocks."""
    blocks = ["WEBVTT"]
    add = blocks.append
    last, said = None, ""
    for titles, segment, following in transcript.rows:
        blocks += ["NOTE " + title.replace("-->", "->") for title in titles]
        if segment is None:
            break
        voice = f"<v {_vtt_escape(segment.speaker)}>" if segment.speaker else ""
        for start, end, text in _split(segment.start, segment.end, segment.text, 42, following,
                                       normalised=True):
            if start != last:  # a cue mostly starts where the one before ended
                said = npt(start)
            last, stamp = end, npt(end)
            add(f"{said} --> {stamp}\n{voice}{_vtt_escape(text)}")
            said = stamp
    return "\n\n".join(blocks) + "\n"


def srt(transcript: Transcript) -> str:
    """SubRip with ``Name: `` at each change of speaker, 2 lines of 32 characters a cue."""
    blocks = []
    add = blocks.append
    previous = None
    number = 0
    last, said = None, ""
    for _, segment, following in transcript.rows:
        if segment is None:
            break
        speaker = segment.speaker
        prefix = f"{speaker}: " if speaker and speaker != previous else ""
        previous = speaker or previous
        # a Segment's text has single spaces; with a name before it, so has the whole
        # unless the name has other spacing
        normalised = bool(segment.text) and (not prefix or speaker == " ".join(speaker.split()))
        for start, end, text in _split(segment.start, segment.end, prefix + segment.text, 32,
                                       following, normalised=normalised):
            number += 1
            if start != last:  # a cue mostly starts where the one before ended
                said = npt(start, ",")
            last, stamp = end, npt(end, ",")
            add(f"{number}\n{said} --> {stamp}\n{text}")
            said = stamp
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def json_transcript(transcript: Transcript) -> str:
    """Podcasting 2.0 JSON transcript: whole segments with speaker, times and body."""
    segments = []
    for segment in transcript.segments:
        item: dict = {}
        if segment.speaker:
            item["speaker"] = segment.speaker
        item["startTime"] = _number(segment.start)
        item["endTime"] = _number(segment.end)
        item["body"] = segment.text
        segments.append(item)
    # compact: indenting would take the slow pure-Python encoder for megabytes of text
    return json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"


def html_transcript(transcript: Transcript) -> str:
    """A readable HTML fragment: headings, then speaker, time and paragraph per line."""
    out = ['<div class="transcript">']
    for titles, segment, _ in transcript.rows:
        out += [f"<h3>{html.escape(title)}</h3>" for title in titles]
        if segment is None:
            break
        speaker = f"<cite>{html.escape(segment.speaker)}</cite> " if segment.speaker else ""
        seconds = int(segment.start)
        out.append(f'<p data-start="{segment.start:g}">{speaker}<time datetime="PT{seconds}S">'
                   f"{clock(seconds, hours=True)}</time> {html.escape(segment.text)}</p>")
    out.append("</div>")
    return "\n".join(out) + "\n"


def text_transcript(transcript: Transcript) -> str:
    """``Speaker (H:MM:SS): line`` paragraphs, with section titles as headings."""
    out = []
    for titles, segment, _ in transcript.rows:
        out += [f"## {title}" for title in titles]
        if segment is None:
            break
        stamp = clock(segment.start, hours=True)
        who = segment.speaker or "Unknown speaker"
        out.append(f"{who} ({stamp}): {segment.text}")
    return "\n\n".join(out) + "\n"


@dataclass(frozen=True)
class TranscriptFormat:
    """One row of the table: everything podpub knows about a transcript format."""

    name: str
    write: Callable[[Transcript], str]
    build_file: str  # the file the build writes beside each episode
    mime: str  # its type in the feed's podcast:transcript
    feed_rank: int  # clients that read one podcast:transcript take the last: captions last
    rel: str | None  # podcast:transcript rel
    summary: str


TRANSCRIPT_FORMATS = {row.name: row for row in (
    TranscriptFormat("vtt", vtt, "transcript.vtt", "text/vtt", 5, "captions",
                     "WebVTT captions, wrapped for players"),
    TranscriptFormat("srt", srt, "transcript.srt", "application/x-subrip", 3, None, "SRT"),
    TranscriptFormat("json", json_transcript, "transcript.json", "application/json", 4, None,
                     "Podcasting 2.0 JSON transcript 1.0"),
    TranscriptFormat("html", html_transcript, "transcript.html", "text/html", 1, None,
                     "an HTML fragment with speakers and section titles"),
    TranscriptFormat("text", text_transcript, "transcript.txt", "text/plain", 2, None,
                     "plain text: `Speaker (H:MM:SS): line`"),
)}
FEED_ORDER = tuple(sorted(TRANSCRIPT_FORMATS.values(), key=lambda row: row.feed_rank))


def render(fmt: str, transcript: Transcript) -> str:
    """Write *transcript* in the format named *fmt* (a key of ``TRANSCRIPT_FORMATS``)."""
    return TRANSCRIPT_FORMATS[fmt].write(transcript)
