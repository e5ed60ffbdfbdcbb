"""The single-episode commands: ``chapters``, ``notes``, ``transcript`` and ``tag``.

Each prints what the build writes for the episode (``build.episode_outputs``), so the two
cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from publisher.build.episode_outputs import EpisodeOutputs, for_command
from publisher.commands.result import CommandResult
from publisher.errors import Problem, PublisherError
from publisher.source.catalog import open_episode
from publisher.source.show import load_show

MIN_YOUTUBE_CHAPTERS = 3


def _open(episode: str, show_dir: Path | None) -> tuple[EpisodeOutputs, list[Problem]]:
    show, warnings = load_show(show_dir) if show_dir is not None else (None, [])
    loaded, episode_warnings = open_episode(episode, show)
    return for_command(loaded, show), warnings + episode_warnings


def chapters(episode: str, fmt: str, show_dir: Path | None = None) -> CommandResult:
    """The episode's chapters in format *fmt*."""
    from publisher.rules.chapters import youtube_chapters

    outputs, warnings = _open(episode, show_dir)
    path = outputs.episode.path
    if not outputs.chapters:
        raise PublisherError(warnings + outputs.problems + [Problem(
            "no chapters: expected transcript headers followed by lines with 'sec', "
            "or a 'chapters' list", path)])
    text = outputs.chapters_text(fmt)
    problems = warnings + outputs.problems
    if fmt == "youtube" and len(youtube_chapters(outputs.chapters, outputs.settings.min_seconds)
                                ) < MIN_YOUTUBE_CHAPTERS:
        problems.append(Problem("YouTube shows chapters only when there are at least 3", path,
                                None, "warning", "chapters.too-few"))
    return CommandResult(text, problems)


def notes(episode: str, platform: str, show_dir: Path | None = None) -> CommandResult:
    """The episode's show notes for *platform*."""
    outputs, warnings = _open(episode, show_dir)
    text = outputs.notes_text(platform)
    return CommandResult(text, warnings + outputs.problems)


def transcript(episode: str, fmt: str, show_dir: Path | None = None) -> CommandResult:
    """The episode's transcript in format *fmt*."""
    outputs, warnings = _open(episode, show_dir)
    if outputs.transcript is None:
        raise PublisherError("no transcript: expected a 'transcript' list with spoken lines",
                             outputs.episode.path)
    text = outputs.transcript_text(fmt)
    return CommandResult(text, warnings + outputs.problems)


AUDIO_SUFFIXES = (".mp3", ".m4a", ".mp4", ".m4b", ".aac")


def tag(audio: Path, episode: str, show_dir: Path | None = None) -> CommandResult:
    """Write the episode's chapters into an MP3 (or, for MP4 audio, print how to)."""
    from publisher.formats.id3chapters import ffmpeg_instructions, mp3_length, write_chapters
    from publisher.models import ChapterSettings
    from publisher.rules.chapters import derive_chapters

    show, warnings = load_show(show_dir) if show_dir is not None else (None, [])
    ep, episode_warnings = open_episode(episode, show)
    if not audio.is_file():
        raise PublisherError("no such audio file", audio)
    suffix = audio.suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        raise PublisherError(f"expected an .mp3, .m4a or .mp4 file, got {audio.suffix!r}", audio)
    settings = show.chapters if show else ChapterSettings()
    length = mp3_length(audio) if suffix == ".mp3" else None
    found, chapter_warnings = derive_chapters(ep, settings, length)
    problems = warnings + episode_warnings + chapter_warnings
    if not found:
        raise PublisherError(problems + [Problem("no chapters to write", ep.path)])
    if suffix != ".mp3":
        return CommandResult(ffmpeg_instructions(found, audio, ep.title), problems)
    past = [c for c in found if length is not None and c.start >= length]
    if past:
        problems.append(Problem(f"{len(past)} chapters start after the audio ends "
                                f"({length:.1f} s): left out", audio, None, "warning",
                                "chapters.past-end"))
    write_chapters(audio, found, ep.title, ep.path.parent)
    return CommandResult("", problems, [f"{audio}: wrote {len(found) - len(past)} chapters"])
