"""A show's build: read and check everything, then render, then write in one swap."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import Problem, PublisherError, Report
from publisher.formats.feed import podcast_guid
from publisher.models import Chapter, Episode, Line, Person, Publication, Show
from publisher.rules.chapters import derive_chapters
from publisher.rules.lint import check_listening_links, check_numbers, check_serial, lint_episode
from publisher.rules.publishing import check_url, episode_guid, is_picture, publication
from publisher.source.catalog import list_episodes
from publisher.source.episodes import load_episode
from publisher.source.files import FileLine
from publisher.source.people import load_people
from publisher.source.show import load_show

DESCRIPTION_LIMIT = 4000  # bytes, Apple's limit for <description>


@dataclass
class Entry:
    """A published episode on its way into the feed."""

    episode: Episode
    publication: Publication
    chapters: list[Chapter] = field(default_factory=list)


@dataclass
class Plan:
    """Everything read and checked; rendering it cannot fail on the input any more."""

    show: Show
    people: dict[str, Person]
    entries: list[Entry]  # newest first
    report: Report
    skipped: list[Problem]
    episodes: list[Episode] = field(default_factory=list)  # every episode read, not drafts
    findings: list[Problem] | None = None  # what a build reports (pipeline.reported), once


def _show_checks(show: Show, report: Report) -> None:
    from publisher.rules.categories import parse_category

    path = show.path
    for key in ("title", "description", "link", "feed_url", "image", "language"):
        if not getattr(show, key):
            report.error(f"'{key}' is required for a podcast feed", path, 1, "feed.invalid")
    for key in ("feed_url", "image"):  # the show's link may be http: it is only a link
        value = getattr(show, key)
        if value and (problem := check_url(value)):
            report.error(f"'{key}': {problem}", path, show.line_of(key), "feed.invalid")
    if show.image and not is_picture(show.image):
        report.error(f"'image' must be a JPEG or PNG named .jpg, .jpeg or .png, got "
                     f"{show.image!r}", path, show.line_of("image"), "feed.invalid")
    if len(show.description.encode("utf-8")) > DESCRIPTION_LIMIT:
        report.error(f"'description' is {len(show.description.encode())} bytes; Apple allows "
                     f"{DESCRIPTION_LIMIT}", path, show.line_of("description"), "feed.invalid")
    if not show.categories:
        report.error("'categories' is required: at least one Apple category, e.g. Technology",
                     path, 1, "feed.invalid")
    for index, value in enumerate(show.categories):
        try:
            parse_category(value)
        except ValueError as exc:
            report.error(f"'categories': {exc}", path, show.line_of("categories", index),
                         "feed.category")
    if show.owner is None or not show.owner.email:
        report.warn("no owner email: 'owner: {name, email}' is what Apple and podcast:locked "
                    "use to verify the feed", path, show.line_of("owner"), "feed.no-owner")
    if show.feed_url and "." not in show.feed_file:
        report.warn(f"the feed is written as '{show.feed_file}' (the last part of feed_url), a "
                    "name without an extension: make sure the server sends it as "
                    "application/rss+xml", path, show.line_of("feed_url"), "feed.no-extension")
    if not show.podcast_guid:
        report.warn(f"'podcast_guid' is not pinned: add 'podcast_guid: "
                    f"{podcast_guid(show.feed_url)}' to keep it when the feed moves",
                    path, show.line_of("feed_url"), "feed.unpinned-guid")


def read_episode(path: Path):
    """``(episode, warnings)``, or the problems that stop it being read (picklable)."""
    try:
        return load_episode(path)
    except PublisherError as exc:
        return exc.problems


@dataclass
class Context:
    """The show, its people and its episode files: what every episode is planned against."""

    show: Show
    people: dict[str, Person]
    report: Report
    paths: list[Path]
    skipped: list[Problem]


def load_context(show_dir: Path) -> Context:
    """Read ``show.yaml``, the people and the list of episode files; check the show."""
    show, show_warnings = load_show(show_dir)
    report = Report()
    report.extend(show_warnings)
    _show_checks(show, report)
    skipped: list[Problem] = []
    try:
        people, people_problems = load_people(show.people_dir)
        report.extend([p for p in people_problems if p.severity != "info"])
        skipped += [p for p in people_problems if p.severity == "info"]
    except PublisherError as exc:
        report.extend(exc.problems)
        people = {}
    for key in show.hosts:
        if key not in people:
            report.warn(f"host {key!r} has no people file in {show.people_dir}", show.path,
                        show.line_of("hosts", show.hosts.index(key)),
                        "people.missing")
    listing = list_episodes(show)
    skipped = listing.skipped_problems("an episode") + skipped
    return Context(show, people, report, list(listing.files), skipped)


@dataclass
class Outcome:
    """One episode file, planned: read, checked, dated, its chapters derived."""

    path: Path
    episode: Episode | None = None  # None when it cannot be read
    problems: list[Problem] = field(default_factory=list)
    skipped: Problem | None = None  # a draft, or scheduled for later
    entry: Entry | None = None  # it goes into the feed


def cutoff_of(as_of: dt.date) -> dt.datetime:
    """Episodes dated before this moment are published."""
    if as_of >= dt.date.max:
        return dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), dt.timezone.utc)


def plan_episode(show: Show, path: Path, cutoff: dt.datetime, result=None,
                 people: dict[str, Person] | None = None) -> Outcome:
    """Read (unless *result* is given) and check one episode file against its show, with
    every finding ``validate`` reports for it (the build reports the same)."""
    result = read_episode(path) if result is None else result
    if isinstance(result, list):
        return Outcome(path, problems=result)
    episode, warnings = result
    outcome = Outcome(path, episode, list(warnings))
    if episode.draft:
        outcome.skipped = Problem("draft: true: skipped", path, None, "info", "skipped.draft")
        return outcome
    report = Report()
    pub = publication(show, episode, report)
    if pub is not None and pub.date < cutoff:
        chapters, warnings = derive_chapters(episode, show.chapters, pub.duration)
        report.extend(warnings)
        lint_episode(episode, show, chapters, pub.duration, pub.guid_source, report)
        outcome.entry = Entry(episode, pub, chapters)
    else:  # not published now: still checked, as the producer will publish it
        chapters, warnings = derive_chapters(episode, show.chapters)
        report.extend(warnings)
        report.extend(_transcript_warnings(show, people or {}, episode))
        lint_episode(episode, show, chapters, None, episode_guid(show, episode)[1], report)
        if pub is not None:
            outcome.skipped = Problem(f"scheduled for {pub.date.isoformat()}: held back until "
                                      "then", path, FileLine(episode.path, ("pubdate",)), "info",
                                      "skipped.scheduled")
    outcome.problems += report.problems
    return outcome


def _transcript_warnings(show: Show, people: dict[str, Person], episode: Episode) -> list:
    """What repairing the transcript would say (rendering says it for published episodes)."""
    from publisher.build.episode_outputs import episode_people
    from publisher.rules.transcripts import build_transcript

    if not any(isinstance(entry, Line) for entry in episode.transcript):
        return []
    return build_transcript(episode, episode_people(episode, show, people))[1]


def finish_plan(context: Context, outcomes: list[Outcome], strict: bool = True) -> Plan:
    """Check what only the whole show can tell (unique GUIDs and audio), order the entries."""
    report = context.report
    skipped = list(context.skipped)
    for outcome in outcomes:
        report.extend(outcome.problems)
        if outcome.skipped is not None:
            skipped.append(outcome.skipped)
    entries = [o.entry for o in outcomes if o.entry is not None]
    _check_unique(entries, report)
    episodes = [o.episode for o in outcomes if o.episode is not None and not o.episode.draft]
    check_numbers(episodes, report)
    check_serial(context.show, [e.episode for e in entries], report)
    check_listening_links(episodes, report)
    entries.sort(key=lambda e: (e.publication.date, e.publication.guid), reverse=True)
    if not entries and not report.errors:
        report.error("no published episodes: a feed needs at least one",
                     context.show.episodes_dir, code="feed.empty")
    if strict:
        report.raise_errors()
    episodes = [o.episode for o in outcomes
                if o.episode is not None and not o.episode.draft]
    return Plan(context.show, context.people, entries, report, skipped, episodes)


def plan_show(show_dir: Path, as_of: dt.date, *, strict: bool = True) -> Plan:
    """Read a show and its episodes, check everything, collect every problem.

    With *strict* (the build) errors are raised together; otherwise (``validate``) they stay
    in the plan's report and the episodes that passed are planned as usual.
    """
    context = load_context(show_dir)
    cutoff = cutoff_of(as_of)
    outcomes = [plan_episode(context.show, path, cutoff, people=context.people)
                for path in context.paths]
    return finish_plan(context, outcomes, strict)


def _check_unique(entries: list[Entry], report: Report) -> None:
    for what, code, key in (("GUID", "feed.duplicate-guid", lambda e: e.publication.guid),
                            ("enclosure URL", "feed.duplicate-enclosure",
                             lambda e: e.publication.enclosure.url)):
        seen: dict[str, Entry] = {}
        for entry in entries:
            value = key(entry)
            if value in seen:
                first = seen[value].episode
                report.error(f"{what} {value!r} is also used by {first.path}: every episode needs "
                             "its own", entry.episode.path, 2, code)
            else:
                seen[value] = entry


def published_guids(feed: str | Path) -> dict[str, str]:
    """GUID -> title of every item in the feed as published (a path or an http(s) URL),
    read as leniently as an import reads it: live feeds are not always well-formed."""
    from publisher.source.foreign_feed import episode_ids

    try:
        return episode_ids(feed)
    except PublisherError as exc:
        raise PublisherError(f"cannot read the published feed, so cannot tell whether an "
                             f"episode would be dropped: {exc.problems[0].message} (pass "
                             "--allow-removals to build anyway)", exc.problems[0].path,
                             code="feed.published-unreadable") from None


def check_removals(plan: Plan, previous: str | Path,
                   before: dict[str, str] | None = None) -> None:
    """Refuse a feed that would drop an episode its subscribers already have (*before*: its
    GUIDs and titles when known without reading it)."""
    before = published_guids(previous) if before is None else before
    now = {entry.publication.guid for entry in plan.entries}
    gone = [(guid, title) for guid, title in before.items() if guid not in now]
    if not gone:
        return
    new = {entry.episode.title.casefold(): entry for entry in plan.entries
           if entry.publication.guid not in before}
    problems = []
    for guid, title in gone:
        message = (f"episode {title!r} (guid {guid!r}) was published in {previous} and is "
                   "missing now: restore it, or pass --allow-removals to remove it on purpose")
        renamed = new.get(title.casefold())
        if renamed is not None:
            message += (f"; if it is now {renamed.episode.path.name} (its GUID changed with "
                        f"its name), keep it with `guid: {guid}` in that file")
        problems.append(Problem(message, plan.show.path, None, "error", "feed.removed"))
    raise PublisherError(problems)


@dataclass
class Built:
    """What one show's build produced, for the summary line."""

    plan: Plan
    out: Path


