"""Whatever the files hold, every command answers `path:line: message` and exit 1, or works.

Property-based (hypothesis): front matter, transcripts, people files and show.yaml with wrong
types anywhere; plus a corpus of nasty files that must each fail fast and cleanly.
"""

from __future__ import annotations

import os
import time

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shows import SHOW_YAML

from publisher.cli import cli

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=True),
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=30),
    st.sampled_from(["TODO", "0:00", "1:02:03", "2024-01-01",
                                           "https://x.org/a.mp3", "#frag", "<b>&</b>"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=8), inner,
                    max_size=4)),
    max_leaves=12)

def mostly(valid):
    """A valid value 19 times in 20, anything at all the 20th."""
    return st.integers(0, 19).flatmap(lambda n: values if n == 0 else valid)


words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1,
                max_size=60).filter(str.strip)
valid_entry = st.one_of(
    st.fixed_dictionaries({"header": words}),
    st.fixed_dictionaries({"line": words}, optional={
        "sec": st.one_of(st.integers(0, 5000), st.floats(0, 5000)),
        "time": st.sampled_from(["0:01", "9:\n46", "60:08", "1:00:00"]),
        "who": st.one_of(st.sampled_from(["Ann", "Bob:", "Ann Lee"]), words)}),
)
front_matter = st.fixed_dictionaries(
    {"title": mostly(words), "pubdate": mostly(st.dates()),
     "audio": mostly(st.fixed_dictionaries(
         {"url": mostly(st.just("https://x.org/a.mp3")),
          "length": mostly(st.integers(1, 10**9)), "type": mostly(st.just("audio/mpeg"))},
         optional={"duration": mostly(st.integers(1, 9000))}))},
    optional={
        "season": mostly(st.integers(1, 30)), "episode": mostly(st.integers(1, 99)),
        "guests": mostly(st.lists(st.sampled_from(["ann", "bob", "ghost"]), max_size=3)),
        "links": mostly(st.dictionaries(st.sampled_from(["youtube", "spotify", "apple"]),
                                        st.sampled_from(["TODO", "https://x.org/v", "nope"]))),
        "transcript": mostly(st.lists(mostly(valid_entry), max_size=10)),
        "chapters": mostly(st.lists(st.fixed_dictionaries(
            {"start": mostly(st.integers(0, 4000)), "title": mostly(words)}), max_size=5)),
        "draft": mostly(st.just(False)), "explicit": mostly(st.booleans()),
        "episode_type": mostly(st.sampled_from(["full", "bonus", "trailer"])),
        "guid": mostly(words), "image": mostly(st.just("img/a.jpg")), "intro": mostly(words),
        "description": mostly(words), "ids": values, "quotableClips": values,
        "duration": values, "timestamps": values,
    },
)
person = st.fixed_dictionaries({"title": st.one_of(st.text(max_size=20), values)},
                               optional={k: values for k in ("github", "linkedin", "twitter",
                                                             "web", "picture", "bio_short")})
show_config = st.fixed_dictionaries(
    {k: st.one_of(st.just(v), values) for k, v in SHOW_YAML.items() if k != "hosts"},
    optional={"hosts": st.one_of(st.just(["ann"]), values), "chapters": values,
              "media": values, "funding": values, "publish_time": values, "locked": values,
              "unknown_key": values},
)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_show(root, front, people=None, config=None):
    (root / "episodes").mkdir(parents=True, exist_ok=True)
    (root / "people").mkdir(exist_ok=True)
    (root / "show.yaml").write_text(dump(config if config is not None else
                                         dict(SHOW_YAML, hosts=["ann"])))
    episode = root / "episodes" / "ep.md"
    episode.write_text("---\n" + dump(front) + "---\nBody [link](#x) and [y](rel/page).\n")
    (root / "people" / "ann.md").write_text("---\n" + dump(people or {"title": "Ann Lee"})
                                            + "---\nAnn is a host.\n")
    return episode


def invoke(*args) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    if result.exit_code == 1:
        assert result.stderr.strip(), "exit 1 says why"
        for line in result.stderr.splitlines():
            if line.startswith(("summary: ", "  ")) or "more finding" in line:
                continue  # the summary by code
            if ": " in line and not line.startswith(("podpub", "0 errors")):
                assert ".md" in line or "show.yaml" in line or "episodes" in line or \
                    "templates" in line or "feed.xml" in line or "/out:" in line, line
    assert "Traceback" not in result.stderr


# PODPUB_EXAMPLES=500 pytest tests/test_robustness.py searches harder
COMMON = settings(max_examples=int(os.environ.get("PODPUB_EXAMPLES", 60)), deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])


@COMMON
@given(front=front_matter)
def test_any_front_matter(tmp_path_factory, front):
    root = tmp_path_factory.mktemp("show")
    episode = write_show(root, front)
    invoke("chapters", episode)
    invoke("chapters", episode, "--show", root, "-f", "json")
    for platform in ("youtube", "apple"):
        invoke("notes", episode, "--show", root, "-p", platform)
    invoke("transcript", episode, "--show", root)
    invoke("transcript", episode, "-f", "srt")
    invoke("validate", root, "--as-of", "2026-01-01")
    invoke("build", root, "-o", root / "out", "--as-of", "2026-01-01")


@COMMON
@given(people=person, config=show_config)
def test_any_people_file_and_show_yaml(tmp_path_factory, people, config):
    root = tmp_path_factory.mktemp("show")
    front = {"title": "T", "guests": ["ann"], "pubdate": "2024-01-01",
             "audio": {"url": "https://x.org/a.mp3", "length": 10, "type": "audio/mpeg"},
             "transcript": [{"header": "A"}, {"line": "Hi", "sec": 0, "who": "Ann"}]}
    episode = write_show(root, front, people, config)
    invoke("notes", episode, "--show", root)
    invoke("transcript", episode, "--show", root)
    invoke("chapters", episode, "--show", root)
    invoke("validate", root, "--as-of", "2026-01-01")
    invoke("build", root, "-o", root / "out", "--as-of", "2026-01-01")


def alias_bomb() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\ntitle: x\ntranscript: *a11\nguests: *a11\nlinks: {a: *a11}\n"


NASTY = {
    "alias bomb": ("---\n" + alias_bomb() + "---\n").encode(),
    "ten megabyte line": ("---\ntitle: x\ntranscript:\n- line: " + "word " * 2_000_000
                          + "\n  sec: [1]\n---\n").encode(),
    "random bytes": bytes(range(256)) * 400,
    "deep nesting": ("---\ntitle: x\nlinks: " + "[" * 20000 + "]" * 20000 + "\n---\n").encode(),
    "utf-16": "---\ntitle: x\n---\n".encode("utf-16"),
    "only dashes": b"---\n---\n---\n",
    "tab indentation": b"---\ntitle: x\n\tbad: 1\n---\n",
}


@pytest.mark.parametrize("name", NASTY)
@pytest.mark.parametrize("command", ["chapters", "notes", "transcript", "validate", "build"])
def test_nasty_files_fail_fast_and_clean(tmp_path, name, command):
    root = tmp_path / "show"
    episode = write_show(root, {"title": "placeholder"})
    episode.write_bytes(NASTY[name])
    args = {"chapters": ["chapters", episode], "notes": ["notes", episode, "--show", root],
            "transcript": ["transcript", episode], "validate": ["validate", root],
            "build": ["build", root, "-o", root / "out"]}[command]
    started = time.perf_counter()
    result = CliRunner().invoke(cli, [str(a) for a in args])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1, (result.exception, result.stderr[-500:])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(episode) in result.stderr + result.stdout  # validate reports on stdout
    assert elapsed < 20, f"{elapsed:.1f} s"  # generous: the machine is shared
    assert not (root / "out").exists()


@pytest.mark.parametrize("name", ["alias bomb", "random bytes", "deep nesting"])
def test_nasty_show_yaml_and_people(tmp_path, name):
    root = tmp_path / "show"
    episode = write_show(root, {"title": "T"})
    data = NASTY[name].replace(b"---\n", b"")
    (root / "show.yaml").write_bytes(data)
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert result.exit_code == 1 and str(root / "show.yaml") in result.stdout
    (root / "show.yaml").write_text(dump(dict(SHOW_YAML, hosts=["ann"])))
    (root / "people" / "ann.md").write_bytes(NASTY[name])
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["notes", str(episode), "--show", str(root)])
    assert time.perf_counter() - started < 20
    if name == "alias bomb":  # the bomb sits in keys people files don't read: harmless
        assert result.exit_code == 0
    else:
        assert result.exit_code == 1 and str(root / "people" / "ann.md") in result.stderr


# Plausible shapes, not only random types: real values with keys missing or slightly off.
emails = st.sampled_from(["podcast@example.org", "", "not an email", "a@b"])
names = st.sampled_from(["Alexey Grigorev", "", "  ", "Zoë & Co <x>"])
urlish = st.sampled_from(["https://example.org/feed.xml", "https://example.org/a b.jpg",
                          "https://example.org/x\u200b", "http://example.org/", "example.org",
                          "https://bücher.de/cover.png", "", "TODO", "ftp://x.org/a"])
plausible_show = st.fixed_dictionaries({}, optional={
    "title": st.one_of(names, words), "description": words, "link": urlish,
    "feed_url": urlish, "base_url": urlish, "image": urlish, "language": st.sampled_from(
        ["en", "de-AT", "", "english"]), "author": names,
    "owner": st.fixed_dictionaries({}, optional={"name": names, "email": emails}),
    "categories": st.lists(st.sampled_from(["Technology", "Education/Courses", "Food",
                                            "Arts/Food", "technology", "Education/"]),
                           max_size=3),
    "explicit": st.sampled_from([True, False, "yes", "clean"]),
    "type": st.sampled_from(["episodic", "serial", "Serial"]),
    "hosts": st.lists(st.sampled_from(["ann", "ghost", ""]), max_size=2),
    "episodes": st.sampled_from(["episodes", "_podcast", "missing", "", "."]),
    "people": st.sampled_from(["people", "_people", "missing", "episodes"]),
    "guid_from": st.sampled_from(["ids.youtube", "guid", "", "a.b.c"]),
    "chapters": st.fixed_dictionaries({}, optional={
        "intro_title": words, "min_seconds": st.one_of(st.integers(-5, 100), st.floats())}),
    "publish_time": st.sampled_from(["09:00", "9:00+02:00", "25:00", "09:00 Z", "noon"]),
    "media": st.fixed_dictionaries({}, optional={"dir": st.sampled_from(["media", "", "/"]),
                                                 "base_url": urlish}),
    "locked": st.booleans(), "podcast_guid": st.sampled_from(["", "not-a-uuid",
                                                              "917393e3-1b1e-5cef-ace4-edaa54e1f810"]),
    "new_feed_url": urlish, "copyright": words,
    "funding": st.lists(st.fixed_dictionaries({}, optional={"url": urlish, "text": words}),
                        max_size=2),
})


@COMMON
@given(config=plausible_show)
def test_plausible_show_yaml(tmp_path_factory, config):
    root = tmp_path_factory.mktemp("show")
    front = {"title": "T", "guests": ["ann"], "pubdate": "2024-01-01", "image": "a b.jpg",
             "audio": {"url": "https://x.org/a.mp3", "length": 10, "type": "audio/mpeg",
                       "duration": 100},
             "transcript": [{"header": "A"}, {"line": "Hi", "sec": 0, "who": "Ann"}]}
    episode = write_show(root, front, {"title": "Ann", "web": "TODO"},
                         dict(SHOW_YAML, **config))
    invoke("validate", root, "--as-of", "2026-01-01")
    invoke("build", root, "-o", root / "out", "--as-of", "2026-01-01")
    invoke("notes", episode, "--show", root, "-p", "apple")
    invoke("chapters", episode, "--show", root, "-f", "json")
    invoke("transcript", episode, "--show", root)


def invoke_option(*args) -> int:
    """Bad options exit 2 with click's usage message; everything else as ``invoke``."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert "Usage:" in result.stderr and "Error:" in result.stderr
    elif result.exit_code == 1:
        assert result.stderr.strip(), "exit 1 says why"
    assert "Traceback" not in result.stderr
    return result.exit_code


option_text = st.one_of(st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
                        st.integers(-10**6, 10**6).map(str))
dates = st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(
    ["9999-12-31", "0001-01-01", "2024-02-30", "tomorrow", ""]), option_text)


@COMMON
@given(as_of=dates, jobs=option_text | st.integers(-2, 64).map(str),
       published=st.sampled_from(["missing.xml", "show.yaml", "episodes", "feed.xml"]),
       flags=st.lists(st.sampled_from(["--allow-removals", "--no-cache", "-v", "--force"]),
                      unique=True))
def test_any_build_options(tmp_path_factory, as_of, jobs, published, flags):
    root = tmp_path_factory.mktemp("show")
    write_show(root, {"title": "T", "pubdate": "2024-01-01", "audio": {
        "url": "https://x.org/a.mp3", "length": 10, "type": "audio/mpeg"}})
    (root / "feed.xml").write_text("<rss><channel><item><guid>x</guid></item></channel></rss>")
    invoke_option("build", root, "-o", root / "out", "--as-of", as_of, "-j", jobs,
                  "--published", root / published, *flags)
    invoke_option("validate", root, "--as-of", as_of, *(["--strict"] if flags else []))


@COMMON
@given(port=option_text, fmt=option_text | st.sampled_from(["json", "psc", "srt", "apple"]),
       command=st.sampled_from(["chapters", "notes", "transcript"]))
def test_any_episode_command_options(tmp_path_factory, port, fmt, command):
    root = tmp_path_factory.mktemp("show")
    episode = write_show(root, {"title": "T", "transcript": [
        {"header": "A"}, {"line": "Hi", "sec": 0, "who": "Ann"}]})
    option = {"chapters": "-f", "notes": "-p", "transcript": "-f"}[command]
    invoke_option(command, episode, option, fmt, "--show", root)
    invoke_option(command, "missing-slug", "--show", root)
    if not (port.isascii() and port.isdigit()) or int(port) > 65535:  # a valid one serves
        assert invoke_option("serve", root, "--port", port) == 2
