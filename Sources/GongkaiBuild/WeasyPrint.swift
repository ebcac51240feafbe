import Foundation

/// The WeasyPrint executable (Debian package `weasyprint`). gongkai calls the program rather than linking
/// anything: it is Python, and it is the one renderer here that supports `target-counter()` for the 目录's
/// page numbers (Chromium does not).
public struct WeasyPrint: Sendable {
    public let executable: URL

    public init(executable: URL) {
        self.executable = executable
    }

    /// What to install when it is missing; fonts-noto-cjk because without a CJK font the PDF shows boxes.
    public static let installHint = "apt-get install weasyprint fonts-noto-cjk"

    /// `GONGKAI_WEASYPRINT` if set, else `weasyprint` on PATH.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> WeasyPrint? {
        if let path = environment["GONGKAI_WEASYPRINT"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? WeasyPrint(executable: URL(filePath: path)) : nil
        }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(filePath: String(folder)).appending(path: "weasyprint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return WeasyPrint(executable: candidate) }
        }
        return nil
    }

    /// Renders one HTML file to PDF. Relative links (stylesheets) resolve against the HTML file's own folder.
    /// - Parameter userStylesheets: passed with `-s`; they override the page's own only with `!important`.
    /// - Returns: WeasyPrint's exit status and what it wrote to standard error.
    func render(_ html: URL, to pdf: URL, userStylesheets: [URL] = []) -> (status: Int32, messages: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = userStylesheets.flatMap { ["-s", $0.path] } + [html.path, pdf.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return (-1, "\(error.localizedDescription)")
        }
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Pages in a PDF, counted from its page objects (`/Type /Page`), which WeasyPrint writes uncompressed; nil
/// when none are found (a PDF with compressed object streams), so callers skip checks they cannot make.
enum PDFPageCount {
    static func count(_ data: Data) -> Int? {
        let text = String(decoding: data, as: Unicode.ASCII.self)
        let count = text.matches(of: /\/Type\s*\/Page(?![a-zA-Z])/).count
        return count > 0 ? count : nil
    }
}
