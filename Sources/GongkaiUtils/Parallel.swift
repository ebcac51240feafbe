import Foundation

/// Work spread over every core. Builds are embarrassingly parallel — each file parses, each page renders
/// and writes on its own — so one index-based map is all the concurrency the build needs.
package enum Parallel {
    /// `transform(0..<count)` in order, computed on all cores.
    package static func map<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(transform) }
        return withoutActuallyEscaping(transform) { transform in
            Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                let unsafe = UnsafeTransfer(results: buffer, transform: transform)
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    (unsafe.results.baseAddress! + index).initialize(to: unsafe.transform(index))
                }
                initialized = count
            }
        }
    }
}

/// Each index writes only its own slot, so sharing the buffer across threads is safe.
// @unchecked Sendable: each index writes only its own slot of the buffer.
private struct UnsafeTransfer<T>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<T>
    let transform: (Int) -> T
}
