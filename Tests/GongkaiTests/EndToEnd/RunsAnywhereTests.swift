import Foundation
import Testing
@testable import GongkaiBuild

/// gongkai run from a folder that is not the repository (issue 15, item 2): the default theme and the
/// national holiday calendars come with the program; a content folder's calendar/ replaces a year of them.
@Suite struct RunsAnywhereTests {
    @Test func theThemeAndCalendarsAreFoundBesideTheProgram() throws {
        let calendars = try #require(Installed.calendars)
        #expect(FileManager.default.fileExists(atPath: calendars.appending(path: "2025.yaml").path))
        #expect(Installed.folder("themes/default") != nil)
    }

    /// Both layouts the README names: `<prefix>/bin/gongkai` with `<prefix>/share/gongkai/…`, and swift
    /// build's `<repository>/.build/<platform>/release/gongkai`; a link to the program counts where it points.
    @Test func bothLayouts() throws {
        let prefix = TestSupport.temporaryFolder("prefix")
        let shared = prefix.appending(path: "share/gongkai/calendars")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: prefix.appending(path: "bin"), withIntermediateDirectories: true)
        let installed = prefix.appending(path: "bin/gongkai")
        TestSupport.write("", to: installed)
        #expect(Installed.folder("calendars", besideExecutable: installed)?.path == shared.standardizedFileURL.path)

        let repository = TestSupport.temporaryFolder("repo")
        let built = repository.appending(path: ".build/x86_64-unknown-linux-gnu/release/gongkai")
        try FileManager.default.createDirectory(at: built.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repository.appending(path: "themes/default"), withIntermediateDirectories: true)
        TestSupport.write("", to: built)
        let link = TestSupport.temporaryFolder("elsewhere").appending(path: "gongkai")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: built)
        #expect(Installed.folder("themes/default", besideExecutable: link)?.path
            == repository.appending(path: "themes/default").standardizedFileURL.path)
        #expect(Installed.folder("calendars", besideExecutable: link) == nil, "no such folder in that repository")
    }

    @Test func buildAndCheckFromAFolderOfItsOwn() throws {
        let folder = TestSupport.temporaryFolder("elsewhere")
        let content = folder.appending(path: "content")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appending(path: "sites/harbin"), to: content)
        try FileManager.default.removeItem(at: content.appending(path: "calendar"))
        let build = try TestSupport.run(["build", "--content", "content", "--output", "public"], in: folder)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "public/matters/1.1/index.html").path))
        // The worked example's dates need the 2025 calendar, which came with gongkai.
        let check = try TestSupport.run(["check", "1.1", "--content", "content", "--submitted", "2025-09-26", "--json"], in: folder)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let schedule = try #require(json["schedule"] as? [String: Any])
        #expect(schedule["completion"] as? String == "2025-10-20", "\(check.stdout)")
    }

    /// A station's own calendar/<年>.yaml replaces that year of gongkai's: here a 2025 whose only holiday
    /// is 元旦, so the 国庆 week no longer delays the dates.
    @Test func aContentCalendarReplacesThatYear() throws {
        let content = TestSupport.copy(TestSupport.fixtures.appending(path: "sites/harbin"))
        TestSupport.write("年份: 2025\n放假:\n  - 名称: 元旦\n    日期: [2025-01-01]\n调休上班: []\n", to: content.appending(path: "calendar/2025.yaml"))
        let check = try TestSupport.run(["check", "1.1", "--content", content.path, "--submitted", "2025-09-26", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let schedule = try #require(json["schedule"] as? [String: Any])
        #expect(schedule["completion"] as? String != "2025-10-20", "the 国庆 holidays are gone in this 2025")
    }
}
