#!/usr/bin/env python3
"""Which parts of a build leave cores idle: one build under `perf record`, samples counted per 50 ms.

Usage: bench/timeline.py [BINARY] [--content DIR] [--from S] [--to S] [--top N]

Each line is a 50 ms slice of the build: how many samples fell in it (perf samples each busy core about
once a millisecond, so 2 cores busy give ~100) and, between --from and --to, the functions most often on
top — the innermost gongkai function of each sample. A slice well under cores × 50 is a stretch where
work runs on fewer cores than there are. Needs `perf` (Debian: linux-perf). This is how the idle stretch
between reading and rendering was found (docs/performance.md, fourth round).
"""
import argparse
import collections
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", nargs="?", default=str(REPO / ".build/release/gongkai"))
    parser.add_argument("--content", default="/dev/shm/g10000/gongkai",
                        help="content folder (make one with: python3 bench/generate.py 10000 /dev/shm/g10000)")
    parser.add_argument("--from", dest="start", type=float, default=0.0, help="name functions from this second")
    parser.add_argument("--to", dest="end", type=float, default=0.0, help="… up to this second")
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("perf") is None:
        raise SystemExit("perf is missing (apt-get install linux-perf)")
    with tempfile.TemporaryDirectory(dir="/dev/shm") as scratch:
        data, out = Path(scratch) / "perf.data", Path(scratch) / "site"
        subprocess.run(["perf", "record", "-q", "-F", "999", "-g", "-o", str(data), args.binary, "build", "--quiet",
                        "--content", args.content, "--output", str(out)], cwd=REPO, stdout=subprocess.DEVNULL)
        if not (out / "index.html").is_file():
            # A build that stopped at an error (its diagnostics are above) would profile as a short, fast one.
            raise SystemExit("the build failed; nothing to show")
        script = subprocess.run(["perf", "script", "-i", str(data), "-F", "tid,time,ip,sym"], check=True,
                                capture_output=True, text=True).stdout
    samples: dict[int, int] = collections.Counter()
    tops: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    first = None
    for block in script.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        header = re.match(r"\s*\d+\s+([\d.]+):", lines[0]) if lines else None
        if not header:
            continue
        time = float(header.group(1))
        first = time if first is None else first
        slice_ = int((time - first) * 20)
        samples[slice_] += 1
        if args.start * 20 <= slice_ <= args.end * 20:
            frames = [line.strip().split(None, 1)[-1] for line in lines[1:]]
            own = next((frame for frame in frames if "Gongkai" in frame), frames[0] if frames else "?")
            tops[slice_][own] += 1
    names = sorted({name for counter in tops.values() for name in counter})
    demangled = dict(zip(names, subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(names),
                                               capture_output=True, text=True).stdout.splitlines()))
    for slice_ in range(max(samples) + 1 if samples else 0):
        print(f"{slice_ / 20:5.2f} s  {samples[slice_]:4d} samples")
        for name, count in tops[slice_].most_common(args.top):
            print(f"          {count:4d}  {demangled.get(name, name)[:110]}")


if __name__ == "__main__":
    main()
