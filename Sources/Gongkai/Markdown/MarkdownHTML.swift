import Foundation

/// The Markdown stage's result: the HTML of every Markdown text in a catalogue, converted once. The same
/// text (a law's article, a 责任事项 line) recurs across matters and across the page and the print
/// catalogue, so each distinct text goes through cmark once, and the conversions run on every core.
public struct MarkdownHTML: Sendable {
    private var blocks: [String: String] = [:]
    private var inlines: [String: String] = [:]

    /// No texts converted ahead: every lookup converts (the specimen pages of the template check).
    public static let none = MarkdownHTML()

    public init() {}

    public init(_ catalogue: Catalogue) {
        var blockTexts = Set<String>()
        var inlineTexts = Set<String>()
        for matter in catalogue.matters {
            for basis in matter.legalBasis { if let text = basis.text { blockTexts.insert(text) } }
            if !matter.body.isEmpty { blockTexts.insert(matter.body) }
            inlineTexts.formUnion(matter.responsibilities)
        }
        for policy in catalogue.policies { blockTexts.insert(policy.body) }
        blocks = Self.convert(Array(blockTexts), with: Markdown.html)
        inlines = Self.convert(Array(inlineTexts), with: Markdown.inlineHTML)
    }

    public func html(_ text: String) -> String { blocks[text] ?? Markdown.html(text) }

    public func inlineHTML(_ text: String) -> String { inlines[text] ?? Markdown.inlineHTML(text) }

    /// Changes one matter's texts in place, for the preview server's one-matter rebuilds.
    public mutating func add(_ matter: Matter) {
        for basis in matter.legalBasis { if let text = basis.text, blocks[text] == nil { blocks[text] = Markdown.html(text) } }
        if !matter.body.isEmpty, blocks[matter.body] == nil { blocks[matter.body] = Markdown.html(matter.body) }
        for line in matter.responsibilities where inlines[line] == nil { inlines[line] = Markdown.inlineHTML(line) }
    }

    private static func convert(_ texts: [String], with convert: (String) -> String) -> [String: String] {
        let html = Parallel.map(texts.count) { convert(texts[$0]) }
        return Dictionary(uniqueKeysWithValues: zip(texts, html))
    }
}
