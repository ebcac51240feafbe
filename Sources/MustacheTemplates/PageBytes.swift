/// The bytes of a page being rendered. A page is appended to a few thousand times, most often a short run
/// of template text; `Array.append(contentsOf:)` cost ~95 instructions a call in checks and bookkeeping
/// (4% of a build), this a capacity check and a copy.
///
/// Owned by one renderer for one page, until `TemplateRenderer.render` hands the buffer itself over with
/// `handedOver()`: the page is written from it and freed with it. Non-copyable, so the buffer has exactly
/// one owner: a copy could free it twice or write into it after it was handed over; dropped without being
/// handed over, it frees the buffer itself.
struct PageBytes: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The buffer itself, now owned by what is returned; this is consumed, so it is not freed here.
    consuming func handedOver() -> RenderedBytes {
        let rendered = RenderedBytes(base: base, count: count)
        discard self
        return rendered
    }

    subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count)
        return base[index]
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Drops the bytes from `index` on.
    mutating func truncate(to index: Int) {
        precondition(index >= 0 && index <= count)
        count = index
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

/// Where escaped text goes: a page being rendered, or a byte array.
protocol ByteSink: ~Copyable {
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {}

/// A page's bytes in the buffer the renderer wrote them into, freed with the last reference. A build
/// writes every page from here: copying each page into an array of its own moved half a gigabyte at
/// 10,000 matters, and the print catalogue's tens of megabytes were copied into fresh memory.
// @unchecked Sendable: the bytes are never written after the page is rendered, and freed only in deinit.
package final class RenderedBytes: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    let count: Int

    fileprivate init(base: UnsafeMutablePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { base.deallocate() }

    package func withBytes<Result>(_ use: (UnsafeRawBufferPointer) -> Result) -> Result {
        use(UnsafeRawBufferPointer(start: base, count: count))
    }
}
