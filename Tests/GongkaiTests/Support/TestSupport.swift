import Foundation
@testable import GongkaiBuild
@testable import GongkaiModel
@testable import GongkaiSite
@testable import MustacheTemplates

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let exampleContent = packageRoot.appending(path: "content")
    static let defaultTheme = packageRoot.appending(path: "themes/default")
    static let fixtures = packageRoot.appending(path: "Tests/GongkaiTests/Fixtures")
    static let minimalSite = fixtures.appending(path: "sites/minimal")

    /// The gongkai executable SwiftPM built beside the test bundle (or `GONGKAI_BIN`).
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["GONGKAI_BIN"] { return URL(filePath: path) }
        let testBinary = URL(filePath: CommandLine.arguments[0]).standardizedFileURL
        var folder = testBinary.deletingLastPathComponent()
        // On Linux the runner is `.build/<config>/<name>.xctest`; elsewhere it may sit inside a bundle.
        while !FileManager.default.fileExists(atPath: folder.appending(path: "gongkai").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appending(path: "gongkai")
    }

    /// A new empty folder under the system temporary folder.
    static func temporaryFolder(_ name: String = "gongkai-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A writable copy of a content folder.
    static func copy(_ folder: URL) -> URL {
        let target = temporaryFolder("content")
        try? FileManager.default.removeItem(at: target)
        try! FileManager.default.copyItem(at: folder, to: target)
        return target
    }

    static func write(_ text: String, to file: URL) {
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: file)
    }

    static func read(_ file: URL) -> String {
        (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    struct RunResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the gongkai executable with arguments, from the package root; `environment` adds to (or, with
    /// an empty value, clears) variables of this process's environment.
    static func run(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:]) throws -> RunResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
                .filter { !$0.value.isEmpty }
        }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Every file of a folder with its contents, to compare two outputs or prove one untouched.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for (path, url) in Theme.files(in: folder, ending: "") {
            files[path] = try? Data(contentsOf: url)
        }
        return files
    }

    /// Builds a content folder with the default theme into a new folder; returns the folder.
    static func build(content: URL = exampleContent, theme: URL = defaultTheme) throws -> URL {
        let output = temporaryFolder("public").appending(path: "public")
        _ = try Pipeline(options: BuildOptions(content: content, output: output, theme: theme)).build()
        return output
    }

    /// The text of an HTML page as a reader sees it: tags dropped, entities decoded, all whitespace removed
    /// (Chinese text has no spaces between words, and HTML may break lines anywhere).
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in ["<script[\\s\\S]*?</script>", "<style[\\s\\S]*?</style>", "<[^>]+>"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let entities = ["&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&amp;": "&"]
        for (entity, character) in entities { text = text.replacingOccurrences(of: entity, with: character) }
        return text.filter { !$0.isWhitespace }
    }
}

// Conveniences for tests: a build writes pages from `RenderedBytes` and catalogue.json from its bytes.
extension TemplateSet {
    /// The named template over `context` as an array, or nil if there is no such template.
    func render(_ name: String, context: Any) -> [UInt8]? {
        renderedBytes(name, context: context)?.withBytes { Array($0) }
    }
}

extension OpenData {
    static func json(for catalogue: Catalogue) -> Data {
        Data(jsonBytes(for: catalogue))
    }
}
