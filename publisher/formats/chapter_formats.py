"""Chapter lists written in each format that players, platforms and editors read."""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

from publisher.models import Chapter
from publisher.source.timecode import clock, npt

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


def psc(chapters: list[Chapter]) -> str:
    """A Podlove Simple Chapters ``<psc:chapters version="1.2">`` element."""
    lines = [f'<psc:chapters version="1.2" xmlns:psc="{PSC_NAMESPACE}">']
    for chapter in chapters:
        attributes = f"start={quoteattr(npt(chapter.start))} title={quoteattr(chapter.title)}"
        if chapter.url:
            attributes += f" href={quoteattr(chapter.url)}"
        if chapter.image:
            attributes += f" image={quoteattr(chapter.image)}"
        lines.append(f"  <psc:chapter {attributes}/>")
    lines.append("</psc:chapters>")
    return "\n".join(lines) + "\n"


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


FORMATS = ("youtube", "json", "psc", "vtt", "mp4chaps", "ffmetadata", "audacity")


def render(
    fmt: str,
    chapters: list[Chapter],
    *,
    min_seconds: float = 10,
    title: str | None = None,
    podcast: str | None = None,
    known_end: bool = False,
) -> str:
    """Write *chapters* in the format named *fmt* (one of ``FORMATS``)."""
    from publisher.rules.chapters import youtube_chapters

    if fmt == "youtube":
        return youtube(youtube_chapters(chapters, min_seconds))
    if fmt == "json":
        return json_chapters(chapters, title, podcast, known_end)
    if fmt == "ffmetadata":
        return ffmetadata(chapters, title)
    writers = {"psc": psc, "vtt": vtt, "mp4chaps": mp4chaps, "audacity": audacity}
    return writers[fmt](chapters)
