"""Writing a build's output: staged beside the output folder, swapped in whole.

A failed build leaves the previous output exactly as it was, no file is ever written outside
the output folder, and a file whose bytes did not change is carried over (hard-linked), not
rewritten.  This is the only module that writes files (besides ``tag``, which rewrites an
MP3 in place by design): the output, the cache's files and the clean-up of leftovers.
podpub marks every folder it writes with a ``.podpub-output`` file: only a folder
so marked is ever replaced or cleaned up (the staging and ``.old-`` folders of a build that was
killed are removed by the next build of the same output).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
from pathlib import Path, PurePosixPath

from publisher.errors import PublisherError

MARKER = ".podpub-output"
MARKER_TEXT = b"This folder is written by podpub: each build replaces it whole.\n"


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


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:staging|old|scratch)-(?P<pid>\d+)-")


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


def remove_leftovers(out: Path) -> None:
    """Remove the staging and ``.old-`` folders that a killed build of *out* left beside it.

    Each is recognised by its name, its marker file and its build's process being gone; one
    listing of the parent folder, so it is cheap enough for every build.
    """
    out = out.absolute()
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if not match or match["name"] != out.name or _alive(int(match["pid"])):
            continue
        folder = Path(entry.path)
        if entry.is_dir(follow_symlinks=False) and (folder / MARKER).is_file():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def uninterrupted(deliver: bool = True):
    """Ctrl-C waits until the block is over (then it is raised, unless *deliver* is false):
    the swap of two folders is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *args: caught.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and deliver and callable(previous):
        previous(*caught[0])


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
        self.write(MARKER, MARKER_TEXT)  # first, so that a killed build is recognised

    def _prefix(self, kind: str) -> str:
        return f".{self.out.name}.{kind}-{os.getpid()}-"

    @classmethod
    def attach(cls, out: Path, path: Path) -> Stage:
        """The same staging folder, seen from a worker process."""
        stage = cls.__new__(cls)
        stage.out, stage.path, stage.names, stage._made = out, path, set(), set()
        stage._scratch, stage._parents = [], []
        return stage

    def _target(self, name: str) -> tuple[str, str]:
        """The file's path in the staging folder (its folder made) and in the previous
        output, as plain strings: this runs for every file of every build."""
        if name.startswith("/") or ".." in name.split("/") or not name.strip("/"):
            check_relative(name)  # raises, saying why
        relative = name.strip("/")
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
        """Carry the previous output's file over unchanged."""
        target, old = self._target(name)
        self.names.add(name)
        self._link(old, target)

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
        with uninterrupted():
            self._swap()
        self._clear_scratch()

    def _clear_scratch(self) -> None:
        for folder in self._scratch:
            shutil.rmtree(folder, ignore_errors=True)

    def _swap(self) -> None:
        if not os.path.lexists(self.out):
            try:
                os.rename(self.path, self.out)
            except OSError as exc:
                self.abort()
                raise _cannot_write(self.out, exc) from None
            return
        try:
            old = Path(tempfile.mkdtemp(prefix=self._prefix("old"), dir=self.out.parent))
            _mark(old)
            os.rename(self.out, old / "tree")
        except OSError as exc:
            self.abort()
            raise _cannot_write(self.out, exc) from None
        try:
            os.rename(self.path, self.out)
        except OSError as exc:
            os.rename(old / "tree", self.out)  # the previous output, back as it was
            shutil.rmtree(old, ignore_errors=True)
            self.abort()
            raise _cannot_write(self.out, exc) from None
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
