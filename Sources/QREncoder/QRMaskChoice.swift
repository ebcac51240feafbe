/// The mask of a QR code, chosen as libqrencode chooses it, a row of modules at a time.
///
/// A symbol's data modules are XORed with one of eight patterns, and the encoder keeps the one whose
/// result scores lowest on the penalty rules of JIS X0510 §8.8.2 (runs of one colour, 2×2 blocks,
/// finder-like runs, balance of dark and light). libqrencode scores every pattern module by module; for
/// a poster per matter that was a tenth of a whole build. Here each row of a symbol of up to 64 modules
/// a side is one `UInt64`, so masking, the 2×2 blocks and the balance take a few word operations a row,
/// and runs are found by counting zero bits. The rules are libqrencode's reading of the standard, to the
/// letter (its run bookkeeping included), so the codes are the very ones it makes: a test compares them
/// module for module.
struct QRMaskChoice {
    /// Modules per side, at most 64.
    let width: Int
    /// The symbol before masking, a word per row: bit x is the module in column x, set when dark.
    /// The format information is not written yet (light), as in the frame libqrencode masks.
    private let unmasked: [UInt64]
    /// The modules a mask changes (data and error correction), a word per row.
    private let dataArea: [UInt64]
    private let level: QRLevel

    static let maxWidth = 64

    /// - Parameters:
    ///   - unmasked: the symbol before masking, a word per row (bit x set where column x is dark), format
    ///     information not written yet.
    ///   - dataArea: the modules a mask changes, a word per row.
    init(width: Int, unmasked: [UInt64], dataArea: [UInt64], level: QRLevel) {
        self.width = width
        self.unmasked = unmasked
        self.dataArea = dataArea
        self.level = level
    }

    /// The masked symbol with the lowest penalty (the first such, in mask order), format information
    /// written, a word per row.
    func bestSymbol() -> [UInt64] {
        var best: [UInt64] = []
        var lowest = Int.max
        var symbol = unmasked
        var columns = [UInt64](repeating: 0, count: width)
        // A line of w modules has at most w runs, and one more for a leading dark run.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: width + 1) { runs in
            for mask in 0..<8 {
                apply(mask, to: &symbol)
                let penalty = self.penalty(of: symbol, columns: &columns, runs: runs.baseAddress!, stoppingAt: lowest)
                if penalty < lowest {
                    lowest = penalty
                    best = symbol
                }
            }
        }
        return best
    }

    /// Applies `mask` to the data modules and writes the format information for the level and that mask
    /// in its two places.
    private func apply(_ mask: Int, to symbol: inout [UInt64]) {
        let pattern = Self.patterns[mask]
        for y in 0..<width {
            symbol[y] = unmasked[y] ^ (pattern[y] & dataArea[y])
        }
        writeFormatInformation(Self.formatInformation(level: level, mask: mask), into: &symbol)
    }

    /// Each mask's pattern for the widest symbol taken; a narrower one uses its top left part, as a
    /// mask's condition depends on the module's place only.
    private static let patterns: [[UInt64]] = (0..<8).map { mask in
        (0..<maxWidth).map { y in pattern(mask, row: y, width: maxWidth) }
    }

    /// The columns x of row y where mask `mask` flips a module (JIS X0510 table 10: where its condition is 0).
    static func pattern(_ mask: Int, row y: Int, width: Int) -> UInt64 {
        var bits: UInt64 = 0
        for x in 0..<width {
            let condition = switch mask {
            case 0: (x + y) & 1
            case 1: y & 1
            case 2: x % 3
            case 3: (x + y) % 3
            case 4: (y / 2 + x / 3) & 1
            case 5: (x * y) & 1 + (x * y) % 3
            case 6: ((x * y) & 1 + (x * y) % 3) & 1
            default: ((x * y) % 3 + (x + y) & 1) & 1
            }
            if condition == 0 { bits |= 1 << UInt64(x) }
        }
        return bits
    }

    /// The 15 bits of format information: the level and the mask, a BCH(15,5) code, XORed with 0x5412
    /// so that it is never all light (ISO/IEC 18004 §7.9).
    static func formatInformation(level: QRLevel, mask: Int) -> Int {
        let levelBits = switch level {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
        let data = levelBits << 3 | mask
        var remainder = data << 10
        for bit in stride(from: 14, through: 10, by: -1) where remainder & (1 << bit) != 0 {
            remainder ^= 0x537 << (bit - 10)
        }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Both copies of the format information, lowest bit first: along row 8 from the right edge and down
    /// column 8 from the top (skipping the timing row), then up column 8's bottom part and along row 8
    /// leftwards from column 7 (skipping the timing column).
    private func writeFormatInformation(_ format: Int, into rows: inout [UInt64]) {
        func set(_ x: Int, _ y: Int, _ dark: Bool) {
            if dark { rows[y] |= 1 << UInt64(x) } else { rows[y] &= ~(1 << UInt64(x)) }
        }
        for bit in 0..<15 {
            let dark = format >> bit & 1 == 1
            if bit < 8 {
                set(width - 1 - bit, 8, dark)
                set(8, bit < 6 ? bit : bit + 1, dark)
            } else {
                let i = bit - 8
                set(8, width - 7 + i, dark)
                set(i == 0 ? 7 : 6 - i, 8, dark)
            }
        }
    }
}

// MARK: - Penalty

extension QRMaskChoice {
    /// libqrencode's score: N4 for the share of dark modules (10 per whole 5% that the rounded percentage
    /// is away from half), N2 = 3 for every 2×2 block of one colour, overlapping blocks counted each, and
    /// N1/N3 on the runs of every row and column.
    /// - Parameters:
    ///   - columns: room for the symbol's columns, a word each (bit y is row y).
    ///   - runs: room for one line's runs.
    ///   - limit: a score this mask cannot beat; once reached the rest is not counted, as no part of the
    ///     score is negative.
    func penalty(of rows: [UInt64], columns: inout [UInt64], runs: UnsafeMutablePointer<Int>, stoppingAt limit: Int) -> Int {
        let full: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        var dark = 0
        var penalty = 0
        for y in 0..<width {
            dark += rows[y].nonzeroBitCount
            if y > 0 {
                let bothDark = rows[y] & rows[y - 1]
                let bothLight = ~rows[y] & ~rows[y - 1] & full
                penalty += 3 * ((bothDark & bothDark &<< 1).nonzeroBitCount + (bothLight & bothLight &<< 1).nonzeroBitCount)
            }
        }
        let modules = width * width
        let percentDark = (200 * dark + modules) / modules / 2  // rounded
        penalty += abs(percentDark - 50) / 5 * 10

        for y in 0..<width {
            penalty += linePenalty(rows[y], runs)
            if penalty >= limit { return penalty }
        }
        columns.withUnsafeMutableBufferPointer { columns in
            for x in 0..<width { columns[x] = 0 }
            for y in 0..<width {
                var row = rows[y]
                while row != 0 {
                    columns[row.trailingZeroBitCount] |= 1 &<< UInt64(y)
                    row &= row - 1
                }
            }
        }
        for x in 0..<width {
            penalty += linePenalty(columns[x], runs)
            if penalty >= limit { return penalty }
        }
        return penalty
    }

    /// N1 and N3 of one row or column. N1 is counted on the bits; N3 needs the line's runs, which are
    /// listed only when the line could hold the pattern at all (see `mayHaveFinderLikePattern`): in a
    /// code's data most lines cannot. The runs are kept as libqrencode keeps them: light first, so a line
    /// that starts dark begins with a light run of -1, and dark runs sit at odd places.
    private func linePenalty(_ line: UInt64, _ runs: UnsafeMutablePointer<Int>) -> Int {
        let penalty = Self.longRunPenalty(line, width: width)
        guard Self.mayHaveFinderLikePattern(line, width: width) else { return penalty }
        var count = 0
        if line & 1 == 1 {
            runs[0] = -1
            count = 1
        }
        // A run ends at x where module x + 1 has the other colour, and at the line's end.
        var ends = (line ^ line &>> 1) & (1 &<< UInt64(width - 1) - 1)
        var start = 0
        while ends != 0 {
            let end = ends.trailingZeroBitCount + 1
            runs[count] = end - start
            count += 1
            start = end
            ends &= ends - 1
        }
        runs[count] = width - start
        return penalty + Self.finderLikePenalty(UnsafeBufferPointer(start: runs, count: count + 1))
    }

    /// N1: 3 plus one per module beyond five, for each run of five or more of one colour. A run of L
    /// modules has L − 1 neighbours alike, and L − 4 places where four in a row are alike: its penalty
    /// L − 2 is those places plus 2 for the run.
    static func longRunPenalty(_ line: UInt64, width: Int) -> Int {
        let alike = ~(line ^ line &>> 1) & (1 &<< UInt64(width - 1) - 1)
        let long = alike & alike &>> 1 & alike &>> 2 & alike &>> 3
        return long.nonzeroBitCount + 2 * (long & ~(long &>> 1)).nonzeroBitCount
    }

    /// False only for a line where N3 cannot apply: no whole dark-light-dark-light-dark run of 1:1:3:1:1
    /// modules, none of 2:2:6:2:2, and no dark run of nine or more (which larger ones need).
    static func mayHaveFinderLikePattern(_ line: UInt64, width: Int) -> Bool {
        let light = ~line & (width == 64 ? ~0 : (1 &<< UInt64(width)) - 1)
        return finderLikeStarts(line, light, n: 1, width: width) != 0
            || width >= 14 && finderLikeStarts(line, light, n: 2, width: width) != 0
            || width >= 21 && allSet(line, 9) != 0
    }

    /// The places p from which the line holds n dark, n light, 3n dark, n light, n dark modules, each a
    /// whole run (the module before p and the one after the last are light, or the line's edge).
    private static func finderLikeStarts(_ dark: UInt64, _ light: UInt64, n: Int, width: Int) -> UInt64 {
        let darkN = allSet(dark, n), lightN = allSet(light, n), dark3N = allSet(dark, 3 * n)
        let shift = UInt64(n)
        var starts = darkN & lightN &>> shift & dark3N &>> (2 * shift) & lightN &>> (5 * shift) & darkN &>> (6 * shift)
        starts &= light &<< 1 | 1
        starts &= light &>> (7 * shift) | 1 &<< UInt64(width - 7 * n)
        return starts
    }

    /// Bit x set where bits x … x + k − 1 all are.
    private static func allSet(_ bits: UInt64, _ k: Int) -> UInt64 {
        var all = bits
        for shift in 1..<k { all &= bits &>> UInt64(shift) }
        return all
    }

    /// N3: 40 for each dark run of 3n between runs of n (1:1:3:1:1) with a light run of 4n or more, or
    /// the line's edge, on one side.
    static func finderLikePenalty(_ runs: UnsafeBufferPointer<Int>) -> Int {
        var penalty = 0
        let count = runs.count
        var i = 3
        while i < count - 2 {
            defer { i += 2 }
            let run = runs[i]
            guard run % 3 == 0 else { continue }
            let n = run / 3
            guard runs[i - 2] == n, runs[i - 1] == n, runs[i + 1] == n, runs[i + 2] == n else { continue }
            // The line's edge counts as light on the left whatever the first run; on the right only
            // when at least two runs remain after the pattern's last (libqrencode's bounds, as they are).
            if i == 3 || runs[i - 3] >= 4 * n || i + 4 >= count || runs[i + 3] >= 4 * n {
                penalty += 40
            }
        }
        return penalty
    }
}
