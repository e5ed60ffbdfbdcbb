"""Bad input: a clear `path:line: message`, exit 1, never a traceback, never a hang."""

from __future__ import annotations

import time

import pytest


def write(tmp_path, content: str | bytes, name: str = "bad.md"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


CASES = {
    "empty": ("", "{p}: file is empty"),
    "blank": ("\n\n  \n", "{p}: file is empty"),
    "no front matter": ("# Title\n\nbody\n", "{p}:1: no front matter: expected the file to "
                        "start with a '---' line"),
    "unclosed": ("---\ntitle: x\n", "{p}:1: front matter is not closed: expected a second "
                 "'---' line"),
    "bad yaml": ("---\ntitle: x\ntranscript: [\n---\n",
                 "{p}:4: invalid YAML: while parsing a flow node, did not find expected "
                 "node content"),
    "list front matter": ("---\n- a\n- b\n---\n", "{p}:2: front matter must be a mapping of "
                          "keys to values, got a list"),
    "empty front matter": ("---\n---\nbody\n", "{p}:2: front matter is empty: expected at "
                           "least a 'title'"),
    "no title": ("---\nseason: 1\n---\n", "{p}:2: no title: expected a 'title' in the front "
                 "matter"),
    "title a list": ("---\ntitle: [a, b]\n---\n", "{p}:2: 'title' must be text, got a list"),
    "transcript not a list": ("---\ntitle: x\ntranscript: hello\n---\n",
                              "{p}:3: 'transcript' must be a list of lines and headers, got text"),
    "entry not a mapping": ("---\ntitle: x\ntranscript:\n- just text\n---\n",
                            "{p}:4: transcript entry 0: expected a mapping with 'line' or "
                            "'header', got text"),
    "entry both": ("---\ntitle: x\ntranscript:\n- line: hi\n  header: H\n---\n",
                   "{p}:4: transcript entry 0: expected exactly one of 'line' or 'header', "
                   "found both"),
    "entry neither": ("---\ntitle: x\ntranscript:\n- {header: A}\n- who: Ann\n  sec: 3\n---\n",
                      "{p}:5: transcript entry 1: expected exactly one of 'line' or 'header', "
                      "found neither"),
    "sec text": ("---\ntitle: x\ntranscript:\n- header: A\n- line: hi\n  sec: abc\n---\n",
                 "{p}:6: transcript entry 1: 'sec' must be a number of seconds of 0 or more, "
                 "got 'abc'"),
    "sec negative": ("---\ntitle: x\ntranscript:\n- line: hi\n  sec: -4\n---\n",
                     "{p}:5: transcript entry 0: 'sec' must be a number of seconds of 0 or "
                     "more, got -4"),
    "sec bool": ("---\ntitle: x\ntranscript:\n- line: hi\n  sec: true\n---\n",
                 "{p}:5: transcript entry 0: 'sec' must be a number of seconds of 0 or more, "
                 "got True"),
    "unknown entry key": ("---\ntitle: x\ntranscript:\n- line: hi\n  secs: 4\n---\n",
                          "{p}:4: transcript entry 0: unknown key 'secs'; a line takes line, "
                          "sec, time and who"),
}


@pytest.mark.parametrize("name", CASES)
def test_error_cases(podpub, tmp_path, name):
    content, expected = CASES[name]
    path = write(tmp_path, content)
    result = podpub("chapters", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == expected.format(p=path)


def test_several_errors_are_reported_together(podpub, tmp_path):
    path = write(tmp_path, "---\ntitle: x\ntranscript:\n- line: a\n  sec: x\n- 5\n---\n")
    result = podpub("chapters", path)
    assert result.exit_code == 1
    assert [line.split(": ", 1)[0] for line in result.stderr.splitlines()] == [
        f"{path}:5", f"{path}:6"
    ]


def test_not_utf8(podpub, tmp_path):
    path = write(tmp_path, b"---\ntitle: caf\xe9\n---\n")
    result = podpub("chapters", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{path}:2: not UTF-8 text: byte 0xe9 at offset 14 (save the file as UTF-8)"
    )


def test_binary(podpub, tmp_path):
    path = write(tmp_path, b"---\x00\x01\x02" * 1000)
    result = podpub("chapters", path)
    assert result.exit_code == 1
    assert str(path) in result.stderr


def test_missing_file(podpub, tmp_path):
    result = podpub("chapters", tmp_path / "nope.md")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path / 'nope.md'}: no such episode file"


def test_no_chapters(podpub, tmp_path):
    path = write(tmp_path, "---\ntitle: x\n---\n")
    result = podpub("chapters", path)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"{path}: no chapters")


def timed(podpub, *args):
    started = time.perf_counter()
    result = podpub(*args)
    return result, time.perf_counter() - started


def test_ten_megabyte_line(podpub, tmp_path):
    path = write(tmp_path, "---\ntitle: x\ntranscript: " + "a" * 10_000_000 + "\n---\n")
    result, _ = timed(podpub, "chapters", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:3: 'transcript' must be a list")


def test_alias_bomb(podpub, tmp_path):
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines += ["title: *a9", "transcript: *a9", "---"]
    path = write(tmp_path, "\n".join(lines) + "\n")
    result, _ = timed(podpub, "chapters", path)
    assert result.exit_code == 1
    assert f"{path}:" in result.stderr


def test_deep_nesting(podpub, tmp_path):
    path = write(tmp_path, "---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\n")
    result = podpub("chapters", path)
    assert result.exit_code == 1
    assert str(path) in result.stderr


def test_unknown_show_key(podpub, tmp_path):
    show = tmp_path / "show.yaml"
    show.write_text("title: X\nepisodse: eps\n")
    ep = write(tmp_path, "---\ntitle: x\ntranscript:\n- header: A\n- line: hi\n  sec: 0\n---\n")
    result = podpub("chapters", ep, "--show", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(  # issue 13: a near miss gets a suggestion
        f"{show}:2: unknown key 'episodse' in show.yaml; did you mean 'episodes'?")
    show.write_text("title: X\nzzz: eps\n")
    result = podpub("chapters", ep, "--show", tmp_path)
    assert result.stderr.startswith(f"{show}:2: unknown key 'zzz' in show.yaml; expected one of")
