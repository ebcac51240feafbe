import GongkaiModel
import MustacheTemplates

/// The print catalogue as `gongkai pdf` lays it out: in parts, each a page of its own from the theme's
/// catalogue template, so that a large catalogue never has to be laid out whole and an edit lays out again
/// only the part it is in.
///
/// - the front: the cover and the 目录, whose page numbers are written in (`front(pages:)`), counted from
///   the body parts as they came out on paper;
/// - the body: a few 信息表 a part (`parts`), split where a matter's 序号 says so (`partition`), so that adding
///   or removing a matter moves the split points next to it only and the other parts stay as they were;
/// - the running document (`running(pageCount:)`): as many empty pages as the joined book, carrying the
///   running header and page numbers (catalogue-running.css), laid over the book's pages.
///
/// A theme without `print/running.mustache` has no book: its catalogue is laid out in one piece.
public struct PrintBook: Sendable {
    public static let runningTemplate = "print/running"
    static let catalogueTemplate = "print/catalogue"

    let theme: Theme
    let catalogue: Catalogue
    let markdown: MarkdownHTML
    /// The matters of each body part, by position in the catalogue.
    public let parts: [Range<Int>]

    public init?(catalogue: Catalogue, theme: Theme, markdown: MarkdownHTML) {
        guard theme.templates[Self.runningTemplate] != nil, !catalogue.matters.isEmpty else { return nil }
        self.catalogue = catalogue
        self.theme = theme
        self.markdown = markdown
        parts = Self.partition(catalogue.matters.map(\.number))
    }

    /// The anchor each matter's 信息表 begins with, in catalogue order: what the 目录's page numbers count.
    public var anchors: [String] { catalogue.matters.map { SheetContext.anchor($0.number) } }

    /// The 目录's rows: the anchor of each row's matter (nil for a duty without matters). Its row carries the
    /// id `toc-<anchor>`, so where the rows fell on paper can be read back (`tocRowID`).
    public var tocRows: [String?] { catalogueContext.tocRowAnchors }

    public static func tocRowID(_ anchor: String) -> String { "toc-" + anchor }

    /// A front part: the cover (if `cover`) and the 目录's `rows`, its heading before the first row, each
    /// matter's page number from `pages` (by anchor). The front may be laid out in several such parts.
    public func front(rows: Range<Int>, cover: Bool, pages: [String: Int]) -> String {
        page(catalogueContext.part(cover: cover, tocRows: rows, tocTitle: rows.lowerBound == 0, sheets: 0..<0, pages: pages, isPart: true))
    }

    /// The whole front in one part.
    public func front(pages: [String: Int]) -> String {
        front(rows: 0..<tocRows.count, cover: true, pages: pages)
    }

    /// The 信息表 of body part `index`.
    public func body(_ index: Int) -> String {
        page(catalogueContext.part(cover: false, tocRows: 0..<0, tocTitle: false, sheets: parts[index], pages: [:], isPart: true))
    }

    /// The 信息表 of body parts `indices` (consecutive), as one page: laid out at once, then written part by
    /// part from the pages each begins on (`firstAnchor`).
    public func body(parts indices: Range<Int>) -> String {
        let sheets = parts[indices.lowerBound].lowerBound..<parts[indices.upperBound - 1].upperBound
        return page(catalogueContext.part(cover: false, tocRows: 0..<0, tocTitle: false, sheets: sheets, pages: [:], isPart: true))
    }

    /// The anchor on the first page of body part `index`: its first 信息表's.
    public func firstAnchor(ofPart index: Int) -> String {
        SheetContext.anchor(catalogue.matters[parts[index].lowerBound].number)
    }

    /// The running document for a book of `pageCount` pages.
    public func running(pageCount: Int) -> String {
        let shared = PageContext(catalogue: catalogue, labels: theme.labels)
        let context = shared.value(
            title: theme.labels[label: .printCatalogueTitle], path: SiteOutputs.printCatalogue, section: .catalogue,
            extra: ["running": ["pages": LazyList(count: max(pageCount - 1, 0)) { _ in [:] }] as ContextObject])
        return text(theme.render(context, template: Self.runningTemplate))
    }

    private var catalogueContext: CatalogueContext {
        CatalogueContext(catalogue: catalogue, labels: theme.labels, markdown: markdown)
    }

    private func page(_ printCatalogue: ContextObject) -> String {
        let shared = PageContext(catalogue: catalogue, labels: theme.labels)
        let context = shared.value(
            title: theme.labels[label: .printCatalogueTitle], path: SiteOutputs.printCatalogue, section: .catalogue,
            extra: ["printCatalogue": printCatalogue])
        return text(theme.render(context, template: Self.catalogueTemplate))
    }

    private func text(_ rendered: RenderedBytes?) -> String {
        rendered?.withBytes { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The body parts: a part ends after a matter whose 序号 hashes to a multiple of `spread` (about one in
    /// four), and at `largest` matters at the latest. Which part a matter is in depends on its own 序号 and
    /// its neighbours' only, so an added or removed matter changes the part it joins or leaves and no other.
    /// About four 信息表 (eight pages, half a second to lay out) a part: an edit waits for one part, and the
    /// parts' own costs (a tenth of a second each to embed their fonts, the join) stay small beside the pages.
    static func partition(_ numbers: [String], spread: UInt64 = 4, largest: Int = 8) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = 0
        for (index, number) in numbers.enumerated() {
            if index - start + 1 >= largest || fnv1a(number) % spread == 0 || index == numbers.count - 1 {
                parts.append(start..<(index + 1))
                start = index + 1
            }
        }
        return parts
    }

    /// FNV-1a over the UTF-8 bytes: the same on every machine and run (Swift's own hashing is seeded).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
