"""The package's shape: one module speaks YAML, only the writer writes files, small modules,
one name for one thing.  (The layers themselves are an import-linter contract in
pyproject.toml, checked by ``lint-imports`` in CI and below.)"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections import defaultdict

import pytest
from conftest import ROOT

PACKAGE = ROOT / "publisher"
MODULES = sorted(PACKAGE.rglob("*.py"))
WRITER = PACKAGE / "build" / "writer.py"
TAG = PACKAGE / "formats" / "id3chapters.py"  # rewrites an MP3 in place, by design
YAML_MODULE = PACKAGE / "source" / "files.py"
WRITES = re.compile(
    r"\.(write_text|write_bytes|mkdir|unlink|rmdir|touch|symlink_to|hardlink_to)\("
    r"|\bos\.(replace|rename|renames|link|symlink|remove|unlink|makedirs|mkdir|rmdir)\("
    r"|\bshutil\.(copy\w*|move|rmtree)\(|\b(mkstemp|mkdtemp|NamedTemporaryFile)\("
    r"|\bopen\([^)]*['\"][wax]b?\+?['\"]")


def relative(path) -> str:
    return str(path.relative_to(ROOT))


def test_yaml_is_spoken_by_one_module():
    speakers = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name == "yaml" or name.startswith("yaml.") for name in names):
                speakers.add(relative(path))
    assert speakers == {relative(YAML_MODULE)}


def test_only_the_writer_writes_files():
    writers = {relative(p) for p in MODULES if WRITES.search(p.read_text())}
    assert writers == {relative(WRITER)}, writers
    assert ".save(" in TAG.read_text()  # tag writes through mutagen, its one exception


def test_the_check_finds_writes():
    for line in ('path.write_text("x")', "os.replace(a, b)", "shutil.rmtree(x)",
                 'open(p, "w")', "open(p, 'ab')", "tempfile.mkstemp(dir=d)"):
        assert WRITES.search(line), line
    for line in ("path.read_text()", 'open(p, "rb")', "os.scandir(x)"):
        assert not WRITES.search(line), line


def test_modules_are_small():
    sizes = {relative(p): len(p.read_text().splitlines()) for p in MODULES}
    assert max(sizes.values()) <= 400, {k: v for k, v in sizes.items() if v > 400}


def test_no_two_classes_or_module_tables_share_a_name():
    places = defaultdict(list)
    for path in MODULES:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef):
                places[node.name].append(relative(path))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id.isupper() and isinstance(
                            node.value, (ast.Dict, ast.DictComp, ast.Tuple, ast.List, ast.Set,
                                         ast.Call)):
                        places[target.id].append(relative(path))
    shared = {name: where for name, where in places.items() if len(where) > 1}
    assert not shared


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter not installed")
def test_layers_contract_is_kept():
    result = subprocess.run(["lint-imports"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_front_matter_is_read_only_in_the_source_layer():
    readers = set()
    for path in MODULES:
        if "source" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "front":
                readers.add(relative(path))
    assert readers == set(), readers


def test_a_key_close_to_a_known_one_is_a_typo(tmp_path):
    from conftest import run

    episode = tmp_path / "ep.md"
    episode.write_text("---\ntitle: T\nexplict: true\nepisode_typ: bonus\nquotableClips: []\n"
                       "topics: [a]\nlayout: podcast\n---\n")
    result = run("notes", episode)
    assert result.exit_code == 0
    assert f"{episode}:3: warning: unknown key 'explict': did you mean 'explicit'?" \
        in result.stderr
    assert f"{episode}:4: warning: unknown key 'episode_typ': did you mean 'episode_type'?" \
        in result.stderr
    for quiet in ("quotableClips", "topics", "layout"):
        assert quiet not in result.stderr


def test_every_package_is_installed():
    """A subpackage missing from pyproject's list works in a checkout and fails installed."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "publisher").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
