import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiUtils

/// Only what changed (issue 17): the manifest, the build carrying PDFs over, and what a second `pdf` renders;
/// with the fake driver of PdfRendererTests, through the real build.
@Suite struct PdfIncrementalTests {
    static func build(_ content: URL, into output: URL) throws {
        _ = try Pipeline(options: BuildOptions(content: content, output: output, theme: TestSupport.defaultTheme)).build()
    }

    static func site() throws -> (content: URL, output: URL) {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let output = TestSupport.temporaryFolder("public").appending(path: "public")
        try build(content, into: output)
        return (content, output)
    }

    static func bytes(_ output: URL, _ path: String) -> Data? {
        try? Data(contentsOf: output.appending(path: path))
    }

    @Test func nothingChangedRendersNothingAndABuildKeepsThePDFs() throws {
        let (content, output) = try Self.site()
        let first = PdfRendererTests.fake()
        let report = try PdfRenderer(output: output, paper: .a3, weasyPrint: first).render()
        #expect(report.rendered.count == 6)
        let before = Self.bytes(output, "posters/2.1.pdf")
        try Self.build(content, into: output)
        #expect(Self.bytes(output, "posters/2.1.pdf") == before, "the build carried the poster over")
        #expect(Self.bytes(output, "print/catalogue.pdf") != nil)
        let second = PdfRendererTests.fake()
        let again = try PdfRenderer(output: output, paper: .a3, weasyPrint: second).render()
        #expect(again.rendered.isEmpty)
        #expect(PdfRendererTests.calls(second).isEmpty)
        #expect(again.posters.count == 5 && again.cataloguePages == 1)
        #expect(again.tightened.isEmpty)
    }

    @Test func oneMatterEditedRendersItsPosterAndTheCatalogue() throws {
        let (content, output) = try Self.site()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).render()
        let matter = content.appending(path: "matters/3.1.md")
        TestSupport.write(TestSupport.read(matter).replacingOccurrences(of: "运行要件:", with: "运行要件:\n  - 近期一寸免冠照片"), to: matter)
        try Self.build(content, into: output)
        #expect(Self.bytes(output, "posters/3.1.pdf") == nil, "a poster whose page changed is not carried over")
        let fake = PdfRendererTests.fake()
        let report = try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).render()
        #expect(PdfRendererTests.rendered(fake) == ["posters/3.1.html", "print/index.html"])
        #expect(report.rendered.sorted() == ["posters/3.1.pdf", "print/catalogue.pdf"])
        // The poster's search for a density that fits starts where it fitted last time.
        let poster = try #require(PdfRendererTests.calls(fake).first { ($0["html"] as? String)?.hasSuffix("posters/3.1.html") == true })
        #expect(poster["fitted"] as? Int == 2)
    }

    @Test func anotherPaperOrWeasyPrintRendersEverything() throws {
        let (_, output) = try Self.site()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).render()
        let a4 = PdfRendererTests.fake()
        _ = try PdfRenderer(output: output, paper: .a4, weasyPrint: a4).render()
        #expect(PdfRendererTests.calls(a4).count == 6)
        let newer = PdfRendererTests.fake(version: "71.0")
        _ = try PdfRenderer(output: output, paper: .a4, weasyPrint: newer).render()
        #expect(PdfRendererTests.calls(newer).count == 6)
    }

    /// The driver's modules are part of every PDF's key: a changed renderer/book.py makes every PDF again.
    @Test func aChangedRendererModuleRendersEverything() throws {
        let (_, output) = try Self.site()
        let fake = PdfRendererTests.fake()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).render()
        let module = fake.driver.deletingLastPathComponent().appending(path: "book.py")
        TestSupport.write("# one way\n", to: module)
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).render()
        let before = PdfRendererTests.calls(fake).count
        TestSupport.write("# another way\n", to: module)
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).render()
        #expect(PdfRendererTests.calls(fake).count == before + 6)
    }

    /// Whether to start the renderer processes before the build: not when the PDFs were made after every
    /// content and theme file was last changed.
    @Test func pdfsAreLikelyCurrentUntilAContentFileChanges() throws {
        let (content, output) = try Self.site()
        let sources = [content, TestSupport.defaultTheme]
        #expect(!PdfManifest.isLikelyCurrent(output: output, sources: sources), "no manifest yet")
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).render()
        #expect(PdfManifest.isLikelyCurrent(output: output, sources: sources))
        let matter = content.appending(path: "matters/2.1.md")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: matter.path)
        #expect(!PdfManifest.isLikelyCurrent(output: output, sources: sources))
    }

    @Test func aPosterSteppedDownIsReported() throws {
        let (_, output) = try Self.site()
        let report = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake(twoPagesFor: "2.1.html")).render()
        #expect(report.tightened == ["posters/2.1.pdf"])
        let manifest = PdfManifest.load(from: OutputPath.resolved(output.path))
        #expect(manifest.entries["posters/2.1.pdf"]?.chosen == 2)
        #expect(manifest.entries["posters/2.1.pdf"]?.density == 3)
    }

    /// A PDF someone changed is no longer the one gongkai wrote: the build does not carry it over, and the
    /// next `pdf` renders it again.
    @Test func aChangedPDFIsNotCarriedOver() throws {
        let (content, output) = try Self.site()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).render()
        TestSupport.write("%PDF-1.7 edited by hand", to: output.appending(path: "posters/1.1.pdf"))
        try Self.build(content, into: output)
        #expect(Self.bytes(output, "posters/1.1.pdf") == nil)
        #expect(Self.bytes(output, "posters/4.1.pdf") != nil)
        let fake = PdfRendererTests.fake()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).render()
        #expect(PdfRendererTests.rendered(fake) == ["posters/1.1.html"])
    }

    /// A PDF whose file was touched (a copy put back, a backup restored) but whose bytes are gongkai's is
    /// still carried over: then the bytes are read and hashed instead of trusting the file's identity.
    @Test func aTouchedButUnchangedPDFIsCarriedOverByItsHash() throws {
        let (content, output) = try Self.site()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).render()
        let pdf = output.appending(path: "posters/1.1.pdf")
        let bytes = try Data(contentsOf: pdf)
        try FileManager.default.removeItem(at: pdf)
        try bytes.write(to: pdf)
        try Self.build(content, into: output)
        #expect(Self.bytes(output, "posters/1.1.pdf") == bytes)
        let real = OutputPath.resolved(output.path)
        #expect(PdfManifest.load(from: real).entries["posters/1.1.pdf"]?.file == SiteFile.identity(folder: real, path: "posters/1.1.pdf"))
        let fake = PdfRendererTests.fake()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: fake).render()
        #expect(PdfRendererTests.calls(fake).isEmpty)
    }

    /// A link in place of a PDF, even to a file with the very bytes gongkai wrote, is not followed: nothing is
    /// carried over through it, and what it points to is untouched.
    @Test func aLinkedPDFIsNotFollowed() throws {
        let (content, output) = try Self.site()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).render()
        let elsewhere = TestSupport.temporaryFolder("elsewhere").appending(path: "1.1.pdf")
        let pdf = output.appending(path: "posters/1.1.pdf")
        try FileManager.default.moveItem(at: pdf, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: pdf, withDestinationURL: elsewhere)
        let kept = try Data(contentsOf: elsewhere)
        try Self.build(content, into: output)
        #expect(Self.bytes(output, "posters/1.1.pdf") == nil)
        #expect(try Data(contentsOf: elsewhere) == kept)
    }

    /// Only the print folders' PDFs are carried, by the names gongkai gives them: a manifest naming a page of
    /// the site, or a path out of it, carries nothing.
    @Test func aManifestCannotNameOtherFiles() throws {
        let (content, output) = try Self.site()
        let real = OutputPath.resolved(output.path)
        let index = try #require(Self.bytes(output, "index.html"))
        let outside = TestSupport.temporaryFolder("outside")
        TestSupport.write("secret", to: outside.appending(path: "x.pdf"))
        let tricks = [("index.html", "index.html"), ("posters/../../x.pdf", "posters/1.1.html"), ("posters/x.pdf", "../index.html")]
        var manifest = PdfManifest()
        for (pdf, html) in tricks {
            let sources = try #require(PrintSources(site: real).digest(ofPage: "index.html")).sources
            manifest.entries[pdf] = .init(html: html, sources: sources, renderer: "r", pdf: SiteFile.digest(index), pages: 1, fit: false)
        }
        try manifest.write(to: real)
        try Self.build(content, into: output)
        #expect(!FileManager.default.fileExists(atPath: output.appending(path: PdfManifest.fileName).path))
        #expect(Self.bytes(output, "posters/x.pdf") == nil)
        #expect(TestSupport.read(outside.appending(path: "x.pdf")) == "secret")
        #expect(PdfCarryOver.isPrintPath("posters/1.1.pdf", suffix: ".pdf"))
        #expect(!PdfCarryOver.isPrintPath("posters/.pdf", suffix: ".pdf"))
        #expect(!PdfCarryOver.isPrintPath("matters/1.1/index.html", suffix: ".html"))
    }

    /// A failing render leaves the PDFs and the manifest of the last good run as they were.
    @Test func aFailureKeepsThePreviousPDFs() throws {
        let (content, output) = try Self.site()
        _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake()).render()
        let manifest = PdfManifest.load(from: OutputPath.resolved(output.path))
        let matter = content.appending(path: "matters/1.1.md")
        TestSupport.write(TestSupport.read(matter).replacingOccurrences(of: "运行要件:", with: "运行要件:\n  - 户口本"), to: matter)
        try Self.build(content, into: output)
        #expect(throws: PdfError.self) {
            try PdfRenderer(output: output, paper: .a3, weasyPrint: PdfRendererTests.fake(failFor: "1.1.html")).render()
        }
        #expect(Self.bytes(output, "posters/2.1.pdf") != nil)
        #expect(Self.bytes(output, "posters/1.1.pdf") == nil)
        let after = PdfManifest.load(from: OutputPath.resolved(output.path))
        // The same PDF and sources (the page's file is the new build's).
        #expect(after.entries["posters/2.1.pdf"]?.pdf == manifest.entries["posters/2.1.pdf"]?.pdf)
        #expect(after.entries["posters/2.1.pdf"]?.sources == manifest.entries["posters/2.1.pdf"]?.sources)
        #expect(after.entries["posters/2.1.pdf"]?.file == manifest.entries["posters/2.1.pdf"]?.file)
        #expect(after.entries["posters/1.1.pdf"] == nil)
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Fed in uneven pieces through the buffer path: the same digest as in one.
        let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hash = SHA256()
        million.withUnsafeBytes { buffer in
            var offset = 0, step = 1
            while offset < buffer.count {
                let end = min(buffer.count, offset + step)
                hash.update(buffer: UnsafeRawBufferPointer(rebasing: buffer[offset..<end]))
                offset = end
                step = step * 3 % 1000 + 1
            }
        }
        #expect(hash.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
