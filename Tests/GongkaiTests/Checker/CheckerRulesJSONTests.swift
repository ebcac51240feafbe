import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiChecker
@testable import GongkaiSite

/// The page's rules JSON is written by hand for speed; it must stay what JSONEncoder would write.
@Suite struct CheckerRulesJSONTests {
    @Test func handWrittenJSONEqualsJSONEncoder() throws {
        let catalogue = try Pipeline(options: BuildOptions(
            content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)
        ).loadCatalogue()
        var matters = catalogue.matters
        // Every character JSON must escape, in a field that reaches the JSON.
        matters[0].name = "引号\" 反斜杠\\ 斜杠/ 换行\n 回车\r 制表\t \u{8}\u{C}\u{1}\u{1F} <script>&"
        for matter in matters {
            let rules = CheckerRules(matter: matter, site: catalogue.site, calendar: .init(catalogue.calendar))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let expected = String(decoding: try encoder.encode(rules), as: UTF8.self)
            #expect(rules.json == expected, "\(matter.number)")
        }
    }

    @Test func scriptSafeJSONHasNoMarkupCharacters() throws {
        let catalogue = try Pipeline(options: BuildOptions(
            content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)
        ).loadCatalogue()
        var matter = catalogue.matters[0]
        matter.name = "</script><b>&amp;"
        let json = CheckerRules(matter: matter, site: catalogue.site, calendar: .init(catalogue.calendar)).scriptSafeJSON
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        #expect(json.contains(#"\u003c/script\u003e\u003cb\u003e\u0026amp;"#))
    }
}

/// catalogue.json is written by hand too; it must stay what JSONEncoder writes for the schema's types.
@Suite struct OpenDataJSONTests {
    @Test(arguments: ["content", "Tests/GongkaiTests/Fixtures/sites/harbin", "Tests/GongkaiTests/Fixtures/sites/minimal"])
    func handWrittenCatalogueJSONEqualsJSONEncoder(_ folder: String) throws {
        var catalogue = try Pipeline(options: BuildOptions(
            content: TestSupport.packageRoot.appending(path: folder), output: URL(filePath: "/nonexistent"),
            theme: TestSupport.defaultTheme)).loadCatalogue()
        catalogue.matters[0].name = "引号\" 反斜杠\\ 斜杠/ 换行\n 制表\t \u{1} <&>"
        catalogue.matters[0].responsibilities = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(OpenData.Document(catalogue))
        #expect(OpenData.json(for: catalogue) == expected)
    }
}
