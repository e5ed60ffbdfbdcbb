"""The build with a cache and worker processes: the same bytes as a plain build, sooner.

Unchanged episode files are not parsed again, unchanged episodes are not rendered again, and
output files whose bytes are unchanged are carried over (hard-linked) instead of rewritten.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from . import cache as cachelib
from . import workers
from .build import Built, Plan, check_removals, plan_show, read_episode
from .options import Options, show_folder
from .render import Rendered, host_tags, render_episode, render_show

Progress = Callable[[str, int], Callable[[int], None]]


def _read(paths: list[Path], index: int):
    return read_episode(paths[index])


def _render(context: tuple[Plan, list, list[int]], index: int) -> Rendered:
    plan, hosts, wanted = context
    rendered = render_episode(plan, plan.entries[wanted[index]], hosts)
    return dataclasses.replace(rendered, item=dataclasses.replace(rendered.item, episode=None))


class _Reader:
    """Reads episode files through the cache, the misses in worker processes."""

    def __init__(self, cache: cachelib.Cache, jobs: int, progress: Progress | None) -> None:
        self.cache, self.jobs, self.progress = cache, jobs, progress
        self.digests: dict[Path, str] = {}

    def __call__(self, paths: list[Path]) -> list:
        results: list = [None] * len(paths)
        missing = []
        for index, path in enumerate(paths):
            try:
                key = cachelib.digest(path.read_bytes(), str(path))
            except OSError:
                key = None
            self.digests[path] = key or ""
            cached = self.cache.get("parsed", key) if key else None
            if cached is not None:
                results[index] = cached
            else:
                missing.append(index)
        todo = [paths[i] for i in missing]
        step = self.progress("reading", len(todo)) if self.progress and todo else None
        for index, result in zip(missing, workers.run(_read, todo, len(todo), self.jobs, step)):
            results[index] = result
            if not isinstance(result, list) and self.digests[paths[index]]:
                self.cache.put("parsed", self.digests[paths[index]], result)
        return results


def _context_digest(plan: Plan) -> str:
    """Everything but the episode file that an episode's outputs depend on."""
    show = plan.show
    folders = [str(show.people_dir), str(show.folder / "templates")]
    media = [str(show.media.dir)] if show.media.dir else []
    return cachelib.digest(cachelib.code_digest(),
                           cachelib.input_digest(folders, media, [str(show.path)], ""))


def _old_file_matches(out: Path, name: str, expected: str) -> bool:
    return cachelib.file_digest(out / name) == expected


def render_cached(plan: Plan, out: Path, reader: _Reader, cache: cachelib.Cache, jobs: int,
                  progress: Progress | None) -> tuple[dict[str, bytes | Path], dict]:
    """Render every entry, reusing what the cache and the previous output already hold."""
    context = _context_digest(plan) if cache.enabled else ""
    hosts = host_tags(plan)
    rendered: list[Rendered | None] = [None] * len(plan.entries)
    reused: dict[str, Path] = {}
    keys = []
    for index, entry in enumerate(plan.entries):
        key = cachelib.digest(context, reader.digests.get(entry.episode.path, ""),
                              repr(entry.publication))
        keys.append(key)
        record = cache.get("rendered", key) if context else None
        if record is None:
            continue
        names, item, summary, problems = record
        if all(_old_file_matches(out, name, digest) for name, digest in names.items()):
            reused.update({name: out / name for name in names})
            rendered[index] = Rendered({}, dataclasses.replace(item, episode=entry.episode),
                                       summary, problems)
    wanted = [i for i, r in enumerate(rendered) if r is None]
    step = progress("rendering", len(wanted)) if progress and wanted else None
    fresh = workers.run(_render, (plan, hosts, wanted), len(wanted), jobs, step)
    records = {}
    for index, result in zip(wanted, fresh):
        entry = plan.entries[index]
        result = dataclasses.replace(result, item=dataclasses.replace(result.item,
                                                                      episode=entry.episode))
        rendered[index] = result
        names = {name: cachelib.digest(data) for name, data in result.files.items()}
        records[keys[index]] = (names, dataclasses.replace(result.item, episode=None),
                                result.summary, result.problems)
    files: dict[str, bytes | Path] = dict(reused)
    files.update(render_show(plan, rendered))
    return files, records


def prepare(show_dir: Path, out: Path, options: Options,
            progress: Progress | None = None) -> tuple[Built, Callable[[], None]]:
    """Read, check and render a show; return it and a function that saves the cache."""
    folder = show_folder(show_dir)
    cache = cachelib.Cache(folder, options.use_cache)
    reader = _Reader(cache, options.jobs, progress)
    plan = plan_show(show_dir, options.as_of, read_all=reader)
    files, records = render_cached(plan, out, reader, cache, options.jobs, progress)
    previous = options.published
    if previous is None and (out / "feed.xml").is_file():
        previous = out / "feed.xml"
    if previous is not None and not options.allow_removals:
        check_removals(plan, previous)

    def save() -> None:
        for key, record in records.items():
            cache.put("rendered", key, record)
        show = plan.show
        extra = sorted({str(p) for e in plan.episodes for p in e.extra_files})
        if options.published:
            extra.append(str(options.published))
        cachelib.save_manifest(
            folder, out, options.key(out),
            folders=[str(show.episodes_dir), str(show.people_dir), str(folder / "templates")],
            media=[str(show.media.dir)] if show.media.dir else [],
            files=[str(show.path), *extra],
            outputs=sorted(files),
        )

    return Built(plan, out, files), save


def build(show_dir: Path, out: Path, options: Options,
          progress: Progress | None = None) -> Built | None:
    """Build one show into *out*; None when nothing changed since the last build.

    On any error nothing is written.
    """
    from .writer import write_tree

    if options.use_cache and cachelib.unchanged(show_folder(show_dir), out, options.key(out)):
        return None
    built, save = prepare(show_dir, out, options, progress)
    write_tree(out, built.files)
    save()
    return built
