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

    /// `时限: 当场` (issue 15) was 「看不懂的时限」; now it loads, shows as 当场, and is due the day it starts.
    @Test func aStepOnTheSpot() throws {
        let content = TestSupport.copy(TestSupport.fixtures.appending(path: "sites/harbin"))
        let file = content.appending(path: "matters/1.1.md")
        let text = TestSupport.read(file)
        let first = try #require(text.range(of: "时限: 2个工作日"))
        TestSupport.write(text.replacingCharacters(in: first, with: "时限: 当场"), to: file)
        let output = try TestSupport.build(content: content)
        let details = TestSupport.read(output.appending(path: "matters/1.1/index.html"))
            .matches(of: /<span class="checker-detail">([^<]*)<\/span>/).map { String($0.output.1) }
        #expect(details.contains("办理：社区；时限：当场"), "\(details)")
        let check = try TestSupport.run(["check", "1.1", "--content", content.path, "--submitted", "2025-09-26", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let steps = try #require((json["schedule"] as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps.first?["due"] as? String == "2025-09-26")
    }
}
