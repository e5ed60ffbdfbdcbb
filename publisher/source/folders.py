"""Listing a folder of Markdown sources the way Jekyll does: the one place podpub lists files.

A *file* whose name starts with ``_`` (a draft, a Liquid ``_template.md``) or ``.`` (hidden)
is never read; it is reported as skipped.  Folders are not looked into, so a show may keep its
episodes in ``_podcast/`` and its people in ``_people/``.  Only stdlib is imported here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import Problem, PublisherError

SUFFIX = ".md"


@dataclass(frozen=True)
class Listing:
    """The ``*.md`` files to read, those skipped by name, and other files (not read)."""

    files: tuple[Path, ...]
    skipped: tuple[Path, ...] = ()
    others: tuple[Path, ...] = ()

    def skipped_problems(self, what: str, others: bool = True) -> list[Problem]:
        """An info line for each file not read, as ``build -v`` and ``validate`` list them."""
        out = []
        for path in self.skipped:
            if path.name.startswith("."):
                reason, code = "hidden file (name starts with '.')", "skipped.hidden"
            else:
                reason, code = "draft or template (name starts with '_')", "skipped.draft"
            out.append(Problem(f"{reason}: not read as {what}", path, None, "info", code))
        out += [Problem(f"not {what} (only *.md files are read): skipped", path, None, "info",
                        "skipped.other") for path in (self.others if others else ())]
        return out


def is_ignored(name: str) -> bool:
    """Jekyll's rule: files named ``_*`` or ``.*`` are not content."""
    return name.startswith(("_", "."))


def list_sources(folder: Path) -> Listing:
    """The Markdown files of *folder*, sorted by name; missing folder: nothing."""
    try:
        entries = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return Listing(())
    except OSError as exc:
        raise PublisherError(f"cannot list the folder: {exc.strerror or exc}", folder,
                             code="file.unreadable") from None
    files, skipped, others = [], [], []
    for path in entries:
        try:
            if not path.is_file():
                continue
        except OSError:
            continue
        if path.name.endswith(SUFFIX):
            (skipped if is_ignored(path.name) else files).append(path)
        elif not path.name.startswith("."):  # editors' swap files, .DS_Store: not worth a line
            others.append(path)
    return Listing(tuple(files), tuple(skipped), tuple(others))


def every_file(root: Path) -> list[tuple[str, str]]:
    """``(relative name, path)`` of every file under *root* (symbolic links to files too), in
    the order of their paths, leaving out every name that starts with a dot and all below it:
    what ``sorted(root.rglob("*"))`` gives, filtered, in one ``scandir`` per folder.  Unlike
    ``list_sources`` it looks into folders: the build's inputs digest covers them all."""
    found: list[tuple[tuple[str, ...], str]] = []
    base = str(root)
    prefix = base if base.endswith("/") else base + "/"

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = (*parts, entry.name)
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, child)
            elif entry.is_file():
                found.append((child, prefix + "/".join(child)))

    walk(base, ())
    found.sort()
    return [("/".join(parts), path) for parts, path in found]
