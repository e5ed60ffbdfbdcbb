"""The cache's storage format: JSON with tagged values, read back into a fixed set of types.

The cache lives in a folder the user controls (it may be committed or planted in a pull
request), so reading it must never run code: the JSON is parsed, and only the plain
dataclasses named in ``TYPES`` are built from it, field by field.  Anything else is an error,
and an unreadable entry is simply not used.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import math
import types
import typing
from pathlib import Path
from typing import Any

TAG = "$"


class CacheFormatError(ValueError):
    """A value that this format cannot write, or stored data it does not accept."""


def _types() -> dict[str, type]:
    from .build import Entry, Outcome
    from .feed import FeedItem
    from .feed_ext import PersonTag, TranscriptTag
    from .models import Chapter, Episode, ExplicitChapter, Header, Line
    from .pipeline import Done
    from .publishing import Enclosure, Publication

    kinds = (Done, Outcome, Entry, Episode, Publication, Enclosure, Chapter, ExplicitChapter,
             Line, Header, FeedItem, PersonTag, TranscriptTag)
    return {kind.__name__: kind for kind in kinds}


_TYPES: dict[str, type] | None = None


def known_types() -> dict[str, type]:
    global _TYPES
    if _TYPES is None:
        _TYPES = _types()
    return _TYPES


def encode(value: Any) -> Any:
    """*value* as JSON data; raises CacheFormatError for what it cannot hold."""
    from .errors import Problem
    from .source import FileLine

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {TAG: "float", "v": repr(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and k != TAG for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {TAG: "dict", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {TAG: "set", "v": sorted((encode(v) for v in value), key=repr)}
    if isinstance(value, bytes):
        return {TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {TAG: "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {TAG: "time", "v": value.isoformat()}
    if isinstance(value, Path):
        return {TAG: "path", "v": str(value)}
    if isinstance(value, FileLine):
        return {TAG: "FileLine", "path": str(value.path), "keys": encode(tuple(value.keys))}
    if isinstance(value, Problem):
        line = value._line
        if callable(line) and not isinstance(line, FileLine):
            line = value.line
        return {TAG: "Problem", "v": [value.message, encode(value.path), encode(line),
                                      value.severity, value.code]}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and known_types().get(name) is type(value):
        return {TAG: name, "v": {f.name: encode(getattr(value, f.name))
                                 for f in dataclasses.fields(value)}}
    raise CacheFormatError(f"cannot store a {name} in the cache")


def decode(data: Any) -> Any:
    """The value *encode* gave *data* for; raises CacheFormatError for anything else."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        raise CacheFormatError(f"unexpected {type(data).__name__}")
    tag = data.get(TAG)
    if tag is None:
        return {k: decode(v) for k, v in data.items()}
    try:
        return _decode_tagged(tag, data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise CacheFormatError(f"bad {tag!r} value: {exc}") from None


def _decode_tagged(tag: str, data: dict) -> Any:
    from .errors import Problem
    from .source import FileLine

    value = data.get("v")
    from_list = {
        "tuple": lambda: tuple(decode(v) for v in value),
        "dict": lambda: {decode(k): decode(v) for k, v in value},
        "set": lambda: {decode(v) for v in value},
    }
    from_text = {
        "float": lambda: float(value) if value in ("nan", "inf", "-inf") else None,
        "bytes": lambda: base64.b64decode(value.encode("ascii"), validate=True),
        "datetime": lambda: dt.datetime.fromisoformat(value),
        "date": lambda: dt.date.fromisoformat(value),
        "time": lambda: dt.time.fromisoformat(value),
        "path": lambda: Path(value),
    }
    if tag in from_list and isinstance(value, list):
        return from_list[tag]()
    if tag in from_text and isinstance(value, str):
        result = from_text[tag]()
        if result is not None:
            return result
    if tag in from_list or tag in from_text:
        raise CacheFormatError(f"bad {tag!r} value")
    if tag == "FileLine":
        keys = decode(data["keys"])
        if not isinstance(keys, tuple) or not all(isinstance(k, (str, int)) for k in keys):
            raise CacheFormatError("bad FileLine")
        return FileLine(Path(data["path"]), keys)
    if tag == "Problem":
        if not isinstance(value, list):
            raise CacheFormatError("bad Problem")
        message, path, line, severity, code = value
        path, line = decode(path), decode(line)
        if not (all(isinstance(v, str) for v in (message, severity, code))
                and isinstance(path, (str, Path, type(None)))
                and isinstance(line, (int, FileLine, type(None)))):
            raise CacheFormatError("bad Problem")
        return Problem(message, path, line, severity, code)
    kind = known_types().get(tag)
    if kind is None or not isinstance(value, dict):
        raise CacheFormatError(f"unknown type {tag!r}")
    hints = _hints(kind)
    if set(value) != set(hints):
        raise CacheFormatError(f"fields of {tag} do not match")
    fields = {}
    for name, raw in value.items():
        fields[name] = decode(raw)
        if not _conforms(fields[name], hints[name]):
            raise CacheFormatError(f"{tag}.{name} is not a {hints[name]}")
    return kind(**fields)


@functools.lru_cache(maxsize=None)
def _hints(kind: type) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


def _conforms(value: Any, hint: Any) -> bool:
    """Whether *value* has the type *hint* describes (as deep as the hint goes)."""
    if hint is Any or hint is object:
        return True
    if hint is type(None):
        return value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, arg) for arg in args)
    if origin is list:
        return isinstance(value, list) and all(_conforms(v, args[0]) for v in value)
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_conforms(v, args[0]) for v in value)
        return len(args) == len(value) and all(map(_conforms, value, args))
    if origin is dict:
        return isinstance(value, dict) and all(
            _conforms(k, args[0]) and _conforms(v, args[1]) for k, v in value.items())
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True
