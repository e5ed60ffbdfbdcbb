"""The build cache in ``<show>/.podpub-cache/``: keyed by file content, never trusted blindly.

- ``episode/``: what each episode file gave (its plan, the names and hashes of its output
  files, its feed item), keyed by its content and everything else its outputs depend on.
- ``manifest-<out>.json``: what the last build of an output folder read and wrote, so that a
  build with nothing changed can stop after hashing its inputs (without importing any of
  podpub's heavy libraries).

Everything is JSON: nothing in the cache can run code when it is read (no pickle, no compiled
templates).  Anything unreadable, from another podpub version or not matching its key is
ignored and rebuilt.  Only stdlib is imported here.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.source.folders import every_file

DIRECTORY = ".podpub-cache"
FORMAT = 5  # JSON entries (1 was pickle, never read; 2 wrote problems longhand; 3 feed items
# as objects; 4 the episode twice)


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


class StreamDigest:
    """``digest(data)`` of bytes that go by in chunks."""

    def __init__(self) -> None:
        self._hash = hashlib.blake2b(digest_size=20)

    def through(self, chunks):
        for chunk in chunks:
            self._hash.update(chunk)
            yield chunk

    def hexdigest(self) -> str:
        self._hash.update(b"\0")
        return self._hash.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return "missing"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """podpub's own code and built-in templates, by relative path and content: a new version
    invalidates everything."""
    package = Path(__file__).resolve().parents[1]
    parts = [__version__, str(FORMAT)]
    roots = [package]  # installed, the built-in templates are in package/templates
    if not (package / "templates").is_dir():  # a checkout: templates/ beside the package
        roots.append(package.parent / "templates")
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".j2", ".css", ".js", ".json") and path.is_file():
                parts.append(f"{root.name}/{path.relative_to(root).as_posix()}")
                parts.append(file_digest(path))
    return digest(*parts)


class Cache:
    """Values by kind and key, stored as JSON (``cachecodec``): reading them runs no code.

    An entry that cannot be read, is from another format or podpub version, or does not
    match its key is not used; ``ignored`` says which and why.
    """

    def __init__(self, show_folder: Path, enabled: bool = True) -> None:
        self.root = show_folder / DIRECTORY
        self.enabled = enabled
        self.ignored: list[tuple[Path, str]] = []

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / f"{key}.json"

    def has(self, kind: str, key: str) -> bool:
        """An entry is stored for *key* (whether it can be used is for ``get`` to say)."""
        return self.enabled and os.path.exists(self._path(kind, key))

    def get(self, kind: str, key: str, expected: type = object) -> Any:
        """The value stored for *key*, if it is an *expected* one; else None."""
        if not self.enabled:
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        import json

        from publisher.build.cachecodec import CacheFormatError, decode

        try:
            record = json.loads(data)
            if not isinstance(record, dict):
                raise ValueError("not a cache entry")
            if record.get("format") != FORMAT or record.get("version") != __version__:
                raise ValueError("written by another version of podpub")
            if record.get("key") != key:
                raise ValueError("its key does not match its name")
            value = decode(record.get("value"))
            if not isinstance(value, expected):
                raise ValueError(f"expected a {expected.__name__}")
            return value
        except (ValueError, CacheFormatError, RecursionError) as exc:
            self.ignored.append((path, str(exc) or type(exc).__name__))
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        import json

        from publisher.build.cachecodec import CacheFormatError, encode

        try:
            record = {"format": FORMAT, "version": __version__, "key": key,
                      "value": encode(value)}
        except CacheFormatError:
            return
        from publisher.build.writer import write_file

        try:
            write_file(self._path(kind, key), json.dumps(
                record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a read-only show folder builds, just without a cache

    def manifest_path(self, out: Path) -> Path:
        return self.root / f"manifest-{digest(str(out.absolute()))[:16]}.json"


def read_manifest(show_folder: Path, out: Path) -> dict:
    """The manifest of the last build of *out* (read once while it does not change); raises
    OSError or ValueError when there is none that can be read."""
    path = Cache(show_folder).manifest_path(out)
    stat = path.stat()
    manifest = _read_manifest(str(path), stat.st_size, stat.st_mtime_ns)
    if not isinstance(manifest, dict):
        raise ValueError("not a manifest")
    return manifest


@functools.lru_cache(maxsize=4)
def _read_manifest(path: str, size: int, mtime: int):
    import json

    return json.loads(Path(path).read_text(encoding="utf-8"))


def input_digest(folders: list[str], media: list[str], files: list[str], extra: str,
                 known: dict[str, list] | None = None, seen: dict[str, list] | None = None
                 ) -> str:
    """One digest over the contents of every input file (media files by size and time).

    A file whose size and time are those *known* from the last build is not read again: its
    digest then is taken as it was.  Every file's ``[size, mtime, digest]`` goes into *seen*.
    """
    parts = [extra]
    known = known or {}
    for folder in folders + media:
        root = Path(folder)
        if not root.is_dir():
            parts.append(f"no folder {folder}")
            continue
        by_stat = folder in media
        for relative, path in every_file(root):
            stat = os.stat(path)
            parts.append(f"{folder}/{relative}:{stat.st_size}")
            parts.append(f"{stat.st_mtime_ns}" if by_stat else
                         stat_digest(path, stat, known, seen))
    for name in files:
        try:
            stat = os.stat(name)
            value = stat_digest(name, stat, known, seen)
        except OSError:
            value = "missing"
        parts.append(f"{name}:{value}")
    return digest(*parts)


def stat_digest(name: str, stat: os.stat_result, known: dict[str, list],
                seen: dict[str, list] | None = None) -> str:
    """The digest of file *name*'s bytes; read only when its size or time moved since the
    digest *known* for it was taken."""
    record = known.get(name)
    if (isinstance(record, list) and len(record) == 3 and record[0] == stat.st_size
            and record[1] == stat.st_mtime_ns and isinstance(record[2], str)):
        value = record[2]
    else:
        value = file_digest(Path(name))
    if seen is not None:
        seen[name] = [stat.st_size, stat.st_mtime_ns, value]
    return value


def previous_guids(show_folder: Path, out: Path) -> dict[str, str] | None:
    """GUID -> title of the feed the last build of *out* wrote, or None when not recorded."""
    guids = _manifest_part(show_folder, out, "guids")
    if guids and all(isinstance(k, str) and isinstance(v, str) for k, v in guids.items()):
        return guids
    return None


def _manifest_part(show_folder: Path, out: Path, key: str) -> dict:
    try:
        value = read_manifest(show_folder, out)[key]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}


def previous_stats(show_folder: Path, out: Path) -> dict[str, list]:
    """``path -> [size, mtime, digest]`` of every input file the last build of *out* read."""
    return _manifest_part(show_folder, out, "stats")


def outputs_intact(out: Path, files: dict[str, list]) -> bool:
    """Every output file is still there, with the size and time the build left it with."""
    try:
        for name, (size, mtime, *_) in files.items():
            stat = (out / name).stat()
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True


def unchanged(show_folder: Path, out: Path, options: str) -> bool:
    """Whether the last build of *out* read exactly these inputs and its output is intact."""
    try:
        manifest = read_manifest(show_folder, out)
        if manifest.get("code") != code_digest() or manifest.get("options") != options:
            return False
        folders, media, files = manifest["folders"], manifest["media"], manifest["files"]
        if not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                   for v in (folders, media, files)):
            return False
        stats = manifest.get("stats")
        if input_digest(folders, media, files, options,
                        stats if isinstance(stats, dict) else None) != manifest["inputs"]:
            return False
        return outputs_intact(out, manifest["outputs"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def up_to_date(show_folder: Path, out: Path, options) -> bool:
    """Whether the last build of *out* still holds (``options`` are the build's Options);
    either way, what a killed build of *out* left beside it is removed first."""
    from publisher.build.writer import remove_leftovers

    remove_leftovers(out)
    return options.use_cache and unchanged(show_folder, out, options.key(out))


def replay(show_folder: Path, out: Path, whole: bool = True) -> list:
    """The findings the last build of *out* reported (an unchanged build reports them again);
    without *whole* only their severity, code and file (enough for the summary, and cheap).
    An unreadable record gives none."""
    import json

    path = Cache(show_folder).manifest_path(out)
    try:
        if not whole:
            from publisher.errors import Problem

            codes = json.loads(path.with_suffix(".codes.json").read_text(encoding="utf-8"))
            return [Problem("", where, None, severity, code) for severity, code, where in codes]
        from publisher.build.cachecodec import CacheFormatError, decode

        findings = json.loads(path.with_suffix(".findings.json").read_text(encoding="utf-8"))
        try:
            return [decode(item) for item in findings]
        except CacheFormatError:
            return []
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def previous_outputs(show_folder: Path, out: Path) -> dict[str, list]:
    """What the last build wrote into *out*: name -> [size, mtime, digest of the bytes]."""
    return _manifest_part(show_folder, out, "outputs")


def untouched(out: Path, name: str, previous: dict[str, list]) -> bool:
    """The previous output's file *name* is as the last build left it."""
    record = previous.get(name)
    return isinstance(record, list) and len(record) == 3 and \
        still_there(out, name, record[2], previous)


def still_there(out: Path, name: str, digest_: str, previous: dict[str, list]) -> bool:
    """The previous output's file *name* holds bytes with *digest_*, untouched since."""
    record = previous.get(name)
    if not isinstance(record, list) or len(record) != 3 or record[2] != digest_:
        return False
    try:
        stat = os.stat(f"{out}/{name}")
    except OSError:
        return False
    return stat.st_size == record[0] and stat.st_mtime_ns == record[1]


def save_manifest(show_folder: Path, out: Path, options: str, folders: list[str],
                  media: list[str], files: list[str], outputs: dict[str, str],
                  findings: list | None = None, known: dict[str, list] | None = None,
                  carried: dict[str, list] | None = None,
                  guids: dict[str, str] | None = None) -> None:
    """Record what this build read and wrote, and what it found (an unchanged build
    reports the same findings): the findings in files of their own beside the manifest, which
    a build never needs to hold."""
    import json

    from publisher.build.cachecodec import encode

    cache = Cache(show_folder)
    if not cache.enabled:
        return
    written = {}
    carried = carried or {}
    try:
        for name, value in outputs.items():
            record = carried.get(name)  # a carried file is a link: its stat did not move
            if record is not None and record[2] == value:
                written[name] = record
                continue
            stat = os.stat(f"{out}/{name}")
            written[name] = [stat.st_size, stat.st_mtime_ns, value]
    except OSError:  # something removed an output file already: the next build redoes it
        return
    seen: dict[str, list] = {}
    record = {
        "code": code_digest(),
        "options": options,
        "folders": folders,
        "media": media,
        "files": files,
        "inputs": input_digest(folders, media, files, options, known, seen),
        "stats": seen,
        "guids": guids or {},  # the feed's episodes: the next build's guard reads them here
        "outputs": written,
    }
    from publisher.build.writer import write_file

    path = cache.manifest_path(out)
    findings = findings or []
    try:  # the findings first: a manifest is only ever beside the findings it reports
        write_file(path.with_suffix(".findings.json"),
                   json.dumps([encode(problem) for problem in findings]).encode())
        write_file(path.with_suffix(".codes.json"), json.dumps(
            [[p.severity, p.code, str(p.path)] for p in findings]).encode())
        write_file(path, json.dumps(record).encode())
    except OSError:
        pass
