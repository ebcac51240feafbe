import Foundation
import Testing

/// `gongkai export docx|xlsx`: the files import back to the same matter files (for a catalogue that came
/// from Word), keep every word of seed 000 when exported from content/, and never replace a file unasked.
@Suite struct ExportTests {
    static func exported(_ format: String, content: URL) throws -> URL {
        let file = TestSupport.temporaryFolder("export").appending(path: "公开服务内容.\(format)")
        let result = try TestSupport.run(["export", format, "--content", content.path, "--output", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("已导出"))
        return file
    }

    @Test(arguments: ["docx", "xlsx"])
    func importOfExportGivesTheSameMatterFiles(_ format: String) throws {
        let (imported, first) = try ImportTests.importing(ImportTests.fixture)
        #expect(first.status == 0)
        let file = try Self.exported(format, content: imported)
        let (again, second) = try ImportTests.importing(file)
        #expect(second.status == 0, "\(second.stderr)")
        for number in ["1.1", "2.1", "3.1", "4.1", "4.2"] {
            #expect(TestSupport.read(again.appending(path: "matters/\(number).md"))
                == TestSupport.read(imported.appending(path: "matters/\(number).md")), "\(format) \(number)")
        }
        let site = TestSupport.read(again.appending(path: "site.yaml"))
        #expect(site.contains("名称: \"天津市滨海新区大沽街党群服务中心\"") && site.contains("开展基层就业援助服务"))
        // Built, the pages are the same too.
        let before = try TestSupport.build(content: imported), after = try TestSupport.build(content: again)
        for number in ["1.1", "2.1", "3.1", "4.1", "4.2"] {
            #expect(TestSupport.read(before.appending(path: "matters/\(number)/index.html"))
                == TestSupport.read(after.appending(path: "matters/\(number)/index.html")), "\(format) \(number) page")
        }
    }

    /// content/ (情形, 条件, 运行要件原文) and the Harbin fixture (steps with who and how long, 办公时间, an
    /// address of its own, a 依据 that is not 「第几条」, a body), exported and imported over a copy of
    /// themselves (so the calendar and policies stay): every matter page byte-identical, for docx and xlsx.
    @Test(arguments: ["docx", "xlsx"], ["content", "Tests/GongkaiTests/Fixtures/sites/harbin"])
    func importOfExportBuildsTheSameMatterPages(_ format: String, _ folder: String) throws {
        let original = TestSupport.packageRoot.appending(path: folder)
        let file = try Self.exported(format, content: original)
        let copy = TestSupport.copy(original)
        let base = folder == "content" ? "https://gongkai.example.org/dagu/" : "https://gongkai.example.org/harbin/"
        let result = try TestSupport.run(["import", file.path, "--content", copy.path, "--force", "--base-url", base])
        #expect(result.status == 0, "\(result.stderr)")
        let before = try TestSupport.build(content: original), after = try TestSupport.build(content: copy)
        let pages = try FileManager.default.contentsOfDirectory(atPath: before.appending(path: "matters").path)
        #expect(pages.count >= 2)
        for number in pages {
            #expect(TestSupport.read(before.appending(path: "matters/\(number)/index.html"))
                == TestSupport.read(after.appending(path: "matters/\(number)/index.html")), "\(format) \(folder) \(number)")
        }
    }

    /// content/ exported and imported into a new folder still carries every sentence and item of seed 000.
    @Test(arguments: ["docx", "xlsx"])
    func theExampleContentKeepsEveryWordThroughWordAndExcel(_ format: String) throws {
        let file = try Self.exported(format, content: TestSupport.exampleContent)
        let (again, result) = try ImportTests.importing(file)
        #expect(result.status == 0, "\(result.stderr)")
        try ImportTests.expectSeedText(in: again)
    }

    @Test func anExistingFileIsReplacedOnlyWithForce() throws {
        let file = TestSupport.temporaryFolder("export").appending(path: "清单.xlsx")
        TestSupport.write("我的表格", to: file)
        let refused = try TestSupport.run(["export", "xlsx", "--content", TestSupport.exampleContent.path, "--output", file.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("已存在，没有覆盖"))
        #expect(TestSupport.read(file) == "我的表格")
        let forced = try TestSupport.run(["export", "xlsx", "--content", TestSupport.exampleContent.path, "--output", file.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: file).starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
        #expect(leftovers == ["清单.xlsx"], "no temporary file left beside it")
    }

    @Test func contentWithErrorsIsNotExported() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        TestSupport.write("---\n序号: \"1.1\"\n---\n", to: content.appending(path: "matters/1.1.md"))
        let file = TestSupport.temporaryFolder("export").appending(path: "x.docx")
        let result = try TestSupport.run(["export", "docx", "--content", content.path, "--output", file.path])
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
