import Testing
@testable import GongkaiContent
import GongkaiModel

@Suite struct DiagnosticTests {
    @Test func headlineHasPathLineColumnFieldAndMessage() {
        let d = Diagnostic(file: "content/matters/2.1.md", line: 12, column: 5, field: "运行要件[3]", message: "不能为空")
        #expect(d.headline == "content/matters/2.1.md:12:5: error: 运行要件[3]: 不能为空")
    }

    @Test func caretSitsUnderTheColumnCountingWideCharactersTwice() {
        let d = Diagnostic(
            file: "f", line: 3, column: 5, field: "", message: "m", hint: "h", sourceLine: "名称: x")
        let lines = d.rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == " 3 | 名称: x")
        // 名 and 称 take two cells each, then ":" and " ": the caret is 6 cells in.
        #expect(lines[2] == "   |       ^")
        #expect(lines[3] == "  提示: h")
    }

    @Test func suggestionsFindTheNearestKey() {
        #expect(Suggestion.nearest(to: "运行条件", among: MatterSchema.keys) == "运行要件")
        #expect(Suggestion.nearest(to: "完全无关的词语", among: ["序号"]) == nil)
    }
}
