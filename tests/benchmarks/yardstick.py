"""The yardstick: the minimal script a producer would write instead of podpub.

Parse every episode with libyaml, take the header times naively as chapters, render the body
with Markdown, and write one feed with feedgen.  Usage: yardstick.py OUT_DIR SHOW_DIR...
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import markdown
import yaml
from feedgen.feed import FeedGenerator


def main(show_dir: str, out: str) -> None:
    show = yaml.load(Path(show_dir, "show.yaml").read_text(), Loader=yaml.CSafeLoader)
    folder = Path(show_dir, show.get("episodes", "episodes"))
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title(show["title"])
    fg.link(href=show["link"])
    fg.description(show["description"])
    for path in sorted(folder.glob("*.md")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        chapters, pending = [], None
        for entry in data.get("transcript") or []:
            if "header" in entry:
                pending = entry["header"]
            elif pending and "sec" in entry:
                chapters.append((entry["sec"], pending))
                pending = None
        notes = markdown.markdown(body)
        notes += "".join(f"<p>{sec // 60}:{sec % 60:02d} {title}</p>" for sec, title in chapters)
        entry = fg.add_entry()
        entry.title(str(data.get("title")))
        entry.guid(path.stem)
        entry.description(notes)
        audio = data.get("audio") or {}
        if isinstance(audio, dict) and audio.get("url"):
            entry.enclosure(audio["url"], str(audio.get("length", 0)), "audio/mpeg")
        date = data.get("pubdate") or data.get("dateadded") or dt.date(2020, 1, 1)
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        entry.pubDate(dt.datetime.combine(date, dt.time(), dt.timezone.utc))
    fg.rss_file(out, pretty=True)


if __name__ == "__main__":
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    for show_dir in sys.argv[2:]:
        main(show_dir, str(out_dir / (Path(show_dir).name + ".xml")))
