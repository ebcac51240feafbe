"""`gongkai export docx|xlsx` opened by LibreOffice (Debian libreoffice-writer / libreoffice-calc, headless):
the Word document converts to text holding every matter's 信息表 and every sentence of seed 000, the workbook
converts to CSV (UTF-8) with a row per matter and a row per material."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, content_dir, fail_if, gongkai_bin, need

SEED = REPO / "Tests" / "GongkaiTests" / "Fixtures" / "seed-000-expected.json"


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    need(exe is not None, "`soffice` not found (Debian libreoffice-writer-nogui, libreoffice-calc-nogui)")
    return exe


def _export(fmt: str, out: Path) -> Path:
    binary = gongkai_bin()
    need(binary.is_file(), f"gongkai binary not found at {binary} (set GONGKAI_BIN or build it)")
    target = out / f"公开服务内容.{fmt}"
    proc = subprocess.run([str(binary), "export", fmt, "--content", str(content_dir()), "--output", str(target)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return target


def _convert(source: Path, to: str, out: Path) -> Path:
    profile = out / "lo-profile"
    proc = subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                           "--outdir", str(out), str(source)],
                          capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    converted = out / (source.stem + "." + to.split(":")[0])
    need(converted.is_file(), f"LibreOffice wrote no {converted.name}: {proc.stdout} {proc.stderr}")
    return converted


def _squash(text: str) -> str:
    return "".join(text.split())


def test_word_export_opens_in_libreoffice_with_every_sentence(tmp_path):
    text = _squash(_convert(_export("docx", tmp_path), "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8-sig"))
    expected = json.loads(SEED.read_text(encoding="utf-8"))
    missing = []
    for number, entry in expected.items():
        if number == "corrections":
            continue
        for sentence in entry["prose"] + entry["items"]:
            wanted = _squash(sentence)
            if wanted not in text and wanted.replace("需赡养", "需风赡养") not in text:
                missing.append(f"{number}: {sentence}")
    fail_if(missing, "seed text missing from the Word export as LibreOffice reads it:\n" + "\n".join(missing))
    for title in ["就失业登记信息表", "就业援助信息表", "对居民养老保险参保资格的认定及登记信息表"]:
        assert title in text


def test_excel_export_opens_in_libreoffice_as_the_list(tmp_path):
    sheet = _convert(_export("xlsx", tmp_path), "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path)
    rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    header = next(i for i, row in enumerate(rows) if "序号" in row and "名称" in row)
    numbers = [row[0] for row in rows[header + 1:] if row and row[0]]
    assert numbers == ["1.1", "2.1", "3.1", "4.1", "4.2"], rows[: header + 2]
    assert rows[0][0] == "天津市滨海新区大沽街党群服务中心"
    assert "1.10" not in numbers  # every cell is text: a 序号 stays as written
