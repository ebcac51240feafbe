import Foundation
import Testing

/// `gongkai new site`: a station starts from nothing, in a folder of its own (issue 15, item 1).
@Suite struct NewSiteTests {
    /// Every 【待填写】 replaced as a clerk would: the 网址 with an address, the rest with words.
    static func filled(_ text: String) -> String {
        text.replacingOccurrences(of: "【待填写】https://[^\"\n]*", with: "https://www.example.gov.cn/gongkai/", options: .regularExpression)
            .replacingOccurrences(of: "【待填写】[^\"\n]*", with: "已填写", options: .regularExpression)
    }

    @Test func aNewSiteLintsNamingEachPlaceholderThenBuildsOnceFilled() throws {
        let folder = TestSupport.temporaryFolder("station")
        let content = folder.appending(path: "content")
        let created = try TestSupport.run(["new", "site", "测试社区服务站", "--content", content.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("site.yaml") && created.stdout.contains("下一步"))
        for file in ["site.yaml", "policies/shouwen-fuze.md", "matters/1.1.md"] {
            #expect(FileManager.default.fileExists(atPath: content.appending(path: file).path), "\(file)")
        }
        let site = TestSupport.read(content.appending(path: "site.yaml"))
        #expect(site.contains("名称: \"测试社区服务站\""))

        let unfilled = try TestSupport.run(["lint", "--content", content.path])
        #expect(unfilled.status == 1)
        #expect(unfilled.stderr.contains("网址: 还没有填写") && unfilled.stderr.contains("地址: 还没有填写"))

        for file in ["site.yaml", "policies/shouwen-fuze.md", "matters/1.1.md"] {
            let url = content.appending(path: file)
            TestSupport.write(Self.filled(TestSupport.read(url)), to: url)
        }
        let lint = try TestSupport.run(["lint", "--content", content.path])
        #expect(lint.status == 0, "\(lint.stderr)")
        let build = try TestSupport.run(["build", "--content", content.path, "--output", folder.appending(path: "public").path,
                                         "--theme", TestSupport.defaultTheme.path], in: folder)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "public/policies/shouwen-fuze/index.html").path))
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "public/matters/1.1/index.html").path))
    }

    @Test func aSecondNewSiteInTheSameFolderIsRefused() throws {
        let content = TestSupport.temporaryFolder("station").appending(path: "content")
        #expect(try TestSupport.run(["new", "site", "甲站", "--content", content.path]).status == 0)
        let before = TestSupport.read(content.appending(path: "site.yaml"))
        let again = try TestSupport.run(["new", "site", "乙站", "--content", content.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("已经有 site.yaml，没有覆盖"))
        #expect(TestSupport.read(content.appending(path: "site.yaml")) == before)
    }

    /// `new matter` in a folder without site.yaml said nothing of it; now it points to `new site`.
    @Test func newMatterWithoutASiteSaysSo() throws {
        let content = TestSupport.temporaryFolder("empty").appending(path: "content")
        let result = try TestSupport.run(["new", "matter", "1.1", "事项", "--content", content.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("还没有 site.yaml") && result.stderr.contains("gongkai new site"))
        #expect(!FileManager.default.fileExists(atPath: content.appending(path: "matters/1.1.md").path))
    }
}
