import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiContent
import GongkaiModel

@Suite struct CommandLineTests {
    @Test func versionAndChineseHelp() throws {
        let version = try TestSupport.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == GongkaiVersion.current)
        for command in [["--help"], ["build", "--help"], ["pdf", "--help"], ["lint", "--help"], ["new", "matter", "--help"]] {
            let help = try TestSupport.run(command)
            #expect(help.status == 0)
            #expect(help.stdout.contains("内容"), "\(command)")
        }
    }

    @Test func buildsTheExampleSite() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let result = try TestSupport.run(["build", "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("18 个页面"))
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "matters/2.1/index.html").path))
    }

    @Test func baseURLOverride() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let result = try TestSupport.run(["build", "--output", output.path, "--base-url", "https://staging.example.org/x"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(TestSupport.read(output.appending(path: "sitemap.xml")).contains("<loc>https://staging.example.org/x/matters/1.1/</loc>"))
        let bad = try TestSupport.run(["build", "--output", output.path, "--base-url", "ftp://x"])
        #expect(bad.status == 1)
    }

    /// Without WeasyPrint, `pdf` says which Debian packages to install, exits 2 and builds nothing.
    @Test func pdfWithoutWeasyPrintSaysWhatToInstall() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let result = try TestSupport.run(
            ["pdf", "--output", output.path], environment: ["PATH": "/nonexistent", "GONGKAI_WEASYPRINT": "/nonexistent/weasyprint"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("apt-get install weasyprint fonts-noto-cjk"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let badPaper = try TestSupport.run(["pdf", "--paper", "B5", "--output", output.path])
        #expect(badPaper.status == 64)
    }

    @Test func refusesToOverwriteAFolderItDidNotMake() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("keep", to: folder.appending(path: "notes.txt"))
        let result = try TestSupport.run(["build", "--output", folder.path])
        #expect(result.status == 2)
        #expect(TestSupport.read(folder.appending(path: "notes.txt")) == "keep")
    }

    @Test func lintWritesNothing() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        let lint = try TestSupport.run(["lint", "--content", content.path, "--theme", TestSupport.defaultTheme.path], in: content)
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout.contains("内容无误：1 个事项"))
        #expect(!FileManager.default.fileExists(atPath: content.appending(path: "public").path))
    }

    /// `new matter` writes a file with every key that fails lint until its placeholders are filled in.
    @Test func newMatterFailsLintUntilFilledThenPasses() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        let created = try TestSupport.run(["new", "matter", "1.2", "新的事项", "--content", content.path])
        #expect(created.status == 0, "\(created.stderr)")
        let file = content.appending(path: "matters/1.2.md")
        let text = TestSupport.read(file)
        for key in MatterSchema.keys { #expect(text.contains(key), "\(key) is mentioned") }
        #expect(text.contains("#   1 = 测试职责"))

        let unfilled = try TestSupport.run(["lint", "--content", content.path])
        #expect(unfilled.status == 1)
        #expect(unfilled.stderr.contains("还没有填写"))
        // The fixture's site has one 主要职责, so the matter is put under it; the first field to fill is 法定依据.
        #expect(text.contains("主要职责: \"1\""))
        #expect(unfilled.stderr.contains("法定依据[1].依据: 还没有填写"), "\(unfilled.stderr)")

        let filled = text.replacingOccurrences(
            of: "【待填写】[^\"\n]*", with: "1", options: .regularExpression)
        TestSupport.write(filled, to: file)
        let lint = try TestSupport.run(["lint", "--content", content.path])
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout.contains("2 个事项"))

        let again = try TestSupport.run(["new", "matter", "1.2", "重复", "--content", content.path])
        #expect(again.status == 1, "never overwrites")
        let badNumber = try TestSupport.run(["new", "matter", "../x", "名称", "--content", content.path])
        #expect(badNumber.status == 1)
    }
}

@Suite struct FixtureSiteTests {
    /// The second catalogue (seed 003's 就业援助登记认定 procedure) builds like content/ does.
    @Test func harbinFixtureLintsAndBuilds() throws {
        let harbin = TestSupport.fixtures.appending(path: "sites/harbin")
        let output = try TestSupport.build(content: harbin)
        let page = TestSupport.read(output.appending(path: "matters/1.1/index.html"))
        let steps = page.matches(of: /<span class="step-name">([^<]+)<\/span>/).map { String($0.output.1) }
        #expect(steps == ["社区初审", "张榜公示", "录入系统并报送街道", "街道复审", "区、县（市）就业局审核确认"])
        #expect(page.contains("2个工作日") && page.contains("3个自然日") && page.contains("4个工作日"))
    }
}
