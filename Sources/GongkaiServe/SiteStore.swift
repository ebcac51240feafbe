import Foundation
import GongkaiSite

/// The files `serve` answers with, by output path, in memory. Readers and the rebuild run on different
/// threads; every change replaces whole files under a lock, so a reader sees each file either as it was
/// or as it is now, never half of it.
// @unchecked Sendable: the files are replaced and read under `lock` only.
public final class SiteStore: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: Data] = [:]
    private var base = "/"
    private var version = 0

    public init() {}

    /// The file at an output path (`index.html`, `matters/1.1/index.html`), if the site has one.
    public func file(_ path: String) -> Data? {
        lock.withLock { files[path] }
    }

    /// A file with the generation it belongs to, read together.
    public func fileAndGeneration(_ path: String) -> (contents: Data, generation: Int)? {
        lock.withLock { files[path].map { ($0, version) } }
    }

    /// Every file, for tests and comparisons.
    public var snapshot: [String: Data] {
        lock.withLock { files }
    }

    /// The path part of the site's address (`/station/` for `https://example.org/station/`): the 404
    /// page links to the site's files from there, so the server answers below it too.
    public var basePath: String {
        lock.withLock { base }
    }

    /// Goes up by one with every change, so a page can tell whether it is older than the site.
    public var generation: Int {
        lock.withLock { version }
    }

    /// The whole site at once: what a full build made.
    func replaceAll(with newFiles: [OutputFile], basePath: String) {
        var map: [String: Data] = [:]
        map.reserveCapacity(newFiles.count)
        for file in newFiles { map[file.path] = file.contents }
        lock.withLock {
            files = map
            base = basePath
            version += 1
        }
    }

    /// Some files replaced or added, some removed.
    func update(_ changed: [OutputFile], removing removed: [String] = []) {
        guard !changed.isEmpty || !removed.isEmpty else { return }
        lock.withLock {
            for file in changed { files[file.path] = file.contents }
            for path in removed { files[path] = nil }
            version += 1
        }
    }
}
