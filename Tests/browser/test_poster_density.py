"""Posters sized by what is on them (issue 16, item 4), on a generated corpus rendered by `gongkai pdf` with
the real WeasyPrint and read back with poppler (pdfinfo, pdftotext -bbox).

The corpus: matters with 1–15 materials, 0–4 情形 (questions that materials are conditional on) and 1–4
contacts in 监督方式, built so that one matter's content contains another's when its three counts are each
at least as large (the first m materials of one list, the first q questions, the first c contacts; a
material conditional on question i % 4 once there are more than i % 4 questions). Checked:
- every poster is one page;
- no poster's body type is smaller than that of a poster that carries more (contains its content);
- a poster with little on it is set large: the one-material poster in the largest type of the corpus, and
  the one with 4 materials and two 监督电话 (which overflowed into the smallest type before) well above it.

The body type is measured on paper: the height of the first material's name in `pdftotext -bbox`.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import REPO, fail_if, gongkai_bin, need

MATERIALS = [
    "身份证", "户口本", "近期一寸免冠照片", "《天津市就业困难人员认定情况表》", "结婚证",
    "离婚证、离婚协议或法院判决书", "最低生活保障证及近3个月最低生活保障金发放记录",
    "二级及以上医院开具的诊断证明和1年内治疗病历", "残疾人证", "退役证明", "居住证明",
    "银行卡复印件", "劳动合同或解除劳动合同证明", "所抚养子女的在学材料", "《收养登记证》或其他相关材料",
]
QUESTIONS = [
    ("认定类别", "您申请认定的人员类别是？", ["零就业家庭人员", "低保家庭人员", "单亲家庭人员", "其他"]),
    ("婚姻状况", "您的婚姻状况是？", ["已婚", "离婚", "丧偶", "未婚"]),
    ("户籍", "您的户籍在本街道吗？", ["是", "否"]),
    ("收养子女", "您是否抚养领养或过继的子女？", ["是", "否"]),
]
CONTACTS = [
    ("监督电话", "022-25201234（工作日 9:00—17:00）"),
    ("投诉电话", "022-25209876（节假日值班）"),
    ("来信来访地址", "天津市滨海新区远景庄园南侧大沽街道办事处信访接待室"),
    ("电子邮箱", "dagu-jiandu@example.org"),
]
# A grid kept small enough for about a minute on two cores: each count at its ends and between.
MATERIAL_COUNTS = [1, 2, 4, 6, 9, 12, 15]
QUESTION_COUNTS = [0, 2, 4]
CONTACT_COUNTS = [1, 2, 4]


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _matter(number: str, m: int, q: int, c: int) -> str:
    lines = [
        "---", f"序号: {_yaml(number)}", '主要职责: "1"', f"名称: 就业困难人员认定（{m}项材料）",
        "法定依据:", "  - 依据: 《天津市就业促进条例》第十九条", "    内容: 劳动行政部门应当建立健全就业登记和失业登记制度。",
        "职责边界: 乡镇权限", "运行流程: 受理—审核—决定—下达",
    ]
    if q:
        lines.append("情形:")
        for key, question, options in QUESTIONS[:q]:
            lines += [f"  - 键: {key}", f"    问题: {question}", "    选项:"] + [f"      - {o}" for o in options]
    lines.append("运行要件:")
    for i, name in enumerate(MATERIALS[:m]):
        lines.append(f"  - 名称: {_yaml(name)}")
        if i % 4 < q:
            key, _, options = QUESTIONS[i % 4]
            lines.append(f"    条件: {{{key}: {options[0]}}}")
    lines += ["责任事项:", "  - 受理申请；", "监督方式:"] + [f"  {label}: {_yaml(value)}" for label, value in CONTACTS[:c]]
    return "\n".join(lines) + "\n---\n"


def _corpus(folder: Path) -> dict[str, tuple[int, int, int]]:
    (folder / "matters").mkdir(parents=True)
    shutil.copy(REPO / "content" / "site.yaml", folder / "site.yaml")
    shape = {}
    for n, (m, q, c) in enumerate(itertools.product(MATERIAL_COUNTS, QUESTION_COUNTS, CONTACT_COUNTS), start=1):
        if q > m:
            continue  # a question no material depends on is not a 情形 of the matter
        number = f"1.{n}"
        (folder / "matters" / f"{number}.md").write_text(_matter(number, m, q, c), encoding="utf-8")
        shape[number] = (m, q, c)
    return shape


def _run(cmd: list[str], timeout: int = 600) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"`{' '.join(cmd)}` exited {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc.stdout


def _body_size(pdf: Path, first_material: str) -> float:
    """Height in points of the first material's name on the poster."""
    xml = _run(["pdftotext", "-bbox", str(pdf), "-"])
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ElementTree.fromstring(xml)
    for word in root.iter("{http://www.w3.org/1999/xhtml}word"):
        if (word.text or "").strip().startswith(first_material):
            return float(word.get("yMax")) - float(word.get("yMin"))
    raise AssertionError(f"{pdf.name}: {first_material!r} not found in pdftotext -bbox")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    for tool in ("pdfinfo", "pdftotext"):
        need(shutil.which(tool) is not None, f"`{tool}` not found (Debian package poppler-utils)")
    binary = gongkai_bin()
    need(binary.is_file(), f"gongkai binary not found at {binary} (set GONGKAI_BIN or build it)")
    root = tmp_path_factory.mktemp("poster-density")
    shape = _corpus(root / "content")
    out = root / "public"
    print(_run([str(binary), "pdf", "--content", str(root / "content"), "--output", str(out)]).strip())
    return out, shape


def test_every_poster_is_one_page(corpus, report):
    out, shape = corpus
    problems = []
    for number in shape:
        info = _run(["pdfinfo", str(out / "posters" / f"{number}.pdf")])
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        if pages != 1:
            problems.append(f"{number} {shape[number]}: {pages} pages")
    report(f"poster corpus: {len(shape)} posters (materials, 情形, contacts) rendered, each checked for one page")
    fail_if(problems, "posters that are not one page:\n" + "\n".join(problems))


def test_more_content_never_gets_larger_type(corpus, report):
    out, shape = corpus
    size = {number: _body_size(out / "posters" / f"{number}.pdf", MATERIALS[0]) for number in shape}
    problems = []
    for a, b in itertools.permutations(shape, 2):
        carries_more = all(x >= y for x, y in zip(shape[a], shape[b])) and shape[a] != shape[b]
        if carries_more and size[a] > size[b] + 0.05:
            problems.append(f"{a} {shape[a]} is set at {size[a]:.2f} pt, larger than {b} {shape[b]} at {size[b]:.2f} pt")
    sizes = sorted({round(s, 2) for s in size.values()}, reverse=True)
    report(f"poster corpus: body type heights {', '.join(f'{s:.1f}' for s in sizes)} pt")
    fail_if(problems, "a poster that carries more is set in larger type:\n" + "\n".join(problems[:20]))

    least = next(n for n, s in shape.items() if s == (1, 0, 1))
    assert size[least] == max(size.values()), f"the one-material poster is set at {size[least]:.2f} pt, not the largest"
    contact_heavy = next(n for n, s in shape.items() if s == (4, 0, 2))
    assert size[contact_heavy] > 1.5 * min(size.values()), (
        f"4 materials and two 监督电话 set at {size[contact_heavy]:.2f} pt, near the smallest ({min(size.values()):.2f} pt)")
