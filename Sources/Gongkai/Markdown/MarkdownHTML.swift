import Foundation

/// The Markdown stage's result: the HTML of every Markdown text in a catalogue, converted once. The same
/// text (a law's article, a 责任事项 line) recurs across matters and across the page and the print
/// catalogue, so each distinct text goes through cmark once, and the conversions run on every core.
public struct MarkdownHTML: Sendable {
    private var blocks: [ExactText: String] = [:]
    private var inlines: [ExactText: String] = [:]

    /// No texts converted ahead: every lookup converts (the specimen pages of the template check).
    public static let none = MarkdownHTML()

    public init() {}

    public init(_ catalogue: Catalogue) {
        var blockTexts = Set<ExactText>()
        var inlineTexts = Set<ExactText>()
        for matter in catalogue.matters {
            for basis in matter.legalBasis { if let text = basis.text { blockTexts.insert(ExactText(text)) } }
            if !matter.body.isEmpty { blockTexts.insert(ExactText(matter.body)) }
            for line in matter.responsibilities { inlineTexts.insert(ExactText(line)) }
        }
        for policy in catalogue.policies { blockTexts.insert(ExactText(policy.body)) }
        blocks = Self.convert(Array(blockTexts), with: Markdown.html)
        inlines = Self.convert(Array(inlineTexts), with: Markdown.inlineHTML)
    }

    public func html(_ text: String) -> String { blocks[ExactText(text)] ?? Markdown.html(text) }

    public func inlineHTML(_ text: String) -> String { inlines[ExactText(text)] ?? Markdown.inlineHTML(text) }

    /// Changes one matter's texts in place, for the preview server's one-matter rebuilds.
    public mutating func add(_ matter: Matter) {
        var blockTexts = matter.legalBasis.compactMap(\.text)
        if !matter.body.isEmpty { blockTexts.append(matter.body) }
        for text in blockTexts where blocks[ExactText(text)] == nil { blocks[ExactText(text)] = Markdown.html(text) }
        for line in matter.responsibilities where inlines[ExactText(line)] == nil {
            inlines[ExactText(line)] = Markdown.inlineHTML(line)
        }
    }

    private static func convert(_ texts: [ExactText], with convert: (String) -> String) -> [ExactText: String] {
        let html = Parallel.map(texts.count) { convert(texts[$0].text) }
        return Dictionary(uniqueKeysWithValues: zip(texts, html))
    }
}
