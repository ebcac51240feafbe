/// JSON built by hand for data that goes on every page: Foundation's JSONEncoder walks `Encodable` through
/// boxed containers and was a tenth of a large build. Written compact with sorted keys and unescaped
/// slashes — byte for byte what JSONEncoder writes with `.sortedKeys, .withoutEscapingSlashes`.
///
/// An object's members are written in the order given, which must be the sorted order of their keys
/// (String order, as `.sortedKeys` sorts): sorting them on every write, through a dictionary, was a third
/// of writing catalogue.json. Debug builds check the order.
enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    /// Nil values are left out, as JSONEncoder leaves out nil optionals. Keys in sorted order.
    case object(KeyValuePairs<String, JSONValue?>)
    /// Already-written JSON, spliced in as is.
    case raw(String)

    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    static func optional(_ text: String?) -> JSONValue? { text.map(JSONValue.string) }

    var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func write(into bytes: inout [UInt8]) {
        switch self {
        case .string(let text):
            Self.write(text, into: &bytes)
        case .int(let number):
            bytes.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .raw(let json):
            bytes.append(contentsOf: json.utf8)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            assert(Self.isSorted(members), "keys out of order: \(members.map(\.key))")
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in members {
                guard let value else { continue }
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                Self.write(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Indented as JSONEncoder's `.prettyPrinted` indents: two spaces, `"key" : value`, an empty list or
    /// object as an empty line between its brackets, no newline at the end.
    var prettyText: [UInt8] {
        var bytes: [UInt8] = []
        writePretty(into: &bytes, depth: 0)
        return bytes
    }

    private func writePretty(into bytes: inout [UInt8], depth: Int) {
        func newline(_ depth: Int) {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        switch self {
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            if items.isEmpty { bytes.append(UInt8(ascii: "\n")) }
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                item.writePretty(into: &bytes, depth: depth + 1)
            }
            newline(depth)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            assert(Self.isSorted(members), "keys out of order: \(members.map(\.key))")
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in members {
                guard let value else { continue }
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                newline(depth + 1)
                Self.write(key, into: &bytes)
                bytes.append(contentsOf: " : ".utf8)
                value.writePretty(into: &bytes, depth: depth + 1)
            }
            if first { bytes.append(UInt8(ascii: "\n")) }
            newline(depth)
            bytes.append(UInt8(ascii: "}"))
        default:
            write(into: &bytes)
        }
    }

    /// JSONEncoder's `.sortedKeys` compares keys as Strings; so does this.
    private static func isSorted(_ members: KeyValuePairs<String, JSONValue?>) -> Bool {
        zip(members, members.dropFirst()).allSatisfy { $0.key < $1.key }
    }

    /// Runs of bytes that need no escaping are copied in one go: most text has none at all.
    private static func write(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var copied = 0
            for index in utf8.indices where utf8[index] < 0x20 || utf8[index] == UInt8(ascii: "\"") || utf8[index] == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<index]))
                appendEscaped(utf8[index], into: &bytes)
                copied = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, into bytes: inout [UInt8]) {
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
