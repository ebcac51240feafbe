/// Finding the few bytes that need escaping in text that mostly has none, eight bytes at a time.
///
/// Escaping looked at every byte of every page's text, one comparison chain each; Chinese text is three
/// bytes a character, all of them 0x80 or above, and the bytes escaping cares about (markup and quotes
/// for HTML, quotes, backslashes and controls for JSON) are all below 0x60. A word with no byte below
/// that bound is skipped whole; only a word that has one is looked at byte by byte.
public enum ByteScan {
    /// The position of the first byte at or after `start` for which `isSpecial` holds, or `bytes.count`.
    /// - Parameter below: every byte `isSpecial` accepts is below it (at most 0x80).
    // Inlinable, and so public (a `package` @inlinable body was still called out of line by the Swift 6.3
    // release build): its callers, HTML escaping and the JSON writer, are in other modules, and out of line,
    // with the test a closure call per byte, it cost a noticeable share of a build (docs/performance.md). The module
    // is in no product, so nothing outside the package sees it.
    @inlinable @inline(__always)
    public static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, below bound: UInt8, where isSpecial: (UInt8) -> Bool
    ) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        let count = bytes.count
        var index = start
        let repeated = UInt64(0x0101_0101_0101_0101)
        let boundWord = repeated &* UInt64(bound)
        let highBits = repeated &* 0x80
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // A byte below the bound borrows into its high bit when the bound is subtracted (bytes of 0x80
            // and above are masked out by `~word`): exact for bounds up to 0x80.
            if (word &- boundWord) & ~word & highBits == 0 {
                index += 8
                continue
            }
            for offset in 0..<8 where isSpecial(base[index + offset]) { return index + offset }
            index += 8
        }
        while index < count {
            if isSpecial(base[index]) { return index }
            index += 1
        }
        return count
    }
}
