import Foundation
import Testing
@testable import GongkaiBuild

/// Real `gongkai build` processes into one output (issue 18): two at once shared the staging folder, and
/// one could exit 0 having published a mix of both sites, or a folder without its marker.
@Suite struct ConcurrentBuildTests {
    /// Twenty pairs of builds of two different sites into one output, each pair started together: after
    /// each pair the output is exactly one of the two sites, with its marker, and nothing is left beside it.
    @Test(.timeLimit(.minutes(5))) func concurrentBuildsOfOneOutputNeverMix() throws {
        let folder = TestSupport.temporaryFolder()
        let sites = [TestSupport.exampleContent, TestSupport.minimalSite]
        var references: [[String: Data]] = []
        for (index, content) in sites.enumerated() {
            let reference = folder.appending(path: "reference\(index)")
            let result = try TestSupport.run(["build", "--content", content.path, "--output", reference.path])
            #expect(result.status == 0, "\(result.stderr)")
            references.append(TestSupport.snapshot(reference))
        }
        #expect(references[0] != references[1])
        let output = folder.appending(path: "shared/public")
        for pair in 0..<20 {
            let processes = sites.map { content in
                let process = Process()
                process.executableURL = TestSupport.executable
                process.arguments = ["build", "--content", content.path, "--output", output.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == [0, 0], "pair \(pair)")
            let published = TestSupport.snapshot(output)
            #expect(published == references[0] || published == references[1], "pair \(pair): a mix of both sites")
            #expect(FileManager.default.fileExists(atPath: output.appending(path: OutputWriter.marker).path), "pair \(pair)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path) == ["public"], "pair \(pair)")
        }
    }

    /// A non-empty folder its user cannot list (mode 0300) was taken as empty and replaced. As root, mode
    /// bits do not stop listing, so the build runs as `nobody` (through setpriv) over a folder `nobody`
    /// owns; as any other user, directly.
    @Test func refusesAFolderItCannotRead() throws {
        let isRoot = getuid() == 0
        let setpriv = "/usr/bin/setpriv"
        guard !isRoot || FileManager.default.isExecutableFile(atPath: setpriv) else { return }
        let folder = TestSupport.temporaryFolder()
        #expect(chmod(folder.path, 0o755) == 0)
        let content = folder.appending(path: "content")
        try FileManager.default.copyItem(at: TestSupport.minimalSite, to: content)
        let parent = folder.appending(path: "out")
        let output = parent.appending(path: "public")
        TestSupport.write("precious", to: output.appending(path: "thesis.docx"))
        if isRoot {
            for path in [parent, output, output.appending(path: "thesis.docx")] {
                #expect(chown(path.path, 65534, 65534) == 0)
            }
        }
        #expect(chmod(output.path, 0o300) == 0)
        defer { chmod(output.path, 0o755) }
        let arguments = ["build", "--content", content.path, "--theme", TestSupport.defaultTheme.path, "--output", output.path]
        let process = Process()
        process.executableURL = isRoot ? URL(filePath: setpriv) : TestSupport.executable
        process.arguments = isRoot
            ? ["--reuid=65534", "--regid=65534", "--clear-groups", TestSupport.executable.path] + arguments : arguments
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "\(stderr)")
        #expect(stderr.contains("无法读取"), "\(stderr)")
        chmod(output.path, 0o755)
        #expect(TestSupport.read(output.appending(path: "thesis.docx")) == "precious")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["thesis.docx"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["public"])
    }
}
