#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A content file's bytes, read only when the file is a regular file of a bounded size: a FIFO would
/// block the run, a device such as /dev/zero never ends, and a huge file would be read whole into memory.
enum ContentFileBytes {
    /// The largest content file read: the largest real one (a matter with its 法定依据 in full) is a few
    /// tens of KB, so 4 MiB is far beyond any hand-written file and small enough to read at once.
    static let maximumSize = 4 * 1024 * 1024

    /// Why a file could not be read, in words a clerk can act on.
    enum Problem: Error, Equatable {
        case missing
        case folder
        case symlinkLoop
        case notRegular
        case noPermission
        case tooLarge(Int)
        case other(Int32)

        var message: String {
            switch self {
            case .missing: return "无法读取文件：文件不存在"
            case .folder: return "无法读取文件：这是一个文件夹，不是文件"
            case .symlinkLoop: return "无法读取文件：符号链接循环（链接最终指回自己）"
            case .notRegular: return "无法读取文件：不是普通文件（FIFO、设备等）"
            case .noPermission: return "无法读取文件：没有读取权限"
            case .tooLarge(let size):
                return "无法读取文件：文件太大（\(size) 字节，内容文件最大 4 MiB，即 \(ContentFileBytes.maximumSize) 字节）"
            case .other(let code): return "无法读取文件：\(String(cString: strerror(code)))"
            }
        }

        var hint: String {
            switch self {
            case .missing: return "检查文件名和路径"
            case .folder, .notRegular: return "内容文件夹里这个名字只能是普通文件；把它移走或改名"
            case .symlinkLoop: return "删除这个链接，换成真正的文件"
            case .noPermission: return "给当前用户读取权限（例如 chmod a+r 文件名）"
            case .tooLarge: return "内容文件是手写的文字，不会这么大：检查是不是放错了文件"
            case .other: return "检查这个文件能否用编辑器打开"
            }
        }
    }

    /// The bytes of the file at `path`. Symbolic links to regular files are followed.
    static func contents(of path: String) throws(Problem) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw problem(errno) }
        try check(status)
        // Non-blocking, so a file swapped for a FIFO between stat and open cannot hang the run; the
        // opened file is checked again below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw problem(errno) }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else { throw problem(errno) }
        try check(status)
        // One byte more than allowed, to notice a file that grew past the limit after fstat.
        let capacity = min(Int(status.st_size), maximumSize) + 1
        // Uninitialised: filling the buffer with zeros first was one more pass over every file.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized = 0
            while initialized < capacity {
                let result = read(descriptor, buffer.baseAddress! + initialized, capacity - initialized)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if result == 0 { return }
                initialized += result
            }
        }
        if failure != 0 { throw problem(failure) }
        let count = bytes.count
        guard count <= maximumSize else { throw .tooLarge(count) }
        return bytes
    }

    private static func check(_ status: stat) throws(Problem) {
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .folder
        default: throw .notRegular
        }
        guard Int(status.st_size) <= maximumSize else { throw .tooLarge(Int(status.st_size)) }
    }

    private static func problem(_ code: Int32) -> Problem {
        switch code {
        case ENOENT, ENOTDIR: return .missing
        case ELOOP: return .symlinkLoop
        case EACCES, EPERM: return .noPermission
        case EISDIR: return .folder
        default: return .other(code)
        }
    }
}
