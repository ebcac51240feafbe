import Foundation
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// Where `gongkai pdf` keeps the print catalogue's parts between runs: `.<output>.pdf-parts/` beside the
/// output (so a build, which replaces the output, leaves it alone), holding `<key>.pdf` and its sidecar
/// `<key>.json` per part — the key a digest of what the part is made of — and `index.json`, what each part
/// came out as (pages, where its anchors are); and the last book the renderer joined, `book.pdf` with
/// `book.json` (what it was made of), which the next merge may update instead of joining every part again.
///
/// Never anyone else's files: the folder is made with gongkai's marker and used only while it carries it
/// (a folder of that name without it is refused), entries are opened without following links, and only
/// names gongkai gives (`<32 hex digits>.pdf|.json`, and the temporaries the renderer leaves if killed) are
/// ever removed.
struct PartCache {
    let path: String

    struct Part: Codable, Equatable {
        var pages: Int
        var anchors: [String: Int]
    }

    struct Index: Codable {
        static let currentVersion = 1
        var version = Self.currentVersion
        var parts: [String: Part] = [:]
        /// Pages of the front when the book was last made: the first guess of where the body begins.
        var frontPages: Int?
        /// The 目录 row (its matter's anchor) that began each page of the 目录 then: where it is cut into parts.
        var tocPageStarts: [String]?
    }

    init(output: URL) {
        path = output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).pdf-parts").path
    }

    /// The folder, made if missing; refused if something of that name is not gongkai's.
    func open() throws(WriteError) {
        if mkdir(path, 0o755) == 0 {
            let marker = Glibc.open(path + "/" + OutputWriter.marker, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard marker >= 0 else { throw .io(path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
            close(marker)
            return
        }
        guard errno == EEXIST else { throw .io(path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, OutputPath.isMarkerFile(in: path) else {
            throw .leftoverNotOurs(path)
        }
    }

    /// `<key>.pdf` or `<key>.json`, the key 32 hex digits.
    static func isPartName(_ name: String) -> Bool {
        partKey(of: name) != nil && (name.hasSuffix(".pdf") || name.hasSuffix(".json"))
    }

    /// The key a name of the cache belongs to: a part's `<key>.pdf` or `<key>.json`, or the temporary
    /// `<key>.pdf.<pid>.tmp` render.py writes first (left behind only if it was killed).
    static func partKey(of name: String) -> String? {
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let key = pieces.first, key.utf8.count == 32,
              key.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              pieces.count == 2 && ["pdf", "json"].contains(pieces[1])
                || pieces.count == 4 && ["pdf", "json"].contains(pieces[1]) && pieces[3] == "tmp"
                    && !pieces[2].isEmpty && pieces[2].utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        return String(key)
    }

    func pdf(_ key: String) -> String { path + "/" + key + ".pdf" }

    /// Where the renderer keeps the book it joined (and `book.json` beside it).
    var book: String { path + "/book.pdf" }

    /// The temporary `book.pdf.<pid>.tmp` or `book.json.<pid>.tmp` the renderer writes first (left behind
    /// only if it was killed).
    static func isBookTemporary(_ name: String) -> Bool {
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
        return pieces.count == 4 && pieces[0] == "book" && ["pdf", "json"].contains(pieces[1]) && pieces[3] == "tmp"
            && !pieces[2].isEmpty && pieces[2].utf8.allSatisfy({ (0x30...0x39).contains($0) })
    }

    /// The index, if it is there and readable; parts whose files are gone are left out.
    func loadIndex() -> Index {
        guard let data = SiteFile.read(folder: path, path: "index.json"),
              var index = try? JSONDecoder().decode(Index.self, from: data), index.version == Index.currentVersion
        else { return Index() }
        index.parts = index.parts.filter { key, _ in
            SiteFile.identity(folder: path, path: key + ".pdf") != nil && SiteFile.identity(folder: path, path: key + ".json") != nil
        }
        return index
    }

    /// Writes the index of this run's parts and removes the part files no longer in it.
    func keep(_ index: Index) throws(WriteError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(index) } catch { throw .io(path + "/index.json", error) }
        try SiteFile.writeWhole(data, folder: path, name: "index.json")
        guard case .success(let names) = OutputPath.listing(path) else { return }
        let folder = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else { return }
        defer { close(folder) }
        for name in names {
            if Self.isBookTemporary(name) {
                unlinkat(folder, name, 0)
                continue
            }
            guard let key = Self.partKey(of: name), index.parts[key] == nil || name.hasSuffix(".tmp") else { continue }
            // unlinkat removes a link itself, never what it points to.
            unlinkat(folder, name, 0)
        }
    }
}
