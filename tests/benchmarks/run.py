"""podpub's benchmark: whole processes, wall time, median of 5 runs interleaved with the
yardstick (the minimal script a producer would write instead: yardstick.py).

    python tests/benchmarks/run.py [--runs 5] [--skip-scale]

Prints a table: episodes; cold, warm (nothing changed) and one-changed build times; the
yardstick's time; the ratios; and the build's peak memory.  Rows: the bundled show, the two
corpus test shows together, and synthetic shows of 200 and 2,000 episodes made from the
corpus' transcripts.  Kept out of the test run: timing is measured here, never asserted.
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


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process and its workers."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return elapsed, usage.ru_maxrss / 1024


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
    python = sys.executable
    out = cwd / "public"
    build = [python, "-m", "publisher", "build", *show_args, "--as-of", AS_OF]
    yardstick = [python, str(HERE / "yardstick.py"), str(cwd / "yardstick"),
                 *map(str, show_dirs)]
    changing = sorted((show_dirs[0] / "episodes").glob("*.md"))[-1]
    times: dict[str, list[float]] = {"cold": [], "warm": [], "changed": [], "yardstick": []}
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
    medians = {key: statistics.median(values) for key, values in times.items()}
    medians.update(name=name, episodes=episodes, memory=memory)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-scale", action="store_true", help="leave out 200/2,000")
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
            for size in (200, 2000):
                place = root / f"scale-{size}"
                show = synthetic_show(place, size)
                rows.append(scenario(f"synthetic {size}", place,
                                     [str(show), "-o", str(place / "public" / "out")],
                                     [show], args.runs if size < 2000 else max(1, args.runs // 2),
                                     size))
    print_table(rows)


def print_table(rows: list[dict]) -> None:
    header = ("| show | episodes | cold s | warm s | one changed s | yardstick s | cold/y "
              "| warm/y | changed/y | peak MB |")
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        y = row["yardstick"]
        print(f"| {row['name']} | {row['episodes']} | {row['cold']:.2f} | {row['warm']:.3f} | "
              f"{row['changed']:.2f} | {y:.2f} | {row['cold'] / y:.2f} | {row['warm'] / y:.2f} | "
              f"{row['changed'] / y:.2f} | {row['memory']:.0f} |")
    scale = {row["episodes"]: row for row in rows if row["name"].startswith("synthetic")}
    if 200 in scale and 2000 in scale:
        print(f"\n2,000/200 episodes, cold: {scale[2000]['cold'] / scale[200]['cold']:.1f}x; "
              f"peak memory {scale[200]['memory']:.0f} MB -> {scale[2000]['memory']:.0f} MB")


if __name__ == "__main__":
    main()
