"""The ``podpub`` command line: a thin layer over the library.

Heavy libraries are imported inside the commands, so ``--help`` and ``--version`` stay
instant.  This is the one place that turns a PublisherError into a message and exit 1.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from publisher import __version__
from publisher.formats.chapter_formats import CHAPTER_FORMATS
from publisher.formats.notes import NOTES_PLATFORMS
from publisher.formats.transcript_formats import TRANSCRIPT_FORMATS


class _Log:
    """The ``podpub`` logger, set up on first use (a build with nothing to do never needs it)."""

    def __getattr__(self, name: str):
        import logging

        logger = logging.getLogger("podpub")
        if not logger.handlers:

            class StderrHandler(logging.Handler):
                """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

                def emit(self, record: logging.LogRecord) -> None:
                    click.echo(self.format(record), err=True)

            logger.addHandler(StderrHandler())
            logger.setLevel(logging.INFO)
            logger.propagate = False
        return getattr(logger, name)


log = _Log()


def reports_errors(command):
    """Print every problem of a PublisherError as ``path:line: message`` and exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from publisher.errors import PublisherError

        try:
            return command(*args, **kwargs)
        except PublisherError as exc:
            for problem in exc.problems:
                log.error("%s", problem)
            sys.exit(1)
        except KeyboardInterrupt:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing
            log.error("interrupted: nothing was written, every output is as it was")
            sys.exit(130)

    return wrapper


def _warn(problems) -> None:
    for problem in problems:
        log.warning("%s", problem)


def _out(text: str) -> None:
    """Write results as UTF-8 whatever the terminal's locale."""
    click.echo(text.encode("utf-8"), nl=False)


def _load_show(show_dir: Path | None):
    if show_dir is None:
        return None
    from publisher.source.show import load_show

    show, warnings = load_show(show_dir)
    _warn(warnings)
    return show


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="podpub")
def cli() -> None:
    """Publish a podcast: RSS feed, chapters and show notes from Markdown episodes."""


@cli.command()
@click.argument("episode")
@click.option("--format", "-f", "fmt", type=click.Choice(list(CHAPTER_FORMATS)), default="youtube",
              show_default=True, help="Output format.")
@click.option("--show", "show_dir", type=click.Path(path_type=Path),
              help="Show folder whose settings apply (default: built-in settings).")
@reports_errors
def chapters(episode: str, fmt: str, show_dir: Path | None) -> None:
    """Print an episode's chapters, derived from its transcript headers.

    \b
    Example:
        podpub chapters feeds/datatalksclub/episodes/s04e05-running-from-complexity.md
    """
    from publisher.build.episode_outputs import for_command
    from publisher.errors import PublisherError
    from publisher.rules.chapters import youtube_chapters
    from publisher.source.catalog import open_episode

    show = _load_show(show_dir)
    ep, warnings = open_episode(episode, show)
    outputs = for_command(ep, show)
    if not outputs.chapters:
        _warn(warnings + outputs.problems)
        raise PublisherError(
            "no chapters: expected transcript headers followed by lines with 'sec', "
            "or a 'chapters' list", ep.path,
        )
    text = outputs.chapters_text(fmt)
    _warn(warnings + outputs.problems)
    if fmt == "youtube" and len(youtube_chapters(outputs.chapters,
                                                 outputs.settings.min_seconds)) < 3:
        log.warning("%s: warning: YouTube shows chapters only when there are at least 3",
                    ep.path)
    _out(text)


@cli.command()
@click.argument("episode")
@click.option("--platform", "-p", type=click.Choice(list(NOTES_PLATFORMS)), default="youtube",
              show_default=True,
    help="Where the notes will be pasted.")
@click.option("--show", "show_dir", type=click.Path(path_type=Path),
              help="Show folder: its people, links and templates (default: a people or "
                   "_people folder beside or above the episode).")
@reports_errors
def notes(episode: str, platform: str, show_dir: Path | None) -> None:
    """Print show notes ready to paste into a platform.

    \b
    Example:
        podpub notes s04e05-running-from-complexity --show feeds/datatalksclub -p spotify
    """
    from publisher.build.episode_outputs import for_command
    from publisher.source.catalog import open_episode

    show = _load_show(show_dir)
    ep, warnings = open_episode(episode, show)
    outputs = for_command(ep, show)
    text = outputs.notes_text(platform)
    _warn(warnings + outputs.problems)
    _out(text)


@cli.command()
@click.argument("episode")
@click.option("--format", "-f", "fmt", type=click.Choice(list(TRANSCRIPT_FORMATS)),
              default="vtt", show_default=True, help="Output format.")
@click.option("--show", "show_dir", type=click.Path(path_type=Path),
              help="Show folder: its hosts and people give speakers their full names.")
@reports_errors
def transcript(episode: str, fmt: str, show_dir: Path | None) -> None:
    """Print an episode's transcript as captions or a readable document.

    \b
    Example:
        podpub transcript s04e05-running-from-complexity --show feeds/datatalksclub -f srt
    """
    from publisher.build.episode_outputs import for_command
    from publisher.errors import PublisherError
    from publisher.source.catalog import open_episode

    show = _load_show(show_dir)
    ep, warnings = open_episode(episode, show)
    outputs = for_command(ep, show)
    if outputs.transcript is None:
        raise PublisherError("no transcript: expected a 'transcript' list with spoken lines",
                             ep.path)
    text = outputs.transcript_text(fmt)
    _warn(warnings + outputs.problems)
    _out(text)


@cli.command()
@click.argument("show_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text for people, json for CI.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Check as if today were this day (default: today, UTC).")
@reports_errors
def validate(show_dir: Path | None, fmt: str, strict: bool, as_of) -> None:
    """Check a show (default: every feeds/*/show.yaml) and explain every problem.

    Writes nothing. Exit status 1 when there are errors (with --strict, warnings too).

    \b
    Example:
        podpub validate feeds/datatalksclub --format json
    """
    import datetime as dt

    from publisher.commands.validate import as_json, as_text, validate_show

    day = as_of.date() if as_of else dt.datetime.now(dt.timezone.utc).date()
    findings = []
    for folder in _show_dirs(show_dir):
        published = Path("public") / folder.resolve().name / "feed.xml"
        findings += validate_show(folder, day, published if published.is_file() else None)
    if fmt == "json":
        _out(as_json(findings))
    else:
        _out("".join(as_text(p) + "\n" for p in findings))
    errors = sum(p.severity == "error" for p in findings)
    warnings = sum(p.severity == "warning" for p in findings)
    log.info("%d errors, %d warnings", errors, warnings)
    if errors or (strict and warnings):
        sys.exit(1)


@cli.command()
@click.argument("audio", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("episode")
@click.option("--show", "show_dir", type=click.Path(path_type=Path),
              help="Show folder whose chapter settings apply.")
@reports_errors
def tag(audio: Path, episode: str, show_dir: Path | None) -> None:
    """Write the episode's chapters into an MP3 as ID3 chapter frames.

    Every other tag is kept; re-running replaces the chapters. For M4A/MP4 files it prints
    the FFMETADATA file and the ffmpeg command to apply it instead.

    \b
    Example:
        podpub tag episode.mp3 s04e05-running-from-complexity --show feeds/datatalksclub
    """
    from publisher.errors import PublisherError
    from publisher.formats.id3chapters import ffmpeg_instructions, mp3_length, write_chapters
    from publisher.models import ChapterSettings
    from publisher.rules.chapters import derive_chapters
    from publisher.source.catalog import open_episode

    show = _load_show(show_dir)
    ep, warnings = open_episode(episode, show)
    if not audio.is_file():
        raise PublisherError("no such audio file", audio)
    suffix = audio.suffix.lower()
    if suffix not in (".mp3", ".m4a", ".mp4", ".m4b", ".aac"):
        raise PublisherError(f"expected an .mp3, .m4a or .mp4 file, got {audio.suffix!r}", audio)
    settings = show.chapters if show else ChapterSettings()
    length = mp3_length(audio) if suffix == ".mp3" else None
    found, notes = derive_chapters(ep, settings, length)
    _warn(warnings + notes)
    if not found:
        raise PublisherError("no chapters to write", ep.path)
    if suffix != ".mp3":
        _out(ffmpeg_instructions(found, audio, ep.title))
        return
    past = [c for c in found if length is not None and c.start >= length]
    if past:
        log.warning("%s: warning: %d chapters start after the audio ends (%.1f s): left out",
                    audio, len(past), length)
    write_chapters(audio, found, ep.title, ep.path.parent)
    log.info("%s: wrote %d chapters", audio, len(found) - len(past))


@cli.command()
@click.argument("show_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="Output folder (default: public/<show folder name>).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port; 0 picks a free one.")
@click.option("--allow-removals", is_flag=True, help="As for build.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="As for build.")
@reports_errors
def serve(show_dir: Path | None, out: Path | None, host: str, port: int,
          allow_removals: bool, as_of) -> None:
    """Build a show, serve it on localhost and rebuild when one of its files changes.

    \b
    Example:
        podpub serve feeds/datatalksclub --port 8000
    """
    import datetime as dt

    from publisher.build.options import Options
    from publisher.build.pipeline import build as build_show
    from publisher.commands.preview import serve as serve_forever
    from publisher.commands.preview import watched_files
    from publisher.errors import PublisherError
    from publisher.source.show import load_show

    folder = _show_dirs(show_dir)[0]
    target = out if out is not None else Path("public") / folder.resolve().name
    day = as_of.date() if as_of else dt.datetime.now(dt.timezone.utc).date()
    options = Options(day, allow_removals)

    def rebuild() -> None:
        try:
            built = build_show(folder, target, options)
            if built is not None:
                log.info("rebuilt: %d episodes, %d warnings", len(built.plan.entries),
                         len(built.plan.report.warnings))
        except PublisherError as exc:
            for problem in exc.problems:
                log.error("%s", problem)
            log.error("the build failed: still serving the last good one")

    def snapshot() -> dict:
        try:
            return watched_files(load_show(folder)[0], target)
        except PublisherError:  # show.yaml broken or gone: wait until it is back
            try:
                return {folder / "show.yaml": (folder / "show.yaml").stat().st_mtime_ns}
            except OSError:
                return {}

    build_show(folder, target, options)
    serve_forever(target, host, port, rebuild, snapshot,
                  lambda url: log.info("serving %s at %s (Ctrl-C stops)", target, url))


def _show_dirs(show_dir: Path | None) -> list[Path]:
    from publisher.errors import PublisherError

    if show_dir is not None:
        return [show_dir]
    found = sorted(p.parent for p in Path("feeds").glob("*/show.yaml"))
    if not found:
        raise PublisherError("no shows found: expected feeds/<name>/show.yaml here, or give "
                             "a show folder", Path.cwd())
    return found


def _progress(label: str, total: int):
    """A progress line on a terminal for work that takes more than a moment; silent elsewhere."""
    if total < 20 or not sys.stderr.isatty():
        return lambda step: None
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        click.echo(f"\r{label} {done}/{total}", err=True, nl=False)
        if done >= total:
            click.echo("\r" + " " * (len(label) + 24) + "\r", err=True, nl=False)

    return step


@cli.command()
@click.argument("show_dir", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="Output folder (default: public/<show folder name>).")
@click.option("--allow-removals", is_flag=True,
              help="Publish even if episodes of the published feed are missing now.")
@click.option("--published", type=click.Path(path_type=Path, dir_okay=False),
              help="The feed as published now (default: OUT/feed.xml when it exists).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Publish episodes dated up to this day (default: today, UTC).")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes (default: the number of CPUs).")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update .podpub-cache/.")
@click.option("--force", is_flag=True,
              help="Replace OUT even if it is a non-empty folder podpub did not write.")
@click.option("-v", "--verbose", is_flag=True, help="List every warning and skipped file.")
@reports_errors
def build(show_dir: Path | None, out: Path | None, allow_removals: bool,
          published: Path | None, as_of, jobs: int | None, no_cache: bool, force: bool,
          verbose: bool) -> None:
    """Build the feed and files of a show (default: every feeds/*/show.yaml).

    \b
    Example:
        podpub build feeds/datatalksclub -o public/datatalksclub
    """
    import datetime as dt
    import time

    from publisher.build.cache import up_to_date
    from publisher.build.options import Options, show_folder
    from publisher.build.workers import default_jobs
    from publisher.errors import PublisherError

    if out is not None and show_dir is None:
        raise PublisherError("-o needs a SHOW_DIR: with several shows each goes to "
                             "public/<show folder name>")
    started = time.perf_counter()
    day = as_of.date() if as_of else dt.datetime.now(dt.timezone.utc).date()
    options = Options(day, allow_removals, published, jobs or default_jobs(), not no_cache,
                      force)
    pending = []
    for folder in _show_dirs(show_dir):
        target = out if out is not None else Path("public") / folder.resolve().name
        if up_to_date(show_folder(folder), target, options):
            click.echo(f"{folder.name}: unchanged, {time.perf_counter() - started:.2f} s -> "
                       f"{target}", err=True)
            continue
        pending.append((folder, target))
    if not pending:
        return
    from publisher.build.pipeline import prepare
    from publisher.build.writer import uninterrupted

    prepared, problems = [], []
    try:
        for folder, target in pending:
            try:
                prepared.append(prepare(folder, target, options, _progress))
            except PublisherError as exc:
                problems.extend(exc.problems)
        if problems:
            raise PublisherError(problems)
    except BaseException:  # errors and Ctrl-C alike: nothing is published
        for _, stage, _ in prepared:
            stage.abort()
        raise
    try:
        with uninterrupted():  # every show is published, or none
            for built, stage, save in prepared:
                stage.commit()
                save()
    except KeyboardInterrupt:
        log.error("interrupted after the build was published: the output is complete")
        sys.exit(130)
    for built, _, _ in prepared:
        warnings = built.plan.report.warnings
        if verbose:
            _warn(warnings + built.plan.skipped)
        hint = " (-v lists them)" if warnings and not verbose else ""
        log.info("%s: %d episodes, %d warnings%s, %d skipped, %.2f s -> %s",
                 built.plan.show.title, len(built.plan.entries), len(warnings), hint,
                 len(built.plan.skipped), time.perf_counter() - started, built.out)


def main() -> None:
    cli(prog_name="podpub")
