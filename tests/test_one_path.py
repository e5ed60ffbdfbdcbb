"""A single-episode command prints, byte for byte, what the build writes for that episode."""

from __future__ import annotations

import pytest
from conftest import run
from shows import build_corpus_show, make_corpus_show

from publisher.formats.chapter_formats import CHAPTER_FORMATS
from publisher.formats.notes import NOTES_PLATFORMS
from publisher.formats.transcript_formats import TRANSCRIPT_FORMATS

AS_OF = "2026-11-28"


@pytest.fixture(scope="module", params=["head", "old"])
def built(request, tmp_path_factory):
    return build_corpus_show(tmp_path_factory.mktemp(request.param), request.param, AS_OF)


def commands(slug: str):
    """(arguments, file the build wrote) for every output a command can print."""
    for fmt in CHAPTER_FORMATS.values():
        if fmt.build_file:
            yield ("chapters", slug, "-f", fmt.name), fmt.build_file
    for platform in NOTES_PLATFORMS.values():
        yield ("notes", slug, "-p", platform.name), f"notes/{platform.build_file}"
    for fmt in TRANSCRIPT_FORMATS.values():
        yield ("transcript", slug, "-f", fmt.name), fmt.build_file


def test_commands_print_what_the_build_writes(built):
    show, out = built
    folders = sorted(p for p in (out / "episodes").iterdir() if p.is_dir())
    assert len(folders) in (29, 15)
    compared = 0
    for folder in folders:
        for args, name in commands(folder.name):
            written = folder / name
            result = run(*args, "--show", show)
            if not written.is_file():  # no chapters or no transcript: the command says so
                assert result.exit_code == 1 and result.stdout == "", (args, result.stderr)
                continue
            assert result.exit_code == 0, (args, result.stderr)
            assert result.stdout.encode("utf-8") == written.read_bytes(), (args, name)
            compared += 1
    assert compared >= len(folders) * 10
    print(f"{compared} outputs compared over {len(folders)} episodes")


def test_commands_work_on_an_episode_the_build_refuses(tmp_path):
    """No audio and no date: the build refuses it, the commands print what they can."""
    show = make_corpus_show(tmp_path, "old")
    episode = show / "episodes" / "s04e05-running-from-complexity.md"
    text = episode.read_text()
    head, rest = text.split("\n", 1)
    lines = [line for line in rest.split("\n") if not line.startswith(("pubdate:", "audio:",
                                                                        "  url:", "  length:",
                                                                        "  type:",
                                                                        "  duration:"))]
    episode.write_text(head + "\n" + "\n".join(lines))
    build = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF)
    assert build.exit_code == 1 and "feed.no-audio" not in build.stdout
    for args in (("chapters", "-f", "json"), ("notes", "-p", "apple"), ("transcript",)):
        result = run(args[0], episode.stem, *args[1:], "--show", show)
        assert result.exit_code == 0, result.stderr
        assert result.stdout
        assert "no audio" in result.stderr and "would not publish" in result.stderr
