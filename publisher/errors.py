"""Problems found in a producer's files, reported as ``path:line: message``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


class Problem:
    """One finding about an input file: an error, a warning, or a skipped file ("info").

    *line* may be a function that finds the line: looking lines up means parsing the YAML
    a second time, which only messages that are printed should pay for.
    """

    __slots__ = ("message", "path", "_line", "severity", "code", "_identity")

    def __init__(self, message: str, path: Path | str | None = None,
                 line: int | Callable[[], int | None] | None = None,
                 severity: str = "error", code: str = "error") -> None:
        self.message, self.path, self._line = message, path, line
        self.severity, self.code = severity, code
        self._identity: tuple | None = None

    @property
    def line(self) -> int | None:
        if callable(self._line):
            self._line = self._line()
        return self._line

    def _key(self) -> tuple:
        """What makes two problems the same, without looking a lazy line up (that would read
        and parse the file again): a line finder counts by what it would look up."""
        if self._identity is None:  # problems are compared and hashed by the thousand
            identity = getattr(self._line, "identity", None)
            line = identity() if identity is not None else self.line
            self._identity = (self.message, str(self.path), line, self.severity, self.code)
        return self._identity

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.message!r}, {self.path!r}, {self.line!r}, {self.severity!r}, " \
               f"{self.code!r})"

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        prefix = {"warning": "warning: ", "info": "info: "}.get(self.severity, "")
        if self.code.startswith("skipped."):
            prefix = ""
        return f"{where}{prefix}{self.message}"


class PublisherError(Exception):
    """One or more errors that stop a command; the CLI prints each and exits 1."""

    def __init__(self, problems: list[Problem] | Problem | str, path=None, line=None,
                 code: str = "error"):
        if isinstance(problems, str):
            problems = [Problem(problems, path, line, "error", code)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # keep the problems when it crosses from a worker process
        return PublisherError, (self.problems,)


class Report:
    """Collects problems while loading; errors are raised together at the end."""

    def __init__(self, default_code: str = "error") -> None:
        self.problems: list[Problem] = []
        self.default_code = default_code

    def error(self, message: str, path=None, line=None, code: str | None = None) -> None:
        code = code or self.default_code
        self.problems.append(Problem(message, path, line, "error", code))

    def info(self, message: str, path=None, line=None, code: str = "skipped") -> None:
        self.problems.append(Problem(message, path, line, "info", code))

    def warn(self, message: str, path=None, line=None, code: str = "warning") -> None:
        self.problems.append(Problem(message, path, line, "warning", code))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_errors(self) -> None:
        if self.errors:
            raise PublisherError(self.errors)


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl-C came while the output was being swapped in: it was finished first."""

    def __str__(self) -> str:
        return "interrupted after the build was published: the output is complete"


def ignored(code: str, patterns: tuple[str, ...]) -> bool:
    """*code* is one of *patterns*, or in one of their families (``transcript``)."""
    return any(code == p or code.startswith(p.rstrip(".") + ".") for p in patterns)


def keep(problems: list[Problem], patterns: tuple[str, ...]) -> list[Problem]:
    """*problems* without the ignored ones (errors are never ignored)."""
    if not patterns:
        return list(problems)
    return [p for p in problems if p.severity == "error" or not ignored(p.code, patterns)]
