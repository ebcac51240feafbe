"""`gongkai serve` in a real headless Chromium: a saved matter reloads the open page, a content error shows
as an overlay with path:line:col over the last good page, and the fix clears it — no restart, no click.
"""
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, content_dir, gongkai_bin


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    """A copy of the content served by `gongkai serve`; yields (content folder, base URL)."""
    content = tmp_path / "content"
    shutil.copytree(content_dir(), content)
    port = free_port()
    process = subprocess.Popen(
        [str(gongkai_bin()), "serve", "--content", str(content), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("预览："):
            break
    else:
        pytest.fail("gongkai serve did not start:\n" + "".join(lines))
    threading.Thread(target=lambda: [lines.append(l) for l in process.stdout], daemon=True).start()
    try:
        yield content, f"http://127.0.0.1:{port}/", lines
    finally:
        process.send_signal(2)
        process.wait(timeout=10)


def wait_for(condition, what: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def heading(driver) -> str:
    """The page's h1, read in one script call: the page may reload between two WebDriver calls."""
    return driver.execute_script("const h = document.querySelector('h1'); return h ? h.innerText : '';")


def overlay_text(driver) -> str:
    return driver.execute_script(
        "const o = document.querySelector('[role=alert]'); return o && o.isConnected ? o.innerText : '';")


def test_save_reloads_error_overlays_fix_recovers(_session_driver, preview):
    driver = _session_driver
    content, base, log = preview
    driver.get(base + "matters/1.1/")
    wait_for(lambda: heading(driver).endswith("就失业登记"), "the matter page")
    matter = content / "matters" / "1.1.md"
    original = matter.read_text(encoding="utf-8")

    # A saved change reaches the open page by itself.
    driver.execute_script("window.__notReloaded = true")
    matter.write_text(original.replace("名称: 就失业登记", "名称: 就业失业登记"), encoding="utf-8")
    wait_for(lambda: heading(driver).endswith("就业失业登记"), "the page to reload")
    assert driver.execute_script("return window.__notReloaded === undefined"), "the page was reloaded, not patched"

    # A content error: an overlay with the file, line and column, over the last good page.
    matter.write_text(original.replace("名称: 就失业登记", "名称: [就失业登记"), encoding="utf-8")
    text = wait_for(lambda: overlay_text(driver), "the error overlay")
    assert "matters/1.1.md:" in text and "YAML" in text, text
    assert heading(driver).endswith("就业失业登记"), "the last good page stays"
    assert any("matters/1.1.md:" in line for line in log), "the terminal shows the error too"

    # The fix clears the overlay and shows the fixed page, without restarting anything.
    matter.write_text(original, encoding="utf-8")
    wait_for(lambda: not overlay_text(driver) and heading(driver).endswith(" 就失业登记"),
             "the overlay to clear")


def test_reload_script_only_in_served_pages(_session_driver, preview, tmp_path):
    driver = _session_driver
    content, base, _ = preview
    driver.get(base)
    assert driver.execute_script("return [...document.scripts].some(s => s.src.includes('/__gongkai/live.js'))")
    out = tmp_path / "built"
    subprocess.run([str(gongkai_bin()), "build", "--content", str(content), "--output", str(out)], check=True,
                   capture_output=True, cwd=REPO)
    for page in out.rglob("*.html"):
        assert "__gongkai" not in page.read_text(encoding="utf-8"), page
