"""What a command reports: findings filtered by ``--ignore`` and ``warnings.ignore``, and the
summary by code that closes ``build`` and ``validate``."""

from __future__ import annotations

from collections import Counter, defaultdict

from publisher.errors import Problem

SEVERITIES = ("error", "warning", "info")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(problems: list[Problem]) -> list[str]:
    """A line of counts, then one line per code: how many, and the file with most of them."""
    found = [p for p in problems if p.severity in SEVERITIES and not p.code.startswith("skipped.")]
    counts = Counter(p.severity for p in found)
    head = ", ".join(plural(counts[s], "notice" if s == "info" else s) for s in SEVERITIES)
    lines = [f"summary: {head}"]
    by_code: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for problem in found:
        by_code[(problem.severity, problem.code)][str(problem.path)] += 1
    order = sorted(by_code, key=lambda k: (SEVERITIES.index(k[0]), -sum(by_code[k].values()),
                                          k[1]))
    for severity, code in order:
        files = by_code[(severity, code)]
        worst, most = max(files.items(), key=lambda item: (item[1], item[0]))
        label = "notice" if severity == "info" else severity
        lines.append(f"  {sum(files.values()):5d} {code} ({label}) — most in {worst} ({most})")
    return lines
