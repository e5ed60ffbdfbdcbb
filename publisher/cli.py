"""The ``podpub`` command line: each command is its options plus one library call.

The choices of formats and platforms come from the library's tables.  Heavy libraries are
imported inside the commands, so ``--help`` and ``--version`` stay instant.  This is the one
place that turns a PublisherError into ``path:line: message`` and exit 1, Ctrl-C into 130.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click

from publisher import __version__


class TableChoice(click.Choice):
    """The names of a library table (``module:TABLE``), read when first needed: a build with
    nothing to do, or ``--version``, never imports the formats."""

    def __init__(self, where: str) -> None:
        self._where, self._names = where, None
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        if self._names is None:
            import importlib

            module, table = self._where.split(":")
            self._names = tuple(getattr(importlib.import_module(module), table))
        return self._names


CHAPTER_FORMAT_NAMES = TableChoice("publisher.formats.chapter_formats:CHAPTER_FORMATS")
PLATFORM_NAMES = TableChoice("publisher.formats.notes:NOTES_PLATFORMS")
TRANSCRIPT_FORMAT_NAMES = TableChoice("publisher.formats.transcript_formats:TRANSCRIPT_FORMATS")


def _say(line: str) -> None:
    click.echo(line, err=True)


def _report(problems) -> None:
    for problem in problems:
        _say(str(problem))


def runs(command):
    """Run a library command: print what it gives back, turn errors into exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from publisher.errors import PublisherError

        try:
            result = command(*args, **kwargs)
        except PublisherError as exc:
            _report(exc.problems)
            sys.exit(1)
        except KeyboardInterrupt as exc:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing
            _say(str(exc) or "interrupted: nothing was written, every output is as it was")
            sys.exit(130)
        if result is None:
            return
        _report(result.problems)
        for line in result.messages:
            _say(line)
        if result.output:
            click.echo(result.output.encode("utf-8"), nl=False)  # UTF-8 whatever the locale
        if result.exit_code:
            sys.exit(result.exit_code)

    return wrapper


def _day(value: dt.datetime | None) -> dt.date:
    from publisher.commands.result import today

    return value.date() if value else today()


def show_option(help_text: str):
    return click.option("--show", "show_dir", type=click.Path(path_type=Path), help=help_text)


def as_of_option(help_text: str):
    return click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help=help_text)


def show_argument():
    return click.argument("show_dir", required=False,
                          type=click.Path(path_type=Path, file_okay=False))


def ignore_option():
    return click.option("--ignore", "ignore", multiple=True, metavar="CODE",
                        help="Do not report this finding code, or family such as transcript "
                             "(repeatable; show.yaml's warnings.ignore adds more).")


def out_option():
    return click.option("-o", "--out", type=click.Path(path_type=Path),
                        help="Output folder (default: public/<show folder name>).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="podpub")
def cli() -> None:
    """Publish a podcast: RSS feed, chapters and show notes from Markdown episodes."""


@cli.command()
@click.argument("episode")
@click.option("--format", "-f", "fmt", type=CHAPTER_FORMAT_NAMES,
              default="youtube", show_default=True, help="Output format.")
@show_option("Show folder whose settings apply (default: built-in settings).")
@runs
def chapters(episode: str, fmt: str, show_dir: Path | None):
    """Print an episode's chapters: its 'chapters:' list, else its transcript headers, else
    the timestamps in its notes.

    \b
    Example:
        podpub chapters feeds/datatalksclub/episodes/s04e05-running-from-complexity.md
    """
    from publisher.commands import episode_commands

    return episode_commands.chapters(episode, fmt, show_dir)


@cli.command()
@click.argument("episode")
@click.option("--platform", "-p", type=PLATFORM_NAMES, default="youtube",
              show_default=True, help="Where the notes will be pasted.")
@show_option("Show folder: its people, links and templates (default: a people or _people "
             "folder beside or above the episode).")
@runs
def notes(episode: str, platform: str, show_dir: Path | None):
    """Print show notes ready to paste into a platform.

    \b
    Example:
        podpub notes s04e05-running-from-complexity --show feeds/datatalksclub -p spotify
    """
    from publisher.commands import episode_commands

    return episode_commands.notes(episode, platform, show_dir)


@cli.command()
@click.argument("episode")
@click.option("--format", "-f", "fmt", type=TRANSCRIPT_FORMAT_NAMES,
              default="vtt", show_default=True, help="Output format.")
@show_option("Show folder: its hosts and people give speakers their full names.")
@runs
def transcript(episode: str, fmt: str, show_dir: Path | None):
    """Print an episode's transcript as captions or a readable document.

    \b
    Example:
        podpub transcript s04e05-running-from-complexity --show feeds/datatalksclub -f srt
    """
    from publisher.commands import episode_commands

    return episode_commands.transcript(episode, fmt, show_dir)


@cli.command()
@show_argument()
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text for people, json for CI.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@as_of_option("Check as if today were this day (default: today, UTC).")
@ignore_option()
@click.option("-v", "--verbose", is_flag=True, help="List every finding, not only errors.")
@runs
def validate(show_dir: Path | None, fmt: str, strict: bool, as_of, ignore: tuple[str, ...],
             verbose: bool):
    """Check a show (default: every feeds/*/show.yaml) and explain every problem.

    Writes nothing. Exit status 1 when there are errors (with --strict, warnings too).

    \b
    Example:
        podpub validate feeds/datatalksclub --format json
    """
    from publisher.commands.validate import validate as validate_command

    return validate_command(show_dir, fmt, strict, _day(as_of), verbose, ignore)


@cli.command()
@click.argument("audio", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("episode")
@show_option("Show folder whose chapter settings apply.")
@runs
def tag(audio: Path, episode: str, show_dir: Path | None):
    """Write the episode's chapters into an MP3 as ID3 chapter frames.

    Every other tag is kept; re-running replaces the chapters. For M4A/MP4 files it prints
    the FFMETADATA file and the ffmpeg command to apply it instead.

    \b
    Example:
        podpub tag episode.mp3 s04e05-running-from-complexity --show feeds/datatalksclub
    """
    from publisher.commands import episode_commands

    return episode_commands.tag(audio, episode, show_dir)


@cli.command()
@show_argument()
@out_option()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port; 0 picks a free one.")
@click.option("--allow-removals", is_flag=True, help="As for build.")
@as_of_option("As for build.")
@runs
def serve(show_dir: Path | None, out: Path | None, host: str, port: int,
          allow_removals: bool, as_of):
    """Build a show, serve it on localhost and rebuild when one of its files changes.

    \b
    Example:
        podpub serve feeds/datatalksclub --port 8000
    """
    from publisher.build.options import Options
    from publisher.commands.preview import serve_show

    serve_show(show_dir, out, host, port, Options(_day(as_of), allow_removals, preview=True),
               _say, _report)


@cli.group("import")
def import_group():
    """Bring a show published elsewhere, or a transcript, into podpub's files."""


@import_group.command("feed")
@click.argument("feed", metavar="FEED")
@click.option("-o", "--out", "folder", required=True, type=click.Path(path_type=Path),
              help="The new show's folder (new or empty).")
@click.option("--feed-url", metavar="URL",
              help="Where the new feed will live (default: the feed's own self link).")
@click.option("--fetch", is_flag=True,
              help="Fetch chapters and transcripts the feed links, and the size of audio "
                   "whose length it does not give.")
@runs
def import_feed(feed: str, folder: Path, feed_url: str | None, fetch: bool):
    """Turn a published feed (a file or an http(s) URL) into a show: show.yaml, one episode
    file per item (GUIDs kept), people.

    \b
    Example:
        podpub import feed https://example.org/old.xml -o my-show \\
            --feed-url https://example.org/podcast/feed.xml
    """
    from publisher.commands.import_commands import import_feed as run_import

    return run_import(feed, folder, feed_url, fetch)


@import_group.command("transcript")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--into", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the lines into this episode file's front matter.")
@click.option("--replace", is_flag=True, help="Replace the episode's transcript.")
@runs
def import_transcript(file: Path, into: Path | None, replace: bool):
    """Read an SRT, WebVTT, Podcasting 2.0 JSON or whisper JSON transcript as transcript:
    entries (printed, or written into an episode with --into).

    \b
    Example:
        podpub import transcript episode.srt --into episodes/s01e01.md
    """
    from publisher.commands.import_commands import import_transcript as run_import

    return run_import(file, into, replace)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@runs
def new(folder: Path):
    """Start a show: show.yaml with every setting explained, a sample episode, the host.

    \b
    Example:
        podpub new my-podcast && podpub build my-podcast
    """
    from publisher.commands.new_show import new_show

    return new_show(folder)


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
@show_argument()
@out_option()
@click.option("--allow-removals", is_flag=True,
              help="Publish even if episodes of the published feed are missing now.")
@click.option("--published", metavar="FILE|URL",
              help="The feed as published now, a file or an http(s) URL (default: show.yaml's "
                   "'published', else the feed in OUT when it exists).")
@as_of_option("Publish episodes dated up to this day (default: today, UTC).")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes (default: the number of CPUs).")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update .podpub-cache/.")
@click.option("--force", is_flag=True,
              help="Replace OUT even if it is a non-empty folder podpub did not write.")
@ignore_option()
@click.option("-v", "--verbose", is_flag=True, help="List every warning and skipped file.")
@runs
def build(show_dir: Path | None, out: Path | None, allow_removals: bool,
          published: str | None, as_of, jobs: int | None, no_cache: bool, force: bool,
          ignore: tuple[str, ...], verbose: bool):
    """Build the feed and files of a show (default: every feeds/*/show.yaml).

    \b
    Example:
        podpub build feeds/datatalksclub -o public/datatalksclub
    """
    from publisher.build.options import Options
    from publisher.build.workers import default_jobs
    from publisher.commands.build_command import build as build_command

    options = Options(_day(as_of), allow_removals, published, jobs or default_jobs(),
                      not no_cache, force, ignore)
    return build_command(show_dir, out, options, verbose, _progress)


def main() -> None:
    cli(prog_name="podpub")
