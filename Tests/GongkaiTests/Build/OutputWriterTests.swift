import Foundation
import Testing
@testable import Gongkai

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

    @Test func aLeftoverStagingFolderFromAnInterruptedBuildIsCleared() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let writer = OutputWriter(output: output)
        TestSupport.write("half", to: writer.staging.appending(path: "half.html"))
        try writer.write([OutputFile(path: "index.html", text: "x")])
        #expect(TestSupport.snapshot(output).keys.sorted() == ["index.html"])
    }
}
