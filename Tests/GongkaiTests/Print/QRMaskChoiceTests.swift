import CQRencode
import Testing
@testable import Gongkai

/// `QRCode` chooses the mask itself (`QRMaskChoice`); the codes must be the ones libqrencode's public
/// `QRcode_encodeString` makes, module for module, or posters would change with the speed-up.
@Suite struct QRMaskChoiceTests {
    /// libqrencode's own code for the text, as a module list.
    static func libqrencode(_ text: String, _ level: QRCode.ErrorCorrection) -> [Bool]? {
        let qrLevel = switch level {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
        guard let code = QRcode_encodeString(text, 0, qrLevel, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        return UnsafeBufferPointer(start: code.pointee.data, count: width * width).map { $0 & 1 == 1 }
    }

    /// Texts of every length from 1 to 400 bytes — versions 1 to 17 at the four levels, so both the fast
    /// path (up to 64 modules a side) and the whole-libqrencode path above it — mixing the characters
    /// that make libqrencode switch modes (digits, upper case, URL punctuation, Chinese).
    static let texts: [String] = {
        let pieces = ["https://", "gongkai.example.org/", "dagu/", "matters/", "2.1/", "12345678", "ABC-DEF",
                      "?q=", "就业援助", "%E5", "x", "0", "/", "Z9"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var texts: [String] = []
        for length in 1...400 {
            var text = ""
            while text.utf8.count < length {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            texts.append(String(decoding: Array(text.utf8.prefix(length)), as: UTF8.self))
        }
        return texts
    }()

    @Test(arguments: [QRCode.ErrorCorrection.low, .medium, .quartile, .high])
    func sameCodesAsLibqrencode(level: QRCode.ErrorCorrection) throws {
        var fastPath = 0, versions = Set<Int>()
        for text in Self.texts {
            let expected = try #require(Self.libqrencode(text, level), "\(text)")
            let code = try QRCode(text, correction: level)
            #expect(code.modules == expected, "\(level) \(text.utf8.count) bytes: \(text)")
            if code.size <= QRMaskChoice.maxWidth { fastPath += 1 }
            versions.insert(code.version)
        }
        #expect(fastPath > 100 && fastPath < Self.texts.count, "both paths taken")
        #expect(versions.count >= 9)
    }

    /// The comparison above means something only if the choice varies: every mask wins for some text.
    @Test func everyMaskIsChosenSomewhere() throws {
        var chosen = Set<Int>()
        for text in Self.texts.prefix(120) {
            chosen.insert(Self.maskOf(try QRCode(text, correction: .medium)))
        }
        #expect(chosen == Set(0..<8), "all eight masks win for some text: \(chosen.sorted())")
    }

    /// The mask a code was made with, read back from its format information (the copy along row 8's right
    /// part and down column 8's bottom part).
    static func maskOf(_ code: QRCode) -> Int {
        var format = 0
        for bit in 0..<8 where code.isDark(x: code.size - 1 - bit, y: 8) { format |= 1 << bit }
        for bit in 8..<15 where code.isDark(x: 8, y: code.size - 15 + bit) { format |= 1 << bit }
        return (format ^ 0x5412) >> 10 & 0b111
    }

    /// The BCH format words against the table of ISO/IEC 18004 Annex C (level M, masks 0–7; level L mask 0).
    @Test func formatInformationMatchesTheStandard() {
        let levelM = [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0]
        #expect((0..<8).map { QRMaskChoice.formatInformation(level: .medium, mask: $0) } == levelM)
        #expect(QRMaskChoice.formatInformation(level: .low, mask: 0) == 0x77C4)
        #expect(QRMaskChoice.formatInformation(level: .high, mask: 7) == 0x083B)
    }

    /// The run rules on hand-made lines (runs start light; -1 when a line starts dark). A 1:1:3:1:1 pattern
    /// scores 40 with four light modules beside it, or at the line's start, or with only its last light
    /// run after it; in the middle of a busy line nothing. Five in a run score 3, seven 5.
    @Test func runRules() {
        func finderLike(_ runs: [Int]) -> Int { runs.withUnsafeBufferPointer(QRMaskChoice.finderLikePenalty) }
        #expect(finderLike([2, 1, 2, 1, 1, 3, 1, 1, 2, 1, 1]) == 0)
        #expect(finderLike([2, 1, 4, 1, 1, 3, 1, 1, 2, 1, 1]) == 40)
        #expect(finderLike([2, 1, 2, 1, 1, 3, 1, 1, 4, 1, 1]) == 40)
        #expect(finderLike([-1, 1, 1, 3, 1, 1, 2, 1, 1]) == 40, "a line that starts with the pattern")
        #expect(finderLike([2, 1, 2, 1, 1, 3, 1, 1, 2]) == 40, "a pattern at the line's end")
        #expect(finderLike([2, 1, 2, 1, 1, 6, 1, 1, 2, 1, 1]) == 0, "3n with n ≠ 1 sides")
        #expect(QRMaskChoice.longRunPenalty(line(runs: [5, 2]), width: 7) == 3)
        #expect(QRMaskChoice.longRunPenalty(line(runs: [7]), width: 7) == 5)
        #expect(QRMaskChoice.longRunPenalty(line(runs: [2, 1, 2, 1, 1, 6, 1, 1, 2, 1, 1]), width: 19) == 3 + 1)
        #expect(QRMaskChoice.longRunPenalty(line(runs: [-1, 64]), width: 64) == 3 + 59)
    }

    /// The line of modules whose runs these are (light first, -1 when it starts dark).
    func line(runs: [Int]) -> UInt64 {
        var bits: UInt64 = 0
        var x = 0
        for (index, run) in runs.enumerated() where run > 0 {
            if index % 2 == 1 { for offset in 0..<run { bits |= 1 << UInt64(x + offset) } }
            x += run
        }
        return bits
    }

    /// Runs as libqrencode lists them, one module at a time.
    func runs(of line: UInt64, width: Int) -> [Int] {
        var runs: [Int] = line & 1 == 1 ? [-1] : []
        var length = 0
        var colour = line & 1
        for x in 0..<width {
            let module = line >> UInt64(x) & 1
            if module == colour { length += 1 } else { runs.append(length); colour = module; length = 1 }
        }
        return runs + [length]
    }

    /// N1 on the bits equals N1 over the runs, and the shortcut past N3 never skips a line that scores:
    /// on random lines and on lines made of runs with 1:1:3:1:1 patterns of several sizes put in.
    @Test func bitRulesAgreeWithRunsOnManyLines() {
        var generator = SystemRandomNumberGenerator()
        var scored = 0, skipped = 0
        for trial in 0..<60_000 {
            let width = [21, 25, 33, 45, 57, 63, 64][trial % 7]
            var modules: [UInt64] = []
            if trial % 3 == 0 {
                modules = (0..<width).map { _ in UInt64.random(in: 0...1, using: &generator) }
            } else {
                while modules.count < width {
                    if Int.random(in: 0..<10, using: &generator) < 3 {
                        let n = [1, 1, 2, 3].randomElement(using: &generator)!
                        modules += Array(repeating: 0, count: [0, 1, 2, 4 * n, 5 * n].randomElement(using: &generator)!)
                        for (colour, length) in [(1, n), (0, n), (1, 3 * n), (0, n), (1, n)] {
                            modules += Array(repeating: UInt64(colour), count: length)
                        }
                    } else {
                        modules += Array(repeating: UInt64.random(in: 0...1, using: &generator), count: Int.random(in: 1...7, using: &generator))
                    }
                }
            }
            let line = modules.prefix(width).enumerated().reduce(UInt64(0)) { $0 | $1.element << UInt64($1.offset) }
            let lineRuns = runs(of: line, width: width)
            let longRuns = lineRuns.filter { $0 >= 5 }.reduce(0) { $0 + 3 + ($1 - 5) }
            #expect(QRMaskChoice.longRunPenalty(line, width: width) == longRuns)
            let finderLike = lineRuns.withUnsafeBufferPointer(QRMaskChoice.finderLikePenalty)
            if finderLike > 0 { scored += 1 }
            if !QRMaskChoice.mayHaveFinderLikePattern(line, width: width) {
                skipped += 1
                #expect(finderLike == 0, "width \(width), line \(String(line, radix: 2))")
            }
        }
        #expect(scored > 10_000 && skipped > 10_000, "both kinds of line tried: \(scored) scored, \(skipped) skipped")
    }
}
