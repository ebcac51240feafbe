#!/usr/bin/env python3
"""Latency of `gongkai serve`: from saving one matter file to its new page being served.

    python3 bench/serve_latency.py CONTENT PORT [--repeats 20] [--start] [--binary .build/release/gongkai]
                                   [--theme themes/default]

CONTENT is a content folder (e.g. /dev/shm/serve10k/gongkai from `bench/generate.py 10000 /dev/shm/serve10k`)
and PORT the port of a `gongkai serve --content CONTENT --port PORT` that is running — or, with --start,
that this script starts (and stops) itself.

Each repeat changes the 名称 of one matter (the first file of matters/) to a new text, writing the file in
place as an editor does, and then asks for that matter's page over HTTP every millisecond (one kept-alive
connection) until the page shows the new name: that time is the latency. It then waits until the home page,
which lists every matter, shows it too (the whole rebuild is done), so repeats do not overlap. The file is
put back as it was at the end. Prints each repeat and the median; stdlib only.

From another script (bench/run.py):

    from serve_latency import measure_rebuilds, serving
    with serving(content_dir, port):
        timings = measure_rebuilds(content_dir, port, repeats=20)  # [(page ms, all pages ms)]
"""
import argparse
import contextlib
import http.client
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RELEASE_BIN = REPO / ".build" / "release" / "gongkai"
NAME_LINE = re.compile(r"^名称: *(.*)$", re.MULTILINE)


def _get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    return response.read().decode("utf-8", "replace")


def _wait_for(connection, path, text, interval, timeout):
    """Polls `path` until its body contains `text`; returns the time it did (time.perf_counter)."""
    deadline = time.perf_counter() + timeout
    while True:
        if text in _get(connection, path):
            return time.perf_counter()
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{path} did not show «{text}» within {timeout} s")
        time.sleep(interval)


def _with_marker(value, marker):
    """A YAML scalar with `marker` added to its text, quoted or not."""
    value = value.rstrip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[:-1] + marker + value[-1]
    return value + marker


def measure_rebuilds(content_dir, port, repeats=20, timeout=30.0, log=None):
    """[(ms until the matter page is new, ms until the home page is new)] for `repeats` saves."""
    matters = sorted(Path(content_dir, "matters").glob("*.md"))
    if not matters:
        raise ValueError(f"no matters in {content_dir}/matters")
    file = matters[0]
    number = file.name[:-len(".md")]
    original = file.read_text(encoding="utf-8")
    if not NAME_LINE.search(original):
        raise ValueError(f"{file} has no 名称 line")
    page = f"/matters/{number}/"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    results = []
    try:
        _get(connection, page)  # connected, and the server is up
        for repeat in range(repeats):
            marker = f"延迟测试{repeat}-{time.monotonic_ns() % 1000000}"
            changed = NAME_LINE.sub(lambda m: "名称: " + _with_marker(m.group(1), marker), original, count=1)
            start = time.perf_counter()
            with open(file, "w", encoding="utf-8") as handle:
                handle.write(changed)
            page_ready = _wait_for(connection, page, marker, 0.001, timeout)
            all_ready = _wait_for(connection, "/", marker, 0.005, timeout)
            result = ((page_ready - start) * 1000, (all_ready - start) * 1000)
            results.append(result)
            if log:
                log(f"  {repeat + 1:2}: page {result[0]:7.1f} ms   everything ≤ {result[1]:7.1f} ms")
            time.sleep(0.1)
    finally:
        file.write_text(original, encoding="utf-8")
        connection.close()
    return results


@contextlib.contextmanager
def serving(content_dir, port, binary=RELEASE_BIN, theme=REPO / "themes" / "default", timeout=600.0):
    """Runs `gongkai serve` on the content folder until the block ends; waits until it serves."""
    process = subprocess.Popen(
        [str(binary), "serve", "--content", str(content_dir), "--theme", str(theme), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    try:
        deadline = time.monotonic() + timeout
        for line in process.stdout:
            if line.startswith("已生成"):
                print(f"  serve: {line.strip()}", file=sys.stderr)
            if line.startswith("预览："):
                break
            if time.monotonic() > deadline:
                raise TimeoutError("gongkai serve did not start")
        else:
            raise RuntimeError(f"gongkai serve stopped: {process.stderr.read()}")
        # Keep reading what it prints, so that a full pipe never blocks it.
        for stream in (process.stdout, process.stderr):
            threading.Thread(target=lambda s=stream: [None for _ in s], daemon=True).start()
        yield process
    finally:
        process.send_signal(2)  # Ctrl-C
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content")
    parser.add_argument("port", type=int)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--start", action="store_true", help="start gongkai serve (and stop it afterwards)")
    parser.add_argument("--binary", default=str(RELEASE_BIN))
    parser.add_argument("--theme", default=str(REPO / "themes" / "default"))
    args = parser.parse_args()
    context = serving(args.content, args.port, args.binary, args.theme) if args.start else contextlib.nullcontext()
    with context:
        results = measure_rebuilds(args.content, args.port, args.repeats, log=print)
    pages = [page for page, _ in results]
    everything = [whole for _, whole in results]
    print(f"median: page {statistics.median(pages):.1f} ms (min {min(pages):.1f}, max {max(pages):.1f}); "
          f"everything ≤ {statistics.median(everything):.1f} ms")


if __name__ == "__main__":
    main()
