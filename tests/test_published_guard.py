"""The feed as published guards the build, fetched over http(s) or named in show.yaml, so a
fresh CI checkout without a previous output still keeps every episode (issue 14)."""

from __future__ import annotations

from conftest import EXAMPLE_SHOW, run
from shows import copy_tree
from test_import import serving

AS_OF = "2026-11-28"


def _published(tmp_path):
    """The example show built once, its feed served as the live one."""
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    live = tmp_path / "live"
    assert run("build", show, "-o", live, "--as-of", AS_OF).exit_code == 0
    return show, live


def name_published(show, url: str) -> None:
    """``published: URL`` in the show's show.yaml."""
    config = show / "show.yaml"
    config.write_text(config.read_text() + f"published: {url}\n")


def test_a_dropped_episode_is_refused_against_the_feed_over_http(tmp_path):
    show, live = _published(tmp_path)
    episode = next((show / "episodes").glob("s04e05*.md"))
    episode.unlink()
    with serving(live) as base:
        result = run("build", show, "-o", tmp_path / "fresh", "--as-of", AS_OF,
                     "--published", f"{base}/feed.xml")
        assert result.exit_code == 1
        assert "was published in" in result.stderr and "Running from Complexity" in \
            result.stderr
        assert not (tmp_path / "fresh").exists()  # a failed build writes nothing
        allowed = run("build", show, "-o", tmp_path / "fresh", "--as-of", AS_OF,
                      "--published", f"{base}/feed.xml", "--allow-removals")
        assert allowed.exit_code == 0, allowed.stderr


def test_show_yaml_names_the_published_feed(tmp_path):
    show, live = _published(tmp_path)
    with serving(live) as base:
        name_published(show, f"{base}/feed.xml")
        assert run("build", show, "-o", tmp_path / "ci", "--as-of", AS_OF).exit_code == 0
        next((show / "episodes").glob("s04e05*.md")).unlink()
        result = run("build", show, "-o", tmp_path / "ci2", "--as-of", AS_OF)
        assert result.exit_code == 1 and "was published in" in result.stderr
        assert not (tmp_path / "ci2").exists()
        validate = run("validate", show, "--as-of", AS_OF)
        assert validate.exit_code == 1 and "feed.removed" in validate.stdout + validate.stderr


def test_an_unreachable_published_feed_stops_the_build_in_one_line(tmp_path):
    show, live = _published(tmp_path)
    with serving(live) as base:
        pass  # the server is gone: nothing answers at this port now
    result = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF,
                 "--published", f"{base}/feed.xml")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "cannot read the published feed" in result.stderr and base in result.stderr
    assert "--allow-removals" in result.stderr
    assert not (tmp_path / "out").exists()
    missing = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF,
                  "--published", f"{base}/nothing.xml")
    assert missing.exit_code == 1
    assert run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF, "--published",
               f"{base}/feed.xml", "--allow-removals").exit_code == 0


def test_a_published_feed_that_is_not_well_formed_is_still_read(tmp_path):
    show, live = _published(tmp_path)
    broken = live / "feed.xml"
    broken.write_bytes(b"\n\n" + broken.read_bytes().replace(b"</channel>", b"&nbsp;</channel>"))
    next((show / "episodes").glob("s04e05*.md")).unlink()
    result = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF, "--published", broken)
    assert result.exit_code == 1 and "was published in" in result.stderr


def test_a_renamed_episode_is_told_how_to_keep_its_guid(tmp_path):
    show, live = _published(tmp_path)
    config = show / "show.yaml"
    config.write_text(config.read_text().replace("guid_from: ids.youtube\n", ""))
    first = run("build", show, "-o", live, "--as-of", AS_OF, "--allow-removals")
    assert first.exit_code == 0, first.stderr
    old = next((show / "episodes").glob("s04e05*.md"))
    old.rename(old.with_name("running-from-complexity.md"))
    result = run("build", show, "-o", live, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert (f"if it is now running-from-complexity.md (its GUID changed with its name), keep "
            f"it with `guid: {old.stem}` in that file") in result.stderr


def test_nothing_changed_fetches_nothing(tmp_path):
    show, live = _published(tmp_path)
    with serving(live) as base:
        name_published(show, f"{base}/feed.xml")
        assert run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF).exit_code == 0
    again = run("build", show, "-o", tmp_path / "out", "--as-of", AS_OF)  # server gone
    assert again.exit_code == 0 and "unchanged" in again.stderr
