"""render.py's start: WeasyPrint's libraries found from one `ldconfig -p` listing (listed_library_finder)
instead of ctypes' lookup, which runs gcc and ld for every name WeasyPrint tries that is not found; and
WeasyPrint loaded once per run: `--pool` forks a renderer for each `--relay` that connects to it.

.venv/bin/python -m pytest Tests/renderer/test_render_start.py
"""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "renderer"))

import render  # noqa: E402

LISTING = """\
1234 libs found in cache `/etc/ld.so.cache'
\tlibgobject-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libgobject-2.0.so.0
\tlibgobject-2.0.so.0 (libc6) => /lib/i386-linux-gnu/libgobject-2.0.so.0
\tlibharfbuzz.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz.so.0
\tlibharfbuzz-subset.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libharfbuzz-subset.so.0
"""


def test_names_are_answered_from_the_listing_as_ctypes_answers_them(monkeypatch, tmp_path):
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    find = render.listed_library_finder(LISTING)
    assert find("gobject-2.0") == "libgobject-2.0.so.0"
    assert find("harfbuzz") == "libharfbuzz.so.0"
    # The names WeasyPrint tries first on Windows and macOS, and a library this system lacks: not found, at once.
    assert find("libgobject-2.0-0") is None
    assert find("harfbuzz-vector") is None
    # "harfbuzz" is not "harfbuzz-subset", nor the other way round.
    assert find("harfbuzz-subset") == "libharfbuzz-subset.so.0"


def test_a_library_only_in_ld_library_path_is_found_there(monkeypatch, tmp_path):
    (tmp_path / "libpango-1.0.so.0").write_bytes(b"")
    monkeypatch.setenv("LD_LIBRARY_PATH", f"/nonexistent:{tmp_path}")
    find = render.listed_library_finder(LISTING)
    assert find("pango-1.0") == str(tmp_path / "libpango-1.0.so.0")
    assert find("pangoft2-1.0") is None


def test_the_renderer_starts_with_it_and_leaves_ctypes_as_it_was():
    original = ctypes.util.find_library
    renderer = render.Renderer()
    assert ctypes.util.find_library is original
    document = renderer.layout("<p>街道便民服务中心</p>", str(REPO), [])
    assert len(document.pages) == 1


# --------------------------------------------------------------------------- one load for the run's processes

PYTHON = sys.executable


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, str(REPO / "renderer" / "render.py"), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ask(process: subprocess.Popen, request: dict) -> dict:
    process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def loads_pango(pid: int) -> bool:
    return "libpango" in Path(f"/proc/{pid}/maps").read_text()


PART = {"kind": "part", "string": '<p id="a">街道便民服务中心</p>', "base": str(REPO / "index.html")}


def test_a_relay_is_served_by_a_child_of_the_pool_that_loaded_weasyprint_once(tmp_path):
    socket_path = str(tmp_path / "pool.sock")
    pool = start("--pool", socket_path)
    relay = start("--relay", socket_path, str(pool.pid))
    try:
        assert json.loads(pool.stdout.readline()) == {"ready": True}
        assert json.loads(relay.stdout.readline()) == {"ready": True}
        # Both answer, each its own request; the relay never loaded WeasyPrint (a child of the pool did).
        for name, process in (("pool", pool), ("relay", relay)):
            answer = ask(process, {**PART, "pdf": str(tmp_path / f"{name}.pdf")})
            assert answer["pages"] == 1 and answer["anchors"] == {"a": 0}, answer
            assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        assert not loads_pango(relay.pid)
        children = Path(f"/proc/{pool.pid}/task/{pool.pid}/children").read_text().split()
        assert len(children) == 2 and all(loads_pango(int(child)) for child in children)
        # A failure is answered as from any renderer, and the child's message reaches the relay's stderr.
        assert "unknown kind" in ask(relay, {"kind": "bogus", "pdf": "x"})["error"]
    finally:
        pool.stdin.close()
        relay.stdin.close()
    assert relay.wait(30) == 0 and pool.wait(30) == 0


def test_a_relay_without_a_pool_renders_alone(tmp_path):
    relay = start("--relay", str(tmp_path / "none.sock"), "999999999")
    try:
        assert json.loads(relay.stdout.readline()) == {"ready": True}
        assert ask(relay, {**PART, "pdf": str(tmp_path / "alone.pdf")})["pages"] == 1
        assert loads_pango(relay.pid)
    finally:
        relay.stdin.close()
    assert relay.wait(30) == 0


def test_when_the_pool_dies_its_relays_end_and_no_renderer_is_left(tmp_path):
    socket_path = str(tmp_path / "pool.sock")
    pool = start("--pool", socket_path)
    relay = start("--relay", socket_path, str(pool.pid))
    assert json.loads(relay.stdout.readline()) == {"ready": True}
    children = Path(f"/proc/{pool.pid}/task/{pool.pid}/children").read_text().split()
    pool.kill()
    pool.wait(30)
    assert relay.stdout.readline() == "", "the relay's renderer ended with the pool"
    assert relay.wait(30) == 0
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{child}").exists() and "zombie" not in Path(f"/proc/{child}/status").read_text()
              for child in children):
        assert time.monotonic() < deadline, "a forked renderer outlived its pool"
        time.sleep(0.05)


# --------------------------------------------------------------------------- a poster's density

POSTER = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A6; margin: 10mm; }
p { margin: 0; }
.density-0 p { font-size: 40pt; } .density-1 p { font-size: 30pt; } .density-2 p { font-size: 22pt; }
.density-3 p { font-size: 14pt; } .density-4 p { font-size: 12pt; } .density-5 p { font-size: 10pt; }
</style></head><body><article class="poster density-0">""" + "<p>申请人携带居民身份证办理。</p>" * 12 + "</article></body></html>"


def test_a_poster_search_started_where_it_fitted_last_time_finds_the_same_density(tmp_path):
    html = tmp_path / "poster.html"
    html.write_text(POSTER, encoding="utf-8")
    renderer = render.Renderer()
    layouts = []
    layout = renderer.layout

    def counted(source, base, sheets):
        layouts.append(int(render.DENSITY.search(source).group(2)))
        return layout(source, base, sheets)

    renderer.layout = counted

    def search(fitted):
        layouts.clear()
        request = {"html": str(html), "pdf": str(tmp_path / f"{fitted}.pdf"), "smallest": 5}
        if fitted is not None:
            request["fitted"] = fitted
        answer = renderer.render(request)
        assert answer["pages"] == 1 and not answer["fit"]
        return answer["density"], list(layouts)

    density, laid = search(None)
    assert 1 < density < 5, (density, laid)
    assert laid == list(range(density + 1)), "without a guess: every size from the chosen one"
    # From where it fitted last time: that size and the next larger, which does not fit.
    assert search(density) == (density, [density, density - 1])
    # From a smaller size: larger ones while they fit; from a larger: smaller ones until one fits.
    assert search(5) == (density, list(range(5, density - 2, -1)))
    assert search(density - 1) == (density, [density - 1, density])
    assert search(0)[0] == density
