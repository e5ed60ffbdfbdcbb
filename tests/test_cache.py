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
    pickles = list(cache.rglob("*.pickle"))
    assert pickles
    for number, path in enumerate(pickles):
        data = path.read_bytes()
        path.write_bytes(b"garbage" if number % 2 else data[: len(data) // 2])
    for manifest in cache.glob("manifest-*.json"):
        manifest.write_text("{not json")
    compiled = list((cache / "jinja").glob("*"))
    assert compiled
    for path in compiled:
        path.write_bytes(b"\x00garbage" * 3)
    shutil.rmtree(out)
    build(show, out)
    assert_same_as_clean(show, out, tmp_path)


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
