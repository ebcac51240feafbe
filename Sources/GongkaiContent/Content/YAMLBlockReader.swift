import Foundation

/// Reads the YAML that content files are written in — block mappings and lists, one-line plain and quoted
/// scalars, one-line lists in brackets, comments — straight from its bytes into `YAMLNode`s, the same
/// nodes libyaml's events give.
///
/// libyaml decodes, scans, tokenises and parses every character through several layers of state
/// machines; reading a site's front matter that way was the larger part of loading it. Front matter uses
/// a sliver of YAML, which is read here a line at a time. Anything outside that sliver — a block or
/// multi-line scalar, a flow collection, an anchor, alias, tag or directive, an escape it does not know,
/// a tab, a control character, a key without a value, a duplicate key, odd indentation — returns nil,
/// and the text goes to libyaml (and, for errors, to Yams) exactly as before. Tests hold the two readers
/// equal on every YAML text of the repository and on thousands of mutations of them.
struct YAMLBlockReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private var lines: [Line] = []
    /// The line being read.
    private(set) var current = 0
    /// Lists and mappings open around the line being read; past `YAMLScreen.maximumDepth` the text is
    /// left to libyaml, where the screen reports it.
    private(set) var depth = 0

    struct Line {
        /// Byte offsets of the line's first byte and of its end (the newline, or the end of the text).
        let start: Int
        let end: Int
        /// Leading spaces.
        let indent: Int
        /// Empty, spaces only, or a comment.
        let isBlank: Bool
    }

    /// Thrown (and caught in `read`) at anything this reader leaves to libyaml.
    struct NotPlainEnough: Error {}

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> YAMLNode? {
        guard hasOnlyPlainCharacters(bytes) else { return nil }
        var reader = YAMLBlockReader(bytes: bytes)
        return try? reader.document()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var indent = 0
            while start + indent < end, bytes[start + indent] == UInt8(ascii: " ") { indent += 1 }
            let first = start + indent
            lines.append(Line(start: start, end: end, indent: indent, isBlank: first == end || bytes[first] == UInt8(ascii: "#")))
            start = end + 1
        }
    }

    /// No tab, no control character but the newline, no C1 control, byte order mark, non-character or
    /// Unicode line separator: libyaml rejects some and treats others as line breaks.
    private static func hasOnlyPlainCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 && byte != UInt8(ascii: "\n") || byte == 0x7F { return false }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return false }
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                return false
            }
            if byte == 0xEF, index + 2 < bytes.count,
               bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF || bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE {
                return false
            }
            index += 1
        }
        return true
    }

    private mutating func document() throws(NotPlainEnough) -> YAMLNode {
        skipBlankLines()
        guard current < lines.count else { throw NotPlainEnough() }
        for line in lines where !line.isBlank {
            // Document markers and directives.
            let first = bytes[line.start + line.indent]
            if line.indent == 0, first == UInt8(ascii: "%") || startsMarker(line) { throw NotPlainEnough() }
        }
        let root = try block(indent: lines[current].indent)
        skipBlankLines()
        guard current == lines.count else { throw NotPlainEnough() }
        return root
    }

    private func startsMarker(_ line: Line) -> Bool {
        guard line.end - line.start >= 3 else { return false }
        let a = bytes[line.start], b = bytes[line.start + 1], c = bytes[line.start + 2]
        return (a == UInt8(ascii: "-") && b == a && c == a) || (a == UInt8(ascii: ".") && b == a && c == a)
    }

    private mutating func skipBlankLines() {
        while current < lines.count, lines[current].isBlank { current += 1 }
    }

    /// The mapping or list whose first line is the current line, at `indent`.
    private mutating func block(indent: Int) throws(NotPlainEnough) -> YAMLNode {
        let line = lines[current]
        if isListItem(line.start + indent, in: line) { return try list(indent: indent) }
        return try mapping(indent: indent, firstKeyAt: line.start + indent)
    }

    /// `-` followed by a space: a list item. (A `-` alone on its line starts an item on the next lines,
    /// which is left to libyaml.)
    private func isListItem(_ offset: Int, in line: Line) -> Bool {
        guard bytes[offset] == UInt8(ascii: "-") else { return false }
        return offset + 1 == line.end || bytes[offset + 1] == UInt8(ascii: " ")
    }

    private mutating func list(indent: Int) throws(NotPlainEnough) -> YAMLNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= YAMLScreen.maximumDepth else { throw NotPlainEnough() }
        let firstIndex = current
        let first = lines[current]
        var items: [YAMLNode] = []
        while true {
            let line = lines[current]
            let dash = line.start + indent
            guard isListItem(dash, in: line), dash + 1 < line.end else { throw NotPlainEnough() }
            var content = dash + 1
            while content < line.end, bytes[content] == UInt8(ascii: " ") { content += 1 }
            guard content < line.end, bytes[content] != UInt8(ascii: "#"), !isListItem(content, in: line) else {
                throw NotPlainEnough()
            }
            if keyEnd(from: content, in: line) != nil {
                // `- key: value`: a mapping whose keys line up under the first.
                items.append(try mapping(indent: content - line.start, firstKeyAt: content))
            } else {
                items.append(try scalar(at: content, in: line))
                current += 1
                skipBlankLines()
                if current < lines.count, lines[current].indent > indent { throw NotPlainEnough() }
            }
            guard current < lines.count else { break }
            let next = lines[current]
            if next.indent < indent { break }
            guard next.indent == indent, isListItem(next.start + indent, in: next) else { throw NotPlainEnough() }
        }
        return YAMLNode(content: .sequence(items), line: firstIndex + 1, column: column(of: first.start + indent, in: first))
    }

    /// A mapping at `indent`; its first key starts at byte `firstKeyAt` of the current line (after a list
    /// item's dash, or at the indentation), the others at the indentation of later lines.
    private mutating func mapping(indent: Int, firstKeyAt: Int) throws(NotPlainEnough) -> YAMLNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= YAMLScreen.maximumDepth else { throw NotPlainEnough() }
        let firstIndex = current
        let first = lines[current]
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var keyRanges: [Range<Int>] = []
        var manyKeys: Set<String> = []
        var keyStart = firstKeyAt
        while true {
            let line = lines[current]
            guard let colon = keyEnd(from: keyStart, in: line) else { throw NotPlainEnough() }
            let keyText = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<colon]), as: UTF8.self)
            // Past a few dozen keys, a set: comparing each key with every earlier one was quadratic.
            if keyRanges.count == Self.keysComparedInTurn { manyKeys = Set(pairs.map { $0.key.string ?? "" }) }
            let duplicate = keyRanges.count < Self.keysComparedInTurn
                ? isDuplicate(keyStart..<colon, keyText, among: keyRanges, pairs) : !manyKeys.insert(keyText).inserted
            guard !duplicate else { throw NotPlainEnough() }
            keyRanges.append(keyStart..<colon)
            let key = YAMLNode(content: .scalar(keyText, isPlain: true), line: current + 1, column: column(of: keyStart, in: line))
            var valueStart = colon + 1
            while valueStart < line.end, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
            let value: YAMLNode
            if valueStart == line.end || bytes[valueStart] == UInt8(ascii: "#") {
                // The value is the block on the following, further indented lines.
                current += 1
                skipBlankLines()
                guard current < lines.count, lines[current].indent > indent else { throw NotPlainEnough() }
                value = try block(indent: lines[current].indent)
            } else {
                value = try scalar(at: valueStart, in: line)
                current += 1
                skipBlankLines()
                if current < lines.count, lines[current].indent > indent { throw NotPlainEnough() }
            }
            pairs.append((key, value))
            guard current < lines.count else { break }
            let next = lines[current]
            if next.indent < indent { break }
            guard next.indent == indent, !isListItem(next.start + indent, in: next) else { throw NotPlainEnough() }
            keyStart = next.start + indent
        }
        return YAMLNode(content: .mapping(pairs), line: firstIndex + 1, column: column(of: firstKeyAt, in: first))
    }

    /// Keys of a mapping checked for duplicates one by one; a larger mapping uses a set (whose `String`
    /// equality is the same canonical equivalence).
    static let keysComparedInTurn = 32

    /// Yams counts canonically equal keys as duplicates (`==` on Strings), which for Chinese text goes
    /// through Unicode normalisation. Text of ASCII, CJK ideographs, CJK punctuation and full-width forms
    /// has no other canonically equal spelling, so two such keys are equal exactly when their bytes are.
    private func isDuplicate(
        _ range: Range<Int>, _ text: String, among ranges: [Range<Int>], _ pairs: [(key: YAMLNode, value: YAMLNode)]
    ) -> Bool {
        let simple = isNormalizationFree(range)
        for (index, other) in ranges.enumerated() {
            if simple, isNormalizationFree(other) {
                if other.count == range.count, memcmp(bytes.baseAddress! + other.lowerBound, bytes.baseAddress! + range.lowerBound, range.count) == 0 {
                    return true
                }
            } else if pairs[index].key.string == text {
                return true
            }
        }
        return false
    }

    /// Only ASCII, U+3000–U+303F, U+4E00–U+9FFF and U+FF00–U+FFEF (all of them in NFC, none composing).
    private func isNormalizationFree(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard index + 2 < range.upperBound else { return false }
            let second = bytes[index + 1]
            switch lead {
            case 0xE3 where second == 0x80, 0xE4 where second >= 0xB8, 0xE5...0xE9: break
            case 0xEF where (0xBC...0xBE).contains(second) || second == 0xBF && bytes[index + 2] < 0xB0: break
            default: return false
            }
            index += 3
        }
        return true
    }

    /// Where the colon of `key: ` (or `key:` ending the line) is, for a plain key starting at `start`;
    /// nil if the text there is not such a key.
    private func keyEnd(from start: Int, in line: Line) -> Int? {
        guard start < line.end, !Self.startsSpecially(bytes[start]) else { return nil }
        var index = start
        while index < line.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#"), bytes[index - 1] == UInt8(ascii: " ") { return nil }
            if byte == UInt8(ascii: ":"), index + 1 == line.end || bytes[index + 1] == UInt8(ascii: " ") {
                // A key ends at its last non-space; spaces before the colon are left to libyaml.
                guard bytes[index - 1] != UInt8(ascii: " "), index - start <= 1000 else { return nil }
                return index
            }
            index += 1
        }
        return nil
    }

    /// 1-based, in characters (libyaml counts code points): the bytes that do not continue a UTF-8 sequence.
    func column(of offset: Int, in line: Line) -> Int {
        var column = 1
        for index in line.start..<offset where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }
}
