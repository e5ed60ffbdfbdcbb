"""podpub's benchmark: whole processes, wall time, median of 5 runs interleaved with the
yardstick (the minimal script a producer would write instead: yardstick.py).

    python tests/benchmarks/run.py [--runs 5] [--skip-scale]

Prints a table: episodes; cold (no cache anywhere), warm (nothing changed) and one-changed
build times; the yardstick's; the floor's (floor.py: every episode's front matter parsed with
libyaml in as many processes as the build uses, nothing else); the ratios; and the peak
memory of the build's whole process tree.  Rows: the bundled show, the two corpus test shows
together, and synthetic shows of 171 and 2,000 episodes cycling the corpus' new-format
episodes (GUIDs and enclosures made distinct).  Kept out of the test run: timing is
measured here, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from shows import copy_tree, make_corpus_show  # noqa: E402

CORPUS = Path(os.environ.get("PODPUB_SHARED") or ROOT / "tests" / "data") / "corpus"
AS_OF = "2026-11-28"


def _tree_rss(root) -> int:
    """Resident bytes of *root* and all its descendants now (0 once it is gone)."""
    import psutil

    total = 0
    try:
        for process in [root, *root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
    except psutil.Error:
        return 0
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds, and the peak resident memory (MB) of the whole process tree (the
    process and its workers together), sampled every 10 ms."""
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(watched))
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return elapsed, peak / 2**20


def synthetic_show(root: Path, count: int) -> Path:
    """A show of *count* episodes cycling through the corpus' transcripts."""
    show = make_corpus_show(root / f"synthetic-{count}", "head")
    sources = sorted(p for p in (show / "episodes").glob("*.md")
                     if not p.name.startswith("_") and "\ntranscript:" in p.read_text())
    texts = [p.read_text() for p in sources]
    for path in (show / "episodes").glob("*.md"):
        path.unlink()
    for index in range(count):
        text = texts[index % len(texts)]
        extra = (f"guid: synthetic-{index:05d}\n"
                 f"pubdate: 2020-01-01T{index % 24:02d}:00:00Z\n")
        text = text.replace("url: https://media.example.org/",
                            f"url: https://media.example.org/s{index:05d}-", 1)
        (show / "episodes" / f"ep{index:05d}.md").write_text("---\n" + extra + text[4:])
    config = (show / "show.yaml").read_text().replace("guid_from: ids.youtube\n", "")
    (show / "show.yaml").write_text(config)
    return show


def scenario(name: str, cwd: Path, show_args: list[str], show_dirs: list[Path], runs: int,
             episodes: int) -> dict:
    """Cold (no cache anywhere), warm (nothing changed) and one-changed builds, the yardstick
    and the parse floor, interleaved run by run."""
    python = sys.executable
    out = cwd / "public"
    jobs = os.cpu_count() or 1  # the build's default
    build = [python, "-m", "publisher", "build", *show_args, "--as-of", AS_OF]
    yardstick = [python, str(HERE / "yardstick.py"), str(cwd / "yardstick"),
                 *map(str, show_dirs)]
    floor = [python, str(HERE / "floor.py"), str(jobs), *map(str, show_dirs)]
    changing = sorted((show_dirs[0] / "episodes").glob("*.md"))[-1]
    times: dict[str, list[float]] = {"cold": [], "warm": [], "changed": [], "yardstick": [],
                                     "floor": []}
    memory = 0.0
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        for show in show_dirs:
            shutil.rmtree(show / ".podpub-cache", ignore_errors=True)
        seconds, peak = timed(build, cwd)
        times["cold"].append(seconds)
        memory = max(memory, peak)
        times["warm"].append(timed(build, cwd)[0])
        with changing.open("a") as stream:
            stream.write(f"\nEdited in run {run}.\n")
        times["changed"].append(timed(build, cwd)[0])
        times["yardstick"].append(timed(yardstick, cwd)[0])
        times["floor"].append(timed(floor, cwd)[0])
    medians = {key: statistics.median(values) for key, values in times.items()}
    medians.update(name=name, episodes=episodes, memory=memory)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-scale", action="store_true", help="leave out 171/2,000")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="podpub-bench-") as tmp:
        root = Path(tmp)
        bundled = root / "bundled"
        copy_tree(ROOT / "feeds", bundled / "feeds")
        shows = sorted(bundled.glob("feeds/*"))
        count = sum(len(list((s / "episodes").glob("*.md"))) for s in shows)
        rows.append(scenario("bundled show", bundled, [], shows, args.runs, count))
        corpus = root / "corpus"
        made = [make_corpus_show(corpus / "feeds", snapshot) for snapshot in ("head", "old")]
        count = sum(len([p for p in (s / "episodes").glob("*.md") if not p.name.startswith("_")])
                    for s in made)
        rows.append(scenario("corpus-head + corpus-old", corpus, [], made, args.runs, count))
        if not args.skip_scale:
            for size in (171, 2000):
                place = root / f"scale-{size}"
                show = synthetic_show(place, size)
                rows.append(scenario(f"synthetic {size}", place,
                                     [str(show), "-o", str(place / "public" / "out")],
                                     [show], args.runs, size))
    print_table(rows)


def print_table(rows: list[dict]) -> None:
    print("| show | episodes | cold s | warm s | one changed s | yardstick s | floor s | cold/y "
          "| cold/floor | warm/y | changed/cold | peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        y, cold = row["yardstick"], row["cold"]
        print(f"| {row['name']} | {row['episodes']} | {cold:.2f} | {row['warm']:.3f} | "
              f"{row['changed']:.2f} | {y:.2f} | {row['floor']:.2f} | {cold / y:.2f} | "
              f"{cold / row['floor']:.2f} | {row['warm'] / y:.2f} | "
              f"{row['changed'] / cold:.3f} | {row['memory']:.0f} |")
    scale = {row["episodes"]: row for row in rows if row["name"].startswith("synthetic")}
    if 171 in scale and 2000 in scale:
        small, big = scale[171], scale[2000]
        print(f"\n2,000 / 171 episodes: cold {big['cold'] / small['cold']:.1f}x; peak memory of "
              f"the process tree {small['memory']:.0f} MB -> {big['memory']:.0f} MB "
              f"({big['memory'] / small['memory']:.2f}x)")


if __name__ == "__main__":
    main()
