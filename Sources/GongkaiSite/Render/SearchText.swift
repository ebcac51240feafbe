/// The text operations behind search-index.js, on Unicode scalars and UTF-8 bytes: the index is made
/// from every matter on each build, and the same work by `Character` (grapheme breaking, Unicode
/// property look-ups for every CJK character) was a fifth of a 10,000-matter build (docs/performance.md).
/// Chinese text has no combining sequences that these operations could split.
enum SearchText {
    /// Text as a reader sees it: each run of white space one space, none at the ends. As Markdown (when
    /// `markdown`), also without emphasis and code marks, heading and quote marks at the start of a line,
    /// and link targets, so a query never has to match them and a shown excerpt never has them.
    static func plain(_ text: String, markdown: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var atLineStart = true
        var skippingTarget = false
        var previous: Unicode.Scalar = "\n"
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if markdown {
                if skippingTarget {
                    if scalar == ")" { skippingTarget = false }
                    continue
                }
                if scalar == "(", previous == "]" {
                    skippingTarget = true
                    continue
                }
                if isNewline(scalar) { atLineStart = true }
                if atLineStart, scalar == "#" || scalar == ">" { continue }
                if !isSpace(scalar) { atLineStart = false }
                if scalar == "*" || scalar == "_" || scalar == "`" || scalar == "[" || scalar == "]" { continue }
            }
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        return String(out)
    }

    /// The first `limit` Unicode scalars of `text`.
    static func prefix(_ text: String, _ limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex) else { return text }
        return String(scalars[..<end])
    }

    /// The parts without those another part holds whole (a material named in 运行要件原文 is found there,
    /// so its name need not be stored twice) and without repeats. Compared as UTF-8 bytes, where a match
    /// always starts and ends at whole scalars. A matter has at most 200 materials: each pair once.
    static func withoutRepeats(_ parts: [String]) -> [String] {
        let bytes = parts.map { Array($0.utf8) }
        return parts.indices.filter { index in
            !bytes.indices.contains { other in
                other != index && (bytes[other].count > bytes[index].count && contains(bytes[other], bytes[index])
                    || other < index && bytes[other] == bytes[index])
            }
        }.map { parts[$0] }
    }

    private static func contains(_ text: [UInt8], _ part: [UInt8]) -> Bool {
        guard let first = part.first else { return true }
        guard text.count >= part.count else { return false }
        var start = 0
        while start <= text.count - part.count {
            if text[start] == first, text[start..<start + part.count].elementsEqual(part) { return true }
            start += 1
        }
        return false
    }

    /// White space as `Character.isWhitespace` has it (the Unicode property White_Space), by value.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
