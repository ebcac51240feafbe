/// Reed–Solomon error correction over GF(256) with the QR field polynomial x⁸+x⁴+x³+x²+1, and the
/// interleaving of the blocks' codewords into the order they are placed in.
enum QRReedSolomon {
    private static let field: (exp: [UInt8], log: [Int]) = {
        var exp = [UInt8](repeating: 0, count: 512)
        var log = [Int](repeating: 0, count: 256)
        var value = 1
        for power in 0..<255 {
            exp[power] = UInt8(value)
            log[value] = power
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        for power in 255..<512 { exp[power] = exp[power - 255] }
        return (exp, log)
    }()

    /// The generator polynomial of degree `degree`, (x − α⁰)(x − α¹)…, coefficients highest first without
    /// the leading 1.
    private static func generator(degree: Int) -> [UInt8] {
        var poly: [UInt8] = [1]
        for root in 0..<degree {
            var next = [UInt8](repeating: 0, count: poly.count + 1)
            for (index, coefficient) in poly.enumerated() {
                next[index] ^= coefficient
                next[index + 1] ^= multiply(coefficient, field.exp[root])
            }
            poly = next
        }
        return Array(poly.dropFirst())
    }

    private static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : field.exp[field.log[Int(a)] + field.log[Int(b)]]
    }

    /// The error correction codewords of one block.
    static func ecc(of data: ArraySlice<UInt8>, count: Int) -> [UInt8] {
        let generator = generator(degree: count)
        var remainder = [UInt8](repeating: 0, count: count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            if factor != 0 {
                for index in 0..<count { remainder[index] ^= multiply(generator[index], factor) }
            }
        }
        return remainder
    }

    /// Data and error correction codewords in placing order: the blocks' data codewords column by column
    /// (the longer blocks' last one after the rest), then their error correction codewords likewise.
    static func interleavedCodewords(data: [UInt8], version: Int, level: QRLevel) -> [UInt8] {
        let spec = QRTables.blockSpec(version: version, level: level)
        var blocks: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0..<(spec.short + spec.long) {
            let length = spec.shortData + (index < spec.short ? 0 : 1)
            blocks.append(data[start..<start + length])
            start += length
        }
        let eccBlocks = blocks.map { ecc(of: $0, count: spec.ecc) }
        var result: [UInt8] = []
        result.reserveCapacity(data.count + eccBlocks.count * spec.ecc)
        for column in 0...spec.shortData {
            for block in blocks where column < block.count { result.append(block[block.startIndex + column]) }
        }
        for column in 0..<spec.ecc {
            for block in eccBlocks { result.append(block[column]) }
        }
        return result
    }
}
