import ByteScanning

/// JSON written by hand, straight into bytes: Foundation's JSONEncoder walks `Encodable` through boxed
/// containers and was a tenth of a large build, and building a tree of values first (then walking and
/// freeing it) was half of what was left. Compact or indented as JSONEncoder's `.prettyPrinted` indents,
/// with unescaped slashes — byte for byte what JSONEncoder writes with `.sortedKeys, .withoutEscapingSlashes`.
///
/// Members are written in the order the caller writes them, which must be the sorted order of their keys
/// as `.sortedKeys` sorts them: by their UTF-8 bytes (String's `<` compares canonical forms, and puts
/// "e\u{301}" after "\u{7F}" where JSONEncoder puts it before; the same for ASCII keys); debug builds check it. Nil optionals are left out, as
/// JSONEncoder leaves them out.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private var depth = 0
    /// Bit n: whether the object or list open at depth n has a member or item yet. (The JSON written
    /// here is a few levels deep; 64 is far beyond it.)
    private var hasItems: UInt64 = 0
    #if DEBUG
    private var lastKeys: [String?] = []
    #endif

    package init(pretty: Bool = false, capacity: Int = 1024) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    package var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        #if DEBUG
        lastKeys.append(nil)
        #endif
        body(&self)
        #if DEBUG
        lastKeys.removeLast()
        #endif
        close(UInt8(ascii: "}"))
    }

    package mutating func array<Items: Sequence>(_ items: Items, _ item: (inout JSONWriter, Items.Element) -> Void) {
        open(UInt8(ascii: "["))
        for element in items {
            beginItem()
            item(&self, element)
        }
        close(UInt8(ascii: "]"))
    }

    package mutating func strings(_ items: [String]) {
        array(items) { writer, text in writer.string(text) }
    }

    // MARK: Members of an object

    /// `"key": …`, the value written by `value`.
    package mutating func member(_ key: String, _ value: (inout JSONWriter) -> Void) {
        #if DEBUG
        if let last = lastKeys[lastKeys.count - 1] {
            assert(last.utf8.lexicographicallyPrecedes(key.utf8), "keys out of order: \(last), \(key)")
        }
        lastKeys[lastKeys.count - 1] = key
        #endif
        beginItem()
        writeString(key)
        bytes.append(contentsOf: pretty ? " : ".utf8 : ":".utf8)
        value(&self)
    }

    /// `"key": {…}`.
    package mutating func object(_ key: String, _ body: (inout JSONWriter) -> Void) {
        member(key) { $0.object(body) }
    }

    /// `"key": […]`, one item per element.
    package mutating func array<Items: Sequence>(_ key: String, _ items: Items, _ item: (inout JSONWriter, Items.Element) -> Void) {
        member(key) { $0.array(items, item) }
    }

    package mutating func member(_ key: String, _ text: String?) {
        guard let text else { return }
        member(key) { $0.string(text) }
    }

    package mutating func member(_ key: String, _ number: Int?) {
        guard let number else { return }
        member(key) { $0.int(number) }
    }

    package mutating func member(_ key: String, _ flag: Bool) {
        member(key) { $0.bool(flag) }
    }

    package mutating func member(_ key: String, strings: [String]) {
        member(key) { $0.strings(strings) }
    }

    // MARK: Values

    package mutating func string(_ text: String) { writeString(text) }

    package mutating func int(_ number: Int) { bytes.append(contentsOf: String(number).utf8) }

    package mutating func bool(_ flag: Bool) { bytes.append(contentsOf: (flag ? "true" : "false").utf8) }

    /// Already-written JSON, spliced in as is.
    package mutating func raw(_ json: String) { bytes.append(contentsOf: json.utf8) }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        precondition(depth < 64, "JSON nested too deep")
        hasItems &= ~(1 << UInt64(depth))
    }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = hasItems & 1 << UInt64(depth) != 0
        depth -= 1
        // JSONEncoder writes an empty object or list across two lines when pretty.
        if pretty {
            if !hadItems { bytes.append(UInt8(ascii: "\n")) }
            newline()
        }
        bytes.append(bracket)
    }

    private mutating func beginItem() {
        if hasItems & 1 << UInt64(depth) != 0 { bytes.append(UInt8(ascii: ",")) }
        hasItems |= 1 << UInt64(depth)
        if pretty { newline() }
    }

    /// A line break and two spaces per level, in one append.
    private mutating func newline() {
        Self.newlineAndSpaces.withUnsafeBufferPointer { line in
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[0...(2 * depth)]))
        }
    }

    private static let newlineAndSpaces: [UInt8] = [UInt8(ascii: "\n")] + [UInt8](repeating: UInt8(ascii: " "), count: 128)

    /// Runs of bytes that need no escaping are copied in one go: most text has none at all.
    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var copied = 0
            while true {
                // Controls, the quote and the backslash (0x5C) are all below 0x60.
                let index = ByteScan.firstIndex(in: utf8, from: copied, below: 0x60) {
                    $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
                }
                guard index < utf8.count else { break }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<index]))
                appendEscaped(utf8[index])
                copied = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: "\\u00".utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}

// MARK: - Parts catalogue.json and the checker's rules share

extension JSONWriter {
    /// A material's condition: `"condition": [{"options": […], "question": "…"}, …]`.
    package mutating func conditionClauses(_ clauses: [(question: String, options: [String])]) {
        array("condition", clauses) { json, clause in
            json.object { json in
                json.member("options", strings: clause.options)
                json.member("question", clause.question)
            }
        }
    }

    /// A 情形 question: `{"key", "note", "options", "question"}`.
    package mutating func situationQuestion(key: String, question: String, options: [String], note: String?) {
        object { json in
            json.member("key", key)
            json.member("note", note)
            json.member("options", strings: options)
            json.member("question", question)
        }
    }
}
