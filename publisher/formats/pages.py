"""Web pages: the show's index and one page per episode, with copy buttons and a player."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

from publisher.formats.notes import NOTES_PLATFORMS
from publisher.models import (
    Chapter,
    Episode,
    Notes,
    PageChapter,
    Person,
    Publication,
    Show,
    Transcript,
)
from publisher.rules.publishing import absolute_url
from publisher.timecode import clock, iso_duration, shorten

ASSETS = ("podpub.css", "podpub.js")


def youtube_id(episode: Episode) -> str | None:
    """The episode's YouTube video id, from ``ids.youtube`` or the YouTube link."""
    ids = episode.ids
    if isinstance(ids, dict) and isinstance(ids.get("youtube"), str):
        value = ids["youtube"].strip()
        if re.fullmatch(r"[\w-]{6,20}", value):
            return value
    url = episode.links.get("youtube", "")
    parts = urllib.parse.urlsplit(url)
    if parts.netloc.endswith("youtu.be"):
        return parts.path.strip("/") or None
    if "youtube.com" in parts.netloc:
        return (urllib.parse.parse_qs(parts.query).get("v") or [None])[0]
    return None


def safe_json(data) -> str:
    """JSON that can sit inside a ``<script>`` element (and an XML parser) unharmed."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def structured_data(show: Show, episode: Episode, pub: Publication, notes: Notes,
                    chapters: list[Chapter], video: str | None) -> list[dict]:
    """schema.org JSON-LD: a PodcastEpisode, and a VideoObject with key moments."""
    description = " ".join(notes.summary) or episode.title
    data: dict = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": pub.link,
        "datePublished": pub.date.date().isoformat(),
        "description": description,
        "associatedMedia": {"@type": "AudioObject", "contentUrl": pub.enclosure.url,
                            "encodingFormat": pub.enclosure.type},
        "partOfSeries": {"@type": "PodcastSeries", "name": show.title,
                         "url": show.link or show.base_url},
        "inLanguage": show.language,
    }
    if pub.duration:
        data["duration"] = iso_duration(pub.duration)
    if episode.number:
        data["episodeNumber"] = episode.number
    if episode.season:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
    if pub.image or show.image:
        data["image"] = pub.image or show.image
    out = [data]
    if video:
        watch = f"https://www.youtube.com/watch?v={video}"
        out.append({
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": episode.title,
            "description": description,
            "thumbnailUrl": f"https://i.ytimg.com/vi/{video}/hqdefault.jpg",
            "uploadDate": pub.date.date().isoformat(),
            "contentUrl": watch,
            "embedUrl": f"https://www.youtube.com/embed/{video}",
            "hasPart": [{"@type": "Clip", "name": c.title, "startOffset": int(c.start),
                         "endOffset": int(c.end), "url": f"{watch}&t={int(c.start)}"}
                        for c in chapters],
        })
    return out


def episode_context(show: Show, episode: Episode, pub: Publication, notes: Notes,
                    chapters: list[Chapter], guests: list[Person], copies: dict[str, str],
                    transcript: Transcript | None) -> dict:
    """Everything ``episode.html.j2`` shows."""
    from publisher.formats.markup import markdown_to_html, sanitise

    video = youtube_id(episode)
    hours = bool(chapters) and chapters[-1].start >= 3600
    page_chapters = [
        PageChapter(c.start, c.end, c.title, clock(c.start, hours),
                    f"https://www.youtube.com/watch?v={video}&t={int(c.start)}s" if video
                    else None)
        for c in chapters
    ]
    segments = []
    if transcript is not None:
        for titles, segment, _ in transcript.rows:
            if segment is not None:
                segments.append({"headers": titles, "speaker": segment.speaker,
                                 "start": segment.start, "clock": clock(segment.start, True),
                                 "text": segment.text})
    return {
        "show": show,
        "episode": episode,
        "pub": pub,
        "notes": notes,
        "date": pub.date.date().isoformat(),
        "image": pub.image or show.image,
        "chapters": page_chapters,
        "guests": [{"person": g, "picture": absolute_url(show, g.picture) if g.picture else None,
                    "note": n} for g, n in zip(guests, notes.guests)],
        "copies": copies if show.copy_panel else {},
        "copy_labels": ({name: NOTES_PLATFORMS[name].copy_label for name in copies}
                        if show.copy_panel else {}),
        "copies_json": safe_json(copies if show.copy_panel else {}),
        "copy_html": {name for name in copies if not NOTES_PLATFORMS[name].plain_text},
        "jsonld": safe_json(structured_data(show, episode, pub, notes, chapters, video)),
        "transcript": segments,  # a show's own template may loop over the rows
        "transcript_html": transcript_rows(segments),
        "description": shorten(" ".join(notes.summary) or episode.title, 300),
        "bios": {g.id: sanitise(markdown_to_html(g.bio)) for g in guests},
        "root": "../../",
    }


def _escape(text: str) -> str:
    """What Jinja2's autoescape (markupsafe) writes for *text*, without making Markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("'", "&#39;").replace('"', "&#34;")


def transcript_rows(segments: list[dict]):
    """The page's transcript, a heading per section and a paragraph per line, as the
    template's loop over ``transcript`` would write it (a page can hold thousands of lines:
    Jinja2 takes several times as long)."""
    from markupsafe import Markup

    from publisher.timecode import iso_duration

    out = []
    add = out.append
    for row in segments:
        for header in row["headers"]:
            add(f"<h3>{_escape(header)}</h3>\n")
        start, speaker = row["start"], row["speaker"]
        cite = f"<cite>{_escape(speaker)}</cite> " if speaker else ""
        add(f'<p>{cite}<a href="#t={int(start)}" data-seek="{start:g}"><time datetime='
            f'"{iso_duration(start)}">{_escape(row["clock"])}</time></a> '
            f'{_escape(row["text"])}</p>\n')
    return Markup("".join(out)[:-1])


def index_context(show: Show, items: list[dict]) -> dict:
    """Everything ``index.html.j2`` shows: *items* are ``{title, slug, date, summary, season,
    number}``; the series' JSON-LD."""
    series = {"@context": "https://schema.org", "@type": "PodcastSeries", "name": show.title,
              "description": show.description, "url": show.link or show.base_url,
              "webFeed": show.feed_url, "inLanguage": show.language}
    if show.image:
        series["image"] = show.image
    if show.author:
        series["author"] = {"@type": "Person" if show.owner and show.owner.name == show.author
                            else "Organization", "name": show.author}
    return {"show": show, "items": items, "root": "",
            "description": shorten(show.description, 300), "jsonld": safe_json(series)}


def asset_files(templates: Path | None) -> dict[str, bytes]:
    """The page assets, a show's own copies first."""
    from publisher.formats.templating import builtin_dir

    out = {}
    for name in ASSETS:
        for folder in (templates, builtin_dir()):
            if folder is not None and (folder / "assets" / name).is_file():
                out[f"assets/{name}"] = (folder / "assets" / name).read_bytes()
                break
    return out
