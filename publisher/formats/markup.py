"""Markdown to HTML, sanitised with nh3, and cut to a byte budget at element boundaries."""

from __future__ import annotations

import functools
import re

APPLE_TAGS = frozenset({"p", "ol", "ul", "li", "a", "b", "i", "strong", "em"})
RICH_TAGS = APPLE_TAGS | {"br", "h2", "h3", "h4", "blockquote", "code", "pre", "hr", "table",
                          "thead", "tbody", "tr", "th", "td"}


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

    # toc: headings get ids as kramdown gives them, so a body's #links find their targets
    md = markdown.Markdown(extensions=["attr_list", "sane_lists", "tables", "toc"],
                           output_format="html")
    md.preprocessors.register(KramdownLists(md), "kramdown_lists", 25)
    return md


@functools.lru_cache(maxsize=128)
def markdown_to_html(text: str) -> str:
    """Render Markdown; kramdown attribute lists such as ``{:target="_blank"}`` are understood.

    The same text renders once (a guest's or host's bio is in many episodes' notes)."""
    md = _markdown()
    md.reset()
    return md.convert(text)


@functools.lru_cache(maxsize=256)
def sanitise(html: str, tags: frozenset[str] = RICH_TAGS) -> str:
    """Keep only *tags* (and ``href`` on links, to http, https and mailto)."""
    import nh3

    return nh3.clean(
        html,
        tags=set(tags),
        attributes={tag: {"href"} if tag == "a" else {"id"}
                    for tag in tags & {"a", "h2", "h3", "h4"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_uri_attributes,
    ).strip()


def _uri_attributes(element: str, attribute: str, value: str) -> str:
    """Links in cleaned HTML are valid URLs (``urls.to_uri``)."""
    if attribute in ("href", "src"):
        from publisher.source.urls import to_uri

        return to_uri(value)
    return value
