/// The figures of ISO/IEC 18004 (JIS X0510) for versions 1–11: the symbol's codewords, remainder bits, error
/// correction codewords and blocks per level, and where the alignment patterns go.
enum QRTables {
    /// Per version: all codewords, remainder bits, and error correction codewords at L, M, Q, H.
    private static let capacity: [(words: Int, remainder: Int, ecc: [Int])] = [
        (0, 0, [0, 0, 0, 0]),
        (26, 0, [7, 10, 13, 17]),
        (44, 7, [10, 16, 22, 28]),
        (70, 7, [15, 26, 36, 44]),
        (100, 7, [20, 36, 52, 64]),
        (134, 7, [26, 48, 72, 88]),
        (172, 7, [36, 64, 96, 112]),
        (196, 0, [40, 72, 108, 130]),
        (242, 0, [48, 88, 132, 156]),
        (292, 0, [60, 110, 160, 192]),
        (346, 0, [72, 130, 192, 224]),
        (404, 0, [80, 150, 224, 264]),
    ]

    /// Per version and level: blocks of the shorter kind and of the kind one data codeword longer.
    private static let blocks: [[(Int, Int)]] = [
        [(0, 0), (0, 0), (0, 0), (0, 0)],
        [(1, 0), (1, 0), (1, 0), (1, 0)],
        [(1, 0), (1, 0), (1, 0), (1, 0)],
        [(1, 0), (1, 0), (2, 0), (2, 0)],
        [(1, 0), (2, 0), (2, 0), (4, 0)],
        [(1, 0), (2, 0), (2, 2), (2, 2)],
        [(2, 0), (4, 0), (4, 0), (4, 0)],
        [(2, 0), (4, 0), (2, 4), (4, 1)],
        [(2, 0), (2, 2), (4, 2), (4, 2)],
        [(2, 0), (3, 2), (4, 4), (4, 4)],
        [(2, 2), (4, 1), (6, 2), (6, 2)],
        [(4, 0), (1, 4), (4, 4), (3, 8)],
    ]

    /// The second alignment-pattern coordinate of each version, and the third (0: none); the first is 6.
    private static let alignment: [(Int, Int)] = [
        (0, 0), (0, 0), (18, 0), (22, 0), (26, 0), (30, 0), (34, 0), (22, 38), (24, 42), (26, 46), (28, 50), (30, 54),
    ]

    static func width(version: Int) -> Int { 17 + 4 * version }

    static func dataLength(version: Int, level: QRLevel) -> Int {
        capacity[version].words - capacity[version].ecc[level.rawValue]
    }

    static func remainderBits(version: Int) -> Int { capacity[version].remainder }

    /// The Reed–Solomon blocks: how many of each kind, data codewords in the shorter kind, and error
    /// correction codewords in every block.
    static func blockSpec(version: Int, level: QRLevel) -> (short: Int, long: Int, shortData: Int, ecc: Int) {
        let (short, long) = blocks[version][level.rawValue]
        let data = dataLength(version: version, level: level)
        let ecc = capacity[version].ecc[level.rawValue]
        return (short, long, data / (short + long), ecc / (short + long))
    }

    /// Centres of the alignment patterns on each axis (none for version 1).
    static func alignmentCentres(version: Int) -> [Int] {
        let (second, third) = alignment[version]
        guard second > 0 else { return [] }
        return third > 0 ? [6, second, third] : [6, second]
    }
}
