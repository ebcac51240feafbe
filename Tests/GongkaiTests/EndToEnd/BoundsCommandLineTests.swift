import Foundation
import Testing

/// Issue 18's reproductions through the real command: what trapped, or replaced a site with an empty one,
/// now exits with a diagnostic and leaves the previous output alone.
@Suite struct BoundsCommandLineTests {
    static let harbin = TestSupport.fixtures.appending(path: "sites/harbin")

    @Test func checkRefusesAnOverflowingTimeLimitInsteadOfTrapping() throws {
        let content = TestSupport.copy(Self.harbin)
        let file = content.appending(path: "matters/1.1.md")
        let text = TestSupport.read(file)
        let range = try #require(text.range(of: "时限: 2个工作日"))
        TestSupport.write(text.replacingCharacters(in: range, with: "时限: 9223372036854775807个自然日"), to: file)
        // check exits 2 on content it cannot use, lint 1; the trap ended check by SIGILL.
        for (command, status) in [(["check", "1.1", "--submitted", "2025-09-26"], Int32(2)), (["lint"], 1)] {
            let result = try TestSupport.run(command + ["--content", content.path])
            #expect(result.status == status, "\(command[0]): \(result.stderr)")
            #expect(result.stderr.contains("matters/1.1.md:47:9: error: 运行流程[1].时限: 时限「9223372036854775807个自然日」太长"),
                    "\(result.stderr)")
        }
    }

    @Test func checkRefusesAnAnswerGivenTwiceAndASignedDate() throws {
        let twice = try TestSupport.run(["check", "4.1", "--answer", "户籍=本市户籍居民", "--answer", "户籍=外省市户籍成年居民"])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("问题「户籍」有两个不同的回答：「本市户籍居民」和「外省市户籍成年居民」"), "\(twice.stderr)")
        let signed = try TestSupport.run(["check", "4.1", "--submitted", "+202-01-01"])
        #expect(signed.status == 2)
        #expect(signed.stderr.contains("日期「+202-01-01」应写成 年-月-日（四位年、两位月、两位日"), "\(signed.stderr)")
    }

    @Test func aMissingMattersFolderLeavesThePreviousSiteAlone() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        let output = TestSupport.temporaryFolder("public").appending(path: "public")
        let first = try TestSupport.run(["build", "--content", content.path, "--output", output.path])
        #expect(first.status == 0, "\(first.stderr)")
        let before = TestSupport.snapshot(output)
        try FileManager.default.removeItem(at: content.appending(path: "matters"))
        let refused = try TestSupport.run(["build", "--content", content.path, "--output", output.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("没有找到任何事项："), "\(refused.stderr)")
        #expect(refused.stderr.contains("加 --allow-empty"))
        #expect(TestSupport.snapshot(output) == before)
        let allowed = try TestSupport.run(["build", "--content", content.path, "--output", output.path, "--allow-empty"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("（0 个事项）"), "\(allowed.stdout)")
    }

    @Test func aBaseURLThatLinksElsewhereIsRefused() throws {
        let output = TestSupport.temporaryFolder("public").appending(path: "public")
        let result = try TestSupport.run([
            "build", "--content", TestSupport.minimalSite.path, "--output", output.path,
            "--base-url", "https://gongkai.example.org//evil.example/",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("网址「https://gongkai.example.org//evil.example/」路径里不能有空的一段（“//”）"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// Content past a bound, one case per bound: lint (and so build) exits 1 at the value's place.
    static let lintCases: [(name: String, files: [String: String?], expected: String)] = {
        let long = Array(repeating: "1", count: 126).joined(separator: ".")  // 251 bytes
        let matter = TestSupport.read(TestSupport.minimalSite.appending(path: "matters/1.1.md"))
        return [
            ("序号 of 251 bytes", ["matters/1.1.md": nil, "matters/\(long).md": matter.replacingOccurrences(of: "序号: \"1.1\"", with: "序号: \"\(long)\"")],
             "matters/\(long).md:2:5: error: 序号: 序号太长：251 个字符，最多 64 个"),
            ("份数 of 100", ["matters/1.1.md": matter.replacingOccurrences(of: "  - 名称: 居住证\n", with: "  - 名称: 居住证\n    份数: 100\n")],
             "matters/1.1.md:17:9: error: 运行要件[2].份数: 份数「100」太多"),
            ("排序 of 10000", ["policies/rule.md": "---\n标题: 制度\n排序: 10000\n---\n正文\n"],
             "policies/rule.md:3:5: error: 排序: 排序「10000」超出范围"),
            ("年份 1900", ["calendar/1900.yaml": "年份: 1900\n放假: []\n调休上班: []\n"],
             "calendar/1900.yaml:1:5: error: 年份: 年份应为四位数字（2000—2100）"),
            ("a day off and working", ["calendar/2025.yaml": "年份: 2025\n放假:\n  - 名称: 国庆节\n    日期: [2025-10-01]\n调休上班: [2025-10-01]\n"],
             "calendar/2025.yaml:5:8: error: 调休上班[1]: 日期 2025-10-01 既是放假（国庆节）又是调休上班"),
        ]
    }()

    @Test(arguments: lintCases.indices)
    func lintRefusesContentPastABound(index: Int) throws {
        let (name, files, expected) = Self.lintCases[index]
        let content = TestSupport.copy(TestSupport.minimalSite)
        for (path, text) in files {
            let url = content.appending(path: path)
            if let text { TestSupport.write(text, to: url) } else { try FileManager.default.removeItem(at: url) }
        }
        let result = try TestSupport.run(["lint", "--content", content.path])
        #expect(result.status == 1, "\(name): \(result.stdout)")
        #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
    }
}
