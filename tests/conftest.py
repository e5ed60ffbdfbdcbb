from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli

ROOT = Path(__file__).resolve().parents[1]
# The corpus and schemas ship with the tests (tests/data, see its README); PODPUB_SHARED may
# point at a larger copy laid out the same way (corpus/, feeds/, schemas/).
SHARED = Path(os.environ.get("PODPUB_SHARED") or Path(__file__).resolve().parent / "data")
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"
FEEDS = SHARED / "feeds"
EXAMPLE_SHOW = ROOT / "feeds" / "datatalksclub"
REFERENCE = CORPUS / "old" / "_podcast" / "s04e05-running-from-complexity.md"


def corpus_episodes() -> list[Path]:
    """Every real episode of both snapshots (drafts starting with '_' left out)."""
    files = sorted(CORPUS.glob("*/_podcast/*.md"))
    assert files, f"corpus not found at {CORPUS}"
    return [f for f in files if not f.name.startswith("_")]


class Result:
    def __init__(self, result) -> None:
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def assert_clean(self) -> None:
        """The command ended by itself: no exception other than a deliberate exit."""
        assert self.exception is None or isinstance(self.exception, SystemExit), (
            f"unexpected {self.exception!r}\n{self.stderr}"
        )
        assert "Traceback" not in self.stderr


def run(*args: str | Path) -> Result:
    """Run the podpub command line in-process and return what it printed."""
    result = Result(CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True))
    result.assert_clean()
    return result


@pytest.fixture
def podpub():
    return run


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/ from what podpub writes now (review the diff).")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")
