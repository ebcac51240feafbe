/// A position in template text, moving one `Character` at a time — the unit swift-mustache's parser reads
/// in, so that `\r\n`, combining marks and `Character.isWhitespace` / `isNewline` decide standalone lines
/// and names exactly as they did there. Parsing happens once per theme load, so speed does not matter here.
struct TemplateCursor {
    struct Overflow: Error {}

    let text: String
    var position: String.Index

    init(_ text: String) {
        self.text = text
        position = text.startIndex
    }

    var atEnd: Bool { position == text.endIndex }
    var atStart: Bool { position == text.startIndex }

    /// The character here, or NUL at the end.
    var current: Character { atEnd ? "\0" : text[position] }

    mutating func advance() { position = text.index(after: position) }
    mutating func retreat() { position = text.index(before: position) }

    /// Consumes `character` if it is next. Throws at the end of the text, as swift-mustache's `read(_:)` does.
    mutating func read(_ character: Character) throws(Overflow) -> Bool {
        guard !atEnd else { throw Overflow() }
        guard text[position] == character else { return false }
        advance()
        return true
    }

    /// Consumes `string` if it comes next. Throws when fewer characters remain than `string` has.
    mutating func read(string: String) throws(Overflow) -> Bool {
        guard !string.isEmpty else { return true }
        // Measuring the rest of the template instead walked it to the end at every tag.
        guard let end = text.index(position, offsetBy: string.count, limitedBy: text.endIndex) else { throw Overflow() }
        guard text[position..<end] == string else { return false }
        position = end
        return true
    }

    @discardableResult
    mutating func read(while predicate: (Character) -> Bool) -> Substring {
        let start = position
        while !atEnd, predicate(text[position]) { advance() }
        return text[start..<position]
    }

    /// Reads up to (not including) the first character matching `predicate`, or to the end.
    mutating func read(until predicate: (Character) -> Bool) -> Substring {
        let start = position
        while !atEnd, !predicate(text[position]) { advance() }
        return text[start..<position]
    }

    /// Reads up to the first character matching `predicate`; throws (and stays put) if there is none.
    mutating func readRequiring(until predicate: (Character) -> Bool) throws(Overflow) -> Substring {
        let start = position
        let found = read(until: predicate)
        guard !atEnd else {
            position = start
            throw Overflow()
        }
        return found
    }

    /// Skips past the first occurrence of `string` (a comment's end). This is swift-mustache's matcher, which
    /// does not backtrack after a partial match; for the usual `}}` that finds the first occurrence.
    mutating func skip(past string: String) throws(Overflow) {
        let start = position
        var matched = string.startIndex
        while !atEnd {
            if text[position] == string[matched] {
                matched = string.index(after: matched)
                if matched == string.endIndex {
                    advance()
                    return
                }
            } else {
                matched = string.startIndex
            }
            advance()
        }
        position = start
        throw Overflow()
    }

    /// Where the cursor is, for an error: 1-based line (counting every kind of line break before it, as
    /// swift-mustache does), 1-based column in characters, and the text of the line.
    func location() -> (line: Int, column: Int, sourceLine: String) {
        var cursor = self
        var column = 0
        while !cursor.atStart {
            cursor.retreat()
            if cursor.current.isNewline { break }
            column += 1
        }
        // `isNewline`, not `== "\n"`: in a template saved with CRLF line ends "\r\n" is one Character.
        if cursor.current.isNewline { cursor.advance() }
        let sourceLine = cursor.read(until: \.isNewline)
        let line = text[text.startIndex..<position].filter(\.isNewline).count + 1
        return (line, column + 1, String(sourceLine))
    }
}
