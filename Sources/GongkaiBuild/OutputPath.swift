import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What is at an output path, seen without following links, and which folders gongkai may treat as its own:
/// only a folder carrying the `.gongkai-output` marker, an empty folder, or nothing at all.
enum OutputPath {
    /// What may become the output.
    enum Found: Equatable {
        case nothing
        case emptyFolder
        case markedFolder
    }

    /// The path with every symbolic link resolved. A link given as `--output` is kept as it is and the site
    /// goes into the folder it points to (which must itself pass `inspect`); resolving also makes the
    /// "is the output a source" guard compare real places. A path that does not exist yet is resolved
    /// through its parent; one that cannot be resolved (a dangling link) is returned as it is, and
    /// `inspect` refuses it.
    static func resolved(_ path: String) -> String {
        if let real = realPath(path) { return real }
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return path }
        let parent = String(path[..<slash]), name = path[path.index(after: slash)...]
        guard let real = realPath(parent) else { return path }
        return (real == "/" ? "" : real) + "/" + name
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Decides, without following a link, whether `path` may be replaced by a site.
    static func inspect(_ path: String) throws(WriteError) -> Found {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return .nothing }
            throw .io(path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
        let found = kind(of: status)
        guard found == .folder else { throw .notAFolder(path, kind: found.name) }
        let names: [String]
        switch listing(path) {
        case .success(let found): names = found
        case .failure(let error): throw .unreadableFolder(path, error)
        }
        if names.isEmpty { return .emptyFolder }
        guard names.contains(OutputWriter.marker), isMarkerFile(in: path) else { throw .notAnOutputFolder(path) }
        return .markedFolder
    }

    /// True if the folder holds the marker as a plain file (not a link or a folder of that name).
    static func isMarkerFile(in folder: String) -> Bool {
        var status = stat()
        return lstat(folder + "/" + OutputWriter.marker, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// The names in a folder (not `.` and `..`), without following a link at `path`; an unreadable folder
    /// (mode 0300 for a user who is not its owner, say) is an error, never an empty list.
    static func listing(_ path: String) -> Result<[String], POSIXError> {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        defer { close(descriptor) }
        return .success(RemoveTree.entries(of: descriptor).map { String(decoding: $0.name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self) })
    }

    /// What kind of thing a path is, for the message that refuses it.
    enum Kind: Equatable {
        case folder, file, link, fifo, device, socket, other

        var name: String {
            switch self {
            case .folder: "文件夹"
            case .file: "文件"
            case .link: "指向不存在位置的符号链接"
            case .fifo: "命名管道（FIFO）"
            case .device: "设备文件"
            case .socket: "套接字"
            case .other: "特殊文件"
            }
        }
    }

    static func kind(of status: stat) -> Kind {
        switch status.st_mode & S_IFMT {
        case S_IFDIR: .folder
        case S_IFREG: .file
        case S_IFLNK: .link
        case S_IFIFO: .fifo
        case S_IFCHR, S_IFBLK: .device
        case S_IFSOCK: .socket
        default: .other
        }
    }
}
