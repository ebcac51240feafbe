import Foundation
import GongkaiModel
import GongkaiUtils

/// Paper for the posters. The print catalogue is always A4.
public enum Paper: String, Sendable, CaseIterable {
    case a3 = "A3"
    case a4 = "A4"
}

/// The second half of `gongkai pdf`: after the build has written the site, WeasyPrint turns its print pages
/// into `print/catalogue.pdf` and `posters/<序号>.pdf`.
///
/// Nothing half-written: every PDF is rendered into a staging folder beside the output, and only when all of
/// them succeeded are they moved into the site, each by one rename. A failure leaves the site as the build
/// wrote it, without PDFs, and reports every file that failed with WeasyPrint's own message.
public struct PdfRenderer: Sendable {
    /// The built site.
    public let output: URL
    public let paper: Paper
    public let weasyPrint: WeasyPrint

    public init(output: URL, paper: Paper, weasyPrint: WeasyPrint) {
        self.output = output.standardizedFileURL
        self.paper = paper
        self.weasyPrint = weasyPrint
    }

    public struct Report: Sendable {
        /// Pages of print/catalogue.pdf (nil if they could not be counted).
        public var cataloguePages: Int?
        /// Poster PDFs written, by path relative to the output.
        public var posters: [String]
        /// Posters that needed the tighter fit stylesheet, and any that still run over one page.
        public var tightened: [String]
        public var overflowing: [String]
    }

    /// One PDF to make.
    struct Job: Sendable {
        let html: String
        let pdf: String
        let stylesheets: [URL]
        let isPoster: Bool
    }

    struct Outcome: Sendable {
        var pages: Int?
        var tightened = false
        var failure: String?
    }

    var staging: URL { output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).pdf-staging") }
    var assets: URL { output.appending(path: "assets/print") }

    public func render() throws(PdfError) -> Report {
        let jobs = try makeJobs()
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: staging)
        for folder in ["print", "posters"] {
            do {
                try fileManager.createDirectory(at: staging.appending(path: folder), withIntermediateDirectories: true)
            } catch {
                throw .io(staging.path, error)
            }
        }
        defer { try? fileManager.removeItem(at: staging) }

        let outcomes = run(jobs)
        let failures = zip(jobs, outcomes).compactMap { job, outcome in
            outcome.failure.map { PdfError.Failure(file: output.appending(path: job.html).path, message: $0) }
        }
        guard failures.isEmpty else { throw .weasyPrintFailed(failures) }

        for job in jobs {
            let target = output.appending(path: job.pdf)
            if rename(staging.appending(path: job.pdf).path, target.path) != 0 {
                throw .io(target.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
        }
        let posters = zip(jobs, outcomes).filter { $0.0.isPoster }
        return Report(
            cataloguePages: outcomes.first?.pages,
            posters: posters.map(\.0.pdf),
            tightened: posters.filter(\.1.tightened).map(\.0.pdf),
            overflowing: posters.filter { ($0.1.pages ?? 1) > 1 }.map(\.0.pdf))
    }

    /// The catalogue first (it is the longest job), then the posters the build wrote, in 序号 order.
    func makeJobs() throws(PdfError) -> [Job] {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.appending(path: SiteOutputs.printCatalogue).path) else {
            throw .missing(output.appending(path: SiteOutputs.printCatalogue).path)
        }
        var paperSheets: [URL] = []
        if paper == .a4 {
            let sheet = assets.appending(path: "poster-a4.css")
            guard fileManager.fileExists(atPath: sheet.path) else { throw .missing(sheet.path) }
            paperSheets.append(sheet)
        }
        let names = (try? fileManager.contentsOfDirectory(atPath: output.appending(path: "posters").path)) ?? []
        let numbers = names.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(".html".count)) }
            .sorted { Matter.sortKey($0).lexicographicallyPrecedes(Matter.sortKey($1)) }
        return [Job(html: SiteOutputs.printCatalogue, pdf: SiteOutputs.printCataloguePDF, stylesheets: [], isPoster: false)]
            + numbers.map {
                Job(html: SiteOutputs.poster($0), pdf: SiteOutputs.posterPDF($0), stylesheets: paperSheets, isPoster: true)
            }
    }

    /// Runs the jobs in parallel, as many at once as there are processor cores (`Parallel.map` never runs
    /// more): each WeasyPrint is a single-threaded process that spends seconds subsetting the CJK fonts.
    func run(_ jobs: [Job]) -> [Outcome] {
        Parallel.map(jobs.count) { run(jobs[$0]) }
    }

    /// One PDF; a poster that comes out longer than one page is rendered again with poster-fit.css.
    func run(_ job: Job) -> Outcome {
        let html = output.appending(path: job.html)
        let pdf = staging.appending(path: job.pdf)
        var outcome = Outcome()
        var sheets = job.stylesheets
        while true {
            let (status, messages) = weasyPrint.render(html, to: pdf, userStylesheets: sheets)
            guard status == 0, let data = try? Data(contentsOf: pdf) else {
                outcome.failure = Self.summary(of: messages, status: status)
                return outcome
            }
            outcome.pages = PDFPageCount.count(data)
            let fit = assets.appending(path: "poster-fit.css")
            guard job.isPoster, (outcome.pages ?? 1) > 1, !outcome.tightened,
                  FileManager.default.fileExists(atPath: fit.path) else { return outcome }
            outcome.tightened = true
            sheets.append(fit)
        }
    }

    /// The last lines WeasyPrint wrote: its error, without the Python traceback above it.
    static func summary(of messages: String, status: Int32) -> String {
        let lines = messages.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("  ") && !$0.hasPrefix("Traceback") }
        let tail = lines.suffix(3).joined(separator: "\n")
        return tail.isEmpty ? "WeasyPrint 退出状态 \(status)" : tail
    }
}

public enum PdfError: Error, CustomStringConvertible {
    public struct Failure: Sendable {
        public let file: String
        public let message: String
    }

    case weasyPrintFailed([Failure])
    case missing(String)
    case io(String, any Error)

    public var description: String {
        switch self {
        case .weasyPrintFailed(let failures):
            return failures.map { "WeasyPrint 无法生成 \($0.file) 的 PDF：\n\($0.message)" }.joined(separator: "\n\n")
                + "\n没有写入任何 PDF。"
        case .missing(let path):
            return "找不到 \(path)：主题里缺少打印用的文件，或网站没有生成"
        case .io(let path, let error):
            return "无法写入 \(path)：\(error.localizedDescription)"
        }
    }
}
