import Foundation
import GongkaiUtils
#if canImport(Glibc)
import Glibc
#endif

/// Deletes a folder gongkai wrote and everything in it, never following a symbolic link: not at the top
/// (a link given as the folder is removed as a link), not anywhere below (a link to a folder elsewhere
/// is removed as a link, and nothing it leads to is touched). Every folder is opened with `O_NOFOLLOW`
/// relative to its parent's descriptor and every entry removed with `unlinkat`, so a link swapped in
/// during the walk cannot redirect it either.
///
/// The second level goes on all cores: on one thread, deleting the old site's matter folders was a large
/// share of a rebuild (docs/performance.md).
enum RemoveTree {
    /// Removes `path`. The top folder's `.gongkai-output` marker goes last, just before the folder itself:
    /// a removal cut short (kill -9) leaves a folder that still says it is gongkai's, which the next build
    /// may then finish deleting. Returns false if anything could not be removed.
    @discardableResult
    static func remove(_ path: String, keepingLast marker: String = OutputWriter.marker) -> Bool {
        let top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard top >= 0 else {
            // Not a folder (or a link to one): the entry itself, never what it points to.
            return errno == ENOENT || unlink(path) == 0
        }
        defer { close(top) }
        let markerName = Array(marker.utf8CString)
        var folders: [(descriptor: Int32, name: [CChar])] = []
        var others: [[CChar]] = []
        var tasks: [(folder: Int32, name: [CChar])] = []
        for (name, isFolder) in entries(of: top) {
            guard isFolder else {
                if name != markerName { others.append(name) }
                continue
            }
            let child = openat(top, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { others.append(name); continue }
            folders.append((child, name))
            tasks += entries(of: child).map { (child, $0.name) }
        }
        let removed = Parallel.map(tasks.count) { removeEntry(tasks[$0].name, in: tasks[$0].folder) }
        var complete = !removed.contains(false)
        for folder in folders {
            close(folder.descriptor)
            if unlinkat(top, folder.name, AT_REMOVEDIR) != 0 { complete = removeEntry(folder.name, in: top) && complete }
        }
        for name in others { complete = removeEntry(name, in: top) && complete }
        if unlinkat(top, markerName, 0) != 0 && errno != ENOENT { complete = false }
        return rmdir(path) == 0 && complete
    }

    /// One entry of an open folder, and if it is a folder (not a link to one), everything in it.
    static func removeEntry(_ name: [CChar], in folder: Int32) -> Bool {
        if unlinkat(folder, name, 0) == 0 || errno == ENOENT { return true }
        // Linux says EISDIR for a folder, POSIX allows EPERM.
        guard errno == EISDIR || errno == EPERM else { return false }
        let descriptor = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        var complete = true
        for entry in entries(of: descriptor) { complete = removeEntry(entry.name, in: descriptor) && complete }
        close(descriptor)
        return unlinkat(folder, name, AT_REMOVEDIR) == 0 && complete
    }

    /// The names in an open folder (not `.` and `..`) as the bytes they are (a name need not be UTF-8),
    /// and whether each is a folder — itself, not through a link. Reads a duplicate descriptor, as
    /// `closedir` closes the one it was given.
    static func entries(of folder: Int32) -> [(name: [CChar], isFolder: Bool)] {
        let duplicate = dup(folder)
        guard duplicate >= 0, let stream = fdopendir(duplicate) else {
            if duplicate >= 0 { close(duplicate) }
            return []
        }
        defer { closedir(stream) }
        var result: [(name: [CChar], isFolder: Bool)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                bytes.prefix { $0 != 0 }.map { CChar(bitPattern: $0) } + [0]
            }
            if name == [46, 0] || name == [46, 46, 0] { continue }
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                // Some file systems do not say; ask for the entry itself.
                var status = stat()
                isFolder = fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
            }
            result.append((name, isFolder))
        }
        return result
    }
}
