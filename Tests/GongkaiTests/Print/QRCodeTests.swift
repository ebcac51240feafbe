import Foundation
import Testing
@testable import GongkaiSite

@Suite struct QRCodeTests {
    static let url = "https://gongkai.example.org/dagu/matters/2.1/"

    /// 46 bytes at level M need version 4 (version 3-M holds 42 bytes, 4-M 62): 33 modules a side.
    @Test func knownURLHasKnownSize() throws {
        let code = try QRCode(Self.url, correction: .medium)
        #expect(code.version == 4)
        #expect(code.size == 33)
        #expect(code.size == 17 + 4 * code.version)
        #expect(code.modules.count == 33 * 33)
        // Higher correction needs a bigger symbol for the same text; lower, a smaller or equal one.
        #expect(try QRCode(Self.url, correction: .high).size > code.size)
        #expect(try QRCode(Self.url, correction: .low).size <= code.size)
    }

    /// The three finder patterns (7×7: dark ring, light ring, 3×3 dark centre) sit in three corners, which
    /// shows that rows, columns and the dark bit are read the right way round.
    @Test func finderPatternsInThreeCorners() throws {
        let code = try QRCode(Self.url)
        func finder(at x0: Int, _ y0: Int) -> Bool {
            (0..<7).allSatisfy { y in
                (0..<7).allSatisfy { x in
                    let ring = max(abs(x - 3), abs(y - 3))
                    return code.isDark(x: x0 + x, y: y0 + y) == (ring != 2)
                }
            }
        }
        #expect(finder(at: 0, 0))
        #expect(finder(at: code.size - 7, 0))
        #expect(finder(at: 0, code.size - 7))
        #expect(!finder(at: code.size - 7, code.size - 7))
        // Timing pattern: row 6 alternates between the finders.
        #expect((8..<(code.size - 8)).allSatisfy { code.isDark(x: $0, y: 6) == ($0 % 2 == 0) })
    }

    @Test func emptyOrTooLongTextIsAnError() {
        #expect(throws: QRCodeError.self) { try QRCode("") }
        #expect(throws: QRCodeError.self) { try QRCode(String(repeating: "x", count: 5000)) }
    }

    @Test func svgIsOnePathWithAQuietZone() throws {
        let code = try QRCode(Self.url)
        let svg = code.svg(quietZone: 4, label: "2.1 就业援助 <&>")
        let side = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("aria-label=\"2.1 就业援助 &lt;&amp;&gt;\""), "the label is escaped")
        #expect(svg.matches(of: /<path/).count == 1)
        #expect(svg.hasSuffix("\"/></svg>"))
    }

    /// Drawing the path back onto a grid gives exactly the symbol, offset by the quiet zone, and nothing in
    /// the quiet zone: the path is well-formed, each run `M x y h n v 1 h -n z` one row high.
    @Test func pathRedrawsTheSymbol() throws {
        let code = try QRCode(Self.url)
        let svg = code.svg(quietZone: 4, label: "x")
        let d = try #require(svg.firstMatch(of: /d="([^"]*)"/)).output.1
        let runs = d.matches(of: /M(\d+) (\d+)h(\d+)v1h-(\d+)z/)
        #expect(runs.map { String($0.output.0) }.joined() == d, "only runs, nothing else in the path")
        let side = code.size + 8
        var grid = Array(repeating: false, count: side * side)
        for run in runs {
            let (x, y, width, back) = (Int(run.output.1)!, Int(run.output.2)!, Int(run.output.3)!, Int(run.output.4)!)
            #expect(width == back && width > 0)
            for column in x..<(x + width) {
                #expect(!grid[y * side + column], "runs do not overlap")
                grid[y * side + column] = true
            }
        }
        for y in 0..<side {
            for x in 0..<side {
                #expect(grid[y * side + x] == code.isDark(x: x - 4, y: y - 4), "(\(x), \(y))")
            }
        }
    }

    /// A real decoder reads the matrix back (zbarimg, Debian zbar-tools; the pytest suite does the same with the
    /// posters' PDFs). The matrix is drawn as a greyscale PGM, 8 pixels a module.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg")))
    func zbarDecodesTheMatrix() throws {
        let code = try QRCode(Self.url)
        let scale = 8, side = (code.size + 8) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for y in 0..<side {
            for x in 0..<side where code.isDark(x: x / scale - 4, y: y / scale - 4) {
                pixels[y * side + x] = 0
            }
        }
        let file = TestSupport.temporaryFolder("qr").appending(path: "code.pgm")
        try (Data("P5\n\(side) \(side)\n255\n".utf8) + Data(pixels)).write(to: file)
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/zbarimg")
        process.arguments = ["--raw", "-q", file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines) == Self.url)
    }
}

@Suite struct QRCodeCapacityTests {
    /// The capacity the poster check relies on: any text of that many bytes encodes, one more byte may not.
    @Test func byteCapacityAtMediumIsExact() throws {
        let fits = String(repeating: "汉", count: 776) + "abc"
        #expect(fits.utf8.count == QRCode.byteCapacityAtMedium)
        #expect(throws: Never.self) { try QRCode(fits, correction: .medium) }
        #expect(throws: (any Error).self) { try QRCode(fits + "d", correction: .medium) }
    }
}
