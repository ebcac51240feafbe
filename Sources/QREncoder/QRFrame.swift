/// A symbol's fixed parts — finder patterns and their separators, timing patterns, alignment patterns,
/// version information, the dark module and the room kept for the format information — and the placing
/// of the codewords' bits in the rest, in the two-column zigzag from the bottom right corner.
struct QRFrame {
    let version: Int
    let width: Int
    /// The fixed parts' dark modules, a word per row.
    private(set) var fixedDark: [UInt64]
    /// The modules left for data (not fixed, not format information), a word per row.
    private(set) var dataArea: [UInt64]

    init(version: Int) {
        self.version = version
        let width = QRTables.width(version: version)
        self.width = width
        var fixed = [UInt64](repeating: 0, count: width)
        var fixedDark = [UInt64](repeating: 0, count: width)

        func mark(_ x: Int, _ y: Int, dark: Bool) {
            fixed[y] |= 1 << UInt64(x)
            if dark { fixedDark[y] |= 1 << UInt64(x) } else { fixedDark[y] &= ~(1 << UInt64(x)) }
        }
        // Finder patterns with their light separators.
        for (ox, oy) in [(0, 0), (width - 7, 0), (0, width - 7)] {
            for dy in -1...7 {
                for dx in -1...7 {
                    let x = ox + dx, y = oy + dy
                    guard (0..<width).contains(x), (0..<width).contains(y) else { continue }
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    mark(x, y, dark: ring != 2 && ring != 4)
                }
            }
        }
        // Format information (written with the mask), on both sides of the finders.
        for index in 0...8 {
            mark(index, 8, dark: false)
            mark(8, index, dark: false)
        }
        for index in 0..<8 { mark(width - 1 - index, 8, dark: false) }
        for index in 0..<7 { mark(8, width - 1 - index, dark: false) }
        // Timing patterns between the finders.
        for index in 8..<(width - 8) {
            mark(index, 6, dark: index % 2 == 0)
            mark(6, index, dark: index % 2 == 0)
        }
        // Alignment patterns where they do not overlap a finder.
        let centres = QRTables.alignmentCentres(version: version)
        for cy in centres {
            for cx in centres {
                let nearFinder = (cx == 6 && cy == 6) || (cx == 6 && cy == centres.last! && centres.count > 2)
                    || (cy == 6 && cx == centres.last! && centres.count > 2)
                    || (centres.count == 2 && (cx == 6 || cy == 6))
                guard !nearFinder else { continue }
                for dy in -2...2 {
                    for dx in -2...2 { mark(cx + dx, cy + dy, dark: max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Version information, for version 7 and above: 18 bits, in two 6 × 3 blocks.
        if version >= 7 {
            let info = Self.versionInformation(version)
            for bit in 0..<18 {
                let dark = info >> bit & 1 == 1
                mark(bit / 3, width - 11 + bit % 3, dark: dark)
                mark(width - 11 + bit % 3, bit / 3, dark: dark)
            }
        }
        mark(8, width - 8, dark: true)
        let full: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        self.fixedDark = fixedDark
        dataArea = fixed.map { ~$0 & full }
    }

    /// The version number and its BCH(18,6) check bits (generator 0x1F25).
    static func versionInformation(_ version: Int) -> Int {
        var remainder = version << 12
        for bit in stride(from: 17, through: 12, by: -1) where remainder & (1 << bit) != 0 {
            remainder ^= 0x1F25 << (bit - 12)
        }
        return version << 12 | remainder
    }

    /// The unmasked symbol: the fixed parts, and the codewords' bits (most significant first) and then
    /// `remainderBits` light modules placed up and down two-column strips from the right, skipping the
    /// vertical timing column.
    func placing(_ codewords: [UInt8], remainderBits: Int) -> [UInt64] {
        var rows = fixedDark
        var bitIndex = 0
        let totalBits = codewords.count * 8
        var x = width - 1
        var upward = true
        while x > 0 {
            if x == 6 { x -= 1 }
            for step in 0..<width {
                let y = upward ? width - 1 - step : step
                for column in [x, x - 1] where dataArea[y] >> UInt64(column) & 1 == 1 {
                    if bitIndex < totalBits {
                        let dark = codewords[bitIndex / 8] >> UInt8(7 - bitIndex % 8) & 1 == 1
                        if dark { rows[y] |= 1 << UInt64(column) }
                    }
                    bitIndex += 1
                }
            }
            upward.toggle()
            x -= 2
        }
        return rows
    }
}
