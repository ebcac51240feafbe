"""render.py's start: WeasyPrint's libraries found from one `ldconfig -p` listing (listed_library_finder)
instead of ctypes' lookup, which runs gcc and ld for every name WeasyPrint tries that is not found.

.venv/bin/python -m pytest Tests/renderer/test_render_start.py
"""

from __future__ import annotations

import ctypes.util
import sys
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
