"""Independent readers for each chapter format, used to parse podpub's output back."""

from __future__ import annotations

import io
import json
import re

import jsonschema
import webvtt
from conftest import SCHEMAS
from lxml import etree

PSC = "{http://podlove.org/simple-chapters}"
NPT = re.compile(r"^(\d+):(\d{2}):(\d{2})(?:\.(\d{3}))?$")


def npt_seconds(text: str) -> float:
    h, m, s, ms = NPT.match(text).groups()
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms or 0) / 1000


def read_youtube(text: str) -> list[tuple[int, str]]:
    out = []
    for line in text.splitlines():
        match = re.match(r"^(?:(\d+):)?(\d{1,2}):(\d{2}) (\S.*)$", line)
        assert match, f"not a YouTube chapter line: {line!r}"
        h, m, s, title = match.groups()
        out.append((int(h or 0) * 3600 + int(m) * 60 + int(s), title))
    return out


def read_json(text: str) -> list[tuple[float, float | None, str]]:
    document = json.loads(text)
    schema = json.loads((SCHEMAS / "podcast-chapters-1.2.schema.json").read_text())
    jsonschema.validate(document, schema)
    return [(c["startTime"], c.get("endTime"), c.get("title")) for c in document["chapters"]]


def read_psc(text: str) -> list[tuple[float, str]]:
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == f"{PSC}chapters" and root.get("version") == "1.2"
    return [(npt_seconds(c.get("start")), c.get("title")) for c in root.iter(f"{PSC}chapter")]


def read_vtt(text: str) -> list[tuple[float, float, str]]:
    captions = webvtt.from_buffer(io.StringIO(text))
    return [(npt_seconds(c.start), npt_seconds(c.end), c.text) for c in captions]


def read_mp4chaps(text: str) -> list[tuple[float, str]]:
    out = []
    for line in text.splitlines():
        stamp, _, title = line.partition(" ")
        out.append((npt_seconds(stamp), title))
    return out


def read_ffmetadata(text: str) -> list[tuple[float, float, str]]:
    lines = text.splitlines()
    assert lines[0] == ";FFMETADATA1"
    chapters: list[dict] = []
    for line in lines[1:]:
        if line == "[CHAPTER]":
            chapters.append({})
        elif chapters:
            key, value = re.split(r"(?<!\\)=", line, maxsplit=1)
            chapters[-1][key] = re.sub(r"\\(.)", r"\1", value)
    for chapter in chapters:
        assert chapter["TIMEBASE"] == "1/1000"
    return [(int(c["START"]) / 1000, int(c["END"]) / 1000, c["title"]) for c in chapters]


def read_audacity(text: str) -> list[tuple[float, float, str]]:
    out = []
    for line in text.splitlines():
        start, end, title = line.split("\t")
        assert re.match(r"^\d+\.\d{6}$", start) and re.match(r"^\d+\.\d{6}$", end)
        out.append((float(start), float(end), title))
    return out
