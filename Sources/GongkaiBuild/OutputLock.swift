import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer per output folder at a time: an exclusive `flock` on `.<name>.lock` beside the output, held
/// by a build from before its staging folder is made until after the switch, and by `pdf` while it moves
/// its PDFs in. Without it, two builds into one output shared `.<name>.staging` and could publish a mix
/// of both sites, or one without its marker. The system drops the lock when the process ends, even by
/// kill -9, so a crashed build never blocks the next one.
final class OutputLock {
    let path: String
    private var descriptor: Int32

    /// Waits for the lock on the output at `output` (a path already resolved, see `OutputPath`), saying
    /// once on stderr when another gongkai holds it.
    init(output: String) throws(WriteError) {
        let slash = output.lastIndex(of: "/")!
        path = String(output[...slash]) + "." + output[output.index(after: slash)...] + ".lock"
        descriptor = -1
        var waited = false
        while true {
            // O_NOFOLLOW: a link planted under the lock's name must not make us create a file elsewhere.
            let opened = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw .io(path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
            if flock(opened, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK else {
                    let code = errno
                    close(opened)
                    throw .io(path, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
                }
                if !waited {
                    waited = true
                    FileHandle.standardError.write(Data("等待另一个 gongkai 写完 \(output)/ …\n".utf8))
                }
                while flock(opened, LOCK_EX) != 0 && errno == EINTR {}
            }
            // The holder before us removes the lock file when it is done (so nothing is left beside the
            // output); a lock on a file no longer at this path guards nothing: take the new one.
            var held = stat(), named = stat()
            if fstat(opened, &held) == 0, lstat(path, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                descriptor = opened
                return
            }
            close(opened)
        }
    }

    /// Removes the lock file while still holding it, then lets go. Safe to call more than once.
    func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
