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
    func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var lhs = self
        var rhs = other
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0 }
        }
    }

    /// Whether the byte occurs.
    func containsByte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            bytes.count > 0 && memchr(bytes.baseAddress!, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether `other` occurs, compared byte by byte. Faster than Foundation's `contains` and the standard
    /// library's generic search, which cost a tenth of loading a large site; Unicode equivalence does not
    /// matter for the fixed Chinese words this looks for.
    func containsBytes(of other: String) -> Bool {
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
