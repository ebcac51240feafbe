import Yams

/// A YAML value as content files use it: text (and whether it was written plainly, which is what tells
/// `~` the null from "~" the text), a list, or a mapping in written order, each with the line and column
/// where it starts. Tags are not kept: every field is read as text.
///
/// Lighter than Yams' `Node`, which carries a tag object and an anchor per value; a content file has a
/// few hundred values and a large site hundreds of thousands of files' worth.
package struct YAMLNode: Sendable {
    package enum Content: Sendable {
        case scalar(String, isPlain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    package let content: Content
    /// 1-based, counted within the YAML text.
    package let line: Int
    /// 1-based, in characters.
    package let column: Int

    static let emptyMapping = YAMLNode(content: .mapping([]), line: 1, column: 1)

    /// The text of a scalar; nil for a list or a mapping.
    package var string: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// In a mapping, the value of the first key whose text is `key`.
    package subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs.first { $0.key.string == key }?.value
    }
}

extension YAMLNode {
    /// The same value from Yams' composition, which the reader falls back to for anything the direct
    /// composer leaves to it (anchors, aliases, tags, errors). Aliases arrive resolved: Yams' composer
    /// returns the anchored node in their place.
    init(_ node: Node) {
        let mark = node.mark
        let content: Content
        switch node {
        case .scalar(let scalar):
            content = .scalar(scalar.string, isPlain: scalar.style == .plain)
        case .sequence(let sequence):
            content = .sequence(sequence.map(YAMLNode.init))
        case .mapping(let mapping):
            content = .mapping(mapping.map { (key: YAMLNode($0.key), value: YAMLNode($0.value)) })
        case .alias(let alias):
            // Only built by code that writes YAML, never by composing it.
            content = .scalar("*\(alias.anchor.rawValue)", isPlain: false)
        }
        self.init(content: content, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}
