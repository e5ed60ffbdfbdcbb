"""Which folder a build may write its output to: never a producer's own files.

Read-only checks, made before anything is written (``writer`` does the writing).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from publisher.errors import PublisherError

MARKER = ".podpub-output"
MARKER_TEXT = b"This folder is written by podpub: each build replaces it whole.\n"
JOURNAL = ".podpub-moving"  # in a stage: the previous output's folders being moved into it


def written_by_podpub(folder: Path) -> bool:
    """*folder* carries podpub's marker, or is an older podpub's output (its feed says so)."""
    if (folder / MARKER).is_file():
        return True
    try:
        with open(folder / "feed.xml", "rb") as stream:
            head = stream.read(65536)
    except OSError:
        return False
    return re.search(rb"<generator>\s*podpub\b", head) is not None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(out: Path, inputs: dict[str, Path], show_folder: Path, force: bool) -> None:
    """Refuse, before anything is written, an output folder that would replace a user's files.

    *inputs* names the folders a build reads (episodes, people, templates, media): the output
    may be none of them, inside none of them, and contain none of them nor the show folder.
    A non-empty folder podpub did not write is refused unless *force*; *force* never
    overrides the rest.
    """
    target = out.resolve()
    show = show_folder.resolve()
    reasons = []
    if target == show:
        reasons.append("it is the show folder")
    elif _inside(show, target):
        reasons.append(f"it contains the show folder {show_folder}")
    for what, folder in inputs.items():
        folder = folder.resolve()
        if target == folder:
            reasons.append(f"it is the show's {what} folder")
        elif _inside(target, folder):
            reasons.append(f"it is inside the show's {what} folder {folder}")
        elif _inside(folder, target) and not _inside(show, target):
            reasons.append(f"it contains the show's {what} folder {folder}")
    if reasons:
        raise PublisherError(f"refusing to write the output here: {'; '.join(reasons)}. "
                             "Give another -o folder", out, code="output.refused")
    if target.exists() and not target.is_dir():
        raise PublisherError("refusing to write the output here: it is a file, expected a "
                             "folder", out, code="output.refused")
    if force or not target.is_dir() or written_by_podpub(target):
        return
    try:
        empty = next(target.iterdir(), None) is None
    except OSError as exc:
        raise PublisherError(f"cannot read the output folder: {exc.strerror or exc}", out,
                             code="file.unwritable") from None
    if not empty:
        raise PublisherError(
            "refusing to replace this folder: it is not empty and podpub did not write it "
            f"(no {MARKER} file); a build replaces its output folder whole. Give an empty or "
            "new -o folder, or pass --force to replace it and everything in it", out,
            code="output.refused")


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>staging|old|scratch)-(?P<pid>\d+)-")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


def leftover_kind(name: str, out_name: str) -> str | None:
    """``staging``, ``old`` or ``scratch`` when *name* is what a build of the output folder
    *out_name* leaves beside it, and that build's process is gone; else None."""
    match = _LEFTOVER.match(name)
    if not match or match["name"] != out_name or _alive(int(match["pid"])):
        return None
    return match["kind"]


def _holds(folder: str, count: int) -> bool:
    """*folder* holds exactly *count* files (in it and below), and nothing but folders and
    files."""
    found = 0
    pending = [folder]
    try:
        while pending:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        found += 1
                    else:
                        return False
    except OSError:
        return False
    return found == count


def whole_folders(out: str, carried: list[str], names: set[str]) -> list[str]:
    """The outermost folders of *out* that hold only *carried* files: nothing of the build
    is written into them, and the previous output has nothing else in them."""
    direct: dict[str, int] = {}  # files right in each folder
    for name in carried:
        folder = name.rpartition("/")[0]
        direct[folder] = direct.get(folder, 0) + 1
    counts: dict[str, int] = {}  # files in each folder and below
    for folder, count in direct.items():
        while folder:
            counts[folder] = counts.get(folder, 0) + count
            folder = folder.rpartition("/")[0]
    written = set()
    for name in names.difference(carried):
        folder = name.strip("/").rpartition("/")[0]
        while folder and folder not in written:
            written.add(folder)
            folder = folder.rpartition("/")[0]
    chosen: list[str] = []
    chosen_set: set[str] = set()
    for folder in sorted(counts):  # a folder before those inside it
        if (not inside_any(folder, chosen_set) and folder not in written
                and _holds(f"{out}/{folder}", counts[folder])):
            chosen.append(folder)
            chosen_set.add(folder)
    return chosen


def inside_any(name: str, folders: set[str]) -> bool:
    """*name* (a relative path) is inside one of *folders*."""
    folder = name.rpartition("/")[0]
    while folder and folder not in folders:
        folder = folder.rpartition("/")[0]
    return bool(folder)
