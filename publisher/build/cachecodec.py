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

from publisher.errors import Problem
from publisher.source.files import FileLine

TAG = "$"


class CacheFormatError(ValueError):
    """A value that this format cannot write, or stored data it does not accept."""


def _types() -> dict[str, type]:
    from publisher.build.pipeline import Done
    from publisher.build.plan import Entry, Outcome
    from publisher.models import (
        Chapter,
        Enclosure,
        Episode,
        ExplicitChapter,
        Header,
        Line,
        PersonTag,
        Publication,
        TranscriptTag,
    )

    kinds = (Done, Outcome, Entry, Episode, Publication, Enclosure, Chapter, ExplicitChapter,
             Line, Header, PersonTag, TranscriptTag)
    return {kind.__name__: kind for kind in kinds}


_TYPES: dict[str, type] | None = None


def known_types() -> dict[str, type]:
    global _TYPES
    if _TYPES is None:
        _TYPES = _types()
    return _TYPES


_PLAIN = frozenset({str, int, bool, type(None)})


def _encode_dict(value: dict) -> Any:
    if all(type(k) is str and k != TAG for k in value):
        return {k: v if type(v) in _PLAIN else encode(v) for k, v in value.items()}
    return {TAG: "dict", "v": [[encode(k), encode(v)] for k, v in value.items()]}


def _encode_problem(value: Problem) -> Any:
    """Compact, for there are thousands: [message, path, line, severity, code], the path as
    text, a lazy line as [path, keys]."""
    line = value._line
    if isinstance(line, FileLine):
        line = [str(line.path), list(line.keys)]
    elif callable(line):
        line = value.line
    path = None if value.path is None else str(value.path)
    return {TAG: "Problem", "v": [value.message, path, line, value.severity, value.code]}


class StoredProblem(Problem):
    """A Problem read from the cache, with the list it was stored as: a big show's build
    reports thousands of them again, and stores them again as they were read."""

    __slots__ = ("stored",)


_ENCODERS: dict[type, Any] = {
    float: lambda v: v if math.isfinite(v) else {TAG: "float", "v": repr(v)},
    list: lambda v: [x if type(x) in _PLAIN else encode(x) for x in v],
    tuple: lambda v: {TAG: "tuple", "v": [encode(x) for x in v]},
    dict: _encode_dict,
    set: lambda v: {TAG: "set", "v": sorted((encode(x) for x in v), key=repr)},
    frozenset: lambda v: {TAG: "set", "v": sorted((encode(x) for x in v), key=repr)},
    bytes: lambda v: {TAG: "bytes", "v": base64.b64encode(v).decode("ascii")},
    dt.datetime: lambda v: {TAG: "datetime", "v": v.isoformat()},
    dt.date: lambda v: {TAG: "date", "v": v.isoformat()},
    dt.time: lambda v: {TAG: "time", "v": v.isoformat()},
    FileLine: lambda v: {TAG: "FileLine", "path": str(v.path), "keys": encode(tuple(v.keys))},
    Problem: _encode_problem,
    StoredProblem: lambda value: {TAG: "Problem", "v": value.stored},
}


def encode(value: Any) -> Any:
    """*value* as JSON data; raises CacheFormatError for what it cannot hold."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    encoder = _ENCODERS.get(kind)
    if encoder is not None:
        return encoder(value)
    if isinstance(value, Path):
        return {TAG: "path", "v": str(value)}
    name = kind.__name__
    if known_types().get(name) is kind:
        return {TAG: name, "v": {f: encode(getattr(value, f)) for f in _field_names(kind)}}
    raise CacheFormatError(f"cannot store a {name} in the cache")


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def decode(data: Any) -> Any:
    """The value *encode* gave *data* for; raises CacheFormatError for anything else."""
    kind = type(data)
    if kind in _JSON_SCALARS:
        return data
    if kind is list:
        return [v if type(v) in _JSON_SCALARS else decode(v) for v in data]
    if kind is not dict:
        raise CacheFormatError(f"unexpected {type(data).__name__}")
    tag = data.get(TAG)
    if tag is None:
        return {k: v if type(v) in _JSON_SCALARS else decode(v) for k, v in data.items()}
    try:
        return _decode_tagged(tag, data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise CacheFormatError(f"bad {tag!r} value: {exc}") from None


@functools.lru_cache(maxsize=4096)
def _path(text: str) -> Path:
    """Paths repeat (every problem of an episode names its file): made once each."""
    return Path(text)


_FROM_LIST = {
    "tuple": lambda value: tuple([decode(v) for v in value]),
    "dict": lambda value: {decode(k): decode(v) for k, v in value},
    "set": lambda value: {decode(v) for v in value},
}
_FROM_TEXT = {
    "float": lambda value: float(value) if value in ("nan", "inf", "-inf") else None,
    "bytes": lambda value: base64.b64decode(value.encode("ascii"), validate=True),
    "datetime": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
    "path": _path,
}


def _decode_tagged(tag: str, data: dict) -> Any:
    value = data.get("v")
    decoder = _FROM_LIST.get(tag)
    if decoder is not None:
        if type(value) is not list:
            raise CacheFormatError(f"bad {tag!r} value")
        return decoder(value)
    decoder = _FROM_TEXT.get(tag)
    if decoder is not None:
        result = decoder(value) if type(value) is str else None
        if result is None:
            raise CacheFormatError(f"bad {tag!r} value")
        return result
    if tag == "FileLine":
        keys = decode(data["keys"])
        if not isinstance(keys, tuple) or not all(isinstance(k, (str, int)) for k in keys):
            raise CacheFormatError("bad FileLine")
        return FileLine(Path(data["path"]), keys)
    if tag == "Problem":
        if not isinstance(value, list):
            raise CacheFormatError("bad Problem")
        message, path, line, severity, code = value
        if isinstance(line, list) and len(line) == 2 and isinstance(line[0], str) and \
                isinstance(line[1], list) and all(type(k) in (str, int) for k in line[1]):
            line = FileLine(_path(line[0]), tuple(line[1]))
        if not (all(isinstance(v, str) for v in (message, severity, code))
                and isinstance(path, (str, type(None)))
                and (line is None or type(line) is int or isinstance(line, FileLine))):
            raise CacheFormatError("bad Problem")
        problem = StoredProblem(message, None if path is None else _path(path), line, severity,
                                code)
        problem.stored = value
        return problem
    kind = known_types().get(tag)
    if kind is None or type(value) is not dict:
        raise CacheFormatError(f"unknown type {tag!r}")
    checks = _field_checks(kind)
    if len(value) != len(checks):
        raise CacheFormatError(f"fields of {tag} do not match")
    fields = {}
    for name, check in checks:
        raw = value[name]  # a missing field: KeyError, reported as a bad value
        field = raw if type(raw) in _JSON_SCALARS else decode(raw)
        if not check(field):
            raise CacheFormatError(f"{tag}.{name} is not a {_hints(kind)[name]}")
        fields[name] = field
    return kind(**fields)


@functools.lru_cache(maxsize=None)
def _field_checks(kind: type) -> tuple[tuple[str, Any], ...]:
    """Each field of *kind* with the function that checks a value for it."""
    return tuple((name, _checker(hint)) for name, hint in _hints(kind).items())


@functools.lru_cache(maxsize=None)
def _hints(kind: type) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


@functools.lru_cache(maxsize=None)
def _checker(hint: Any):
    """A function telling whether a value has the type *hint* describes (as deep as the hint
    goes), made once per hint."""
    if hint is Any or hint is object:
        return lambda value: True
    if hint is type(None):
        return lambda value: value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        checks = tuple(_checker(arg) for arg in args)
        return lambda value: any(check(value) for check in checks)
    if origin is list:
        item = _checker(args[0])
        return lambda value: type(value) is list and all(map(item, value))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _checker(args[0])
        return lambda value: type(value) is tuple and all(map(item, value))
    if origin is tuple:
        items = tuple(_checker(arg) for arg in args)
        return lambda value: (type(value) is tuple and len(value) == len(items)
                              and all(check(v) for check, v in zip(items, value)))
    if origin is dict:
        key, item = _checker(args[0]), _checker(args[1])
        return lambda value: (type(value) is dict and all(map(key, value))
                              and all(map(item, value.values())))
    if hint is float:
        return lambda value: type(value) in (int, float)
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True
