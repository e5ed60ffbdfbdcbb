"""Reading producers' files: text, front matter and YAML with line numbers.

This is the only module that imports ``yaml``.  Files are parsed fast with libyaml
first; line numbers are looked up (by composing the document once more) only when a
message needs one.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import PublisherError

if TYPE_CHECKING:
    import yaml


@functools.lru_cache(maxsize=1)
def _yaml():
    """PyYAML and its fastest safe loader, imported on first use (``--help`` needs neither)."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Fallback(Exception):
    """Something the fast path leaves to PyYAML's own constructor (tags, merge keys, errors)."""


@functools.lru_cache(maxsize=1)
def _fast():
    """A safe loader for plain YAML: libyaml parses and composes; the resolver skips the
    scalars no implicit rule can match (most text), and one tight function builds the
    Python values.  It gives exactly what ``yaml.load(text, CSafeLoader)`` gives: anything it
    does not handle itself goes to PyYAML."""
    yaml, loader = _yaml()
    scalar_node, sequence_node, mapping_node = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    rules = loader.yaml_implicit_resolvers
    plain_text = loader.DEFAULT_SCALAR_TAG

    int_tag = "tag:yaml.org,2002:int"
    seq_tag, map_tag = loader.DEFAULT_SEQUENCE_TAG, loader.DEFAULT_MAPPING_TAG
    path_rules = bool(loader.yaml_path_resolvers)

    class Loader(loader):
        def resolve(self, kind, value, implicit):
            if path_rules:
                return super().resolve(kind, value, implicit)
            if kind is not scalar_node:
                return seq_tag if kind is sequence_node else map_tag
            # quoted text is text; no implicit rule matches text that starts with a
            # character none of them starts with, nor words with a space after a letter
            # (bool and null are single words; numbers and dates start with a digit, a sign
            # or a dot); a plain run of ASCII digits without a leading 0 is a decimal int
            if not implicit[0] or (value and (value[0] not in rules or (
                    value[0].isalpha() and " " in value))):
                return plain_text
            if value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
                return int_tag
            return super().resolve(kind, value, implicit)

    constructor = yaml.constructor.SafeConstructor()
    scalars = {
        "tag:yaml.org,2002:null": lambda node: None,
        "tag:yaml.org,2002:bool": constructor.construct_yaml_bool,
        int_tag: constructor.construct_yaml_int,
        "tag:yaml.org,2002:float": constructor.construct_yaml_float,
        "tag:yaml.org,2002:timestamp": constructor.construct_yaml_timestamp,
    }

    def scalar(node):
        tag, value = node.tag, node.value
        if tag == plain_text:
            return value
        if tag == int_tag and value.isascii() and value.isdigit() and value[0] != "0":
            return int(value)
        make = scalars.get(tag)
        if make is None:
            raise _Fallback
        return make(node)

    def build(node, memo: dict):
        kind = type(node)
        if kind is scalar_node:
            return scalar(node)
        known = memo.get(id(node))
        if known is not None:  # an alias: the same object, as PyYAML gives it
            return known
        if kind is sequence_node and node.tag == seq_tag:
            items: list = []
            memo[id(node)] = items
            items.extend([scalar(child) if type(child) is scalar_node else build(child, memo)
                          for child in node.value])
            return items
        if kind is mapping_node and node.tag == map_tag:
            mapping: dict = {}
            memo[id(node)] = mapping
            for key_node, value_node in node.value:
                if type(key_node) is scalar_node:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        raise _Fallback
                    key = scalar(key_node)
                else:
                    key = build(key_node, memo)
                    if isinstance(key, (list, dict)):
                        raise _Fallback  # unhashable: PyYAML says so
                mapping[key] = (scalar(value_node) if type(value_node) is scalar_node
                                else build(value_node, memo))
            return mapping
        raise _Fallback

    def load(text: str):
        reader = Loader(text)
        try:
            node = reader.get_single_node()
        finally:
            reader.dispose()
        return None if node is None else build(node, {})

    return load

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_text(path: Path) -> str:
    """Return the UTF-8 text of *path*, or raise a PublisherError that says why not."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PublisherError(f"file is larger than {MAX_FILE_BYTES // 2**20} MiB", path,
                                 code="file.unreadable")
        data = path.read_bytes()
    except IsADirectoryError:
        raise PublisherError("expected a file, found a folder", path,
                             code="file.unreadable") from None
    except OSError as exc:
        raise PublisherError(f"cannot read file: {exc.strerror}", path,
                             code="file.unreadable") from None
    if not data.strip():
        raise PublisherError("file is empty", path, code="file.empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PublisherError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "(save the file as UTF-8)",
            path,
            line,
            code="file.encoding",
        ) from None
    if "\x00" in text:
        raise PublisherError("binary file: it contains NUL bytes, expected UTF-8 text", path,
                             code="file.binary")
    return text.removeprefix("\ufeff")


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split ``---`` front matter from the body: (yaml text, body, first body line)."""
    if not text.startswith(("---\n", "---\r\n")):
        raise PublisherError(
            "no front matter: expected the file to start with a '---' line", path, 1,
            code="frontmatter.missing",
        )
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return front, body, index + 2
    raise PublisherError("front matter is not closed: expected a second '---' line", path, 1,
                         code="frontmatter.missing")


def _mark_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


# Characters XML cannot hold (and lone surrogates, which UTF-8 cannot): YAML's escapes such
# as "\x1b" can put them into a string.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _find_unwritable(value: Any) -> tuple[tuple, str] | None:
    """The key path and character of the first string that no feed could hold."""
    seen: set[int] = set()
    stack: list[tuple[tuple, Any]] = [((), value)]
    while stack:
        keys, item = stack.pop()
        if isinstance(item, str):
            if match := _UNWRITABLE.search(item):
                return keys, match.group()
        elif isinstance(item, (dict, list)):
            if id(item) in seen:  # aliases: each node once, however often it is used
                continue
            seen.add(id(item))
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in reversed(list(pairs)):
                if isinstance(key, str) and (match := _UNWRITABLE.search(key)):
                    return keys, match.group()
                stack.append(((*keys, key), child))
    return None


# libyaml refuses such characters written as they are; only these escapes can make them
_RISKY_ESCAPE = re.compile(
    r"\\(?:[0abefv]|x[01]|u00[01]|u[dD][89a-fA-F]|u[fF]{3}[eEfF]"
    r"|U0000(?:00[01]|[dD][89a-fA-F]|[fF]{3}[eEfF]))")


def load_yaml(text: str, path: Path, first_line: int = 1) -> Any:
    """Parse YAML *text* that starts at line *first_line* of *path*."""
    data = _parse(text, path, first_line)
    bad = _find_unwritable(data) if _RISKY_ESCAPE.search(text) else None
    if bad is not None:
        keys, char = bad
        raise PublisherError(
            f"a control character U+{ord(char):04X} is in the text: remove it (feeds and "
            "pages cannot hold it)",
            path, LineMap(text, first_line).line(*keys) or first_line, code="file.encoding",
        )
    return data


def _parse(text: str, path: Path, first_line: int) -> Any:
    try:
        yaml, loader = _yaml()
        try:
            return _fast()(text)
        except _Fallback:
            return yaml.load(text, Loader=loader)
    except _yaml()[0].YAMLError as exc:
        line = _mark_line(exc)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        context_mark = getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 1 != line:
            context += f" (from line {context_mark.line + first_line})"
        detail = f"{context}, {problem}" if context else problem
        raise PublisherError(
            f"invalid YAML: {detail}",
            path,
            line + first_line - 1 if line is not None else None,
            code="yaml.invalid",
        ) from None
    except RecursionError:
        raise PublisherError("invalid YAML: nested too deeply", path, first_line,
                             code="yaml.invalid") from None


@functools.lru_cache(maxsize=16)
def _file_lines(path: Path, stamp: tuple[int, int]) -> LineMap | None:
    try:
        front, _, _ = split_front_matter(read_text(path), path)
    except PublisherError:
        return None
    return LineMap(front, 2)


class FileLine:
    """The line of a front-matter value, found when asked (by re-reading the file).

    Unlike a closure it can be pickled, so warnings survive worker processes and the cache.
    """

    __slots__ = ("path", "keys")

    def __init__(self, path: Path, keys: tuple) -> None:
        self.path, self.keys = path, keys

    def __call__(self) -> int | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        lines = _file_lines(self.path, (stat.st_mtime_ns, stat.st_size))
        return lines.line(*self.keys) if lines is not None else None

    def __reduce__(self):
        return FileLine, (self.path, self.keys)

    def identity(self) -> tuple:
        """What it would look up: problems compare by this, never by reading the file."""
        return ("line of", str(self.path), self.keys)


class LineMap:
    """Finds the line of a value in a YAML document, composing it only on first use."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._text = text
        self._first_line = first_line
        self._root: yaml.Node | None = None
        self._composed = False

    def __getstate__(self):  # the composed tree is rebuilt on demand, never pickled
        return {"_text": self._text, "_first_line": self._first_line}

    def __setstate__(self, state) -> None:
        self.__init__(state["_text"], state["_first_line"])

    def _node(self, keys: tuple) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                yaml, loader = _yaml()
                self._root = yaml.compose(self._text, Loader=loader)
            except (_yaml()[0].YAMLError, RecursionError):
                self._root = None
        yaml = _yaml()[0]
        node = self._root
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if 0 <= key < len(node.value) else None
            else:
                return None
        return node

    def line(self, *keys: str | int) -> int | None:
        """Return the file line where the value at *keys* starts, if known."""
        node = self._node(tuple(keys))
        if node is None:
            return None
        return node.start_mark.line + self._first_line

    def scalar(self, *keys: str | int) -> str | None:
        """Return the source text of the scalar at *keys* (``Yes`` rather than True)."""
        node = self._node(tuple(keys))
        return node.value if isinstance(node, _yaml()[0].ScalarNode) else None


def dump_yaml(data: Any) -> str:
    """*data* as block-style YAML in the order given, Unicode kept, long lines unbroken:
    how podpub writes front matter and ``show.yaml`` for a producer to edit."""
    yaml = _yaml()[0]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100_000)


def key_lines(front: str, key: str) -> tuple[int, int] | None:
    """The lines ``[first, end)`` of *front* (YAML text) that hold the top-level *key* and its
    value, the comments and blank lines after it excluded; None when the key is not there."""
    yaml, loader = _yaml()
    root = yaml.compose(front, Loader=loader)
    if not isinstance(root, yaml.MappingNode):
        return None
    for name, value in root.value:
        if name.value == key:
            end = value.end_mark.line + (1 if value.end_mark.column else 0)
            lines = front.splitlines(keepends=True)
            while end > name.start_mark.line + 1 and (
                    not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1
            return name.start_mark.line, end
    return None
