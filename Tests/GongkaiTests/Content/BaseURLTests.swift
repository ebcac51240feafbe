import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiContent

/// The site's base address is a clean absolute http(s) URL (issue 18, defect 11): every link of the site
/// is it with a path appended, so `//evil.example/` after the host, a query or a missing host would send
/// readers elsewhere or break the sitemap.
@Suite struct BaseURLTests {
    @Test(arguments: [
        ("https://gongkai.example.org//evil.example/", "路径里不能有空的一段"),
        ("https://gongkai.example.org/?a=1&b=2", "不能带查询"),
        ("https://gongkai.example.org/a#frag", "不能带片段"),
        ("http:///x", "缺少主机名"),
        ("https://user:pw@gongkai.example.org/", "不能带用户名或密码"),
        ("https://gongkai.example.org/a/../b/", "路径里不能有“.”或“..”"),
        ("https://gongkai.example.org/./", "路径里不能有“.”或“..”"),
        ("https://gongkai.example.org\\evil.example/", "不能带反斜杠"),
        ("https://gongkai.example.org/a\tb/", "不能有空格或控制字符"),
        ("https://gongkai.example.org/a\u{85}b/", "不能有空格或控制字符"),
        ("https://gongkai.example.org:99999/", "端口应为 1—65535 的数字"),
        ("https://gongkai.example.org:/", "端口应为 1—65535 的数字"),
        ("https://gongkai..org/", "主机名"),
        ("http://[::1/", "主机名"),
        ("http://[]/", "主机名"),
        ("http://[::1]x/", "主机名"),
        ("https://gongkai.example.org/%zz/", "“%”后应是两位十六进制数"),
        ("ftp://gongkai.example.org/", "应以 http:// 或 https:// 开头"),
    ])
    func refused(url: String, reason: String) {
        guard case .failure(let problem) = BaseURL.normalized(url) else {
            Issue.record("accepted \(url)")
            return
        }
        #expect(problem.reason.contains(reason), "\(url): \(problem.reason)")
    }

    @Test(arguments: [
        ("https://gongkai.example.org", "https://gongkai.example.org/"),
        ("https://example.org/station/", "https://example.org/station/"),
        ("HTTP://Example.org:8080/a/b", "HTTP://Example.org:8080/a/b/"),
        ("https://www.example.gov.cn/公开/", "https://www.example.gov.cn/公开/"),
        ("https://www.example.gov.cn/%E5%85%AC%E5%BC%80/", "https://www.example.gov.cn/%E5%85%AC%E5%BC%80/"),
        ("http://127.0.0.1:1313/", "http://127.0.0.1:1313/"),
        ("http://[::1]:1313/", "http://[::1]:1313/"),
        ("http://[2001:db8::1]/a", "http://[2001:db8::1]/a/"),
    ])
    func accepted(url: String, normalized: String) {
        #expect(SiteLoader.normalizedBaseURL(url) == normalized)
    }

    @Test func theBaseURLOptionSaysWhatIsWrong() throws {
        let catalogue = try Pipeline(options: BuildOptions(
            content: TestSupport.minimalSite, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme))
            .loadCatalogue()
        let pipeline = Pipeline(options: BuildOptions(
            content: TestSupport.minimalSite, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme,
            baseURL: "https://gongkai.example.org//evil.example/"))
        do {
            _ = try pipeline.applyBaseURL(to: catalogue)
            Issue.record("accepted a base URL with an empty path segment")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["网址「https://gongkai.example.org//evil.example/」路径里不能有空的一段（“//”）"])
            #expect(error.diagnostics.first?.hint?.contains("--base-url https://www.example.gov.cn/gongkai/") == true)
        }
    }

    @Test func siteYAMLsAddressIsReportedAtItsValue() {
        let content = TestSupport.copy(TestSupport.minimalSite)
        let site = TestSupport.read(content.appending(path: "site.yaml"))
            .replacingOccurrences(of: "网址: https://example.org/station/", with: "网址: \"https://example.org/?a=1&b=2\"")
        TestSupport.write(site, to: content.appending(path: "site.yaml"))
        do {
            _ = try CatalogueValidator().validate(try ContentLoader(folder: content, displayPrefix: "c").load())
            Issue.record("accepted a base URL with a query")
        } catch {
            let found = error.diagnostics.map { "\($0.line):\($0.column) \($0.field): \($0.message)" }
            #expect(found == ["2:5 网址: 网址「https://example.org/?a=1&b=2」不能带查询（?…）"])
        }
    }

    @Test func formLinksMayStillCarryAQuery() {
        #expect(LinkPolicy.isAllowed("https://www.example.gov.cn/forms/get?id=1"))
        #expect(!LinkPolicy.isAllowed("javascript:alert(1)"))
    }
}
