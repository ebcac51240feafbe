import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiContent
@testable import GongkaiServe
@testable import GongkaiSite

/// The preview's rebuilds: after every kind of change, the files served are exactly those a full build of
/// the same folders makes; a matter change makes only that matter's pages and the lists of all matters.
@Suite struct LiveSiteTests {
    /// A copy of the example content and of the default theme, and a live site built from them.
    struct Fixture {
        let content: URL
        let theme: URL
        let live: LiveSite

        init() {
            content = TestSupport.copy(TestSupport.exampleContent)
            let themes = TestSupport.temporaryFolder("themes")
            theme = themes.appending(path: "default")
            try! FileManager.default.copyItem(at: TestSupport.defaultTheme, to: theme)
            live = LiveSite(options: BuildOptions(content: content, output: URL(filePath: "/nonexistent"), theme: theme))
        }

        func matter(_ number: String) -> URL { content.appending(path: "matters/\(number).md") }

        /// Replaces text in a file, checking that the text was there.
        func edit(_ file: URL, _ old: String, _ new: String) {
            let text = TestSupport.read(file)
            #expect(text.contains(old), "\(file.lastPathComponent) has no «\(old)»")
            TestSupport.write(text.replacingOccurrences(of: old, with: new), to: file)
        }

        func apply(_ files: URL...) -> RebuildReport {
            live.apply(changed: files.map(\.standardizedFileURL.path))
        }

        /// What `gongkai build` makes of the folders as they are now.
        func fullBuild() throws -> [String: Data] {
            let (_, files) = try Pipeline(options: live.options).renderInMemory()
            return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
        }

        func expectSameAsFullBuild(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let served = live.store.snapshot
            let built = try fullBuild()
            #expect(Set(served.keys) == Set(built.keys), "\(step): paths", sourceLocation: sourceLocation)
            let differing = built.keys.filter { served[$0] != nil && served[$0] != built[$0] }.sorted()
            #expect(differing.isEmpty, "\(step): different bytes in \(differing)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyKindOfChangeEndsWhereAFullBuildDoes() throws {
        let site = Fixture()
        let first = site.live.build()
        #expect(first.problems == nil)
        try site.expectSameAsFullBuild("first build")

        site.edit(site.matter("1.1"), "名称: 就失业登记", "名称: 就业失业登记")
        #expect(site.apply(site.matter("1.1")).scope == .matters)
        try site.expectSameAsFullBuild("a matter's name")

        site.edit(site.matter("4.2"), "  - 户口本\n", "  - 户口本\n  - 名称: 居住证\n    形式: 复印件\n    份数: 2\n")
        #expect(site.apply(site.matter("4.2")).scope == .matters)
        try site.expectSameAsFullBuild("a material added")

        // A new 序号 is a new file name: the old pages go, the new ones come.
        let renamed = site.matter("4.3")
        try FileManager.default.moveItem(at: site.matter("4.2"), to: renamed)
        site.edit(renamed, "序号: \"4.2\"", "序号: \"4.3\"")
        let renaming = site.apply(site.matter("4.2"), renamed)
        #expect(renaming.scope == .matters)
        #expect(renaming.removed.sorted() == ["matters/4.2/index.html", "posters/4.2.html"])
        try site.expectSameAsFullBuild("a 序号 changed")

        TestSupport.write(
            TestSupport.read(site.matter("1.1")).replacingOccurrences(of: "序号: \"1.1\"", with: "序号: \"1.2\""),
            to: site.matter("1.2"))
        #expect(site.apply(site.matter("1.2")).scope == .matters)
        try site.expectSameAsFullBuild("a matter added")

        try FileManager.default.removeItem(at: site.matter("3.1"))
        #expect(site.apply(site.matter("3.1")).scope == .matters)
        try site.expectSameAsFullBuild("a matter deleted")

        let siteFile = site.content.appending(path: "site.yaml")
        site.edit(siteFile, "名称: 天津市", "名称: 天津市新")
        #expect(site.apply(siteFile).scope == .full)
        try site.expectSameAsFullBuild("site.yaml")

        let policy = try #require(FileManager.default.contentsOfDirectory(atPath: site.content.appending(path: "policies").path).first)
        let policyFile = site.content.appending(path: "policies/\(policy)")
        TestSupport.write(TestSupport.read(policyFile) + "\n补充一段。\n", to: policyFile)
        #expect(site.apply(policyFile).scope == .full)
        try site.expectSameAsFullBuild("a policy")

        let template = site.theme.appending(path: "templates/matter.mustache")
        TestSupport.write(TestSupport.read(template) + "\n<!-- 改过的模板 -->\n", to: template)
        #expect(site.apply(template).scope == .full)
        try site.expectSameAsFullBuild("a template")
        #expect(String(decoding: site.live.store.file("matters/2.1/index.html") ?? Data(), as: UTF8.self).contains("改过的模板"))
    }

    /// The quick path for a plain edit (one file, same 序号, no problems) leaves the catalogue exactly as a
    /// full validation would, edit after edit, and steps aside for edits the quick path cannot judge.
    @Test func editsOfOneMatterInARowMatchAFullBuild() throws {
        let site = Fixture()
        #expect(site.live.build().problems == nil)
        for (old, new) in [("名称: 就业援助", "名称: 就业援助服务"), ("名称: 就业援助服务", "名称: 就业援助（试行）")] {
            site.edit(site.matter("2.1"), old, new)
            #expect(site.apply(site.matter("2.1")).problems == nil)
            try site.expectSameAsFullBuild(new)
        }
        // Another matter's 主要职责 changed to one site.yaml does not have: an error, as in a build.
        site.edit(site.matter("3.1"), "主要职责: \"3\"", "主要职责: \"9\"")
        let wrongDuty = site.apply(site.matter("3.1"))
        #expect(wrongDuty.problems?.description.contains("没有序号为「9」的主要职责") == true)
        site.edit(site.matter("3.1"), "主要职责: \"9\"", "主要职责: \"3\"")
        #expect(site.apply(site.matter("3.1")).problems == nil)
        try site.expectSameAsFullBuild("fixed 主要职责")
        // A check of the matter's own (a 条件 on an option its 情形 lacks): an error; its fix recovers.
        site.edit(site.matter("2.1"), "条件: {认定类别: 低保家庭人员}", "条件: {认定类别: 低保家庭}")
        #expect(site.apply(site.matter("2.1")).problems?.description.contains("低保家庭") == true)
        site.edit(site.matter("2.1"), "条件: {认定类别: 低保家庭}", "条件: {认定类别: 低保家庭人员}")
        #expect(site.apply(site.matter("2.1")).problems == nil)
        try site.expectSameAsFullBuild("fixed 条件")
        // Two matters given one 序号: caught although each file on its own is fine.
        site.edit(site.matter("4.1"), "序号: \"4.1\"", "序号: \"4.2\"")
        #expect(site.apply(site.matter("4.1")).problems?.description.contains("重复") == true)
    }

    @Test func aMatterChangeMakesOnlyItsPagesAndTheLists() throws {
        let site = Fixture()
        _ = site.live.build()
        site.edit(site.matter("2.1"), "名称: 就业援助", "名称: 就业援助服务")
        let report = site.apply(site.matter("2.1"))
        #expect(report.problems == nil)
        #expect(report.scope == .matters)
        #expect(Set(report.rendered) == Set(["matters/2.1/index.html", "posters/2.1.html"] + SiteOutputs.aggregatePaths))
        #expect(report.removed.isEmpty)
        #expect(report.pagesReady != nil && report.pagesReady! <= report.allReady)
        #expect(report.sources.count == 1 && report.sources[0].hasSuffix("matters/2.1.md"))

        // A change that changes no page (a YAML comment) makes nothing.
        site.edit(site.matter("2.1"), "序号: \"2.1\"\n", "序号: \"2.1\"\n# 注释\n")
        let comment = site.apply(site.matter("2.1"))
        #expect(comment.scope == .unchanged)
        #expect(comment.rendered.isEmpty)
        #expect(comment.removed.isEmpty && comment.problems == nil)

        // Files the build does not read change nothing at all.
        let ignored = site.apply(
            site.content.appending(path: "matters/.2.1.md.swp"), site.content.appending(path: "notes.txt"),
            site.content.appending(path: "matters/README.txt"))
        #expect(ignored.scope == .unchanged)
        #expect(ignored.sources.isEmpty)
        try site.expectSameAsFullBuild("after the matter change")
    }

    @Test func anErrorKeepsTheLastGoodSiteAndAFixRecovers() throws {
        let site = Fixture()
        _ = site.live.build()
        var good = site.live.store.snapshot

        site.edit(site.matter("1.1"), "主要职责: \"1\"", "主要职责: \"9\"")
        let broken = site.apply(site.matter("1.1"))
        let problems = try #require(broken.problems)
        #expect(problems.diagnostics.count == 1)
        #expect(problems.description.hasPrefix("\(site.matter("1.1").path):3:7: error: 主要职责: 没有序号为「9」的主要职责"))
        // Exactly what `gongkai build` reports for the same folder.
        #expect(throws: DiagnosticList.self) { try site.fullBuild() }
        do {
            _ = try site.fullBuild()
        } catch let error as DiagnosticList {
            #expect(error.description == problems.description)
        }
        #expect(site.live.store.snapshot == good)

        // A cross-file problem: two files with one 序号.
        site.edit(site.matter("4.2"), "序号: \"4.2\"", "序号: \"4.1\"")
        let twice = try #require(site.apply(site.matter("4.2")).problems)
        #expect(twice.description.contains("序号「4.1」重复"))
        #expect(site.live.store.snapshot == good)

        // A good change to another matter while the errors stand: made once they are fixed.
        site.edit(site.matter("2.1"), "名称: 就业援助", "名称: 就业援助服务")
        #expect(site.apply(site.matter("2.1")).problems != nil)
        #expect(site.live.store.snapshot == good)

        site.edit(site.matter("1.1"), "主要职责: \"9\"", "主要职责: \"1\"")
        site.edit(site.matter("4.2"), "序号: \"4.1\"", "序号: \"4.2\"")
        let fixed = site.apply(site.matter("1.1"), site.matter("4.2"))
        #expect(fixed.problems == nil)
        #expect(fixed.scope == .matters)
        #expect(fixed.rendered.contains("matters/2.1/index.html"))
        try site.expectSameAsFullBuild("fixed")
        good = site.live.store.snapshot

        // An error in the theme: reported, the site kept; fixing it makes everything again.
        let template = site.theme.appending(path: "templates/index.mustache")
        let original = TestSupport.read(template)
        TestSupport.write(original + "{{#unclosed}}\n", to: template)
        #expect(site.apply(template).problems != nil)
        #expect(site.live.store.snapshot == good)
        TestSupport.write(original, to: template)
        #expect(site.apply(template).problems == nil)
        try site.expectSameAsFullBuild("theme fixed")
    }

    @Test func aMatterFixedAfterAFailedFullBuildMakesEverything() throws {
        let site = Fixture()
        site.edit(site.matter("1.1"), "主要职责: \"1\"", "主要职责: \"9\"")
        #expect(site.live.build().problems != nil)
        #expect(site.live.store.snapshot.isEmpty)
        site.edit(site.matter("1.1"), "主要职责: \"9\"", "主要职责: \"1\"")
        let fixed = site.apply(site.matter("1.1"))
        #expect(fixed.problems == nil)
        #expect(fixed.scope == .full)
        try site.expectSameAsFullBuild("fixed")
    }

    @Test func changesAreSortedByWhatTheBuildReads() {
        let changes = SourceChanges(content: URL(filePath: "/c"), themes: [URL(filePath: "/t/child"), URL(filePath: "/t/default")])
        #expect(changes.classify(["/c/matters/1.1.md"]) == .matters(["1.1.md"]))
        #expect(changes.classify(["/c/matters/1.1.md", "/c/matters/2.1.md"]) == .matters(["1.1.md", "2.1.md"]))
        #expect(changes.classify(["/c/matters/.1.1.md.swp", "/c/matters/notes.txt", "/c/other/x.md", "/elsewhere"]) == .none)
        for path in ["/c/site.yaml", "/c/policies/p.md", "/c/calendar/2025.yaml", "/c/matters", "/t/default/labels.yaml",
                     "/t/child/templates/partials/header.mustache", "/t/default/assets/site.css"] {
            #expect(changes.classify(["/c/matters/1.1.md", path]) == .everything, "\(path)")
        }
        #expect(changes.classify(["/c/policies/notes.txt", "/c/calendar/README"]) == .none)
    }

    @Test func editorTemporaryFilesAreIgnored() {
        for name in [".1.1.md.swp", "1.1.md~", "4913", "#1.1.md#", ".#1.1.md", "1.1.md___jb_tmp___", ".goutputstream-ABC"] {
            #expect(FileWatcher.isIgnored(name), "\(name)")
        }
        for name in ["1.1.md", "site.yaml", "matter.mustache", "site.css"] {
            #expect(!FileWatcher.isIgnored(name), "\(name)")
        }
    }

    @Test func aThemeIsWatchedWithItsParents() throws {
        let themes = TestSupport.temporaryFolder("themes")
        try FileManager.default.copyItem(at: TestSupport.defaultTheme, to: themes.appending(path: "default"))
        TestSupport.write("parent: default\n", to: themes.appending(path: "mine/theme.yaml"))
        TestSupport.write("", to: themes.appending(path: "mine/templates/.keep"))
        #expect(Theme.folders(of: themes.appending(path: "mine")).map(\.lastPathComponent) == ["mine", "default"])
    }
}
