"""Rendering a planned show into its output files: feed, chapters, notes, transcripts, pages."""

from __future__ import annotations

from dataclasses import dataclass

from . import transcript_formats
from .build import Entry, Plan
from .chapter_formats import json_chapters, vtt as chapters_vtt
from .errors import Report
from .feed import FeedItem, person_tag, podcast_guid, render_feed
from .feed_ext import PersonTag, TranscriptTag
from .models import Line, Person
from .notes import FILES, PLATFORMS, Notes, build_notes, platform_notes
from .publishing import episode_url
from .transcripts import Transcript, build_transcript


@dataclass
class Rendered:
    """One episode's files, and what the feed and the index say of it."""

    files: dict[str, bytes]
    item: FeedItem
    notes: Notes


def render_show(plan: Plan) -> dict[str, bytes]:
    """Every output file of the show, by path relative to the output folder."""
    from .pages import asset_files, index_context
    from .templating import render

    show = plan.show
    templates = show.folder / "templates"
    hosts = _people_tags(plan, show.hosts, "host", show, plan.report)
    files: dict[str, bytes] = {}
    items, index = [], []
    for entry in plan.entries:
        rendered = render_episode(plan, entry, hosts)
        files.update(rendered.files)
        items.append(rendered.item)
        summary = rendered.notes.summary[0] if rendered.notes.summary else ""
        index.append({"title": entry.episode.title, "slug": entry.episode.slug,
                      "date": entry.publication.date.date().isoformat(),
                      "summary": summary[:280] + ("…" if len(summary) > 280 else "")})
    guid = show.podcast_guid or podcast_guid(show.feed_url)
    files["feed.xml"] = render_feed(show, items, hosts, guid)
    files["index.html"] = render("index.html.j2", templates,
                                 **index_context(show, index)).encode("utf-8")
    files.update(asset_files(templates))
    return files


def _guests(plan: Plan, entry: Entry) -> list[Person]:
    hosts = set(plan.show.hosts)
    return [plan.people[key] for key in entry.episode.guests
            if key not in hosts and key in plan.people]


def _people_tags(plan: Plan, keys, role: str, where, report: Report) -> list[PersonTag]:
    tags = []
    for key in keys:
        person = plan.people.get(key)
        if person is None:
            if role == "host":
                continue  # reported once by plan_show
            report.warn(f"guest {key!r} has no people file in {plan.show.people_dir}",
                        where, None, "people.missing")
            continue
        tags.append(person_tag(plan.show, person, role))
    return tags


def render_episode(plan: Plan, entry: Entry, hosts: list[PersonTag]) -> Rendered:
    """An episode's notes, chapters, transcripts and page, and its feed item."""
    from .episode_outputs import episode_people
    from .markup import markdown_to_html, sanitise
    from .pages import episode_context
    from .templating import render

    show, episode, report = plan.show, entry.episode, plan.report
    templates = show.folder / "templates"
    folder = f"episodes/{episode.slug}"
    files: dict[str, bytes] = {}
    notes, problems = build_notes(episode, entry.chapters, plan.people, show, show.chapters,
                                  entry.publication.link)
    report.extend(problems)
    texts = {}
    for platform in PLATFORMS:
        result = platform_notes(notes, platform, episode.path, templates, strict=False)
        report.extend(result.problems)
        texts[platform] = result.text
        files[f"{folder}/notes/{FILES[platform]}"] = result.text.encode("utf-8")
    if entry.chapters:
        files[f"{folder}/chapters.json"] = json_chapters(
            entry.chapters, episode.title, show.title,
            known_end=entry.publication.duration is not None).encode("utf-8")
        files[f"{folder}/chapters.vtt"] = chapters_vtt(entry.chapters).encode("utf-8")
    transcript = None
    tags: list[TranscriptTag] = []
    if any(isinstance(e, Line) for e in episode.transcript):
        transcript, notes_t = build_transcript(
            episode, episode_people(episode, show, plan.people), entry.publication.duration)
        report.extend(notes_t)
        tags = _transcript_files(plan, entry, transcript, files)
    guests = _guests(plan, entry)
    guest_tags = [person_tag(show, g, "guest") for g in guests]
    context = episode_context(show, episode, entry.publication, notes, entry.chapters, guests,
                              {p: texts[p] for p in ("youtube", "spotify", "apple")},
                              transcript)
    context["bios"] = {g.id: sanitise(markdown_to_html(g.bio)) for g in guests}
    files[f"{folder}/index.html"] = render("episode.html.j2", templates,
                                           **context).encode("utf-8")
    item = FeedItem(episode, entry.publication, entry.chapters, texts["apple"], texts["html"],
                    hosts + guest_tags, tags)
    return Rendered(files, item, notes)


def _transcript_files(plan: Plan, entry: Entry, transcript: Transcript,
                      files: dict[str, bytes]) -> list[TranscriptTag]:
    """Write the transcript in every format; return the feed tags, in the feed's order."""
    show, episode = plan.show, entry.episode
    tags = []
    for fmt in transcript_formats.FEED_ORDER:
        name = transcript_formats.FILES[fmt]
        files[f"episodes/{episode.slug}/{name}"] = transcript_formats.render(
            fmt, transcript).encode("utf-8")
        tags.append(TranscriptTag(episode_url(show, episode, name),
                                  transcript_formats.MIME[fmt], show.language,
                                  "captions" if fmt == "vtt" else None))
    return tags
