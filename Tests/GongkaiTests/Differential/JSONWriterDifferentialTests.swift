import Foundation
import Testing
@testable import GongkaiBuild
import GongkaiModel
@testable import GongkaiSite
@testable import GongkaiUtils

/// The hand-written JSON writer against Foundation, the library it replaces: on thousands of random strings
/// and objects, what it writes is byte for byte what JSONEncoder writes (`.sortedKeys`,
/// `.withoutEscapingSlashes`, compact and pretty), and JSONSerialization reads it back to the very values
/// written. catalogue.json itself is compared with JSONEncoder in OpenDataJSONTests; here it is also read
/// back, with random text put into its fields.
@Suite struct JSONWriterDifferentialTests {
    static let stringCount = 5_000

    /// Characters JSON treats specially or that encoders are known to get wrong: every C0 control, DEL,
    /// the quote, the backslash, the slash, U+2028/U+2029 (valid in JSON, not in older JavaScript),
    /// the BOM, a noncharacter, astral characters (a surrogate pair in UTF-16), combining marks, CJK and
    /// HTML-special text. A lone surrogate cannot be in a Swift String (invalid UTF-8 decodes to U+FFFD),
    /// so `String(decoding:)` of such bytes stands for it.
    static let alphabet: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + [
        "\u{7F}", "\"", "\\", "/", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFF}", "\u{FFFD}", "😀", "𠀀", "👨‍👩‍👧",
        "e\u{301}", "\u{301}", "办", "事", "（", "）", "<", ">", "&", "'", " ", "a", "Z", "0", "\u{85}", "\u{A0}",
        String(decoding: [0xED, 0xA0, 0x80], as: UTF8.self), "\r\n",
    ]

    static func randomString(_ random: inout SeededGenerator) -> String {
        let length = Int.random(in: 0...24, using: &random)
        return (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }.joined()
    }

    static func withoutBOM(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0 != "\u{FEFF}" }
    }

    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    @Test func stringsAreWhatJSONEncoderWritesAndReadBack() throws {
        var random = SeededGenerator(state: 2028)
        var same = 0
        for _ in 0..<Self.stringCount {
            let text = Self.randomString(&random)
            var writer = JSONWriter()
            writer.string(text)
            let expected = Array(try Self.encoder(pretty: false).encode(text))
            let decoded = try JSONDecoder().decode(String.self, from: Data(writer.bytes))
            let readBack = try JSONSerialization.jsonObject(with: Data(writer.bytes), options: .fragmentsAllowed) as? String
            #expect(writer.bytes == expected, "\(text.debugDescription): \(writer.text) vs \(String(decoding: expected, as: UTF8.self))")
            #expect(decoded.unicodeScalars.elementsEqual(text.unicodeScalars), "\(text.debugDescription)")
            // JSONSerialization (swift-corelibs-foundation) drops a U+FEFF that starts a string or follows an
            // escape, as if it were a byte order mark; it does the same with JSONEncoder's bytes (the very
            // same bytes), so it is compared without U+FEFF. JSONDecoder above reads every scalar back.
            #expect(readBack.map(Self.withoutBOM) == Self.withoutBOM(text), "\(text.debugDescription)")
            if writer.bytes == expected && decoded == text { same += 1 }
        }
        print("JSON writer, strings: \(Self.stringCount) random strings, \(same) identical to JSONEncoder and decoded equal")
    }

    /// Objects of random keys and values (strings, numbers, booleans, lists of strings, nested objects),
    /// written member by member in sorted key order, compact and pretty.
    @Test(arguments: [false, true])
    func objectsAreWhatJSONEncoderWritesAndReadBack(pretty: Bool) throws {
        var random = SeededGenerator(state: pretty ? 2029 : 2030)
        let count = 1_000
        var same = 0
        for _ in 0..<count {
            let value = RandomJSON.object(depth: 2, &random)
            var writer = JSONWriter(pretty: pretty)
            value.write(into: &writer)
            let expected = Array(try Self.encoder(pretty: pretty).encode(value))
            let readBack = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? NSDictionary
            let source = try JSONSerialization.jsonObject(with: Data(expected)) as? NSDictionary
            #expect(writer.bytes == expected, "\(writer.text)\nvs\n\(String(decoding: expected, as: UTF8.self))")
            #expect(readBack != nil && readBack == source)
            if writer.bytes == expected && readBack == source { same += 1 }
        }
        print("JSON writer, objects (pretty: \(pretty)): \(count) random objects, \(same) identical to JSONEncoder")
    }

    /// catalogue.json of each site, with random text in a matter's fields, read back by JSONSerialization:
    /// the same values as JSONEncoder's encoding of the same document.
    @Test(arguments: ["content", "Tests/GongkaiTests/Fixtures/sites/harbin", "Tests/GongkaiTests/Fixtures/sites/minimal"])
    func catalogueReadsBackAsJSONEncoderWroteIt(_ folder: String) throws {
        var catalogue = try Pipeline(options: BuildOptions(
            content: TestSupport.packageRoot.appending(path: folder), output: URL(filePath: "/nonexistent"),
            theme: TestSupport.defaultTheme)).loadCatalogue()
        var random = SeededGenerator(state: UInt64(folder.utf8.count))
        let rounds = 40
        for _ in 0..<rounds {
            for index in catalogue.matters.indices {
                catalogue.matters[index].name = Self.randomString(&random)
                catalogue.matters[index].implementingBody = Self.randomString(&random)
                // Every text field of the schema, each present or not: the members beside the fixed ones.
                for field in MatterSchema.textFields {
                    catalogue.matters[index].texts[field] = Bool.random(using: &random) ? Self.randomString(&random) : nil
                }
            }
            let ours = OpenData.json(for: catalogue)
            let theirs = try Self.encoder(pretty: true).encode(OpenData.Document(catalogue))
            #expect(ours == theirs)
            let oursRead = try JSONSerialization.jsonObject(with: ours) as? NSDictionary
            let theirsRead = try JSONSerialization.jsonObject(with: theirs) as? NSDictionary
            #expect(oursRead != nil && oursRead == theirsRead)
        }
        print("JSON writer, catalogue.json of \(folder): \(rounds) rounds of random text in \(catalogue.matters.count) matters, read back equal")
    }
}

/// A random JSON value with the shapes catalogue.json has, Encodable so JSONEncoder can write the same.
enum RandomJSON: Encodable {
    case string(String)
    case number(Int)
    case flag(Bool)
    case strings([String])
    case object([String: RandomJSON])

    static func object(depth: Int, _ random: inout SeededGenerator) -> RandomJSON {
        var members: [String: RandomJSON] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            let key = JSONWriterDifferentialTests.randomString(&random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: members[key] = .number(Int.random(in: Int.min...Int.max, using: &random))
            case 1: members[key] = .flag(Bool.random(using: &random))
            case 2: members[key] = .strings((0..<Int.random(in: 0...3, using: &random)).map { _ in
                JSONWriterDifferentialTests.randomString(&random)
            })
            case 3 where depth > 0: members[key] = object(depth: depth - 1, &random)
            default: members[key] = .string(JSONWriterDifferentialTests.randomString(&random))
            }
        }
        return .object(members)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .flag(let flag): try container.encode(flag)
        case .strings(let texts): try container.encode(texts)
        case .object(let members): try container.encode(members)
        }
    }

    func write(into writer: inout JSONWriter) {
        switch self {
        case .string(let text): writer.string(text)
        case .number(let number): writer.int(number)
        case .flag(let flag): writer.bool(flag)
        case .strings(let texts): writer.strings(texts)
        case .object(let members):
            writer.object { writer in
                // A caller writes members in the order JSONEncoder's `.sortedKeys` gives, which compares the
                // keys' UTF-8 bytes (not String's `<`, which compares canonical forms: "e\u{301}" sorts
                // before "\u{7F}" by bytes, after it by String order).
                for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                    writer.member(key) { members[key]!.write(into: &$0) }
                }
            }
        }
    }
}
