"""The build cache in ``<show>/.podpub-cache/``: keyed by file content, never trusted blindly.

- ``parsed/``: episodes as parsed from files with a given content hash.
- ``rendered/``: an episode's rendered outputs (their names and hashes, its feed item),
  keyed by its content and everything else its outputs depend on.
- ``manifest-<out>.json``: what the last build of an output folder read and wrote, so that a
  build with nothing changed can stop after hashing its inputs (without importing any of
  podpub's heavy libraries).

Anything unreadable, from another podpub version or not matching its key is ignored and
rebuilt.  Only stdlib is imported here.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

from . import __version__

DIRECTORY = ".podpub-cache"
FORMAT = 1


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return "missing"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """podpub's own code and built-in templates: a new version invalidates everything."""
    package = Path(__file__).resolve().parent
    parts = [__version__, str(FORMAT)]
    roots = [package]  # installed, the built-in templates are in package/templates
    if not (package / "templates").is_dir():  # a checkout: templates/ beside the package
        roots.append(package.parent / "templates")
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js", ".json"):
                stat = path.stat()
                parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*parts)


class Cache:
    """Pickled values by kind and key; a corrupt entry is deleted and reported as missing."""

    def __init__(self, show_folder: Path, enabled: bool = True) -> None:
        self.root = show_folder / DIRECTORY
        self.enabled = enabled

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any:
        if not self.enabled:
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        import pickle

        try:
            stored_format, stored_key, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a corrupt pickle raises any kind: it is only a cache
            path.unlink(missing_ok=True)
            return None
        if stored_format != (FORMAT, __version__) or stored_key != key:
            return None
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        import pickle

        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, pickle.dumps(((FORMAT, __version__), key, value),
                                             protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only show folder builds, just without a cache

    def manifest_path(self, out: Path) -> Path:
        return self.root / f"manifest-{digest(str(out.absolute()))[:16]}.json"


def _write_atomic(path: Path, data: bytes) -> None:
    import tempfile

    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(name, path)


def input_digest(folders: list[str], media: list[str], files: list[str], extra: str) -> str:
    """One digest over the contents of every input file (media files by size and time)."""
    parts = [extra]
    for folder in folders + media:
        root = Path(folder)
        if not root.is_dir():
            parts.append(f"no folder {folder}")
            continue
        by_stat = folder in media
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if any(p.startswith(".") for p in relative.parts) or not path.is_file():
                continue
            stat = path.stat()
            parts.append(f"{folder}/{relative}:{stat.st_size}")
            parts.append(f"{stat.st_mtime_ns}" if by_stat else file_digest(path))
    for name in files:
        parts.append(f"{name}:{file_digest(Path(name))}")
    return digest(*parts)


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
    import json

    cache = Cache(show_folder)
    try:
        manifest = json.loads(cache.manifest_path(out).read_text())
        folders, media, files = manifest["folders"], manifest["media"], manifest["files"]
        expected, outputs = manifest["inputs"], manifest["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if manifest.get("code") != code_digest() or manifest.get("options") != options:
        return False
    if input_digest(folders, media, files, options) != expected:
        return False
    return outputs_intact(out, outputs)


def previous_outputs(show_folder: Path, out: Path) -> dict[str, list]:
    """What the last build wrote into *out*: name -> [size, mtime, digest of the bytes]."""
    import json

    try:
        outputs = json.loads(Cache(show_folder).manifest_path(out).read_text())["outputs"]
        return outputs if isinstance(outputs, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def still_there(out: Path, name: str, digest_: str, previous: dict[str, list]) -> bool:
    """The previous output's file *name* holds bytes with *digest_*, untouched since."""
    record = previous.get(name)
    if not isinstance(record, list) or len(record) != 3 or record[2] != digest_:
        return False
    try:
        stat = (out / name).stat()
    except OSError:
        return False
    return stat.st_size == record[0] and stat.st_mtime_ns == record[1]


def save_manifest(show_folder: Path, out: Path, options: str, folders: list[str],
                  media: list[str], files: list[str], outputs: dict[str, str]) -> None:
    import json

    cache = Cache(show_folder)
    record = {
        "code": code_digest(),
        "options": options,
        "folders": folders,
        "media": media,
        "files": files,
        "inputs": input_digest(folders, media, files, options),
        "outputs": {name: [(out / name).stat().st_size, (out / name).stat().st_mtime_ns,
                           value] for name, value in outputs.items()},
    }
    try:
        cache.root.mkdir(parents=True, exist_ok=True)
        _write_atomic(cache.manifest_path(out), json.dumps(record).encode())
    except OSError:
        pass
