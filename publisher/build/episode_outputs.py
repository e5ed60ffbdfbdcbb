"""One episode's outputs, each made once when first asked for.

The build writes every one of them; a single-episode command (``chapters``, ``notes``,
``transcript``) prints one: the same object makes both, so the bytes are the same.
"""

from __future__ import annotations

from functools import cached_property

from publisher.errors import Problem, Report
from publisher.formats import transcript_formats
from publisher.formats.chapter_formats import CHAPTER_FORMATS, ChapterContext
from publisher.formats.notes import NOTES_PLATFORMS, build_notes, find_people_dir, platform_notes
from publisher.models import (
    Chapter,
    ChapterSettings,
    Episode,
    Line,
    Notes,
    Person,
    Publication,
    Show,
)
from publisher.rules.chapters import derive_chapters
from publisher.rules.publishing import audio_duration, episode_url
from publisher.source.people import load_people


def episode_people(episode: Episode, show: Show | None, people: dict) -> list:
    """The hosts and guests of *episode* who have a people file."""
    keys = list(show.hosts if show else []) + list(episode.guests)
    return [people[k] for k in dict.fromkeys(keys) if k in people]


class EpisodeOutputs:
    """Chapters, notes, transcripts and page of one episode of *show* (None: built-in
    settings, people found beside the episode, no page).

    *duration* is the audio's length as the build knows it; *publication* is what the feed
    says of the episode, when it can be published.  Warnings collect in ``problems``.
    """

    def __init__(self, show: Show | None, people: dict[str, Person], episode: Episode,
                 duration: float | None, publication: Publication | None = None,
                 chapters: list[Chapter] | None = None) -> None:
        self.show, self.people, self.episode = show, people, episode
        self.duration, self.publication = duration, publication
        self.report = Report()
        if chapters is None:
            chapters, warnings = derive_chapters(episode, self.settings, duration)
            self.report.extend(warnings)
        self.chapters = chapters
        self.templates = show.folder / "templates" if show else None
        self.folder = f"episodes/{episode.slug}"
        self._notes_texts: dict[str, str] = {}

    @property
    def problems(self) -> list[Problem]:
        return self.report.problems

    @property
    def settings(self) -> ChapterSettings:
        return self.show.chapters if self.show else ChapterSettings()

    @property
    def page_url(self) -> str | None:
        return episode_url(self.show, self.episode) if self.show else None

    # chapters
    def chapters_text(self, fmt: str) -> str:
        """The chapters in format *fmt* (a key of ``CHAPTER_FORMATS``)."""
        from publisher.formats.chapter_formats import render
        from publisher.rules.publishing import audio_file_name

        context = ChapterContext(
            title=self.episode.title, podcast=self.show.title if self.show else None,
            min_seconds=self.settings.min_seconds, known_end=self.duration is not None,
            audio_name=audio_file_name(self.episode, self.publication))
        return render(fmt, self.chapters, context)

    # notes
    @cached_property
    def notes(self) -> Notes:
        notes, problems = build_notes(self.episode, self.chapters, self.people, self.show,
                                      self.settings, self.page_url)
        self.report.extend(problems)
        return notes

    def notes_text(self, platform: str) -> str:
        """The notes for *platform*; notes that cannot fit fall back with a warning."""
        if platform not in self._notes_texts:
            result = platform_notes(self.notes, platform, self.episode.path, self.templates)
            self.report.extend(result.problems)
            self._notes_texts[platform] = result.text
        return self._notes_texts[platform]

    # transcripts
    @cached_property
    def transcript(self):
        """The repaired transcript, or None when the episode has no spoken lines."""
        from publisher.rules.transcripts import build_transcript

        if not any(isinstance(e, Line) for e in self.episode.transcript):
            return None
        transcript, problems = build_transcript(
            self.episode, episode_people(self.episode, self.show, self.people), self.duration)
        self.report.extend(problems)
        return transcript

    def transcript_text(self, fmt: str) -> str:
        return transcript_formats.render(fmt, self.transcript)

    # every file of the build
    def files(self) -> dict[str, bytes]:
        """Every file the build writes for this episode, by path in the output folder."""
        files: dict[str, bytes] = {}
        for platform in NOTES_PLATFORMS.values():
            files[f"{self.folder}/notes/{platform.build_file}"] = \
                self.notes_text(platform.name).encode("utf-8")
        if self.chapters:
            for fmt in CHAPTER_FORMATS.values():
                if fmt.build_file:
                    files[f"{self.folder}/{fmt.build_file}"] = \
                        self.chapters_text(fmt.name).encode("utf-8")
        if self.transcript is not None:
            for row in transcript_formats.FEED_ORDER:
                files[f"{self.folder}/{row.build_file}"] = \
                    self.transcript_text(row.name).encode("utf-8")
        return files


def for_command(episode: Episode, show: Show | None) -> EpisodeOutputs:
    """An episode's outputs for a single-episode command: what the build would write.

    An episode the build would refuse (no audio, no date) still gives what it can; why it
    cannot be published is among the warnings.
    """
    people_dir = show.people_dir if show else find_people_dir(episode.path)
    people, problems = load_people(people_dir) if people_dir else ({}, [])
    publication, report = None, Report()
    if show is not None:
        from publisher.rules.publishing import publication as check_publication

        publication = check_publication(show, episode, report)
    duration = publication.duration if publication else audio_duration(show, episode)
    outputs = EpisodeOutputs(show, people, episode, duration, publication)
    outputs.report.extend([p for p in problems if p.severity != "info"])  # skipped files
    for problem in report.problems:
        if problem.severity == "error":
            problem = Problem(f"{problem.message} (the build would not publish this episode)",
                              problem.path, problem.line, "warning", problem.code)
        outputs.report.problems.append(problem)
    return outputs
