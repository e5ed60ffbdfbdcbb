"""The physical floor: every episode file read and its front matter parsed with libyaml
(PyYAML's CSafeLoader), in as many worker processes as the build uses, and nothing else.

Usage: floor.py JOBS SHOW_DIR...
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml


def parse(path: str) -> int:
    text = Path(path).read_text(encoding="utf-8")
    front = text.split("---\n", 2)[1]
    data = yaml.load(front, Loader=yaml.CSafeLoader)
    return len(data or ())


def main(jobs: int, shows: list[str]) -> None:
    paths = [str(p) for show in shows for p in sorted(Path(show, "episodes").glob("*.md"))
             if not p.name.startswith("_")]
    with ProcessPoolExecutor(jobs) as pool:
        sum(pool.map(parse, paths, chunksize=max(1, len(paths) // (jobs * 4))))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
