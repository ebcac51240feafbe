/// A QR code encoder for the symbols a poster's link needs, written to make the very codes libqrencode 4.1.1
/// makes with `QRcode_encodeString(text, 0, level, QR_MODE_8, 1)`, module for module: the same split of
/// the text into numeric, alphanumeric and 8-bit segments, the same version, padding, Reed–Solomon blocks,
/// placement and mask choice. libqrencode scores each of the eight masks module by module, the largest
/// single cost of a build with a poster per matter (docs/performance.md); here a row of modules is one word.
///
/// It covers versions 1–11 (up to 61 modules a side: a link of about 250 bytes at level M); for a longer
/// text `encode` returns nil and the caller uses libqrencode. The differential test in
/// `Tests/GongkaiTests/Differential/QREncoderDifferentialTests.swift` holds it to libqrencode's output.
public enum QREncoder {
    /// The largest version encoded here: its symbol, 61 modules a side, fits a row in a 64-bit word.
    public static let maxVersion = 11

    /// The symbol for `text` at `level`, or nil when it needs a version above `maxVersion` (or is empty).
    public static func encode(_ text: String, level: QRLevel) -> QRSymbol? {
        var text = text
        return text.withUTF8 { encode(bytes: $0, level: level) }
    }

    public static func encode(bytes: UnsafeBufferPointer<UInt8>, level: QRLevel) -> QRSymbol? {
        guard !bytes.isEmpty else { return nil }
        let segments = QRSegments.split(bytes)
        guard let version = (1...maxVersion).first(where: { version in
            QRSegments.fits(segments, version: version) && QRSegments.bitCount(segments, version: version)
                <= QRTables.dataLength(version: version, level: level) * 8
        }) else { return nil }
        let data = QRSegments.codewords(segments, bytes: bytes, version: version, level: level)
        let codewords = QRReedSolomon.interleavedCodewords(data: data, version: version, level: level)
        let frame = QRFrame(version: version)
        let unmasked = frame.placing(codewords, remainderBits: QRTables.remainderBits(version: version))
        let rows = QRMaskChoice(width: frame.width, unmasked: unmasked, dataArea: frame.dataArea, level: level).bestSymbol()
        return QRSymbol(version: version, width: frame.width, rows: rows)
    }
}

/// Error correction: the share of the symbol that may be lost and still read (about 7, 15, 25 and 30%).
/// The raw values are libqrencode's (`QR_ECLEVEL_L` … `QR_ECLEVEL_H`), which its tables are indexed by.
public enum QRLevel: Int, Sendable, CaseIterable {
    case low = 0, medium, quartile, high
}

/// A QR symbol without its quiet zone.
public struct QRSymbol: Sendable, Equatable {
    public let version: Int
    /// Modules per side: 17 + 4 × version.
    public let width: Int
    /// A word per row from the top; bit x is the module in column x, set when dark.
    public let rows: [UInt64]

    public func isDark(x: Int, y: Int) -> Bool {
        rows[y] >> UInt64(x) & 1 == 1
    }
}
