import Foundation
import Testing

/// The checker's list of steps on a matter page: who acts and the time limit, each labelled and apart.
@Suite struct CheckerScheduleRowTests {
    /// A step with 办理 and no 时限 read 「办理：社区没有规定时限」 (issue 15): the two now stand apart.
    @Test func aStepWithAnActorAndNoTimeLimitKeepsThemApart() throws {
        let output = try TestSupport.build(content: TestSupport.fixtures.appending(path: "sites/harbin"))
        let page = TestSupport.read(output.appending(path: "matters/1.2/index.html"))
        let details = page.matches(of: /<span class="checker-detail">([^<]*)<\/span>/).map { String($0.output.1) }
        #expect(details.contains("办理：社区；没有规定时限"), "\(details)")
        #expect(!details.contains { $0.contains("社区没有规定时限") })
        let withLimit = TestSupport.read(output.appending(path: "matters/1.1/index.html"))
            .matches(of: /<span class="checker-detail">([^<]*)<\/span>/).map { String($0.output.1) }
        #expect(withLimit.contains("办理：社区；时限：2个工作日"), "\(withLimit)")
    }
}
