"""One episode's outputs for the single-episode commands: its show, people and chapters."""

from __future__ import annotations

from .chapters import derive_chapters
from .errors import Problem, Report
from .models import ChapterSettings, Episode, Show
from .notes import build_notes, find_people_dir, platform_notes
from .people import load_people
from .publishing import episode_url, publication


def audio_duration(show: Show | None, episode: Episode) -> float | None:
    """The audio's length as the build would know it, or None."""
    if show is not None:
        pub = publication(show, episode, Report())
        return pub.duration if pub is not None else None
    audio = episode.front.get("audio")
    duration = audio.get("duration") if isinstance(audio, dict) else None
    if isinstance(duration, (int, float)) and not isinstance(duration, bool) and duration > 0:
        return float(duration)
    return None


def _people(episode: Episode, show: Show | None):
    people_dir = show.people_dir if show else find_people_dir(episode.path)
    if not people_dir:
        return {}, []
    people, problems = load_people(people_dir)
    return people, [p for p in problems if p.severity != "info"]  # files skipped by name


def episode_people(episode: Episode, show: Show | None, people: dict) -> list:
    """The hosts and guests of *episode* who have a people file."""
    keys = list(show.hosts if show else []) + list(episode.guests)
    return [people[k] for k in dict.fromkeys(keys) if k in people]


def transcript_for(episode: Episode, show: Show | None, fmt: str) -> tuple[str, list[Problem]]:
    """The transcript of *episode* in format *fmt*, as ``podpub transcript`` prints it."""
    from .transcript_formats import render
    from .transcripts import build_transcript

    people, problems = _people(episode, show)
    transcript, notes = build_transcript(episode, episode_people(episode, show, people),
                                         audio_duration(show, episode))
    return render(fmt, transcript), problems + notes


def notes_for(episode: Episode, show: Show | None, platform: str) -> tuple[str, list[Problem]]:
    """The notes of *episode* for *platform*, as ``podpub notes`` prints them."""
    settings = show.chapters if show else ChapterSettings()
    people, problems = _people(episode, show)
    chapters, chapter_notes = derive_chapters(episode, settings, audio_duration(show, episode))
    page = episode_url(show, episode) if show else None
    notes, note_problems = build_notes(episode, chapters, people, show, settings, page)
    templates = show.folder / "templates" if show else None
    rendered = platform_notes(notes, platform, episode.path, templates)
    return rendered.text, problems + chapter_notes + note_problems + rendered.problems
