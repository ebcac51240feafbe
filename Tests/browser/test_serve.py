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


# --------------------------------------------------------------------------- under load

def _exchange(port: int, request: bytes, finish: bool = True, timeout: float = 5.0) -> str:
    """One request on its own connection; the answer's status code, or what happened instead."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as client:
        try:
            client.sendall(request)
            if not finish:
                return "hung up"  # the client gives up midway: no answer is due
            client.shutdown(socket.SHUT_WR)
            answer = b""
            while b"\r\n" not in answer:
                chunk = client.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except ConnectionResetError:
            return "reset"
        except socket.timeout:
            return "timeout"
    parts = answer.split(b" ", 2)
    return parts[1].decode("ascii", "replace") if len(parts) > 2 and parts[0].startswith(b"HTTP/1.") else "no answer"


# What an attacker or a careless tool sends, with the answer each must get.
_LOAD_CASES = [
    ("page", b"GET /matters/2.1/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {"200"}),
    ("missing", b"GET /no/such/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {"404"}),
    ("head", b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {"200"}),
    ("head events", b"HEAD /__gongkai/events HTTP/1.1\r\nConnection: close\r\n\r\n", {"200"}),
    ("http/1.0", b"GET / HTTP/1.0\r\n\r\n", {"200"}),
    ("post", b"POST / HTTP/1.1\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd", {"405"}),
    ("unknown method", b"FOO / HTTP/1.1\r\nConnection: close\r\n\r\n", {"501"}),
    ("long line", b"GET /" + b"a" * 160_000 + b" HTTP/1.1\r\n\r\n", {"414"}),
    ("long headers", b"GET / HTTP/1.1\r\n" + (b"X-F: " + b"c" * 90 + b"\r\n") * 1600 + b"\r\n", {"431"}),
    ("garbage", bytes(range(256)) * 4 + b"\r\n\r\n", {"400"}),
    ("no version", b"GET /\r\n\r\n", {"400"}),
    ("bad length", b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", {"400"}),
    ("chunked post", b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", {"405"}),
    ("traversal", b"GET /../../etc/passwd HTTP/1.1\r\nConnection: close\r\n\r\n", {"404"}),
    ("half a head", b"GET / HTTP/1.1\r\nHost: x\r\n", {"hung up"}),
]


def test_serve_under_load(preview, capsys):
    """3,000 requests, normal and malformed, from 8 clients at once: every answer is the one due, the server
    stays up, and then still serves a page."""
    _, base, log = preview
    port = int(base.rsplit(":", 1)[1].strip("/"))
    from concurrent.futures import ThreadPoolExecutor
    jobs = [_LOAD_CASES[i % len(_LOAD_CASES)] for i in range(3000)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda case: _exchange(port, case[1], finish=case[2] != {"hung up"}), jobs))
    took = time.monotonic() - started
    counts: dict[str, int] = {}
    wrong: dict[str, set[str]] = {}
    for (name, _, due), answer in zip(jobs, answers):
        counts[answer] = counts.get(answer, 0) + 1
        if answer not in due:
            wrong.setdefault(name, set()).add(answer)
    with capsys.disabled():
        print(f"\nserve under load: {len(jobs)} requests in {took:.1f} s: "
              + ", ".join(f"{answer}×{count}" for answer, count in sorted(counts.items())))
    assert not wrong, f"unexpected answers: {wrong}"
    assert took < 120, f"3,000 requests took {took:.0f} s"
    assert _exchange(port, _LOAD_CASES[0][1]) == "200", "the server still serves afterwards"
    assert not any("error" in line.lower() or "错误" in line for line in log), "".join(log)


def test_idle_and_slow_clients_are_let_go(preview):
    """A connection that sends nothing, or its head a byte at a time, is closed after 15 s, not held open."""
    _, base, _ = preview
    port = int(base.rsplit(":", 1)[1].strip("/"))
    idle = socket.create_connection(("127.0.0.1", port), timeout=1)
    slow = socket.create_connection(("127.0.0.1", port), timeout=1)
    started = time.monotonic()
    closed: dict[str, float] = {}
    head = b"GET / HTTP/1.1\r\nX-Slow: " + b"s" * 100
    sent = 0
    while len(closed) < 2 and time.monotonic() - started < 25:
        for name, client in (("idle", idle), ("slow", slow)):
            if name in closed:
                continue
            try:
                if name == "slow" and sent < len(head):
                    client.send(head[sent:sent + 1], socket.MSG_NOSIGNAL)
                    sent += 1
                client.settimeout(0.25)
                if client.recv(1) == b"":
                    closed[name] = time.monotonic() - started
            except socket.timeout:
                pass
            except (BrokenPipeError, ConnectionResetError):
                closed[name] = time.monotonic() - started
    idle.close()
    slow.close()
    assert set(closed) == {"idle", "slow"}, f"still open after 25 s: {closed}"
    assert all(14 <= seconds <= 20 for seconds in closed.values()), closed
    assert _exchange(port, _LOAD_CASES[0][1]) == "200"
