import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiUtils

/// `gongkai pdf` with nothing changed (issue 17): the site is not built again while what a build reads and
/// what the last run left in the site are both as the stamp says; any difference, and it is.
@Suite struct SiteStampTests {
    static func options(_ content: URL, _ output: URL, theme: URL = TestSupport.defaultTheme, baseURL: String? = nil) -> BuildOptions {
        BuildOptions(content: content, output: output, theme: theme, baseURL: baseURL)
    }

    /// The example site built and its PDFs made (by the fake renderer) with a stamp, as `gongkai pdf` does.
    static func stamped() throws -> (content: URL, output: URL, inputs: SiteStamp.Inputs) {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let output = TestSupport.temporaryFolder("public").appending(path: "public")
        let options = Self.options(content, output)
        let inputs = try #require(SiteStamp.inputs(of: options))
        _ = try Pipeline(options: options).build()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake(), stamp: inputs).render()
        return (content, output, inputs)
    }

    @Test func theSiteAsTheLastRunLeftItIsCurrent() throws {
        let (content, output, inputs) = try Self.stamped()
        let stamp = try #require(SiteStamp.current(output: output, inputs: inputs))
        let paths = stamp.files.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 4).last.map(String.init) ?? "" }
        #expect(paths.contains("print/catalogue.pdf") && paths.contains("index.html") && paths.contains(".gongkai-pdf.json"))
        #expect(!paths.contains(SiteStamp.fileName) && paths == paths.sorted())
        // Read again, the same files give the same digest; a file touched but not changed is no change.
        let matter = content.appending(path: "matters/2.1.md")
        TestSupport.write(TestSupport.read(matter), to: matter)
        #expect(SiteStamp.inputs(of: Self.options(content, output)) == inputs)
        // Every PDF is current too: nothing to render, a report all the same.
        let fake = PdfRendererTests.fake()
        let (report, _) = try #require(try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).reportIfCurrent(inputs: inputs))
        #expect(report.rendered.isEmpty && report.posters.count == 5 && PdfRendererTests.calls(fake).isEmpty)
        // Not on other paper: those PDFs are not current, and nothing is rendered by the question.
        let a4 = PdfRendererTests.fake()
        #expect(try PdfRenderer(output: output, paper: .a4, weasyPrint: a4).reportIfCurrent(inputs: inputs) == nil)
        #expect(PdfRendererTests.calls(a4).isEmpty)
        // Nor for other inputs.
        var other = inputs
        other.digest = String(repeating: "0", count: 32)
        #expect(try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).reportIfCurrent(inputs: other) == nil)
    }

    /// The first run into a folder that is not there yet: no stamp, no question, no lock taken (the folder
    /// to lock in may not exist either), and the site is built.
    @Test func noSiteYetIsNotCurrentAndNoError() throws {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let output = TestSupport.temporaryFolder("none").appending(path: "not/yet/public")
        let inputs = try #require(SiteStamp.inputs(of: Self.options(content, output)))
        #expect(try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).reportIfCurrent(inputs: inputs) == nil)
        #expect(!FileManager.default.fileExists(atPath: output.deletingLastPathComponent().path))
    }

    @Test func whatABuildReadsChangesTheDigest() throws {
        let (content, output, inputs) = try Self.stamped()
        let matter = content.appending(path: "matters/2.1.md")
        let text = TestSupport.read(matter)
        TestSupport.write(text + "\n", to: matter)
        #expect(SiteStamp.inputs(of: Self.options(content, output)) != inputs, "a matter edited")
        TestSupport.write(text, to: matter)
        #expect(SiteStamp.inputs(of: Self.options(content, output)) == inputs)
        TestSupport.write("标题: 新政策\n", to: content.appending(path: "policies/new.md"))
        #expect(SiteStamp.inputs(of: Self.options(content, output)) != inputs, "a file added")
        try FileManager.default.removeItem(at: content.appending(path: "policies/new.md"))
        // A hidden file is not read by the loaders: no change.
        TestSupport.write("swap", to: content.appending(path: "matters/.2.1.md.swp"))
        #expect(SiteStamp.inputs(of: Self.options(content, output)) == inputs)
        #expect(SiteStamp.inputs(of: Self.options(content, output, baseURL: "https://example.org/gk")) != inputs, "another option")
        let theme = TestSupport.copy(TestSupport.defaultTheme)
        let themed = try #require(SiteStamp.inputs(of: Self.options(content, output, theme: theme)))
        let labels = theme.appending(path: "labels.yaml")
        TestSupport.write(TestSupport.read(labels) + "\n", to: labels)
        #expect(SiteStamp.inputs(of: Self.options(content, output, theme: theme)) != themed, "a theme file edited")
    }

    @Test func aSiteChangedSinceIsNotCurrent() throws {
        let (_, output, inputs) = try Self.stamped()
        let page = output.appending(path: "matters/2.1/index.html")
        let text = TestSupport.read(page)
        try FileManager.default.removeItem(at: page)
        #expect(SiteStamp.current(output: output, inputs: inputs) == nil, "a page removed")
        TestSupport.write(text, to: page)
        #expect(SiteStamp.current(output: output, inputs: inputs) == nil, "a page written again (another file)")

        let (_, other, otherInputs) = try Self.stamped()
        TestSupport.write("mine", to: other.appending(path: "notes.txt"))
        #expect(SiteStamp.current(output: other, inputs: otherInputs) == nil, "a file added")
        try FileManager.default.removeItem(at: other.appending(path: "notes.txt"))
        #expect(SiteStamp.current(output: other, inputs: otherInputs) != nil)
        // A build replaces the site, and the stamp with it.
        let content = TestSupport.copy(TestSupport.exampleContent)
        _ = try Pipeline(options: Self.options(content, other)).build()
        #expect(SiteStamp.current(output: other, inputs: otherInputs) == nil)
        #expect(!FileManager.default.fileExists(atPath: other.appending(path: SiteStamp.fileName).path))
    }
}
