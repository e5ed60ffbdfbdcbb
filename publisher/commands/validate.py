"""``podpub validate``: every problem of a show, through the same code path as the build."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from publisher.build.plan import check_removals, plan_show
from publisher.build.render import render_show
from publisher.commands.result import CommandResult, default_output, show_folders, today
from publisher.errors import Problem, PublisherError, keep

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def validate_show(show_dir: Path, as_of: dt.date, published: str | Path | None = None
                  ) -> list[Problem]:
    """Check a show and return every finding, errors first, without those the show ignores;
    nothing is written.  *published* defaults to show.yaml's ``published``, else
    the feed in the show's default output."""
    try:
        plan = plan_show(show_dir, as_of, strict=False)
    except PublisherError as exc:  # no readable show.yaml or episodes folder
        return exc.problems
    if published is None:
        published = plan.show.published
    if published is None and (default_output(show_dir) / plan.show.feed_file).is_file():
        published = default_output(show_dir) / plan.show.feed_file
    report = plan.report
    if not report.errors:
        try:
            render_show(plan)
        except PublisherError as exc:
            report.extend(exc.problems)
        if published is not None:
            try:
                check_removals(plan, published)
            except PublisherError as exc:
                report.extend(exc.problems)
    return keep(_sorted(_unique(report.problems)), plan.show.ignore) + plan.skipped


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (SEVERITY_ORDER[p.severity], str(p.path or ""),
                                           p.line or 0))


def as_text(problem: Problem) -> str:
    """``path:line: severity: message [code]``."""
    where = ""
    if problem.path is not None:
        where = f"{problem.path}:{problem.line}: " if problem.line else f"{problem.path}: "
    return f"{where}{_label(problem)}: {problem.message} [{problem.code}]"


def _label(problem: Problem) -> str:
    if problem.code.startswith("skipped."):
        return "skipped"
    return problem.severity


def as_json(findings: list[Problem]) -> str:
    """One document for CI; its schema is ``validate.schema.json`` beside this module."""
    counts = {"error": 0, "warning": 0, "info": 0, "skipped": 0}
    by_code: dict[str, int] = {}
    items = []
    for problem in findings:
        severity = _label(problem)
        counts[severity] += 1
        by_code[problem.code] = by_code.get(problem.code, 0) + 1
        items.append({"severity": severity, "file": str(problem.path) if problem.path else None,
                      "line": problem.line, "code": problem.code, "message": problem.message})
    return json.dumps({"version": 1, "counts": counts, "by_code": dict(sorted(by_code.items())),
                       "findings": items}, ensure_ascii=False, indent=2) + "\n"


def validate(show_dir: Path | None, fmt: str = "text", strict: bool = False,
             as_of: dt.date | None = None, verbose: bool = False,
             ignore: tuple[str, ...] = ()) -> CommandResult:
    """``podpub validate``: the findings of every show, as text (the errors, or with
    *verbose* every finding) or as one JSON document; the summary by code on stderr; exit 1 on
    errors (with *strict*, on warnings too)."""
    from publisher.commands.findings import plural, summary

    day = as_of or today()
    findings = []
    for folder in show_folders(show_dir):
        findings += keep(validate_show(folder, day), ignore)
    if fmt == "json":
        output = as_json(findings)
    else:
        shown = findings if verbose else [p for p in findings if p.severity == "error"]
        output = "".join(as_text(p) + "\n" for p in shown)
    errors = sum(p.severity == "error" for p in findings)
    warnings = sum(p.severity == "warning" for p in findings)
    failed = errors or (strict and warnings)
    messages = summary(findings)
    if not verbose and fmt != "json" and len(shown) < len(findings):
        messages.append(f"{plural(len(findings) - len(shown), 'more finding')}: -v lists them")
    messages.append(f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")
    return CommandResult(output, [], messages, 1 if failed else 0)
