/// A reason an import stops: where in the file (`表 3 第 5 行（运行要件）`), what is wrong, and what to do.
/// Nothing is written when there is one.
package struct ImportProblem: Error, CustomStringConvertible, Equatable {
    package var file: String
    /// `表 3 第 5 行（运行要件）`, `工作表「事项」第 7 行`, or empty for the file as a whole.
    package var place: String
    package var message: String
    package var hint: String?

    package init(file: String, place: String = "", message: String, hint: String? = nil) {
        self.file = file
        self.place = place
        self.message = message
        self.hint = hint
    }

    package var description: String {
        let location = place.isEmpty ? file : "\(file): \(place)"
        return "\(location): \(message)" + (hint.map { "\n  提示: \($0)" } ?? "")
    }

    static let fileHint = "在 Word 里打开它，另存为“Word 文档（*.docx）”后再导入"

    /// `表 3 第 5 行（运行要件）`: tables and rows counted from 1, as a person counts them in Word.
    static func place(table: Int, row: Int, label: String? = nil) -> String {
        "表 \(table) 第 \(row) 行" + (label.map { "（\($0)）" } ?? "")
    }
}

/// All the problems found, reported together.
package struct ImportProblems: Error, CustomStringConvertible {
    package var problems: [ImportProblem]

    package var description: String {
        problems.map(\.description).joined(separator: "\n\n") + "\n\n共 \(problems.count) 处问题，没有写入任何文件。"
    }
}
