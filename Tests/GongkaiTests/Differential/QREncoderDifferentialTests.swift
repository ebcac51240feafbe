import CQRencode
import Foundation
import Testing
@testable import GongkaiSite
@testable import QREncoder

/// `QREncoder` against libqrencode 4.1.1's `QRcode_encodeString(text, 0, level, QR_MODE_8, 1)`, the library
/// it replaces on the posters' path: the same symbol, module for module, or posters would change with
/// the speed-up.
@Suite struct QREncoderDifferentialTests {
    static func libqrencode(_ text: String, _ level: QRLevel) -> (version: Int, modules: [Bool])? {
        let qrLevel = [QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H][level.rawValue]
        guard let code = QRcode_encodeString(text, 0, qrLevel, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width).map { $0 & 1 == 1 }
        return (Int(code.pointee.version), modules)
    }

    static func modules(_ symbol: QRSymbol) -> [Bool] {
        (0..<symbol.width * symbol.width).map { symbol.isDark(x: $0 % symbol.width, y: $0 / symbol.width) }
    }

    /// Texts of every length from 1 to 300 bytes, made of the pieces that make libqrencode switch modes
    /// (digits, upper case, URL punctuation, lower case, Chinese): 600, or `GONGKAI_QR_TEXTS` (the README's
    /// test command runs 6,000).
    static let texts: [String] = {
        let pieces = ["https://", "gongkai.example.org/", "dagu/", "matters/", "2.1/", "12345678", "ABC-DEF",
                      "?q=", "就业援助", "%E5", "x", "0", "/", "Z9", "1", "23", ":", " ", "A1B2", "9999", "a.B"]
        var random = SeededGenerator(state: 0x9E37_79B9_7F4A_7C15)
        var texts: [String] = []
        let count = ProcessInfo.processInfo.environment["GONGKAI_QR_TEXTS"].flatMap(Int.init) ?? 600
        for round in 0..<count {
            let length = round % 300 + 1
            var text = ""
            while text.utf8.count < length { text += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            texts.append(String(decoding: Array(text.utf8.prefix(length)), as: UTF8.self))
        }
        return texts
    }()

    @Test(arguments: QRLevel.allCases)
    func sameSymbolsAsLibqrencode(level: QRLevel) throws {
        var encoded = 0, versions = Set<Int>()
        for text in Self.texts {
            let expected = try #require(Self.libqrencode(text, level), "\(text)")
            guard let symbol = QREncoder.encode(text, level: level) else {
                #expect(expected.version > QREncoder.maxVersion, "\(level) \(text.utf8.count) bytes: \(text)")
                continue
            }
            encoded += 1
            versions.insert(symbol.version)
            #expect(symbol.version == expected.version, "\(level) \(text.utf8.count) bytes: \(text)")
            #expect(Self.modules(symbol) == expected.modules, "\(level) \(text.utf8.count) bytes: \(text)")
        }
        #expect(versions == Set(1...QREncoder.maxVersion), "every version compared at \(level)")
        print("QREncoder vs libqrencode at \(level): \(encoded) of \(Self.texts.count) texts encoded here, identical")
    }

    /// The comparison means something only if the choice varies: every mask wins for some text.
    @Test func everyMaskIsChosenSomewhere() {
        var chosen = Set<Int>()
        for text in Self.texts.prefix(300) {
            guard let symbol = QREncoder.encode(text, level: .medium) else { continue }
            // The format information's mask bits, read back from row 8 (bits 10-12 of the 15, XOR 0x5412).
            var format = 0
            for bit in 0..<8 where symbol.isDark(x: symbol.width - 1 - bit, y: 8) { format |= 1 << bit }
            for bit in 8..<15 where symbol.isDark(x: 8, y: symbol.width - 7 + bit - 8) { format |= 1 << bit }
            chosen.insert((format ^ 0x5412) >> 10 & 0b111)
        }
        #expect(chosen == Set(0..<8))
    }

    /// `QRCode`, which posters draw, takes this encoder's symbol up to version 11 and libqrencode's above.
    @Test func qrCodeUsesTheEncoderAndTheLibraryBeyondIt() throws {
        let short = "https://gongkai.example.org/dagu/matters/2.1/"
        let long = "https://gongkai.example.org/" + String(repeating: "dagu/", count: 60) + "matters/12.34/"
        for text in [short, long] {
            let code = try QRCode(text, correction: .medium)
            let expected = try #require(Self.libqrencode(text, .medium))
            #expect(code.modules == expected.modules && code.version == expected.version)
        }
        #expect(try QRCode(long, correction: .medium).version > QREncoder.maxVersion)
    }
}
