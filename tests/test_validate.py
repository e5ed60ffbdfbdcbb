"""`podpub validate` on the corpus shows: it finds the traps the corpus README lists."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import jsonschema
import pytest
from conftest import CORPUS, run
from shows import SHOW_YAML, make_corpus_show

AS_OF = "2026-11-28"

EXPECTED = {
    "head": {
        ("episodes/data-engineering-tools-modern-data-stack.md", "chapters.merged"),
        ("episodes/data-engineering-tools-modern-data-stack.md", "transcript.duplicate"),
        ("episodes/data-engineering-tools-modern-data-stack.md", "transcript.not-a-name"),
        ("episodes/machine-learning-system-design-interview.md", "chapters.no-timed-line"),
        ("episodes/datatalksclub-building-scaling-data-community.md", "chapters.too-short"),
        ("episodes/s23e09-starting-data-conference-data-makers-fest-story.md",
         "chapters.title-too-long"),
        ("episodes/ai-ml-product-design-and-experimentation.md", "chapters.disagrees"),
        ("episodes/open-source-ml-tools-strategy-and-business-models.md",
         "transcript.time-malformed"),
        ("episodes/building-data-team.md", "transcript.time-malformed"),
        ("episodes/building-data-team.md", "notes.shortened"),
        ("episodes/data-freelancing-career-strategy-market-demand-and-client-acquisition.md",
         "transcript.swapped"),
        ("episodes/crisp-dm.md", "links.todo"),
        ("episodes/crisp-dm.md", "episode.title-too-long"),
        ("episodes/data-leadership-coaching.md", "links.missing"),
        ("episodes/machine-learning-system-design-interview.md", "episode.duration-short"),
        ("_people/tanyabergerwolf.md", "people.stray-characters"),
        ("episodes/_template.md", "skipped.draft"),
        ("episodes/_theme-park-crowd-modeling-to-tesla-full-stack-data-engineering.md",
         "skipped.draft"),
    },
    "old": {
        ("episodes/s05e02-data-engineering-acronyms.md", "chapters.out-of-order"),
        ("episodes/s05e02-data-engineering-acronyms.md", "transcript.out-of-order"),
        ("episodes/s05e02-data-engineering-acronyms.md", "transcript.not-a-name"),
        ("episodes/s01e02-processes.md", "links.todo"),
        ("episodes/s01e03-building-ds-team.md", "transcript.time-malformed"),
        ("episodes/_template.md", "skipped.draft"),
    },
}


def findings(text: str) -> list[tuple[str, str | None, str, str, str]]:
    """Parse text output: (file, line, severity, message, code) per line."""
    out = []
    for line in text.splitlines():
        match = re.match(r"^(.+?):(?:(\d+):)? (error|warning|info|skipped): (.*) \[([a-z.-]+)\]$",
                         line)
        assert match, line
        out.append(match.groups())
    return out


@pytest.fixture(scope="module", params=["head", "old"])
def corpus_show(request, tmp_path_factory):
    return request.param, make_corpus_show(tmp_path_factory.mktemp(request.param), request.param)


def test_corpus_traps_are_found(corpus_show):
    snapshot, show = corpus_show
    result = run("validate", "-v", show, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr  # warnings only
    found = set()
    for path, _, severity, _, code in findings(result.stdout):
        for base in (str(show) + "/", str(CORPUS / snapshot) + "/"):
            if path.startswith(base):
                found.add((path[len(base):], code))
    missing = EXPECTED[snapshot] - found
    assert not missing
    strict = run("validate", "-v", show, "--as-of", AS_OF, "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == result.stdout


def test_json_matches_schema_and_text(corpus_show):
    _, show = corpus_show
    text = run("validate", "-v", show, "--as-of", AS_OF).stdout
    document = json.loads(run("validate", "-v", show, "--as-of", AS_OF, "--format", "json").stdout)
    schema = json.loads(files("publisher").joinpath("validate.schema.json").read_text())
    jsonschema.validate(document, schema)
    from_text = [(f, int(line) if line else None, s, m, c) for f, line, s, m, c in findings(text)]
    from_json = [(d["file"], d["line"], d["severity"], d["message"], d["code"])
                 for d in document["findings"]]
    assert from_json == from_text
    assert document["counts"]["warning"] == sum(1 for f in from_text if f[2] == "warning")


def test_findings_have_lines_where_they_can(corpus_show):
    _, show = corpus_show
    document = json.loads(run("validate", "-v", show, "--as-of", AS_OF, "-f", "json").stdout)
    located = [f for f in document["findings"] if f["code"].startswith("transcript.")]
    assert located and all(f["line"] for f in located)


def test_raw_old_corpus_fails_without_audio_and_dates(tmp_path):
    """The old snapshot as it is: no audio, no dates — errors, exit 1."""
    show = tmp_path / "raw"
    show.mkdir()
    import yaml

    config = dict(SHOW_YAML, episodes=str(CORPUS / "old" / "_podcast"),
                  people=str(CORPUS / "old" / "_people"))
    (show / "show.yaml").write_text(yaml.safe_dump(config))
    result = run("validate", "-v", show)
    assert result.exit_code == 1
    parsed = findings(result.stdout)
    codes = {(f[0].rsplit("/", 1)[1], f[4]) for f in parsed if f[2] == "error"}
    assert ("s04e05-running-from-complexity.md", "feed.no-date") in codes
    assert ("s04e05-running-from-complexity.md", "feed.no-audio") in codes
    # content checks still run on episodes that cannot be published
    assert any(f[4] == "chapters.out-of-order" for f in parsed)


def test_validate_agrees_with_build(tmp_path):
    show = make_corpus_show(tmp_path, "old")
    broken = show / "episodes" / "s04e05-running-from-complexity.md"
    broken.write_text(broken.read_text().replace("season: 4", "season: four"))
    validate = run("validate", "-v", show, "--as-of", AS_OF)
    build = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF)
    assert validate.exit_code == build.exit_code == 1
    assert f"{broken}:" in validate.stdout and "'season' must be a whole number" in validate.stdout
    assert build.stderr.splitlines()[0] in [
        line.rsplit(" [", 1)[0].replace(": error: ", ": ", 1)
        for line in validate.stdout.splitlines()
    ]


def test_unpinned_guid_and_guid_from_file_name(tmp_path):
    show = make_corpus_show(tmp_path, "old", guid_from=None, podcast_guid=None)
    result = run("validate", "-v", show, "--as-of", AS_OF)
    codes = [f[4] for f in findings(result.stdout)]
    assert "feed.unpinned-guid" in codes
    assert codes.count("feed.guid-from-filename") == 15


def test_duplicate_season_and_episode(tmp_path):
    show = make_corpus_show(tmp_path, "old")
    path = show / "episodes" / "s04e05-running-from-complexity.md"
    path.write_text(path.read_text().replace("season: 4\nepisode: 5", "season: 5\nepisode: 2"))
    result = run("validate", "-v", show, "--as-of", AS_OF)
    assert any(f[4] == "episode.duplicate-number" for f in findings(result.stdout))


def test_people_handles_and_missing_guest(tmp_path):
    show = make_corpus_show(tmp_path, "old")
    people = tmp_path / "people"
    import shutil

    shutil.copytree(CORPUS / "old" / "_people", people)
    (people / "benwilson.md").write_text(
        "---\ntitle: Ben Wilson\ngithub: https://github.com/BenWilson2\n"
        "linkedin: 'benjamin-wilson-arch '\n---\nBio.\n")
    (people / "nataliekwong.md").unlink()
    config = (show / "show.yaml").read_text().replace(str(CORPUS / "old" / "_people"),
                                                      str(people))
    (show / "show.yaml").write_text(config)
    parsed = findings(run("validate", "-v", show, "--as-of", AS_OF).stdout)
    codes = {(f[0].rsplit("/", 1)[1], f[4]) for f in parsed}
    assert ("benwilson.md", "people.url-for-handle") in codes
    assert ("benwilson.md", "people.stray-characters") in codes
    assert ("s05e02-data-engineering-acronyms.md", "people.missing") in codes


def test_every_code_is_documented_in_the_readme():
    from conftest import ROOT

    source = "\n".join(p.read_text() for p in (ROOT / "publisher").rglob("*.py"))
    families = "chapters|transcript|links|people|episode|feed|notes|skipped|file|frontmatter|" \
        "yaml|show|template|import|fetch"
    codes = set(re.findall(rf"[\"'](?:code=)?((?:{families})\.[a-z-]+)[\"']", source))
    codes -= {"chapters.json", "feed.xml", "notes.md", "notes.html", "show.yaml"} | {
        f"transcript.{ext}" for ext in ("vtt", "srt", "json", "html", "txt")}
    readme = (ROOT / "README.md").read_text()
    undocumented = sorted(c for c in codes if f"`{c}`" not in readme)
    assert not undocumented
    assert len(codes) > 50
