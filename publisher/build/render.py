"""Rendering a planned show into its output files: feed, chapters, notes, transcripts, pages."""

from __future__ import annotations

from dataclasses import dataclass

from publisher.build.episode_outputs import EpisodeOutputs
from publisher.build.plan import Entry, Plan
from publisher.formats import transcript_formats
from publisher.formats.feed import feed_frame, person_tag, podcast_guid, render_item
from publisher.formats.notes import NOTES_PLATFORMS
from publisher.models import FeedItem, Person, PersonTag, Show, TranscriptTag
from publisher.rules.publishing import episode_url
from publisher.timecode import shorten


@dataclass
class FeedFile:
    """The feed as parts, so that a big show's is written item by item: each item is its
    XML, or a function that reads it (``items.ItemStore``)."""

    head: str
    items: list
    tail: str

    def chunks(self):
        yield self.head.encode("utf-8")
        for item in self.items:
            yield item.encode("utf-8") if isinstance(item, str) else item()
        yield self.tail.encode("utf-8")


@dataclass
class Rendered:
    """One episode's files, what the feed and the index say of it, and its warnings."""

    files: dict[str, bytes]
    item: object  # the feed's <item> as formats.feed.render_item wrote it (or its reader)
    summary: str
    problems: list


def render_show(plan: Plan, episodes: list[Rendered] | None = None
                ) -> dict[str, bytes | FeedFile]:
    """Every output file of the show, by path relative to the output folder.

    *episodes* are the entries already rendered (by the build's workers and cache); without
    them each entry is rendered here.
    """
    from publisher.formats.pages import asset_files, index_context
    from publisher.formats.templating import render

    show = plan.show
    templates = show.folder / "templates"
    hosts = host_tags(plan.show, plan.people)
    if episodes is None:
        episodes = [render_episode(plan.show, plan.people, entry, hosts)
                    for entry in plan.entries]
    files: dict[str, bytes | FeedFile] = {}
    index = []
    for entry, rendered in zip(plan.entries, episodes):
        files.update(rendered.files)
        plan.report.extend(rendered.problems)
        summary = rendered.summary
        index.append({"title": entry.episode.title, "slug": entry.episode.slug,
                      "date": entry.publication.date.date().isoformat(),
                      "summary": shorten(summary, 280), "season": entry.episode.season,
                      "number": entry.episode.number})
    guid = show.podcast_guid or podcast_guid(show.feed_url)
    head, tail = feed_frame(show, hosts, guid, plan.entries[0].publication.date)
    files[show.feed_file] = FeedFile(head, [r.item for r in episodes], tail)
    files["index.html"] = render("index.html.j2", templates,
                                 **index_context(show, index)).encode("utf-8")
    files.update(asset_files(templates))
    return files


def warm_up(show: Show) -> None:
    """Import and compile, once, what rendering an episode needs: forked workers inherit it
    instead of each doing it again."""
    from publisher.formats import markup, templating
    from publisher.formats.notes import NOTES_PLATFORMS

    markup.sanitise(markup.markdown_to_html("*warm*"))
    for name in (*(p.template for p in NOTES_PLATFORMS.values()), "episode.html.j2",
                 "index.html.j2"):
        templating.environment(show.folder / "templates").get_template(name)


def host_tags(show: Show, people: dict[str, Person]) -> list[PersonTag]:
    return [person_tag(show, people[key], "host") for key in show.hosts if key in people]


def _guests(show: Show, people: dict[str, Person], entry: Entry) -> list[Person]:
    hosts = set(show.hosts)
    return [people[key] for key in entry.episode.guests if key not in hosts and key in people]


def render_episode(show: Show, people: dict[str, Person], entry: Entry,
                   hosts: list[PersonTag]) -> Rendered:
    """An episode's notes, chapters, transcripts and page, and its feed item."""
    from publisher.formats.pages import episode_context
    from publisher.formats.templating import render

    episode, pub = entry.episode, entry.publication
    outputs = EpisodeOutputs(show, people, episode, pub.duration, pub, entry.chapters)
    files = outputs.files()
    transcript = outputs.transcript
    tags = [] if transcript is None else [
        TranscriptTag(episode_url(show, episode, row.build_file), row.mime, show.language, row.rel)
        for row in transcript_formats.FEED_ORDER]
    tags += episode.transcript_files  # transcripts published elsewhere, linked as they are
    guests = _guests(show, people, entry)
    guest_tags = [person_tag(show, g, "guest") for g in guests]
    notes = outputs.notes
    context = episode_context(show, episode, pub, notes, entry.chapters, guests,
                              {p.name: outputs.notes_text(p.name)
                               for p in NOTES_PLATFORMS.values() if p.copy_label},
                              transcript)
    files[f"{outputs.folder}/index.html"] = render("episode.html.j2", outputs.templates,
                                                   **context).encode("utf-8")
    item = FeedItem(episode, pub, entry.chapters, outputs.notes_text("apple"),
                    outputs.notes_text("html"), hosts + guest_tags, tags)
    return Rendered(files, render_item(show, item), notes.summary[0] if notes.summary else "",
                    outputs.problems)
