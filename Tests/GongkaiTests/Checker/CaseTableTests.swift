import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiChecker
@testable import GongkaiModel

/// The shared case table (Fixtures/checker-cases.json) against the Swift evaluator. The same table runs
/// against `gongkai check --json` and the page in headless Chromium (Tests/browser/test_checker.py).
@Suite struct CaseTableTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let id, site, matter: String
        let answers: [String: String]
        let haves, required, missing, undetermined: [String]
        /// The questions the page shows (those that can still change the list), in 情形 order.
        let asked: [String]
        var testDescription: String { id }
    }

    static let cases: [Case] = {
        let url = TestSupport.fixtures.appending(path: "checker-cases.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    static let catalogues: [String: Catalogue] = {
        var result: [String: Catalogue] = [:]
        for (name, folder) in [("content", TestSupport.exampleContent), ("harbin", TestSupport.fixtures.appending(path: "sites/harbin"))] {
            result[name] = try? Pipeline(options: BuildOptions(content: folder, output: URL(filePath: "/nonexistent"),
                                                               theme: TestSupport.defaultTheme)).loadCatalogue()
        }
        return result
    }()

    @Test func tableHasAtLeastThirtyCasesOverBothSites() {
        #expect(Self.cases.count >= 30)
        #expect(Set(Self.cases.map(\.site)) == ["content", "harbin"])
    }

    @Test(arguments: cases)
    func evaluatorAgrees(_ example: Case) throws {
        let catalogue = try #require(Self.catalogues[example.site])
        let matter = try #require(catalogue.matters.first { $0.number == example.matter })
        let result = try MaterialsCheck(matter: matter, answers: example.answers, haves: Set(example.haves))
        #expect(result.required.map(\.material.name) == example.required)
        #expect(result.missing.map(\.material.name) == example.missing)
        #expect(result.undetermined.map(\.material.name) == example.undetermined)
        #expect(result.askedQuestions.map(\.key) == example.asked)
        #expect(result.unansweredQuestions.map(\.key) == example.asked.filter { example.answers[$0] == nil })
    }
}
