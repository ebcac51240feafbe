import Foundation
import Testing
@testable import GongkaiSite
@testable import MustacheTemplates

/// The renderer's output buffer: appends past its capacity keep every byte in order, truncating drops the
/// end (what an indentation that rendered nothing does), and escaping writes into it as into an array.
@Suite struct PageBytesTests {
    @Test func growsKeepsOrderAndTruncates() {
        var bytes = PageBytes(capacity: 4)
        var expected: [UInt8] = []
        for round in 0..<200 {
            let chunk = [UInt8](repeating: UInt8(round % 251), count: round % 7)
            chunk.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "|"))
            expected += chunk + [UInt8(ascii: "|")]
        }
        bytes.append(utf8: "中文")
        expected += Array("中文".utf8)
        #expect((0..<bytes.count).map { bytes[$0] } == expected && bytes.count == expected.count)
        #expect(bytes[expected.count - 1] == expected.last)
        bytes.truncate(to: 10)
        #expect((0..<bytes.count).map { bytes[$0] } == Array(expected.prefix(10)))
        [UInt8]().withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
        #expect(bytes.count == 10)
        #expect(bytes.handedOver().withBytes { Array($0) } == Array(expected.prefix(10)))
    }

    @Test func escapingWritesTheSameIntoPageBytesAndArrays() {
        let text = #"<a href="x">Tom & Jerry's</a> 中文"#
        var page = PageBytes(capacity: 16)
        var array: [UInt8] = []
        HTMLEscape.append(text, to: &page)
        HTMLEscape.append(text, to: &array)
        #expect(page.handedOver().withBytes { Array($0) } == array)
        #expect(String(decoding: array, as: UTF8.self) == HTMLEscape.escaped(text))
    }

    /// A build writes pages from the renderer's own buffer: handed over, the bytes outlive the renderer and
    /// reach the file as they are.
    @Test func handedOverBytesAreWhatWasRendered() throws {
        let set = try TemplateSet(parsing: ["main": "{{#items}}<li>{{name}}</li>{{/items}}"])
        let context: ContextObject = ["items": (0..<3000).map { ["name": "事项\($0) & <b>"] as ContextObject }]
        let rendered = try #require(set.renderedBytes("main", context: context))
        let expected = try #require(set.render("main", context: context))
        #expect(rendered.count == expected.count && expected.count > 64 * 1024)
        #expect(rendered.withBytes { Array($0) } == expected)
        let file = OutputFile(path: "a.html", rendered: rendered)
        #expect(file.contents == Data(expected))
        #expect(file.withBytes { Array($0) } == expected)
        #expect(OutputFile(path: "b.html", rendered: nil).contents.isEmpty)
    }
}
