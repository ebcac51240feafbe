import Foundation
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// Files gongkai wrote into a site, read and checked without ever following a symbolic link: each folder on
/// the way and the file itself are opened with `O_NOFOLLOW`, and only a regular file counts.
enum SiteFile {
    /// Device, inode, size and modification time: unchanged as long as no one wrote, replaced or touched
    /// the file. (Not the change time: a hard link to the file, as a build makes, changes that.)
    struct Identity: Codable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        }
    }

    /// An open regular file at `path` inside `folder`, or nil; the caller closes it.
    static func open(folder: String, path: String) -> (descriptor: Int32, status: stat)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }) else { return nil }
        var current = Glibc.open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard current >= 0 else { return nil }
        for folderName in parts.dropLast() {
            let next = openat(current, folderName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(current)
            guard next >= 0 else { return nil }
            current = next
        }
        let file = openat(current, parts.last!, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        close(current)
        guard file >= 0 else { return nil }
        var status = stat()
        guard fstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(file)
            return nil
        }
        return (file, status)
    }

    static func read(folder: String, path: String) -> Data? {
        guard let (file, status) = open(folder: folder, path: path) else { return nil }
        defer { close(file) }
        return read(file, size: Int(status.st_size))
    }

    /// The whole of an open file of `size` bytes, from its start.
    static func read(_ file: Int32, size: Int) -> Data? {
        var data = Data(count: size)
        var offset = 0
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            while offset < buffer.count {
                let got = pread(file, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { return false }
                offset += got
            }
            return true
        }
        return complete ? data : nil
    }

    /// The files below an open folder, at any depth, sorted by path, each with its identity (of the entry
    /// itself; a link to a folder is listed as an entry, not entered). `hidden`: names starting with a dot
    /// too (the loaders leave them out, the site has some of its own).
    static func files(in folder: Int32, hidden: Bool, prefix: String = "") -> [(path: String, identity: Identity)] {
        var found: [(path: String, identity: Identity)] = []
        for (name, isFolder) in RemoveTree.entries(of: folder) where hidden || name.first != CChar(UInt8(ascii: ".")) {
            let path = prefix + String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard isFolder else {
                var status = stat()
                if fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 { found.append((path, Identity(status))) }
                continue
            }
            let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { continue }
            defer { close(child) }
            found += files(in: child, hidden: hidden, prefix: path + "/")
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The identity of the regular file at `path` in `folder` (nil for anything else, a link included).
    static func identity(folder: String, path: String) -> Identity? {
        var status = stat()
        guard lstat(folder + "/" + path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Identity(status)
    }

    /// Writes `name` in `folder` whole or not at all: into `<name>.part` (made anew, never through a link),
    /// then renamed over the old one.
    static func writeWhole(_ data: Data, folder: String, name: String) throws(WriteError) {
        let target = folder + "/" + name, partial = target + ".part"
        unlink(partial)
        let descriptor = Glibc.open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(partial, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == data.count, rename(partial, target) == 0 else {
            let code = errno
            unlink(partial)
            throw .io(target, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
    }

    /// SHA-256 over the names and bytes of the files in `folder` that `include` accepts, in name order:
    /// what the print stylesheets, or the renderer's scripts, are as a whole. Files of a site are read without
    /// following links; `contents` reads others (the renderer's, wherever gongkai is installed).
    static func folderDigest(
        _ folder: String, include: (String) -> Bool = { _ in true },
        contents: (String) -> Data? = { _ in nil }
    ) -> String {
        var hash = SHA256()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(include).sorted()
        for name in names {
            hash.update(Array(name.utf8) + [0])
            if let data = read(folder: folder, path: name) ?? contents(folder + "/" + name) {
                data.withUnsafeBytes { hash.update(buffer: $0) }
            }
            hash.update([0])
        }
        return hash.finalize()
    }

    /// SHA-256 of a file's bytes.
    static func digest(_ data: Data) -> String {
        var hash = SHA256()
        data.withUnsafeBytes { hash.update(buffer: $0) }
        return hash.finalize()
    }
}
