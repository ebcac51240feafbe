import Testing
@testable import Gongkai

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
}
