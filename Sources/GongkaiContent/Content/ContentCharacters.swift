/// The characters a content file may hold, checked on its bytes: once per file on the raw text, and on
/// the text libyaml decodes from escapes (`"\e"`, `"\x07"`). Control characters would reach the pages
/// unseen; U+2028, U+2029 and NEL are line breaks to libyaml but not to editors, so every diagnostic
/// after one would point at the wrong line.
enum ContentCharacters {
    /// Whether a character is refused: a C0 control other than tab and newline, DEL, a C1 control, a
    /// Unicode line or paragraph separator, or a noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF).
    static func isForbidden(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0xFDD0...0xFDEF: return true
        default: return value & 0xFFFE == 0xFFFE
        }
    }

    /// The byte offset and value of the first refused character of valid UTF-8, or nil. A byte loop that
    /// decodes only at the few lead bytes that can start a refused character.
    static func firstForbidden(in bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, value: UInt32)? {
        // Eight bytes at a time while none can start a refused character: every byte is 0x20–0x7E or
        // 0x80–0xC1 or 0xC3–0xE1 or 0xE3–0xEE (CJK text is 0xE3–0xE9 leads and 0x80–0xBF). The test is
        // done per byte on the eight, which the compiler vectorises; a hit is looked at one byte at a time.
        var index = 0
        let count = bytes.count
        while index < count {
            if index + 8 <= count {
                var clean = true
                for offset in 0..<8 where !isPlain(bytes[index + offset]) { clean = false }
                if clean {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if isPlain(byte) || byte == 0x09 || byte == 0x0A {
                index += 1
                continue
            }
            let value = decode(at: index, in: bytes)
            if isForbidden(value) { return (index, value) }
            index += 1
        }
        return nil
    }

    /// A byte that cannot start a refused character.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F || byte >= 0x80 && byte < 0xC2 || byte > 0xC2 && byte < 0xE2 || byte > 0xE2 && byte < 0xEF
    }

    /// The scalar value of the (valid) UTF-8 sequence starting at `index`.
    private static func decode(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let lead = UInt32(bytes[index])
        func continuation(_ step: Int) -> UInt32 {
            index + step < bytes.count ? UInt32(bytes[index + step] & 0x3F) : 0
        }
        switch lead {
        case 0..<0x80: return lead
        case 0xC0..<0xE0: return (lead & 0x1F) << 6 | continuation(1)
        case 0xE0..<0xF0: return (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
        default: return (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
        }
    }

    /// How a refused character is named in a message: its code point and, for the common ones, its name.
    static func name(of value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let names: [UInt32: String] = [
            0x00: "NUL，空字符", 0x07: "BEL，响铃", 0x08: "BS，退格", 0x0B: "VT，垂直制表符", 0x0C: "FF，换页",
            0x0D: "CR，回车", 0x1B: "ESC，转义符", 0x7F: "DEL，删除符", 0x85: "NEL，下一行",
            0x2028: "行分隔符", 0x2029: "段落分隔符", 0xFFFE: "非字符", 0xFFFF: "非字符",
        ]
        if let name = names[value] { return "\(code)（\(name)）" }
        if value < 0x20 || (0x7F...0x9F).contains(value) { return "\(code)（控制字符）" }
        return "\(code)（非字符）"
    }

    static let hint = "这个字符看不见，却会原样进入网页：删除它（或把这一段文字重新输入一遍）；需要换行就直接回车"
    /// For a character written as an escape inside quotes.
    static let escapeHint = "删掉引号里写出这个字符的转义（如 \\e、\\a、\\0、\\x07、\\u0007）；需要换行就直接回车"

    /// The 1-based line (counted by "\n" only, as editors count) and column (in characters, counting
    /// only the valid UTF-8 before `offset`) of a byte offset, and the text of that line up to it.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int, lineStart: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<min(offset, bytes.count) where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return (line, column, lineStart)
    }
}
