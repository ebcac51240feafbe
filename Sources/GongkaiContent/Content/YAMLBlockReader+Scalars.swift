/// The scalars of `YAMLBlockReader`: one-line plain, double- and single-quoted text, and one-line
/// lists in brackets. Each either reads exactly what libyaml would or throws `NotPlainEnough`.
extension YAMLBlockReader {
    /// Bytes a plain scalar may not start with (YAML's indicators, and the space).
    static func startsSpecially(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: " "):
            true
        default:
            false
        }
    }

    /// A scalar (or a bracketed list) that starts at `start` of the current line and ends it (but for
    /// spaces and a comment).
    func scalar(at start: Int, in line: Line) throws(NotPlainEnough) -> YAMLNode {
        let node: YAMLNode, end: Int
        switch bytes[start] {
        case UInt8(ascii: "["):
            (node, end) = try bracketedList(from: start, in: line)
        default:
            let text: String, isPlain: Bool
            switch bytes[start] {
            case UInt8(ascii: "\""): (text, end) = try doubleQuoted(from: start, in: line); isPlain = false
            case UInt8(ascii: "'"): (text, end) = try singleQuoted(from: start, in: line); isPlain = false
            default: (text, end) = try plain(from: start, in: line); isPlain = true
            }
            node = YAMLNode(content: .scalar(text, isPlain: isPlain), line: current + 1, column: column(of: start, in: line))
        }
        // Then spaces, and the end of the line or a comment.
        var rest = end
        while rest < line.end, bytes[rest] == UInt8(ascii: " ") { rest += 1 }
        guard rest == line.end || (bytes[rest] == UInt8(ascii: "#") && bytes[rest - 1] == UInt8(ascii: " ")) else {
            throw NotPlainEnough()
        }
        return node
    }

    /// A plain scalar running to the end of the line or to a comment, trailing spaces dropped. Anything
    /// that could make it a key or the start of something else is left to libyaml. In brackets
    /// (`inList`) it also ends at `,` or `]`, and may not contain `[`, `{` or `}`.
    private func plain(from start: Int, in line: Line, inList: Bool = false) throws(NotPlainEnough) -> (String, Int) {
        guard !Self.startsSpecially(bytes[start]) else { throw NotPlainEnough() }
        var end = start
        var lastNonSpace = start
        scan: while end < line.end {
            let byte = bytes[end]
            switch byte {
            case UInt8(ascii: ":"):
                let after = end + 1 < line.end ? bytes[end + 1] : UInt8(ascii: " ")
                if after == UInt8(ascii: " ") || inList && (after == UInt8(ascii: ",") || after == UInt8(ascii: "]")) {
                    throw NotPlainEnough()
                }
            case UInt8(ascii: "#") where bytes[end - 1] == UInt8(ascii: " "):
                if inList { throw NotPlainEnough() }
                break scan
            case UInt8(ascii: ","), UInt8(ascii: "]"):
                if inList { break scan }
            case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "}"):
                if inList { throw NotPlainEnough() }
            default:
                break
            }
            if byte != UInt8(ascii: " ") { lastNonSpace = end }
            end += 1
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start...lastNonSpace]), as: UTF8.self), end)
    }

    /// `[a, "b", c]` on one line: plain or quoted items, no nesting, no trailing comma. Returns the list
    /// and the offset after the closing bracket.
    private func bracketedList(from start: Int, in line: Line) throws(NotPlainEnough) -> (YAMLNode, Int) {
        guard depth < YAMLScreen.maximumDepth else { throw NotPlainEnough() }
        var items: [YAMLNode] = []
        var index = start + 1
        func skipSpaces() { while index < line.end, bytes[index] == UInt8(ascii: " ") { index += 1 } }
        skipSpaces()
        if index < line.end, bytes[index] == UInt8(ascii: "]") {
            return (YAMLNode(content: .sequence([]), line: current + 1, column: column(of: start, in: line)), index + 1)
        }
        while true {
            guard index < line.end else { throw NotPlainEnough() }
            let itemStart = index
            let text: String, isPlain: Bool
            switch bytes[index] {
            case UInt8(ascii: "\""): (text, index) = try doubleQuoted(from: index, in: line); isPlain = false
            case UInt8(ascii: "'"): (text, index) = try singleQuoted(from: index, in: line); isPlain = false
            default: (text, index) = try plain(from: index, in: line, inList: true); isPlain = true
            }
            items.append(YAMLNode(content: .scalar(text, isPlain: isPlain), line: current + 1, column: column(of: itemStart, in: line)))
            skipSpaces()
            guard index < line.end else { throw NotPlainEnough() }
            if bytes[index] == UInt8(ascii: "]") { break }
            guard bytes[index] == UInt8(ascii: ",") else { throw NotPlainEnough() }
            index += 1
            skipSpaces()
            // A trailing comma, or an empty item, is left to libyaml.
            guard index < line.end, bytes[index] != UInt8(ascii: "]"), bytes[index] != UInt8(ascii: ",") else {
                throw NotPlainEnough()
            }
        }
        return (YAMLNode(content: .sequence(items), line: current + 1, column: column(of: start, in: line)), index + 1)
    }

    /// `"…"` on one line, with the escapes content files use (`\"`, `\\`, `\/`, `\n`, `\t`, `\uXXXX`);
    /// returns the text and the offset after the closing quote.
    private func doubleQuoted(from start: Int, in line: Line) throws(NotPlainEnough) -> (String, Int) {
        // Most values have no escape: one copy of their bytes.
        var close = start + 1
        while close < line.end, bytes[close] != UInt8(ascii: "\""), bytes[close] != UInt8(ascii: "\\") { close += 1 }
        if close < line.end, bytes[close] == UInt8(ascii: "\"") {
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<close]), as: UTF8.self), close + 1)
        }
        var text: [UInt8] = []
        var index = start + 1
        while index < line.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                return (String(decoding: text, as: UTF8.self), index + 1)
            }
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                index += 1
                continue
            }
            guard index + 1 < line.end else { throw NotPlainEnough() }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""): text.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): text.append(UInt8(ascii: "/"))
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "t"): text.append(0x09)
            // `\r`, `\0` and escapes of other refused characters are left to libyaml, where the screen
            // reports them (`ContentCharacters`).
            case UInt8(ascii: "u"):
                guard index + 5 < line.end, let value = UInt32(hex: bytes[(index + 2)...(index + 5)]),
                      !ContentCharacters.isForbidden(value), let scalar = Unicode.Scalar(value) else { throw NotPlainEnough() }
                text.append(contentsOf: String(Character(scalar)).utf8)
                index += 4
            default:
                throw NotPlainEnough()
            }
            index += 2
        }
        throw NotPlainEnough()
    }

    /// `'…'` on one line, `''` standing for `'`.
    private func singleQuoted(from start: Int, in line: Line) throws(NotPlainEnough) -> (String, Int) {
        var text: [UInt8] = []
        var index = start + 1
        while index < line.end {
            if bytes[index] == UInt8(ascii: "'") {
                guard index + 1 < line.end, bytes[index + 1] == UInt8(ascii: "'") else {
                    return (String(decoding: text, as: UTF8.self), index + 1)
                }
                index += 1
            }
            text.append(bytes[index])
            index += 1
        }
        throw NotPlainEnough()
    }
}

private extension UInt32 {
    init?(hex digits: Slice<UnsafeBufferPointer<UInt8>>) {
        var value: UInt32 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        self = value
    }
}
