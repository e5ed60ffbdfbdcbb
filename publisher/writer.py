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


def write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Replace the folder *out* by exactly *files* (relative POSIX names), atomically."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        os.chmod(stage, 0o777 & ~_umask())
        for name in sorted(files):
            target = stage.joinpath(*check_relative(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
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
