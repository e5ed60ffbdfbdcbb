"""Finding a show's episode files, and the episode a command line names."""

from __future__ import annotations

from pathlib import Path

from publisher.errors import Problem, PublisherError
from publisher.models import Show
from publisher.source.episodes import slug_of
from publisher.source.folders import Listing, list_sources


def list_episodes(show: Show) -> Listing:
    """The show's episode files by slug (Jekyll's rule: ``_*`` and ``.*`` files are skipped)."""
    folder = show.episodes_dir
    if not folder.is_dir():
        raise PublisherError(f"episodes folder {folder} does not exist", show.path,
                             code="show.invalid")
    listing = list_sources(folder)
    files: dict[str, Path] = {}
    problems = []
    for path in listing.files:
        slug = slug_of(path)
        if slug in files:
            problems.append(Problem(
                f"{path.name} and {files[slug].name} both have the slug '{slug}': "
                "rename or remove one of them",
                path, None, "error", "episode.duplicate-slug",
            ))
            continue
        files[slug] = path
    if problems:
        raise PublisherError(problems)
    return Listing(tuple(files.values()), listing.skipped, listing.others)


def find_episode(name: str, show: Show | None) -> Path:
    """The file *name* refers to: a path, or a slug in the show's episodes folder."""
    path = Path(name)
    if path.is_file():
        return path
    if show is not None:
        for candidate in (show.episodes_dir / f"{name}.md", show.episodes_dir / f"{name}.md.md"):
            if candidate.is_file():
                return candidate
    raise PublisherError("no such episode file", path, code="file.unreadable")


def open_episode(name: str, show: Show | None):
    """Find and load the episode *name* names: ``(episode, warnings)``."""
    from publisher.source.episodes import load_episode

    return load_episode(find_episode(name, show))
