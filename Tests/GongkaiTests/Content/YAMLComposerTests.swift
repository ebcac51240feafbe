import Foundation
import Testing
import Yams
@testable import Gongkai

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
        "含零: \"a\\0b\"\n",
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
    ])
    func leavesTheRestToYams(yaml: String) {
        #expect(YAMLComposer.compose(yaml) == nil)
    }

    @Test func anchorsStillReadThroughYams() throws {
        let source = SourceFile(path: "a.yaml", text: "a: &x 甲\nb: *x\n")
        let node = try YAMLText.parse(source.text, firstLine: 1, source: source)
        #expect(node["b"]?.string == "甲")
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
