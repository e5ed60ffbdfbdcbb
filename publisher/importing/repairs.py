"""What a hosting platform's feed says, as podpub's build needs it said.

Each function takes a value as the feed wrote it and returns podpub's value plus, when it
had to change something, why (for the import's list of repairs).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from publisher.rules.categories import APPLE_CATEGORIES, parse_category, suggest
from publisher.rules.publishing import is_picture
from publisher.timecode import parse_timecode

TRUE_WORDS = ("yes", "true", "explicit")
FALSE_WORDS = ("no", "false", "clean")
# Apple's categories before the 2019 list, and where Apple moved them
RENAMED = {
    "Arts/Literature": "Arts/Books",
    "Business/Business News": "News/Business News",
    "Business/Shopping": "Business",
    "Education/Educational Technology": "Education",
    "Education/Higher Education": "Education",
    "Education/K-12": "Education",
    "Education/Language Courses": "Education/Language Learning",
    "Education/Training": "Education/How To",
    "Games & Hobbies": "Leisure",
    "Games & Hobbies/Automotive": "Leisure/Automotive",
    "Games & Hobbies/Aviation": "Leisure/Aviation",
    "Games & Hobbies/Hobbies": "Leisure/Hobbies",
    "Games & Hobbies/Other Games": "Leisure/Games",
    "Games & Hobbies/Video Games": "Leisure/Video Games",
    "Government & Organizations": "Government",
    "Health": "Health & Fitness",
    "Health/Alternative Health": "Health & Fitness/Alternative Health",
    "Health/Fitness & Nutrition": "Health & Fitness/Nutrition",
    "Health/Self-Help": "Education/Self-Improvement",
    "Health/Sexuality": "Health & Fitness/Sexuality",
    "News & Politics": "News",
    "Religion & Spirituality/Other": "Religion & Spirituality",
    "Science & Medicine": "Science",
    "Science & Medicine/Medicine": "Health & Fitness/Medicine",
    "Science & Medicine/Natural Sciences": "Science/Natural Sciences",
    "Science & Medicine/Social Sciences": "Science/Social Sciences",
    "Society & Culture/History": "History",
    "Sports & Recreation": "Sports",
    "Sports & Recreation/Amateur": "Sports",
    "Sports & Recreation/College & High School": "Sports",
    "Sports & Recreation/Outdoor": "Sports/Wilderness",
    "Sports & Recreation/Professional": "Sports",
    "Technology/Gadgets": "Technology",
    "Technology/Podcasting": "Technology",
    "Technology/Software How-To": "Technology",
    "Technology/Tech News": "News/Tech News",
}


def flag(value: str) -> tuple[bool | None, str | None]:
    """``itunes:explicit`` (or ``podcast:locked``) as true/false; None when not given."""
    word = value.strip().lower()
    if not word:
        return None, None
    if word in TRUE_WORDS or word in FALSE_WORDS:
        result = word in TRUE_WORDS
        return result, None if word in ("true", "false") else f"{value!r} → {str(result).lower()}"
    return False, f"{value!r} is not true or false: read as false"


def whole(value: str) -> tuple[int | None, str | None]:
    """A season or episode number; None (with why) when the feed's is not one."""
    text = value.strip()
    if not text:
        return None, None
    if text.isdigit():
        return int(text), None
    return None, f"{text!r} is not a whole number: left out"


def duration(value: str) -> tuple[int | float | str | None, str | None]:
    """``itunes:duration`` as written when podpub reads it the same (seconds or H:MM:SS)."""
    text = value.strip()
    if not text:
        return None, None
    if text.isdigit():
        return int(text), None
    try:
        seconds = parse_timecode(text)
    except ValueError:
        try:
            seconds = float(text)
        except ValueError:
            return None, f"duration {text!r} is not seconds or H:MM:SS: left out"
        return seconds, None
    return (text, None) if seconds > 0 else (None, f"duration {text!r} is zero: left out")


def date(value: str) -> tuple[str | None, str | None]:
    """An RFC 822 ``pubDate`` (or an ISO 8601 one) as ISO 8601 with its offset."""
    import email.utils

    text = value.strip()
    if not text:
        return None, "no pubDate: set 'pubdate'"
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None, f"pubDate {text!r} is not a date: set 'pubdate'"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.isoformat(), None


def https(url: str, what: str) -> tuple[str, str | None]:
    """Media and artwork must be https for Apple; an http URL is tried as https."""
    if url.lower().startswith("http://"):
        return "https://" + url[7:], f"{what} {url} is http: written as https (check it works)"
    return url, None


def artwork(candidates: list[str]) -> tuple[str | None, str | None]:
    """The first JPEG or PNG among the feed's images (``itunes:image``, then ``<image>``)."""
    for url in candidates:
        if is_picture(url):
            return url, None if url == candidates[0] else (
                f"artwork {candidates[0]} is not a .jpg or .png: used {url}")
    if candidates:
        return None, (f"no JPEG or PNG artwork (the feed has {candidates[0]}): set 'image' in "
                      "show.yaml to a 1400-3000 px square .jpg or .png")
    return None, "no artwork: set 'image' in show.yaml to a 1400-3000 px square .jpg or .png"


def category(parent: str, sub: str) -> tuple[str | None, str | None]:
    """An Apple category of today's list for one the feed names (older names moved)."""
    name = f"{parent}/{sub}" if sub else parent
    try:
        parse_category(name)
        return name, None
    except ValueError:
        pass
    moved = RENAMED.get(name) or RENAMED.get(parent) or suggest(name)
    if moved is None and sub and parent in APPLE_CATEGORIES:
        moved = parent
    if moved is None:
        return None, f"category {name!r} is not one of Apple's: left out"
    return moved, f"category {name!r} is now {moved!r} in Apple's list"


def slug(title: str, taken: set[str]) -> str:
    """A file name for *title*: lower-case ASCII words joined by ``-``, made unique."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].rstrip("-")
    base = base or "episode"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    taken.add(name)
    return name


def plain_text(html: str) -> str:
    """The text of a bit of HTML (a channel description), paragraphs kept apart."""
    if "<" not in html:
        return " ".join(html.split())
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 (lxml raises several kinds on broken markup)
        return " ".join(html.split())
    for block in root.iter("p", "br", "div", "li", "hr"):
        block.tail = "\n\n" + (block.tail or "")
    paragraphs = [" ".join(part.split()) for part in root.text_content().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)
