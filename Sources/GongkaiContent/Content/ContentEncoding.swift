/// What a file that is not UTF-8 looks like instead, and where its first byte that is not UTF-8 is: a
/// clerk's editor saves GBK, or UTF-16 ("Unicode" in Notepad), and needs to be told which and how to fix it.
enum ContentEncoding {
    /// The encoding a file seems to be in, for the message; nil when it is UTF-8.
    enum Guess: Equatable {
        case utf16
        case utf32
        case gbk
        case unknown

        var words: String {
            switch self {
            case .utf16: return "看起来是 UTF-16 编码（记事本里叫“Unicode”）"
            case .utf32: return "看起来是 UTF-32 编码"
            case .gbk: return "看起来是 GBK/GB18030 编码（简体中文 Windows 的默认编码）"
            case .unknown: return "其中有不是 UTF-8 的字节"
            }
        }
    }

    /// UTF-32 or UTF-16 by their byte-order mark, or by where the zero bytes fall in the first 4 KB (ASCII
    /// characters, line breaks, colons and spaces have them). Checked before UTF-8, because UTF-16 of ASCII
    /// text is valid UTF-8 full of NULs.
    static func wideGuess(_ bytes: UnsafeBufferPointer<UInt8>) -> Guess? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 } }
        if starts([0x00, 0x00, 0xFE, 0xFF]) || starts([0xFF, 0xFE, 0x00, 0x00]) { return .utf32 }
        if starts([0xFE, 0xFF]) || starts([0xFF, 0xFE]) { return .utf16 }
        let sample = min(bytes.count, 4096) / 4 * 4
        guard sample >= 4 else { return nil }
        var zeros = [0, 0, 0, 0]
        for index in 0..<sample where bytes[index] == 0 { zeros[index % 4] += 1 }
        let units = sample / 4
        // UTF-32: the top byte of every character is zero, and the next one of almost every one.
        if zeros[3] == units && zeros[2] * 2 >= units || zeros[0] == units && zeros[1] * 2 >= units { return .utf32 }
        // UTF-16: zeros on one side only, in a good share of the characters.
        let even = zeros[0] + zeros[2], odd = zeros[1] + zeros[3]
        if max(even, odd) * 5 >= sample / 2 && min(even, odd) * 10 <= max(even, odd) { return .utf16 }
        return nil
    }

    /// GBK and GB18030 write Chinese as pairs of a lead byte 0x81–0xFE and a trail byte 0x40–0xFE (not
    /// 0x7F); mostly such pairs from the first byte that is not UTF-8 on, and the file reads as GBK.
    static func looksLikeGBK(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var pairs = 0, strays = 0, index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            if (0x81...0xFE).contains(byte), index + 1 < bytes.count,
               (0x40...0xFE).contains(bytes[index + 1]), bytes[index + 1] != 0x7F {
                pairs += 1
                index += 2
            } else {
                strays += 1
                index += 1
            }
        }
        return pairs > 0 && strays * 10 <= pairs
    }

    /// The offset of the first byte that does not belong to valid UTF-8 (a NUL counts, for UTF-16 and
    /// UTF-32 text), or nil.
    static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>, countingNUL: Bool) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                if lead == 0 && countingNUL { return index }
                index += 1
                continue
            }
            let length: Int, lowest: UInt32
            switch lead {
            case 0xC2...0xDF: (length, lowest) = (2, 0x80)
            case 0xE0...0xEF: (length, lowest) = (3, 0x800)
            case 0xF0...0xF4: (length, lowest) = (4, 0x10000)
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            var value = UInt32(lead) & (0xFF >> (length + 1))
            for step in 1..<length {
                let next = bytes[index + step]
                guard next & 0xC0 == 0x80 else { return index }
                value = value << 6 | UInt32(next & 0x3F)
            }
            guard value >= lowest, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return index }
            index += length
        }
        return nil
    }
}
