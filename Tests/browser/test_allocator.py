"""The Linux binary allocates with mimalloc, as Package.swift links it (docs/performance.md, fifth round).

Linked but placed after glibc in the loader's search order, or dropped from the link, mimalloc would
silently not be used and builds would be ~14% slower with nothing failing. mimalloc says so itself when
it starts, given MIMALLOC_VERBOSE=1.
"""
import os
import platform
import subprocess

import pytest

from conftest import REPO, gongkai_bin


@pytest.mark.skipif(platform.system() != "Linux", reason="mimalloc is linked on Linux only")
def test_gongkai_allocates_with_mimalloc():
    result = subprocess.run([str(gongkai_bin()), "--version"], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "MIMALLOC_VERBOSE": "1"})
    assert result.returncode == 0, result.stderr
    assert "mimalloc: process init" in result.stderr, result.stderr
