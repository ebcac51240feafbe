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
struct ContextObject: ExpressibleByDictionaryLiteral {
    private(set) var entries: [Entry]

    struct Entry {
        let name: String
        var value: Any
    }

    init(dictionaryLiteral elements: (String, Any)...) {
        assert(Set(elements.map(\.0)).count == elements.count, "a key written twice: \(elements.map(\.0))")
        entries = elements.map { Entry(name: $0.0, value: $0.1) }
    }

    var count: Int { entries.count }

    subscript(name: String) -> Any? {
        get { value(for: name) }
        set {
            if let index = index(of: name) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(name: name, value: newValue))
            }
        }
    }

    @inline(__always)
    func value(for name: String) -> Any? {
        guard let position = index(of: name) else { return nil }
        return entries.withUnsafeBufferPointer { entries -> Any in entries[position].value }
    }

    @inline(__always)
    private func index(of name: String) -> Int? {
        let length = name.utf8.count
        return entries.withUnsafeBufferPointer { entries in
            for index in entries.indices where entries[index].name.utf8.count == length && entries[index].name == name {
                return index
            }
            return nil
        }
    }

    /// This object with `other`'s entries added, `other`'s value winning where both have a key.
    func merging(_ other: ContextObject) -> ContextObject {
        var merged = self
        merged.merge(other)
        return merged
    }

    mutating func merge(_ other: ContextObject) {
        entries.reserveCapacity(entries.count + other.entries.count)
        for entry in other.entries { self[entry.name] = entry.value }
    }
}
