"""``podpub import feed`` and ``podpub import transcript``: the way in for a producer who
already publishes elsewhere."""

from __future__ import annotations

from pathlib import Path

from publisher.build.writer import refuse_unless_empty, write_file, write_new_folder
from publisher.commands.result import CommandResult
from publisher.errors import PublisherError
from publisher.source.remote import is_url


def import_feed(source: str, folder: Path, feed_url: str | None, fetch: bool) -> CommandResult:
    """Write the show published as *source* (a file or an http(s) URL) into *folder*."""
    from publisher.importing.feed_import import import_feed as convert
    from publisher.source.foreign_feed import read_feed_file

    refuse_unless_empty(folder)  # before the feed is fetched
    where = source if is_url(source) else str(Path(source).resolve())
    feed = read_feed_file(source)
    imported = convert(feed, where, feed_url, fetch)
    write_new_folder(folder, {name: text.encode("utf-8")
                              for name, text in sorted(imported.files.items())})
    new_url = feed_url or feed.self_url
    old = feed.self_url or (source if is_url(source) else "the old feed's address")
    messages = [*imported.repair_lines(),
                f"{folder}: {imported.episodes} episodes and {imported.people} people imported "
                f"from {source}",
                "next steps:",
                f"  1. podpub build {folder} (checked against the feed as published: no "
                "episode of it can be dropped)",
                f"  2. publish the feed at {new_url}",
                f"  3. at the old host, redirect {old} to {new_url} with a 301, or set "
                f"<itunes:new-feed-url>{new_url}</itunes:new-feed-url> in the old feed; "
                "subscribers follow it",
                "  4. the audio stays where it is hosted (the enclosure URLs are unchanged) "
                "until you move it"]
    return CommandResult("", imported.problems, messages)


def import_transcript(source: Path, into: Path | None, replace: bool) -> CommandResult:
    """Print *source*'s lines as ``transcript:`` entries, or write them into episode *into*."""
    from publisher.importing.transcript_import import (
        entries_from_cues,
        transcript_yaml,
        with_transcript,
    )
    from publisher.source.transcript_files import read_cues_file

    cues = read_cues_file(source)
    if not cues:
        raise PublisherError("no lines with text in this transcript", source,
                             code="import.transcript-invalid")
    entries = entries_from_cues(cues)
    speakers = sorted({entry["who"] for entry in entries if "who" in entry})
    said = (f"{len(entries)} lines" + (f", speakers: {', '.join(speakers)}" if speakers else
                                       ", no speakers named"))
    if into is None:
        return CommandResult(transcript_yaml(entries), [], [f"{source}: {said}"])
    data = with_transcript(into, entries, replace)
    try:
        write_file(into, data)
    except OSError as exc:
        raise PublisherError(f"cannot write the episode: {exc.strerror or exc}", into,
                             code="file.unwritable") from None
    return CommandResult("", [], [f"{into}: transcript written, {said}",
                                  "next: add '- header: Title' entries where sections begin; "
                                  "they become the chapters"])
