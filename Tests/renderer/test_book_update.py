"""The catalogue after an edit as an incremental update of the last book (renderer/book_update.py), through
render.py's protocol with the real WeasyPrint, read back with pikepdf and poppler.

Three parts (1, 3 and 2 pages) and a running document are merged with "keep"; then part 2 is laid out again
with other words and headings (same pages, same anchors, only glyphs the book already has, a new link to part
3) and merged again:
- the answer says "appended"; the new file is the old one with an update after it (its bytes a prefix, a
  /Prev to the old cross-reference), it passes pikepdf's syntax check, and every page rasterises exactly as
  the same parts joined anew;
- the outline has part 2's new headings at their pages, the new link goes to part 3's page;
- updates chain (a second edit appends to the first);
- a part that draws a character the book's shared font program lacks keeps its own subset of that font,
  and the pages still look as the book joined anew;
- joined anew instead, with the reason in the answer, when a part's page count changed, when the kept book
  is not the one recorded, after 32 updates, when the updates would add half the joined book's size.

.venv/bin/python -m pytest Tests/renderer/test_book_update.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pikepdf
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from test_book_merge import (  # noqa: E402
    FOOTER, SENTENCES, Renderer, part_html, print_site, running_html, run, tool)


def edited_part_2(words: list[str], link: bool = True, pages: int = 3, lead: str = "") -> str:
    """Part 2 with the same ids and page breaks, other text (`words`, and headings made of characters the
    headings had); `lead` between the title and the first page's heading (which it pushes down)."""
    body = ['<h1 id="part-2">信息表　第2部分</h1>', lead]
    for page in range(1, pages + 1):
        cls = ' class="page"' if page > 1 else ""
        body.append(f'<section{cls}><h2 id="part-2-p{page}">第{page}页　第2部分</h2>')
        for k in range(3):
            body.append(f"<p>PART2PAGE{page} {words[(page + k) % len(words)]}</p>")
        if link and page == pages:
            body.append('<p>见 <a href="#part-3-p2">第三部分第二页</a>。</p>')
        body.append("</section>")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>便民服务事项目录</title>'
            f'</head><body>{"".join(body)}</body></html>')


@pytest.fixture(scope="module")
def renderer():
    r = Renderer()
    yield r
    r.close()


@pytest.fixture
def shelf(tmp_path, renderer):
    """The three parts and the running document in a cache folder, and a way to lay out part 2 anew."""
    site, cache, base = print_site(tmp_path)

    def lay_out(name: str, html: str, sheet: str = "catalogue.css") -> Path:
        pdf = cache / f"{name}.pdf"
        answer = renderer.ask({"kind": "part", "string": html, "base": base, "pdf": str(pdf),
                               "stylesheets": [str(site / sheet)]})
        assert "error" not in answer, answer
        return pdf

    link = '<p>见 <a href="#part-3-p2">第三部分第二页</a>。</p>'
    parts = [lay_out("a1", part_html(1, 1, link)), lay_out("a2", part_html(2, 3)), lay_out("a3", part_html(3, 2))]
    running = lay_out("running", running_html(6), "running.css")
    out = tmp_path / "out"
    out.mkdir()

    def merge(parts: list[Path], name: str, keep: bool = True, **more) -> tuple[dict, Path]:
        pdf = out / name
        request = {"kind": "merge", "parts": [str(p) for p in parts], "running": str(running), "pdf": str(pdf), **more}
        if keep:
            request["keep"] = str(cache / "book.pdf")
        answer = renderer.ask(request)
        assert "error" not in answer, answer
        assert answer["bytes"] == pdf.stat().st_size
        return answer, pdf

    return {"parts": parts, "lay_out": lay_out, "merge": merge, "cache": cache, "out": out}


def pixels(pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    run([tool("pdftoppm"), "-r", "40", "-png", pdf, folder / "p"])
    return [path.read_bytes() for path in sorted(folder.glob("*.png"))]


def test_an_edit_is_appended_to_the_kept_book_and_looks_as_the_book_joined_anew(shelf, tmp_path):
    first, book = shelf["merge"](shelf["parts"], "book-1.pdf")
    assert first["appended"] is False and (shelf["cache"] / "book.pdf").is_file()
    before = book.read_bytes()
    # Words of the other parts' sentences: glyphs the shared fonts already hold.
    edited = shelf["lay_out"]("b2", edited_part_2([SENTENCES[i] for i in (0, 5, 10, 3)]))
    parts = [shelf["parts"][0], edited, shelf["parts"][2]]
    answer, updated = shelf["merge"](parts, "book-2.pdf")
    assert answer["appended"] is True, answer
    assert answer["pages"] == 6
    data = updated.read_bytes()
    assert data.startswith(before) and len(data) > len(before)
    with pikepdf.open(updated) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert int(pdf.trailer.Prev) > 0
        assert len(pdf.pages) == 6
        outline = pdf.open_outline()
        titles = []

        def walk(items):
            for item in items:
                titles.append((item.title, [p.obj.objgen for p in pdf.pages].index(item.destination[0].objgen)))
                walk(item.children)
        walk(outline.root)
        assert ("信息表　第2部分", 1) in titles and ("第3页　第2部分", 3) in titles, titles
        assert not any(title == "第2部分第1页" for title, _ in titles)
        links = [str(a.Dest) for a in pdf.pages[3].obj.get("/Annots", []) if "/Dest" in a]
        assert links == ["part-3-p2"]
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)
        assert [p.obj.objgen for p in pdf.pages].index(dests["part-3-p2"][0].objgen) == 5
    text = run([tool("pdftotext"), "-f", "2", "-l", "4", updated, "-"])
    assert "PART2PAGE1" in text and SENTENCES[10][:12] in text
    assert [m.groups() for m in FOOTER.finditer(text)] == [("2", "6"), ("3", "6"), ("4", "6")]
    whole, joined = shelf["merge"](parts, "book-joined.pdf", keep=False)
    assert whole["appended"] is False
    assert pixels(updated, tmp_path / "updated") == pixels(joined, tmp_path / "joined")
    # A second edit is appended to the first.
    again = shelf["lay_out"]("c2", edited_part_2([SENTENCES[i] for i in (2, 7)], link=False))
    answer, twice = shelf["merge"]([shelf["parts"][0], again, shelf["parts"][2]], "book-3.pdf")
    assert answer["appended"] is True, answer
    assert twice.read_bytes().startswith(data)
    with pikepdf.open(twice) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert not [a for a in pdf.pages[3].obj.get("/Annots", []) if "/Dest" in a]
    whole, joined = shelf["merge"]([shelf["parts"][0], again, shelf["parts"][2]], "book-joined-2.pdf", keep=False)
    assert pixels(twice, tmp_path / "twice") == pixels(joined, tmp_path / "joined-2")


def test_characters_new_to_the_book_keep_the_parts_own_font_program(shelf, tmp_path):
    shelf["merge"](shelf["parts"], "book-1.pdf")
    new_glyph = shelf["lay_out"]("g2", edited_part_2([SENTENCES[0], "麤龘齉爨"]))
    parts = [shelf["parts"][0], new_glyph, shelf["parts"][2]]
    # A book of 170 KB: the part's own subset is more than half of it, which would make a real book join anew.
    answer, updated = shelf["merge"](parts, "glyph.pdf", maxGrowth=2)
    assert answer["appended"] is True and answer["ownPrograms"] == ["Noto-Sans-CJK-SC"], answer
    assert "麤龘齉爨" in run([tool("pdftotext"), "-f", "2", "-l", "4", updated, "-"]).replace("\n", "")
    _, joined = shelf["merge"](parts, "glyph-joined.pdf", keep=False)
    assert pixels(updated, tmp_path / "updated") == pixels(joined, tmp_path / "joined")


def test_anchors_that_moved_are_where_the_book_joined_anew_has_them(shelf, tmp_path):
    _, first = shelf["merge"](shelf["parts"], "book-1.pdf")
    lead = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES[:3])
    pushed = shelf["lay_out"]("m2", edited_part_2([SENTENCES[0]], lead=lead))
    parts = [shelf["parts"][0], pushed, shelf["parts"][2]]
    answer, updated = shelf["merge"](parts, "moved.pdf")
    assert answer["appended"] is True, answer
    _, joined = shelf["merge"](parts, "moved-joined.pdf", keep=False)

    def destinations(path):
        with pikepdf.open(path) as pdf:
            objects = [p.obj.objgen for p in pdf.pages]
            return {name: (objects.index(value[0].objgen), round(float(value[2]), 2), round(float(value[3]), 2))
                    for name, value in pikepdf.NameTree(pdf.Root.Names.Dests).items()}

    moved, whole, before = destinations(updated), destinations(joined), destinations(first)
    assert moved["part-2-p1"] != before["part-2-p1"], "the heading was pushed down"
    assert moved == whole
    assert pixels(updated, tmp_path / "updated") == pixels(joined, tmp_path / "joined")


def test_what_an_update_cannot_take_is_joined_anew(shelf):
    shelf["merge"](shelf["parts"], "book-1.pdf")
    words = [SENTENCES[i] for i in (0, 5)]
    # Part 2 a page shorter, part 3 a page longer: the same running document, parts of other lengths.
    shorter = shelf["lay_out"]("s2", edited_part_2(words, pages=2))
    longer = shelf["lay_out"]("l3", part_html(3, 3))
    answer, pdf = shelf["merge"]([shelf["parts"][0], shorter, longer], "short.pdf")
    assert answer["appended"] is False and "other pages" in answer["joined"], answer
    shelf["merge"](shelf["parts"], "again.pdf")
    # The book just joined is kept; changed since (by someone else), it is not updated.
    shelf["merge"](shelf["parts"], "again-2.pdf")
    kept = shelf["cache"] / "book.pdf"
    kept.write_bytes(kept.read_bytes().replace(b"%%EOF", b"%%EOF\n%", 1))
    edited = shelf["lay_out"]("e2", edited_part_2(words))
    answer, _ = shelf["merge"]([shelf["parts"][0], edited, shelf["parts"][2]], "changed.pdf")
    assert answer["appended"] is False and "not the one recorded" in answer["joined"], answer
    # After 32 updates the book is joined anew (which drops what they left behind).
    record = json.loads((shelf["cache"] / "book.json").read_text(encoding="utf-8"))
    record["updates"] = 32
    (shelf["cache"] / "book.json").write_text(json.dumps(record), encoding="utf-8")
    answer, _ = shelf["merge"](shelf["parts"], "many.pdf")
    assert answer["appended"] is False and "32 updates" in answer["joined"], answer
    answer, _ = shelf["merge"]([shelf["parts"][0], edited, shelf["parts"][2]], "after.pdf")
    assert answer["appended"] is True, answer
    # Updates that would make the book half as large again as when it was joined.
    record = json.loads((shelf["cache"] / "book.json").read_text(encoding="utf-8"))
    record["base"] = record["bytes"] // 2
    (shelf["cache"] / "book.json").write_text(json.dumps(record), encoding="utf-8")
    answer, _ = shelf["merge"](shelf["parts"], "grown.pdf")
    assert answer["appended"] is False and "grow" in answer["joined"], answer
