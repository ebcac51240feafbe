import CQRencode
import QREncoder

/// A QR code as a square of modules: up to version 11 (a poster's link) made by `QREncoder`, the same code
/// module for module as libqrencode's, and above that by libqrencode through its public API
/// (`QRcode_encodeString`). Posters print it, so it must scan from a phone at arm's length: error
/// correction M (a scuffed or sun-faded poster still reads) is the default.
public struct QRCode: Sendable, Equatable {
    public enum ErrorCorrection: Sendable {
        case low, medium, quartile, high

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }

        var encoderLevel: QRLevel {
            switch self {
            case .low: .low
            case .medium: .medium
            case .quartile: .quartile
            case .high: .high
            }
        }
    }

    /// 1…40: how much the code holds; the side is `17 + 4 × version` modules.
    public let version: Int
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row by row from the top left; true is a dark module.
    public let modules: [Bool]

    /// Bytes of any text that fit in the largest code (version 40) at level M in byte mode, the mode that
    /// holds the fewest characters (ISO/IEC 18004, table 7).
    public static let byteCapacityAtMedium = 2331

    /// Encodes text (a URL, usually) with the smallest version that holds it. Bytes that are not digits or
    /// upper-case letters go in 8-bit mode; case is kept, since a URL's path is case-sensitive.
    public init(_ text: String, correction: ErrorCorrection = .medium) throws(QRCodeError) {
        guard !text.isEmpty, !text.utf8.contains(0) else { throw .unencodable(text) }
        if let symbol = QREncoder.encode(text, level: correction.encoderLevel) {
            var modules = [Bool](repeating: false, count: symbol.width * symbol.width)
            for y in 0..<symbol.width {
                for x in 0..<symbol.width { modules[y * symbol.width + x] = symbol.isDark(x: x, y: y) }
            }
            self.init(version: symbol.version, size: symbol.width, modules: modules)
            return
        }
        guard let code = QRcode_encodeString(text, 0, correction.level, QR_MODE_8, 1) else {
            throw .unencodable(text)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // libqrencode marks a dark module in the lowest bit of each byte; the other bits say what part of the
        // symbol the module belongs to, which a drawing does not need.
        let bytes = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        self.init(version: Int(code.pointee.version), size: width, modules: bytes.map { $0 & 1 == 1 })
    }

    private init(version: Int, size: Int, modules: [Bool]) {
        self.version = version
        self.size = size
        self.modules = modules
    }

    /// Whether the module at column x, row y is dark; outside the symbol (the quiet zone) it is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }
}

public enum QRCodeError: Error, CustomStringConvertible, Equatable {
    case unencodable(String)

    public var description: String {
        switch self {
        case .unencodable(let text): "无法生成二维码：「\(text)」为空或太长"
        }
    }
}
