"""``podpub new DIR``: a show that builds a valid feed at once, every setting explained."""

from __future__ import annotations

from pathlib import Path

from publisher.build.writer import write_new_folder
from publisher.commands.result import CommandResult
from publisher.rules.categories import APPLE_CATEGORIES


def _categories() -> str:
    lines = []
    for parent, subs in APPLE_CATEGORIES.items():
        lines.append(f"#   {parent}" + (f": {', '.join(subs)}" if subs else ""))
    return "\n".join(lines)


SHOW_YAML = """\
# show.yaml: the podcast. Every key podpub reads is here, set or commented out; change the
# example values, then `podpub validate {folder}` explains anything still wrong.
title: My Podcast
description: >-
  What the show is about, for Apple, Spotify and every podcast app (at most 4000 bytes).
link: https://example.org/                      # the show's website
feed_url: https://example.org/podcast/feed.xml  # where the feed will be published
# base_url: https://example.org/podcast/        # episode pages (default: feed_url's folder)
language: en
image: https://example.org/cover.jpg            # JPEG or PNG, 1400-3000 px square, https
author: My Name
owner:                                          # Apple and podcast:locked verify with these
  name: My Name
  email: podcast@example.org
categories:                                     # Apple's categories, a subcategory as Parent/Sub:
  - Technology
{categories}
explicit: false
type: episodic                                  # or serial (episodes in order)
hosts: [host]                                   # people ids (files in people/)
episodes: episodes                              # the folders, relative to this file
people: people
# guid_from: ids.youtube   # a front-matter key that gives a stable GUID (default: the file name)
# publish_time: "09:00Z"   # when a date alone publishes (default 00:00 UTC)
# podcast_guid: ...        # pin podcast:guid for life (validate tells you the value to pin)
# locked: true             # podcast:locked (default true)
# copyright: © My Name
# funding: [{{url: https://example.org/support, text: Support the show}}]
# new_feed_url: ...        # only when the feed moves away for good
# media: {{dir: media, base_url: https://example.org/audio/}}  # audio files podpub measures
# published: https://example.org/podcast/feed.xml  # the live feed: no episode of it is dropped
chapters:
  intro_title: Introduction   # the chapter podpub adds at 0:00 when the first starts later
  min_seconds: 10             # YouTube merges shorter chapters
# warnings: {{ignore: [transcript.duplicate]}}  # findings you accept (codes or families)
# pages: {{copy_panel: true}}                  # the copy-for-platform buttons on public pages
"""

EPISODE = """\
---
title: Welcome to My Podcast
season: 1
episode: 1
pubdate: 2026-01-05
guests: []
audio:                     # or a file name under media.dir, measured by podpub
  url: https://example.org/audio/s01e01.mp3
  length: 1234567          # bytes
  type: audio/mpeg
  duration: 600            # seconds (or H:MM:SS)
image: https://example.org/s01e01.jpg
intro: "The first episode: what the show will be about."
links:
  youtube: https://www.youtube.com/watch?v=XXXXXXXXXXX
  spotify: TODO
# Chapters come from the transcript's `header:` entries (below). Instead, an explicit list:
# chapters:
#   - {start: 0, title: Welcome}
#   - {start: "3:15", title: The main topic}
# or a file of `HH:MM:SS Title` lines: chapters: s01e01-chapters.txt
# or timestamps in the notes below: `## 3:15 The main topic` headings, or a `## Chapters`
# list of `00:00 Welcome` lines (podpub reads them when there is no list and no header)
transcript:
- header: Welcome
- line: Hello and welcome to the first episode.
  sec: 0
  who: Host
- line: Today we talk about what this show will be.
  sec: 4
  who: Host
- header: The main topic
- line: Here is the main topic of the episode.
  sec: 195
  who: Host
- header: Wrapping up
- line: Thanks for listening, see you next time.
  sec: 540
  who: Host
---

The show notes: Markdown, with [links](https://example.org/), lists and quotes. Everything
here reaches every platform's notes, the page and the feed.
"""

HOST = """\
---
title: My Name
# picture: images/host.jpg
# web: https://example.org/
# linkedin: my-handle
# github: my-handle
# twitter: my-handle
---

A sentence or two about the host, shown with the notes and on the pages.
"""

GITIGNORE = """\
# podpub's cache and the built site
.podpub-cache/
public/
"""


def new_show(folder: Path) -> CommandResult:
    """Write a new show into *folder* (new or empty): show.yaml, a sample episode, the
    host's people file and a .gitignore."""
    files = {
        "show.yaml": SHOW_YAML.format(folder=folder, categories=_categories()),
        "episodes/s01e01-welcome.md": EPISODE,
        "people/host.md": HOST,
        ".gitignore": GITIGNORE,
    }
    write_new_folder(folder, {name: text.encode("utf-8") for name, text in files.items()})
    return CommandResult("", [], [f"{folder}: a new show; next: edit {folder / 'show.yaml'}, "
                                  f"then `podpub validate {folder}` and `podpub build {folder}`"])
