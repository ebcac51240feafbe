/// One problem in the content or the theme, pointing at the exact place a person must fix.
public struct Diagnostic: Error, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    /// Where in the record the problem is, e.g. `运行要件[3].条件.认定类别` (list positions count from 1).
    public var field: String
    public var message: String
    /// What would be valid instead.
    public var hint: String?
    /// The offending source line, shown under the message with a caret.
    public var sourceLine: String?

    public init(
        file: String, line: Int, column: Int, field: String, message: String,
        hint: String? = nil, sourceLine: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.hint = hint
        self.sourceLine = sourceLine
    }

    /// `path:line:col: error: field: message` — the first line, in the form compilers and editors understand.
    public var headline: String {
        let subject = field.isEmpty ? "" : "\(field): "
        return "\(file):\(line):\(column): error: \(subject)\(message)"
    }

    /// The headline, the source line with a caret under the column, and the hint.
    public var rendered: String {
        var out = headline
        if let sourceLine {
            let number = String(line)
            let gutter = String(repeating: " ", count: number.count)
            out += "\n \(number) | \(sourceLine)"
            out += "\n \(gutter) | \(Self.caretPadding(for: sourceLine, column: column))^"
        }
        if let hint {
            out += "\n  提示: \(hint)"
        }
        return out
    }

    /// Spaces that put a caret under `column` (counted in Unicode scalars, from 1) on a terminal, where
    /// CJK characters take two cells and a tab keeps its own width.
    static func caretPadding(for line: String, column: Int) -> String {
        var padding = ""
        for scalar in line.unicodeScalars.prefix(max(0, column - 1)) {
            if scalar == "\t" {
                padding += "\t"
            } else if scalar.isWide {
                padding += "  "
            } else {
                padding += " "
            }
        }
        return padding
    }
}

/// All the problems of one run: a build reports every one of them, not only the first.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        let body = diagnostics.map(\.rendered).joined(separator: "\n\n")
        return body + "\n\n共 \(diagnostics.count) 处错误，没有写入任何文件。"
    }
}

extension Unicode.Scalar {
    /// East Asian Wide and Fullwidth ranges: the characters a terminal draws two cells wide.
    var isWide: Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
