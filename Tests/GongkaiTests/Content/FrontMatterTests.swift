import Testing
@testable import GongkaiContent

@Suite struct FrontMatterTests {
    @Test func splitsYAMLAndBody() throws {
        let source = SourceFile(path: "a.md", text: "---\n序号: \"1\"\n---\n正文\n")
        let parts = try FrontMatter.split(source)
        #expect(parts.yaml == "序号: \"1\"")
        #expect(parts.yamlFirstLine == 2)
        #expect(parts.body == "正文\n")
    }

    @Test func byteOrderMarkAndCRLFKeepLineNumbers() throws {
        let source = SourceFile(path: "a.md", text: "\u{FEFF}---\r\n名称: 甲\r\n---\r\n正文\r\n")
        #expect(source.line(2) == "名称: 甲")
        let parts = try FrontMatter.split(source)
        #expect(parts.yaml == "名称: 甲")
        #expect(parts.body == "正文\n")
    }

    @Test(arguments: [
        ("---\n---\n", "", ""),
        ("---\n---", "", ""),
        ("---  \n名称: 甲\n--- \t\n", "名称: 甲", ""),
        ("---\na: 1\nb: 2\n---\n\n正文\n---\n尾\n", "a: 1\nb: 2", "\n正文\n---\n尾\n"),
        ("---\na: 1\n---\n正文没有换行", "a: 1", "正文没有换行"),
        ("---\n\na: 1\n\n---\n", "\na: 1\n", ""),
    ])
    func splitsAtTheFirstTwoFences(text: String, yaml: String, body: String) throws {
        let parts = try FrontMatter.split(SourceFile(path: "a.md", text: text))
        #expect(parts.yaml == yaml)
        #expect(parts.body == body)
    }

    @Test func missingFrontMatterIsAnError() {
        let source = SourceFile(path: "a.md", text: "正文\n")
        #expect(throws: Diagnostic.self) { try FrontMatter.split(source) }
    }

    @Test func unclosedFrontMatterIsAnError() {
        let source = SourceFile(path: "a.md", text: "---\n名称: 甲\n")
        do {
            _ = try FrontMatter.split(source)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "字段区没有结束")
        }
    }
}
