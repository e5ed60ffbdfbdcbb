"""Markdown to HTML, sanitised with nh3, and cut to a byte budget at element boundaries."""

from __future__ import annotations

import functools
import re

APPLE_TAGS = frozenset({"p", "ol", "ul", "li", "a", "b", "i", "strong", "em"})
RICH_TAGS = APPLE_TAGS | {"br", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}


_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+\S")


def _lists_after_paragraphs(lines: list[str]) -> list[str]:
    """Let a list follow a paragraph line directly, as kramdown (Jekyll) does."""
    out: list[str] = []
    for line in lines:
        if _LIST_ITEM.match(line) and out and out[-1].strip() and not _LIST_ITEM.match(out[-1]) \
                and not out[-1].startswith((" ", "\t")):
            out.append("")
        out.append(line)
    return out


@functools.lru_cache(maxsize=1)
def _markdown():
    import markdown
    from markdown.preprocessors import Preprocessor

    class KramdownLists(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            return _lists_after_paragraphs(lines)

    md = markdown.Markdown(extensions=["attr_list", "sane_lists"], output_format="html")
    md.preprocessors.register(KramdownLists(md), "kramdown_lists", 25)
    return md


def markdown_to_html(text: str) -> str:
    """Render Markdown; kramdown attribute lists such as ``{:target="_blank"}`` are understood."""
    md = _markdown()
    md.reset()
    return md.convert(text)


def sanitise(html: str, tags: frozenset[str] = RICH_TAGS) -> str:
    """Keep only *tags* (and ``href`` on links, to http, https and mailto)."""
    import nh3

    return nh3.clean(
        html,
        tags=set(tags),
        attributes={"a": {"href"}} if "a" in tags else {},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    ).strip()


def blocks(html: str) -> list[str]:
    """Split sanitised HTML into its top-level elements, serialised."""
    from lxml import html as lxml_html

    if not html.strip():
        return []
    fragments = lxml_html.fragments_fromstring(html)
    out = []
    for fragment in fragments:
        if isinstance(fragment, str):
            if fragment.strip():
                out.append(f"<p>{_escape(fragment.strip())}</p>")
            continue
        out.append(lxml_html.tostring(fragment, encoding="unicode", with_tail=False))
        if fragment.tail and fragment.tail.strip():
            out.append(f"<p>{_escape(fragment.tail.strip())}</p>")
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit_blocks(parts: list[str], limit: int) -> tuple[str, bool]:
    """Join whole top-level elements while they fit in *limit* UTF-8 bytes.

    Returns the HTML and whether anything was left out.  A list too long to fit whole
    keeps as many of its first items as fit.
    """
    out: list[str] = []
    used = 0
    for part in parts:
        size = len(part.encode("utf-8"))
        if used + size <= limit:
            out.append(part)
            used += size
            continue
        partial = _fit_list(part, limit - used)
        if partial:
            out.append(partial)
        return "".join(out), True
    return "".join(out), False


def _fit_list(part: str, budget: int) -> str | None:
    from lxml import html as lxml_html

    element = lxml_html.fragment_fromstring(part)
    if element.tag not in ("ul", "ol"):
        return None
    items = list(element)
    for item in items:
        element.remove(item)
    shell = len(lxml_html.tostring(element, encoding="unicode").encode("utf-8"))
    kept = 0
    for item in items:
        size = len(lxml_html.tostring(item, encoding="unicode", with_tail=False).encode("utf-8"))
        if shell + size > budget:
            break
        element.append(item)
        item.tail = None
        shell += size
        kept += 1
    return lxml_html.tostring(element, encoding="unicode") if kept else None
