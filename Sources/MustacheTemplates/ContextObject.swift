/// An object of a page context: named values, written as a dictionary literal by the context builders.
///
/// Templates look names up some thousand times a page, each lookup walking the context stack from the top.
/// With `[String: Any]` every lookup, and every miss on the way down, hashed the name with SipHash under
/// that dictionary's own seed, and building a page's objects hashed every key again and copied every entry
/// into a hash table: together a fifth of a build. Here the entries are kept in a plain array, in the
/// literal's order, and a lookup compares the name's length with each key's and, where they agree, the
/// names: the builders' objects have up to about twenty keys, which are scanned faster than one name is
/// hashed. (Larger collections of names, like a theme's labels, stay dictionaries.)
///
/// Keys keep the order given. Setting a key already present replaces its value, as a dictionary would.
package struct ContextObject: ExpressibleByDictionaryLiteral {
    /// The literal's own array, kept as it is: copying each entry out of it into another array, and then
    /// freeing it, was most of what building a page's objects cost. It is read as `Entry`s (same fields,
    /// same layout; a test holds them so), because reading `(String, Any)` tuples out of a buffer goes
    /// through the runtime's generic tuple copy.
    private var storage: [(String, Any)]

    package struct Entry {
        package let name: String
        package var value: Any
    }

    package init(dictionaryLiteral elements: (String, Any)...) {
        assert(Set(elements.map(\.0)).count == elements.count, "a key written twice: \(elements.map(\.0))")
        storage = elements
    }

    /// The entries in order (for the template check and transforms; lookups do not copy them).
    package var entries: [Entry] { withEntries { Array($0) } }

    var count: Int { storage.count }

    package subscript(name: String) -> Any? {
        get { value(for: name) }
        set {
            if let index = index(of: name) {
                if let newValue { storage[index].1 = newValue } else { storage.remove(at: index) }
            } else if let newValue {
                storage.append((name, newValue))
            }
        }
    }

    @inline(__always)
    func value(for name: String) -> Any? {
        guard let position = index(of: name) else { return nil }
        return withEntries { entries -> Any in entries[position].value }
    }

    @inline(__always)
    private func index(of name: String) -> Int? {
        let length = name.utf8.count
        return withEntries { entries in
            for index in entries.indices where entries[index].name.utf8.count == length && entries[index].name == name {
                return index
            }
            return nil
        }
    }

    @inline(__always)
    private func withEntries<Result>(_ body: (UnsafeBufferPointer<Entry>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { tuples in tuples.withMemoryRebound(to: Entry.self, body) }
    }

    /// This object with `other`'s entries added, `other`'s value winning where both have a key.
    package func merging(_ other: ContextObject) -> ContextObject {
        var merged = self
        merged.merge(other)
        return merged
    }

    package mutating func merge(_ other: ContextObject) {
        storage.reserveCapacity(storage.count + other.storage.count)
        for entry in other.entries { self[entry.name] = entry.value }
    }
}
