import Foundation
import GongkaiSite
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// What the last `gongkai pdf` knew of the site it built, kept in the site as `.gongkai-site.json`: a digest
/// of everything a build reads — every file under the content folder, the theme's folders and the built-in
/// calendars (hidden names left out, as the loaders leave them out), the build's options and the gongkai
/// program itself — and every file of the site as it was when that run ended (device, inode, size,
/// modification time). While both still hold, a build would write the very same site again, and `gongkai
/// pdf` leaves the site as it is and goes on to its PDFs: 1,000 matters up to date in 0.1 s instead of the
/// 0.5 s a build takes (docs/performance.md, 2026-12-06).
///
/// Any difference, and the site is built as always: a content, theme or calendar file edited, added or
/// removed; another option; another gongkai; a file of the site changed, added or removed since — by
/// `build` (which replaces the whole folder, this file with it), `serve`, or anyone.
public struct SiteStamp: Codable, Equatable {
    static let fileName = ".gongkai-site.json"
    static let currentVersion = 1

    /// The digest of what a build reads, and what it made of it (for the summary line).
    public struct Inputs: Codable, Equatable, Sendable {
        var digest: String
        public var matters = 0
        public var pages = 0
        public var files = 0
    }

    var version = Self.currentVersion
    /// What the site was built from.
    public var source: Inputs
    /// Every file of the site but this one, a line each, sorted by path: `<device> <inode> <size>
    /// <modified, ns> <path relative to the site>` (one text, written and compared as a whole: a JSON
    /// object per file took 20 ms of an edit's run at 3,000 files).
    var files: String

    /// The digest of everything `options` makes a build read; nil when a file cannot be read (then the
    /// site is built).
    public static func inputs(of options: BuildOptions) -> Inputs? {
        var hash = SHA256()
        let settings = [
            "version \(currentVersion)", options.content.standardizedFileURL.path, options.theme.standardizedFileURL.path,
            options.baseURL ?? "-", "\(options.allowEmpty)", options.builtInCalendars?.standardizedFileURL.path ?? "-",
        ]
        hash.update(Array(settings.joined(separator: "\n").utf8))
        // The program: another gongkai may build another site from the same files.
        var program = stat()
        guard stat("/proc/self/exe", &program) == 0 else { return nil }
        hash.update(Array("\(SiteFile.Identity(program))".utf8))
        let folders = [options.content] + Theme.folders(of: options.theme) + [options.builtInCalendars].compactMap { $0 }
        for folder in folders {
            let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else {
                // A folder that is not there is an input too (a calendar folder that appears changes the site).
                hash.update(Array("absent \(folder.path)\n".utf8))
                continue
            }
            defer { close(descriptor) }
            hash.update(Array("folder \(folder.path)\n".utf8))
            let files = SiteFile.files(in: descriptor, hidden: false)
            let digests = Parallel.map(files.count) { index in contentDigest(folder.path + "/" + files[index].path) }
            for (file, digest) in zip(files, digests) {
                guard let digest else { return nil }
                hash.update(Array("\(file.path)\n\(digest)\n".utf8))
            }
        }
        return Inputs(digest: hash.finalize())
    }

    /// The digest of a file's bytes, read as the loaders read it (through a link); nil if it is not a
    /// readable regular file.
    private static func contentDigest(_ path: String) -> String? {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return SiteFile.read(file, size: Int(status.st_size)).map(SiteFile.digest)
    }

    /// The stamp of `output` if it is current for `inputs`: the same inputs, and the site's files exactly
    /// those it lists, unchanged.
    public static func current(output: URL, inputs: Inputs) -> SiteStamp? {
        guard let data = SiteFile.read(folder: output.path, path: fileName),
              let stamp = try? JSONDecoder().decode(SiteStamp.self, from: data),
              stamp.version == currentVersion, stamp.source.digest == inputs.digest,
              files(of: output.path) == stamp.files
        else { return nil }
        return stamp
    }

    /// Writes the stamp of the site as it is now, built from `inputs`.
    static func write(output: String, inputs: Inputs) throws(WriteError) {
        guard let files = files(of: output) else { throw .io(output, POSIXError(.EIO)) }
        let stamp = SiteStamp(source: inputs, files: files)
        let data: Data
        do { data = try JSONEncoder().encode(stamp) } catch { throw .io(output + "/" + fileName, error) }
        try SiteFile.writeWhole(data, folder: output, name: fileName)
    }

    /// Every file of the site but the stamp, with its identity (links not followed), as `files` holds
    /// them; nil if unreadable.
    static func files(of output: String) -> String? {
        let descriptor = open(output, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return SiteFile.files(in: descriptor, hidden: true).filter { $0.path != fileName }.map { file in
            let identity = file.identity
            return "\(identity.device) \(identity.inode) \(identity.size) \(identity.modified) \(file.path)\n"
        }.joined()
    }
}
