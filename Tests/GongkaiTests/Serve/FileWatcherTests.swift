import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import GongkaiServe

@Suite struct FileWatcherTests {
    /// Batches the watcher reported.
    final class Batches: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [[String]] = []

        func add(_ paths: [String]) { lock.withLock { batches.append(paths) } }

        /// Waits until a batch has come (at most 2 s), and takes the batches so far.
        func next() -> [[String]] {
            let deadline = ContinuousClock.now + .seconds(2)
            while ContinuousClock.now < deadline {
                let taken = lock.withLock {
                    defer { batches = [] }
                    return batches
                }
                if !taken.isEmpty {
                    Thread.sleep(forTimeInterval: 0.05)
                    return taken + lock.withLock { defer { batches = [] }; return batches }
                }
                Thread.sleep(forTimeInterval: 0.005)
            }
            return []
        }
    }

    @Test func reportsSavesAsOneBatchIgnoringTemporaryFiles() throws {
        let folder = TestSupport.temporaryFolder("watch").standardizedFileURL
        TestSupport.write("a", to: folder.appending(path: "matters/1.1.md"))
        let batches = Batches()
        let watcher = FileWatcher(roots: { [folder] }) { paths, _ in batches.add(paths) }
        try watcher.start()
        defer { watcher.stop() }

        // A plain write.
        TestSupport.write("b", to: folder.appending(path: "matters/1.1.md"))
        #expect(batches.next() == [[folder.appending(path: "matters/1.1.md").path]])

        // An editor's save: a swap file, a temporary file renamed over the original, a backup removed.
        let matter = folder.appending(path: "matters/1.1.md")
        TestSupport.write("swap", to: folder.appending(path: "matters/.1.1.md.swp"))
        TestSupport.write("c", to: folder.appending(path: "matters/4913"))
        try FileManager.default.removeItem(at: folder.appending(path: "matters/4913"))
        TestSupport.write("new", to: folder.appending(path: "matters/1.1.md.tmp"))
        #expect(rename(folder.appending(path: "matters/1.1.md.tmp").path, matter.path) == 0)
        let save = batches.next()
        #expect(save.count == 1)
        #expect(save.first?.allSatisfy { $0 == matter.path } == true, "\(save)")

        // A new folder is watched from then on.
        TestSupport.write("x", to: folder.appending(path: "templates/partials/new.mustache"))
        #expect(!batches.next().isEmpty)
        TestSupport.write("y", to: folder.appending(path: "templates/partials/new.mustache"))
        #expect(batches.next() == [[folder.appending(path: "templates/partials/new.mustache").path]])
    }
}
