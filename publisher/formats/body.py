"""The episode's Markdown body in the notes: its blocks, shaped for every platform.

The body is rendered once (Python-Markdown, cleaned by nh3, links resolved and encoded) and
split into its top-level blocks.  Each block carries the forms the platforms take: rich HTML
(the page, ``notes.html``, the feed's ``content:encoded``), simple HTML (Spotify and Apple keep
only a few tags: headings, quotes and tables become paragraphs), the same with links as bare
URLs (a shortening step), and plain text (YouTube).
"""

from __future__ import annotations

import html as htmllib
import re
import urllib.parse

from publisher.models import BodyBlock, Link
from publisher.source.urls import to_uri

_ATTRIBUTE_LIST = re.compile(r"\{:[^}\n]*\}")
_MD_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _links(element) -> tuple[Link, ...]:
    out = []
    for anchor in element.iter("a"):
        href = anchor.get("href")
        if href:
            out.append(Link(_text(anchor) or href, href))
    return tuple(out)


def _inline_text(element) -> str:
    """Plain text of an element, each link as ``text (url)``."""
    from lxml import etree

    copy = etree.fromstring(etree.tostring(element))
    for anchor in list(copy.iter("a")):
        href, label = anchor.get("href") or "", " ".join("".join(anchor.itertext()).split())
        anchor.text = label if not href or href == label else (
            f"{label} ({href})" if label else href)
        for child in list(anchor):
            anchor.remove(child)
    return " ".join("".join(copy.itertext()).split())


def _plain(element) -> str:
    """A block as plain text: list items as ``- ``, quotes as ``> ``, table rows ``a | b``."""
    tag = element.tag
    if tag in ("ul", "ol"):
        items = element.findall("li")
        marks = [f"{n}." for n in range(1, len(items) + 1)] if tag == "ol" else ["-"] * len(items)
        return "\n".join(f"{mark} {_inline_text(item)}" for mark, item in zip(marks, items))
    if tag == "blockquote":
        parts = [child for child in element if isinstance(child.tag, str)] or [element]
        return "\n".join(f"> {_inline_text(part)}" for part in parts)
    if tag == "table":
        return "\n".join(" | ".join(_inline_text(cell) for cell in row)
                         for row in element.iter("tr"))
    if tag == "hr":
        return "—"
    return _inline_text(element)


def _without_fragment_links(element):
    """A copy of *element* whose links to ``#fragments`` (of a page the notes are not on)
    are plain text."""
    from lxml import etree
    from lxml import html as lxml_html

    copy = lxml_html.fragment_fromstring(etree.tostring(element, encoding="unicode",
                                                         with_tail=False))
    for anchor in [a for a in copy.iter("a") if (a.get("href") or "").startswith("#")]:
        anchor.drop_tag()
    return copy


def _simple(element) -> str:
    """A block in the few tags Spotify and Apple keep (p, lists, links, emphasis)."""
    from lxml import etree

    tag = element.tag
    raw = etree.tostring(element, encoding="unicode", with_tail=False)
    if tag in ("p", "ul", "ol"):
        return raw
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        inner = raw[raw.index(">") + 1: raw.rindex("<")]
        return f"<p><strong>{inner}</strong></p>"
    if tag == "blockquote":
        parts = [child for child in element if isinstance(child.tag, str)]
        if not parts:
            return f"<p>{htmllib.escape(_text(element))}</p>"
        return "".join(_simple(part) for part in parts)
    if tag == "table":
        return "".join(f"<p>{htmllib.escape(' | '.join(_text(cell) for cell in row))}</p>"
                       for row in element.iter("tr"))
    if tag == "hr":
        return ""
    return f"<p>{htmllib.escape(_text(element))}</p>"


def bare_anchors(fragment: str) -> str:
    """*fragment* with each ``<a href>`` as ``text (url)`` (or the URL alone)."""
    from lxml import html as lxml_html

    if "<a " not in fragment:
        return fragment
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for anchor in list(root.iter("a")):
        href, label = anchor.get("href") or "", _text(anchor)
        for child in list(anchor):
            anchor.remove(child)
        anchor.text = href if not label or label == href else f"{label} ({href})"
        anchor.drop_tag()
    out = lxml_html.tostring(root, encoding="unicode")
    return out[len("<div>"):-len("</div>")]


def resolve_links(body_html: str, base: str | None, page: str | None) -> str:
    """The body's links made absolute: relative ones against *base* (the show's link),
    ``#fragments`` against the episode's *page* (notes are read away from it)."""
    from lxml import html as lxml_html

    if "href" not in body_html:
        return body_html
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for anchor in list(root.iter("a")):
        href = (anchor.get("href") or "").strip()
        if href.startswith("#") and href[1:] not in ids:
            anchor.drop_tag()  # a link to nowhere (validate says so: links.missing-anchor)
        elif href.startswith("#"):
            if page:
                anchor.set("href", to_uri(page + href))
        elif href and base and not urllib.parse.urlsplit(href).scheme:
            anchor.set("href", to_uri(urllib.parse.urljoin(base, href)))
    out = lxml_html.tostring(root, encoding="unicode")
    return out[len("<div>"):-len("</div>")]


def body_blocks(body_html: str, skip: str | None = None) -> tuple[BodyBlock, ...]:
    """The body's top-level blocks in every form (the paragraph whose text is *skip*, the
    summary, left out)."""
    from lxml import etree
    from lxml import html as lxml_html

    if not body_html.strip():
        return ()
    blocks = []
    skipped = skip is None
    for element in lxml_html.fragments_fromstring(body_html):
        if isinstance(element, str):
            if not element.strip():
                continue
            element = lxml_html.fromstring(f"<p>{htmllib.escape(element.strip())}</p>")
        if not skipped and element.tag == "p" and _text(element) == skip:
            skipped = True
            continue
        rich = etree.tostring(element, encoding="unicode", with_tail=False)
        outside = _without_fragment_links(element)  # read away from the page: no #links
        simple = _simple(outside)
        blocks.append(BodyBlock(element.tag, rich, simple, bare_anchors(simple),
                                _plain(outside), _links(element)))
    return tuple(blocks)


def body_markdown(body: str, base: str | None) -> str:
    """The Markdown body as the producer wrote it, for ``notes.md``: kramdown attribute lists
    removed, relative links resolved against *base*, URLs made valid."""
    text = _ATTRIBUTE_LIST.sub("", body)

    def resolve(match: re.Match) -> str:
        target = match.group(2)
        if base and not target.startswith("#") and not urllib.parse.urlsplit(target).scheme:
            target = urllib.parse.urljoin(base, target)
        return match.group(1) + to_uri(target)

    return _MD_LINK.sub(resolve, text).strip()
