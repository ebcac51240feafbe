#!/usr/bin/env python3
"""Write N synthetic matters as a gongkai content folder and the same data as a Hugo site.

Usage: bench/generate.py N OUT   → OUT/gongkai (content folder), OUT/hugo (Hugo site)

The text is drawn from sentences of real disclosure catalogues, so the byte mix (CJK, punctuation,
numbers) is what a station's content looks like. Every required field and most optional ones are filled
(not written: the 说明 notes of materials, 情形 and steps, and 空表/样表 form links); about a third of the
materials are conditional; each body is ~1.5 KB of Markdown. The output is deterministic for
a given N, so two runs of the benchmark build the same bytes.
"""
import json
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

DUTIES = [
    "开展就业失业管理工作", "开展基层就业援助服务", "落实灵活就业和自谋职业的就业促进政策",
    "负责城乡居民基本养老保险参保登记和待遇经办", "负责城乡居民基本医疗保险参保登记",
    "开展社会救助申请受理工作", "开展残疾人服务工作", "开展老年人服务工作",
    "开展退役军人服务工作", "开展计划生育服务工作", "开展流动人口服务管理工作", "开展法律援助受理工作",
]
NAMES = [
    "就失业登记", "就业援助", "灵活就业人员社会保险补贴申领", "城乡居民养老保险参保登记", "居民医疗保险参保登记",
    "最低生活保障申请受理", "临时救助申请受理", "残疾人证申领初审", "高龄津贴申领", "退役军人优待证申领",
    "独生子女父母奖励费申领", "居住证申领受理", "法律援助申请受理", "特困人员供养申请受理", "困难群众医疗救助",
]
LAWS = [
    "《中华人民共和国就业促进法》第五十六条", "《就业服务与就业管理规定》（2007年劳动保障部令第28号）第三十一条",
    "《天津市就业促进条例》第十九条", "《社会救助暂行办法》第十一条", "《天津市城乡居民基本养老保障规定》第十条",
    "《中华人民共和国残疾人保障法》第十七条", "《中华人民共和国老年人权益保障法》第三十三条",
]
SENTENCES = [
    "县级以上地方人民政府采取多种就业形式，拓宽公益性岗位范围，开发就业岗位，确保城市有就业需求的家庭至少有一人实现就业。",
    "法定劳动年龄内的家庭人员均处于失业状况的城市居民家庭，可以向住所地街道、社区公共就业服务机构申请就业援助。",
    "街道、乡镇、社区公共就业服务机构建立基层服务窗口，开展以就业援助为重点的公共就业服务。",
    "劳动行政部门应当建立健全就业登记和失业登记制度，完善就业管理和失业管理。",
    "公共就业服务机构负责就业登记和失业登记工作，向劳动者免费发放就失业证。",
    "城乡居民基本养老保险以行政村和社区劳动保障工作站为单位组织实施。",
    "由乡镇、街道劳动保障服务中心核准参保资格，办理参保登记，核定缴费额；由参保人员到指定的银行缴费。",
    "申请人应当如实提供家庭收入、财产等情况，并签署授权核查家庭经济状况的声明。",
    "社区在2个工作日内对申请登记人员的相关证明材料进行初审，初审合格者填写认定申请审批表。",
    "对申请登记对象张榜公示3天，公示无疑义后将申报材料报送街道。",
    "经办人员应当一次性告知申请人需要补正的全部材料，不得要求申请人重复提交。",
    "办理结果通过电话或短信告知申请人，申请人也可以到服务窗口查询。",
]
STEPS = ["受理", "审核", "决定", "下达", "公示", "复核", "归档"]
ACTORS = ["社区", "街道", "区人社局", "区民政局"]
MATERIAL_NAMES = [
    "户口本", "身份证", "结婚证", "离婚证、离婚协议或法院判决书", "最低生活保障证", "二级及以上医院开具的诊断证明",
    "近3个月收入证明", "残疾人证", "退役证明", "居住证明", "银行卡复印件", "近期一寸免冠照片",
    "劳动合同或解除劳动合同证明", "所抚养子女的在学材料",
]
CATEGORIES = ["零就业家庭人员", "低保家庭人员", "残疾人员", "单亲家庭人员", "其他"]


def body(rng: random.Random) -> str:
    """About 1.5 KB of Markdown: headings, paragraphs with emphasis, a list, a numbered list, a link."""
    s = lambda: rng.choice(SENTENCES)
    return "\n".join([
        "## 办理须知", "",
        f"{s()}{s()}**请携带原件**，复印件由窗口留存。", "",
        f"- {s()}", f"- {s()}", f"- 咨询时请说明事项名称和*序号*。", "",
        "## 常见问题", "",
        f"1. {s()}", f"2. {s()}", "",
        f"> {s()}", "",
        f"详见[政策原文](https://www.gov.cn/zhengce/)。{s()}", "",
    ])


def matter(number: str, duty: str, rng: random.Random) -> dict:
    """One matter as plain data; both generators write it in their own format."""
    materials = [{"名称": name} for name in rng.sample(MATERIAL_NAMES[:3], 2)]
    for name in rng.sample(MATERIAL_NAMES[3:], 4):
        material = {"名称": name, "形式": rng.choice(["原件", "复印件", "原件及复印件"]), "份数": rng.randint(1, 3),
                    "来源": "申请人自备"}
        if rng.random() < 0.6:
            material["条件"] = {"类别": rng.sample(CATEGORIES, 2)}
        materials.append(material)
    return {
        "序号": number,
        "主要职责": duty,
        "名称": f"{rng.choice(NAMES)}（{number}）",
        "法定依据": [{"依据": rng.choice(LAWS), "内容": rng.choice(SENTENCES) + rng.choice(SENTENCES)}
                     for _ in range(2)],
        "实施机构": "天津市滨海新区大沽街党群服务中心",
        "职责边界": rng.sample(["社区初审", "街镇复审", "区人社局审批", "街镇帮扶"], 3),
        "运行流程": [{"步骤": step, "办理": rng.choice(ACTORS), "时限": f"{rng.randint(1, 5)}个工作日"}
                     for step in rng.sample(STEPS, 4)],
        "情形": [{"键": "类别", "问题": "您申请的人员类别是？", "选项": CATEGORIES}],
        "运行要件": materials,
        "责任事项": ["受理申请，并接受其报送的相关材料；", "组织论证审查；", "对审查结果进行确认，下达行政确认文书。"],
        "监督方式": {"监督电话": f"022-{rng.randint(20000000, 29999999)}", "来信来访地址": "天津市滨海新区远景庄园"},
        "办理时限": {"法定": "20个工作日", "承诺": "10个工作日"},
        "办理地点": "大沽街党群服务中心一楼大厅",
        "办理时间": "周一至周五 9:00—17:00",
        "收费": "不收费",
        "咨询电话": "022-25200000",
        "办理结果": "书面告知",
        "body": body(rng),
    }


def yaml_scalar(value) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def yaml(value, indent: int = 0) -> str:
    """A small YAML writer for the shapes above (JSON-quoted strings are valid YAML)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:\n{yaml(item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {yaml_scalar(item)}")
        return "\n".join(lines)
    lines = []
    for item in value:
        if isinstance(item, (dict, list)):
            inner = yaml(item, indent + 2)
            lines.append(f"{pad}- {inner.lstrip()}")
        else:
            lines.append(f"{pad}- {yaml_scalar(item)}")
    return "\n".join(lines)


def write_gongkai(folder: Path, matters: list) -> None:
    (folder / "matters").mkdir(parents=True)
    site = {
        "名称": "天津市滨海新区大沽街党群服务中心", "标题": "公开服务内容", "网址": "https://bench.example.org/",
        "地址": "天津市滨海新区远景庄园南侧大沽街道办事处", "实施机构": "天津市滨海新区大沽街党群服务中心",
        "监督方式": {"监督电话": "022-12345", "来信来访地址": "天津市滨海新区远景庄园南侧大沽街道办事处"},
        "主要职责": [{"序号": str(i + 1), "名称": name} for i, name in enumerate(DUTIES)],
    }
    (folder / "site.yaml").write_text(yaml(site) + "\n", encoding="utf-8")
    for m in matters:
        front = {k: v for k, v in m.items() if k != "body"}
        text = f"---\n{yaml(front)}\n---\n{m['body']}"
        (folder / "matters" / f"{m['序号']}.md").write_text(text, encoding="utf-8")


HUGO_KEYS = {"名称": "title", "序号": "number", "主要职责": "duty"}


def write_hugo(folder: Path, matters: list) -> None:
    """The same matters for Hugo: front matter under the same Chinese names, read in templates with `index`."""
    shutil.copytree(HERE / "hugo", folder)
    (folder / "static" / "assets").mkdir(parents=True)
    shutil.copy(REPO / "themes" / "default" / "assets" / "site.css", folder / "static" / "assets")
    (folder / "content" / "matters").mkdir(parents=True)
    duties = [{"number": str(i + 1), "name": name} for i, name in enumerate(DUTIES)]
    (folder / "data").mkdir()
    (folder / "data" / "duties.json").write_text(json.dumps(duties, ensure_ascii=False), encoding="utf-8")
    for m in matters:
        front = {HUGO_KEYS.get(k, k): v for k, v in m.items() if k not in ("body", "_order")}
        front["weight"] = m["_order"]
        text = f"---\n{yaml(front)}\n---\n{m['body']}"
        (folder / "content" / "matters" / f"{m['序号']}.md").write_text(text, encoding="utf-8")


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    rng = random.Random(count)
    matters = []
    for i in range(count):
        duty = str(i % len(DUTIES) + 1)
        m = matter(f"{duty}.{i // len(DUTIES) + 1}", duty, rng)
        m["_order"] = i + 1
        matters.append(m)
    if out.exists():
        shutil.rmtree(out)
    gongkai_matters = [{k: v for k, v in m.items() if k != "_order"} for m in matters]
    write_gongkai(out / "gongkai", gongkai_matters)
    write_hugo(out / "hugo", matters)


if __name__ == "__main__":
    main()
