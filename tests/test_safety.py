"""A user's files are safe: Jekyll's templates are skipped, the output folder never replaces
a show or a stranger's folder, and read-only commands write nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLE_SHOW, run
from shows import copy_tree

from publisher.formats.chapter_formats import CHAPTER_FORMATS
from publisher.formats.notes import NOTES_PLATFORMS as PLATFORMS
from publisher.formats.transcript_formats import TRANSCRIPT_FORMATS

AS_OF = "2026-11-28"
SLUG = "s04e05-running-from-complexity"
LIQUID_PEOPLE_TEMPLATE = """\
---
short: {{id}}
title: "{{full}}"
picture: "images/authors/{{id}}.jpg"
{% if github %}github: {{github}}{% endif %}
{% if twitter %}twitter: {{twitter}}{% endif %}
{% if linkedin %}linkedin: {{linkedin}}{% endif %}
{% if website %}web: {{website}}{% endif %}
---

{{bio}}
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<folder>"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def show(tmp_path):
    return copy_tree(EXAMPLE_SHOW, tmp_path / "show")


@pytest.fixture
def jekyll_show(show):
    """The example show with the real repository's Liquid templates beside the files."""
    (show / "people" / "_template.md").write_text(LIQUID_PEOPLE_TEMPLATE)
    shutil.copy(CORPUS / "head" / "_podcast" / "_template.md", show / "episodes")
    (show / "people" / ".hidden.md").write_text("not yaml: [")
    return show


def test_liquid_templates_are_skipped_everywhere(jekyll_show, tmp_path):
    show = jekyll_show
    result = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF, "-v")
    assert result.exit_code == 0, result.stderr
    for name in ("people/_template.md", "episodes/_template.md", "people/.hidden.md"):
        assert f"{show / name}: " in result.stderr and "not read as" in result.stderr, name
    assert "3 skipped" in result.stderr
    result = run("validate", "-v", show, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout
    assert f"{show / 'people' / '_template.md'}: skipped: " in result.stdout
    assert "[skipped.hidden]" in result.stdout
    for platform in PLATFORMS:
        result = run("notes", SLUG, "--show", show, "-p", platform)
        assert result.exit_code == 0 and result.stdout and "_template" not in result.stderr
    result = run("notes", show / "episodes" / f"{SLUG}.md", "-p", "markdown")  # no --show
    assert result.exit_code == 0 and "Ben Wilson" in result.stdout
    for fmt in TRANSCRIPT_FORMATS:
        result = run("transcript", SLUG, "--show", show, "-f", fmt)
        assert result.exit_code == 0 and result.stdout
    assert run("chapters", SLUG, "--show", show).exit_code == 0


@pytest.mark.parametrize("where", ["show", "episodes", "people", "templates", "parent",
                                   "episodes/site", "cache"])
def test_output_into_the_show_is_refused(show, where):
    (show / "templates").mkdir()
    (show / "templates" / "youtube.txt.j2").write_text("{{ notes.title }}\n")
    target = {"show": show, "parent": show.parent, "cache": show / ".podpub-cache"}.get(
        where, show / where)
    before = snapshot(show.parent)
    for extra in ((), ("--force",)):
        result = run("build", show, "-o", target, "--as-of", AS_OF, *extra)
        assert result.exit_code == 1, (where, extra)
        assert "refusing to write the output here" in result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(show.parent) == before, "nothing written"


def test_media_folder_outside_the_show_is_an_input(show, tmp_path):
    media = tmp_path / "assets" / "media"
    media.mkdir(parents=True)
    (media / "keep.txt").write_text("mine")
    (show / "show.yaml").write_text((show / "show.yaml").read_text()
                                    + f"media:\n  dir: {media}\n  base_url: https://m.example/\n")
    for target in (media, media.parent, media / "out"):
        result = run("build", show, "-o", target, "--as-of", AS_OF, "--force")
        assert result.exit_code == 1 and "media folder" in result.stderr
    assert (media / "keep.txt").read_text() == "mine"


def test_a_stranger_folder_is_refused_unless_forced(show, tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.odt").write_text("years of work")
    result = run("build", show, "-o", documents, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "not empty and podpub did not write it" in result.stderr and "--force" in result.stderr
    assert (documents / "thesis.odt").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documents", "show"], "no staging"
    result = run("build", show, "-o", documents, "--as-of", AS_OF, "--force")
    assert result.exit_code == 0
    assert not (documents / "thesis.odt").exists() and (documents / "feed.xml").is_file()
    assert (documents / ".podpub-output").is_file()
    result = run("build", show, "-o", documents, "--as-of", "2026-11-29")  # ours now
    assert result.exit_code == 0


def test_empty_new_and_own_folders_are_fine(show, tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("build", show, "-o", tmp_path / "empty", "--as-of", AS_OF).exit_code == 0
    assert run("build", show, "-o", tmp_path / "new" / "deep", "--as-of", AS_OF).exit_code == 0
    inside = show / "public"  # a folder of its own inside the show folder is fine
    assert run("build", show, "-o", inside, "--as-of", AS_OF).exit_code == 0


def test_output_of_an_older_podpub_is_recognised_by_its_feed(show, tmp_path):
    out = tmp_path / "out"
    assert run("build", show, "-o", out, "--as-of", AS_OF).exit_code == 0
    (out / ".podpub-output").unlink()  # as an earlier version left it: no marker
    shutil.rmtree(show / ".podpub-cache")
    assert "<generator>podpub" in (out / "feed.xml").read_text()
    assert run("build", show, "-o", out, "--as-of", AS_OF).exit_code == 0
    (out / ".podpub-output").unlink()
    (out / "feed.xml").write_text("<rss><channel><generator>Jekyll</generator></channel></rss>")
    result = run("build", show, "-o", out, "--as-of", AS_OF, "--no-cache")
    assert result.exit_code == 1 and "podpub did not write it" in result.stderr


def test_read_only_commands_write_nothing(show):
    """validate, notes, chapters and transcript leave every byte of the show as it was."""
    before = snapshot(show)
    assert not (show / ".podpub-cache").exists()
    slugs = sorted(p.name[:-3] for p in (show / "episodes").glob("*.md"))
    result = run("validate", show, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout
    for slug in slugs:
        for platform in PLATFORMS:
            assert run("notes", slug, "--show", show, "-p", platform).exit_code == 0
        for fmt in CHAPTER_FORMATS:
            assert run("chapters", slug, "--show", show, "-f", fmt).exit_code == 0
        for fmt in TRANSCRIPT_FORMATS:
            assert run("transcript", slug, "--show", show, "-f", fmt).exit_code == 0
    assert snapshot(show) == before
    assert not (show / ".podpub-cache").exists()


def test_everyday_mistakes_get_clear_errors(show, tmp_path):
    config = show / "show.yaml"
    text = config.read_text()
    assert "owner:" in text
    lines = text.splitlines()
    owner = next(i for i, line in enumerate(lines) if line.startswith("owner:"))
    kept = [line for line in lines[owner + 1:] if not line.strip().startswith("name:")]
    config.write_text("\n".join(lines[:owner + 1] + kept) + "\n")
    for command in (("build", show, "-o", tmp_path / "out"), ("validate", show)):
        result = run(*command, "--as-of", AS_OF)
        assert result.exit_code == 1
        output = result.stderr + result.stdout
        assert f"{config}:{owner + 2}: " in output and "'owner' has an email but no name" in output
        assert not (tmp_path / "out").exists()
    config.write_text(text)
    result = run("build", show, "-o", tmp_path / "out", "--as-of", "9999-12-31")
    assert result.exit_code == 0, result.stderr  # the last day there is: it simply builds
    assert run("validate", show, "--as-of", "9999-12-31").exit_code == 0
