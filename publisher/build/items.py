"""Feed items kept as files, so that the feed of a big show is written item by item and no
process holds every item at once.

Each ``<item>`` is stored under the digest of its bytes: in the cache (``items/``), where an
unchanged episode's item is found again by the next build, or, for a build without a cache,
in a folder beside the output that the build removes.  An item is checked against its digest
when it is read into the feed.
"""

from __future__ import annotations

from pathlib import Path

from publisher.build import cache as cachelib
from publisher.build.writer import write_file
from publisher.errors import PublisherError


class ItemStore:
    """Items in the first of *folders* that can be written (the cache, else a folder of the
    build's own), found in any of them."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self._checked: dict[str, str] = {}  # key -> the folder its file was checked in

    def put(self, xml: str) -> str:
        """Keep *xml*; its key."""
        data = xml.encode("utf-8")
        key = cachelib.digest(data)
        if self.has(key):
            return key
        for folder in self.folders:
            try:
                write_file(folder / f"{key}.xml", data)
                return key
            except OSError as exc:  # a read-only show folder: the next one
                why = exc
        raise PublisherError(f"cannot write a feed item: {why.strerror or why}",
                             self.folders[-1], code="file.unwritable")

    def has(self, key: str) -> bool:
        """An item with this key is stored, and its bytes are what the key says."""
        return self._find(key) is not None

    def _find(self, key: str) -> bytes | None:
        checked = self._checked.get(key)
        for folder in [checked] if checked else self.folders:
            try:
                with open(f"{folder}/{key}.xml", "rb") as stream:
                    data = stream.read()
            except OSError:
                continue
            if checked or cachelib.digest(data) == key:  # each file is checked once a build
                self._checked[key] = str(folder)
                return data
        return None

    def read(self, key: str) -> bytes:
        """The item stored as *key*, checked against it."""
        data = self._find(key)
        if data is not None:
            return data
        raise PublisherError("a feed item is gone or was changed during the build: build "
                             "again", self.folders[0], code="file.unreadable")
