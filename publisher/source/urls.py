"""URLs as podpub writes them: valid RFC 3986 URIs, made from what producers type.

Browsers accept ``images/hybrid search.jpg`` or ``https://example.org/café`` and fix them on
the fly; feed validators and HTML checkers do not.  Every URL podpub writes passes through
``to_uri``: a space becomes ``%20``, other characters outside ASCII are percent-encoded as
UTF-8 (RFC 3987's mapping from IRIs), a host outside ASCII becomes its IDNA form, an existing
``%xx`` is kept as it is (never encoded twice), and zero-width characters, which no one
means to put in a link, are removed.
"""

from __future__ import annotations

import re
import urllib.parse

# zero width space, non-joiner, joiner, word joiner, byte order mark; soft hyphen
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 3986: unreserved and reserved characters but the brackets, which only a host may hold
_SAFE = "-._~:/?#@!$&'()*+,;=%"


def has_zero_width(value: str) -> bool:
    return _ZERO_WIDTH.search(value) is not None


def _host(netloc: str) -> str:
    """The authority with its host in IDNA form (``bücher.de`` → ``xn--bcher-kva.de``)."""
    if netloc.isascii():
        return netloc
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = urllib.parse.quote(host, safe="")
    userinfo = urllib.parse.quote(userinfo, safe=_SAFE) if at else ""
    return f"{userinfo}{at}{host}{colon}{port}"


def to_uri(value: str) -> str:
    """*value* as a valid URI (relative references stay relative).

    >>> to_uri("https://example.org/images/hybrid search.jpg")
    'https://example.org/images/hybrid%20search.jpg'
    >>> to_uri("https://example.org/caf%C3%A9/café?q=a b#x")
    'https://example.org/caf%C3%A9/caf%C3%A9?q=a%20b#x'
    >>> to_uri("https://youtu.be/abc\u200b")
    'https://youtu.be/abc'
    >>> to_uri("https://bücher.de/50%")
    'https://xn--bcher-kva.de/50%25'
    """
    text = _ZERO_WIDTH.sub("", value).strip()
    if text.isascii() and not re.search(r"[\s\"<>\\^`{|}\[\]%]|[\x00-\x1f\x7f]", text):
        return text  # the common case: nothing to do
    text = _LONE_PERCENT.sub("%25", text)
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:)?(//[^/?#]*)?", text)
    scheme, authority = match.group(1) or "", match.group(2) or ""
    rest = text[match.end():]
    if authority:
        authority = "//" + _host(authority[2:])
    return scheme + authority + urllib.parse.quote(rest, safe=_SAFE)


def clean(value: str) -> tuple[str, str | None, str]:
    """``(uri, code, why)``: the URI, and when *value* was not one already, the warning's
    code (``url.zero-width`` or ``url.encoded``) and what was done."""
    uri = to_uri(value)
    if uri == value.strip():
        return uri, None, ""
    if has_zero_width(value):
        return uri, "url.zero-width", "has zero-width characters: removed"
    return uri, "url.encoded", f"is not a valid URL as written: published as {uri!r}"
