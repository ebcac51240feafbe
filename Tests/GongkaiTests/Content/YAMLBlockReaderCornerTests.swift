import Testing
@testable import GongkaiContent

/// Odd corners of YAML near what `YAMLBlockReader` takes on: whatever it reads of them must be what Yams
/// reads (it may also leave them to libyaml).
@Suite struct YAMLBlockReaderCornerTests {
    static let corners: [String] = [
        #"a: [a:b, c]"#, #"a: [http://x, y]"#, #"a: [x?y, 'z''', "w\""]"#, #"a: [ ]"#, #"a: [a#b]"#,
        #"a#b: 1"#, #"a b: c d"#, #"a: b:c"#, "a: \u{A0}x\u{A0}", "\u{3000}键: 值", #"a:  "x"  "#,
        #"a: 'x' # c"#, #"a: """#, #"a: ''"#, "- a\n-  b\n-   c: d\n    e: f", "a:\n  - b\n  -  c",
        "a:\n    - b\nc: d", "a:\n  b:\n    - c\n  d: e\nf: g", "a: b\n  # indented comment\nc: d",
        #"a: "\u00e9\u4e2d\u0041""#, #"a: "\ud800""#, "a: 1.0\nb: 0o17\nc: .inf", "a: ~\nb: null",
        "😀: 表情\n名称: 😀", String(repeating: "键", count: 400) + ": 值",
        "a: [b, c] # 注释", "a: [b,\n  c]", "- [a]\n- [b, \"c\"]",
    ]

    @Test func readAsYamsReadsThemOrLeft() {
        var read = 0
        for yaml in Self.corners {
            let text = yaml + "\n"
            guard let node = YAMLBlockReaderTests.read(text) else { continue }
            read += 1
            #expect(node.dump == (try? YAMLComposerTests.viaYams(text))?.dump, "\(text.debugDescription)")
        }
        #expect(read >= 20, "\(read) of \(Self.corners.count) read")
    }
}
