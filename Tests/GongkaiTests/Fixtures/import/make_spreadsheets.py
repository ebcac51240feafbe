#!/usr/bin/env python3
"""Makes dagu-catalogue.xlsx and dagu-catalogue.csv from dagu-catalogue.docx (seed 000 as Word): the same
text as a 清单 — a header row of 信息表 labels, one row per matter, 主要职责 as "序号 名称" with the cells of
one duty merged down in the workbook, line breaks inside cells where the Word cell had paragraphs.

    python3 Tests/GongkaiTests/Fixtures/import/make_spreadsheets.py   (needs openpyxl)
"""
import csv
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def cell_text(cell):
    paragraphs = []
    for p in cell.iter(W + "p"):
        paragraphs.append("".join(t.text or "" for t in p.iter(W + "t")).strip())
    return "\n".join(p for p in paragraphs if p)


def read_docx(path):
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    tables = list(root.iter(W + "tbl"))
    duties, duty_of = {}, {}
    current = None
    for row in tables[0].findall(W + "tr"):
        cells = [cell_text(c) for c in row.findall(W + "tc")]
        if len(cells) == 5 and cells[2][:1].isdigit():
            if cells[0]:
                current = (cells[0], cells[1])
                duties[cells[0]] = cells[1]
            duty_of[cells[2]] = current
    matters = []
    for table in tables[1:]:
        rows = {}
        for row in table.findall(W + "tr"):
            cells = [cell_text(c) for c in row.findall(W + "tc")]
            rows[cells[0]] = cells[1]
        matters.append(rows)
    return duty_of, matters


def main():
    duty_of, matters = read_docx(HERE / "dagu-catalogue.docx")
    labels = ["序号", "主要职责", "名称", "法定依据", "实施机构", "职责边界", "运行流程", "运行要件", "责任事项", "监督方式"]
    rows = []
    for matter in matters:
        number = matter["序号"]
        duty = duty_of[number]
        rows.append([number, f"{duty[0]} {duty[1]}"] + [matter.get(label, "") for label in labels[2:]])

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "事项"
    # A title row above the header, merged across, as district 清单 have: the station's name.
    sheet.append(["天津市滨海新区大沽街党群服务中心"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(labels))
    sheet.append(labels)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        for cell in column:
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    # The cells of one duty merged down, as a 清单 lays them out.
    first = 3  # rows 1 and 2: title and header
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][1] != rows[start][1]:
            if index - 1 > start:
                sheet.merge_cells(start_row=first + start, start_column=2, end_row=first + index - 1, end_column=2)
            start = index
    book.save(HERE / "dagu-catalogue.xlsx")

    # The same 清单 with a second sheet of materials, as some districts ask for: details per material, and
    # a condition in words that import reports rather than guesses at.
    materials = book.create_sheet("材料")
    materials.append(["序号", "事项名称", "材料", "形式", "份数", "来源", "条件", "说明"])
    materials.append(["1.1", "就失业登记", "身份证", "原件", "1", "", "", ""])
    materials.append(["3.1", "对劳动者从事个体经营或灵活就业的登记", "身份证", "原件及复印件", "1", "", "", ""])
    materials.append(["3.1", "对劳动者从事个体经营或灵活就业的登记", "灵活就业情况说明或个体经营执照", "", "", "申请人", "", ""])
    materials.append(["4.1", "对居民参加基本医疗保险的登记", "户口本", "", "", "", "", ""])
    materials.append(["4.1", "对居民参加基本医疗保险的登记", "身份证", "", "", "", "", ""])
    materials.append(["4.1", "对居民参加基本医疗保险的登记", "居住证", "", "", "", "外省市户籍成年居民", ""])
    for column in materials.columns:
        for cell in column:
            cell.number_format = "@"
    book.save(HERE / "dagu-catalogue-materials.xlsx")

    with open(HERE / "dagu-catalogue.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(labels)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
