import Foundation
#if os(Linux)
import Glibc
#endif

/// Watches folders and everything below them, and reports changed files in batches: changes that come
/// within `debounce` of each other (an editor that saves by writing a temporary file and renaming it, a
/// `git checkout`) make one batch. Dotfiles and editor temporary files are not reported.
///
/// On Linux it uses inotify (one watch per folder; new folders are watched as they appear). Elsewhere it
/// compares modification times every 200 ms.
// @unchecked Sendable: its state is guarded by `lock`; the watch thread reads only immutable values.
public final class FileWatcher: @unchecked Sendable {
    /// Absolute paths of the files and folders that changed, and when the first of them changed.
    public typealias Handler = @Sendable (_ paths: [String], _ since: ContinuousClock.Instant) -> Void

    private let roots: @Sendable () -> [URL]
    private let debounce: Duration
    private let handler: Handler
    private let lock = NSLock()
    private var stopping = false
    private var thread: Thread?
    #if os(Linux)
    private var inotify: Int32 = -1
    private var wake: [Int32] = [-1, -1]
    private var folders: [Int32: String] = [:]
    #endif
    private var watchedRoots: [String] = []

    /// - Parameters:
    ///   - roots: the folders to watch, asked again after every batch (a theme may name a new parent).
    ///   - handler: called on the watcher's own thread, one batch at a time; changes that happen while it
    ///     runs make the next batch.
    public init(roots: @escaping @Sendable () -> [URL], debounce: Duration = .milliseconds(10), handler: @escaping Handler) {
        self.roots = roots
        self.debounce = debounce
        self.handler = handler
    }

    deinit { stop() }

    /// Whether a changed file's name is one editors make and remove on their own: dotfiles (`.1.1.md.swp`,
    /// `.#1.1.md`), backups (`1.1.md~`), Vim's write test `4913`, Emacs's `#1.1.md#`, JetBrains' `___jb_tmp___`.
    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name == "4913" || name.hasSuffix(".swp")
            || name.hasSuffix(".swx") || name.hasSuffix(".tmp") || (name.hasPrefix("#") && name.hasSuffix("#"))
            || name.hasSuffix("___jb_tmp___") || name.hasSuffix("___jb_old___")
    }

    /// Starts watching; throws when the system refuses (for instance, too many inotify watches).
    public func start() throws {
        #if os(Linux)
        inotify = inotify_init1(Int32(IN_CLOEXEC))
        guard inotify >= 0 else { throw WatchError(message: "无法监视文件变化（inotify_init1：\(String(cString: strerror(errno)))）") }
        guard pipe(&wake) == 0 else { throw WatchError(message: "无法监视文件变化（pipe）") }
        #endif
        watchRoots()
        let thread = Thread { [self] in run() }
        thread.name = "gongkai file watcher"
        thread.start()
        lock.withLock { self.thread = thread }
    }

    /// Stops watching; returns at once (the handler may be running: it finishes its batch).
    public func stop() {
        let first = lock.withLock {
            defer { stopping = true }
            return !stopping
        }
        #if os(Linux)
        if first, wake[1] >= 0 {
            var byte: UInt8 = 1
            _ = write(wake[1], &byte, 1)
        }
        #else
        _ = first
        #endif
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    public struct WatchError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    // MARK: - The loop

    private func run() {
        var pending: [String] = []
        var seen = Set<String>()
        var first: ContinuousClock.Instant?
        var last = ContinuousClock.now
        while !isStopping {
            let wait: Duration = first == nil ? .milliseconds(200) : max(.zero, debounce - (.now - last))
            let changed = nextChanges(waiting: wait)
            if !changed.isEmpty {
                last = .now
                if first == nil { first = last }
                for path in changed where seen.insert(path).inserted { pending.append(path) }
                continue
            }
            // Quiet for `debounce` (or a burst that has gone on for a second): report the batch.
            if let since = first, ContinuousClock.now - last >= debounce || ContinuousClock.now - since >= .seconds(1) {
                let batch = pending
                pending = []
                seen = []
                first = nil
                handler(batch, since)
                watchRoots()
            }
        }
        #if os(Linux)
        close(inotify)
        close(wake[0])
        close(wake[1])
        #endif
    }

    #if os(Linux)
    /// Changed paths read within `waiting`; empty when nothing changed.
    private func nextChanges(waiting: Duration) -> [String] {
        var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
        let milliseconds = Int32(max(0, (waiting / .milliseconds(1)).rounded(.up)))
        guard poll(&fds, 2, milliseconds) > 0, fds[0].revents & Int16(POLLIN) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
        guard count > 0 else { return [] }
        var changed: [String] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                 raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                 Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
            }
            let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_IGNORED) != 0 {
                folders[wd] = nil
                continue
            }
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost: report every root, which makes everything again.
                changed += watchedRoots
                continue
            }
            guard let folder = folders[wd], !name.isEmpty, !Self.isIgnored(name) else { continue }
            let path = folder + "/" + name
            if mask & UInt32(IN_ISDIR) != 0, mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 {
                watchTree(path)
            }
            changed.append(path)
        }
        return changed
    }

    private static let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_DELETE)
        | UInt32(IN_MOVED_FROM) | UInt32(IN_ONLYDIR)

    /// Watches the roots, anew when they changed.
    private func watchRoots() {
        let roots = self.roots().map(\.standardizedFileURL.path)
        guard roots != watchedRoots else { return }
        for wd in folders.keys { inotify_rm_watch(inotify, wd) }
        folders = [:]
        watchedRoots = roots
        for root in roots { watchTree(root) }
    }

    /// Watches a folder and every folder below it but hidden ones (`.git`).
    private func watchTree(_ folder: String) {
        let wd = inotify_add_watch(inotify, folder, Self.mask)
        guard wd >= 0 else { return }
        folders[wd] = folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            let path = folder + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                watchTree(path)
            }
        }
    }
    #else
    private var stamps: [String: Date] = [:]

    /// Sleeps `waiting` (at most 200 ms), then reports files whose modification time changed, appeared or went.
    private func nextChanges(waiting: Duration) -> [String] {
        Thread.sleep(forTimeInterval: min(0.2, max(0.01, waiting / .seconds(1))))
        let now = Self.stamps(below: watchedRoots)
        defer { stamps = now }
        let paths = Set(now.keys).union(stamps.keys)
        return paths.filter { now[$0] != stamps[$0] }.sorted()
    }

    private func watchRoots() {
        let roots = self.roots().map(\.standardizedFileURL.path)
        guard roots != watchedRoots else { return }
        watchedRoots = roots
        stamps = Self.stamps(below: roots)
    }

    private static func stamps(below roots: [String]) -> [String: Date] {
        var stamps: [String: Date] = [:]
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(
                at: URL(filePath: root), includingPropertiesForKeys: [.contentModificationDateKey],
                options: [.skipsHiddenFiles])
            else { continue }
            for case let url as URL in enumerator where !isIgnored(url.lastPathComponent) {
                stamps[url.standardizedFileURL.path] =
                    (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? .distantPast
            }
        }
        return stamps
    }
    #endif
}
