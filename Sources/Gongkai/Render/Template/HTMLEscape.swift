/// HTML escaping over UTF-8 bytes, with swift-mustache's output: `&<>"'` become `&amp;` `&lt;` `&gt;`
/// `&quot;` `&#39;`, everything else is copied as is.
///
/// swift-mustache escaped `Character` by `Character`, so a `<` that is part of a larger grapheme cluster
/// (followed by a combining mark, or after a prepended mark) was not a `"<"` character and stayed as it was.
/// Bytes next to ASCII are always their own character; only beside non-ASCII bytes is that checked.
enum HTMLEscape {
    static func append(_ text: String, to output: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            append(bytes, to: &output)
        }
        if done == nil {
            var copy = text
            copy.makeContiguousUTF8()
            append(copy, to: &output)
        }
    }

    /// Whether a byte may need escaping: `"` `&` `'` `<` `>`.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x22, 0x26, 0x27, 0x3C, 0x3E: true
        default: false
        }
    }

    static func replacement(_ byte: UInt8) -> StaticString {
        switch byte {
        case 0x22: "&quot;"
        case 0x26: "&amp;"
        case 0x27: "&#39;"
        case 0x3C: "&lt;"
        default: "&gt;"
        }
    }

    /// Unchanged runs are copied in one go; most text has no special byte at all and is one copy.
    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var copied = 0
        for index in bytes.indices where isSpecial(bytes[index]) {
            guard isWholeCharacter(at: index, in: bytes) else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
            let replacement = replacement(bytes[index])
            output.append(
                contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            copied = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
    }

    /// Whether the ASCII byte at `index` is a character of its own rather than part of a grapheme cluster.
    @inline(__always)
    private static func isWholeCharacter(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let asciiBefore = index == 0 || bytes[index - 1] < 0x80
        let asciiAfter = index + 1 == bytes.count || bytes[index + 1] < 0x80
        if asciiBefore && asciiAfter { return true }
        return breaksAroundNonASCII(at: index, in: bytes)
    }

    /// The rare case: a non-ASCII neighbour. Whether a break falls between two scalars depends only on the
    /// pair here (a prepended mark before, a combining or spacing mark after), so two-scalar strings settle it.
    private static func breaksAroundNonASCII(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let own = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...index]), as: UTF8.self)
        if index > 0, bytes[index - 1] >= 0x80 {
            var start = index - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if (before + own).count != 2 { return false }
        }
        if index + 1 < bytes.count, bytes[index + 1] >= 0x80 {
            var end = index + 2
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            let after = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self)
            if (own + after).count != 2 { return false }
        }
        return true
    }
}
