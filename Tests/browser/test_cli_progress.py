"""`gongkai build` shows one updating progress line on a terminal, and nothing extra otherwise.

A 2,000-matter site from bench/generate.py takes long enough for the line to appear; the terminal is a
real pseudo-terminal (pty), as when a clerk runs the command by hand.
"""
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, gongkai_bin


@pytest.fixture(scope="module")
def big_content(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "2000", str(out / "site")], check=True)
    return out / "site" / "gongkai"


def run_on_pty(args: list[str]) -> tuple[int, str]:
    """Runs with stdout and stderr on a pty; returns the exit status and everything it wrote."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(args, stdout=secondary, stderr=secondary, stdin=subprocess.DEVNULL, cwd=REPO)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_progress_line_on_a_terminal(big_content, tmp_path):
    status, text = run_on_pty([str(gongkai_bin()), "build", "--content", str(big_content), "--output", str(tmp_path / "out")])
    assert status == 0, text
    assert "生成中" in text and "\r" in text, text
    # One updating line: each update returns to the start of the line and clears it, never a new line.
    progress = text.split("已生成")[0]
    assert "\n" not in progress.replace("\r\n", "\n").rstrip("\n"), repr(progress[:300])
    # Cleared when the build is done: after the last update, the line is erased before the result.
    last_update = progress.rindex("生成中")
    assert progress[last_update:].rstrip("\n").endswith("\r\x1b[K"), repr(progress[last_update:])
    assert "已生成 4005 个页面（2000 个事项）" in text


def test_quiet_on_a_terminal_prints_nothing(big_content, tmp_path):
    status, text = run_on_pty([str(gongkai_bin()), "build", "--quiet", "--content", str(big_content), "--output", str(tmp_path / "out")])
    assert status == 0
    assert text == ""


def test_no_progress_when_output_is_not_a_terminal(big_content, tmp_path):
    result = subprocess.run([str(gongkai_bin()), "build", "--content", str(big_content), "--output", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("已生成 4005 个页面")
