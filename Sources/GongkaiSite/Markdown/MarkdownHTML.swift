import Foundation
import GongkaiModel
import GongkaiUtils

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
            let texts = Self.texts(of: matter)
            blockTexts.formUnion(texts.blocks.map(ExactText.init))
            inlineTexts.formUnion(texts.inlines.map(ExactText.init))
        }
        for policy in catalogue.policies { blockTexts.insert(ExactText(policy.body)) }
        blocks = Self.convert(Array(blockTexts), with: Markdown.html)
        inlines = Self.convert(Array(inlineTexts), with: Markdown.inlineHTML)
    }

    public func html(_ text: String) -> String { blocks[ExactText(text)] ?? Markdown.html(text) }

    public func inlineHTML(_ text: String) -> String { inlines[ExactText(text)] ?? Markdown.inlineHTML(text) }

    /// Changes one matter's texts in place, for the preview server's one-matter rebuilds.
    public mutating func add(_ matter: Matter) {
        let texts = Self.texts(of: matter)
        for text in texts.blocks.map(ExactText.init) where blocks[text] == nil { blocks[text] = Markdown.html(text.text) }
        for line in texts.inlines.map(ExactText.init) where inlines[line] == nil {
            inlines[line] = Markdown.inlineHTML(line.text)
        }
    }

    /// Whether a text was converted ahead (block or inline), so a page's lookups find it.
    func hasConverted(_ text: String) -> Bool {
        blocks[ExactText(text)] != nil || inlines[ExactText(text)] != nil
    }

    /// A matter's Markdown: legal texts and the body as blocks, 责任事项 as inline text.
    static func texts(of matter: Matter) -> (blocks: [String], inlines: [String]) {
        var blocks = matter.legalBasis.compactMap(\.text)
        if !matter.body.isEmpty { blocks.append(matter.body) }
        return (blocks, matter.responsibilities)
    }

    private static func convert(_ texts: [ExactText], with convert: (String) -> String) -> [ExactText: String] {
        let html = Parallel.map(texts.count) { convert(texts[$0].text) }
        return Dictionary(uniqueKeysWithValues: zip(texts, html))
    }
}
