"""Writing a build's output: staged beside the output folder, swapped in whole.

A failed build leaves the previous output exactly as it was, and no file is ever written
outside the output folder.  What did not change is carried over, not rewritten: a folder of
the previous output that holds only unchanged files (an unchanged episode's) is moved into
the stage at commit, one rename under a journal that the next build undoes if this one is
killed before its swap; a single unchanged file is hard-linked.  This is the only module that
writes files (besides ``tag``, which rewrites an MP3 in place by design): the output, the
cache's files and the clean-up of leftovers.  podpub marks every folder it writes with a
``.podpub-output`` file: only a folder so marked is ever replaced or cleaned up (the staging
and ``.old-`` folders of a build that was killed are removed by the next build of the same
output).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from publisher.build.interrupts import uninterrupted
from publisher.build.output_folder import (
    JOURNAL,
    MARKER,
    MARKER_TEXT,
    inside_any,
    leftover_kind,
    whole_folders,
)
from publisher.errors import PublisherError


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


def _relative(name: str) -> str:
    """*name* of a file in the output, without its outer slashes; raises PublisherError for
    one that would leave the output folder (checked cheaply: this runs for every file)."""
    if name.startswith("/") or ".." in name.split("/") or not name.strip("/"):
        check_relative(name)  # raises, saying why
    return name.strip("/")


def write_file(path: Path, data: bytes) -> None:
    """Write *path* whole or not at all (a temporary file renamed into place), making its
    folder; raises OSError.  The cache's files are written this way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # a file replaced keeps its permissions; a new one gets the usual ones
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(name, mode)  # mkstemp makes it 0600
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def refuse_unless_empty(folder: Path) -> None:
    """A producer's folder that holds anything is never written into by ``new`` or
    ``import``: refuse it (before any work is done)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PublisherError("refusing to write here: the folder is not empty; give a new or "
                             "empty folder", folder, code="output.refused")


def write_new_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Create *folder* (new, or empty) holding *files* (relative name → bytes), whole or not
    at all: they are written into a folder beside it, renamed into place at the end."""
    refuse_unless_empty(folder)
    names = {name: check_relative(name) for name in files}
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.new-"))
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    try:
        for name, data in files.items():
            target = staging.joinpath(*names[name].parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        staging.chmod(0o777 & ~_umask())
        if folder.exists():
            folder.rmdir()  # empty, checked above
        os.rename(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _cannot_write(folder, exc) from None


def _mark(folder: Path) -> None:
    (folder / MARKER).write_bytes(MARKER_TEXT)


def remove_leftovers(out: Path) -> None:
    """Clean up after a killed build of *out*: its staging, scratch and ``.old-`` folders.

    Each is recognised by its name, its marker file and its build's process being gone; one
    listing of the parent folder, so it is cheap enough for every build.  What the killed
    build had taken from the previous output goes back first: the output itself, when it was
    killed in the middle of the swap, and the folders its journal names.
    """
    out = out.absolute()
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return
    found = [(kind, Path(entry.path)) for entry in entries
             if (kind := leftover_kind(entry.name, out.name)) is not None
             and entry.is_dir(follow_symlinks=False) and Path(entry.path, MARKER).is_file()]
    for kind, folder in sorted(found, key=lambda pair: pair[0] != "old"):
        if kind == "old" and not os.path.lexists(out) and (folder / "tree").is_dir():
            with contextlib.suppress(OSError):
                os.rename(folder / "tree", out)
        if kind == "staging" and (folder / JOURNAL).is_file() and out.is_dir():
            _put_back(folder, out)
        shutil.rmtree(folder, ignore_errors=True)
    if (out / JOURNAL).is_file() and (out / MARKER).is_file():  # killed just after its swap
        with contextlib.suppress(OSError):
            os.unlink(out / JOURNAL)


def _put_back(stage: Path, out: Path) -> None:
    """Return to *out* the folders a killed build had moved into its *stage* (its journal)."""
    try:
        names = json.loads((stage / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for name in names if isinstance(names, list) else ():
        if not isinstance(name, str):
            continue
        try:
            parts = check_relative(name).parts
        except PublisherError:
            continue
        source, target = stage.joinpath(*parts), out.joinpath(*parts)
        if source.is_dir() and not os.path.lexists(target):
            with contextlib.suppress(OSError):
                target.parent.mkdir(parents=True, exist_ok=True)
                os.rename(source, target)


class Stage:
    """A folder beside *out* that becomes *out* on ``commit()``; ``abort()`` removes it.

    Worker processes may write into it too: it is just a folder.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        # the folders made to hold the output (public/ for public/show): an aborted build
        # removes them again, so that it leaves nothing behind
        self._parents = [p for p in (self.out.parent, *self.out.parent.parents)
                         if not p.exists()]
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=self._prefix("staging"),
                                              dir=self.out.parent))
            os.chmod(self.path, 0o777 & ~_umask())
        except OSError as exc:
            raise _cannot_write(self.out, exc) from None
        self.names: set[str] = set()
        self._made: set[str] = set()  # folders made already: each is made once
        self._scratch: list[Path] = []
        self._carried: list[str] = []  # carry()'s names, settled once all are known
        self._moves: list[str] = []  # folders of the previous output moved in at commit
        self.write(MARKER, MARKER_TEXT)  # first, so that a killed build is recognised

    def _prefix(self, kind: str) -> str:
        return f".{self.out.name}.{kind}-{os.getpid()}-"

    @classmethod
    def attach(cls, out: Path, path: Path) -> Stage:
        """The same staging folder, seen from a worker process."""
        stage = cls.__new__(cls)
        stage.out, stage.path, stage.names, stage._made = out, path, set(), set()
        stage._scratch, stage._parents, stage._carried, stage._moves = [], [], [], []
        return stage

    def _target(self, name: str) -> tuple[str, str]:
        """The file's path in the staging folder (its folder made) and in the previous
        output, as plain strings: this runs for every file of every build."""
        relative = _relative(name)
        target = f"{self.path}/{relative}"
        folder = target.rpartition("/")[0]
        if folder not in self._made:
            self._make(folder)
        return target, f"{self.out}/{relative}"

    def _make(self, folder: str) -> None:
        """Make *folder* and what it is in, each with one mkdir, once."""
        parent = folder.rpartition("/")[0]
        if parent and parent not in self._made and not os.path.isdir(parent):
            self._make(parent)
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        self._made.add(folder)

    def write(self, name: str, data: bytes) -> None:
        """Add a file; when the previous output has the same bytes, that file is linked."""
        target, old = self._target(name)
        self.names.add(name)
        try:
            if os.stat(old).st_size == len(data):
                with open(old, "rb") as stream:
                    if stream.read() == data:
                        return self._link(old, target, data)
        except OSError:
            pass
        try:
            with open(target, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise _cannot_write(self.out, exc) from None

    def write_chunks(self, name: str, chunks) -> None:
        """Add a file written from *chunks* (bytes) as they come: never whole in memory."""
        target, _ = self._target(name)
        self.names.add(name)
        try:
            with open(target, "wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
        except OSError as exc:
            raise _cannot_write(self.out, exc) from None

    def scratch(self) -> Path:
        """A marked folder beside the output for the build's own use (feed items without a
        cache); removed with the stage, or by the next build if this one is killed."""
        try:
            folder = Path(tempfile.mkdtemp(prefix=self._prefix("scratch"), dir=self.out.parent))
            _mark(folder)
        except OSError as exc:
            raise _cannot_write(self.out, exc) from None
        self._scratch.append(folder)
        return folder

    def carry(self, name: str) -> None:
        """Carry the previous output's file over unchanged (done by ``settle()``)."""
        self._carried.append(_relative(name))
        self.names.add(name)

    def settle(self) -> None:
        """Carry over what ``carry()`` named, once every file of the build is known: a
        folder holding nothing but carried files moves over whole at ``commit()`` (one
        rename, where linking costs a folder and a link per file); other files are linked."""
        moves = whole_folders(str(self.out), self._carried, self.names)
        moving = set(moves)
        for name in self._carried:
            if not inside_any(name, moving):
                target, old = self._target(name)
                self._link(old, target)
        self._moves, self._carried = moves, []

    def _link(self, source: str, target: str, data: bytes | None = None) -> None:
        try:
            os.link(source, target)
            return
        except OSError:  # another file system, links not allowed, or the file just vanished
            pass
        try:
            if data is not None:
                with open(target, "wb") as stream:
                    stream.write(data)
            else:
                shutil.copy2(source, target)
        except OSError as exc:
            raise PublisherError(f"cannot carry over {os.path.basename(source)} from the "
                                 f"previous output: {exc.strerror or exc} (did something change "
                                 "the output folder during the build? build again)",
                                 Path(source), code="file.unwritable") from None

    def commit(self) -> None:
        """Put the staging folder in place of *out*; on failure *out* is as it was."""
        moved: list[str] = []
        with uninterrupted():
            try:
                self._move_in(moved)
                self._swap()
            except OSError as exc:
                if self._move_back(moved):
                    self.abort()
                raise _cannot_write(self.out, exc) from None
        if moved:
            with contextlib.suppress(OSError):
                os.unlink(f"{self.out}/{JOURNAL}")
        self._clear_scratch()

    def _move_in(self, moved: list[str]) -> None:
        """Move the folders ``settle()`` chose from the previous output into the stage; the
        journal names them first, so that the next build puts them back if this one is
        killed before the swap (``remove_leftovers``)."""
        if not self._moves:
            return
        with open(f"{self.path}/{JOURNAL}", "w", encoding="utf-8") as stream:
            json.dump(self._moves, stream)  # a JSON list: a name may hold any character
        for folder in self._moves:
            target = f"{self.path}/{folder}"
            parent = target.rpartition("/")[0]
            if parent not in self._made:
                self._make(parent)
            os.rename(f"{self.out}/{folder}", target)
            moved.append(folder)

    def _move_back(self, moved: list[str]) -> bool:
        """Return moved folders to the previous output (in place again after a failed swap);
        False when one cannot be, and the stage is kept for the next build to finish it."""
        complete = True
        for folder in reversed(moved):
            try:
                os.rename(f"{self.path}/{folder}", f"{self.out}/{folder}")
            except OSError:
                complete = False
        return complete

    def _clear_scratch(self) -> None:
        for folder in self._scratch:
            shutil.rmtree(folder, ignore_errors=True)

    def _swap(self) -> None:
        """Rename the stage to *out*, the previous output out of the way first; raises
        OSError with *out* as it was."""
        if not os.path.lexists(self.out):
            os.rename(self.path, self.out)
            return
        old = Path(tempfile.mkdtemp(prefix=self._prefix("old"), dir=self.out.parent))
        try:
            _mark(old)
            os.rename(self.out, old / "tree")
        except OSError:
            shutil.rmtree(old, ignore_errors=True)
            raise
        try:
            os.rename(self.path, self.out)
        except OSError:
            os.rename(old / "tree", self.out)  # the previous output, back as it was
            shutil.rmtree(old, ignore_errors=True)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        with uninterrupted(deliver=False):  # already stopping: a second Ctrl-C changes nothing
            shutil.rmtree(self.path, ignore_errors=True)
            self._clear_scratch()
            for folder in self._parents:  # deepest first; only if still empty
                try:
                    folder.rmdir()
                except OSError:
                    break
