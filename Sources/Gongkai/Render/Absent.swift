/// A value a page does not have. Mustache (swift-mustache's semantics, which the template engine keeps)
/// treats an empty string as true in `{{#x}}…{{/x}}`, so missing text is passed as this instead: it renders
/// as nothing and counts as false in sections, while its key stays in the context for the template check.
struct Absent: Sendable {}

/// A list whose elements are made one at a time as the template reaches them, and dropped after: the
/// print catalogue's 信息表 for 10,000 matters would otherwise all sit in memory at once.
struct LazyList {
    let count: Int
    let element: (Int) -> [String: Any]
}

/// Text for a template, or `Absent` when there is none.
func optionalText(_ text: String?) -> Any {
    guard let text, !text.isEmpty else { return Absent() }
    return text
}
