import Testing
@testable import ByteScanning
@testable import MustacheTemplates

@Suite struct ByteScanTests {
    /// The word-at-a-time scan finds the first special byte exactly where a byte loop does: random texts of
    /// Chinese, ASCII and special bytes, every length up to 40 and every start, for HTML's and JSON's sets.
    @Test func findsWhatAByteLoopFinds() {
        let html: (UInt8) -> Bool = { [0x22, 0x26, 0x27, 0x3C, 0x3E].contains($0) }
        let json: (UInt8) -> Bool = { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        let pieces = ["材", "料", "。", "a", "1", " ", "\"", "&", "'", "<", ">", "\\", "\n", "\u{1}", "é", "?", "@"]
        var generator = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...buffer.count {
                    for (isSpecial, bound) in [(html, UInt8(0x40)), (json, UInt8(0x60))] {
                        let expected = (start..<buffer.count).first { isSpecial(buffer[$0]) } ?? buffer.count
                        #expect(ByteScan.firstIndex(in: buffer, from: start, below: bound, where: isSpecial) == expected)
                        if expected < buffer.count { found += 1 }
                    }
                }
            }
        }
        #expect(found > 10_000)
    }

    @Test func escapesAsAByteLoopWould() {
        let text = String(repeating: "办理材料“身份证”", count: 3) + "<b>&'\"" + String(repeating: "字", count: 9) + ">"
        var escaped: [UInt8] = []
        HTMLEscape.append(text, to: &escaped)
        #expect(String(decoding: escaped, as: UTF8.self) == text
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;"))
    }
}
