import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Putting a finished site in place in one atomic step, and clearing (or restoring) what an interrupted
/// build left beside the output. At every moment the output path holds either the complete old site or
/// the complete new one: the switch exchanges the two folders' names in one system call, so there is no
/// moment without an output folder (two renames left one, and a kill there lost the site).
enum OutputSwitch {
    /// Exchanges two existing paths atomically. Returns 0, or the errno: EINVAL, ENOSYS or ENOTSUP where
    /// the file system or kernel cannot exchange.
    static func exchange(_ first: String, _ second: String) -> Int32 {
        #if os(Linux)
        // glibc has exported renameat2 since 2.28, but Swift's Glibc module does not declare it, and
        // `syscall` is variadic (not callable from Swift): look the function up once by name.
        guard let renameat2 = renameat2 else { return ENOSYS }
        let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE, linux/fs.h
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 ? 0 : errno
        #elseif os(macOS)
        return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 ? 0 : errno
        #else
        return ENOSYS
        #endif
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
    #endif

    /// True for the errors that mean "this file system cannot exchange", after which two renames are used.
    static func cannotExchange(_ code: Int32) -> Bool {
        code == EINVAL || code == ENOSYS || code == ENOTSUP || code == EOPNOTSUPP
    }

    /// A staging folder found before a build starts (the lock is held, so no other build is writing it).
    /// Ours only if it carries the marker — made first when a staging folder is created, and removed last —
    /// or is empty (a kill between making the folder and its marker): then it is removed. Anything else
    /// under that name was not written by gongkai and is refused, never deleted.
    static func clearLeftover(_ path: String) throws(WriteError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { throw .leftoverNotOurs(path) }
        if rmdir(path) == 0 { return }
        guard OutputPath.isMarkerFile(in: path), case .success = OutputPath.listing(path) else { throw .leftoverNotOurs(path) }
        guard RemoveTree.remove(path) else { throw .io(path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
    }

    /// `.<name>.old`, left by a gongkai before 2026-12 that was killed between its two renames (the output
    /// gone, the complete old site under this name) or while deleting the old site. With the output
    /// missing, a marked `.old` is put back; with the output there, it is cleared like a staging folder.
    /// Returns true if the old site was restored.
    static func recoverRetired(_ retired: String, output: String) throws(WriteError) -> Bool {
        var status = stat()
        guard lstat(retired, &status) == 0 else { return false }
        if lstat(output, &status) != 0 && errno == ENOENT,
           lstat(retired, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, OutputPath.isMarkerFile(in: retired) {
            guard rename(retired, output) == 0 else { throw .io(retired, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
            FileHandle.standardError.write(Data("上次生成在替换网站时中断，已把原来的网站从 \(retired) 恢复到 \(output)\n".utf8))
            return true
        }
        try clearLeftover(retired)
        return false
    }
}
