import Foundation
import ZIPFoundation

extension Archive {
    /// The bytes of one entry of a Word or Excel file, at most `WordDocument.maxXMLBytes` of them (a zip can
    /// claim any size; the claim is checked before a byte is inflated). Nil when there is no such entry.
    func boundedContents(of path: String, file: String) throws(ImportProblem) -> Data? {
        guard let entry = self[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(WordDocument.maxXMLBytes) else {
            throw ImportProblem(file: file, message: "文件里的 \(path) 太大（超过 \(WordDocument.maxXMLBytes >> 20) MB）")
        }
        var data = Data()
        do {
            _ = try extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw ImportProblem(file: file, message: "文件已损坏，无法解压 \(path)（\(error)）", hint: ImportProblem.fileHint)
        }
        return data
    }
}
