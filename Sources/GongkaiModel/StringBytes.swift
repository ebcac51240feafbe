import Foundation

/// Byte-level questions about text, asked on every field of every file of a large site.
///
/// Comparing or searching Chinese text as `String` takes the standard library's Unicode paths
/// (normalisation, grapheme breaking), and generic loops over `utf8` step through an iterator byte by
/// byte; these work on the contiguous UTF-8 with `memcmp` and `memchr`. Byte equality is what these
/// callers mean: fixed field names and texts compared with themselves, where canonical equivalence of
/// differently written text does not arise or must not count (the same bytes give the same page).
extension String {
    /// Whether the two texts are the same bytes.
    package func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var lhs = self
        var rhs = other
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0 }
        }
    }

    /// Whether the byte occurs.
    package func containsByte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            bytes.count > 0 && memchr(bytes.baseAddress!, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether `other` occurs, compared byte by byte. Faster than Foundation's `contains` and the standard
    /// library's generic search, which cost a tenth of loading a large site; Unicode equivalence does not
    /// matter for the fixed Chinese words this looks for.
    package func containsBytes(of other: String) -> Bool {
        var text = self
        var needle = other
        return text.withUTF8 { haystack in
            needle.withUTF8 { needle in
                guard needle.count > 0 else { return true }
                guard haystack.count >= needle.count else { return false }
                let last = haystack.count - needle.count
                var start = 0
                while start <= last,
                      let hit = memchr(haystack.baseAddress! + start, Int32(needle[0]), last - start + 1) {
                    start = UnsafeRawPointer(haystack.baseAddress!).distance(to: UnsafeRawPointer(hit))
                    if memcmp(haystack.baseAddress! + start, needle.baseAddress!, needle.count) == 0 { return true }
                    start += 1
                }
                return false
            }
        }
    }
}

extension String {
    /// Without leading and trailing whitespace and line breaks (full-width space included). Most fields
    /// have none, and then the string is returned as is, without Foundation's bridging to NSString.
    package var trimmingWhitespace: String {
        // Most fields start and end with a character that is plainly not a space: no table lookups.
        var contiguous = self
        if contiguous.withUTF8({ Self.startsAndEndsWithNonSpace($0) }) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        guard first.isWhiteSpace || last.isWhiteSpace else { return self }
        let start = scalars.firstIndex { !$0.isWhiteSpace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.isWhiteSpace }.map(scalars.index(after:)) ?? start
        return start < end ? String(scalars[start..<end]) : ""
    }
}

extension String {
    /// Whether the first and the last scalar are not White_Space, read from the UTF-8: a Chinese field's
    /// first and last characters are checked without decoding them. False when unsure (the caller then
    /// looks at the scalars).
    fileprivate static func startsAndEndsWithNonSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var lastStart = bytes.count - 1
        while lastStart > 0, bytes[lastStart] & 0xC0 == 0x80, bytes.count - lastStart < 4 { lastStart -= 1 }
        return !mayBeWhiteSpace(bytes, at: 0) && !mayBeWhiteSpace(bytes, at: lastStart)
    }

    /// Every White_Space scalar starts with one of these bytes (ASCII controls and space; C2 for U+0085 and
    /// U+00A0; E1 for U+1680; E2 for U+2000–U+205F; E3 80 80 for U+3000).
    private static func mayBeWhiteSpace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        switch bytes[index] {
        case 0x09...0x0D, 0x20, 0xC2, 0xE1, 0xE2: true
        case 0xE3: index + 2 >= bytes.count || bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80
        default: false
        }
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property — what `properties.isWhitespace` reads from the character tables —
    /// as its fixed list of 25 code points (unchanged since Unicode 6.3), so that a Chinese field's
    /// first and last character need no table lookup.
    var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension String {
    /// `count`: the number of `Character`s, the unit a poster's sizes are measured in. Grapheme breaking
    /// looks every scalar up in Unicode's tables; for text whose every scalar is a character on its own —
    /// ASCII but CR, CJK ideographs, CJK and full-width punctuation, dashes and quotes, which is nearly all
    /// a matter's text — the count is the number of scalars, found on the UTF-8 bytes. Anything else
    /// (a combining mark, a variation selector, CR LF …) is counted by `count` itself.
    package var characterCount: Int {
        var text = self
        return text.withUTF8 { Self.scalarCountIfEachStandsAlone($0) } ?? count
    }

    private static func scalarCountIfEachStandsAlone(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var count = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                guard lead != 0x0D else { return nil }
                index += 1
            } else if lead & 0xF0 == 0xE0, index + 2 < bytes.count {
                let scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                guard standsAlone(scalar) else { return nil }
                index += 3
            } else {
                return nil
            }
            count += 1
        }
        return count
    }

    /// Scalars with Grapheme_Cluster_Break = Other that no rule joins to a neighbour in these ranges:
    /// general punctuation ‐ to ‧, CJK symbols up to 〩 (〪–〯 are combining tone marks), CJK ideographs
    /// (extension A and the unified block), full-width forms ！ to ｠ (not the half-width voicing marks).
    private static func standsAlone(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2010...0x2027, 0x3000...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF60: true
        default: false
        }
    }
}
