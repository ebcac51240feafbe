import Foundation
import Testing
@testable import GongkaiSite

@Suite struct TemplateCheckTests {
    let check = TemplateCheck(vocabulary: ["name", "matter", "bodyHtml"], templateNames: ["base", "partials/x"])

    func problems(_ text: String) -> [String] {
        check.check(Theme.TemplateSource(name: "t", path: "t.mustache", text: text)).map(\.message)
    }

    @Test func knownNamesPass() {
        #expect(problems("{{name}} {{#matter}}{{name}}{{/matter}} {{{bodyHtml}}} {{> partials/x}} {{! note }}").isEmpty)
    }

    @Test func unknownVariableIsReportedWithItsLine() {
        let found = check.check(.init(name: "t", path: "t.mustache", text: "a\n  {{nmae}}"))
        #expect(found.count == 1)
        #expect(found[0].line == 2 && found[0].column == 3)
        #expect(found[0].hint == "是否想写「name」？")
    }

    @Test func missingPartialOrParent() {
        #expect(problems("{{> partials/y}}") == ["模板「partials/y」不存在"])
        #expect(problems("{{<layout}}{{/layout}}") == ["模板「layout」不存在"])
    }

    @Test func rawOutputOnlyForMarkdownHTML() {
        #expect(problems("{{{name}}}") == ["「name」不能不经转义输出"])
        #expect(problems("{{& name}}") == ["「name」不能不经转义输出"])
    }
}
