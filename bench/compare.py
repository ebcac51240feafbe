#!/usr/bin/env python3
"""Two gongkai binaries on one content folder, alternating A B A B: is a change faster?

Usage: bench/compare.py OLD_BINARY NEW_BINARY [--content DIR] [--runs 5] [--rebuild] [--old-theme DIR]

Build the old binary from another checkout (for example `git worktree add /tmp/old <commit>` and
`swift build -c release` there). Each run builds into a fresh folder on /dev/shm and is measured with
os.wait4 (wall time, user+sys CPU, peak RSS); both binaries build the same content, with the theme of
the current folder (the old one with --old-theme, when the theme has changed with the code: for example
`git archive <commit> themes | tar -x -C /tmp/old-theme`). With --rebuild each binary builds over its own previous output instead, as a station
rebuilding its site does (the old site is replaced, and deleted, at the end). Prints the medians (idle:
cores × wall − CPU, the core time left unused) and the median of the per-pair ratios NEW/OLD. Wall times on a
shared machine drift by 10–20% within minutes; the ratios of adjacent pairs are what to read.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(binary: str, content: str, out: Path, fresh: bool, theme: str) -> tuple[float, float, float]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([binary, "build", "--quiet", "--content", content, "--output", str(out), "--theme", theme], cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{binary} failed (exit {os.waitstatus_to_exitcode(status)})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--content", default="/dev/shm/g10000/gongkai",
                        help="content folder (make one with: python3 bench/generate.py 10000 /dev/shm/g10000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="build over the previous output, not into an empty folder")
    parser.add_argument("--old-theme", help="the theme the old binary builds with (default: themes/default here)")
    args = parser.parse_args()
    binaries = (args.old, args.new)
    default_theme = str(REPO / "themes" / "default")
    themes = (args.old_theme or default_theme, default_theme)
    outputs = (Path("/dev/shm/gongkai-compare-old"), Path("/dev/shm/gongkai-compare-new"))
    results = ([], [])
    for binary, out, theme in zip(binaries, outputs, themes):  # warm-up, not counted (and the first output, for --rebuild)
        build(binary, args.content, out, fresh=True, theme=theme)
    for _ in range(args.runs):
        for side, binary in enumerate(binaries):
            results[side].append(build(binary, args.content, outputs[side], fresh=not args.rebuild, theme=themes[side]))
    cores = os.cpu_count() or 1
    for label, binary, runs in zip(("old", "new"), binaries, results):
        # Idle: core-seconds the build left unused (cores × wall − CPU), what work on one thread costs.
        print(f"{label}  {binary}: wall {statistics.median(r[0] for r in runs):.2f} s, "
              f"cpu {statistics.median(r[1] for r in runs):.2f} s, "
              f"idle {statistics.median(cores * r[0] - r[1] for r in runs):.2f} s on {cores} cores, "
              f"rss {statistics.median(r[2] for r in runs):.0f} MB")
    pairs = list(zip(*results))
    print(f"new/old, median of {len(pairs)} pairs: wall {statistics.median(n[0] / o[0] for o, n in pairs):.3f}×, "
          f"cpu {statistics.median(n[1] / o[1] for o, n in pairs):.3f}×")
    for out in outputs:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
