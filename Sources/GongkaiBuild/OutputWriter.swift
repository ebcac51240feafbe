import Foundation
import GongkaiSite
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// The write stage. Files go into a staging folder beside the output, which then replaces the output by
/// rename, so a failed or interrupted build never leaves a half-written site where the old one was.
public struct OutputWriter {
    /// Written into every output folder; a folder without it is not replaced, so a mistyped `--output`
    /// cannot wipe someone's documents.
    public static let marker = ".gongkai-output"

    public let output: URL

    public init(output: URL) {
        self.output = output.standardizedFileURL
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

    /// Starts a site: an empty staging folder that files go into, then `commit` or `abort`.
    public func begin() throws(WriteError) -> Staging {
        let fileManager = FileManager.default
        try checkReplaceable()
        for leftover in [staging, retired] where fileManager.fileExists(atPath: leftover.path) {
            do { try fileManager.removeItem(at: leftover) } catch { throw .io(leftover.path, error) }
        }
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            try Data().write(to: staging.appending(path: Self.marker))
        } catch {
            try? fileManager.removeItem(at: staging)
            throw .io(staging.path, error)
        }
        return Staging(writer: self)
    }

    /// A site being written. Files are written on all cores; folders are made first, so no two threads
    /// race to make the same folder.
    public final class Staging: @unchecked Sendable {
        let writer: OutputWriter

        private let stagingPath: String

        init(writer: OutputWriter) {
            self.writer = writer
            stagingPath = writer.staging.path
        }

        /// Checks every path and makes the folders the files go in, before any file is written. Returns
        /// where each file goes. Folders are made on all cores, a level at a time, parents first: one
        /// thread spent 0.1 s on a 10,000-matter site's folders while the other core waited.
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

        /// Puts the finished site in place of the old one.
        public func commit() throws(WriteError) {
            try writer.swapIntoPlace()
        }

        /// Drops the unfinished site; the old one was never touched.
        public func abort() {
            try? FileManager.default.removeItem(at: writer.staging)
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

    private func checkReplaceable() throws(WriteError) {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else { return }
        let entries = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
        if !entries.isEmpty && !entries.contains(Self.marker) {
            throw .notAnOutputFolder(output.path)
        }
    }

    fileprivate func swapIntoPlace() throws(WriteError) {
        let fileManager = FileManager.default
        let hadOutput = fileManager.fileExists(atPath: output.path)
        if hadOutput, rename(output.path, retired.path) != 0 {
            throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
        if rename(staging.path, output.path) != 0 {
            let code = errno
            if hadOutput { _ = rename(retired.path, output.path) }
            throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
        if hadOutput { Self.removeTree(retired.path) }
    }

    /// Deletes a folder and everything in it, the second level on all cores: on one thread, a rebuild of
    /// a 10,000-matter site spent a tenth of its time deleting the old site's matter folders.
    static func removeTree(_ path: String) {
        let fileManager = FileManager.default
        var items: [String] = []
        for entry in (try? fileManager.contentsOfDirectory(atPath: path)) ?? [] {
            let child = path + "/" + entry
            // The entry itself, not what a symbolic link points to: a link to a folder elsewhere is
            // removed as a link, and nothing it leads to is touched.
            let type = (try? fileManager.attributesOfItem(atPath: child))?[.type] as? FileAttributeType
            if type == .typeDirectory, let grandchildren = try? fileManager.contentsOfDirectory(atPath: child) {
                items += grandchildren.map { child + "/" + $0 }
            }
        }
        _ = Parallel.map(items.count) { index in try? fileManager.removeItem(atPath: items[index]) }
        try? fileManager.removeItem(atPath: path)
    }
}

public enum WriteError: Error, CustomStringConvertible {
    case io(String, any Error)
    case unsafePath(String)
    case notAnOutputFolder(String)

    public var description: String {
        switch self {
        case .io(let path, let error):
            return "无法写入 \(path)：\(error.localizedDescription)"
        case .unsafePath(let path):
            return "拒绝写入输出文件夹之外的路径「\(path)」"
        case .notAnOutputFolder(let path):
            return "输出文件夹 \(path) 里已有别的文件，且不是 gongkai 生成的；为避免误删，不会覆盖它。请换一个 --output，或先清空它"
        }
    }
}
