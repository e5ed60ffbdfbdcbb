"""``podpub serve``: build, serve the output on localhost, rebuild when the show changes."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path

from publisher.models import Show


def watched_files(show: Show, out: Path | None = None) -> dict[Path, tuple[int, int]]:
    """Every file a build reads, with its modification time and size (not those of the
    output folder *out*, which may sit inside the show folder)."""
    skip = out.resolve() if out is not None else None
    folders = [show.folder, show.episodes_dir, show.people_dir]
    if show.media.dir is not None:
        folders.append(show.media.dir)
    state = {}
    for folder in folders:
        folder = folder.resolve()
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue  # caches, editors' swap files
            if skip is not None and (path == skip or skip in path.parents):
                continue
            try:
                if path.is_file():
                    stat = path.stat()
                    state[path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
    return state


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the terminal is for build messages
        pass


def serve(out: Path, host: str, port: int, rebuild: Callable[[], None],
          snapshot: Callable[[], dict], announce: Callable[[str], None],
          interval: float = 0.5, stop: threading.Event | None = None) -> None:
    """Serve *out* until interrupted, calling *rebuild* whenever *snapshot* changes."""
    from publisher.errors import PublisherError

    handler = functools.partial(_Handler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise PublisherError(f"cannot listen on {host}:{port}: {reason}",
                             code="serve.address") from None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    announce(f"http://{host}:{server.server_address[1]}/")
    stop = stop or threading.Event()
    seen = snapshot()
    try:
        while not stop.wait(interval):
            now = snapshot()
            if now != seen:
                seen = now
                rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()



def serve_show(show_dir: Path | None, out: Path | None, host: str, port: int,
               options, say: Callable[[str], None],
               report: Callable[[list], None]) -> None:
    """``podpub serve``: build, serve on *host*:*port*, rebuild on every change until Ctrl-C.

    *say* prints a line of news; *report* prints problems (a rebuild that fails keeps the
    last good build online).
    """
    from publisher.build.pipeline import update
    from publisher.commands.result import default_output, show_folders
    from publisher.errors import PublisherError
    from publisher.source.show import load_show

    folder = show_folders(show_dir)[0]
    target = out if out is not None else default_output(folder)

    def rebuild() -> None:
        try:
            built = update(folder, target, options)
            if built is not None:
                say(f"rebuilt: {len(built.plan.entries)} episodes, "
                    f"{len(built.plan.report.warnings)} warnings")
        except PublisherError as exc:
            report(exc.problems)
            say("the build failed: still serving the last good one")

    def snapshot() -> dict:
        try:
            return watched_files(load_show(folder)[0], target)
        except PublisherError:  # show.yaml broken or gone: wait until it is back
            try:
                return {folder / "show.yaml": (folder / "show.yaml").stat().st_mtime_ns}
            except OSError:
                return {}

    update(folder, target, options)
    serve(target, host, port, rebuild, snapshot,
          lambda url: say(f"serving {target} at {url} (Ctrl-C stops)"))
