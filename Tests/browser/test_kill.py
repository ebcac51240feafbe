"""kill -9 at random moments of a real build (issue 18): the output is always the complete old site or the
complete new one — never missing, never mixed — and the next build succeeds and leaves nothing beside it.
And kill -9 of `gongkai serve` during a rebuild after an edit leaves the content and an output untouched.

A 5,000-matter site from bench/generate.py, built by the release binary (GONGKAI_BIN). The two sites
differ in the site's 名称 (site.yaml), which is on every page, so a mix of the two shows in page bytes, not
only in the file list. Half the kills fall anywhere in a build, half just after its switch (while the old
site is removed), where random times alone seldom land. Prints one summary line per test: kills, old, new, broken (must be 0).
"""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from conftest import REPO, gongkai_bin

MATTERS = 5000
KILLS = 30
NAMES = ("旧网站名称服务中心", "新网站名称服务中心")
SITE_NAME = re.compile(r"^名称: *.*$", re.MULTILINE)


def snapshot(folder: Path) -> dict[str, tuple[int, int]] | None:
    """Every entry under folder (hidden ones too, links not followed) → (size, crc32); None if missing."""
    if not folder.is_dir():
        return None
    files: dict[str, tuple[int, int]] = {}
    for root, dirs, names in os.walk(folder, followlinks=False):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder)
            if os.path.islink(path):
                files[relative] = (-1, zlib.crc32(os.readlink(path).encode()))
                continue
            with open(path, "rb") as handle:
                data = handle.read()
            files[relative] = (len(data), zlib.crc32(data))
    return files


def wait_for_switch(output: Path, process: subprocess.Popen, limit: float) -> None:
    """Returns once the folder at `output` is another one than when called (or the build ended)."""
    before = os.stat(output).st_ino
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if os.stat(output).st_ino != before:
                return
        except FileNotFoundError:
            return
        time.sleep(0.001)


def name_site(content: Path, name: str) -> None:
    site = content / "site.yaml"
    site.write_text(SITE_NAME.sub(f"名称: {name}", site.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def build(content: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(gongkai_bin()), "build", "--content", str(content), "--output", str(output)],
        capture_output=True, text=True, cwd=REPO)


@pytest.fixture(scope="module")
def large_content(tmp_path_factory) -> Path:
    if not gongkai_bin().exists():
        pytest.fail(f"{gongkai_bin()} is missing (swift build -c release --product gongkai)", pytrace=False)
    folder = tmp_path_factory.mktemp("kill")
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(MATTERS), str(folder / "generated")],
                   check=True, capture_output=True)
    return folder / "generated" / "gongkai"


def test_kill_during_build_leaves_old_or_new_site(large_content, tmp_path, capsys):
    references = []
    seconds = []
    for index, name in enumerate(NAMES):
        name_site(large_content, name)
        reference = tmp_path / f"reference{index}" / "public"
        start = time.monotonic()
        result = build(large_content, reference)
        seconds.append(time.monotonic() - start)
        assert result.returncode == 0, result.stderr
        references.append(snapshot(reference))
    differing = sum(references[0].get(path) != value for path, value in references[1].items())
    assert differing > len(references[1]) * 0.9, "the two sites must differ in nearly every file"
    full = max(seconds)

    output = tmp_path / "site" / "public"
    name_site(large_content, NAMES[0])
    assert build(large_content, output).returncode == 0
    state = 0  # which reference the output holds
    random.seed(int(os.environ.get("GONGKAI_KILL_SEED", "18")))
    kills = finished = old = new = 0
    broken: list[str] = []
    while kills < KILLS:
        target = 1 - state
        name_site(large_content, NAMES[target])
        process = subprocess.Popen(
            [str(gongkai_bin()), "build", "--content", str(large_content), "--output", str(output)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
        if kills % 2 == 0:
            # Anywhere in the build. A build after a kill first clears the staging folder the kill left, so
            # it runs longer than the reference build: 1.1 times its time keeps the test short.
            time.sleep(random.uniform(0, full * 1.1))
        else:
            # Right after the switch, while the old site is being removed: random times alone rarely land
            # there. The switch shows as a new inode at the output's path.
            wait_for_switch(output, process, limit=full * 4)
            time.sleep(random.uniform(0, 0.05))
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
            kills += 1
        else:
            finished += 1
            assert process.returncode == 0, process.stderr.read().decode()
        process.wait()
        process.stderr.close()
        found = snapshot(output)
        if found == references[state]:
            old += killed
        elif found == references[target]:
            new += killed
            state = target
        else:
            missing = "missing" if found is None else f"{len(found)} files"
            broken.append(f"kill {kills}: output is neither site ({missing})")
            break
        if not killed:
            assert state == target, "a build that exited 0 published its site"

    # The next build succeeds, is complete, and clears whatever the last kill left beside the output.
    name_site(large_content, NAMES[1 - state])
    result = build(large_content, output)
    assert result.returncode == 0, result.stderr
    assert snapshot(output) == references[1 - state]
    assert sorted(os.listdir(output.parent)) == ["public"]
    with capsys.disabled():
        print(f"\nkill test (build): kills={kills} old={old} new={new} finished-before-kill={finished} "
              f"broken={len(broken)}")
    assert not broken, broken


def test_kill_serve_during_rebuild_touches_nothing(large_content, tmp_path, capsys):
    name_site(large_content, NAMES[0])
    output = tmp_path / "public"
    assert build(large_content, output).returncode == 0
    before_output = snapshot(output)
    matter = sorted((large_content / "matters").iterdir())[0]
    original = matter.read_text(encoding="utf-8")
    random.seed(int(os.environ.get("GONGKAI_KILL_SEED", "18")))
    kills = 0
    try:
        for round in range(3):
            process = subprocess.Popen(
                [str(gongkai_bin()), "serve", "--content", str(large_content), "--theme", str(REPO / "themes" / "default"),
                 "--port", "0"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
            for line in process.stdout:
                if line.startswith("预览："):
                    break
            else:
                pytest.fail("gongkai serve did not start")
            edited = re.sub(r"^名称: *(.*)$", rf"名称: \1（第{round + 1}次修改）", original, count=1, flags=re.MULTILINE)
            before_content = snapshot(large_content)
            matter.write_text(edited, encoding="utf-8")
            time.sleep(random.uniform(0.05, 1.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
            process.stdout.close()
            kills += 1
            after_content = snapshot(large_content)
            relative = str(matter.relative_to(large_content))
            assert after_content[relative] == (len(edited.encode()), zlib.crc32(edited.encode()))
            del after_content[relative], before_content[relative]
            assert after_content == before_content, "serve changed the content folder"
            assert snapshot(output) == before_output, "serve changed an output folder"
            assert sorted(os.listdir(tmp_path)) == ["public"], "serve left files where it ran"
    finally:
        matter.write_text(original, encoding="utf-8")
    with capsys.disabled():
        print(f"\nkill test (serve): kills={kills} content changed=0 output changed=0")
