import Foundation
import Testing

@Suite struct DeterminismTests {
    @Test func twoBuildsOfTheSameInputAreByteIdentical() throws {
        let first = TestSupport.snapshot(try TestSupport.build())
        let second = TestSupport.snapshot(try TestSupport.build())
        #expect(first.count > 10)
        #expect(first == second)
    }
}
