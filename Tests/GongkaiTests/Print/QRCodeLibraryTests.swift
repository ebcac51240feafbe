import Foundation
import Testing
@testable import GongkaiSite

/// QR codes come from libqrencode through the functions its header declares, and they scan.
@Suite struct QRCodeLibraryTests {
    /// The module map's header adds nothing to qrencode.h: no declarations of the library's internal
    /// functions (which it exports, but may change or drop in any release).
    @Test func onlyFunctionsQrencodeHDeclares() throws {
        let shim = try String(contentsOf: TestSupport.packageRoot.appending(path: "Sources/CQRencode/shim.h"), encoding: .utf8)
        let code = shim.components(separatedBy: "\n").filter {
            let line = $0.trimmingCharacters(in: .whitespaces)
            return !line.isEmpty && !line.hasPrefix("/*") && !line.hasPrefix("*") && !line.hasPrefix("//")
        }
        #expect(code == ["#include <qrencode.h>"])
    }

    static let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Drawn as a grey-map image (four pixels a module, a quiet zone of four modules) and read back by
    /// zbarimg, each code gives its text: short and long addresses, at every error-correction level.
    @Test(.enabled(if: zbarimg != nil, "zbarimg (zbar-tools) is not installed"),
          arguments: [QRCode.ErrorCorrection.low, .medium, .quartile, .high])
    func codesScanBackToTheirText(level: QRCode.ErrorCorrection) throws {
        let texts = [
            "https://gongkai.example.org/dagu/matters/2.1/",
            "https://gongkai.example.org/" + String(repeating: "dagu/", count: 30) + "matters/12.34/",
            "HTTPS://EXAMPLE.ORG/123456",
        ]
        let folder = TestSupport.temporaryFolder("qr-scan")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, text) in texts.enumerated() {
            let code = try QRCode(text, correction: level)
            let file = folder.appending(path: "\(index).pgm")
            try Self.greyMap(code).write(to: file)
            let process = Process()
            process.executableURL = URL(filePath: Self.zbarimg!)
            process.arguments = ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", file.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines) == text, "\(level) version \(code.version)")
        }
    }

    static func greyMap(_ code: QRCode, scale: Int = 4, quietZone: Int = 4) -> Data {
        let side = (code.size + 2 * quietZone) * scale
        var pixels = Data("P5\n\(side) \(side)\n255\n".utf8)
        for y in 0..<side {
            for x in 0..<side {
                pixels.append(code.isDark(x: x / scale - quietZone, y: y / scale - quietZone) ? 0 : 255)
            }
        }
        return pixels
    }
}
