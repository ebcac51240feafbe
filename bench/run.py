#!/usr/bin/env python3
"""Benchmark: gongkai build against Hugo build on the same synthetic matters (bench/generate.py).

    python3 bench/run.py [--quick] [--large] [--runs 5] [--sizes 1000,10000] [--keep] [--no-build]

For each size N: generate N matters into /dev/shm/gongkai-bench/N (tmpfs, so both tools read and write
memory, not a disk), build each tool once as a warm-up (not counted), then `--runs` pairs in turn
(gongkai, Hugo, gongkai, Hugo, ...). Every build is cold: its output folder is removed first and Hugo
gets a fresh --cacheDir and no resources/ folder. Each build is measured with os.wait4: wall time
(time.perf_counter around spawn and wait), user+sys CPU time and peak RSS (ru_maxrss) of the child.
Each output is checked (index.html, sitemap.xml, one matters/<序号>/index.html per matter, N matter
URLs in the sitemap) so a broken build cannot look fast. Prints a table per N and writes everything as
JSON to bench/results/latest.json (--quick: bench/results/quick.json).

--quick     N=200, one run, no warm-up: a smoke test (scripts/test.sh); asserts no timing
--large     also N=100000
--sizes     comma-separated sizes (default 1000,10000)
--runs      measured pairs per size (default 5)
--keep      keep /dev/shm/gongkai-bench/N (inputs and the last outputs) afterwards
--no-build  use .build/release/gongkai as it is, even if Sources/ is newer
--json      where to write the JSON (default bench/results/latest.json)
--serve-repeats
            at N=10000 (or the largest N below it): start `gongkai serve` on the generated site, save
            one matter that many times (bench/serve_latency.py) and report the median time from the
            save to its new page being served (default 20; --quick 3; 0 skips)

Peak RSS note: on Linux, ru_maxrss of a child also counts the memory of the process that spawned it, up
to the exec (the kernel keeps the old address space's high-water mark). So a child's ru_maxrss is
max(runner's RSS at spawn, child's own peak) (and of its waited-for children: a maximum, not a sum; checked
against /usr/bin/time -f %M). This runner stays small (~20 MB, far below either tool) and records its own
peak before each spawn; a measurement that does not exceed it is marked as only an upper bound.
"""
import argparse
import hashlib
import json
import os
import platform
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_latency  # noqa: E402  (bench/serve_latency.py, beside this file)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RELEASE_BIN = REPO / ".build" / "release" / "gongkai"
RESULTS = HERE / "results"
TOOLS = ("gongkai", "hugo")
TOOL_LABEL = {"gongkai": "gongkai", "hugo": "Hugo"}


def say(message: str = "") -> None:
    print(message, flush=True)


def die(message: str) -> None:
    print(f"bench: ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


# --------------------------------------------------------------------------- tools

def run_checked(argv: list, what: str, env: dict | None = None) -> None:
    """Run a setup command (apt-get, swift build) with its output captured; on failure show the tail."""
    say(f"[bench] {what}: {shlex.join(argv)}")
    done = subprocess.run(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.stderr.write("\n".join(done.stdout.splitlines()[-60:]) + "\n")
        die(f"{what} failed (exit {done.returncode})")


def ensure_hugo() -> str:
    hugo = shutil.which("hugo")
    if hugo:
        return hugo
    if not shutil.which("apt-get"):
        die("hugo is not installed and there is no apt-get to install it")
    prefix = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            die("hugo is not installed: run as root (or install sudo), or install hugo yourself")
        prefix = ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    lock = ["-o", "DPkg::Lock::Timeout=900"]
    run_checked(prefix + ["apt-get", *lock, "update", "-q"], "apt-get update", env)
    run_checked(prefix + ["apt-get", *lock, "install", "-y", "-q", "hugo"], "installing hugo", env)
    return shutil.which("hugo") or die("apt-get installed hugo but it is not on PATH")


def newest_source_mtime() -> float:
    newest = (REPO / "Package.swift").stat().st_mtime
    for folder, _, files in os.walk(REPO / "Sources"):
        for name in files:
            newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
    return newest


def ensure_gongkai(no_build: bool) -> Path:
    """The release binary; rebuilt (swift build -c release) if missing or older than Sources/."""
    if RELEASE_BIN.exists() and (no_build or RELEASE_BIN.stat().st_mtime >= newest_source_mtime()):
        return RELEASE_BIN
    if no_build:
        die(f"{RELEASE_BIN.relative_to(REPO)} does not exist (build it: swift build -c release)")
    env = dict(os.environ)
    if not shutil.which("swift") and Path("/opt/swift/usr/bin/swift").exists():
        env["PATH"] = "/opt/swift/usr/bin:" + env.get("PATH", "")
    if not shutil.which("swift", path=env.get("PATH")):
        die("swift not found (expected on PATH or at /opt/swift/usr/bin)")
    reason = "missing" if not RELEASE_BIN.exists() else "older than Sources/"
    run_checked(["swift", "build", "-c", "release", "--product", "gongkai"],
                f".build/release/gongkai is {reason}; building", env)
    if not RELEASE_BIN.exists():
        die("swift build did not produce .build/release/gongkai")
    return RELEASE_BIN


def pin_binary(binary: Path, root: Path) -> Path:
    """Copy the binary so that a rebuild by someone else during the benchmark cannot change it."""
    folder = root / f".bin.{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    pinned = folder / "gongkai"
    shutil.copy2(binary, pinned)
    return pinned


def work_root() -> tuple[Path, bool]:
    """/dev/shm/gongkai-bench (tmpfs) if there is one; otherwise a temporary folder, with a warning."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return shm / "gongkai-bench", True
    root = Path(tempfile.gettempdir()) / "gongkai-bench"
    print(f"bench: WARNING: /dev/shm is not available; using {root}. Times then include the disk, "
          "and are not comparable with tmpfs figures.", file=sys.stderr, flush=True)
    return root, False


def command_version(argv: list) -> str:
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"


def machine_info(gongkai: Path, hugo: str, tmpfs: bool) -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    digest = hashlib.sha256(gongkai.read_bytes()).hexdigest()
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": model,
        "ram_gib": round(total_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "hugo": command_version([hugo, "version"]),
        "gongkai": command_version([str(gongkai), "--version"]),
        "gongkai_sha256": digest,
        "gongkai_built": datetime.fromtimestamp(RELEASE_BIN.stat().st_mtime).isoformat(timespec="seconds"),
        "tmpfs": tmpfs,
        "load_before": load_average(),
    }


def load_average() -> list:
    """1, 5 and 15 minute load averages: other work on the machine makes wall times noisy."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []


# --------------------------------------------------------------------------- generate

def generate(n: int, folder: Path) -> dict:
    """bench/generate.py N folder → folder/gongkai, folder/hugo; returns the paths and the matter numbers."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(folder)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        die(f"bench/generate.py {n} failed (exit {done.returncode})")
    numbers = sorted(p.name[:-3] for p in os.scandir(folder / "gongkai" / "matters") if p.name.endswith(".md"))
    hugo_numbers = sorted(p.name[:-3] for p in os.scandir(folder / "hugo" / "content" / "matters")
                          if p.name.endswith(".md"))
    if len(numbers) != n or numbers != hugo_numbers:
        die(f"bench/generate.py {n} wrote {len(numbers)} gongkai and {len(hugo_numbers)} Hugo matters")
    return {"n": n, "folder": folder, "gongkai": folder / "gongkai", "hugo": folder / "hugo",
            "numbers": set(numbers), "seconds": time.perf_counter() - t0}


# --------------------------------------------------------------------------- builds
# Each build_* prepares a cold build and returns (argv, output folder, cleanup); measure() runs it.

def build_gongkai(binary: Path, site: dict, scratch: Path):
    out = site["folder"] / "out-gongkai"
    shutil.rmtree(out, ignore_errors=True)
    argv = [str(binary), "build", "--content", str(site["gongkai"]), "--output", str(out)]
    return argv, out, lambda: None


def build_hugo(hugo: str, site: dict, scratch: Path):
    out = site["folder"] / "out-hugo"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(site["hugo"] / "resources", ignore_errors=True)  # Hugo's generated-resources cache
    cache = Path(tempfile.mkdtemp(prefix="hugo-cache.", dir=scratch))
    argv = [hugo, "--quiet", "--source", str(site["hugo"]), "--destination", str(out), "--cacheDir", str(cache)]
    return argv, out, lambda: shutil.rmtree(cache, ignore_errors=True)


def measure(argv: list, logs: Path) -> dict:
    """Run argv (cwd = repository, output captured to logs.out / logs.err), measured with os.wait4."""
    floor_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(logs.with_suffix(".out"), "wb") as out, open(logs.with_suffix(".err"), "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
    return {
        "exit": proc.returncode,
        "wall_s": wall,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_kb": usage.ru_maxrss,
        "runner_rss_kb": floor_kb,
        "rss_reliable": usage.ru_maxrss > floor_kb,
    }


def fail_build(tool: str, argv: list, logs: Path, result: dict) -> None:
    for suffix, name in ((".err", "stderr"), (".out", "stdout")):
        text = logs.with_suffix(suffix).read_text(encoding="utf-8", errors="replace").strip()
        if text:
            lines = text.splitlines()
            print(f"--- {TOOL_LABEL[tool]} {name} (last {min(len(lines), 80)} of {len(lines)} lines):",
                  file=sys.stderr)
            print("\n".join(lines[-80:]), file=sys.stderr)
    die(f"{TOOL_LABEL[tool]} build failed (exit {result['exit']}): {shlex.join(argv)}")


def check_output(tool: str, out: Path, numbers: set) -> None:
    """A broken build must not look fast: the home page, the sitemap and every matter page must be there."""
    problems = []
    for name in ("index.html", "sitemap.xml"):
        if not (out / name).is_file() or (out / name).stat().st_size == 0:
            problems.append(f"no {name}")
    pages = set()
    if (out / "matters").is_dir():
        pages = {entry.name for entry in os.scandir(out / "matters")
                 if entry.is_dir() and os.path.isfile(os.path.join(entry.path, "index.html"))}
    if pages != numbers:
        missing, extra = sorted(numbers - pages), sorted(pages - numbers)
        problems.append(f"{len(pages)} matter pages instead of {len(numbers)}"
                        + (f"; missing matters/{missing[0]}/index.html and {len(missing) - 1} more" if missing else "")
                        + (f"; unexpected matters/{extra[0]}/" if extra else ""))
    if (out / "sitemap.xml").is_file():
        listed = (out / "sitemap.xml").read_text(encoding="utf-8", errors="replace").count("/matters/")
        if listed != len(numbers):
            problems.append(f"sitemap.xml lists {listed} matter URLs instead of {len(numbers)}")
    if problems:
        die(f"{TOOL_LABEL[tool]} output in {out} is incomplete: " + "; ".join(problems))


def output_size(out: Path) -> dict:
    files = size = 0
    for folder, _, names in os.walk(out):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(folder, name)).st_size
    return {"files": files, "mb": size / 1e6}


def run_one(tool: str, builders: dict, site: dict, scratch: Path, label: str, keep_output: bool) -> dict:
    argv, out, cleanup = builders[tool](site, scratch)
    logs = scratch / f"{tool}-{label}"
    try:
        result = measure(argv, logs)
    finally:
        cleanup()
    if result["exit"] != 0:
        fail_build(tool, argv, logs, result)
    check_output(tool, out, site["numbers"])
    result["output"] = output_size(out)
    result["command"] = shlex.join(argv)
    if not keep_output:
        shutil.rmtree(out, ignore_errors=True)
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_serve(binary: Path, site: dict, repeats: int) -> dict:
    """`gongkai serve` on the site: ms from saving one matter to its new page being served."""
    say(f"[bench] N={site['n']}: gongkai serve, {repeats} saves of one matter")
    port = free_port()
    with serve_latency.serving(site["gongkai"], port, binary=binary):
        timings = serve_latency.measure_rebuilds(site["gongkai"], port, repeats)
    pages = [page for page, _ in timings]
    return {"repeats": repeats, "page_ms": pages, "all_ms": [whole for _, whole in timings],
            "median_page_ms": statistics.median(pages), "median_all_ms": statistics.median(w for _, w in timings)}


def bench_size(n: int, root: Path, builders: dict, runs: int, warmup: bool, keep: bool,
               serve: tuple | None = None) -> dict:
    folder = root / str(n)
    say(f"[bench] N={n}: generating into {folder}")
    site = generate(n, folder)
    scratch = folder / "logs"
    scratch.mkdir()
    say(f"[bench] N={n}: generated in {site['seconds']:.1f}s; "
        f"{'1 warm-up build each, then ' if warmup else ''}{runs} measured pair(s)")
    warm = {}
    if warmup:
        for tool in TOOLS:
            warm[tool] = run_one(tool, builders, site, scratch, "warmup", keep_output=False)
    measured = {tool: [] for tool in TOOLS}
    for i in range(runs):
        for tool in TOOLS:
            last = keep and i == runs - 1
            result = run_one(tool, builders, site, scratch, f"run{i + 1}", keep_output=last)
            measured[tool].append(result)
            say(f"[bench] N={n} run {i + 1}/{runs} {TOOL_LABEL[tool]:<7} wall {result['wall_s']:.3f}s  "
                f"cpu {result['cpu_s']:.3f}s  rss {result['peak_rss_kb'] / 1024:.1f} MB")
    serving = bench_serve(serve[0], site, serve[1]) if serve else None
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    summary = summarise(n, measured, warm, site["seconds"])
    summary["serve"] = serving
    return summary


# --------------------------------------------------------------------------- report

def summarise(n: int, measured: dict, warm: dict, generate_s: float) -> dict:
    tools = {}
    for tool, results in measured.items():
        wall = statistics.median(r["wall_s"] for r in results)
        tools[tool] = {
            "runs": len(results),
            "median_wall_s": wall,
            "median_cpu_s": statistics.median(r["cpu_s"] for r in results),
            "median_peak_rss_mb": statistics.median(r["peak_rss_kb"] for r in results) / 1024,
            "ms_per_matter": wall / n * 1000,
            "output": results[-1]["output"],
            "command": results[-1]["command"],
            "rss_reliable": all(r["rss_reliable"] for r in results),
            "results": results,
            "warmup": warm.get(tool),
        }
    pairs = [{"run": i + 1,
              "wall_ratio": g["wall_s"] / h["wall_s"],
              "rss_ratio": g["peak_rss_kb"] / h["peak_rss_kb"]}
             for i, (g, h) in enumerate(zip(measured["gongkai"], measured["hugo"]))]
    return {
        "n": n,
        "generate_s": generate_s,
        "tools": tools,
        "pairs": pairs,
        "median_wall_ratio": statistics.median(p["wall_ratio"] for p in pairs),
        "median_rss_ratio": statistics.median(p["rss_ratio"] for p in pairs),
    }


def scaling(sizes: list) -> list:
    """Time per matter of each size against the previous (smaller) one: 1.0 = linear."""
    ordered = sorted(sizes, key=lambda s: s["n"])
    return [{"from": a["n"], "to": b["n"],
             **{f"{tool}_ratio": b["tools"][tool]["ms_per_matter"] / a["tools"][tool]["ms_per_matter"]
                for tool in TOOLS}}
            for a, b in zip(ordered, ordered[1:])]


def report(result: dict) -> None:
    m = result["machine"]
    say()
    say("================ gongkai vs Hugo: cold builds ================")
    say(f"command:  {result['command']}")
    say(f"date:     {result['date']}")
    say(f"machine:  {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, Linux {m['kernel']}, "
        f"files on {'tmpfs (/dev/shm)' if m['tmpfs'] else 'a disk (no /dev/shm)'}")
    load = lambda values: " ".join(f"{x:.2f}" for x in values) or "?"
    say(f"load:     {load(m['load_before'])} before, {load(m['load_after'])} after "
        f"(1/5/15 min; other work on the machine makes wall times noisy)")
    say(f"hugo:     {m['hugo']}")
    say(f"gongkai:  {m['gongkai']} (.build/release/gongkai built {m['gongkai_built']}, "
        f"sha256 {m['gongkai_sha256'][:12]})")
    for size in result["sizes"]:
        n, tools = size["n"], size["tools"]
        say()
        say(f"-- N = {n} matters: {tools['gongkai']['runs']} run(s) each, alternating gongkai, Hugo"
            f"{'; 1 warm-up each, not counted' if tools['gongkai']['warmup'] else ''}")
        say(f"   {'tool':<8} {'wall s':>9} {'user+sys s':>11} {'peak RSS MB':>12} {'runs':>5}   output")
        for tool in TOOLS:
            t = tools[tool]
            rss = f"{t['median_peak_rss_mb']:.1f}" + ("" if t["rss_reliable"] else "*")
            say(f"   {TOOL_LABEL[tool]:<8} {t['median_wall_s']:>9.3f} {t['median_cpu_s']:>11.3f} {rss:>12} "
                f"{t['runs']:>5}   {t['output']['files']} files, {t['output']['mb']:.1f} MB")
        say("   (medians)")
        if not all(tools[tool]["rss_reliable"] for tool in TOOLS):
            say("   * not above the runner's own RSS: only an upper bound (see the note in bench/run.py)")
        say(f"   {'gongkai/Hugo':<21} {'wall':>7} {'RSS':>7}")
        for p in size["pairs"]:
            say(f"     pair {p['run']:<15} {p['wall_ratio']:>6.2f}× {p['rss_ratio']:>6.2f}×")
        say(f"     {'median of the ratios':<20} {size['median_wall_ratio']:>6.2f}× {size['median_rss_ratio']:>6.2f}×")
        say(f"   time per matter: gongkai {tools['gongkai']['ms_per_matter']:.3f} ms "
            f"(Hugo {tools['hugo']['ms_per_matter']:.3f} ms)")
        if size.get("serve"):
            s = size["serve"]
            say(f"   gongkai serve, one matter saved ({s['repeats']}×): its page served after "
                f"{s['median_page_ms']:.1f} ms median (min {min(s['page_ms']):.1f}, max {max(s['page_ms']):.1f}); "
                f"every page ≤ {s['median_all_ms']:.0f} ms median")
    for step in result["scaling"]:
        say()
        say(f"time per matter {step['to']}/{step['from']}: gongkai {step['gongkai_ratio']:.2f}× "
            f"(Hugo {step['hugo_ratio']:.2f}×); 1.00 = linear")
    say()
    say(f"JSON: {result['json']}")


# --------------------------------------------------------------------------- main

def display_path(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def parse_args(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N=200, one run, no warm-up (smoke test)")
    parser.add_argument("--large", action="store_true", help="also N=100000")
    parser.add_argument("--sizes", help="comma-separated sizes (default 1000,10000)")
    parser.add_argument("--runs", type=int, help="measured pairs per size (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep /dev/shm/gongkai-bench/N afterwards")
    parser.add_argument("--no-build", action="store_true", help="use .build/release/gongkai as it is")
    parser.add_argument("--json", type=Path, help="JSON output (default bench/results/latest.json)")
    parser.add_argument("--serve-repeats", type=int,
                        help="saves timed through gongkai serve at N=10000, or the largest N below it "
                             "(default 20; --quick 3; 0 skips)")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([200] if args.quick else [1000, 10000])
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers, not {args.sizes!r}")
    if args.large and 100000 not in sizes:
        sizes.append(100000)
    if any(n < 1 for n in sizes):
        parser.error("sizes must be at least 1")
    args.sizes = sorted(set(sizes))
    args.runs = args.runs if args.runs is not None else (1 if args.quick else 5)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.warmup = not args.quick
    if args.serve_repeats is None:
        args.serve_repeats = 3 if args.quick else 20
    args.json = args.json or RESULTS / ("quick.json" if args.quick else "latest.json")
    return args


def main() -> None:
    args = parse_args(sys.argv[1:])
    started = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
    command = shlex.join(["python3", *sys.argv])  # as typed (run from the repository: bench/run.py ...)
    hugo = ensure_hugo()
    gongkai = ensure_gongkai(args.no_build)
    root, tmpfs = work_root()
    root.mkdir(parents=True, exist_ok=True)
    pinned = pin_binary(gongkai, root)
    try:
        machine = machine_info(pinned, hugo, tmpfs)
        builders = {"gongkai": lambda site, scratch: build_gongkai(pinned, site, scratch),
                    "hugo": lambda site, scratch: build_hugo(hugo, site, scratch)}
        serve_at = max([n for n in args.sizes if n <= 10000], default=None)
        sizes = [bench_size(n, root, builders, args.runs, args.warmup, args.keep,
                            (pinned, args.serve_repeats) if n == serve_at and args.serve_repeats else None)
                 for n in args.sizes]
    finally:
        shutil.rmtree(pinned.parent, ignore_errors=True)
        if not args.keep:
            try:
                root.rmdir()  # only if empty: other runs may be using it
            except OSError:
                pass
    result = {
        "date": started,
        "command": command,
        "options": {"sizes": args.sizes, "runs": args.runs, "warmup": args.warmup, "quick": args.quick},
        "machine": {**machine, "load_after": load_average()},
        "sizes": sizes,
        "scaling": scaling(sizes),
        "json": display_path(args.json),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report(result)


if __name__ == "__main__":
    main()
