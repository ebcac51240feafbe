/// Strings that are the same on every page, which pages carry under one key of their context (gongkai
/// passes its theme's labels, under `labels`). A `{{key.name}}` tag gets its text when the templates are
/// parsed, and the renderer writes that text without a lookup while the page carries these very strings
/// (see `FixedText`); rendering is exactly what looking the name up would give.
package struct FixedStrings: Sendable {
    /// The context key pages carry the strings under.
    package let key: String
    package let values: [String: String]

    package init(key: String, values: [String: String]) {
        self.key = key
        self.values = values
    }
}
