import Foundation
import Testing
@testable import GongkaiBuild

/// A finished build's data is freed on another thread than the one that finished the build — and still
/// freed, not leaked.
@Suite struct ReleaseInBackgroundTests {
    final class Tracked: @unchecked Sendable {
        let freed: (pthread_t) -> Void
        init(freed: @escaping (pthread_t) -> Void) { self.freed = freed }
        deinit { freed(pthread_self()) }
    }

    @Test func freedOnAnotherThread() {
        let done = DispatchSemaphore(value: 0)
        let lock = NSLock()
        var freeingThread: pthread_t?
        let caller = pthread_self()
        Pipeline.releaseInBackground((Tracked { thread in
            lock.withLock { freeingThread = thread }
            done.signal()
        }, [1, 2, 3]))
        #expect(done.wait(timeout: .now() + 5) == .success, "the data was never freed")
        let thread = lock.withLock { freeingThread }
        #expect(thread.map { pthread_equal($0, caller) == 0 } == true, "freed on the caller's thread")
    }
}
