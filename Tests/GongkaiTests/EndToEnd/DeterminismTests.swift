import Foundation
import Testing
@testable import ByteScanning
@testable import GongkaiBuild
@testable import GongkaiChecker
@testable import GongkaiContent
@testable import GongkaiModel
@testable import GongkaiServe
@testable import GongkaiSite
@testable import GongkaiUtils
@testable import MustacheTemplates

@Suite struct DeterminismTests {
    @Test func twoBuildsOfTheSameInputAreByteIdentical() throws {
        let first = TestSupport.snapshot(try TestSupport.build())
        let second = TestSupport.snapshot(try TestSupport.build())
        #expect(first.count > 10)
        #expect(first == second)
    }
}
