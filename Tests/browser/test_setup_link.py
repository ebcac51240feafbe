"""scripts/link-gongkai.sh, which setup.sh runs to put gongkai on PATH: it links a free name, renews a link to
a removed checkout's build, and leaves whatever else is there — a file, a link elsewhere — as it was."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

SCRIPT = REPO / "scripts" / "link-gongkai.sh"


def link(binary: Path, name: Path) -> str:
    proc = subprocess.run(["bash", str(SCRIPT), str(binary), str(name)], capture_output=True, text=True,
                          timeout=30, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture()
def binary(tmp_path: Path) -> Path:
    path = tmp_path / "repo" / ".build" / "release" / "gongkai"
    path.parent.mkdir(parents=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_a_free_name_gets_the_link(binary, tmp_path):
    name = tmp_path / "bin" / "gongkai"
    name.parent.mkdir()
    assert "on PATH" in link(binary, name)
    assert os.readlink(name) == str(binary)
    assert "on PATH" in link(binary, name), "running setup again keeps the link"
    assert os.readlink(name) == str(binary)


def test_a_link_to_a_removed_checkouts_build_is_renewed(binary, tmp_path):
    name = tmp_path / "gongkai"
    name.symlink_to(tmp_path / "gone" / ".build" / "release" / "gongkai")
    link(binary, name)
    assert os.readlink(name) == str(binary)


@pytest.mark.parametrize("kind", ["file", "link elsewhere", "dangling link to something else"])
def test_what_the_owner_put_there_stays(binary, tmp_path, kind):
    name = tmp_path / "gongkai"
    other = tmp_path / "their-gongkai"
    if kind == "file":
        name.write_text("the owner's own program\n")
    elif kind == "link elsewhere":
        other.write_text("x")
        name.symlink_to(other)
    else:
        name.symlink_to(tmp_path / "gone" / "gongkai")
    before = os.readlink(name) if name.is_symlink() else name.read_text()
    assert "not linking" in link(binary, name)
    after = os.readlink(name) if name.is_symlink() else name.read_text()
    assert after == before, f"{kind} was changed"
