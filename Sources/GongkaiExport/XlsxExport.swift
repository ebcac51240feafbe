import CXlsxWriter
import Foundation
import GongkaiModel

/// The catalogue as the district's 清单, written by libxlsxwriter: sheet 事项, the station's name, then one
/// row per matter under a header of 信息表 labels (主要职责 as 「序号 名称」, a cell's paragraphs on lines of their own); sheet 材料,
/// one row per material with its details and its condition in words. Every cell is text, so 序号 1.10
/// stays 1.10.
package enum XlsxExport {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Writes the workbook to `path` (libxlsxwriter writes files, not memory).
    package static func write(_ catalogue: Catalogue, to path: String) throws(Failure) {
        guard let workbook = workbook_new(path) else { throw Failure(description: "无法创建 \(path)") }
        let text = workbook_add_format(workbook)
        format_set_text_wrap(text)
        format_set_align(text, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        format_set_num_format(text, "@")
        let header = workbook_add_format(workbook)
        format_set_bold(header)
        format_set_num_format(header, "@")

        let labels = columns(catalogue)
        let matters = workbook_add_worksheet(workbook, "事项")
        // The station's name above the header, over all the columns, as district 清单 have it.
        worksheet_merge_range(matters, 0, 0, 0, lxw_col_t(max(labels.count - 1, 1)), catalogue.site.name, header)
        let siteLines = InfoTableText.siteLines(catalogue.site)
        for (offset, line) in siteLines.enumerated() {
            worksheet_write_string(matters, lxw_row_t(offset + 1), 0, line, nil)
        }
        let headerRow = siteLines.count + 1
        worksheet_freeze_panes(matters, lxw_row_t(headerRow + 1), 0)
        for (column, label) in labels.enumerated() {
            worksheet_write_string(matters, lxw_row_t(headerRow), lxw_col_t(column), label, header)
            worksheet_set_column(matters, lxw_col_t(column), lxw_col_t(column), column < 3 ? 14 : 40, nil)
        }
        let dutyNames = Dictionary(catalogue.site.duties.map { ($0.number, $0.name) }, uniquingKeysWith: { a, _ in a })
        for (index, matter) in catalogue.matters.enumerated() {
            var cells = Dictionary(InfoTableText.rows(matter).map { ($0.label, $0.paragraphs.joined(separator: "\n")) },
                                   uniquingKeysWith: { a, _ in a })
            cells[MatterField.duty.key] = [matter.dutyNumber, dutyNames[matter.dutyNumber] ?? ""].joined(separator: " ")
            for (column, label) in labels.enumerated() {
                worksheet_write_string(matters, lxw_row_t(headerRow + 1 + index), lxw_col_t(column), cells[label] ?? "", text)
            }
        }

        let materials = workbook_add_worksheet(workbook, "材料")
        let materialLabels = ["序号", "事项名称", "材料", "形式", "份数", "来源", "条件", "说明"]
        worksheet_freeze_panes(materials, 1, 0)
        for (column, label) in materialLabels.enumerated() {
            worksheet_write_string(materials, 0, lxw_col_t(column), label, header)
            worksheet_set_column(materials, lxw_col_t(column), lxw_col_t(column), [8, 24, 30, 12, 6, 16, 36, 30][column], nil)
        }
        var row = 1
        for matter in catalogue.matters {
            for material in matter.materials {
                let cells = [
                    matter.number, matter.name, material.name, material.form ?? "", material.copies.map(String.init) ?? "",
                    material.source ?? "", ConditionWording.text(material.condition) ?? "", material.note ?? "",
                ]
                for (column, value) in cells.enumerated() {
                    worksheet_write_string(materials, lxw_row_t(row), lxw_col_t(column), value, text)
                }
                row += 1
            }
        }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw Failure(description: "无法写入 \(path)：\(String(cString: lxw_strerror(result)))")
        }
    }

    /// 序号, 主要职责, then the 信息表 rows any matter has, in the order the 信息表 lists them.
    static func columns(_ catalogue: Catalogue) -> [String] {
        var labels: [String] = []
        for matter in catalogue.matters {
            var previous: Int?
            for row in InfoTableText.rows(matter) {
                if let index = labels.firstIndex(of: row.label) {
                    previous = index
                } else {
                    let at = previous.map { $0 + 1 } ?? labels.count
                    labels.insert(row.label, at: at)
                    previous = at
                }
            }
        }
        labels.removeAll { $0 == MatterField.duty.key }
        labels.insert(MatterField.duty.key, at: labels.firstIndex(of: MatterField.number.key).map { $0 + 1 } ?? 0)
        return labels
    }
}
