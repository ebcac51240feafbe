#!/usr/bin/env python3
"""How fast `gongkai pdf` makes a station's PDFs (issue 17): the print catalogue and one poster per matter.

    python3 bench/pdf.py                   example content, 50 and 1,000 generated matters
    python3 bench/pdf.py --sizes 50        only these generated sizes (0 for none), plus the example content
    python3 bench/pdf.py --quick           example content only, one run each (scripts/test.sh)

For each content: a cold run (no output folder), a warm run with nothing changed, and a run after one
matter's file was edited; then the same documents rendered each by its own `weasyprint` command of the same
version (.venv/bin/weasyprint), as many at once as there are cores: what `gongkai pdf` did before, measured
in the same run for the ratio. Each gongkai run reports wall-clock seconds, CPU seconds (gongkai and its
renderer processes, read from /proc while they run) and the peak of the summed resident memory of gongkai and every process it
started (sampled every 20 ms from /proc), and how many PDFs it rendered (from its own output); for the
print catalogue, how many of its parts it laid out of how many (`parts`, laid out/all) and its size (`book MB`).
A cold run removes the site and the part cache beside it. Medians of
`--runs` runs (default 3; 1 for 1,000 matters and more, whose cold run takes minutes).

Checked after every run, so a broken run never looks fast: the catalogue and every poster PDF exist, and
the warm run rendered nothing, the edited one exactly two PDFs (that poster and the catalogue).
No timing is asserted: targets are read off the table (bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = REPO / ".build" / "release" / "gongkai"
WEASYPRINT = REPO / ".venv" / "bin" / "weasyprint"


class PeakMemory:
    """The largest sum of VmRSS over a process and all its descendants, and the CPU time each of them used
    (the last value read of each), sampled every 20 ms on a thread. The CPU is read from /proc, so it counts
    every process of the tree however and by whom it is reaped."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._cpu: dict[int, float] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())

    def _run(self):
        while not self._stop.is_set():
            rss, cpu = tree_sample(self.pid)
            self.peak = max(self.peak, rss)
            self._cpu.update(cpu)
            time.sleep(0.02)


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and its descendants."""
    return tree_sample(root)[0]


def tree_sample(root: int) -> tuple[int, dict[int, float]]:
    """Bytes resident in `root` and its descendants, and the CPU seconds (user + system) each has used."""
    parents, rss, cpu = {}, {}, {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    total, seen, frontier = 0, {}, {root}
    while frontier:
        total += sum(rss.get(pid, 0) for pid in frontier)
        seen.update({pid: cpu[pid] for pid in frontier if pid in cpu})
        frontier = {pid for pid, parent in parents.items() if parent in frontier}
    return total, seen


def measure(cmd: list[str]) -> dict:
    """Runs a command; its wall and CPU seconds, peak memory of its process tree (MB) and output."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    with PeakMemory(proc.pid) as memory:
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"`{' '.join(cmd)}` exited {proc.returncode}\n{out}\n{err}")
    return {"wall": wall, "peak_mb": memory.peak / 2**20, "cpu": memory.cpu, "stdout": out, "stderr": err}


def gongkai_pdf(content: Path, output: Path) -> dict:
    """`gongkai pdf`, with CPU time of it and its renderer processes (read from /proc while they run)."""
    result = measure([str(BIN), "pdf", "--content", str(content), "--output", str(output)])
    found = re.search(r"重新生成 (\d+) 个", result["stdout"])
    result["rendered"] = int(found.group(1)) if found else None  # a cold run prints no split
    parts = re.search(r"目录分 (\d+) 部分排版，这次排了 (\d+) 部分", result["stdout"])
    result["parts"] = f"{parts.group(2)}/{parts.group(1)}" if parts else ""
    catalogue = output / "print" / "catalogue.pdf"
    result["catalogue_mb"] = catalogue.stat().st_size / 1e6 if catalogue.is_file() else None
    return result


def documents(output: Path) -> list[tuple[Path, Path]]:
    posters = sorted((output / "posters").glob("*.html"))
    return [(output / "print" / "index.html", output / "print" / "catalogue.pdf")] + [(p, p.with_suffix(".pdf")) for p in posters]


def check_pdfs(output: Path, label: str) -> int:
    missing = [str(pdf) for _, pdf in documents(output) if not pdf.is_file() or pdf.stat().st_size == 0]
    if missing:
        sys.exit(f"{label}: PDFs missing: {missing[:5]}")
    return len(documents(output))


def baseline(output: Path, workers: int) -> dict:
    """Each document by its own `weasyprint` command, `workers` at a time (what gongkai did before)."""
    scratch = Path(tempfile.mkdtemp(prefix="gongkai-bench-baseline-"))
    jobs = [(html, scratch / f"{i}.pdf") for i, (html, _) in enumerate(documents(output))]

    def one(job):
        html, pdf = job
        proc = subprocess.run([str(WEASYPRINT), str(html), str(pdf)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if proc.returncode != 0 or not pdf.is_file():
            sys.exit(f"weasyprint {html} failed:\n{proc.stderr[-1500:]}")

    before = os.times()
    start = time.perf_counter()
    with PeakMemory(os.getpid()) as memory:
        own = tree_rss(os.getpid())
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, jobs))
    wall = time.perf_counter() - start
    after = os.times()
    shutil.rmtree(scratch)
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "peak_mb": max(0, memory.peak - own) / 2**20, "rendered": len(jobs)}


def edit(content: Path, turn: int) -> str:
    """Renames one matter (the first file in name order), differently each turn; returns its file name."""
    matter = sorted((content / "matters").glob("*.md"))[0]
    lines = matter.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("名称:"):
            line, mark = re.sub(r"（第\d+次修订）", "", line), f"（第{turn}次修订）"
            lines[i] = line[:-1] + mark + '"' if line.endswith('"') else line + mark
            break
    matter.write_text("\n".join(lines), encoding="utf-8")
    return matter.name


def median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def bench(name: str, content: Path, work: Path, runs: int, workers: int) -> list[dict]:
    content_copy = work / name / "content"
    shutil.copytree(content, content_copy)
    output = work / name / "public"
    table = []
    cold, warm, changed = [], [], []
    for run in range(runs):
        # Cold: no site and no part cache beside it (PartCache: .<output>.pdf-parts).
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(output.parent / f".{output.name}.pdf-parts", ignore_errors=True)
        cold.append(gongkai_pdf(content_copy, output))
        count = check_pdfs(output, f"{name} cold")
        warm.append(gongkai_pdf(content_copy, output))
        check_pdfs(output, f"{name} warm")
        if warm[-1]["rendered"] != 0:
            sys.exit(f"{name}: nothing changed, yet {warm[-1]['rendered']} PDFs rendered\n{warm[-1]['stdout']}")
        edit(content_copy, run + 1)
        changed.append(gongkai_pdf(content_copy, output))
        check_pdfs(output, f"{name} one matter changed")
        if changed[-1]["rendered"] != 2:
            sys.exit(f"{name}: one matter changed, {changed[-1]['rendered']} PDFs rendered (want 2)\n{changed[-1]['stdout']}")
    base = [baseline(output, workers) for _ in range(runs)]
    for label, rows, rendered in (("cold", cold, count), ("nothing changed", warm, 0), ("one matter changed", changed, 2),
                                  ("weasyprint per document", base, count)):
        table.append({"content": name, "run": label, "wall": median(rows, "wall"), "cpu": median(rows, "cpu"),
                      "peak_mb": median(rows, "peak_mb"), "rendered": rendered, "runs": len(rows),
                      "parts": rows[-1].get("parts", ""), "catalogue_mb": rows[-1].get("catalogue_mb")})
    table.append({"content": name, "run": "ratio cold / per document", "wall": table[0]["wall"] / table[3]["wall"],
                  "cpu": table[0]["cpu"] / table[3]["cpu"], "peak_mb": None, "rendered": None, "runs": runs})
    return table


def print_table(rows: list[dict]) -> None:
    print(f"{'content':<14}{'run':<28}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}{'PDFs':>6}{'runs':>6}"
          f"{'parts':>10}{'book MB':>9}")
    for row in rows:
        ratio = row["run"].startswith("ratio")
        wall = f"{row['wall']:.2f}×" if ratio else f"{row['wall']:.2f}"
        cpu = f"{row['cpu']:.2f}×" if ratio else f"{row['cpu']:.2f}"
        peak = "" if row["peak_mb"] is None else f"{row['peak_mb']:.0f}"
        rendered = "" if row["rendered"] is None else str(row["rendered"])
        book = "" if row.get("catalogue_mb") is None else f"{row['catalogue_mb']:.2f}"
        print(f"{row['content']:<14}{row['run']:<28}{wall:>9}{cpu:>9}{peak:>9}{rendered:>6}{row['runs']:>6}"
              f"{row.get('parts', ''):>10}{book:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 1000], help="generated matter counts (default 50 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per content (default 3; 1,000 matters and more: 1)")
    parser.add_argument("--quick", action="store_true", help="example content only, one run")
    parser.add_argument("--json", type=Path, help="write the table here as JSON")
    args = parser.parse_args()
    for tool in (BIN, WEASYPRINT):
        if not tool.exists():
            sys.exit(f"{tool} not found: run scripts/setup.sh")
    workers = os.cpu_count() or 1
    shm = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-pdf-", dir=shm if shm.is_dir() else None))
    load = os.getloadavg()
    print(f"gongkai pdf benchmark: {workers} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, in {work}")
    print(subprocess.run([str(WEASYPRINT), "--version"], capture_output=True, text=True).stdout.strip())
    rows = []
    try:
        rows += bench("example", REPO / "content", work, 1 if args.quick else args.runs, workers)
        for size in ([] if args.quick else [s for s in args.sizes if s > 0]):
            generated = work / f"generated-{size}"
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(generated)], check=True)
            rows += bench(f"{size} matters", generated / "gongkai", work, 1 if size >= 1000 else args.runs, workers)
            shutil.rmtree(generated)
            print_table(rows)
            print()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    print(f"load after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
