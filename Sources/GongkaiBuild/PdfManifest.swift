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
struct PdfManifest: Codable, Equatable {
    static let fileName = ".gongkai-pdf.json"
    static let currentVersion = 1

    struct Entry: Codable, Equatable {
        /// The page the PDF was made from, relative to the site (`print/index.html`, `posters/<序号>.html`).
        var html: String
        /// `PrintSources.digest(ofPage:)` of that page.
        var sources: String
        /// `PdfRenderer.rendererKey`: WeasyPrint version, fonts, paper, the driver script.
        var renderer: String
        /// SHA-256 of the PDF's bytes as written.
        var pdf: String
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

    init(entries: [String: Entry] = [:]) {
        self.entries = entries
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
        let partial = folder + "/" + Self.fileName + ".part"
        unlink(partial)
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(partial, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == data.count, rename(partial, folder + "/" + Self.fileName) == 0 else {
            let code = errno
            unlink(partial)
            throw .io(folder + "/" + Self.fileName, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
    }
}

/// What a print page's PDF is made of, as one hash: the page's HTML and every file of the theme's print
/// assets (assets/print/: the stylesheets the pages link and the ones `gongkai pdf` adds). Fonts and the
/// WeasyPrint version are the renderer's part (`PdfRenderer.rendererKey`).
struct PrintSources {
    static let assets = "assets/print"

    let site: String
    private let assetsDigest: String

    init(site: String) {
        self.site = site
        var hash = SHA256()
        let folder = site + "/" + Self.assets
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        for name in names {
            hash.update(Array(name.utf8) + [0])
            if let data = SiteFile.read(folder: folder, path: name) {
                data.withUnsafeBytes { hash.update(buffer: $0) }
            }
            hash.update([0])
        }
        assetsDigest = hash.finalize()
    }

    /// The hash of the page at `html` (relative to the site) with the print assets; nil if it cannot be read.
    func digest(ofPage html: String) -> String? {
        guard let data = SiteFile.read(folder: site, path: html) else { return nil }
        var hash = SHA256()
        data.withUnsafeBytes { hash.update(buffer: $0) }
        hash.update(Array(assetsDigest.utf8))
        return hash.finalize()
    }
}

/// Reading a file gongkai wrote into a site, never through a symbolic link: each folder on the way and the
/// file itself are opened with `O_NOFOLLOW`, and only a regular file is read.
enum SiteFile {
    static func read(folder: String, path: String) -> Data? {
        var current = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard current >= 0 else { return nil }
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else { close(current); return nil }
        for folderName in parts.dropLast() {
            let next = openat(current, folderName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(current)
            guard next >= 0 else { return nil }
            current = next
        }
        let file = openat(current, parts.last!, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        close(current)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        var data = Data(count: Int(status.st_size))
        var offset = 0
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            while offset < buffer.count {
                let got = Glibc.read(file, buffer.baseAddress! + offset, buffer.count - offset)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { return false }
                offset += got
            }
            return true
        }
        return complete ? data : nil
    }

    /// Whether `path` in `folder` is a regular file (not a link to one).
    static func isRegularFile(folder: String, path: String) -> Bool {
        var status = stat()
        return lstat(folder + "/" + path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// SHA-256 of a file's bytes.
    static func digest(_ data: Data) -> String {
        var hash = SHA256()
        data.withUnsafeBytes { hash.update(buffer: $0) }
        return hash.finalize()
    }
}
