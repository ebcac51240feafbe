/// The text as segments of one mode each, split as libqrencode 4.1.1 splits it for `QR_MODE_8` (case kept),
/// and the data codewords they make.
///
/// The split is a greedy scan, not an optimum: starting with the mode of the first byte, a run of digits or
/// of alphanumeric characters gets a segment of its own only when that saves bits against the estimate
/// libqrencode makes, with the length indicators of versions 1–9 (it splits before it knows the version).
/// Its estimates are copied as they are, quirks included, since a different split is a different code.
enum QRSegments {
    enum Mode: Int {
        case numeric = 0, alphanumeric, byte

        var indicator: UInt32 {
            switch self {
            case .numeric: 0b0001
            case .alphanumeric: 0b0010
            case .byte: 0b0100
            }
        }
    }

    struct Segment: Equatable {
        var mode: Mode
        var start: Int
        var count: Int
    }

    // MARK: - Characters

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The value of an alphanumeric-mode character (0–9, A–Z, space, $ % * + - . / :), or nil.
    static func alphanumericValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x5A: Int(byte - 0x41) + 10
        case 0x20: 36
        case 0x24: 37
        case 0x25: 38
        case 0x2A: 39
        case 0x2B: 40
        case 0x2D: 41
        case 0x2E: 42
        case 0x2F: 43
        case 0x3A: 44
        default: nil
        }
    }

    /// The mode of the byte at `index`; nil past the end (libqrencode's terminating NUL).
    static func mode(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Mode? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if isDigit(byte) { return .numeric }
        return alphanumericValue(byte) != nil ? .alphanumeric : .byte
    }

    // MARK: - Bit counts

    /// Bits of the length indicator: versions 1–9, 10–26, 27–40 (the split uses 1–9's).
    static func lengthBits(_ mode: Mode, version: Int) -> Int {
        let column = version <= 9 ? 0 : version <= 26 ? 1 : 2
        switch mode {
        case .numeric: return [10, 12, 14][column]
        case .alphanumeric: return [9, 11, 13][column]
        case .byte: return [8, 16, 16][column]
        }
    }

    static func dataBits(_ mode: Mode, count: Int) -> Int {
        switch mode {
        case .numeric: count / 3 * 10 + [0, 4, 7][count % 3]
        case .alphanumeric: count / 2 * 11 + count % 2 * 6
        case .byte: count * 8
        }
    }

    /// Every segment's length fits its length indicator at this version (libqrencode would split it).
    static func fits(_ segments: [Segment], version: Int) -> Bool {
        segments.allSatisfy { $0.count < 1 << lengthBits($0.mode, version: version) }
    }

    static func bitCount(_ segments: [Segment], version: Int) -> Int {
        segments.reduce(0) { $0 + 4 + lengthBits($1.mode, version: version) + dataBits($1.mode, count: $1.count) }
    }

    // MARK: - Split

    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Segment] {
        var segments: [Segment] = []
        var start = 0
        while start < bytes.count {
            let segment: Segment
            switch mode(at: start, in: bytes)! {
            case .numeric: segment = eatNumeric(from: start, bytes)
            case .alphanumeric: segment = eatAlphanumeric(from: start, bytes)
            case .byte: segment = eatBytes(from: start, bytes)
            }
            segments.append(segment)
            start += segment.count
        }
        return segments
    }

    private static let ln = lengthBits(.numeric, version: 0)
    private static let la = lengthBits(.alphanumeric, version: 0)
    private static let l8 = lengthBits(.byte, version: 0)

    private static func eatNumeric(from start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Segment {
        var end = start
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        let run = end - start
        let next = mode(at: end, in: bytes)
        if next == .byte,
           dataBits(.numeric, count: run) + 4 + ln + dataBits(.byte, count: 1) - dataBits(.byte, count: run + 1) > 0 {
            return eatBytes(from: start, bytes)
        }
        if next == .alphanumeric,
           dataBits(.numeric, count: run) + 4 + ln + dataBits(.alphanumeric, count: 1)
            - dataBits(.alphanumeric, count: run + 1) > 0 {
            return eatAlphanumeric(from: start, bytes)
        }
        return Segment(mode: .numeric, start: start, count: run)
    }

    private static func eatAlphanumeric(from start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Segment {
        var end = start
        while end < bytes.count, alphanumericValue(bytes[end]) != nil {
            guard isDigit(bytes[end]) else {
                end += 1
                continue
            }
            var digitsEnd = end
            while digitsEnd < bytes.count, isDigit(bytes[digitsEnd]) { digitsEnd += 1 }
            let followedByAlphanumeric = digitsEnd < bytes.count && alphanumericValue(bytes[digitsEnd]) != nil
            let difference = dataBits(.alphanumeric, count: end - start) + dataBits(.numeric, count: digitsEnd - end)
                + 4 + ln + (followedByAlphanumeric ? 4 + ln : 0) - dataBits(.alphanumeric, count: digitsEnd - start)
            if difference < 0 { break }
            end = digitsEnd
        }
        let run = end - start
        if end < bytes.count, alphanumericValue(bytes[end]) == nil,
           dataBits(.alphanumeric, count: run) + 4 + la + dataBits(.byte, count: 1) - dataBits(.byte, count: run + 1) > 0 {
            return eatBytes(from: start, bytes)
        }
        return Segment(mode: .alphanumeric, start: start, count: run)
    }

    private static func eatBytes(from start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Segment {
        var end = start + 1
        while end < bytes.count {
            let here = mode(at: end, in: bytes)!
            guard here != .byte else {
                end += 1
                continue
            }
            var runEnd = end
            if here == .numeric {
                while runEnd < bytes.count, isDigit(bytes[runEnd]) { runEnd += 1 }
            } else {
                while runEnd < bytes.count, alphanumericValue(bytes[runEnd]) != nil { runEnd += 1 }
            }
            let switchBack = mode(at: runEnd, in: bytes) == .byte ? 4 + l8 : 0
            let runBits = here == .numeric ? dataBits(.numeric, count: runEnd - end) + 4 + ln
                : dataBits(.alphanumeric, count: runEnd - end) + 4 + la
            let difference = dataBits(.byte, count: end - start) + runBits + switchBack - dataBits(.byte, count: runEnd - start)
            if difference < 0 { break }
            end = runEnd
        }
        return Segment(mode: .byte, start: start, count: end - start)
    }

    // MARK: - Codewords

    /// The data codewords at `version`: each segment's mode, length and data, the terminator, zero bits to
    /// the byte, then the pad bytes 0xEC 0x11 … up to the version's data capacity.
    static func codewords(_ segments: [Segment], bytes: UnsafeBufferPointer<UInt8>, version: Int, level: QRLevel) -> [UInt8] {
        var stream = BitStream()
        for segment in segments {
            stream.append(segment.mode.indicator, bits: 4)
            stream.append(UInt32(segment.count), bits: lengthBits(segment.mode, version: version))
            let data = UnsafeBufferPointer(rebasing: bytes[segment.start..<segment.start + segment.count])
            switch segment.mode {
            case .numeric:
                var index = 0
                while index < data.count {
                    let take = min(3, data.count - index)
                    var value: UInt32 = 0
                    for offset in 0..<take { value = value * 10 + UInt32(data[index + offset] - 0x30) }
                    stream.append(value, bits: [0, 4, 7, 10][take])
                    index += take
                }
            case .alphanumeric:
                var index = 0
                while index + 1 < data.count {
                    let value = alphanumericValue(data[index])! * 45 + alphanumericValue(data[index + 1])!
                    stream.append(UInt32(value), bits: 11)
                    index += 2
                }
                if index < data.count { stream.append(UInt32(alphanumericValue(data[index])!), bits: 6) }
            case .byte:
                for byte in data { stream.append(UInt32(byte), bits: 8) }
            }
        }
        let capacity = QRTables.dataLength(version: version, level: level)
        let room = capacity * 8 - stream.count
        if room <= 4 {
            stream.append(0, bits: room)
        } else {
            stream.append(0, bits: ((stream.count + 4 + 7) / 8) * 8 - stream.count)
            var pad: UInt32 = 0xEC
            while stream.count < capacity * 8 {
                stream.append(pad, bits: 8)
                pad = pad == 0xEC ? 0x11 : 0xEC
            }
        }
        return stream.bytes
    }
}

/// Bits appended most significant first, packed into bytes.
struct BitStream {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: UInt32, bits: Int) {
        for bit in stride(from: bits - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if value >> UInt32(bit) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
