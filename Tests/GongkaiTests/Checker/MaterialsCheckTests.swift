import Foundation
import Testing
@testable import GongkaiChecker
@testable import GongkaiModel

@Suite struct MaterialsCheckTests {
    static let matter = Matter(
        number: "9.1", dutyNumber: "9", name: "例", legalBasis: [], implementingBody: "机构",
        boundary: Boundary(levels: ["乡镇权限"], isSequence: false), flow: Flow(steps: []),
        situations: [
            Situation(key: "类别", question: "类别？", options: ["甲", "乙", "丙"]),
            Situation(key: "婚姻", question: "婚姻？", options: ["已婚", "离婚"]),
        ],
        materials: [
            Material(name: "身份证"),
            Material(name: "结婚证", condition: Condition(clauses: [.init(questionKey: "类别", options: ["甲"]),
                                                                 .init(questionKey: "婚姻", options: ["已婚"])])),
            Material(name: "证明", condition: Condition(clauses: [.init(questionKey: "类别", options: ["乙", "丙"])])),
        ],
        responsibilities: [], contacts: [])

    func check(_ answers: [String: String], _ haves: Set<String> = []) throws -> MaterialsCheck {
        try MaterialsCheck(matter: Self.matter, answers: answers, haves: haves)
    }

    @Test func nothingAnswered() throws {
        let result = try check([:])
        #expect(result.required.map(\.material.name) == ["身份证"])
        #expect(result.undetermined.map(\.material.name) == ["结婚证", "证明"])
        #expect(result.undetermined[0].decidedBy == ["类别", "婚姻"])
        #expect(!result.isComplete)
    }

    @Test func aContradictedClauseSettlesItEvenWithOthersOpen() throws {
        let result = try check(["类别": "乙"])
        #expect(result.notRequired.map(\.material.name) == ["结婚证"])
        #expect(result.required.map(\.material.name) == ["身份证", "证明"], "OR within a list")
    }

    @Test func allClausesHold() throws {
        let result = try check(["类别": "甲", "婚姻": "已婚"], ["身份证"])
        #expect(result.required.map(\.material.name) == ["身份证", "结婚证"])
        #expect(result.missing.map(\.material.name) == ["结婚证"])
        #expect(try check(["类别": "甲", "婚姻": "已婚"], ["身份证", "结婚证"]).isComplete)
    }

    @Test func havingANotRequiredMaterialIsNotMissingAnything() throws {
        let result = try check(["类别": "丙"], ["身份证", "证明", "结婚证"])
        #expect(result.isComplete)
    }

    @Test func unknownAnswersAreErrorsListingTheValidOnes() {
        #expect(throws: CheckError.unknownQuestion("年龄", valid: ["类别", "婚姻"])) { try check(["年龄": "甲"]) }
        #expect(throws: CheckError.unknownOption("丁", question: "类别", valid: ["甲", "乙", "丙"])) { try check(["类别": "丁"]) }
        #expect(throws: CheckError.self) { try check([:], ["护照"]) }
    }
}
