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
        return "\(Self.displayable(file)):\(line):\(column): error: \(subject)\(message)"
    }

    /// A path (or any text from outside) as a diagnostic prints it: control characters and line
    /// separators written as escapes (`\n`, `\u{1B}`), so a file name cannot break the message's line or
    /// send a terminal an escape sequence.
    public static func displayable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ContentCharacters.isForbidden($0.value) || $0 == "\n" || $0 == "\t" }) else {
            return text
        }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where ContentCharacters.isForbidden(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The source line as shown: a control character drawn as U+FFFD, one cell wide like the space the
    /// caret padding gives it, so it cannot act on the terminal.
    static func visibleSourceLine(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: { ContentCharacters.isForbidden($0.value) }) else { return line }
        var out = ""
        for scalar in line.unicodeScalars {
            out.unicodeScalars.append(ContentCharacters.isForbidden(scalar.value) ? "\u{FFFD}" : scalar)
        }
        return out
    }

    /// The headline, the source line with a caret under the column, and the hint.
    public var rendered: String {
        var out = headline
        if let sourceLine {
            let number = String(line)
            let gutter = String(repeating: " ", count: number.count)
            let (shown, shownColumn) = Self.window(of: sourceLine, around: column)
            out += "\n \(number) | \(Self.visibleSourceLine(shown))"
            out += "\n \(gutter) | \(Self.caretPadding(for: shown, column: shownColumn))^"
        }
        if let hint {
            out += "\n  提示: \(hint)"
        }
        return out
    }

    /// Characters of a source line shown at most: a line of a hundred thousand `[` is shown as the part
    /// around the column, marked with “…” where it is cut.
    static let shownLineLength = 120

    /// The part of a long line shown, and the column within it.
    static func window(of line: String, around column: Int) -> (String, Int) {
        guard line.utf8.count > shownLineLength else { return (line, column) }
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > shownLineLength else { return (line, column) }
        let start = max(0, min(column - 1 - shownLineLength / 3, scalars.count - shownLineLength))
        let end = min(scalars.count, start + shownLineLength)
        var shown = start > 0 ? "…" : ""
        shown.unicodeScalars.append(contentsOf: scalars[start..<end])
        if end < scalars.count { shown += "…" }
        return (shown, column - start + (start > 0 ? 1 : 0))
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
