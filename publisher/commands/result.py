"""What a command gives back to the command line, and the defaults every command shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import Problem, PublisherError


@dataclass
class CommandResult:
    """``output`` goes to stdout; ``problems`` (warnings, skipped files) and ``messages`` (the
    summary) to stderr; the process exits with ``exit_code``."""

    output: str = ""
    problems: list[Problem] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    exit_code: int = 0


def today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def show_folders(show_dir: Path | None) -> list[Path]:
    """The show named; else the show in the current folder (its ``show.yaml``); else every
    ``feeds/*/show.yaml`` under it."""
    if show_dir is not None:
        return [show_dir]
    if Path("show.yaml").is_file():
        return [Path(".")]
    found = sorted(p.parent for p in Path("feeds").glob("*/show.yaml"))
    if not found:
        raise PublisherError("no shows found: expected feeds/<name>/show.yaml here, or give "
                             "a show folder", Path.cwd())
    return found


def default_output(show_dir: Path) -> Path:
    """Where a show is built when no ``-o`` is given: ``public/<show folder name>``, or
    ``public/`` when the show is the current folder."""
    if show_dir.resolve() == Path.cwd().resolve():
        return Path("public")
    return Path("public") / show_dir.resolve().name
