import Foundation
import GongkaiModel

/// `gongkai export`: the catalogue written as the Word document or the Excel 清单 the office asks for, into
/// a new file — or over one that is there only with `force` — through a temporary file beside it, renamed
/// into place whole.
package struct CatalogueExport {
    package enum Format: String, CaseIterable, Sendable {
        case docx, xlsx
    }

    package let catalogue: Catalogue
    package let format: Format
    package let output: URL
    package let force: Bool

    package init(catalogue: Catalogue, format: Format, output: URL, force: Bool = false) {
        self.catalogue = catalogue
        self.format = format
        self.output = output
        self.force = force
    }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    package func run() throws(Failure) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: output.path, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw Failure(description: "\(output.path) 是一个文件夹；--output 要写文件名") }
            guard force else {
                throw Failure(description: "\(output.path) 已存在，没有覆盖\n  提示: 换一个 --output 文件名，或加 --force 覆盖它")
            }
        }
        let temporary = output.deletingLastPathComponent()
            .appending(path: ".\(output.lastPathComponent).gongkai-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? manager.removeItem(at: temporary) }
        do {
            switch format {
            case .docx: try DocxExport.data(catalogue).write(to: temporary)
            case .xlsx: try XlsxExport.write(catalogue, to: temporary.path)
            }
            if manager.fileExists(atPath: output.path) { try manager.removeItem(at: output) }
            try manager.moveItem(at: temporary, to: output)
        } catch let failure as XlsxExport.Failure {
            throw Failure(description: failure.description)
        } catch {
            throw Failure(description: "无法写入 \(output.path)（\(error.localizedDescription)）")
        }
    }
}
