import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiSite

@Suite struct OutputWriterTests {
    @Test func replacesThePreviousOutputWhole() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        try OutputWriter(output: output).write([OutputFile(path: "old.html", text: "old")])
        try OutputWriter(output: output).write([OutputFile(path: "a/new.html", text: "new")])
        #expect(TestSupport.snapshot(output).keys.sorted() == ["a/new.html"])
        #expect(FileManager.default.fileExists(atPath: output.appending(path: OutputWriter.marker).path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
        #expect(siblings == ["public"], "no staging or retired folder left behind")
    }

    /// The old site is deleted whole, its second level on all cores: files and folders at every depth,
    /// hidden names, a symbolic link (removed, not followed), and nothing outside it.
    @Test func removeTreeDeletesEverythingBelowAndNothingElse() throws {
        let folder = TestSupport.temporaryFolder()
        let outside = folder.appending(path: "outside.txt")
        try Data("keep".utf8).write(to: outside)
        let tree = folder.appending(path: "old")
        for path in ["index.html", ".gongkai-output", "matters/1.1/index.html", "matters/2.1/index.html",
                     "matters/2.1/deep/er/file.txt", "posters/1.1.html", "assets/.hidden"] {
            let file = tree.appending(path: path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(path.utf8).write(to: file)
        }
        try FileManager.default.createDirectory(at: tree.appending(path: "empty/inner"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: tree.appending(path: "matters/link"), withDestinationURL: outside)
        // A link at the top level to a folder outside: removed as a link, the folder's files kept.
        let outsideFolder = folder.appending(path: "elsewhere")
        try FileManager.default.createDirectory(at: outsideFolder, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: outsideFolder.appending(path: "file.txt"))
        try FileManager.default.createSymbolicLink(at: tree.appending(path: "linked"), withDestinationURL: outsideFolder)
        OutputWriter.removeTree(tree.path)
        #expect(!FileManager.default.fileExists(atPath: tree.path))
        #expect(try String(contentsOf: outside, encoding: .utf8) == "keep")
        #expect(try String(contentsOf: outsideFolder.appending(path: "file.txt"), encoding: .utf8) == "keep")
    }

    @Test func refusesPathsOutsideTheOutput() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let unsafe = ["../escape.html", "/etc/x", "a/../../b", "", "a//b", "a\u{1}b", "a/", "./a", "a/.", "..",
                      "a\\b", "a\u{7F}b", "a\u{85}b", "事项/\u{9F}"]
        for path in unsafe {
            #expect(throws: WriteError.self, "\(path)") {
                try OutputWriter(output: output).write([OutputFile(path: path, text: "x")])
            }
        }
        #expect(!FileManager.default.fileExists(atPath: output.deletingLastPathComponent().appending(path: "escape.html").path))
    }

    @Test func acceptsUnusualButSafeNames() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let paths = [".well-known/a.txt", "a/.../b.html", "事项/1.1/index.html", "a..b/c"]
        try OutputWriter(output: output).write(paths.map { OutputFile(path: $0, text: "x") })
        for path in paths {
            #expect(FileManager.default.fileExists(atPath: output.appending(path: path).path), "\(path)")
        }
    }

    @Test func refusesToReplaceAFolderItDidNotWrite() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("precious", to: folder.appending(path: "thesis.docx"))
        #expect(throws: WriteError.self) { try OutputWriter(output: folder).write([OutputFile(path: "index.html", text: "x")]) }
        #expect(TestSupport.read(folder.appending(path: "thesis.docx")) == "precious")
    }

    /// A staging folder gets its marker first, so one an interrupted build left carries it.
    @Test func aLeftoverStagingFolderFromAnInterruptedBuildIsCleared() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let writer = OutputWriter(output: output)
        TestSupport.write("", to: writer.staging.appending(path: OutputWriter.marker))
        TestSupport.write("half", to: writer.staging.appending(path: "half.html"))
        try writer.write([OutputFile(path: "index.html", text: "x")])
        #expect(TestSupport.snapshot(output).keys.sorted() == ["index.html"])
    }
}
