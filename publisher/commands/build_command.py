"""``podpub build``: every show named (or found) into its output folder, all or nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from publisher.build.cache import replay, up_to_date
from publisher.build.options import Options, show_folder
from publisher.commands.findings import plural, summary
from publisher.commands.result import CommandResult, default_output, show_folders
from publisher.errors import PublisherError, keep


def build(show_dir: Path | None, out: Path | None, options: Options, verbose: bool = False,
          progress: Callable | None = None) -> CommandResult:
    """Build a show into *out* (default: every ``feeds/*`` show into ``public/<name>``).

    A show whose inputs and output did not change since its last build is left alone,
    without importing anything heavy.
    """
    if out is not None and show_dir is None:
        raise PublisherError("-o needs a SHOW_DIR: with several shows each goes to "
                             "public/<show folder name>")
    started = time.perf_counter()
    result = CommandResult()
    pending = []
    for folder in show_folders(show_dir):
        target = out if out is not None else default_output(folder)
        if up_to_date(show_folder(folder), target, options):
            result.messages.append(f"{folder.name}: unchanged, "
                                   f"{time.perf_counter() - started:.2f} s -> {target}")
            found = replay(show_folder(folder), target, whole=verbose)
            _report(result, keep(found, options.ignore), verbose)
        else:
            pending.append((folder, target))
    if not pending:
        return result
    from publisher.build.pipeline import publish, reported

    for built in publish(pending, options, progress):
        plan = built.plan
        findings = keep(reported(plan), options.ignore)
        warnings = [p for p in findings if p.severity == "warning"]
        hint = " (-v lists them)" if warnings and not verbose else ""
        result.messages.append(
            f"{plan.show.title}: {plural(len(plan.entries), 'episode')}, "
            f"{plural(len(warnings), 'warning')}{hint}, {len(plan.skipped)} skipped, "
            f"{time.perf_counter() - started:.2f} s -> {built.out}")
        _report(result, findings, verbose)
    return result


def _report(result: CommandResult, findings: list, verbose: bool) -> None:
    """With -v every finding; always the summary by code."""
    if verbose:
        result.problems += findings
    if any(not p.code.startswith("skipped.") for p in findings):
        result.messages += summary(findings)
