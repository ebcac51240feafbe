import Foundation
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// What `gongkai pdf` wrote into a site, kept in the site as `.gongkai-pdf.json`: for each PDF, a hash of
/// what it was made from (its HTML and the print stylesheets), the renderer it was made with (WeasyPrint
/// version, fonts, paper), and a hash of the PDF itself. With it a run renders only the PDFs whose sources
/// changed, and a build carries a PDF over into the new site only when it is provably the one gongkai
/// wrote (same bytes) for the same sources.
public struct PdfManifest: Codable, Equatable {
    static let fileName = ".gongkai-pdf.json"
    static let currentVersion = 1

    struct Entry: Codable, Equatable {
        /// The page the PDF was made from, relative to the site (`print/index.html`, `posters/<序号>.html`).
        var html: String
        /// `PrintSources.digest(ofPage:)` of that page.
        var sources: String
        /// The page's file identity and the print assets' digest when `sources` was computed: while both are
        /// the same, so is `sources`, and a run need not read the page again.
        var page: SiteFile.Identity?
        var assets: String?
        /// `PdfRenderer.rendererKey`: WeasyPrint version, fonts, paper, the driver script.
        var renderer: String
        /// SHA-256 of the PDF's bytes as written.
        var pdf: String
        /// The PDF file's identity when it was last written or carried over: while it is the same, the
        /// file is the one hashed, and a build need not read it again.
        var file: SiteFile.Identity?
        var pages: Int
        /// A poster's density class as the build chose it, the one it was set at in the end (larger when it
        /// had to be stepped down to fit one page), and whether it needed poster-fit.css too.
        var chosen: Int?
        var density: Int?
        var fit: Bool
    }

    var version = Self.currentVersion
    /// By the PDF's path in the site (`print/catalogue.pdf`, `posters/<序号>.pdf`).
    var entries: [String: Entry] = [:]
    /// The density each poster a build did not carry over (its page changed) was set at: where the next
    /// `pdf` starts looking for the one that fits (`PdfRenderer.request(for:last:)`). A guess, not a file.
    var densities: [String: Int]?

    init(entries: [String: Entry] = [:], densities: [String: Int]? = nil) {
        self.entries = entries
        self.densities = densities
    }

    /// Where the poster `pdf` fitted when it was last made, from its entry or, after a build that did not
    /// carry it over, from `densities`; nil after poster-fit.css or when not known.
    func lastDensity(of pdf: String) -> Int? {
        if let entry = entries[pdf] { return entry.fit ? nil : entry.density }
        return densities?[pdf]
    }

    /// Whether every PDF of `output` is likely up to date: its manifest is there and no file under `sources`
    /// (the content and theme folders) was modified after it. A guess, for starting the renderer processes
    /// early (`gongkai pdf` starts them while the site builds, unless nothing is likely to be rendered, when
    /// loading them would only slow the build down); what is rendered is decided by the manifest afterwards.
    /// Files only (a removed file is not seen: the guess is then wrong the slow way, nothing more), read
    /// with readdir and fstatat: Foundation's enumerator took 40 ms of the 0.5 s of an up-to-date
    /// 1,000-matter run (docs/performance.md, 2026-12-06).
    public static func isLikelyCurrent(output: URL, sources: [URL]) -> Bool {
        var status = stat()
        guard lstat(output.path + "/" + fileName, &status) == 0 else { return false }
        let written = SiteFile.Identity(status).modified
        return sources.allSatisfy { folder in
            let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return false }
            defer { close(descriptor) }
            return SiteFile.files(in: descriptor, hidden: false).allSatisfy { $0.identity.modified <= written }
        }
    }

    /// The manifest in the site folder `folder`; empty when there is none or it cannot be read as one
    /// (then every PDF is made again, and none is carried over: nothing unproven is kept).
    static func load(from folder: String) -> PdfManifest {
        guard let data = SiteFile.read(folder: folder, path: fileName),
              let manifest = try? JSONDecoder().decode(PdfManifest.self, from: data),
              manifest.version == currentVersion
        else { return PdfManifest() }
        return manifest
    }

    /// Written beside, then renamed over the old one: never half a manifest.
    func write(to folder: String) throws(WriteError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw .io(folder + "/" + Self.fileName, error) }
        try SiteFile.writeWhole(data, folder: folder, name: Self.fileName)
    }

}

/// What a print page's PDF is made of, as one hash: the page's HTML and every file of the theme's print
/// assets (assets/print/: the stylesheets the pages link and the ones `gongkai pdf` adds). Fonts and the
/// WeasyPrint version are the renderer's part (`PdfRenderer.rendererKey`).
struct PrintSources {
    static let assets = "assets/print"

    let site: String
    /// Every file of assets/print/, names and bytes, as one hash.
    let assetsDigest: String

    init(site: String) {
        self.site = site
        assetsDigest = SiteFile.folderDigest(site + "/" + Self.assets)
    }

    /// The hash of the page at `html` (relative to the site) with the print assets, and the page's file
    /// identity; nil if it cannot be read. What `known` recorded, without reading the page, when its file
    /// and the assets are the ones it was computed from.
    func digest(ofPage html: String, known: PdfManifest.Entry? = nil) -> (sources: String, page: SiteFile.Identity)? {
        if let known, known.html == html, known.assets == assetsDigest, let page = known.page,
           SiteFile.identity(folder: site, path: html) == page {
            return (known.sources, page)
        }
        guard let (file, status) = SiteFile.open(folder: site, path: html) else { return nil }
        defer { close(file) }
        guard let data = SiteFile.read(file, size: Int(status.st_size)) else { return nil }
        var hash = SHA256()
        data.withUnsafeBytes { hash.update(buffer: $0) }
        hash.update(Array(assetsDigest.utf8))
        return (hash.finalize(), SiteFile.Identity(status))
    }
}
