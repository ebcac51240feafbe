import ByteScanning

/// HTML escaping over UTF-8 bytes, with swift-mustache's replacements: `&<>"'` become `&amp;` `&lt;` `&gt;`
/// `&quot;` `&#39;`, everything else is copied as is.
///
/// Every such byte is replaced, even when it begins a larger grapheme cluster (`"` followed by a combining
/// mark). swift-mustache escaped `Character` by `Character` and left such a cluster alone — but a browser
/// reads bytes, and that `"` still closed the attribute it stood in. This is the one place the engine's
/// output knowingly differs from swift-mustache's.
public enum HTMLEscape {
    /// The escaped text, for markup written outside templates (the sitemap, a QR code's label, what `serve`
    /// injects); the replacements are valid in XML too.
    public static func escaped(_ text: String) -> String {
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            guard firstSpecial(in: bytes, from: 0) < bytes.count else { return text }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            append(bytes, to: &output)
            return String(decoding: output, as: UTF8.self)
        }
    }

    static func append<Sink: ByteSink & ~Copyable>(_ text: String, to output: inout Sink) {
        var text = text
        text.withUTF8 { append($0, to: &output) }
    }

    private static func replacement(_ byte: UInt8) -> StaticString? {
        switch byte {
        case 0x22: "&quot;"
        case 0x26: "&amp;"
        case 0x27: "&#39;"
        case 0x3C: "&lt;"
        case 0x3E: "&gt;"
        default: nil
        }
    }

    /// The first byte at or after `start` that is replaced, or `bytes.count`. (The five are all below 0x40.)
    @inline(__always)
    private static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        ByteScan.firstIndex(in: bytes, from: start, below: 0x40) { replacement($0) != nil }
    }

    /// Unchanged runs are copied in one go; most text has no special byte at all and is one copy.
    private static func append<Sink: ByteSink & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout Sink) {
        var copied = 0
        while true {
            let index = firstSpecial(in: bytes, from: copied)
            guard index < bytes.count, let replacement = replacement(bytes[index]) else { break }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
            output.append(
                contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            copied = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
    }
}
