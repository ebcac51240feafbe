import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiModel
@testable import GongkaiSite

/// The print catalogue in parts, as `gongkai pdf` lays it out (PrintBook): which 信息表 each part holds,
/// the front with its page numbers written in, the running document. The PDFs themselves are checked in
/// Tests/browser/test_pdf.py.
@Suite struct PrintBookTests {
    static func book(_ content: URL = TestSupport.exampleContent, theme: URL = TestSupport.defaultTheme) throws -> PrintBook? {
        let options = BuildOptions(content: content, output: URL(filePath: "/nonexistent"), theme: theme)
        let pipeline = Pipeline(options: options)
        let catalogue = try pipeline.loadCatalogue()
        return PrintBook(catalogue: catalogue, theme: try pipeline.loadTheme(), markdown: MarkdownHTML(catalogue))
    }

    @Test func partsCoverEveryMatterOnceInOrder() throws {
        let numbers = (1...400).map { "\($0 / 10).\($0 % 10)" }
        let parts = PrintBook.partition(numbers)
        #expect(parts.first?.lowerBound == 0 && parts.last?.upperBound == numbers.count)
        for (earlier, later) in zip(parts, parts.dropFirst()) { #expect(earlier.upperBound == later.lowerBound) }
        #expect(parts.allSatisfy { (1...8).contains($0.count) })
        let mean = Double(numbers.count) / Double(parts.count)
        #expect((3.0...5.0).contains(mean), "about four 信息表 a part, not \(mean)")
    }

    /// A matter added in the middle changes the part it joins (and at most the next, where a size limit
    /// moves); every other part holds the same matters as before.
    @Test func anAddedMatterChangesOnlyTheNearbyParts() throws {
        let numbers = (1...300).map { "\($0 / 10).\($0 % 10)" }
        let before = Set(PrintBook.partition(numbers).map { Array(numbers[$0]) })
        var edited = numbers
        edited.insert("15.x", at: 150)
        let after = Set(PrintBook.partition(edited).map { Array(edited[$0]) })
        #expect(after.subtracting(before).count <= 2, "\(after.subtracting(before))")
        #expect(before.subtracting(after).count <= 2)
    }

    @Test func theFrontWritesInThePageNumbersAndTheBodyHoldsItsSheets() throws {
        let book = try #require(try Self.book())
        let pages = Dictionary(uniqueKeysWithValues: book.anchors.enumerated().map { ($1, 3 + 2 * $0) })
        let front = book.front(pages: pages)
        #expect(front.contains("<a href=\"#matter-1.1\">3</a>"))
        #expect(front.contains("<a href=\"#matter-4.2\">11</a>"))
        #expect(!front.contains("class=\"page-ref\""), "no number is left to WeasyPrint")
        #expect(front.contains("class=\"cover\"") && !front.contains("class=\"sheet\""))
        #expect(!front.contains("catalogue-running.css"), "the running document adds header and page numbers")
        var sheets: [String] = []
        for part in book.parts.indices {
            let body = book.body(part)
            #expect(!body.contains("class=\"cover\"") && !body.contains("toc-table"))
            sheets += body.matches(of: /<section class="sheet" id="([^"]+)"/).map { String($0.output.1) }
        }
        #expect(sheets == book.anchors)
    }

    @Test func theRunningDocumentHasAPagePerPageOfTheBook() throws {
        let book = try #require(try Self.book())
        let running = book.running(pageCount: 17)
        // The first page holds the station's name (read into the header); each further one an empty page.
        #expect(running.matches(of: /class="running-page"/).count == 16)
        #expect(running.contains("<p class=\"running-station\">"))
        #expect(running.contains("catalogue-running.css") && running.contains("catalogue.css"))
    }

    /// The whole catalogue (print/index.html) still links both stylesheets and leaves the numbers to
    /// WeasyPrint, so a renderer without pikepdf makes the same book in one piece.
    @Test func theWholeCatalogueStaysOnePiece() throws {
        let html = try #require(PrintPagesTests.files["print/index.html"])
        #expect(html.contains("catalogue-running.css"))
        #expect(html.contains("class=\"page-ref\""))
    }

    /// A 目录 cut inside a duty repeats the duty's cells, spanning the rows it has in the part.
    @Test func tocRowsCutInsideADutyRepeatTheDuty() throws {
        let options = BuildOptions(content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)
        let catalogue = try Pipeline(options: options).loadCatalogue()
        let context = CatalogueContext(catalogue: catalogue, labels: [:], markdown: .none)
        #expect(context.tocRowCount == 5)
        let last = context.rows(4..<5, pages: ["matter-4.2": 9])
        #expect(last.count == 1)
        #expect(last[0]["firstOfDuty"] as? Bool == true && last[0]["dutyRowSpan"] as? Int == 1)
        #expect(last[0]["page"] as? Int == 9)
        let whole = context.rows(0..<5, pages: nil)
        #expect(whole[3]["dutyRowSpan"] as? Int == 2 && whole[4]["firstOfDuty"] as? Bool == false)
        #expect(whole.allSatisfy { $0["page"] == nil })
    }

    @Test func aThemeWithoutARunningDocumentHasNoBook() throws {
        let theme = TestSupport.copy(TestSupport.defaultTheme)
        try FileManager.default.removeItem(at: theme.appending(path: "templates/print/running.mustache"))
        #expect(try Self.book(theme: theme) == nil)
    }
}
