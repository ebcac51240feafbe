"""`gongkai pdf`: the print catalogue and the window posters, rendered by the real WeasyPrint and read back
with poppler (pdftotext, pdfinfo, pdftoppm) and zbar (zbarimg).

For the example content and the Harbin fixture site, at A3 and at A4:
- every page number printed in the 目录 is the page on which that matter's 信息表 begins;
- the 信息表 text survives on paper: the seed's sentences and items (Tests/GongkaiTests/Fixtures/
  seed-000-expected.json) for the example content, every matter's fields from catalogue.json for both;
- each poster is exactly one page of the requested paper;
- each poster's QR code, rasterised at 150 dpi, decodes to exactly its matter's page;
- every font in every PDF is embedded as a subset (pdffonts), as WeasyPrint's HarfBuzz subsetting must do.

Slow (WeasyPrint subsets the CJK fonts, seconds per PDF), hence here and not in `swift test`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import REPO, content_dir, fail_if, gongkai_bin, need

HARBIN = REPO / "Tests" / "GongkaiTests" / "Fixtures" / "sites" / "harbin"
SEED = REPO / "Tests" / "GongkaiTests" / "Fixtures" / "seed-000-expected.json"
WORD_FIXTURE = REPO / "Tests" / "GongkaiTests" / "Fixtures" / "import" / "dagu-catalogue.docx"
SITES = ["content", "harbin"]
PAPERS = {"A3": (841.89, 1190.55), "A4": (595.276, 841.89)}
FOOTER = re.compile(r"^\s*第\s*(\d+)\s*页\s*共\s*(\d+)\s*页\s*$")


def _tool(name: str, package: str) -> str:
    exe = shutil.which(name)
    need(exe is not None, f"`{name}` not found (Debian package {package})")
    return exe


def _run(cmd: list[str], timeout: int = 120) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"`{' '.join(cmd)}` exited {proc.returncode}\n{proc.stderr[-2000:]}"
    return proc.stdout



@pytest.fixture(scope="session")
def pdf_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@lru_cache(maxsize=None)
def _built(root: Path, site: str, paper: str) -> Path:
    """`gongkai pdf` for one site and paper, once per session; the output folder."""
    binary = gongkai_bin()
    need(binary.is_file(), f"gongkai binary not found at {binary} (set GONGKAI_BIN or build it)")
    # The project's own WeasyPrint (scripts/setup.sh puts it in .venv/), else Debian's on PATH.
    need((REPO / ".venv" / "bin" / "weasyprint").is_file() or shutil.which("weasyprint") is not None,
         "no WeasyPrint: neither .venv/bin/weasyprint (scripts/setup.sh) nor `weasyprint` on PATH")
    if site == "imported":
        # seed 000's Word document through `gongkai import`: what a station does on its first day.
        content = root / "imported" / "content"
        if not (content / "site.yaml").exists():
            cmd = [str(binary), "import", str(WORD_FIXTURE), "--content", str(content),
                   "--base-url", "https://gongkai.example.org/dagu/"]
            proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
            assert proc.returncode == 0, f"`{' '.join(cmd)}` exited {proc.returncode}\n{proc.stderr}"
    else:
        content = content_dir() if site == "content" else HARBIN
    out = root / f"{site}-{paper}" / "public"
    cmd = [str(binary), "pdf", "--content", str(content), "--output", str(out), "--paper", paper]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"`{' '.join(cmd)}` exited {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    print(proc.stdout.strip())
    return out


@pytest.fixture
def built(pdf_root):
    return lambda site, paper: _built(pdf_root, site, paper)


def _matters(out: Path) -> list[dict]:
    return json.loads((out / "catalogue.json").read_text(encoding="utf-8"))["matters"]


def _squash(text: str) -> str:
    return "".join(text.split())


def _pages(pdf: Path, *mode: str) -> list[str]:
    text = _run([_tool("pdftotext", "poppler-utils"), *mode, str(pdf), "-"])
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _body(page: str) -> str:
    """A page of `pdftotext -raw` without its running header and footer, which WeasyPrint draws last."""
    lines = [line for line in page.splitlines() if line.strip()]
    if lines and FOOTER.match(lines[-1]):
        lines = lines[:-2]  # the footer, and the header line above it
    return "\n".join(lines)


def _sheet_starts(pages: list[str], matters: list[dict]) -> dict[str, int]:
    """The 1-based page on which each matter's 信息表 heading (`<序号> <名称>信息表`) first appears."""
    starts = {}
    for matter in matters:
        title = _squash(f"{matter['number']}{matter['name']}信息表")
        found = [i + 1 for i, page in enumerate(pages) if title in _squash(page)]
        assert found, f"the 信息表 of {matter['number']} ({title}) is on no page"
        starts[matter["number"]] = found[0]
    return starts


# --------------------------------------------------------------------------- the print catalogue


@pytest.mark.parametrize("site", SITES)
def test_toc_page_numbers_are_where_each_sheet_begins(built, site: str, report):
    out = built(site, "A3")
    pdf = out / "print" / "catalogue.pdf"
    assert pdf.is_file(), f"no {pdf}"
    matters = _matters(out)
    pages = _pages(pdf, "-layout")
    toc_index = next((i for i, p in enumerate(pages) if "目录" in _squash(p)), None)
    assert toc_index is not None, "no page carries the heading 目录"
    toc = pages[toc_index].splitlines()
    starts = _sheet_starts(pages, matters)
    problems, pairs = [], []
    for matter in matters:
        number = matter["number"]
        token = re.compile(r"(?<![\d.])" + re.escape(number) + r"(?![\d.])")
        lines = [line for line in toc if token.search(line)]
        if len(lines) != 1:
            problems.append(f"{number}: {len(lines)} lines of the 目录 name it: {lines}")
            continue
        numbers = re.findall(r"(?<![\d.])(\d+)\s*$", lines[0])
        if not numbers:
            problems.append(f"{number}: no page number at the end of its 目录 line: {lines[0]!r}")
            continue
        printed = int(numbers[-1])
        pairs.append(f"{number}→{printed}")
        if printed != starts[number]:
            problems.append(f"{number}: the 目录 says page {printed}, its 信息表 begins on page {starts[number]}")
        footer = [m for line in pages[starts[number] - 1].splitlines() if (m := FOOTER.match(line))]
        if not footer or int(footer[-1].group(1)) != starts[number]:
            problems.append(f"{number}: the footer of page {starts[number]} does not say 第 {starts[number]} 页")
    report(f"print catalogue ({site}): {len(pages)} pages; 目录 {', '.join(pairs)}")
    fail_if(problems, "目录 page numbers:\n" + "\n".join(problems))


def _sheet_texts(out: Path) -> dict[str, str]:
    """Each matter's 信息表 as text (`pdftotext -raw`, running header and footer removed, whitespace removed),
    from the page it begins on to the page before the next one."""
    pages = _pages(out / "print" / "catalogue.pdf", "-raw")
    matters = _matters(out)
    starts = _sheet_starts(pages, matters)
    order = sorted(starts.values()) + [len(pages) + 1]
    texts = {}
    for number, start in starts.items():
        end = next(p for p in order if p > start)
        texts[number] = _squash("".join(_body(page) for page in pages[start - 1 : end - 1]))
    return texts


@pytest.mark.parametrize("site", ["content", "imported"])
def test_seed_text_survives_in_the_pdf(built, site: str):
    """Every sentence and item of seed 000 in the printed 信息表: of content/, and of the site imported from
    seed 000's Word document (where 运行要件 is the published wording, typo 「需风赡养」 included)."""
    out = built(site, "A3")
    expected = json.loads(SEED.read_text(encoding="utf-8"))
    texts = _sheet_texts(out)
    missing = []
    for number, entry in expected.items():
        if number == "corrections":
            continue
        need(number in texts, f"matter {number} of seed 000 is not in the print catalogue")
        for kind in ("prose", "items"):
            for sentence in entry[kind]:
                wanted = _squash(sentence)
                if wanted not in texts[number] and wanted.replace("需赡养", "需风赡养") not in texts[number]:
                    missing.append(f"{number} ({kind}): {sentence}")
    fail_if(missing, "seed text missing from the printed 信息表:\n" + "\n".join(missing))


@pytest.mark.parametrize("site", SITES)
def test_every_field_is_printed(built, site: str):
    """Each matter's fields (from catalogue.json) on its printed 信息表: name, 法定依据, 运行流程, every
    material with its condition in words, 监督方式."""
    out = built(site, "A3")
    texts = _sheet_texts(out)
    missing = []
    for matter in _matters(out):
        text = texts[matter["number"]]
        wanted = [matter["name"], matter["implementingBody"], matter["flow"]["line"]]
        wanted += [b["reference"] for b in matter["legalBasis"]]
        if matter.get("materialsAsPublished"):
            # 运行要件 printed as published; the materials split from it drive the self-checker only.
            wanted.append(matter["materialsAsPublished"])
        else:
            for material in matter["materials"]:
                wanted += [material["name"], material.get("conditionText", ""), material.get("note", "")]
        wanted += [f"{c['label']}：{c['value']}" for c in matter["contacts"]]
        missing += [f"{matter['number']}: {w}" for w in wanted if w and _squash(w) not in text]
    fail_if(missing, f"fields missing from the printed 信息表 ({site}):\n" + "\n".join(missing))


# --------------------------------------------------------------------------- posters


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("site", SITES)
def test_each_poster_is_one_page(built, site: str, paper: str, report):
    out = built(site, paper)
    pdfinfo = _tool("pdfinfo", "poppler-utils")
    problems, seen = [], []
    for matter in _matters(out):
        pdf = out / "posters" / f"{matter['number']}.pdf"
        if not pdf.is_file():
            problems.append(f"{matter['number']}: no {pdf.name}")
            continue
        info = _run([pdfinfo, str(pdf)])
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
        want = PAPERS[paper]
        seen.append(f"{matter['number']}:{pages}")
        if pages != 1:
            problems.append(f"{matter['number']}: {pages} pages")
        if abs(width - want[0]) > 1 or abs(height - want[1]) > 1:
            problems.append(f"{matter['number']}: page size {width} x {height}, not {paper} portrait {want}")
    report(f"posters ({site}, {paper}): pages {' '.join(seen)}")
    fail_if(problems, f"posters ({site}, {paper}) that are not one {paper} page:\n" + "\n".join(problems))


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("site", SITES)
def test_poster_qr_codes_decode_to_their_matter(built, site: str, paper: str, tmp_path, report):
    out = built(site, paper)
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    zbarimg = _tool("zbarimg", "zbar-tools")
    problems, decoded = [], 0
    for matter in _matters(out):
        pdf = out / "posters" / f"{matter['number']}.pdf"
        png = tmp_path / matter["number"]
        _run([pdftoppm, "-r", "150", "-png", "-singlefile", str(pdf), str(png)])
        proc = subprocess.run([zbarimg, "--raw", "-q", str(png) + ".png"], capture_output=True, text=True, timeout=60)
        codes = [line for line in proc.stdout.splitlines() if line.strip()]
        if codes != [matter["url"]]:
            problems.append(f"{matter['number']}: decoded {codes!r}, want [{matter['url']!r}]")
        else:
            decoded += 1
    report(f"QR codes ({site}, {paper}): {decoded} decoded to their matter's page")
    fail_if(problems, f"poster QR codes ({site}, {paper}):\n" + "\n".join(problems))


@pytest.mark.parametrize("site", SITES)
def test_fonts_are_embedded_subsets(built, site: str, report):
    """Each font of the catalogue and of every poster embedded and subset: a PDF that prints the same
    anywhere, and small (the whole CJK font is megabytes)."""
    out = built(site, "A3")
    pdffonts = _tool("pdffonts", "poppler-utils")
    problems, fonts = [], set()
    for pdf in [out / "print" / "catalogue.pdf"] + sorted((out / "posters").glob("*.pdf")):
        rows = _run([pdffonts, str(pdf)]).splitlines()[2:]
        if not rows:
            problems.append(f"{pdf.name}: no fonts")
        for row in rows:
            # name type encoding emb sub uni object ID: the three yes/no columns before the object number.
            emb, sub = row.split()[-5], row.split()[-4]
            fonts.add(row.split()[0].split("+")[-1])
            if emb != "yes" or sub != "yes" or "+" not in row.split()[0]:
                problems.append(f"{pdf.name}: {row.strip()}")
    report(f"fonts ({site}): {', '.join(sorted(fonts))}, embedded as subsets in every PDF")
    fail_if(problems, f"fonts not embedded as subsets ({site}):\n" + "\n".join(problems))
