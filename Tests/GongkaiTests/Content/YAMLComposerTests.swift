import Foundation
import Testing
import Yams
@testable import GongkaiContent

/// The direct composer must read every document it takes on exactly as Yams' composer does, and leave the
/// rest (errors, anchors, tags, duplicate keys) to Yams.
@Suite struct YAMLComposerTests {
    /// Every YAML text of the example site, the fixtures and the themes, front matter or whole file.
    static func yamlTexts() throws -> [(name: String, yaml: String)] {
        let folders = [TestSupport.exampleContent, TestSupport.fixtures.appending(path: "sites"), TestSupport.defaultTheme]
        var texts: [(String, String)] = []
        for folder in folders {
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
            for case let file as URL in files where ["md", "yaml", "yml"].contains(file.pathExtension) {
                let source = SourceFile(path: file.path, text: try String(contentsOf: file, encoding: .utf8))
                if file.pathExtension == "md" {
                    guard let parts = try? FrontMatter.split(source) else { continue }
                    texts.append((file.path, parts.yaml))
                } else {
                    texts.append((file.path, source.text))
                }
            }
        }
        return texts
    }

    static func viaYams(_ yaml: String) throws -> YAMLNode {
        guard let node = try Yams.compose(yaml: yaml, YAMLText.resolver, .default, .utf8) else { return .emptyMapping }
        return YAMLNode(node)
    }

    @Test func readsEveryContentFileAsYamsDoes() throws {
        let texts = try Self.yamlTexts()
        #expect(texts.count > 20)
        for (name, yaml) in texts {
            let direct = try #require(YAMLComposer.compose(yaml), "\(name) was left to Yams")
            #expect(direct.dump == (try Self.viaYams(yaml)).dump, "\(name)")
        }
    }

    @Test(arguments: [
        "",
        "# only a comment\n",
        "名称: 就业援助\n份数: 2\n空: \n波浪: ~\n引号: \"~\"\n单引号: 'null'\n",
        "列表:\n  - 甲\n  - \"乙\"\n  -\n  - [丙, 丁]\n映射: {a: 1, b: [x]}\n",
        "折叠: >\n  第一行\n  第二行\n字面: |\n  一\n  二\n",
        "- 顶层\n- 列表\n",
        "纯文字",
        "宽字符: 中文：冒号在值里\n",
    ])
    func plainDocumentsMatchYams(yaml: String) throws {
        let direct = try #require(YAMLComposer.compose(yaml))
        #expect(direct.dump == (try Self.viaYams(yaml)).dump)
    }

    @Test(arguments: [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !custom 1\n",
        "名称: 甲\n名称: 乙\n",
        "? [复杂, 键]\n: 值\n",
        "a: 1\n---\nb: 2\n",
        "a: \"unclosed\n",
        "a: b: c\n",
        // Refused (`YAMLScreen`): an escape decoding to a control character.
        "含零: \"a\\0b\"\n",
    ])
    func leavesTheRestToYams(yaml: String) {
        #expect(YAMLComposer.compose(yaml) == nil)
    }

    /// Content needs no anchors: they are refused where they are written, before Yams would expand them.
    @Test func anchorsAreRefusedAtTheAnchor() throws {
        let source = SourceFile(path: "a.yaml", text: "a: 甲\nb: &x 甲\nc: *x\n")
        #expect {
            try YAMLText.parse(source.text, firstLine: 1, source: source)
        } throws: { error in
            let d = error as? Diagnostic
            return d?.line == 2 && d?.column == 4 && d?.field == "b" && d?.message.contains("锚点") == true
        }
    }
}

extension YAMLNode {
    /// Everything the readers see of a node, as text to compare.
    var dump: String {
        let place = "@\(line):\(column)"
        switch content {
        case .scalar(let text, let isPlain):
            return "\(isPlain ? "plain" : "quoted")(\(text.debugDescription))\(place)"
        case .sequence(let items):
            return "[\(items.map(\.dump).joined(separator: ", "))]\(place)"
        case .mapping(let pairs):
            return "{\(pairs.map { "\($0.key.dump): \($0.value.dump)" }.joined(separator: ", "))}\(place)"
        }
    }
}

/// Differential check on broken and odd YAML: the example content's front matter, mutated thousands of
/// ways (lines dropped, doubled, swapped, re-indented; characters YAML cares about inserted), must either
/// be left to Yams or read exactly as Yams reads it.
@Suite struct YAMLComposerMutationTests {
    typealias Generator = SeededGenerator

    static let inserts = [
        ":", ": ", "- ", "  ", "\"", "'", "#", "&a ", "*a", "!!str ", "? ", "{", "}", "[", "]", ",", "|", ">",
        "---", "...", "%YAML 1.1", "：", "\u{3000}", "~", "null", "\\", "\\0", "名称: 甲", "\t",
    ]

    static func mutate(_ yaml: String, _ generator: inout Generator) -> String {
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return yaml }
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let index = Int.random(in: 0..<lines.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: lines.remove(at: index); if lines.isEmpty { lines = [""] }
            case 1: lines.insert(lines[index], at: index)
            case 2: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &generator))
            case 3: lines[index] = "  " + lines[index]
            case 4: lines[index] = String(lines[index].drop(while: { $0 == " " }))
            default:
                var line = Array(lines[index])
                let at = Int.random(in: 0...line.count, using: &generator)
                line.insert(contentsOf: Self.inserts.randomElement(using: &generator)!, at: at)
                lines[index] = String(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func mutatedContentIsReadAsYamsReadsItOrLeftToYams() throws {
        let texts = try YAMLComposerTests.yamlTexts().map(\.yaml)
        var generator = Generator(state: 2026_11_22)
        var taken = 0, left = 0
        for round in 0..<3000 {
            let original = texts[round % texts.count]
            let yaml = Self.mutate(original, &generator)
            guard let direct = YAMLComposer.compose(yaml) else {
                left += 1
                continue
            }
            taken += 1
            let viaYams = try? YAMLComposerTests.viaYams(yaml)
            #expect(direct.dump == viaYams?.dump, "round \(round):\n\(yaml)")
        }
        // Both paths must have been exercised for the check to mean anything.
        #expect(taken > 500)
        #expect(left > 200)
    }
}
