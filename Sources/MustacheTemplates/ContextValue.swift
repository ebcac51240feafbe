import Foundation

/// What the renderer does with the values of a page context (`ContextObject` trees of strings, numbers,
/// booleans, `Absent`, objects and arrays; `[String: Any]` dictionaries work too), with swift-mustache's
/// semantics.
///
/// Values are recognised by comparing their dynamic type with the handful of concrete types the context
/// builders use (a pointer comparison), then cast to exactly that type, which the runtime does without
/// consulting any conformance table. That is what makes this fast: swift-mustache cast every value to
/// protocols, searching the conformance tables on every lookup; and a cast to a *different* collection
/// type (`[String: String]` as `[String: Any]`) would convert every element, so the exact type is checked
/// first. Other types (never produced by the builders today) still work, through general casts.
enum ContextValue {
    // The concrete types the page contexts are built from, most frequent first.
    static let object = ContextObject.self
    static let objectList = [ContextObject].self
    static let stringAnyDictionary = [String: Any].self
    static let stringDictionary = [String: String].self
    static let dictionaryList = [[String: Any]].self
    static let stringDictionaryList = [[String: String]].self
    static let stringList = [String].self
    static let anyList = [Any].self

    /// `object.name`: an object's or a dictionary's entry. Anything else has no children (swift-mustache
    /// would read a struct's stored properties through `Mirror`; contexts hold no structs besides `Absent`,
    /// which has none).
    @inline(__always)
    static func child(_ name: String, of object: Any) -> Any? {
        if let object = exactly(object, ContextObject.self) { return object.value(for: name) }
        if let dictionary = exactly(object, [String: Any].self) { return dictionary[name] }
        if let dictionary = exactly(object, [String: String].self) { return dictionary[name] }
        let dynamicType = boxedType(of: object)
        if dynamicType == String.self || dynamicType == Bool.self || dynamicType == Int.self
            || dynamicType == Absent.self || dynamicType == objectList || dynamicType == dictionaryList
            || dynamicType == stringDictionaryList || dynamicType == stringList {
            return nil
        }
        return (object as? [String: Any])?[name]
    }

    /// The value in `box` if its type is exactly `T`. Cheaper than `box as? T`: opening the box and comparing
    /// one type pointer, where the runtime's cast walks its general machinery. (A value boxed twice, an `Any`
    /// in an `Any`, is not `T` here; callers fall back to a real cast.)
    @inline(__always)
    static func exactly<T>(_ box: Any, _: T.Type) -> T? {
        // Opened implicitly, as a generic argument: `_openExistential` copied the box first, on every
        // level of every lookup.
        contents(of: box, as: T.self)
    }

    @inline(__always)
    private static func contents<Contained, T>(of contained: Contained, as _: T.Type) -> T? {
        Contained.self == T.self ? unsafeBitCast(contained, to: T.self) : nil
    }

    /// The type recorded in the box. `type(of:)` asks the runtime (`swift_getDynamicType`), which was a
    /// percent of a build; the box's own type is the same for everything the context builders produce
    /// (values, and classes boxed as themselves).
    @inline(__always)
    static func boxedType(of box: Any) -> Any.Type {
        typeOfContents(box)
    }

    @inline(__always)
    private static func typeOfContents<Contained>(_: Contained) -> Any.Type { Contained.self }

    /// How a value behaves as the subject of a section.
    enum SectionKind {
        /// Rendered once per element, with the element pushed (an empty list renders nothing).
        case list
        /// `true` renders the section once in the same context, `false` skips it.
        case bool(Bool)
        /// `Absent`: skipped, like `false`.
        case absent
        /// Anything else, `""` and `0` included: rendered once with the value pushed.
        case object
    }

    @inline(__always)
    static func sectionKind(of value: Any) -> SectionKind {
        let dynamicType = boxedType(of: value)
        if dynamicType == object || dynamicType == String.self || dynamicType == stringAnyDictionary
            || dynamicType == stringDictionary || dynamicType == Int.self {
            return .object
        }
        if dynamicType == objectList || dynamicType == dictionaryList || dynamicType == stringDictionaryList
            || dynamicType == stringList || dynamicType == anyList {
            return .list
        }
        if let bool = exactly(value, Bool.self) { return .bool(bool) }
        if dynamicType == Absent.self { return .absent }
        if dynamicType == LazyList.self { return .list }
        // General casts for any other type; like swift-mustache's they see through an Optional in the box.
        if value is [Any] { return .list }
        if let bool = value as? Bool { return .bool(bool) }
        if value is Absent { return .absent }
        return .object
    }

    /// Calls `body` with each element of a list value (one for which `sectionKind` is `.list`), its index,
    /// and the count. Each element type has its own loop: through a generic one, an `[Any]`'s elements
    /// would be boxed in a second `Any`, out of line.
    @inline(__always)
    static func forEachElement(of list: Any, _ body: (Any, Int, Int) -> Void) {
        if let elements = exactly(list, [ContextObject].self) {
            for index in elements.indices { body(elements[index], index, elements.count) }
        } else if let lazy = exactly(list, LazyList.self) {
            for index in 0..<lazy.count { body(lazy.element(index), index, lazy.count) }
        } else if let elements = exactly(list, [[String: Any]].self) {
            for index in elements.indices { body(elements[index], index, elements.count) }
        } else if let elements = exactly(list, [[String: String]].self) {
            for index in elements.indices { body(elements[index], index, elements.count) }
        } else if let elements = exactly(list, [String].self) {
            for index in elements.indices { body(elements[index], index, elements.count) }
        } else if let elements = list as? [Any] {
            for index in elements.indices { body(elements[index], index, elements.count) }
        }
    }

    static func isEmptyList(_ list: Any) -> Bool {
        if let elements = exactly(list, [ContextObject].self) { return elements.isEmpty }
        if let lazy = exactly(list, LazyList.self) { return lazy.count == 0 }
        if let elements = exactly(list, [[String: Any]].self) { return elements.isEmpty }
        if let elements = exactly(list, [[String: String]].self) { return elements.isEmpty }
        if let elements = exactly(list, [String].self) { return elements.isEmpty }
        return (list as? [Any])?.isEmpty ?? true
    }

    /// `{{value}}`: strings as they are, numbers and booleans as Swift prints them, `Absent` as nothing.
    @inline(__always)
    static func append(_ value: Any, escaped: Bool, to output: inout PageBytes) {
        if let string = exactly(value, String.self) {
            if escaped { HTMLEscape.append(string, to: &output) } else { output.append(utf8: string) }
            return
        }
        let dynamicType = boxedType(of: value)
        if dynamicType == Absent.self {
            return
        } else if let integer = exactly(value, Int.self) {
            output.append(utf8: String(integer))
        } else if let bool = exactly(value, Bool.self) {
            output.append(utf8: bool ? "true" : "false")
        } else if value is Absent {
            return
        } else {
            let text = String(describing: unwrappingOptional(value))
            if escaped { HTMLEscape.append(text, to: &output) } else { output.append(utf8: text) }
        }
    }

    /// `Optional<T>.some(x)` stored in an `Any` prints as `x`, as in swift-mustache; `nil` prints as "nil".
    /// Only reached for types the context builders do not produce.
    private static func unwrappingOptional(_ value: Any) -> Any {
        (value as? any OptionalValue)?.wrappedAny ?? value
    }

    /// NSNull stands for nothing, as swift-mustache's `MustacheCustomRepresentation` made it.
    @inline(__always)
    static func isNull(_ value: Any) -> Bool {
        boxedType(of: value) == NSNull.self
    }

    /// swift-mustache's transforms: `name(value)` → a new value, or nil when `name` does not apply.
    static func transform(_ name: String, _ value: Any) -> Any? {
        if let position = exactly(value, SequencePosition.self) { return position.transform(name) }
        if let string = exactly(value, String.self) { return transform(name, string: Substring(string)) }
        if let integer = exactly(value, Int.self) { return transform(name, integer: integer) }
        if let string = value as? String { return transform(name, string: Substring(string)) }
        if let integer = value as? Int { return transform(name, integer: integer) }
        if let substring = value as? Substring { return transform(name, string: substring) }
        if let object = exactly(value, ContextObject.self) { return transform(name, object: object) }
        if let dictionary = value as? [String: Any] { return transform(name, dictionary: dictionary) }
        if let elements = value as? [Any] {
            switch name {
            case "first": return elements.first
            case "last": return elements.last
            case "reversed": return Array(elements.reversed())
            case "count": return elements.count
            case "empty": return elements.isEmpty
            case "sorted":
                if let strings = value as? [String] { return strings.sorted() }
                if let integers = value as? [Int] { return integers.sorted() }
                return nil
            default: return nil
            }
        }
        return nil
    }

    private static func transform(_ name: String, string: Substring) -> Any? {
        switch name {
        case "empty": string.isEmpty
        case "capitalized": string.capitalized
        case "lowercased": string.lowercased()
        case "uppercased": string.uppercased()
        case "reversed": String(string.reversed())
        default: nil
        }
    }

    private static func transform(_ name: String, integer: Int) -> Any? {
        switch name {
        case "equalzero": integer == 0
        case "plusone": integer + 1
        case "minusone": integer - 1
        case "even": integer & 1 == 0
        case "odd": integer & 1 == 1
        default: nil
        }
    }

    /// An object as a dictionary: `enumerated` in the order of its keys.
    private static func transform(_ name: String, object: ContextObject) -> Any? {
        switch name {
        case "count": object.count
        case "empty": object.count == 0
        case "enumerated": object.entries.map { ["key": $0.name, "value": $0.value] as ContextObject }
        case "sorted": object.entries.sorted { $0.name < $1.name }.map { ["key": $0.name, "value": $0.value] as ContextObject }
        default: nil
        }
    }

    /// `enumerated` and `sorted` give key/value pairs, as `[String: Any]` so `{{key}}` and `{{value}}` work.
    private static func transform(_ name: String, dictionary: [String: Any]) -> Any? {
        switch name {
        case "count": dictionary.count
        case "empty": dictionary.isEmpty
        case "enumerated": dictionary.map { ["key": $0.key, "value": $0.value] as [String: Any] }
        case "sorted": dictionary.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] as [String: Any] }
        default: nil
        }
    }
}

/// Where the current element sits in the list a section iterates: what `first()`, `last()`, `index()`,
/// `even()` and `odd()` read.
struct SequencePosition: Sendable {
    var first: Bool
    var last: Bool
    var index: Int

    func transform(_ name: String) -> Any? {
        switch name {
        case "first": first
        case "last": last
        case "index": index
        case "even": index & 1 == 0
        case "odd": index & 1 == 1
        default: nil
        }
    }
}

private protocol OptionalValue {
    var wrappedAny: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrappedAny: Any? { self }
}
