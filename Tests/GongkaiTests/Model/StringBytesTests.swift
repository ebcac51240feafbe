import Foundation
import Testing
@testable import GongkaiModel
@testable import GongkaiSite

@Suite struct StringBytesTests {
    @Test(arguments: [
        ("【待填写】名称", "【待填写】", true),
        ("名称【待填写】", "【待填写】", true),
        ("名称【待填", "【待填写】", false),
        ("【待【待填写", "【待填写", true),
        ("aab", "ab", true),
        ("ab", "abc", false),
        ("", "", true),
        ("", "a", false),
        ("a", "", true),
    ])
    func findsBytes(text: String, needle: String, found: Bool) {
        #expect(text.containsBytes(of: needle) == found)
    }

    @Test func comparesBytesNotCanonicalEquivalence() {
        #expect("运行要件".hasSameBytes(as: "运行要件"))
        #expect(!"运行要件".hasSameBytes(as: "运行要"))
        #expect("".hasSameBytes(as: ""))
        // é composed and decomposed: equal as Strings, different bytes.
        #expect("\u{E9}" == "e\u{301}")
        #expect(!"\u{E9}".hasSameBytes(as: "e\u{301}"))
    }

    @Test func findsOneByte() {
        #expect("a\tb".containsByte(UInt8(ascii: "\t")))
        #expect(!"中文".containsByte(UInt8(ascii: "\t")))
        #expect(!"".containsByte(0))
    }

    @Test func markdownKeysKeepCanonicallyEqualTextsApart() {
        let composed = ExactText("caf\u{E9}"), decomposed = ExactText("cafe\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed, ExactText("caf\u{E9}")]).count == 2)
    }

    /// Long texts are hashed by their length and ends only; texts alike there but different inside are
    /// still different keys with their own values.
    @Test func longMarkdownKeysDifferingOnlyInTheMiddleStayApart() {
        let head = String(repeating: "第一条 ", count: 20), tail = String(repeating: " 附则", count: 30)
        let texts = ["甲", "乙", "丙"].map { ExactText(head + $0 + tail) }
        #expect(texts[0].hashValue == texts[1].hashValue, "same length and ends: one bucket")
        var html: [ExactText: String] = [:]
        for (index, text) in texts.enumerated() { html[text] = "<p>\(index)</p>" }
        #expect(html.count == 3)
        #expect(html[ExactText(head + "乙" + tail)] == "<p>1</p>")
        #expect(html[ExactText(head + "丁" + tail)] == nil)
    }
}

@Suite struct WhiteSpaceTests {
    /// The fixed list must agree with the standard library's tables on every scalar.
    @Test func whiteSpaceListMatchesUnicodeProperties() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.isWhiteSpace == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }

    @Test func trimsFullWidthAndOtherSpaces() {
        #expect("\u{3000}就业援助\u{3000}\n".trimmingWhitespace == "就业援助")
        #expect("\u{A0}\u{2003}甲 乙\u{205F}".trimmingWhitespace == "甲 乙")
        #expect("就业援助".trimmingWhitespace == "就业援助")
        #expect("\u{3000} \n".trimmingWhitespace == "")
    }

    /// Trimming reads the first and last scalar from the bytes; it must trim exactly the White_Space
    /// scalars at either end: texts that begin and end with every White_Space scalar, with scalars that
    /// share their first bytes (「。—), and with plain Chinese and ASCII.
    @Test func trimsExactlyTheWhiteSpaceAtEitherEnd() {
        let spaces = (UInt32(0)...0x3000).compactMap(Unicode.Scalar.init).filter(\.properties.isWhitespace).map(String.init)
        let others = ["「", "。", "—", "\u{2060}", "\u{1681}", "\u{3001}", "\u{AD}", "a", "就", "\u{1F}", "\u{7F}", "é"]
        for edge in spaces + others {
            for text in [edge + "甲乙" + edge, edge + "甲", "甲" + edge, edge, edge + edge] {
                let scalars = Array(text.unicodeScalars)
                let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.count
                let end = scalars.lastIndex { !$0.properties.isWhitespace }.map { $0 + 1 } ?? start
                let expected = start < end ? String(String.UnicodeScalarView(scalars[start..<end])) : ""
                #expect(text.trimmingWhitespace == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    /// The fast count must be `count` exactly: scalars on both sides of every range's edge, joined to
    /// Chinese text in random orders with what grapheme breaking joins (combining marks, variation
    /// selectors, ZWJ, CR LF, Hangul jamo, flags), and every text of the example catalogue.
    @Test func characterCountIsCount() throws {
        let edges: [UInt32] = [
            0x20, 0x0D, 0x0A, 0x7F, 0xB7, 0x301, 0x200D, 0x2009, 0x2010, 0x2014, 0x2027, 0x2028, 0x2029,
            0x2FFF, 0x3000, 0x3001, 0x3029, 0x302A, 0x302F, 0x3030, 0x3099, 0x33FF, 0x3400, 0x4DBF, 0x4DC0,
            0x4E00, 0x9FFF, 0xA000, 0xFE0F, 0xFF00, 0xFF01, 0xFF0C, 0xFF60, 0xFF61, 0xFF9E, 0x1100, 0x1161,
            0x11A8, 0xD55C, 0x1F1E8, 0x1F1F3, 0x1F44D, 0x1F3FB,
        ]
        let pieces = edges.compactMap(Unicode.Scalar.init).map { String(Character($0)) } + ["\r\n", "材料", "a", "。"]
        var generator = SystemRandomNumberGenerator()
        var fastTexts = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(text.characterCount == text.count, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if !text.unicodeScalars.contains(where: { $0.value > 0xFFFF || $0 == "\r" }) { fastTexts += 1 }
        }
        #expect(fastTexts > 1_000)
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../../content/matters")
        let files = try FileManager.default.contentsOfDirectory(at: content, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty)
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init) {
                #expect(line.characterCount == line.count)
            }
        }
    }
}
