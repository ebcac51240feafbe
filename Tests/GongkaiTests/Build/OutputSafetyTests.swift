import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiSite

/// What the output may be, and what a build may remove (issue 18): never a file it did not write, never
/// anything through a symbolic link, never the content or the theme.
@Suite struct OutputSafetyTests {
    /// `--output` naming a file or a FIFO was deleted and replaced by the site; now refused, untouched.
    @Test func refusesAnOutputThatIsNotAFolder() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appending(path: "site.yaml")
        TestSupport.write("名称: 不能丢\n", to: file)
        let fifo = folder.appending(path: "pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        for target in [file, fifo] {
            #expect(throws: WriteError.self, "\(target.lastPathComponent)") {
                try OutputWriter(output: target).write([OutputFile(path: "index.html", text: "x")])
            }
        }
        #expect(TestSupport.read(file) == "名称: 不能丢\n")
        var status = stat()
        #expect(lstat(fifo.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["pipe", "site.yaml"])
    }

    /// A dangling link as `--output` is refused rather than replaced.
    @Test func refusesALinkToNowhere() throws {
        let folder = TestSupport.temporaryFolder()
        let link = folder.appending(path: "public")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: folder.appending(path: "gone").path)
        #expect(throws: WriteError.self) { try OutputWriter(output: link).write([OutputFile(path: "index.html", text: "x")]) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == folder.appending(path: "gone").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["public"])
    }

    /// `--output` as a link to a gongkai site: the site is built into the folder the link points to, the
    /// link stays, and nothing else goes — not the old site's files through the link (cleaning `.link.old`
    /// followed it), not a folder elsewhere that a link inside the old site points to.
    @Test func aLinkedOutputIsBuiltIntoWhereItPoints() throws {
        let folder = TestSupport.temporaryFolder()
        let real = folder.appending(path: "sites/public")
        try OutputWriter(output: real).write([OutputFile(path: "old.html", text: "old"), OutputFile(path: "a/b.html", text: "old")])
        let elsewhere = folder.appending(path: "elsewhere")
        TestSupport.write("keep", to: elsewhere.appending(path: "file.txt"))
        try FileManager.default.createSymbolicLink(atPath: real.appending(path: "a/linked").path, withDestinationPath: elsewhere.path)
        let link = folder.appending(path: "public")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)

        try OutputWriter(output: link).write([OutputFile(path: "index.html", text: "new"), OutputFile(path: "m/1.html", text: "new")])

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(TestSupport.snapshot(real).keys.sorted() == ["index.html", "m/1.html"])
        #expect(FileManager.default.fileExists(atPath: real.appending(path: OutputWriter.marker).path))
        #expect(TestSupport.read(elsewhere.appending(path: "file.txt")) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["elsewhere", "public", "sites"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: real.deletingLastPathComponent().path) == ["public"])
    }

    /// Content or theme given as a link into the output passed a comparison of the paths as written, and
    /// the build deleted it. Now refused, the output and the sources as they were.
    @Test func refusesSourcesThatAreLinksIntoTheOutput() throws {
        let folder = TestSupport.temporaryFolder()
        let output = folder.appending(path: "public")
        _ = try Pipeline(options: BuildOptions(content: TestSupport.minimalSite, output: output, theme: TestSupport.defaultTheme)).build()
        try FileManager.default.copyItem(at: TestSupport.minimalSite, to: output.appending(path: "content"))
        try FileManager.default.copyItem(at: TestSupport.defaultTheme, to: output.appending(path: "theme"))
        let contentLink = folder.appending(path: "content"), themeLink = folder.appending(path: "theme")
        try FileManager.default.createSymbolicLink(atPath: contentLink.path, withDestinationPath: output.appending(path: "content").path)
        try FileManager.default.createSymbolicLink(atPath: themeLink.path, withDestinationPath: output.appending(path: "theme").path)
        let before = TestSupport.snapshot(output)

        for (content, theme) in [(contentLink, TestSupport.defaultTheme), (TestSupport.minimalSite, themeLink)] {
            #expect(throws: WriteError.self) {
                _ = try Pipeline(options: BuildOptions(content: content, output: output, theme: theme)).build()
            }
        }
        #expect(TestSupport.snapshot(output) == before)
    }

    /// The output given through a link (the content is inside the real folder) is caught too, and so is
    /// content that is the output itself.
    @Test func refusesAnOutputLinkThatHoldsTheContent() throws {
        let folder = TestSupport.temporaryFolder()
        let real = folder.appending(path: "real")
        try OutputWriter(output: real).write([OutputFile(path: "index.html", text: "x")])
        try FileManager.default.copyItem(at: TestSupport.minimalSite, to: real.appending(path: "content"))
        let link = folder.appending(path: "public")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        #expect(throws: WriteError.self) {
            _ = try Pipeline(options: BuildOptions(content: real.appending(path: "content"), output: link, theme: TestSupport.defaultTheme)).build()
        }
        #expect(FileManager.default.fileExists(atPath: real.appending(path: "content/site.yaml").path))
    }

    /// An output inside the content folder is odd but harmless: allowed.
    @Test func allowsAnOutputInsideTheContent() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        let output = content.appending(path: "public")
        _ = try Pipeline(options: BuildOptions(content: content, output: output, theme: TestSupport.defaultTheme)).build()
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "index.html").path))
    }

    /// A staging folder without the marker was not made by gongkai (a staging folder gets its marker
    /// before anything else): refused, its files kept, the output as it was.
    @Test func refusesAStagingFolderWithoutTheMarker() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let writer = OutputWriter(output: output)
        try writer.write([OutputFile(path: "index.html", text: "old")])
        TestSupport.write("mine", to: writer.staging.appending(path: "notes.txt"))
        #expect(throws: WriteError.self) { try writer.write([OutputFile(path: "index.html", text: "new")]) }
        #expect(TestSupport.read(writer.staging.appending(path: "notes.txt")) == "mine")
        #expect(TestSupport.read(output.appending(path: "index.html")) == "old")
    }

    /// An empty staging folder (a kill between making it and its marker) is cleared.
    @Test func clearsAnEmptyStagingFolder() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let writer = OutputWriter(output: output)
        try FileManager.default.createDirectory(at: writer.staging, withIntermediateDirectories: true)
        try writer.write([OutputFile(path: "index.html", text: "x")])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path) == ["public"])
    }

    /// An older gongkai killed between its two renames left no output and the whole old site at `.old`;
    /// the next build deleted it. Now it is put back first, so a build that then fails still leaves it.
    @Test func restoresTheOldSiteAnInterruptedSwitchLeft() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let writer = OutputWriter(output: output)
        try writer.write([OutputFile(path: "index.html", text: "old"), OutputFile(path: "m/1.html", text: "old")])
        try FileManager.default.moveItem(at: output, to: writer.retired)

        #expect(throws: WriteError.self) { try writer.write([OutputFile(path: "../escape.html", text: "x")]) }

        #expect(TestSupport.snapshot(output).keys.sorted() == ["index.html", "m/1.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path) == ["public"])
    }
}
