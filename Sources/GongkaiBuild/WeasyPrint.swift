import Foundation

/// The WeasyPrint that `gongkai pdf` renders with, and the Python that runs it. gongkai drives WeasyPrint
/// from a small Python script of its own (`renderer/render.py`, `RenderWorkers`): WeasyPrint is the one
/// renderer here that supports `target-counter()` for the 目录's page numbers (Chromium does not).
///
/// Found, in this order: `GONGKAI_WEASYPRINT` (a `weasyprint` command); the project's own virtual
/// environment, `.venv/bin/weasyprint` beside gongkai (`Installed`), which `scripts/setup.sh` fills with a
/// current WeasyPrint from PyPI; `weasyprint` on PATH (Debian's package — it works, but its WeasyPrint 57
/// subsets the CJK font with fontTools and takes six times as long). The Python is the one the command's
/// `#!` line names: the interpreter that has that WeasyPrint installed.
public struct WeasyPrint: Sendable {
    /// The `weasyprint` command found.
    public let executable: URL
    /// The Python that runs it (from its `#!` line).
    public let python: URL
    /// `renderer/render.py`.
    public let driver: URL
    /// True for the system's WeasyPrint, found on PATH: slower than the project's own.
    public let isFallback: Bool

    public init(executable: URL, python: URL, driver: URL, isFallback: Bool = false) {
        self.executable = executable
        self.python = python
        self.driver = driver
        self.isFallback = isFallback
    }

    /// What to install when it is missing; fonts-noto-cjk because without a CJK font the PDF shows boxes.
    public static let installHint = "scripts/setup.sh（或 apt-get install weasyprint fonts-noto-cjk）"

    public enum FindError: Error, CustomStringConvertible {
        case noWeasyPrint
        case noPython(String)
        case noDriver

        public var description: String {
            switch self {
            case .noWeasyPrint: "找不到 WeasyPrint（weasyprint 命令）。请安装：\(WeasyPrint.installHint)"
            case .noPython(let path): "\(path) 的第一行没有指明能运行它的 Python"
            case .noDriver: "找不到 gongkai 的 PDF 渲染脚本 renderer/render.py（应在 gongkai 程序旁边，见 README「安装」）"
            }
        }
    }

    public static func find(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        installed: (String) -> URL? = Installed.folder
    ) throws(FindError) -> WeasyPrint {
        guard let driver = installed("renderer")?.appending(path: "render.py"),
              FileManager.default.isReadableFile(atPath: driver.path)
        else { throw .noDriver }
        let (command, isFallback) = try command(environment: environment, installed: installed)
        guard let python = interpreter(of: command) else { throw .noPython(command.path) }
        return WeasyPrint(executable: command, python: python, driver: driver, isFallback: isFallback)
    }

    static func command(environment: [String: String], installed: (String) -> URL?) throws(FindError) -> (URL, Bool) {
        let fileManager = FileManager.default
        if let path = environment["GONGKAI_WEASYPRINT"], !path.isEmpty {
            guard fileManager.isExecutableFile(atPath: path) else { throw .noWeasyPrint }
            return (URL(filePath: path), false)
        }
        if let own = installed(".venv/bin")?.appending(path: "weasyprint"), fileManager.isExecutableFile(atPath: own.path) {
            return (own, false)
        }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(filePath: String(folder)).appending(path: "weasyprint")
            if fileManager.isExecutableFile(atPath: candidate.path) { return (candidate, true) }
        }
        throw .noWeasyPrint
    }

    /// The interpreter in a script's `#!` line: `#!/usr/bin/python3`, or `#!/usr/bin/env python3` looked up
    /// on PATH. A virtual environment's python is used as the path written (it is a link to the system's
    /// python, and only through the link does it find the environment's packages).
    static func interpreter(of script: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        guard let handle = try? FileHandle(forReadingFrom: script) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 512)) ?? Data()
        guard head.starts(with: Array("#!".utf8)) else { return nil }
        let line = String(decoding: head.dropFirst(2).prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else { return nil }
        if first.hasSuffix("/env"), let name = words.dropFirst().first(where: { !$0.hasPrefix("-") }) {
            for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
                let candidate = URL(filePath: String(folder)).appending(path: name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            return nil
        }
        return FileManager.default.isExecutableFile(atPath: first) ? URL(filePath: first) : nil
    }

    /// The WeasyPrint version and a digest of the installed fonts, as `render.py --identify` reports them
    /// (without loading WeasyPrint), e.g. `weasyprint 70.0; fonts 3f2a…`: part of every PDF's key in the
    /// manifest, so a new WeasyPrint or new fonts make every PDF again. Started now, its answer read
    /// later: `gongkai pdf` starts it before the build, so the tenth of a second Python takes passes while
    /// the site is written.
    public final class Identification: @unchecked Sendable {
        // @unchecked Sendable: the process and pipes are used by the one thread that calls `result`.
        private let process = Process()
        private let output = Pipe(), errors = Pipe()
        private let python: String
        private var failure: String?

        public init(_ weasyPrint: WeasyPrint) {
            python = weasyPrint.python.path
            process.executableURL = weasyPrint.python
            process.arguments = [weasyPrint.driver.path, "--identify"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = errors
            do { try process.run() } catch { failure = error.localizedDescription }
        }

        /// What every PDF is made with: WeasyPrint's version and the fonts, as one key.
        public func result() throws(PdfError) -> String {
            try answer().key
        }

        /// Whether the renderer can join a catalogue laid out in parts (it has pikepdf and uharfbuzz, which
        /// scripts/setup.sh installs into .venv/; Debian's Python has neither).
        public func canJoinParts() throws(PdfError) -> Bool {
            try answer().canJoin
        }

        private var answered: (key: String, canJoin: Bool)?

        private func answer() throws(PdfError) -> (key: String, canJoin: Bool) {
            if let answered { return answered }
            if let failure { throw .rendererFailed(python, failure) }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let messages = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let version = object["weasyprint"] as? String, let fonts = object["fonts"] as? String
            else {
                failure = PdfRenderer.summary(of: String(decoding: messages, as: UTF8.self), status: process.terminationStatus)
                throw .rendererFailed(python, failure ?? "")
            }
            answered = ("weasyprint \(version); fonts \(fonts)", object["book"] as? Bool ?? false)
            return answered!
        }
    }
}
