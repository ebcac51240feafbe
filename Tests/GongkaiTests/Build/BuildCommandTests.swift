import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiSite
@testable import GongkaiUtils

/// `gongkai build --timings` and `--quiet`, through the real executable.
@Suite struct BuildCommandTests {
    @Test func timingsListEveryStageAndThePageCount() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let result = try TestSupport.run(["build", "--output", output.path, "--timings"])
        #expect(result.status == 0, "\(result.stderr)")
        for stage in ["读取", "校验", "Markdown", "渲染", "写入"] {
            let line = result.stdout.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(stage) }
            #expect(line?.hasSuffix(" ms") == true, "\(stage): \(result.stdout)")
        }
        #expect(result.stdout.contains("18 个页面，31 个文件"), "\(result.stdout)")
    }

    @Test func quietPrintsNothingButStillBuilds() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let result = try TestSupport.run(["build", "--output", output.path, "--quiet"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "matters/2.1/index.html").path))
    }

    @Test func noProgressLineWhenNotATerminal() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let result = try TestSupport.run(["build", "--output", output.path])
        #expect(!result.stderr.contains("生成中") && !result.stderr.contains("\r"))
    }

    @Test func quietStillReportsContentErrors() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        let file = try #require(FileManager.default.contentsOfDirectory(atPath: content.appending(path: "matters").path).first)
        TestSupport.write("---\n名称: [\n---\n", to: content.appending(path: "matters/\(file)"))
        let result = try TestSupport.run(["build", "--content", content.path, "--output",
                                          TestSupport.temporaryFolder().appending(path: "public").path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("matters/\(file):"), "\(result.stderr)")
    }
}

@Suite struct ParallelBuildTests {
    @Test func parallelMapKeepsOrder() {
        let squares = Parallel.map(10_000) { $0 * $0 }
        #expect(squares == (0..<10_000).map { $0 * $0 })
        #expect(Parallel.map(0) { $0 }.isEmpty)
        #expect(Parallel.map(1) { $0 + 1 } == [1])
    }

    /// Markdown converted ahead is the same HTML as converted on the spot.
    @Test func markdownStageMatchesDirectConversion() throws {
        let catalogue = try Pipeline(options: BuildOptions(
            content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)
        ).loadCatalogue()
        let markdown = MarkdownHTML(catalogue)
        for matter in catalogue.matters {
            for basis in matter.legalBasis {
                if let text = basis.text { #expect(markdown.html(text) == Markdown.html(text)) }
                if let text = basis.text { #expect(markdown.hasConverted(text), "converted ahead, not on lookup") }
            }
            if !matter.body.isEmpty {
                #expect(markdown.html(matter.body) == Markdown.html(matter.body))
                #expect(markdown.hasConverted(matter.body))
            }
            for line in matter.responsibilities {
                #expect(markdown.inlineHTML(line) == Markdown.inlineHTML(line))
                #expect(markdown.hasConverted(line))
            }
        }
        for policy in catalogue.policies {
            #expect(markdown.html(policy.body) == Markdown.html(policy.body))
            #expect(markdown.hasConverted(policy.body))
        }
    }

    /// A file that cannot be written stops the stream with its path; the files before it are no help to
    /// anyone, and the caller (the build) drops the staging folder.
    @Test func aFailedWriteNamesTheFile() throws {
        let folder = TestSupport.temporaryFolder()
        let planned = (0..<50).map { index in
            SiteRenderer.PlannedFile(path: "f\(index).html") { OutputFile(path: "f\(index).html", text: "\(index)") }
        }
        var targets = planned.map { folder.appending(path: $0.path).path }
        targets[37] = folder.appending(path: "no-such-folder/f37.html").path
        var timings = BuildTimings()
        #expect(throws: WriteError.self) {
            try RenderAndWrite(planned: planned, targets: targets, progress: nil).run(timings: &timings)
        }
        do {
            try RenderAndWrite(planned: planned, targets: targets, progress: nil).run(timings: &timings)
        } catch {
            #expect(error.description.contains("no-such-folder/f37.html"), "\(error)")
        }
    }

    /// The streaming build writes exactly what the in-memory render makes.
    @Test func writtenSiteEqualsInMemoryRender() throws {
        let output = TestSupport.temporaryFolder().appending(path: "public")
        let options = BuildOptions(content: TestSupport.exampleContent, output: output, theme: TestSupport.defaultTheme)
        let report = try Pipeline(options: options).build()
        let (_, files) = try Pipeline(options: options).renderInMemory()
        var written = TestSupport.snapshot(output)
        written.removeValue(forKey: OutputWriter.marker)
        #expect(written == Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) }))
        #expect(report.files == files.count)
        #expect(report.timings.seconds.keys.count == BuildTimings.Stage.allCases.count)
    }
}
