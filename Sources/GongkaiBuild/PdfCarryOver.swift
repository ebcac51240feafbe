import Foundation
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// A build writes a whole new site and switches it in; the PDFs of `gongkai pdf` are not part of it. This
/// copies into the new site each PDF of the old one that is still right for it, so a build no longer throws
/// them all away and the next `pdf` renders only what changed.
///
/// A PDF is carried over only when all of this holds, else it is left with the old site (which the switch
/// removes, as it always did): the old site is gongkai's (marked folder); the manifest there lists the
/// PDF; the PDF is a regular file (opened without following links) that is the one gongkai wrote — the
/// same file, unmodified since (device, inode, size, modification time as the manifest recorded them), or
/// else bytes that hash to what it wrote; and its page in the new site, with the new print stylesheets,
/// hashes to the sources the manifest recorded. Nothing outside the two site folders is read or written.
/// The PDF goes into the new site as a hard link (no copy of a thousand posters on every build).
enum PdfCarryOver {
    /// Runs under the output's lock, after every file of the new site is written into `staging` and
    /// before the switch. Returns how many PDFs were carried over.
    @discardableResult
    static func carry(from output: String, into staging: String) -> Int {
        let old = PdfManifest.load(from: output)
        guard !old.entries.isEmpty else { return 0 }
        let sources = PrintSources(site: staging)
        let candidates = old.entries.sorted { $0.key < $1.key }.filter {
            isPrintPath($0.key, suffix: ".pdf") && isPrintPath($0.value.html, suffix: ".html")
        }
        let carried = Parallel.map(candidates.count) { index -> (String, PdfManifest.Entry)? in
            let (path, entry) = candidates[index]
            guard let page = sources.digest(ofPage: entry.html), page.sources == entry.sources,
                  let (file, status) = SiteFile.open(folder: output, path: path)
            else { return nil }
            defer { close(file) }
            var bytes: Data?
            if entry.file != SiteFile.Identity(status) {
                // Not provably untouched since gongkai wrote it: its bytes must be the ones gongkai wrote.
                guard let read = SiteFile.read(file, size: Int(status.st_size)), SiteFile.digest(read) == entry.pdf else { return nil }
                bytes = read
            }
            guard place(file, size: Int(status.st_size), bytes: bytes, at: staging + "/" + path),
                  let identity = SiteFile.identity(folder: staging, path: path)
            else { return nil }
            var kept = entry
            kept.file = identity
            kept.page = page.page
            kept.assets = sources.assetsDigest
            return (path, kept)
        }.compactMap { $0 }
        guard !carried.isEmpty else { return 0 }
        let kept = Set(carried.map(\.0))
        let densities = Dictionary(uniqueKeysWithValues: candidates.compactMap { path, _ in
            kept.contains(path) ? nil : old.lastDensity(of: path).map { (path, $0) }
        })
        do {
            try PdfManifest(entries: Dictionary(uniqueKeysWithValues: carried), densities: densities.isEmpty ? nil : densities)
                .write(to: staging)
        } catch {
            // Without a manifest the PDFs are not known to be gongkai's: take them out again.
            for (path, _) in carried { unlink(staging + "/" + path) }
            return 0
        }
        return carried.count
    }

    /// The only names gongkai gives print pages and their PDFs: `print/<name>` or `posters/<name>`, one
    /// plain name deep, with the given suffix.
    static func isPrintPath(_ path: String, suffix: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, ["print", "posters"].contains(parts[0]) else { return false }
        let name = parts[1]
        return name.hasSuffix(suffix) && name.count > suffix.count && !name.hasPrefix(".") && !name.contains("\\")
    }

    /// The open file `file` as a new file at `target` in the new site (its folder is there: its HTML page
    /// is), never over an existing one: a hard link to the very file that was checked (through its open
    /// descriptor, so a file swapped in under the name since cannot be linked instead), else a copy of it.
    private static func place(_ file: Int32, size: Int, bytes: Data?, at target: String) -> Bool {
        if linkat(AT_FDCWD, "/proc/self/fd/\(file)", AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 { return true }
        guard let bytes = bytes ?? SiteFile.read(file, size: size) else { return false }
        return write(bytes, to: target)
    }

    private static func write(_ bytes: Data, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let complete = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
        if !complete { unlink(path) }
        return complete
    }
}
