"""Reading a file that may live on the web: a path, or an ``http(s)`` URL fetched with a
timeout (redirects followed).  Every failure is one clear line naming the address."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.errors import PublisherError

TIMEOUT = 15.0  # seconds, per request
MAX_BYTES = 64 * 1024 * 1024
USER_AGENT = "podpub (+https://github.com/podpub/podpub)"


def is_url(value: str | Path) -> bool:
    return isinstance(value, str) and re.match(r"^https?://", value, re.IGNORECASE) is not None


def _request(url: str, method: str = "GET"):
    import urllib.request

    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    return urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310 (http(s) only)


def _why(exc: BaseException) -> str:
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        return f"the server answered {exc.code} {exc.reason}"
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"no answer within {TIMEOUT:g} s"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"cannot connect: {text}"


def fetch(url: str, what: str = "file") -> bytes:
    """The bytes at *url*, or a PublisherError saying why they could not be had."""
    if not is_url(url):
        raise PublisherError(f"cannot fetch the {what}: expected an http(s) URL, got {url!r}",
                             code="fetch.failed")
    try:
        with _request(url) as response:
            data = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise PublisherError(f"cannot fetch the {what} {url}: {_why(exc)}",
                             code="fetch.failed") from None
    if len(data) > MAX_BYTES:
        raise PublisherError(f"cannot fetch the {what} {url}: larger than "
                             f"{MAX_BYTES // 2**20} MiB", code="fetch.failed")
    return data


def content_length(url: str) -> int | None:
    """The size a HEAD request reports for *url*, or None when it does not say."""
    try:
        with _request(url, "HEAD") as response:
            value = response.headers.get("Content-Length")
    except (OSError, ValueError):
        return None
    return int(value) if value and value.strip().isdigit() and int(value) > 0 else None


def read_source(source: str | Path, what: str = "file") -> bytes:
    """The bytes of a local file or of an ``http(s)`` URL."""
    if is_url(str(source)):
        return fetch(str(source), what)
    path = Path(source)
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise PublisherError(f"cannot read the {what}: expected a file, found a folder", path,
                             code="fetch.failed") from None
    except OSError as exc:
        raise PublisherError(f"cannot read the {what}: {exc.strerror or exc}", path,
                             code="fetch.failed") from None
