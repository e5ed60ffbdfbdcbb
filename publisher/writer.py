"""Writing a build's output: staged beside the output folder, swapped in whole.

A failed build leaves the previous output exactly as it was, and no file is ever written
outside the output folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .errors import PublisherError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise PublisherError(f"refusing to write {name!r}: outside the output folder")
    return path


def _place(target: Path, value: bytes | Path, old: Path) -> None:
    """Write *value* to *target*; a file that already has these bytes is linked, not rewritten."""
    if isinstance(value, Path):
        source = value
    elif old.is_file() and old.stat().st_size == len(value) and old.read_bytes() == value:
        source = old
    else:
        target.write_bytes(value)
        return
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: copy
        shutil.copy2(source, target)


def write_tree(out: Path, files: dict[str, bytes | Path]) -> None:
    """Replace the folder *out* by exactly *files* (relative POSIX names), atomically.

    A value is the file's bytes, or a file (of the previous output) to carry over as it is.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        os.chmod(stage, 0o777 & ~_umask())
        for name in sorted(files):
            target = stage.joinpath(*check_relative(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            _place(target, files[name], out.joinpath(*check_relative(name).parts))
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "tree")
            os.rename(stage, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
