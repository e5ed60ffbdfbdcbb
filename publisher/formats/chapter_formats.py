"""Chapter lists written in each format that players, platforms and editors read."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from publisher.models import Chapter
from publisher.timecode import clock, npt

PSC_NAMESPACE = "http://podlove.org/simple-chapters"


def _number(seconds: float) -> int | float:
    rounded = round(seconds, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def _one_line(text: str) -> str:
    return " ".join(text.split())


def youtube(chapters: list[Chapter]) -> str:
    """``M:SS Title`` lines (``H:MM:SS`` past an hour) for a YouTube description.

    Pass chapters through ``chapters.youtube_chapters`` first to meet YouTube's rules.
    """
    return "".join(f"{clock(c.start)} {_one_line(c.title)}\n" for c in chapters)


def json_chapters(
    chapters: list[Chapter],
    title: str | None = None,
    podcast: str | None = None,
    known_end: bool = True,
) -> str:
    """Podcasting 2.0 JSON chapters, version 1.2.

    ``endTime`` is written where it is known: every chapter but the last, and the last
    too when *known_end* (the audio's length is known).
    """
    document: dict = {"version": "1.2.0"}
    if title:
        document["title"] = title
    if podcast:
        document["podcastName"] = podcast
    items = []
    for index, chapter in enumerate(chapters):
        item: dict = {"startTime": _number(chapter.start), "title": chapter.title}
        if index + 1 < len(chapters) or known_end:
            item["endTime"] = _number(chapter.end)
        if chapter.url:
            item["url"] = chapter.url
        if chapter.image:
            item["img"] = chapter.image
        items.append(item)
    document["chapters"] = items
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def psc_element(chapters: list[Chapter]):
    """A Podlove Simple Chapters ``<psc:chapters version="1.2">`` element (lxml): the feed
    embeds it in each item, the ``psc`` format prints it."""
    from lxml import etree

    root = etree.Element(f"{{{PSC_NAMESPACE}}}chapters", {"version": "1.2"},
                         nsmap={"psc": PSC_NAMESPACE})
    for chapter in chapters:
        attributes = {"start": npt(chapter.start), "title": chapter.title}
        if chapter.url:
            attributes["href"] = chapter.url
        if chapter.image:
            attributes["image"] = chapter.image
        etree.SubElement(root, f"{{{PSC_NAMESPACE}}}chapter", attributes)
    return root


def psc(chapters: list[Chapter]) -> str:
    """The Podlove Simple Chapters element as text."""
    from lxml import etree

    return etree.tostring(psc_element(chapters), encoding="unicode", pretty_print=True)


def _vtt_text(text: str) -> str:
    return _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt(chapters: list[Chapter]) -> str:
    """A WebVTT chapters track (``<track kind="chapters">``)."""
    blocks = ["WEBVTT"]
    for number, chapter in enumerate(chapters, start=1):
        blocks.append(
            f"{number}\n{npt(chapter.start)} --> {npt(chapter.end)}\n{_vtt_text(chapter.title)}"
        )
    return "\n\n".join(blocks) + "\n"


def _utf8_prefix(text: str, limit: int) -> str:
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", errors="ignore")


def mp4chaps(chapters: list[Chapter]) -> str:
    """mp4v2's chapter text: ``HH:MM:SS.mmm Title`` lines (titles at most 1023 bytes)."""
    return "".join(
        f"{npt(c.start)} {_utf8_prefix(_one_line(c.title), 1023)}\n" for c in chapters
    )


def _ffescape(text: str) -> str:
    for char in ("\\", "=", ";", "#", "\n"):
        text = text.replace(char, "\\" + char)
    return text


def ffmetadata(chapters: list[Chapter], title: str | None = None) -> str:
    """An FFmpeg FFMETADATA1 file with one ``[CHAPTER]`` per chapter, in milliseconds."""
    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={_ffescape(_one_line(title))}")
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={int(round(chapter.start * 1000))}",
            f"END={int(round(chapter.end * 1000))}",
            f"title={_ffescape(_one_line(chapter.title))}",
        ]
    return "\n".join(lines) + "\n"


def audacity(chapters: list[Chapter]) -> str:
    """An Audacity label track: ``start<TAB>end<TAB>title``, seconds with 6 decimals."""
    return "".join(
        f"{c.start:.6f}\t{c.end:.6f}\t{_one_line(c.title)}\n" for c in chapters
    )


def cue(chapters: list[Chapter], audio_name: str, title: str | None = None) -> str:
    """A CUE sheet: ``FILE "name" MP3``, then a ``TRACK`` per chapter at ``mm:ss:ff``
    (75 frames a second), as CD burners and audio editors read it."""
    def text(value: str) -> str:
        return _one_line(value).replace('"', "'")  # a CUE sheet has no escapes

    lines = [f'FILE "{text(audio_name)}" MP3']
    for number, chapter in enumerate(chapters, start=1):
        frames = int(round(chapter.start * 75))
        minutes, rest = divmod(frames, 75 * 60)
        seconds, frame = divmod(rest, 75)
        lines += [f"  TRACK {number:02d} AUDIO", f'    TITLE "{text(chapter.title)}"',
                  f"    INDEX 01 {minutes:02d}:{seconds:02d}:{frame:02d}"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ChapterContext:
    """What a chapter format may need besides the chapters."""

    title: str | None = None  # the episode's
    podcast: str | None = None  # the show's title
    min_seconds: float = 10
    known_end: bool = False  # the audio's length is known: the last chapter's end is real
    audio_name: str = "episode.mp3"  # the audio file's name


@dataclass(frozen=True)
class ChapterFormat:
    """One row of the table: everything podpub knows about a chapter format."""

    name: str
    write: Callable[[list[Chapter], ChapterContext], str]
    build_file: str | None  # the file the build writes beside each episode, if any
    mime: str
    summary: str


def _youtube(chapters: list[Chapter], context: ChapterContext) -> str:
    from publisher.rules.chapters import youtube_chapters

    return youtube(youtube_chapters(chapters, context.min_seconds))


CHAPTER_FORMATS = {row.name: row for row in (
    ChapterFormat("youtube", _youtube, None, "text/plain",
                  "`M:SS Title` lines (`H:MM:SS` past an hour) that follow YouTube's rules: "
                  "first at 0:00, ascending, each at least `min_seconds` long"),
    ChapterFormat("json", lambda c, x: json_chapters(c, x.title, x.podcast, x.known_end),
                  "chapters.json", "application/json+chapters",
                  "Podcasting 2.0 JSON chapters 1.2 (`application/json+chapters`)"),
    ChapterFormat("psc", lambda c, x: psc(c), None, "application/xml",
                  "a Podlove Simple Chapters `<psc:chapters version=\"1.2\">` element, as "
                  "inline in the feed"),
    ChapterFormat("vtt", lambda c, x: vtt(c), "chapters.vtt", "text/vtt",
                  "a WebVTT chapters track"),
    ChapterFormat("mp4chaps", lambda c, x: mp4chaps(c), None, "text/plain",
                  "`HH:MM:SS.mmm Title` lines for mp4v2's `mp4chaps`"),
    ChapterFormat("ffmetadata", lambda c, x: ffmetadata(c, x.title), None, "text/plain",
                  "an FFmpeg `;FFMETADATA1` file (`ffmpeg -i in.m4a -i chapters.txt "
                  "-map_metadata 1 -map_chapters 1 -c copy out.m4a`)"),
    ChapterFormat("audacity", lambda c, x: audacity(c), None, "text/plain",
                  "an Audacity label track"),
    ChapterFormat("cue", lambda c, x: cue(c, x.audio_name, x.title), None,
                  "application/x-cue", "a CUE sheet: `FILE \"<audio file>\" MP3`, then per "
                  "chapter `TRACK nn AUDIO`, `TITLE`, `INDEX 01 mm:ss:ff` (75 frames a second)"),
)}


def render(fmt: str, chapters: list[Chapter], context: ChapterContext | None = None) -> str:
    """Write *chapters* in the format named *fmt* (a key of ``CHAPTER_FORMATS``)."""
    return CHAPTER_FORMATS[fmt].write(chapters, context or ChapterContext())
