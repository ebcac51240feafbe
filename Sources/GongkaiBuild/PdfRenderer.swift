import Foundation
import GongkaiModel
import GongkaiSite
import GongkaiUtils

/// Paper for the posters. The print catalogue is always A4.
public enum Paper: String, Sendable, CaseIterable {
    case a3 = "A3"
    case a4 = "A4"
}

/// The second half of `gongkai pdf`: after the build has written the site, WeasyPrint turns its print pages
/// into `print/catalogue.pdf` and `posters/<序号>.pdf` — only those whose sources changed.
///
/// Only what changed: the site's manifest (`PdfManifest`) says what each PDF was made from; a PDF whose
/// page, print stylesheets, WeasyPrint and fonts are unchanged is kept (the build carried it over,
/// `PdfCarryOver`), every other one is rendered, by the renderer processes of `RenderWorkers`.
///
/// Nothing half-written: every PDF is rendered into a staging folder beside the output, and only when all of
/// them succeeded are they moved into the site, each by one rename, and the manifest after them. A failure
/// leaves the site as the build wrote it and reports every file that failed with WeasyPrint's own message.
public struct PdfRenderer: Sendable {
    /// The built site.
    public let output: URL
    public let paper: Paper
    public let weasyPrint: WeasyPrint
    /// The catalogue's parts (nil: it is laid out in one piece, from print/index.html).
    public let book: PrintBook?

    /// `render.py --identify`, if started already (see `WeasyPrint.Identification`).
    let identification: WeasyPrint.Identification?
    /// The renderer processes, if the caller started them already (and stops them).
    let workers: RenderWorkers?
    /// What the build read, for the stamp written with the PDFs (`SiteStamp`); nil: none is written.
    let stamp: SiteStamp.Inputs?

    public init(
        output: URL, paper: Paper, weasyPrint: WeasyPrint, book: PrintBook? = nil,
        identification: WeasyPrint.Identification? = nil, workers: RenderWorkers? = nil, stamp: SiteStamp.Inputs? = nil
    ) {
        // Where the build put the site: through a symbolic link given as --output, the folder it points to.
        self.output = URL(filePath: OutputPath.resolved(output.standardizedFileURL.path))
        self.paper = paper
        self.weasyPrint = weasyPrint
        self.book = book
        self.identification = identification
        self.workers = workers
        self.stamp = stamp
    }

    public struct Report: Sendable {
        /// Pages of print/catalogue.pdf (nil if they could not be counted).
        public var cataloguePages: Int?
        /// When the catalogue was made from its parts: how many were laid out in this run, of how many.
        public var catalogueParts: (laidOut: Int, total: Int, appended: Bool)?
        /// Poster PDFs in the site, by path relative to the output.
        public var posters: [String]
        /// The PDFs rendered in this run (the others were up to date).
        public var rendered: [String]
        /// Posters set smaller than the build chose so that they fit one page, and any that still run over.
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

    var staging: URL { output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).pdf-staging") }
    var assets: URL { output.appending(path: PrintSources.assets) }

    public func render() throws(PdfError) -> Report {
        try run(ifCurrent: nil)!.report
    }

    /// The report of a site that is as the last run left it, built from `inputs` (`SiteStamp`), and whose
    /// every PDF is up to date, with its stamp; nil (and nothing done) otherwise.
    public func reportIfCurrent(inputs: SiteStamp.Inputs) throws(PdfError) -> (report: Report, stamp: SiteStamp)? {
        // No stamp, nothing to ask (and perhaps no site yet, nor a folder to lock it in).
        guard SiteFile.identity(folder: output.path, path: SiteStamp.fileName) != nil,
              let (report, stamp) = try run(ifCurrent: inputs), let stamp
        else { return nil }
        return (report, stamp)
    }

    private func run(ifCurrent inputs: SiteStamp.Inputs?) throws(PdfError) -> (report: Report, stamp: SiteStamp?)? {
        // The same lock as a build's: no build replaces the site while its pages are read and its PDFs
        // moved in, and two `pdf` runs do not share the staging folder.
        let lock: OutputLock
        do { lock = try OutputLock(output: output.path) } catch { throw .io(output.path, error) }
        defer { lock.release() }
        // Asked under the lock: a build may not replace the site between the question and the answer.
        var current: SiteStamp?
        if let inputs {
            current = SiteStamp.current(output: output, inputs: inputs)
            if current == nil { return nil }
        }
        let jobs = try makeJobs()
        let renderer = try rendererKey()
        let sources = PrintSources(site: output.path)
        let old = PdfManifest.load(from: output.path)
        var manifest = PdfManifest()
        var stale: [(job: Job, sources: String, page: SiteFile.Identity)] = []
        var catalogueParts: (laidOut: Int, total: Int, appended: Bool)?
        for job in jobs {
            guard let (digest, page) = sources.digest(ofPage: job.html, known: old.entries[job.pdf]) else {
                throw .missing(output.appending(path: job.html).path)
            }
            // Up to date: same page and stylesheets, same renderer, and the PDF the one recorded (a build
            // checked its bytes when it carried it over; a file touched since is made again).
            if let entry = old.entries[job.pdf], entry.html == job.html, entry.sources == digest, entry.renderer == renderer,
               let identity = SiteFile.identity(folder: output.path, path: job.pdf), entry.file == nil || entry.file == identity {
                manifest.entries[job.pdf] = entry
            } else {
                stale.append((job, digest, page))
            }
        }
        if inputs != nil && !stale.isEmpty { return nil }
        if !stale.isEmpty {
            let workers = self.workers ?? RenderWorkers(weasyPrint: weasyPrint)
            workers.start()
            defer { if self.workers == nil { workers.stop() } }
            try prepareStaging()
            defer { RemoveTree.remove(staging.path) }
            var answers: [RenderWorkers.Answer]
            if let book, let catalogue = stale.firstIndex(where: { $0.job.pdf == SiteOutputs.printCataloguePDF }),
               try (identification ?? WeasyPrint.Identification(weasyPrint)).canJoinParts() {
                // The catalogue from its parts, the stale posters laid out alongside its body parts.
                let others = stale.indices.filter { $0 != catalogue }
                let assembly = BookRenderer(
                    book: book, cache: PartCache(output: output), base: output.appending(path: SiteOutputs.printCatalogue).path,
                    key: renderer + "; assets " + sources.assetsDigest)
                let result: BookRenderer.Result, posters: [RenderWorkers.Answer]
                do {
                    (result, posters) = try assembly.render(
                        workers: workers, alongside: others.map { request(for: stale[$0].job, fitted: old.lastDensity(of: stale[$0].job.pdf)) },
                        output: staging.appending(path: SiteOutputs.printCataloguePDF).path)
                } catch {
                    throw .weasyPrintFailed([PdfError.Failure(file: output.appending(path: SiteOutputs.printCatalogue).path, message: error.message)])
                }
                answers = Array(repeating: RenderWorkers.Answer(), count: stale.count)
                answers[catalogue] = RenderWorkers.Answer(pages: result.pages)
                for (position, other) in others.enumerated() { answers[other] = posters[position] }
                catalogueParts = (result.laidOut, result.total, result.appended)
            } else {
                answers = workers.run(stale.map { request(for: $0.job, fitted: old.lastDensity(of: $0.job.pdf)) })
            }
            let failures = zip(stale, answers).compactMap { item, answer in
                answer.error.map { PdfError.Failure(file: output.appending(path: item.job.html).path, message: $0) }
            }
            guard failures.isEmpty else { throw .weasyPrintFailed(failures) }
            for (item, answer) in zip(stale, answers) {
                guard let bytes = SiteFile.read(folder: staging.path, path: item.job.pdf) else {
                    throw .io(staging.appending(path: item.job.pdf).path, POSIXError(.EIO))
                }
                manifest.entries[item.job.pdf] = PdfManifest.Entry(
                    html: item.job.html, sources: item.sources, page: item.page, assets: sources.assetsDigest,
                    renderer: renderer, pdf: SiteFile.digest(bytes),
                    pages: answer.pages ?? 0, chosen: answer.chosen, density: answer.density, fit: answer.fit ?? false)
            }
            try moveIntoSite(stale.map(\.job.pdf))
            for item in stale { manifest.entries[item.job.pdf]?.file = SiteFile.identity(folder: output.path, path: item.job.pdf) }
        }
        if manifest != old {
            do { try manifest.write(to: output.path) } catch { throw .io(output.path, error) }
        }
        // Under the same lock as the PDFs: the site as this run leaves it.
        if let stamp {
            do { try SiteStamp.write(output: output.path, inputs: stamp) } catch { throw .io(output.path, error) }
        }

        let posters = jobs.filter(\.isPoster).map(\.pdf)
        let report = Report(
            cataloguePages: manifest.entries[SiteOutputs.printCataloguePDF]?.pages,
            catalogueParts: catalogueParts,
            posters: posters,
            rendered: stale.map(\.job.pdf),
            tightened: posters.filter { pdf in
                guard let entry = manifest.entries[pdf] else { return false }
                return entry.fit || entry.density != entry.chosen
            },
            overflowing: posters.filter { (manifest.entries[$0]?.pages ?? 1) > 1 })
        return (report, current)
    }

    /// What every PDF of this run is made with besides its page: WeasyPrint, fonts, the paper, and the driver
    /// scripts (render.py and the modules beside it: a change to how they render makes every PDF again).
    func rendererKey() throws(PdfError) -> String {
        let folder = weasyPrint.driver.deletingLastPathComponent().path
        let script = SiteFile.folderDigest(folder, include: { $0.hasSuffix(".py") }, contents: { try? Data(contentsOf: URL(filePath: $0)) })
            .prefix(16)
        let identity = try (identification ?? WeasyPrint.Identification(weasyPrint)).result()
        return identity + "; paper \(paper.rawValue); driver \(script)"
    }

    /// - Parameter fitted: a poster's density when it was last made, where render.py starts looking for the
    ///   one that fits now.
    func request(for job: Job, fitted: Int? = nil) -> RenderWorkers.Request {
        let fit = assets.appending(path: "poster-fit.css")
        return RenderWorkers.Request(
            html: output.appending(path: job.html).path, pdf: staging.appending(path: job.pdf).path,
            stylesheets: job.stylesheets.map(\.path),
            smallest: job.isPoster ? SiteOutputs.smallestPosterDensity : nil,
            fit: job.isPoster && FileManager.default.fileExists(atPath: fit.path) ? fit.path : nil,
            fitted: job.isPoster ? fitted : nil)
    }

    /// A fresh staging folder, marked like a build's, so a leftover one is known to be ours and cleared.
    func prepareStaging() throws(PdfError) {
        do {
            try OutputSwitch.clearLeftover(staging.path)
            guard mkdir(staging.path, 0o755) == 0 else { throw WriteError.io(staging.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
            let marker = open(staging.path + "/" + OutputWriter.marker, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if marker >= 0 { close(marker) }
            for folder in ["print", "posters"] where mkdir(staging.path + "/" + folder, 0o755) != 0 {
                throw WriteError.io(staging.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
        } catch {
            throw .io(staging.path, error)
        }
    }

    /// Each PDF into the site by one rename, without following a link: the output, `print/` and `posters/`
    /// are opened with `O_NOFOLLOW`, so a link put in the site cannot send a PDF (or its rename) elsewhere.
    func moveIntoSite(_ paths: [String]) throws(PdfError) {
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        var opened: [String: (from: Int32, to: Int32)] = [:]
        defer { for pair in opened.values { close(pair.from); close(pair.to) } }
        let site = open(output.path, flags), stage = open(staging.path, flags)
        defer { if site >= 0 { close(site) }; if stage >= 0 { close(stage) } }
        guard site >= 0, stage >= 0 else { throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        for path in paths {
            let slash = path.lastIndex(of: "/")!
            let folder = String(path[..<slash]), name = String(path[path.index(after: slash)...])
            if opened[folder] == nil {
                let from = openat(stage, folder, flags), to = openat(site, folder, flags)
                guard from >= 0, to >= 0 else {
                    let code = errno
                    if from >= 0 { close(from) }
                    if to >= 0 { close(to) }
                    throw .io(output.appending(path: folder).path, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
                }
                opened[folder] = (from, to)
            }
            if renameat(opened[folder]!.from, name, opened[folder]!.to, name) != 0 {
                throw .io(output.appending(path: path).path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
        }
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
    case rendererFailed(String, String)
    case missing(String)
    case io(String, any Error)

    public var description: String {
        switch self {
        case .weasyPrintFailed(let failures):
            return failures.map { "WeasyPrint 无法生成 \($0.file) 的 PDF：\n\($0.message)" }.joined(separator: "\n\n")
                + "\n没有写入任何 PDF。"
        case .rendererFailed(let python, let message):
            return "无法运行 PDF 渲染程序（\(python)）：\(message)"
        case .missing(let path):
            return "找不到 \(path)：主题里缺少打印用的文件，或网站没有生成"
        case .io(let path, let error):
            return "无法写入 \(path)：\(error.localizedDescription)"
        }
    }
}
