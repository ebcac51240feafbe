#!/usr/bin/env python3
"""gongkai's 查找事项 against Pagefind on the same built site: 20 written-down queries, index sizes, file://.

Usage: bench/search_compare.py [--bin .build/release/gongkai] [--pagefind-python PY] [--matters 100]
                               [--json FILE]

Two sites are built with the gongkai binary: the example content (content/) and N generated matters
(bench/generate.py N). For each, Pagefind (PyPI `pagefind[extended]`, whose extended binary segments
Chinese) indexes a copy of the built site, restricted to the matter pages (`--glob matters/*/index.html`)
so both search the same documents. Both are then run in headless Chromium:

- gongkai: the real index page, the query typed into its search box, the results read off the page;
- Pagefind: its own JS API (`pagefind.js`, `search(query)`, each result's `data().url`) on a small page
  in the copied site, served over http (Pagefind fetches its index files, which Chromium refuses from file://).

Relevance is judged by hand, written down in QUERIES: each query has the intent a resident has (a matter
whose 名称 holds X, or whose 运行要件 / 法定依据 holds X), and a matter is relevant when catalogue.json
says so. Per engine and site: how many queries put a relevant matter first, precision of the first five
and recall of the relevant matters. Then index sizes (raw and gzip) and whether each works from file://.

Without --pagefind-python a venv is made in a temporary folder and `pagefind[extended]` installed into it
with pip (needs PyPI). Nothing of Pagefind goes into the site gongkai builds.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (query, field of the intent, text that field holds in a relevant matter). Fields: name, materials,
# legalBasis (the keys of catalogue.json).
QUERIES: list[tuple[str, str, str]] = [
    ("援助", "name", "援助"),
    ("就业援助", "name", "就业援助"),
    ("低保", "name", "最低生活保障"),
    ("最低生活保障", "name", "最低生活保障"),
    ("失业登记", "name", "失业登记"),
    ("就业困难", "name", "就业援助"),
    ("医保", "name", "医疗保险"),
    ("养老保险", "name", "养老保险"),
    ("灵活就业", "name", "灵活就业"),
    ("个体经营", "name", "个体经营"),
    ("参保登记", "name", "参保"),
    ("残疾人", "name", "残疾人"),
    ("高龄津贴", "name", "高龄津贴"),
    ("社保", "name", "社会保险"),
    ("就业 援助", "name", "就业援助"),
    ("身份证", "materials", "身份证"),
    ("结婚证", "materials", "结婚证"),
    ("居住证", "materials", "居住证"),
    ("就业促进条例", "legalBasis", "就业促进条例"),
    ("社会救助暂行办法", "legalBasis", "社会救助暂行办法"),
]

GONGKAI_RESULTS_JS = """
const [query] = arguments;
const box = document.getElementById('search-input');
const status = document.querySelector('[data-search-status]');
status.textContent = '';
box.value = query;
box.dispatchEvent(new Event('input', {bubbles: true}));
const start = performance.now();
while (!status.textContent && performance.now() - start < 5000) { await new Promise(r => setTimeout(r, 20)); }
return [...document.querySelectorAll('[data-search-results] > li a .number')].map(e => e.textContent);
"""

PAGEFIND_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title></head>
<body><script type="module">
window.runPagefind = async (query) => {
  const pagefind = await import("./pagefind/pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.map((r) => r.data()));
  return data.map((d) => d.url);
};
window.pagefindReady = true;
</script></body></html>
"""

PAGEFIND_RUN_JS = """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
const wait = async () => { while (!window.pagefindReady) { await new Promise(r => setTimeout(r, 20)); } };
wait().then(() => window.runPagefind(query)).then(urls => done({urls}), e => done({error: String(e)}));
"""


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise SystemExit(f"`{' '.join(map(str, cmd))}` exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def pagefind_python(given: str | None, work: Path) -> str:
    if given:
        return given
    venv = work / "pagefind-venv"
    run([sys.executable, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "pip"), "install", "--quiet", "pagefind[extended]"], timeout=600)
    return str(venv / "bin" / "python")


def build(binary: str, content: Path, out: Path) -> Path:
    run([binary, "build", "--quiet", "--content", str(content), "--output", str(out)], cwd=REPO, timeout=600)
    return out


def sizes(paths: list[Path]) -> tuple[int, int]:
    raw = sum(p.stat().st_size for p in paths)
    packed = sum(len(gzip.compress(p.read_bytes(), 9)) for p in paths)
    return raw, packed


def relevant(catalogue: dict, field: str, text: str) -> set[str]:
    found = set()
    for matter in catalogue["matters"]:
        if field == "name":
            values = [matter["name"]]
        elif field == "materials":
            values = [m["name"] for m in matter["materials"]] + [matter.get("materialsAsPublished", "")]
        else:
            values = [b["reference"] + (b.get("text") or "") for b in matter["legalBasis"]]
        if any(text in v for v in values):
            found.add(matter["number"])
    return found


def chrome():
    sys.path.insert(0, str(REPO / "Tests" / "browser"))
    from conftest import _chrome  # the tests' own headless Chromium (no network, offline selenium)

    return _chrome(javascript=True)


def serve(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def gongkai_results(driver, query: str) -> list[str]:
    # WebDriver waits for a returned promise; the arrow function sees the script's `arguments`.
    return driver.execute_script("return (async () => {" + GONGKAI_RESULTS_JS + "})()", query)


def pagefind_results(driver, query: str) -> list[str]:
    result = driver.execute_async_script(PAGEFIND_RUN_JS, query)
    if "error" in result:
        raise RuntimeError(result["error"])
    numbers = []
    for url in result["urls"]:
        parts = url.strip("/").split("/")
        numbers.append(parts[parts.index("matters") + 1] if "matters" in parts else url)
    return numbers


def score(results: list[str], wanted: set[str]) -> dict:
    top = results[:5]
    return {
        "first": bool(results) and results[0] in wanted,
        "p5": (sum(r in wanted for r in top) / len(top)) if top else (1.0 if not wanted else 0.0),
        "recall": (len(wanted & set(results)) / len(wanted)) if wanted else 1.0,
    }


def compare_site(name: str, site: Path, python: str, driver, work: Path) -> dict:
    catalogue = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    copy = work / f"{name}-pagefind"
    shutil.copytree(site, copy)
    started = time.perf_counter()
    run([python, "-m", "pagefind", "--site", str(copy), "--glob", "matters/*/index.html"], timeout=600)
    pagefind_seconds = time.perf_counter() - started
    (copy / "pagefind-test.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    bundle = [p for p in (copy / "pagefind").rglob("*") if p.is_file()]
    index_files = [p for p in bundle if p.suffix in (".pf_meta", ".pf_index", ".pf_filter") or p.name.endswith(".pf_fragment")]
    gongkai_index = site / "search-index.js"
    report = {
        "site": name, "matters": len(catalogue["matters"]),
        "gongkai": {"index": sizes([gongkai_index]), "script": sizes([REPO / "themes/default/assets/search.js"])},
        "pagefind": {"bundle": sizes(bundle), "index": sizes(index_files), "files": len(bundle),
                     "seconds": round(pagefind_seconds, 2)},
        "queries": [],
    }

    driver.get((site / "index.html").as_uri())
    time.sleep(0.3)
    gongkai_file = []
    for query, field, text in QUERIES:
        gongkai_file.append(gongkai_results(driver, query))
    server, base = serve(copy)
    try:
        driver.get(base + "pagefind-test.html")
        for (query, field, text), mine in zip(QUERIES, gongkai_file):
            theirs = pagefind_results(driver, query)
            wanted = relevant(catalogue, field, text)
            report["queries"].append({
                "query": query, "intent": f"{field} holds {text}", "relevant": sorted(wanted),
                "gongkai": mine, "pagefind": theirs,
                "gongkaiScore": score(mine, wanted), "pagefindScore": score(theirs, wanted),
            })
    finally:
        server.shutdown()
    # file://: gongkai's page was run from file:// above; Pagefind's test page opened the same way.
    report["gongkai"]["fileURL"] = any(gongkai_file)
    driver.get((copy / "pagefind-test.html").as_uri())
    try:
        driver.set_script_timeout(10)
        outcome = driver.execute_async_script(PAGEFIND_RUN_JS, QUERIES[0][0])
    except Exception as exc:  # a timeout counts as not working
        outcome = {"error": type(exc).__name__}
    report["pagefind"]["fileURL"] = "urls" in outcome and bool(outcome["urls"])
    report["pagefind"]["fileURLError"] = outcome.get("error", "")[:200]
    return report


def summary(report: dict) -> list[str]:
    lines = [f"## {report['site']} ({report['matters']} matters)", ""]
    g, p = report["gongkai"], report["pagefind"]
    lines.append(f"gongkai index: {g['index'][0]} B ({g['index'][0] / report['matters']:.0f} B a matter), "
                 f"{g['index'][1]} B gzip; search.js {g['script'][0]} B, {g['script'][1]} B gzip; works from file://: "
                 f"{'yes' if g['fileURL'] else 'no'}")
    lines.append(f"Pagefind bundle: {p['files']} files, {p['bundle'][0]} B ({p['bundle'][1]} B gzip), of which index "
                 f"{p['index'][0]} B; built in {p['seconds']} s; works from file://: "
                 f"{'yes' if p['fileURL'] else 'no (' + p['fileURLError'] + ')'}")
    lines += ["", "| query | relevant | gongkai | Pagefind |", "|---|---|---|---|"]
    for q in report["queries"]:
        def cell(results, s):
            shown = " ".join(results[:6]) + (" …" if len(results) > 6 else "")
            return f"{len(results)}: {shown or '—'} {'✓' if s['first'] else '✗'}"
        lines.append(f"| {q['query']} | {' '.join(q['relevant']) if len(q['relevant']) < 8 else str(len(q['relevant'])) + ' matters'} "
                     f"| {cell(q['gongkai'], q['gongkaiScore'])} | {cell(q['pagefind'], q['pagefindScore'])} |")
    for engine in ("gongkai", "pagefind"):
        scores = [q[engine + "Score"] for q in report["queries"] if q["relevant"]]
        if scores:
            lines.append(f"- {engine}: relevant first in {sum(s['first'] for s in scores)}/{len(scores)} queries with a relevant "
                         f"matter; mean precision@5 {sum(s['p5'] for s in scores) / len(scores):.2f}; "
                         f"mean recall {sum(s['recall'] for s in scores) / len(scores):.2f}")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(REPO / ".build" / "release" / "gongkai"))
    parser.add_argument("--pagefind-python", help="a Python with `pagefind[extended]` installed (default: a new venv)")
    parser.add_argument("--matters", type=int, default=100, help="generated matters for the second site")
    parser.add_argument("--json", help="write the full results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gongkai-search-compare-"))
    try:
        python = pagefind_python(args.pagefind_python, work)
        version = run([python, "-m", "pip", "show", "pagefind"]).stdout.split("Version: ")[1].split()[0]
        run([sys.executable, str(REPO / "bench" / "generate.py"), str(args.matters), str(work / "generated")])
        sites = {
            "example content": build(args.bin, REPO / "content", work / "example"),
            f"generated {args.matters}": build(args.bin, work / "generated" / "gongkai", work / "generated-site"),
        }
        driver = chrome()
        try:
            reports = [compare_site(name.replace(" ", "-"), site, python, driver, work) for name, site in sites.items()]
        finally:
            driver.quit()
        print(f"# gongkai search vs Pagefind {version} (extended), {time.strftime('%Y-%m-%d')}\n")
        for report in reports:
            print("\n".join(summary(report)))
        if args.json:
            Path(args.json).write_text(json.dumps({"pagefind": version, "sites": reports}, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
