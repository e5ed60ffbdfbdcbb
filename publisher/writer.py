"""Writing a build's output: staged beside the output folder, swapped in whole.

A failed build leaves the previous output exactly as it was, no file is ever written outside
the output folder, and a file whose bytes did not change is carried over (hard-linked), not
rewritten.
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


def _cannot_write(out: Path, exc: OSError) -> PublisherError:
    return PublisherError(f"cannot write the output: {exc.strerror or exc}", out,
                          code="file.unwritable")


def check_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise PublisherError(f"refusing to write {name!r}: outside the output folder")
    return path


class Stage:
    """A folder beside *out* that becomes *out* on ``commit()``; ``abort()`` removes it.

    Worker processes may write into it too: it is just a folder.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-",
                                              dir=self.out.parent))
            os.chmod(self.path, 0o777 & ~_umask())
        except OSError as exc:
            raise _cannot_write(self.out, exc) from None
        self.names: set[str] = set()

    @classmethod
    def attach(cls, out: Path, path: Path) -> Stage:
        """The same staging folder, seen from a worker process."""
        stage = cls.__new__(cls)
        stage.out, stage.path, stage.names = out, path, set()
        return stage

    def _target(self, name: str) -> tuple[Path, Path]:
        relative = check_relative(name).parts
        target = self.path.joinpath(*relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target, self.out.joinpath(*relative)

    def write(self, name: str, data: bytes) -> None:
        """Add a file; when the previous output has the same bytes, that file is linked."""
        target, old = self._target(name)
        self.names.add(name)
        try:
            if old.stat().st_size == len(data) and old.read_bytes() == data:
                return self._link(old, target)
        except OSError:
            pass
        try:
            target.write_bytes(data)
        except OSError as exc:
            raise _cannot_write(self.out, exc) from None

    def carry(self, name: str) -> None:
        """Carry the previous output's file over unchanged."""
        target, old = self._target(name)
        self.names.add(name)
        self._link(old, target)

    @staticmethod
    def _link(source: Path, target: Path) -> None:
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed: copy
            shutil.copy2(source, target)

    def commit(self) -> None:
        try:
            if self.out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-",
                                            dir=self.out.parent))
                os.rename(self.out, old / "tree")
                os.rename(self.path, self.out)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(self.path, self.out)
        except OSError as exc:
            self.abort()
            raise _cannot_write(self.out, exc) from None

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

