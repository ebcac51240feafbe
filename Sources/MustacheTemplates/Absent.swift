/// A value a page does not have. Mustache (swift-mustache's semantics, which the template engine keeps)
/// treats an empty string as true in `{{#x}}…{{/x}}`, so missing text is passed as this instead: it renders
/// as nothing and counts as false in sections, while its key stays in the context for the template check.
package struct Absent: Sendable {
    package init() {}
}

/// Text for a template, or `Absent` when there is none.
package func optionalText(_ text: String?) -> Any {
    guard let text, !text.isEmpty else { return Absent() }
    return text
}
