"""Warnings people can live with: a screenful by default, a summary by code, --ignore and
warnings.ignore, repairs by design as notices, show.yaml findings at their lines (issue 13)."""

from __future__ import annotations

import json

from conftest import EXAMPLE_SHOW, run
from shows import copy_tree

AS_OF = "2026-11-28"


def findings(show, *extra) -> list[tuple]:
    result = run("validate", show, "--as-of", AS_OF, "--format", "json", *extra)
    document = json.loads(result.stdout)
    assert sum(document["by_code"].values()) == len(document["findings"])
    return [(f["file"], f["line"], f["code"], f["message"]) for f in document["findings"]]


def test_validate_prints_a_screenful_with_a_summary_by_code():
    result = run("validate", EXAMPLE_SHOW, "--as-of", AS_OF)
    assert result.exit_code == 0
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) <= 40, len(lines)
    assert any(line.startswith("summary: 0 errors, ") for line in lines)
    assert any("transcript.duplicate (notice)" in line and "most in " in line for line in lines)
    verbose = run("validate", "-v", EXAMPLE_SHOW, "--as-of", AS_OF)
    assert len(verbose.stdout.splitlines()) > 100  # -v lists every finding


def test_repairs_by_design_are_notices_not_warnings():
    result = run("validate", "-v", EXAMPLE_SHOW, "--as-of", AS_OF)
    for line in result.stdout.splitlines():
        if line.endswith(("[transcript.duplicate]", "[chapters.merged]")):
            assert ": info: " in line, line


def test_ignore_removes_exactly_those_findings(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    everything = findings(show)
    codes = {code for _, _, code, _ in everything}
    assert {"transcript.duplicate", "chapters.merged", "chapters.no-timed-line"} <= codes
    without = findings(show, "--ignore", "transcript.duplicate")
    assert without == [f for f in everything if f[2] != "transcript.duplicate"]
    (show / "show.yaml").write_text((show / "show.yaml").read_text()
                                    + "warnings:\n  ignore: [chapters]\n")
    family = findings(show)
    assert family == [f for f in everything if not f[2].startswith("chapters.")]
    both = findings(show, "--ignore", "transcript.duplicate")
    assert both == [f for f in family if f[2] != "transcript.duplicate"]
    build = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF,
                "--ignore", "transcript")
    assert build.exit_code == 0
    assert "transcript." not in build.stderr and "chapters." not in build.stderr


def test_a_bad_category_is_reported_at_its_line_with_a_suggestion(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    lines = (show / "show.yaml").read_text().splitlines()
    index = lines.index("  - Education/Courses")
    lines[index] = "  - Food"
    (show / "show.yaml").write_text("\n".join(lines) + "\n")
    result = run("validate", show, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert (f"{show / 'show.yaml'}:{index + 1}: error: 'categories': unknown Apple category "
            "'Food' (did you mean 'Arts/Food'?) [feed.category]") in result.stdout


def test_singular_and_plural(tmp_path):
    from publisher.commands.findings import plural

    assert plural(1, "warning") == "1 warning" and plural(2, "warning") == "2 warnings"
    assert plural(0, "error") == "0 errors"


def summary_block(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("summary: "))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        block.append(line)
    return block


def test_build_and_validate_report_the_same_findings_cached_or_not(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    out = tmp_path / "out"
    validate = summary_block(run("validate", show, "--as-of", AS_OF).stderr)
    verbose = run("validate", "-v", show, "--as-of", AS_OF).stdout
    listed = sorted(line.rsplit(" [", 1)[0] for line in verbose.splitlines()
                    if ": warning: " in line or ": info: " in line)
    first = run("build", show, "-o", out, "--as-of", AS_OF, "-v")
    assert summary_block(first.stderr) == validate
    assert sorted(line for line in first.stderr.splitlines()
                  if ": warning: " in line or ": info: " in line) == listed
    episode = next((show / "episodes").glob("s04e05*.md"))
    episode.write_text(episode.read_text() + "\n")  # one changed, the rest from the cache
    cached = run("build", show, "-o", out, "--as-of", AS_OF, "-v")
    assert "unchanged" not in cached.stderr
    assert summary_block(cached.stderr) == validate
    unchanged = run("build", show, "-o", out, "--as-of", AS_OF, "-v")
    assert "unchanged" in unchanged.stderr
    assert summary_block(unchanged.stderr) == validate  # replayed from the last build
    assert sorted(line for line in unchanged.stderr.splitlines()
                  if ": warning: " in line or ": info: " in line) == listed


def test_did_you_mean_for_show_keys_and_platforms(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    (show / "show.yaml").write_text((show / "show.yaml").read_text() + "langauge: en\n")
    result = run("validate", show, "--as-of", AS_OF)
    assert "unknown key 'langauge' in show.yaml; did you mean 'language'?" in result.stdout
    episode = tmp_path / "ep.md"
    episode.write_text("---\ntitle: T\nlinks:\n  spotfy: https://open.spotify.com/x\n---\n")
    notes = run("notes", episode)
    assert f"{episode}:4: warning: link 'spotfy': did you mean 'spotify'?" in notes.stderr
