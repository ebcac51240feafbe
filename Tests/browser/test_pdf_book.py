"""The print catalogue laid out in parts (`gongkai pdf` with the project's WeasyPrint, pikepdf and uharfbuzz in
.venv/): what a reader of the PDF sees and what a clerk waits for after an edit.

A generated site of 30 matters, with a theme of its own whose 目录 rows are tall, so the 目录 runs over
more pages than one of its parts holds and is cut into parts too. Read back with poppler and pikepdf:
- every 目录 page number is the page on which that 信息表 begins, and every footer 第 N 页 共 M 页 counts the
  whole book — after the first run, after a matter is renamed, and after a matter grows by pages;
- each 目录 entry is a link to the page where its 信息表 begins; the bookmarks list every 信息表 at its page;
- one embedded program per font for the whole book (each part embedded its own subset);
- a rename lays out again only the parts it touched (the command says how many), and the book is
  otherwise unchanged; an edit in glyphs the book already has is appended to it as an update, pixel for
  pixel the catalogue laid out in one piece;
- the part cache beside the output is gongkai's (marked) and holds only the current parts.

Slow (real WeasyPrint, a few hundred pages), hence here and not in `swift test`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, fail_if, gongkai_bin, need

VENV_PYTHON = REPO / ".venv" / "bin" / "python"
FOOTER = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")
# A child of the default theme whose 目录 rows are three times as tall: a 目录 of many pages from 30 matters.
TALL_TOC = """
@media print {
  .toc-table td { padding-top: 26pt; padding-bottom: 26pt; }
}
"""


def _run(cmd: list[str], timeout: int = 900) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"`{' '.join(map(str, cmd))}` exited {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _pages(pdf: Path) -> list[str]:
    pages = _run(["pdftotext", "-layout", str(pdf), "-"]).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def station(tmp_path_factory) -> dict:
    need(VENV_PYTHON.is_file(), "no .venv/ (scripts/setup.sh installs WeasyPrint, pikepdf and uharfbuzz there)")
    probe = subprocess.run([str(VENV_PYTHON), "-c", "import pikepdf, uharfbuzz, weasyprint"], capture_output=True)
    need(probe.returncode == 0, ".venv/ lacks pikepdf or uharfbuzz: run scripts/setup.sh")
    binary = gongkai_bin()
    need(binary.is_file(), f"gongkai binary not found at {binary}")
    root = tmp_path_factory.mktemp("book")
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "30", str(root / "gen")], check=True,
                   capture_output=True)
    # A theme names its parent beside it: a copy of the default theme, and the tall-目录 one.
    shutil.copytree(REPO / "themes" / "default", root / "themes" / "default")
    theme = root / "themes" / "tall"
    (theme / "assets" / "print").mkdir(parents=True)
    (theme / "templates").mkdir()
    (theme / "theme.yaml").write_text("parent: default\n", encoding="utf-8")
    default_css = (REPO / "themes" / "default" / "assets" / "print" / "catalogue.css").read_text(encoding="utf-8")
    (theme / "assets" / "print" / "catalogue.css").write_text(default_css + TALL_TOC, encoding="utf-8")
    content = root / "gen" / "gongkai"
    out = root / "site" / "public"

    def pdf() -> str:
        return _run([str(binary), "pdf", "--content", str(content), "--theme", str(theme), "--output", str(out)])

    return {"content": content, "out": out, "pdf": pdf, "first": pdf()}


def _matters(out: Path) -> list[dict]:
    return json.loads((out / "catalogue.json").read_text(encoding="utf-8"))["matters"]


def _check_numbers(out: Path) -> list[str]:
    """Problems with the 目录's numbers and the footers of print/catalogue.pdf (empty: none)."""
    pages = _pages(out / "print" / "catalogue.pdf")
    problems = []
    for number, page in enumerate(pages[1:], start=2):
        footers = FOOTER.findall(page)
        if not footers or footers[-1] != (str(number), str(len(pages))):
            problems.append(f"page {number}: footer {footers[-1:] or 'missing'}, want 第 {number} 页 共 {len(pages)} 页")
    toc_text = "\n".join(p for p in pages if "目录" in _squash(p) or "职责事项" in _squash(p))
    for matter in _matters(out):
        title = _squash(f"{matter['number']}{matter['name']}信息表")
        starts = [i + 1 for i, page in enumerate(pages) if title in _squash(page)]
        token = re.compile(r"(?<![\d.])" + re.escape(matter["number"]) + r"(?![\d.]).*?(\d+)\s*$", re.M)
        lines = token.findall(toc_text)
        if not starts or not lines:
            problems.append(f"{matter['number']}: sheet on pages {starts}, 目录 lines {lines}")
        elif int(lines[-1]) != starts[0]:
            problems.append(f"{matter['number']}: the 目录 says {lines[-1]}, its 信息表 begins on page {starts[0]}")
    return problems


INSPECT = r"""
import json, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
index = {page.objgen: i for i, page in enumerate(pdf.pages)}
dests = pikepdf.NameTree(pdf.Root.Names.Dests)
def target(dest):
    if isinstance(dest, pikepdf.String):
        dest = dests[str(dest)]
    return index[dest[0].objgen] + 1
links = []
for i, page in enumerate(pdf.pages):
    for annot in page.get("/Annots", []):
        if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
            links.append([i + 1, str(annot.Dest), target(annot.Dest)])
outline = []
with pdf.open_outline() as tree:
    def walk(items):
        for item in items:
            outline.append([str(item.title), index[item.destination[0].objgen] + 1 if item.destination is not None else None])
            walk(item.children)
    walk(tree.root)
programs = {}
for page in pdf.pages:
    for name, font in page.Resources.Font.items():
        descriptor = font.DescendantFonts[0].FontDescriptor
        stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
        programs.setdefault(str(font.BaseFont).split("+")[-1], set()).add(stream.objgen)
print(json.dumps({"links": links, "outline": outline, "programs": {k: len(v) for k, v in programs.items()}}))
"""


def _inspect(pdf: Path) -> dict:
    return json.loads(_run([str(VENV_PYTHON), "-c", INSPECT, str(pdf)]))


def test_first_run_numbers_links_bookmarks_and_fonts(station, report):
    out = station["out"]
    parts = re.search(r"目录分 (\d+) 部分排版，这次排了 (\d+) 部分", station["first"])
    assert parts, f"`gongkai pdf` did not report the catalogue's parts:\n{station['first']}"
    fail_if(_check_numbers(out), "目录 numbers and footers:\n" + "\n".join(_check_numbers(out)))
    pages = _pages(out / "print" / "catalogue.pdf")
    toc_pages = [i for i, p in enumerate(pages) if "职责事项" in _squash(p)]
    assert len(toc_pages) > 4, f"the tall 目录 should run over more than one part's four pages, not {len(toc_pages)}"
    seen = _inspect(out / "print" / "catalogue.pdf")
    starts = {m["number"]: next(i + 1 for i, p in enumerate(pages) if _squash(f"{m['number']}{m['name']}信息表") in _squash(p))
              for m in _matters(out)}
    problems = []
    for matter in _matters(out):
        anchor = f"matter-{matter['number']}"
        targets = {t for _, dest, t in seen["links"] if dest == anchor}
        if targets != {starts[matter["number"]]}:
            problems.append(f"{matter['number']}: 目录 links lead to pages {sorted(targets)}, its 信息表 begins on {starts[matter['number']]}")
        marks = [page for title, page in seen["outline"] if _squash(title).startswith(_squash(matter["number"] + matter["name"]))]
        if marks != [starts[matter["number"]]]:
            problems.append(f"{matter['number']}: bookmarks at {marks}, want [{starts[matter['number']]}]")
    problems += [f"font {name}: {count} programs" for name, count in seen["programs"].items() if count != 1]
    size = (out / "print" / "catalogue.pdf").stat().st_size
    report(f"catalogue in {parts.group(1)} parts: {len(pages)} pages, {len(toc_pages)} of 目录, {size / 1e6:.2f} MB, "
           f"fonts {seen['programs']}")
    fail_if(problems, "links, bookmarks, fonts:\n" + "\n".join(problems))
    cache = out.parent / f".{out.name}.pdf-parts"
    assert (cache / ".gongkai-output").is_file(), "the part cache is marked as gongkai's"
    names = {p.stem for p in cache.glob("*.pdf")} - {"book"}
    assert len(names) == int(parts.group(1)), f"{len(names)} part PDFs cached for {parts.group(1)} parts"
    # And the book as joined, with what it was made of, for the next edit to update.
    assert (cache / "book.pdf").read_bytes() == (out / "print" / "catalogue.pdf").read_bytes()
    assert json.loads((cache / "book.json").read_text(encoding="utf-8"))["updates"] == 0


def test_a_rename_lays_out_its_parts_only(station, report):
    content, out = station["content"], station["out"]
    matter = sorted((content / "matters").glob("*.md"))[7]
    text = matter.read_text(encoding="utf-8")
    renamed = re.sub(r"^(名称: *\"?)", r"\1改名的", text, count=1, flags=re.M)
    assert renamed != text
    matter.write_text(renamed, encoding="utf-8")
    said = station["pdf"]()
    laid = re.search(r"目录分 (\d+) 部分排版，这次排了 (\d+) 部分", said)
    assert laid, said
    # The body part with its 信息表 and the 目录 part with its row; nothing else.
    assert int(laid.group(2)) <= 2, f"a rename laid out {laid.group(2)} of {laid.group(1)} parts:\n{said}"
    fail_if(_check_numbers(out), "after a rename:\n" + "\n".join(_check_numbers(out)))
    assert "改名的" in _squash("".join(_pages(out / "print" / "catalogue.pdf")[:8]))
    report(f"rename: laid out {laid.group(2)} of {laid.group(1)} parts")


def test_an_edit_in_glyphs_the_book_has_is_appended_to_it(station, tmp_path, report):
    """The usual edit — a matter's name changed in characters the book already draws — lays out its two
    parts and appends them to the last book as an update (renderer/book_update.py): the book keeps its
    bytes and grows by the update, and looks pixel for pixel as print/index.html laid out in one piece."""
    content, out = station["content"], station["out"]
    book = out / "print" / "catalogue.pdf"
    before = book.read_bytes()
    matter = sorted((content / "matters").glob("*.md"))[11]
    text = matter.read_text(encoding="utf-8")
    named = re.search(r"^名称: *\"?([^\"\n]+)", text, flags=re.M)
    assert named, text[:300]
    # The name's own first two characters again at its end: glyphs every font that sets it already has.
    edited = text.replace(named.group(0), named.group(0) + named.group(1)[:2], 1)
    matter.write_text(edited, encoding="utf-8")
    said = station["pdf"]()
    assert "只替换了改动的页" in said, f"the edit was not appended to the book:\n{said}"
    after = book.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    fail_if(_check_numbers(out), "after an appended edit:\n" + "\n".join(_check_numbers(out)))
    assert _squash(named.group(1) + named.group(1)[:2]) in _squash("".join(_pages(book)))
    whole = tmp_path / "whole.pdf"
    _run([str(VENV_PYTHON), "-c", SAME_AS_ONE_PIECE, str(out / "print" / "index.html"), str(whole)])
    _run([str(VENV_PYTHON), "-c", "import sys, pikepdf; assert pikepdf.open(sys.argv[1]).check_pdf_syntax() == []", str(book)])
    _run(["pdftoppm", "-r", "50", "-png", str(whole), str(tmp_path / "whole")])
    _run(["pdftoppm", "-r", "50", "-png", str(book), str(tmp_path / "book")])
    wholes, books = sorted(tmp_path.glob("whole-*.png")), sorted(tmp_path.glob("book-*.png"))
    assert len(books) == len(wholes), f"{len(books)} pages in the updated book, {len(wholes)} in one piece"
    differ = [b.name for w, b in zip(wholes, books) if w.read_bytes() != b.read_bytes()]
    fail_if(differ, "pages of the updated book that differ from the catalogue in one piece: " + ", ".join(differ))
    report(f"edit appended: {len(after) - len(before)} bytes after {len(before)}, {len(books)} pages as in one piece")


def test_a_matter_grown_by_pages_moves_the_numbers_after_it(station, report):
    content, out = station["content"], station["out"]
    before = len(_pages(out / "print" / "catalogue.pdf"))
    matter = sorted((content / "matters").glob("*.md"))[3]
    text = matter.read_text(encoding="utf-8")
    # A long 法定依据 text: the 信息表 runs over more pages.
    grown = text.replace("法定依据:\n", "法定依据:\n  - 依据: 《补充的规定》第一条\n    内容: \"" + "补充的内容。" * 600 + "\"\n", 1)
    assert grown != text, "the generated matter has no 法定依据 list"
    matter.write_text(grown, encoding="utf-8")
    station["pdf"]()
    after = len(_pages(out / "print" / "catalogue.pdf"))
    assert after > before, f"the book did not grow ({before} → {after} pages)"
    fail_if(_check_numbers(out), "after a matter grew:\n" + "\n".join(_check_numbers(out)))
    report(f"grown matter: {before} → {after} pages, numbers and footers right")


SAME_AS_ONE_PIECE = r"""
import sys, weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""


@pytest.mark.parametrize("site", ["content", "harbin"])
def test_the_book_from_parts_looks_like_the_book_in_one_piece(site: str, tmp_path, report):
    """Pixel for pixel, at 50 dpi: print/catalogue.pdf joined from its parts, and print/index.html laid out
    whole by the same WeasyPrint (its 目录 numbers from target-counter, its footer from counter(pages)).
    Header, footer, 目录 numbers, breaks and every glyph of the shared font programs are the same."""
    need(VENV_PYTHON.is_file(), "no .venv/ (scripts/setup.sh)")
    binary = gongkai_bin()
    need(binary.is_file(), f"gongkai binary not found at {binary}")
    from conftest import content_dir
    content = content_dir() if site == "content" else REPO / "Tests" / "GongkaiTests" / "Fixtures" / "sites" / "harbin"
    out = tmp_path / "public"
    said = _run([str(binary), "pdf", "--content", str(content), "--output", str(out)])
    assert "部分排版" in said, f"the catalogue was not made from parts:\n{said}"
    whole = tmp_path / "whole.pdf"
    _run([str(VENV_PYTHON), "-c", SAME_AS_ONE_PIECE, str(out / "print" / "index.html"), str(whole)])
    _run(["pdftoppm", "-r", "50", "-png", str(whole), str(tmp_path / "whole")])
    _run(["pdftoppm", "-r", "50", "-png", str(out / "print" / "catalogue.pdf"), str(tmp_path / "book")])
    wholes, books = sorted(tmp_path.glob("whole-*.png")), sorted(tmp_path.glob("book-*.png"))
    assert len(books) == len(wholes), f"{len(books)} pages from parts, {len(wholes)} in one piece"
    differ = [b.name for w, b in zip(wholes, books) if w.read_bytes() != b.read_bytes()]
    report(f"{site}: {len(books)} pages, {len(books) - len(differ)} the same as in one piece")
    fail_if(differ, "pages that differ from the catalogue laid out in one piece: " + ", ".join(differ))
