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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size * size)
        func append(_ number: Int) {
            if number >= 10 { append(number / 10) }
            bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
        }
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                bytes.append(UInt8(ascii: "M")); append(start + offset)
                bytes.append(UInt8(ascii: " ")); append(y + offset)
                bytes.append(UInt8(ascii: "h")); append(x - start)
                bytes.append(contentsOf: "v1h-".utf8); append(x - start)
                bytes.append(UInt8(ascii: "z"))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
