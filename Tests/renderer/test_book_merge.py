"""The catalogue in parts (renderer/book.py through renderer/render.py's protocol): parts rendered by the real
WeasyPrint, merged with pikepdf, read back with pikepdf and poppler (pdftotext, pdffonts, pdftoppm).

Three small A4 parts (Chinese text in Noto Sans CJK SC, a bold heading with an id each, a link in part 1 to an
anchor in part 3) and a running document (the footer 第 N 页 共 M 页 and a station name) of as many empty
pages as the parts have in all:
- the merged pages are the parts' pages in order, each with its footer;
- part 1's link to part 3 resolves through the Dests name tree to the anchor's page; the outline has every
  heading in order at its page;
- one embedded font program per font, every font embedded as a subset;
- every page rasterised is byte-identical whether the parts keep their own font subsets or share the union;
- eight parts merged are much smaller with the union than without;
- a font whose file is not installed is kept as each part embeds it, named in "fontsKept", the pages unchanged;
- the same parts merge to the same bytes; a link to an anchor in no part is dropped, the first of a repeated
  anchor wins; a request without "kind" renders as before;
- a failing part leaves no PDF and no sidecar; a running document of the wrong length fails the merge, which
  writes nothing.

Runs on its own in a few seconds, with a python that has WeasyPrint, pikepdf and uharfbuzz
(scripts/pdf-requirements.txt) and pytest: .venv/bin/python -m pytest Tests/browser/test_book_merge.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Run by .venv/bin/python (scripts/test.sh), where scripts/setup.sh installed these: a missing one is a
# failure, never a skip.
import pikepdf
import uharfbuzz  # noqa: F401
import weasyprint  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
RENDER = REPO / "renderer" / "render.py"
FOOTER = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")
STATION = "大沽街道便民服务中心"

SENTENCES = [
    "申请人应当携带居民身份证原件和复印件，到街道便民服务中心窗口提交申请。",
    "办理时限为自受理之日起五个工作日，材料齐全的当场办结。",
    "不收取任何费用；如需邮寄，由申请人自行承担邮寄费用。",
    "咨询电话请见本中心公告栏，节假日顺延办理。",
    "残疾人证申领需要提供近期二寸免冠彩色照片两张。",
    "最低生活保障的审核确认由县级民政部门负责，乡镇人民政府受理。",
    "临时救助对象包括因火灾、交通事故等意外事件导致基本生活暂时出现严重困难的家庭。",
    "高龄津贴按月发放，年满八十周岁的本地户籍老年人可以申请。",
    "独生子女父母奖励扶助金每年一次性发放到个人银行账户。",
    "法律援助申请人经济困难的，可以向法律援助机构申请代理。",
    "就业失业登记证明可以在线办理，也可以到社区服务站办理。",
    "城乡居民基本医疗保险参保登记每年集中办理一次。",
]

PART_CSS = """
@page { size: A4; margin: 25mm 20mm; }
body { font-family: 'Noto Sans CJK SC'; font-size: 11pt; line-height: 1.6; }
h1 { font-weight: bold; font-size: 18pt; }
h2 { font-weight: bold; font-size: 13pt; }
.page { break-before: page; }
"""

RUNNING_CSS = f"""
@page {{
  size: A4; margin: 25mm 20mm;
  @top-left {{ content: "{STATION}"; font-family: 'Noto Sans CJK SC'; font-size: 9pt; }}
  @bottom-center {{ content: "第 " counter(page) " 页　共 " counter(pages) " 页";
                    font-family: 'Noto Sans CJK SC'; font-size: 9pt; }}
}}
div {{ break-before: page; }}
"""


def part_html(number: int, pages: int, extra: str = "") -> str:
    """Part `number`: a bold heading with the id part-N, then `pages` pages, each an h2 with id part-N-pK and
    a few sentences that differ from part to part (so their font subsets differ)."""
    body = [f'<h1 id="part-{number}">第{number}部分　信息表</h1>', extra]
    for page in range(1, pages + 1):
        cls = ' class="page"' if page > 1 else ""
        body.append(f'<section{cls}><h2 id="part-{number}-p{page}">第{number}部分第{page}页</h2>')
        for k in range(4):
            body.append(f"<p>PART{number}PAGE{page} {SENTENCES[(number * 5 + page * 3 + k) % len(SENTENCES)]}</p>")
        body.append("</section>")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>便民服务事项目录</title>'
            f'</head><body>{"".join(body)}</body></html>')


def running_html(pages: int) -> str:
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
            + "<div></div>" * pages + "</body></html>")


class Renderer:
    """render.py as gongkai runs it: one process, one JSON request per line."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, str(RENDER)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, cwd=REPO)
        assert json.loads(self.process.stdout.readline()) == {"ready": True}

    def ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.fail(f"`{name}` not found (Debian package poppler-utils)", pytrace=False)
    return exe


def run(cmd: list) -> str:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}\n{proc.stderr[-2000:]}"
    return proc.stdout


def print_site(root: Path) -> tuple[Path, Path, str]:
    """A site's print/ folder with the parts' and the running document's stylesheets, a cache folder for
    the parts, and the address the parts are read as (the site's catalogue page)."""
    site = root / "site" / "print"
    site.mkdir(parents=True)
    (site / "catalogue.css").write_text(PART_CSS, encoding="utf-8")
    (site / "running.css").write_text(RUNNING_CSS, encoding="utf-8")
    cache = root / "cache"
    cache.mkdir()
    return site, cache, str(site / "index.html")


@pytest.fixture(scope="module")
def renderer():
    r = Renderer()
    yield r
    r.close()


@pytest.fixture(scope="module")
def book(tmp_path_factory, renderer):
    """Three parts of 1, 3 and 2 pages, the running document, and their merges with and without the
    union of fonts."""
    root = tmp_path_factory.mktemp("book")
    site, cache, base = print_site(root)
    link = '<p>见 <a href="#part-3-p2">第三部分第二页</a>。</p>'
    # Part 2 links to an anchor no part has (dropped) and repeats part 1's heading id (part 1's wins).
    stray = '<p><a href="#nowhere">无此锚点</a><span id="part-1">重复的锚点</span></p>'
    specs = [(1, 1, link), (2, 3, stray), (3, 2, "")]
    parts, answers = [], []
    for number, pages, extra in specs:
        pdf = cache / f"part-{number}.pdf"
        answer = renderer.ask({"kind": "part", "string": part_html(number, pages, extra), "base": base,
                               "pdf": str(pdf), "stylesheets": [str(site / "catalogue.css")]})
        assert "error" not in answer, answer
        assert answer["pages"] == pages
        parts.append(pdf)
        answers.append(answer)
    total = sum(a["pages"] for a in answers)
    running = cache / "running.pdf"
    answer = renderer.ask({"kind": "part", "string": running_html(total), "base": base, "pdf": str(running),
                           "stylesheets": [str(site / "running.css")]})
    assert answer.get("pages") == total, answer
    out = root / "staging" / "print"
    out.mkdir(parents=True)
    merged = {}
    for union in (True, False):
        pdf = out / f"catalogue-{'union' if union else 'kept'}.pdf"
        answer = renderer.ask({"kind": "merge", "parts": [str(p) for p in parts], "running": str(running),
                               "pdf": str(pdf), "unionFonts": union})
        assert answer.get("pages") == total, answer
        assert answer["bytes"] == pdf.stat().st_size
        assert "fontsKept" not in answer, answer
        merged[union] = pdf
    return {"root": root, "site": site, "cache": cache, "base": base, "parts": parts, "answers": answers,
            "running": running, "total": total, "union": merged[True], "kept": merged[False], "out": out}


def page_index(pdf, page_object) -> int:
    return [p.obj.objgen for p in pdf.pages].index(page_object.objgen)


def test_part_answer_and_sidecar(book):
    answer = book["answers"][2]
    assert answer["anchors"]["part-3"] == 0
    assert answer["anchors"]["part-3-p2"] == 1
    sidecar = json.loads(book["parts"][0].with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["pages"] == [[pytest.approx(595.276, abs=0.01), pytest.approx(841.89, abs=0.01)]]
    assert [link[1] for link in sidecar["links"]] == ["part-3-p2"]
    names = {font["name"].split("+", 1)[1] for font in sidecar["fonts"]}
    assert names == {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}, sidecar["fonts"]
    for font in sidecar["fonts"]:
        assert font["plain"] and font["size"] > 1_000_000 and len(font["sha256"]) == 64
    assert [b[1] for b in sidecar["bookmarks"]] == ["第1部分　信息表", "第1部分第1页"]


def test_pages_in_order_with_footer(book):
    pdftotext = tool("pdftotext")
    expected = [(n, p) for n, pages in ((1, 1), (2, 3), (3, 2)) for p in range(1, pages + 1)]
    with pikepdf.open(book["union"]) as pdf:
        assert len(pdf.pages) == book["total"] == len(expected)
    for index, (number, page) in enumerate(expected, start=1):
        text = run([pdftotext, "-f", index, "-l", index, "-layout", book["union"], "-"])
        assert f"PART{number}PAGE{page}" in text, (index, text)
        assert [m.groups() for m in FOOTER.finditer(text)] == [(str(index), str(book["total"]))], text
        assert STATION in text


def test_cross_part_link_and_outline(book):
    with pikepdf.open(book["union"]) as pdf:
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)
        links = [(i, a) for i, page in enumerate(pdf.pages) for a in page.obj.get("/Annots", [])
                 if a.get("/Subtype") == "/Link"]
        cross = [(i, a) for i, a in links if str(a.get("/Dest", "")) == "part-3-p2"]
        assert len(cross) == 1 and cross[0][0] == 0, links
        destination = dests["part-3-p2"]
        # Part 3 starts after part 1 (1 page) and part 2 (3 pages); its second page is the sixth, index 5.
        assert page_index(pdf, destination[0]) == 5
        assert destination[1] == pikepdf.Name.XYZ
        # Every anchor of every part is a named destination at its page, the first of a name winning.
        offset, seen = 0, set()
        for answer in book["answers"]:
            for name, page in answer["anchors"].items():
                if name not in seen:
                    assert page_index(pdf, dests[name][0]) == offset + page, name
                    seen.add(name)
            offset += answer["pages"]
        assert page_index(pdf, dests["part-1"][0]) == 0
        assert "part-1" in book["answers"][1]["anchors"]
        # A link to an anchor in no part is dropped, as WeasyPrint drops it from one document.
        assert not [a for _, a in links if str(a.get("/Dest", "")) == "nowhere"]
        assert "nowhere" not in dests
        found = []
        with pdf.open_outline() as outline:
            def walk(items, depth):
                for item in items:
                    found.append((depth, item.title, page_index(pdf, item.destination[0])))
                    walk(item.children, depth + 1)
            walk(outline.root, 0)
    assert found == [
        (0, "第1部分　信息表", 0), (1, "第1部分第1页", 0),
        (0, "第2部分　信息表", 1), (1, "第2部分第1页", 1), (1, "第2部分第2页", 2), (1, "第2部分第3页", 3),
        (0, "第3部分　信息表", 4), (1, "第3部分第1页", 4), (1, "第3部分第2页", 5),
    ]


def font_programs(path) -> dict[str, set]:
    programs: dict[str, set] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                name = str(obj.FontName)[1:].split("+", 1)[1]
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        programs.setdefault(name, set()).add(obj[key].objgen)
    return programs


def test_one_font_program_per_font(book):
    programs = font_programs(book["union"])
    assert set(programs) == {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}
    assert all(len(objects) == 1 for objects in programs.values()), programs
    # Without the union every part (and the running document) keeps its own.
    assert len(font_programs(book["kept"])["Noto-Sans-CJK-SC"]) == 4
    listing = run([tool("pdffonts"), book["union"]]).splitlines()[2:]
    assert listing
    for line in listing:
        fields = line.split()
        assert fields[-5:-3] == ["yes", "yes"], line  # emb, sub


def test_union_draws_every_glyph(book, tmp_path):
    """Every page rasterised is the same PNG whether the parts keep their own font subsets or share one."""
    pdftoppm = tool("pdftoppm")
    images = {}
    for union in (True, False):
        prefix = tmp_path / ("union" if union else "kept")
        run([pdftoppm, "-r", "50", "-png", book["union" if union else "kept"], prefix])
        images[union] = sorted(tmp_path.glob(f"{prefix.name}-*.png"))
    assert len(images[True]) == len(images[False]) == book["total"]
    for a, b in zip(images[True], images[False]):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_font_not_found_is_kept(book, renderer, tmp_path):
    """A part whose font file is not installed (here: its sidecar names another digest) keeps its own font
    programs, and the answer says which; the pages look the same."""
    parts = []
    for part in book["parts"]:
        copy = tmp_path / part.name
        shutil.copy(part, copy)
        sidecar = json.loads(part.with_suffix(".json").read_text(encoding="utf-8"))
        for font in sidecar["fonts"]:
            font["sha256"] = "0" * 64
        copy.with_suffix(".json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
        parts.append(str(copy))
    pdf = tmp_path / "kept.pdf"
    answer = renderer.ask({"kind": "merge", "parts": parts, "running": str(book["running"]), "pdf": str(pdf)})
    assert answer.get("fontsKept") == ["Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"], answer
    # Three parts keep theirs; the running document's, found, is subset on its own.
    assert len(font_programs(pdf)["Noto-Sans-CJK-SC"]) == 4
    pdftoppm = tool("pdftoppm")
    run([pdftoppm, "-r", "50", "-png", pdf, tmp_path / "a"])
    run([pdftoppm, "-r", "50", "-png", book["kept"], tmp_path / "b"])
    a, b = sorted(tmp_path.glob("a-*.png")), sorted(tmp_path.glob("b-*.png"))
    assert len(a) == len(b) == book["total"]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))


def test_union_is_smaller(book, renderer):
    """Eight parts of different text: the catalogue with one subset per font is a fraction of the size."""
    parts = []
    for number in range(1, 9):
        pdf = book["cache"] / f"eight-{number}.pdf"
        answer = renderer.ask({"kind": "part", "string": part_html(number, 2), "base": book["base"],
                               "pdf": str(pdf), "stylesheets": [str(book["site"] / "catalogue.css")]})
        assert answer.get("pages") == 2, answer
        parts.append(str(pdf))
    sizes = {}
    for union in (True, False):
        pdf = book["out"] / f"eight-{union}.pdf"
        answer = renderer.ask({"kind": "merge", "parts": parts, "running": None, "pdf": str(pdf),
                               "unionFonts": union})
        assert answer.get("pages") == 16, answer
        sizes[union] = answer["bytes"]
    print(f"eight parts merged: {sizes[True]:,} bytes with the union, {sizes[False]:,} without")
    assert sizes[True] * 3 < sizes[False], sizes


def test_merge_is_deterministic(book, renderer):
    """The same parts make the same bytes (the staging folder is compared with the published one)."""
    again = book["out"] / "again.pdf"
    answer = renderer.ask({"kind": "merge", "parts": [str(p) for p in book["parts"]],
                           "running": str(book["running"]), "pdf": str(again)})
    assert answer.get("pages") == book["total"], answer
    assert again.read_bytes() == book["union"].read_bytes()


def test_request_without_kind_is_unchanged(book, renderer, tmp_path):
    """A request without "kind" is a poster or the whole catalogue, rendered as before."""
    html = tmp_path / "poster.html"
    html.write_text(part_html(5, 1), encoding="utf-8")
    pdf = tmp_path / "poster.pdf"
    answer = renderer.ask({"html": str(html), "pdf": str(pdf), "stylesheets": [str(book["site"] / "catalogue.css")]})
    assert answer == {"chosen": None, "density": None, "fit": False, "pages": 1}
    assert pdf.read_bytes().startswith(b"%PDF") and not pdf.with_suffix(".json").exists()


def test_failing_part_leaves_nothing(book, renderer):
    pdf = book["cache"] / "broken.pdf"
    sidecar = pdf.with_suffix(".json")
    pdf.write_bytes(b"an older PDF")
    sidecar.write_text("{}")
    before = set(os.listdir(book["cache"]))
    answer = renderer.ask({"kind": "part", "string": part_html(1, 1), "base": book["base"], "pdf": str(pdf),
                           "stylesheets": [str(book["site"] / "missing.css")]})
    assert "error" in answer, answer
    assert not pdf.exists() and not sidecar.exists()
    assert set(os.listdir(book["cache"])) == before - {"broken.pdf", "broken.json"}


def test_running_of_wrong_length_fails(book, renderer):
    running = book["cache"] / "running-short.pdf"
    answer = renderer.ask({"kind": "part", "string": running_html(book["total"] - 1), "base": book["base"],
                           "pdf": str(running), "stylesheets": [str(book["site"] / "running.css")]})
    assert answer.get("pages") == book["total"] - 1, answer
    out = book["root"] / "wrong"
    out.mkdir()
    answer = renderer.ask({"kind": "merge", "parts": [str(p) for p in book["parts"]], "running": str(running),
                           "pdf": str(out / "catalogue.pdf")})
    assert "error" in answer and "running" in answer["error"], answer
    assert os.listdir(out) == []


def test_identify_reports_book():
    proc = subprocess.run([sys.executable, str(RENDER), "--identify"], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert json.loads(proc.stdout)["book"] is True


def test_parts_laid_out_together_are_the_parts_laid_out_alone(book, renderer, tmp_path):
    """{"kind": "parts"}: parts 1 and 3 (each beginning a new page) laid out as one document, then written
    part by part: each has the pages, anchors, links and drawing of the same part laid out alone, and its
    sidecar lists the glyphs it drew."""
    together = part_html(1, 1, '<p>见 <a href="#part-3-p2">第三部分第二页</a>。</p>').replace("</body></html>", "")
    together += '<div class="page">' + part_html(3, 2).split("<body>", 1)[1]
    pdfs = [tmp_path / "together-1.pdf", tmp_path / "together-3.pdf"]
    answer = renderer.ask({"kind": "parts", "string": together, "base": book["base"],
                           "stylesheets": [str(book["site"] / "catalogue.css")],
                           "group": [{"pdf": str(pdfs[0]), "first": "part-1"}, {"pdf": str(pdfs[1]), "first": "part-3"}]})
    assert "error" not in answer, answer
    assert [part["pages"] for part in answer["parts"]] == [1, 2]
    assert answer["parts"][1]["anchors"]["part-3-p2"] == 1
    for pdf, alone in zip(pdfs, [book["parts"][0], book["parts"][2]]):
        mine = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        theirs = json.loads(alone.with_suffix(".json").read_text(encoding="utf-8"))
        assert mine["pages"] == theirs["pages"]
        assert {k: v[0] for k, v in mine["anchors"].items()} == {k: v[0] for k, v in theirs["anchors"].items()}
        # A link to another part of the group is kept in the part's PDF (a /Dest the join provides); alone,
        # WeasyPrint drops it and the sidecar keeps it: either way the joined book has it.
        kept = [[page_number, str(annot.Dest)] for page_number, page in enumerate(pikepdf.open(pdf).pages)
                for annot in page.get("/Annots", []) if "/Dest" in annot]
        assert sorted([link[0], link[1]] for link in mine["links"]) + sorted(kept) == \
            sorted([link[0], link[1]] for link in theirs["links"])
        assert all(font["glyphs"] for font in mine["fonts"])
        run([tool("pdftoppm"), "-r", "40", "-png", pdf, tmp_path / (pdf.stem + "-mine")])
        run([tool("pdftoppm"), "-r", "40", "-png", alone, tmp_path / (pdf.stem + "-alone")])
        mine_pages = sorted(tmp_path.glob(pdf.stem + "-mine-*.png"))
        alone_pages = sorted(tmp_path.glob(pdf.stem + "-alone-*.png"))
        assert len(mine_pages) == len(alone_pages)
        for a, b in zip(mine_pages, alone_pages):
            assert a.read_bytes() == b.read_bytes(), f"{a.name} differs from the part laid out alone"


def test_parts_laid_out_together_all_or_none(book, renderer, tmp_path):
    """A group whose second part's first anchor is not in the pages: an error, and no part written."""
    pdfs = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    answer = renderer.ask({"kind": "parts", "string": part_html(1, 2), "base": book["base"],
                           "stylesheets": [str(book["site"] / "catalogue.css")],
                           "group": [{"pdf": str(pdfs[0]), "first": "part-1"}, {"pdf": str(pdfs[1]), "first": "nowhere"}]})
    assert "error" in answer
    assert not any(p.exists() or p.with_suffix(".json").exists() for p in pdfs)
