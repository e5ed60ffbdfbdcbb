"""`podpub serve`: serves the built show and rebuilds when an episode changes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request

from conftest import EXAMPLE_SHOW
from shows import copy_tree


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def start_serve(show, out) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", str(show), "-o", str(out), "--port", "0",
         "--as-of", "2026-11-28"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"))


def test_serve_rebuilds_on_change(tmp_path):
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    process = start_serve(show, tmp_path / "out")
    try:
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            url = match.group(1) if match else None
        assert url, "serve did not announce its address"
        page = url + "episodes/s04e05-running-from-complexity/index.html"
        assert "<h1>Running from Complexity</h1>" in fetch(page)
        assert 'data-copy="spotify"' in fetch(page)  # serve is the producer's: copy panel
        assert "DataTalks.Club" in fetch(url + "index.html")
        episode = show / "episodes" / "s04e05-running-from-complexity.md"
        episode.write_text(episode.read_text().replace('title: "Running from Complexity"',
                                                       'title: "Running from Complexity, live"'))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "<h1>Running from Complexity, live</h1>" in fetch(page):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the page did not change")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_on_a_busy_port_is_a_clear_error(tmp_path):
    import socket

    from conftest import run

    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", show, "-o", tmp_path / "out", "--port", port,
                     "--as-of", "2026-11-28")
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_survives_show_yaml_deleted_and_port_out_of_range(tmp_path):
    import signal

    from conftest import run

    result = run("serve", EXAMPLE_SHOW, "--port", "70000")
    assert result.exit_code == 2 and "70000 is not in the range" in result.stderr
    show = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    process = start_serve(show, tmp_path / "out")
    try:
        deadline = time.monotonic() + 30
        while "serving" not in process.stderr.readline():
            assert time.monotonic() < deadline and process.poll() is None
        config = (show / "show.yaml").read_text()
        (show / "show.yaml").unlink()
        time.sleep(2)  # several polls with show.yaml gone
        assert process.poll() is None, "serve keeps running"
        (show / "show.yaml").write_text(config.replace("DataTalks.Club", "DataTalks.Club live"))
        time.sleep(2)
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in rest
    assert "rebuilt" in rest


def test_an_output_folder_inside_the_show_is_not_watched(tmp_path):
    from publisher.commands.preview import watched_files
    from publisher.source.show import load_show

    show_dir = copy_tree(EXAMPLE_SHOW, tmp_path / "show")
    (show_dir / "public").mkdir()
    (show_dir / "public" / "feed.xml").write_text("<rss/>")
    show, _ = load_show(show_dir)
    watched = watched_files(show, show_dir / "public")
    assert watched and not any("public" in p.parts for p in watched)
    assert any(p.name == "show.yaml" for p in watched)
    assert any("public" in p.parts for p in watched_files(show))
