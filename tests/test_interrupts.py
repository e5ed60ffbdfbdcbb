"""Ctrl-C, a killed build and a failed swap never cost the previous output anything."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_SHOW, run
from shows import copy_tree, make_big_show

AS_OF = "2026-11-28"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".staging-" in p.name or ".old-" in p.name)


@pytest.fixture(scope="module")
def big_show(tmp_path_factory):
    return make_big_show(tmp_path_factory.mktemp("big"))


def start_build(show: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "publisher", "build", str(show), "-o", str(out),
               "--as-of", AS_OF, "--no-cache", "-j", "2", "--allow-removals"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def wait_for_staging(process: subprocess.Popen, parent: Path) -> None:
    deadline = time.monotonic() + 60
    while not any(".staging-" in p.name for p in parent.iterdir()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no staging folder appeared"
        time.sleep(0.02)
    time.sleep(0.3)  # mid-build: workers busy writing


def built_output(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding the example show's build."""
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "small")
    out = tmp_path / "site" / "out"
    assert run("build", show, "-o", out, "--as-of", AS_OF).exit_code == 0
    return out, snapshot(out)


@pytest.mark.parametrize("target", ["process", "group"])
def test_ctrl_c_ends_a_build_quickly_and_writes_nothing(big_show, tmp_path, target):
    out, before = built_output(tmp_path)
    process = start_build(big_show, out)
    wait_for_staging(process, out.parent)
    sent = time.monotonic()
    if target == "group":  # a terminal's Ctrl-C reaches every worker too
        os.killpg(process.pid, signal.SIGINT)
    else:
        os.kill(process.pid, signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the build did not stop within 5 s of Ctrl-C")
    elapsed = time.monotonic() - sent
    text = stderr.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text
    assert "interrupted: nothing was written" in text
    assert len(text.strip().splitlines()) == 1, text
    assert snapshot(out) == before
    assert leftovers(out.parent) == []
    print(f"stopped {elapsed:.2f} s after Ctrl-C")


def test_a_killed_build_is_cleaned_up_by_the_next(big_show, tmp_path):
    out, before = built_output(tmp_path)
    process = start_build(big_show, out)
    wait_for_staging(process, out.parent)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)
    assert leftovers(out.parent), "a killed build leaves its staging folder behind"
    assert snapshot(out) == before
    stranger = out.parent / ".out.staging-1-notours"  # same shape, but no marker: not ours
    stranger.mkdir()
    result = run("build", tmp_path / "small", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0
    assert "unchanged" in result.stderr  # even a build with nothing to do cleans up
    assert leftovers(out.parent) == [stranger.name]


def test_an_output_file_vanishing_during_a_build_is_a_clear_error(tmp_path, monkeypatch):
    """Something deletes a file of the previous output while the build carries it over."""
    import publisher.build.writer as writer

    out, _ = built_output(tmp_path)
    show = tmp_path / "small"
    (show / "show.yaml").write_text((show / "show.yaml").read_text() + "\n# touched\n")
    real_link = os.link

    def link(source, target):
        Path(source).unlink(missing_ok=True)  # gone, just before podpub reads it
        return real_link(source, target)

    monkeypatch.setattr(writer.os, "link", link)
    result = run("build", show, "-o", out, "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        assert "did something change the output folder during the build?" in result.stderr
    assert leftovers(out.parent) == []
    monkeypatch.undo()
    result = run("build", show, "-o", out, "--as-of", AS_OF)  # and the next build repairs it
    assert result.exit_code == 0
    assert (out / "feed.xml").is_file()


def edited_show(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """The example show built, then one episode edited: the next build changes only it."""
    out, before = built_output(tmp_path)
    show = tmp_path / "small"
    episode = next((show / "episodes").glob("s04e05*.md"))
    episode.write_text(episode.read_text().replace("Running from Complexity", "Renamed"))
    return show, out, before


def episode_folders(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "episodes").iterdir())


def test_unchanged_episodes_move_over_whole_and_the_output_is_a_full_builds(tmp_path):
    show, out, _ = edited_show(tmp_path)
    kept = next(p for p in (out / "episodes").iterdir() if "s04e05" not in p.name)
    inodes = (kept.stat().st_ino, (kept / "index.html").stat().st_ino)
    stray = out / "episodes" / episode_folders(out)[-1] / "notes" / "stray.txt"
    stray.write_text("put here by hand")  # that folder is not podpub's alone any more
    assert run("build", show, "-o", out, "--as-of", AS_OF).exit_code == 0
    assert (kept.stat().st_ino, (kept / "index.html").stat().st_ino) == inodes, \
        "the folder moved over whole, its files not rewritten"
    assert not stray.exists(), "a folder holding a stranger's file is not moved over whole"
    full = tmp_path / "full"
    assert run("build", show, "-o", full, "--as-of", AS_OF, "--no-cache").exit_code == 0
    assert snapshot(out) == snapshot(full)
    assert not (out / ".podpub-moving").exists()
    assert leftovers(out.parent) == []


@pytest.mark.parametrize("step", ["swap", "move"])
def test_a_failed_swap_or_move_puts_the_previous_output_back(tmp_path, monkeypatch, step):
    """The stage's rename into place fails (a full disk), or the second unchanged folder's
    move out of the output does: every folder moved goes back, the output is as it was."""
    import publisher.build.writer as writer

    show, out, before = edited_show(tmp_path)
    real_rename = os.rename
    moves = []

    def rename(source, target):
        if Path(source).name.startswith(".out.staging-"):  # the stage moving into place
            if step == "swap":
                raise OSError(28, "No space left on device")
        elif ".staging-" in str(target):  # a folder of the output moving into the stage
            moves.append(source)
            if step == "move" and len(moves) == 2:
                raise OSError(5, "Input/output error")
        return real_rename(source, target)

    monkeypatch.setattr(writer.os, "rename", rename)
    result = run("build", show, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert ("No space left on device" if step == "swap" else "Input/output error") in \
        result.stderr
    assert len(moves) >= 2, "unchanged folders had moved into the stage"
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("moment", ["moving", "swapping"])
def test_a_build_killed_while_it_commits_is_undone_by_the_next(tmp_path, moment):
    """What a build killed in the middle of its commit left is put back as it was: the
    folders it had moved out of the output (named in its journal) and, killed between its
    two renames, the output itself."""
    import publisher.build.writer as writer

    out, before = built_output(tmp_path)
    pid = dead_pid()
    stage = out.parent / f".out.staging-{pid}-abc"
    (stage / "episodes").mkdir(parents=True)
    (stage / ".podpub-output").write_bytes(b"podpub\n")
    moved = episode_folders(out)[:2]
    os.rename(out / "episodes" / moved[1], out / "episodes" / f"{moved[1]} \n\u200b")
    before = snapshot(out)  # a folder name with a space, a line break, a zero-width space
    moved[1] = f"{moved[1]} \n\u200b"
    (stage / ".podpub-moving").write_text(json.dumps([f"episodes/{name}" for name in moved]))
    for name in moved:
        os.rename(out / "episodes" / name, stage / "episodes" / name)
    if moment == "swapping":  # the output renamed away, the stage not yet in its place
        old = out.parent / f".out.old-{pid}-def"
        old.mkdir()
        (old / ".podpub-output").write_bytes(b"podpub\n")
        os.rename(out, old / "tree")
    writer.remove_leftovers(out)
    assert snapshot(out) == before
    assert leftovers(out.parent) == []
