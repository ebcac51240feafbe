/// A String as a dictionary key compared and hashed by its UTF-8 bytes.
///
/// A String key hashes through Unicode normalisation whenever the text is not ASCII — for a Chinese
/// Markdown body, a slow walk over every character on every lookup. Bytes are also the right identity
/// here: cmark converts bytes, so two texts that are canonically equivalent but written differently
/// give different HTML and must not share an entry.
struct ExactText: Hashable, Sendable {
    let text: String

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
    }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.hasSameBytes(as: rhs.text)
    }

    /// The length and at most the first and last 64 bytes: a body is hashed each time a page looks its
    /// HTML up, and hashing all of 1.5 KB each time showed in a build's profile. Texts that agree there
    /// but differ inside only share a bucket; `==` still compares every byte.
    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { bytes in
            hasher.combine(bytes.count)
            guard bytes.count > 128 else { return hasher.combine(bytes: UnsafeRawBufferPointer(bytes)) }
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<64])))
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[(bytes.count - 64)...])))
        }
    }
}
