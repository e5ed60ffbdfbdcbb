"""The build's options (stdlib only: the no-change check runs before any heavy import)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    as_of: dt.date
    allow_removals: bool = False
    published: str | Path | None = None  # a path or an http(s) URL
    jobs: int = 1
    use_cache: bool = True
    force: bool = False  # replace a non-empty output folder podpub did not write
    ignore: tuple[str, ...] = ()  # finding codes or families not reported (--ignore)
    preview: bool = False  # podpub serve: pages carry the producer's copy panel

    def key(self, out: Path) -> str:
        """What, besides the input files, decides the output (not *jobs*: same bytes)."""
        return (f"{self.as_of}|{self.allow_removals}|{self.published}|{out.absolute()}"
                f"|{self.preview}")


def show_folder(show_dir: Path) -> Path:
    return show_dir if show_dir.is_dir() else show_dir.parent
