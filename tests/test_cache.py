"""The build cache is safe: a cached build always equals a clean one, whatever changed."""

from __future__ import annotations

import shutil

import pytest
from conftest import EXAMPLE_SHOW, run
from shows import copy_tree

AS_OF = "2026-11-28"
REFERENCE_SLUG = "s04e05-running-from-complexity"


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def inodes(folder):
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*")
            if p.is_file()}


@pytest.fixture
def show(tmp_path):
    return copy_tree(EXAMPLE_SHOW, tmp_path / "show")


def build(show, out, *extra):
    result = run("build", show, "-o", out, "--as-of", AS_OF, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def assert_same_as_clean(show, out, tmp_path, *extra):
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(show, clean, "--no-cache", "-j", "1", "--allow-removals", *extra)
    assert snapshot(out) == snapshot(clean)


def changed_files(before, after):
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def test_nothing_changed_means_nothing_done(show, tmp_path):
    out = tmp_path / "out"
    build(show, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    result = build(show, out)
    assert "unchanged" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    (out / "feed.xml").unlink()  # the output was tampered with: build again
    result = build(show, out)
    assert "unchanged" not in result.stderr and (out / "feed.xml").is_file()
    assert_same_as_clean(show, out, tmp_path)


def test_editing_an_episode_changes_only_what_depends_on_it(show, tmp_path):
    out = tmp_path / "out"
    build(show, out)
    before, before_inodes = snapshot(out), inodes(out)
    episode = show / "episodes" / f"{REFERENCE_SLUG}.md"
    episode.write_text(episode.read_text().replace('title: "Running from Complexity"',
                                                   'title: "Running from Simplicity"'))
    build(show, out)
    changed = changed_files(before, snapshot(out))
    assert "feed.xml" in changed and "index.html" in changed
    assert f"episodes/{REFERENCE_SLUG}/index.html" in changed
    assert all(name.startswith(f"episodes/{REFERENCE_SLUG}/") or name in
               ("feed.xml", "index.html") for name in changed)
    after_inodes = inodes(out)
    untouched = [name for name in before if name not in changed]
    assert untouched and all(after_inodes[n] == before_inodes[n] for n in untouched), \
        "unchanged files are carried over, not rewritten"
    assert_same_as_clean(show, out, tmp_path)


def test_renaming_and_deleting_episodes(show, tmp_path):
    out = tmp_path / "out"
    build(show, out)
    episodes = show / "episodes"
    (episodes / "building-data-team.md").rename(episodes / "team.md")
    build(show, out)
    names = snapshot(out)
    assert "episodes/team/index.html" in names
    assert not any(n.startswith("episodes/building-data-team/") for n in names)
    assert_same_as_clean(show, out, tmp_path)
    (episodes / "team.md").unlink()
    assert run("build", show, "-o", out, "--as-of", AS_OF).exit_code == 1  # a removal
    build(show, out, "--allow-removals")
    assert not any(n.startswith("episodes/team/") for n in snapshot(out))
    assert_same_as_clean(show, out, tmp_path)


def test_template_and_people_changes(show, tmp_path):
    out = tmp_path / "out"
    build(show, out)
    before = snapshot(out)
    (show / "templates").mkdir()
    (show / "templates" / "youtube.txt.j2").write_text("Custom notes for {{ notes.title }}\n")
    build(show, out)
    changed = changed_files(before, snapshot(out))
    assert changed and all(n.endswith(("notes/youtube.txt", "/index.html")) for n in changed)
    assert_same_as_clean(show, out, tmp_path)
    before = snapshot(out)
    ben = show / "people" / "benwilson.md"
    ben.write_text(ben.read_text().replace("Ben Wilson", "Benjamin Wilson"))
    build(show, out)
    changed = changed_files(before, snapshot(out))
    assert "feed.xml" in changed
    assert {n.split("/")[1] for n in changed if n.startswith("episodes/")} == {REFERENCE_SLUG}
    assert_same_as_clean(show, out, tmp_path)


def test_corrupt_cache_is_ignored(show, tmp_path):
    out = tmp_path / "out"
    build(show, out)
    cache = show / ".podpub-cache"
    entries = list(cache.rglob("episode/*.json"))
    assert len(entries) == 5
    for number, path in enumerate(entries):
        data = path.read_bytes()
        path.write_bytes(b"garbage" if number % 2 else data[: len(data) // 2])
    for manifest in cache.glob("manifest-*.json"):
        manifest.write_text("{not json")
    shutil.rmtree(out)
    result = build(show, out, "-v")
    assert "cache entry not used" in result.stderr
    assert_same_as_clean(show, out, tmp_path)


def test_foreign_cache_entries_are_data_never_code(show, tmp_path):
    """Well-formed JSON that names other types, functions or wrong fields is not used."""
    import json

    out = tmp_path / "out"
    build(show, out)
    entries = sorted((show / ".podpub-cache").rglob("episode/*.json"))
    plants = [
        {"$": "os.system", "v": ["touch pwned"]},
        {"$": "Episode", "v": {"path": "x"}},
        {"$": "dict", "v": [[["unhashable"], 1]]},
        {"$": "Problem", "v": None},
        [1, 2, 3],
    ]
    for path, value in zip(entries, plants):
        record = json.loads(path.read_text())
        record["value"] = value
        path.write_text(json.dumps(record))
    shutil.rmtree(out)
    build(show, out)
    assert not (tmp_path / "pwned").exists() and not (show / "pwned").exists()
    assert_same_as_clean(show, out, tmp_path)


class _Plant:
    """Unpickling this creates the file *path*: what a planted cache would do."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_planted_pickles_never_run(show, tmp_path):
    import pickle

    out = tmp_path / "out"
    build(show, out)
    cache = show / ".podpub-cache"
    proof = tmp_path / "planted-code-ran"
    payload = pickle.dumps(_Plant(proof))
    assert not proof.exists()
    pickle.loads(payload)  # the payload works: unpickling it creates the file
    assert proof.exists()
    proof.unlink()
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files
    for path in files:  # every file the cache has, and the names older versions used
        path.write_bytes(payload)
    for folder in ("episode", "parsed", "rendered", "jinja", ""):
        (cache / folder).mkdir(exist_ok=True)
        for name in ("a.pickle", "b.json", "__jinja2_x.cache", "manifest-0000000000000000.json"):
            (cache / folder / name).write_bytes(payload)
    shutil.rmtree(out)
    build(show, out)
    assert not proof.exists()
    assert_same_as_clean(show, out, tmp_path)
    result = build(show, out)  # the next build (cache rewritten as JSON) still runs no code
    assert not proof.exists() and result.exit_code == 0


def test_stale_cache_from_a_renamed_file_is_not_trusted(show, tmp_path):
    out = tmp_path / "out"
    build(show, out)
    episode = show / "episodes" / f"{REFERENCE_SLUG}.md"
    text = episode.read_text()
    episode.write_text(text.replace("season: 4", "season: 9"))
    build(show, out)
    episode.write_text(text)  # back to the first version: its cache entry is used again
    build(show, out)
    assert_same_as_clean(show, out, tmp_path)


def test_parallel_and_serial_builds_are_identical(tmp_path):
    from shows import make_corpus_show

    show = make_corpus_show(tmp_path, "old")
    build(show, tmp_path / "serial", "-j", "1", "--no-cache")
    build(show, tmp_path / "parallel", "-j", "3", "--no-cache")
    build(show, tmp_path / "cached", "-j", "2")
    serial = snapshot(tmp_path / "serial")
    assert serial == snapshot(tmp_path / "parallel") == snapshot(tmp_path / "cached")
    assert len(serial) > 100


def test_read_only_show_folder_builds_without_a_cache(show, tmp_path):
    import os

    if os.geteuid() == 0:  # root writes anyway: make the cache folder a file instead
        (show / ".podpub-cache").write_text("not a folder")
    else:
        show.chmod(0o555)
    try:
        out = tmp_path / "out"
        build(show, out)
        assert_same_as_clean(show, out, tmp_path)
    finally:
        show.chmod(0o755)


def test_every_cache_entry_of_the_corpus_is_read_back(tmp_path):
    """The JSON cache holds what real episodes give, and a rebuild uses all of it."""
    from shows import make_corpus_show

    from publisher.build.cache import Cache
    from publisher.build.pipeline import Done

    show = make_corpus_show(tmp_path, "head")
    build(show, tmp_path / "out")
    cache = Cache(show)
    entries = sorted((show / ".podpub-cache" / "episode").glob("*.json"))
    assert len(entries) == 29
    assert all(isinstance(cache.get("episode", p.stem, Done), Done) for p in entries)
    assert cache.ignored == []
    (show / "show.yaml").write_text((show / "show.yaml").read_text() + "\n")  # not a change
    result = build(show, tmp_path / "out", "-v")
    assert "unchanged" not in result.stderr and "cache entry not used" not in result.stderr


def test_cache_format_round_trips_what_yaml_can_hold():
    import datetime as dt
    import math
    from pathlib import Path

    from publisher.build.cachecodec import CacheFormatError, decode, encode
    from publisher.errors import Problem
    from publisher.source.files import FileLine

    value = {
        "text": "é\u200b", 1: "int key", (1, 2): "tuple key", "$": "dollar key",
        "when": dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "day": dt.date(2024, 1, 2), "at": dt.time(9, 0, tzinfo=dt.timezone.utc),
        "raw": b"\x00\xff", "set": {1, 2}, "nan": math.nan, "inf": -math.inf,
        "nested": [{"a": (None, True, 1.5)}], "path": Path("/x y"),
        "problem": Problem("m", Path("a.md"), FileLine(Path("a.md"), ("links", 0)),
                           "warning", "links.todo"),
    }
    back = decode(encode(value))
    assert math.isnan(back.pop("nan")) and math.isnan(value.pop("nan"))
    problem, original = back.pop("problem"), value.pop("problem")
    assert (problem.message, problem.path, problem._line.keys) == ("m", Path("a.md"),
                                                                    ("links", 0))
    assert original.code == problem.code
    assert back == value
    for bad in ({"$": "Path", "v": "/etc"}, {"$": "tuple", "v": "abc"}, {"$": "Problem", "v":
                "abcde"}, {"$": "date", "v": 5}, {"$": "Chapter", "v": {"start": "0"}}):
        with pytest.raises(CacheFormatError):
            decode(bad)
    with pytest.raises(CacheFormatError):
        encode(object())


def test_a_changed_item_in_the_cache_is_not_used(show, tmp_path):
    """Feed items are kept under their digest (issue 15): one changed on disk, to what is
    even valid XML, is found out and the episode rendered again."""
    out = tmp_path / "out"
    build(show, out)
    items = sorted((show / ".podpub-cache" / "items").glob("*.xml"))
    assert len(items) == 5
    for item in items:
        item.write_text("<item><title>planted</title></item>\n")
    episode = show / "episodes" / "building-data-team.md"
    episode.write_text(episode.read_text() + "\nEdited.\n")  # not an unchanged build
    build(show, out)
    assert b"planted" not in (out / "feed.xml").read_bytes()
    assert_same_as_clean(show, out, tmp_path)


def test_an_edit_that_keeps_the_size_is_seen(show, tmp_path):
    """An unchanged file costs a stat (issue 15); a changed time is enough to read it."""
    out = tmp_path / "out"
    build(show, out)
    episode = show / "episodes" / f"{REFERENCE_SLUG}.md"
    text = episode.read_text()
    episode.write_text(text.replace("Running from Complexity", "Running from Complexitx", 1))
    assert len(episode.read_bytes()) == len(text.encode())
    build(show, out)
    assert b"Running from Complexitx" in (out / "feed.xml").read_bytes()


def test_a_build_without_cache_leaves_nothing_beside_its_output(show, tmp_path):
    out = tmp_path / "out"
    build(show, out, "--no-cache")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "show"]
    assert not (show / ".podpub-cache").exists()


def test_the_input_walk_lists_what_rglob_does(tmp_path):
    """The inputs' digest walks folders with scandir: the same files, in the same order, as
    ``sorted(rglob("*"))`` filtered (dot names and all below them out, links to files in)."""
    from publisher.source.folders import every_file

    root = tmp_path / "in"
    for name in ("b.md", "a-c.md", "a/b.md", "a/.hidden.md", ".git/x.md", "a/z/_deep.md",
                 "A.md", "é.md", "a b/c.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    (root / "link.md").symlink_to(root / "b.md")
    (root / "dirlink").symlink_to(root / "a", target_is_directory=True)
    (root / "broken.md").symlink_to(root / "nowhere.md")
    expected = [(str(p.relative_to(root)), str(p)) for p in sorted(root.rglob("*"))
                if not any(part.startswith(".") for part in p.relative_to(root).parts)
                and p.is_file()]
    assert every_file(root) == expected
    assert ("a-c.md", str(root / "a-c.md")) in expected and len(expected) == 8


def test_changed_episodes_render_while_the_others_are_read(show, tmp_path, monkeypatch):
    """In a big show the episodes without a cache entry start rendering in a worker at
    once, while the cached ones are read (pipeline.OVERLAP, here lowered to this small show):
    the output is a clean build's, and an error there still publishes nothing."""
    from publisher.build import pipeline, workers

    out = tmp_path / "out"
    build(show, out)
    monkeypatch.setattr(pipeline, "OVERLAP", 1)
    started = []
    real_start = workers.start

    def start(function, context, count, *args):
        started.append(count)
        return real_start(function, context, count, *args)

    monkeypatch.setattr(workers, "start", start)
    episode = show / "episodes" / f"{REFERENCE_SLUG}.md"
    episode.write_text(episode.read_text().replace('title: "Running from Complexity"',
                                                   'title: "Running from Simplicity"'))
    build(show, out, "-j", "2")
    assert started == [1], "the edited episode was started beside the cache reads"
    assert_same_as_clean(show, out, tmp_path)
    before = snapshot(out)
    episode.write_text(episode.read_text().replace("\naudio:", "\naudio: [", 1))
    result = run("build", show, "-o", out, "--as-of", "2026-11-28", "-j", "2")
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    assert started == [1, 1]
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["out", "show", "clean"])
