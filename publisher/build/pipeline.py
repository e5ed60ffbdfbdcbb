"""The build with a cache and worker processes: the same bytes as a plain build, sooner.

Each episode is read, checked and rendered in a worker process that writes its files straight
into the staging folder, so memory does not grow with the episodes' transcripts.  The cache
in ``<show>/.podpub-cache/`` remembers, by content, what each episode file gave; when that
and the previous output still hold, the episode is neither parsed nor rendered again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from publisher.build import cache as cachelib
from publisher.build import workers
from publisher.build.items import ItemStore
from publisher.build.options import Options, show_folder
from publisher.build.output_folder import check_output
from publisher.build.plan import (
    Built,
    Context,
    Entry,
    Outcome,
    Plan,
    check_removals,
    cutoff_of,
    finish_plan,
    load_context,
    plan_episode,
)
from publisher.build.writer import Stage, remove_leftovers
from publisher.errors import Problem
from publisher.models import Publication
from publisher.source.remote import is_url

Progress = Callable[[str, int], Callable[[int], None]]
OVERLAP = 100  # cached episodes to read that make rendering the others beside it worth a fork


@dataclass
class Done:
    """What a worker hands back for one episode file: small, whatever the transcript's size."""

    outcome: Outcome  # without its entry: that is the episode again, stored once
    files: dict[str, str] = field(default_factory=dict)  # output name -> digest of its bytes
    item: str = ""  # the key of the feed's <item> in the ItemStore
    summary: str = ""
    problems: list[Problem] = field(default_factory=list)
    publication: Publication | None = None  # the entry's, when it goes into the feed

    def planned(self) -> Outcome:
        """The outcome with its entry, as the plan takes it."""
        if self.publication is None or self.outcome.episode is None:
            return self.outcome
        return dataclasses.replace(self.outcome,
                                   entry=Entry(self.outcome.episode, self.publication, []))


def _light(outcome: Outcome) -> Outcome:
    """The outcome without the front matter, transcript and body, which only the worker
    needs (the feed and the index take the episode's checked fields)."""
    episode = outcome.episode
    if episode is None:
        return outcome
    light = dataclasses.replace(
        episode, transcript=(), body="", lines=None, front={}, clips=None, intro=None,
        description=None, audio=None, ids=None, span=None, short=None, image=None,
        explicit_chapters=None, timestamps=None)
    # the entry is rebuilt from the episode and Done.publication (Done.planned); its
    # chapters are in the item and the files already
    return dataclasses.replace(outcome, episode=light, entry=None)


@dataclass
class _Job:
    context: Context
    cutoff: dt.datetime
    out: Path
    stage: Path
    paths: list[Path]
    hosts: list
    items: list[Path]  # the ItemStore's folders
    keys: list[str]  # each episode's cache key ("" for none)
    cache: cachelib.Cache


def _work(job: _Job, index: int) -> Done:
    from publisher.build.render import render_episode

    path = job.paths[index]
    outcome = plan_episode(job.context.show, path, job.cutoff, people=job.context.people)
    done = Done(outcome)
    if outcome.entry is not None:
        rendered = render_episode(job.context.show, job.context.people, outcome.entry,
                                  job.hosts)
        writer = Stage.attach(job.out, job.stage)
        for name, data in rendered.files.items():
            writer.write(name, data)
            done.files[name] = cachelib.digest(data)
        done.item = ItemStore(job.items).put(rendered.item)
        done.summary = rendered.summary
        done.problems = rendered.problems
    done.outcome = _light(outcome)
    done.publication = outcome.entry.publication if outcome.entry is not None else None
    if job.keys[index]:  # stored by the worker, beside the others' work, not after it
        job.cache.put("episode", job.keys[index], done)
    return done


def _context_digest(context: Context, known: dict[str, list]) -> str:
    """Everything but the episode file that an episode's outputs depend on."""
    show = context.show
    folders = [str(show.people_dir), str(show.folder / "templates")]
    media = [str(show.media.dir)] if show.media.dir else []
    return cachelib.digest(cachelib.code_digest(), f"copy panel: {show.copy_panel}",
                           cachelib.input_digest(folders, media, [str(show.path)], "", known))


def _reusable(done: Done, out: Path, cutoff: dt.datetime, previous: dict,
              store: ItemStore) -> bool:
    """A cached result still holds: same schedule, and its files are in the old output."""
    if done.outcome.skipped is not None and done.outcome.skipped.code == "skipped.scheduled":
        return False  # whether it is due now depends on the day
    if done.publication is not None and done.publication.date >= cutoff:
        return False
    if done.publication is not None and not store.has(done.item):
        return False
    return all(cachelib.still_there(out, name, digest, previous)
               for name, digest in done.files.items())


def prepare(show_dir: Path, out: Path, options: Options, progress: Progress | None = None
            ) -> tuple[Built, Stage, Callable[[], None]]:
    """Read, check and render a show into a staging folder; nothing is published yet.

    Returns the build, its stage (commit or abort it) and a function that saves the cache.
    """
    from publisher.build.render import host_tags, render_show, warm_up

    folder = show_folder(show_dir)
    context = load_context(show_dir)
    if options.preview:  # the producer's own preview shows the copy panel
        context.show = dataclasses.replace(context.show, copy_panel=True)
    check_output(out, input_folders(context.show), context.show.folder, options.force)
    remove_leftovers(out)
    cache = cachelib.Cache(folder, options.use_cache)
    cutoff = cutoff_of(options.as_of)
    known = cachelib.previous_stats(folder, out) if cache.enabled else {}
    shared = _context_digest(context, known) if cache.enabled else ""
    previous = cachelib.previous_outputs(folder, out) if cache.enabled else {}
    store = ItemStore([cache.root / "items"] if cache.enabled else [])
    keys = []
    seen: dict[str, list] = {}  # each episode file's [size, mtime, digest]
    for path in context.paths:
        try:  # an unchanged file (same size and time) costs a stat, not a read
            name = str(path)
            content = cachelib.stat_digest(name, os.stat(name), known, seen) if shared else ""
            keys.append(cachelib.digest(shared, content, name) if shared else "")
        except OSError:
            keys.append("")
    stage = Stage(out)
    carried: dict[str, list] = {}
    early = None
    try:
        store.folders.append(stage.scratch())  # when the cache cannot be written
        hosts = host_tags(context.show, context.people)

        def job(todo: list[int]) -> _Job:
            return _Job(context, cutoff, stage.out, stage.path, [context.paths[i] for i in todo],
                        hosts, store.folders, [keys[i] for i in todo], cache)

        def render(todo: list[int], runner=workers.run):
            if len(todo) >= workers.MIN_TASKS and options.jobs > 1:
                warm_up(context.show)
            step = progress("building", len(todo)) if progress and todo else None
            return runner(_work, job(todo), len(todo), options.jobs, step)

        # in a big show, what has no cache entry starts rendering while the rest are read
        missing = []
        if len(keys) > OVERLAP and workers.can_start(options.jobs):
            missing = [i for i, key in enumerate(keys) if not cache.has("episode", key)]
            if missing and len(keys) - len(missing) >= OVERLAP:
                early = render(missing, workers.start)
        started = set(missing) if early is not None else set()
        results: list[Done | None] = [None] * len(keys)
        for index, key in enumerate(keys):
            done = cache.get("episode", key, Done) if key and index not in started else None
            if done is not None and _reusable(done, out, cutoff, previous, store):
                results[index] = done
                for name in done.files:
                    stage.carry(name)
                    carried[name] = previous[name]
        todo = [i for i, done in enumerate(results) if done is None and i not in started]
        for index, done in zip(missing, early.results() if early is not None else []):
            results[index] = done
        for index, done in zip(todo, render(todo)):
            results[index] = done
        context.skipped += [Problem(f"cache entry not used: {why}", path, None, "info",
                                    "cache.ignored") for path, why in cache.ignored]
        plan = finish_plan(context, [done.planned() for done in results])
        digests: dict[str, str] = {}
        for done in results:
            digests.update(done.files)
        stage.names.update(digests)
        digests.update(_finish(plan, results, stage, render_show, store))
        stage.settle()  # every file is known: carry the unchanged ones over
        published = options.published or context.show.published
        before = None
        if published is None and (out / context.show.feed_file).is_file():
            published = out / context.show.feed_file
            if cachelib.untouched(out, context.show.feed_file, previous):
                before = cachelib.previous_guids(folder, out)  # our own last feed's GUIDs
        if published is not None and not options.allow_removals:
            check_removals(plan, published, before)
    except BaseException:
        if early is not None:
            early.stop()
        stage.abort()
        raise

    def save() -> None:
        if not options.use_cache:
            return
        show = plan.show  # the workers stored each episode's result already
        extra = sorted({str(p) for e in plan.episodes for p in e.extra_files})
        if options.published and not is_url(str(options.published)):
            extra.append(str(options.published))
        cachelib.save_manifest(
            folder, out, options.key(out),
            folders=[str(show.episodes_dir), str(show.people_dir), str(folder / "templates")],
            media=[str(show.media.dir)] if show.media.dir else [],
            files=[str(show.path), *extra],
            outputs=digests,
            findings=reported(plan),
            known={**known, **seen},
            carried=carried,
            guids={entry.publication.guid: entry.episode.title for entry in plan.entries},
        )

    return Built(plan, out), stage, save


def _finish(plan: Plan, results: list[Done], stage: Stage, render_show,
            store: ItemStore) -> dict[str, str]:
    """The feed (item by item, from the store), the index and the assets, from every
    episode's small result."""
    import functools

    from publisher.build.render import FeedFile, Rendered

    by_path = {done.outcome.path: done for done in results}
    rendered = []
    for entry in plan.entries:
        done = by_path[entry.episode.path]
        rendered.append(Rendered({}, functools.partial(store.read, done.item), done.summary,
                                 done.problems))
    digests = {}
    for name, data in render_show(plan, rendered).items():
        if isinstance(data, FeedFile):
            digest = cachelib.StreamDigest()
            stage.write_chunks(name, digest.through(data.chunks()))
            digests[name] = digest.hexdigest()
        else:
            stage.write(name, data)
            digests[name] = cachelib.digest(data)
    return digests


def reported(plan: Plan) -> list[Problem]:
    """What a build of *plan* reports: its findings but errors, each once, without those the
    show ignores (``warnings.ignore``), then the files it skipped."""
    from publisher.errors import keep

    if plan.findings is None:
        findings = [p for p in dict.fromkeys(plan.report.problems) if p.severity != "error"]
        plan.findings = keep(findings, plan.show.ignore) + plan.skipped
    return plan.findings


def input_folders(show) -> dict[str, Path]:
    """The folders a build reads, which its output may never replace or sit in."""
    folders = {"episodes": show.episodes_dir, "people": show.people_dir,
               "templates": show.folder / "templates",
               "cache": show.folder / cachelib.DIRECTORY}
    if show.media.dir is not None:
        folders["media"] = show.media.dir
    return folders


def publish(shows: list[tuple[Path, Path]], options: Options,
            progress: Progress | None = None) -> list[Built]:
    """Build every ``(show folder, output folder)`` and publish all of them, or none.

    Every show is read, checked and rendered first; any error (of any show) or Ctrl-C aborts
    them all with nothing written.  The swaps then happen together, Ctrl-C deferred.
    """
    from publisher.build.interrupts import uninterrupted
    from publisher.errors import InterruptedAfterPublishing, PublisherError

    prepared, problems = [], []
    with workers.paused_gc():
        try:
            for folder, target in shows:
                try:
                    prepared.append(prepare(folder, target, options, progress))
                except PublisherError as exc:
                    problems.extend(exc.problems)
            if problems:
                raise PublisherError(problems)
        except BaseException:  # errors and Ctrl-C alike: nothing is published
            for _, stage, _ in prepared:
                stage.abort()
            raise
        try:
            with uninterrupted():
                for _, stage, save in prepared:
                    stage.commit()
                    save()
        except KeyboardInterrupt:
            raise InterruptedAfterPublishing() from None
    return [built for built, _, _ in prepared]


def update(show_dir: Path, out: Path, options: Options,
           progress: Progress | None = None) -> Built | None:
    """Bring one show's output *out* up to date; None when nothing changed since.

    On any error nothing is written.
    """
    if cachelib.up_to_date(show_folder(show_dir), out, options):
        return None
    return publish([(show_dir, out)], options, progress)[0]
