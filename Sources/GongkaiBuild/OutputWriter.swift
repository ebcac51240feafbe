import Foundation
import GongkaiSite
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// The write stage. Files go into a staging folder beside the output, which then takes the output's place
/// in one atomic exchange (`OutputSwitch`), so a failed, interrupted or killed build never leaves a
/// half-written site, or none, where the old one was. One build at a time per output (`OutputLock`); only
/// a marked, empty or missing folder is replaced (`OutputPath`); nothing is removed through a link
/// (`RemoveTree`).
public struct OutputWriter {
    /// Written into every output folder; a folder without it is not replaced, so a mistyped `--output`
    /// cannot wipe someone's documents.
    public static let marker = ".gongkai-output"

    /// Where the site goes: the `--output` path with symbolic links resolved (see `OutputPath.resolved`).
    public let output: URL

    public init(output: URL) {
        self.output = URL(filePath: OutputPath.resolved(output.standardizedFileURL.path))
    }

    var staging: URL { output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).staging") }
    var retired: URL { output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).old") }

    /// Writes a whole site of files already made, the way a build writes: through `RenderAndWrite`.
    public func write(_ files: [OutputFile]) throws(WriteError) {
        let staged = try begin()
        do {
            let planned = files.map { file in SiteRenderer.PlannedFile(path: file.path) { file } }
            var timings = BuildTimings()
            try RenderAndWrite(planned: planned, targets: try staged.prepare(files.map(\.path)), progress: nil)
                .run(timings: &timings)
        } catch {
            staged.abort()
            throw error
        }
        try staged.commit()
    }

    /// Starts a site: an empty staging folder that files go into, then `commit` or `abort`. Takes the
    /// output's lock first (waiting for another build of the same output to finish), then checks, under
    /// the lock, that the output may be replaced and clears what an interrupted build left.
    public func begin() throws(WriteError) -> Staging {
        // The folder the output, its lock and its staging folder go in.
        do {
            try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .io(output.deletingLastPathComponent().path, error)
        }
        let lock = try OutputLock(output: output.path)
        // A restored site is then checked like any output.
        _ = try OutputSwitch.recoverRetired(retired.path, output: output.path)
        let found = try OutputPath.inspect(output.path)
        try OutputSwitch.clearLeftover(staging.path)
        // The marker is the first thing in the folder and the last thing removed from it, so a staging
        // folder found later is ours exactly when it carries the marker (or is empty).
        guard mkdir(staging.path, 0o755) == 0 else { throw .io(staging.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        let marker = open(staging.path + "/" + Self.marker, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard marker >= 0 else {
            let code = errno
            rmdir(staging.path)
            throw .io(staging.path, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
        close(marker)
        return Staging(writer: self, lock: lock, replacing: found)
    }

    /// A site being written. Files are written on all cores; folders are made first, so no two threads
    /// race to make the same folder.
    // @unchecked Sendable: every stored property is immutable; each thread writes only its own files.
    public final class Staging: @unchecked Sendable {
        let writer: OutputWriter

        private let stagingPath: String

        /// Held until `commit` or `abort` (or until this is dropped): no other build of the output starts.
        private let lock: OutputLock
        private let replacing: OutputPath.Found

        init(writer: OutputWriter, lock: OutputLock, replacing: OutputPath.Found) {
            self.writer = writer
            stagingPath = writer.staging.path
            self.lock = lock
            self.replacing = replacing
        }

        /// Checks every path and makes the folders the files go in, before any file is written. Returns
        /// where each file goes. Folders are made on all cores, a level at a time, parents first: one
        /// thread made a large site's folders while the other core waited.
        public func prepare(_ paths: [String]) throws(WriteError) -> [String] {
            let writer = self.writer, stagingPath = self.stagingPath
            let resolved = Parallel.map(paths.count) { index in
                Result { () throws(WriteError) in try writer.resolve(paths[index], in: stagingPath) }
            }
            var targets: [String] = []
            targets.reserveCapacity(paths.count)
            var folders: Set<String> = []
            for result in resolved {
                let target = try result.get()
                folders.insert(String(target[..<target.lastIndex(of: "/")!]))
                targets.append(target)
            }
            let levels = Dictionary(grouping: folders) { $0.utf8.count(where: { $0 == UInt8(ascii: "/") }) }
            for depth in levels.keys.sorted() {
                let level = levels[depth]!
                let failures = Parallel.map(level.count) { index -> WriteError? in
                    // mkdir alone when the parent is there (nearly always: a matter's folder in matters/).
                    guard mkdir(level[index], 0o755) != 0, errno != EEXIST else { return nil }
                    do {
                        try FileManager.default.createDirectory(atPath: level[index], withIntermediateDirectories: true)
                        return nil
                    } catch {
                        return .io(level[index], error)
                    }
                }
                if let failure = failures.first(where: { $0 != nil }) { throw failure! }
            }
            return targets
        }

        /// One file with plain POSIX calls: Foundation's `Data.write` costs several times more per file.
        /// Safe to call from several threads for different targets.
        static func write(_ file: OutputFile, to path: String) -> POSIXErrorCode? {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { return POSIXErrorCode(rawValue: errno) ?? .EIO }
            defer { close(descriptor) }
            return file.withBytes { buffer -> POSIXErrorCode? in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return POSIXErrorCode(rawValue: errno) ?? .EIO
                    }
                    offset += written
                }
                return nil
            }
        }

        /// Copies in the PDFs of the site being replaced that are still right for the new one
        /// (`PdfCarryOver`); only from a site gongkai wrote. Call after every file is written.
        public func carryOverPDFs() {
            guard replacing == .markedFolder else { return }
            PdfCarryOver.carry(from: writer.output.path, into: stagingPath)
        }

        /// Puts the finished site in place of the old one.
        public func commit() throws(WriteError) {
            defer { lock.release() }
            try writer.switchIntoPlace(replacing: replacing)
        }

        /// Drops the unfinished site; the old one was never touched.
        public func abort() {
            RemoveTree.remove(stagingPath)
            lock.release()
        }
    }

    /// A path from the build may only name a file inside the output folder: relative, no empty, `.` or
    /// `..` part, no backslash, no control character. Checked on the bytes (an ASCII byte in UTF-8 is
    /// always that character; C1 controls are U+0080–U+009F, 0xC2 0x80–0x9F); joined as text, because
    /// URL's path operations cost more than writing a small file.
    func resolve(_ path: String, in folder: String) throws(WriteError) -> String {
        var safe = !path.utf8.isEmpty
        var partLength = 0
        var dots = 0
        var previous: UInt8 = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if partLength == 0 || partLength == dots && dots <= 2 { safe = false }
                partLength = 0
                dots = 0
            } else {
                partLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
                if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") || (previous == 0xC2 && (0x80...0x9F).contains(byte)) {
                    safe = false
                }
            }
            previous = byte
        }
        if partLength == 0 || partLength == dots && dots <= 2 { safe = false }
        guard safe else { throw .unsafePath(path) }
        return folder + "/" + path
    }

    /// Puts the staging folder where the output is. A site replaces the old one in one atomic exchange of
    /// names, after which the old site sits at the staging name and is deleted (marker last); an empty
    /// folder is replaced by a rename, which fails rather than replace it if files appeared in it since.
    fileprivate func switchIntoPlace(replacing found: OutputPath.Found) throws(WriteError) {
        guard found == .markedFolder else {
            if rename(staging.path, output.path) != 0 {
                throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
            return
        }
        let exchanged = OutputSwitch.exchange(staging.path, output.path)
        if exchanged == 0 {
            // A failure here leaves the marked old site at the staging name, for the next build to clear.
            RemoveTree.remove(staging.path)
            return
        }
        guard OutputSwitch.cannotExchange(exchanged) else {
            throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: exchanged) ?? .EIO))
        }
        // A file system that cannot exchange: two renames, with the old site kept under `.old` between
        // them; a kill there is repaired by the next build (`OutputSwitch.recoverRetired`).
        if rename(output.path, retired.path) != 0 {
            throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
        if rename(staging.path, output.path) != 0 {
            let code = errno
            _ = rename(retired.path, output.path)
            throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
        RemoveTree.remove(retired.path)
    }

    /// Deletes a folder and everything in it without following any link (see `RemoveTree`).
    static func removeTree(_ path: String) {
        RemoveTree.remove(path)
    }
}

