import Foundation
import Testing
@testable import GongkaiContent

/// The line reader for front matter must give exactly the nodes libyaml (through Yams) gives — values,
/// plain or quoted, line and column of every node — and leave everything else to libyaml.
@Suite struct YAMLBlockReaderTests {
    static func read(_ yaml: String) -> YAMLNode? {
        var yaml = yaml
        return yaml.withUTF8 { YAMLBlockReader.read($0) }
    }

    @Test func readsTheRepositorysYamlAsYamsDoes() throws {
        let texts = try YAMLComposerTests.yamlTexts()
        var read = 0
        for (name, yaml) in texts {
            guard let node = Self.read(yaml) else { continue }
            read += 1
            #expect(node.dump == (try YAMLComposerTests.viaYams(yaml)).dump, "\(name)")
        }
        // Most files are plain enough (those with block scalars, `|-`, are not).
        #expect(read * 10 >= texts.count * 7, "\(read) of \(texts.count) read; left: \(texts.filter { Self.read($0.yaml) == nil }.map(\.name))")
    }

    @Test(arguments: [
        // The benchmark generator's shape: quoted values, nested lists and mappings, numbers.
        "序号: \"1.1\"\n名称: \"就失业登记（1.1）\"\n法定依据:\n  - 依据: \"《条例》第十七条\"\n    内容: \"申请人应当如实提供。\"\n运行要件:\n  - 名称: \"身份证\"\n  - 名称: \"居住证明\"\n    份数: 3\n    条件:\n      类别:\n        - \"低保家庭人员\"\n监督方式:\n  监督电话: \"022-20277473\"\n",
        // Plain values with colons, hashes and quotes inside; comments; blank lines; an indented root.
        "网址: https://example.org/a#b\n# 注释\n\n名称: 甲'乙\"丙\n",
        "  a: 1\n  b:\n    - x\n    - y\n",
        // Escapes, single quotes, a comment after a quoted value, Chinese before a value (columns in characters).
        "转义: \"引号\\\" 反斜杠\\\\ 斜杠\\/ 换行\\n 制表\\t \\u4E2D \\u00e9\"\n单引号: '它''s'\n说明: \"甲\"   # 注释\n中文键名: 值\n",
        "- 甲\n- 乙: 丙\n  丁: 戊\n- \"己\"\n",
        "null: ~\ntrue: yes\n数: 0x1F\n",
        // Comments after plain values; lists in brackets, plain and quoted, with odd spacing.
        "a: x # comment\nb: 甲  # 注释\nc: a#b\n",
        "选项: [是, 否]\n日期: [2026-01-01,2026-01-02 ,  \"x, y\" , 'z']\n空: []\n带空格: [ 甲 乙 , 丙 ]  # 注释\n",
        "- [a, b]\n- c\n",
    ])
    func readsPlainDocumentsAsYamsDoes(yaml: String) throws {
        let node = try #require(Self.read(yaml), "left to libyaml:\n\(yaml)")
        #expect(node.dump == (try YAMLComposerTests.viaYams(yaml)).dump)
    }

    @Test(arguments: [
        "",
        "# only a comment\n",
        "a: |\n  block\n",
        "a: >\n  folded\n",
        "a: {x: 1}\n",
        "a: first line\n  continued\n",
        "a: \"two\n  lines\"\n",
        "a:\n",
        "a:\nb: 1\n",
        "a:\n- indentless\n",
        "a:\tb\n",
        "a: [x, [y]]\n",
        "a: [x, ]\n",
        "a: [x: 1]\n",
        "a: [x # c\n  , y]\n",
        "a: [x,y]z\n",
        "\"quoted key\": 1\n",
        "a : 1\n",
        "a: 1\na: 2\n",
        "名称: 甲\n份数: 1\n名称: 乙\n",
        "\u{E9}: 1\ne\u{301}: 2\n",
        "x\u{E9}: 1\n列表:\n  - 甲\nxe\u{301}: 2\n",
        "a: \"\\x41\"\n",
        "\u{FEFF}a: 1\n",
        "a: 1\r\nb: 2\r\n",
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "- - nested\n",
        "-\n  a: 1\n",
        "? complex\n: key\n",
        "a: 1\n b: 2\n",
        "a: \"x\" y\n",
        "a: -1\n",
        "a: 'unterminated\n",
        "a: b\u{2028}c\n",
    ])
    func leavesTheRestToLibyaml(yaml: String) {
        #expect(Self.read(yaml) == nil, "\(yaml.debugDescription)")
    }

    /// The mutation corpus of the composer's tests, through this reader alone: whatever it reads must be
    /// what Yams reads, and it must read a good share (so the comparison means something) and leave some.
    @Test func mutatedContentIsReadAsYamsReadsItOrLeft() throws {
        let texts = try YAMLComposerTests.yamlTexts().map(\.yaml)
        var generator = YAMLComposerMutationTests.Generator(state: 2026_11_23)
        var read = 0, left = 0
        for round in 0..<3000 {
            let yaml = YAMLComposerMutationTests.mutate(texts[round % texts.count], &generator)
            guard let node = Self.read(yaml) else {
                left += 1
                continue
            }
            read += 1
            #expect(node.dump == (try? YAMLComposerTests.viaYams(yaml))?.dump, "round \(round):\n\(yaml)")
        }
        #expect(read > 500, "\(read) read")
        #expect(left > 300, "\(left) left")
    }
}
