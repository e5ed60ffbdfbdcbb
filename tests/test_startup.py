"""`podpub --help` and `--version` stay instant: none of the heavy libraries are imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = {"yaml", "feedgen", "lxml", "jinja2", "markdown", "nh3", "mutagen"}


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["build", "--help"]])
def test_no_heavy_imports(args):
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "publisher", *args],
                            capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert not HEAVY & imported, HEAVY & imported
    assert "podpub" in result.stdout


def test_unchanged_build_imports_nothing_heavy(tmp_path):
    from conftest import EXAMPLE_SHOW
    from shows import copy_tree

    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    command = [sys.executable, "-X", "importtime", "-m", "publisher", "build", str(show), "-o",
               str(tmp_path / "out"), "--as-of", "2026-11-28"]
    subprocess.run(command, capture_output=True, check=True)
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "unchanged" in result.stderr
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert not HEAVY & imported, HEAVY & imported


def test_cli_choices_come_from_the_library_tables():
    from publisher.cli import cli
    from publisher.formats.chapter_formats import CHAPTER_FORMATS
    from publisher.formats.notes import NOTES_PLATFORMS
    from publisher.formats.transcript_formats import TRANSCRIPT_FORMATS

    def choices(command: str, option: str) -> list[str]:
        params = {p.name: p for p in cli.commands[command].params}
        return list(params[option].type.choices)

    assert choices("chapters", "fmt") == list(CHAPTER_FORMATS)
    assert choices("notes", "platform") == list(NOTES_PLATFORMS)
    assert choices("transcript", "fmt") == list(TRANSCRIPT_FORMATS)


def test_progress_is_quiet_off_a_terminal(capsys):
    from publisher.cli import _progress

    step = _progress("building", 100)
    for _ in range(100):
        step(1)
    assert capsys.readouterr().err == ""
