import MustacheTemplates

/// A QR code drawn as inline SVG: one `<path>` of unit squares on a grid of modules, so it is sharp at any print
/// size and small in the HTML. `shape-rendering="crispEdges"` keeps renderers from anti-aliasing the seams
/// between neighbouring squares into grey lines that a scanner might read as edges.
extension QRCode {
    /// - Parameters:
    ///   - quietZone: light modules around the symbol; scanners need 4 to find it on a busy poster.
    ///   - label: what the code says, for screen readers (it is drawn, not written).
    public func svg(quietZone: Int = 4, label: String) -> String {
        let side = size + 2 * quietZone
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" viewBox=\"0 0 \(side) \(side)\""
            + " shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"\(HTMLEscape.escaped(label))\">"
            + "<path fill=\"#000\" d=\"\(pathData(offset: quietZone))\"/></svg>"
    }

    /// Each run of dark modules in a row becomes one rectangle `M x y h n v 1 h -n z`: far shorter than a
    /// square per module, and only digits and path letters, so nothing from the encoded text reaches it.
    /// Written as bytes: a poster per matter made this a twentieth of a large build when each run was an
    /// interpolated String.
    func pathData(offset: Int) -> String {
        // At most one run per two modules (and one per row more), each 7 letters and 4 numbers no longer
        // than the largest coordinate.
        let digits = String(size + offset).utf8.count
        let capacity = (size * size / 2 + size) * (7 + 4 * digits)
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            modules.withUnsafeBufferPointer { modules in
                count = Self.writePath(of: modules, size: size, offset: offset, to: buffer.baseAddress!)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the path and returns its length in bytes.
    private static func writePath(
        of modules: UnsafeBufferPointer<Bool>, size: Int, offset: Int, to start: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var out = start
        func write(_ byte: UInt8) {
            out.pointee = byte
            out += 1
        }
        func write(_ number: Int) {
            var digits = 1, rest = number
            while rest >= 10 { rest /= 10; digits += 1 }
            rest = number
            for place in stride(from: digits - 1, through: 0, by: -1) {
                out[place] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            out += digits
        }
        for y in 0..<size {
            let row = y * size
            var x = 0
            while x < size {
                guard modules[row + x] else { x += 1; continue }
                let first = x
                while x < size, modules[row + x] { x += 1 }
                write(UInt8(ascii: "M")); write(first + offset)
                write(UInt8(ascii: " ")); write(y + offset)
                write(UInt8(ascii: "h")); write(x - first)
                for byte in "v1h-".utf8 { write(byte) }
                write(x - first)
                write(UInt8(ascii: "z"))
            }
        }
        return out - start
    }
}
