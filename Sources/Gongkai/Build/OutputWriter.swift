import Foundation

/// The write stage. Files go into a staging folder beside the output, which then replaces the output by
/// rename, so a failed or interrupted build never leaves a half-written site where the old one was.
public struct OutputWriter {
    /// Written into every output folder; a folder without it is not replaced, so a mistyped `--output`
    /// cannot wipe someone's documents.
    public static let marker = ".gongkai-output"

    public let output: URL

    public init(output: URL) {
        self.output = output.standardizedFileURL
    }

    var staging: URL { output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).staging") }
    var retired: URL { output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).old") }

    public func write(_ files: [OutputFile]) throws(WriteError) {
        let fileManager = FileManager.default
        try checkReplaceable()
        for leftover in [staging, retired] where fileManager.fileExists(atPath: leftover.path) {
            do { try fileManager.removeItem(at: leftover) } catch { throw .io(leftover.path, error) }
        }
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            try Data().write(to: staging.appending(path: Self.marker))
            for file in files {
                let target = try resolve(file.path, in: staging)
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: target)
            }
        } catch let error as WriteError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw .io(staging.path, error)
        }
        try swapIntoPlace()
    }

    /// A path from the build may only name a file inside the output folder.
    func resolve(_ path: String, in folder: URL) throws(WriteError) -> URL {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.isEmpty,
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\\")
                                 && !$0.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) })
        else { throw .unsafePath(path) }
        return parts.reduce(folder) { $0.appending(path: String($1)) }
    }

    private func checkReplaceable() throws(WriteError) {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else { return }
        let entries = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
        if !entries.isEmpty && !entries.contains(Self.marker) {
            throw .notAnOutputFolder(output.path)
        }
    }

    private func swapIntoPlace() throws(WriteError) {
        let fileManager = FileManager.default
        let hadOutput = fileManager.fileExists(atPath: output.path)
        if hadOutput, rename(output.path, retired.path) != 0 {
            throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
        if rename(staging.path, output.path) != 0 {
            let code = errno
            if hadOutput { _ = rename(retired.path, output.path) }
            throw .io(output.path, POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
        if hadOutput { try? fileManager.removeItem(at: retired) }
    }
}

public enum WriteError: Error, CustomStringConvertible {
    case io(String, any Error)
    case unsafePath(String)
    case notAnOutputFolder(String)

    public var description: String {
        switch self {
        case .io(let path, let error):
            return "无法写入 \(path)：\(error.localizedDescription)"
        case .unsafePath(let path):
            return "拒绝写入输出文件夹之外的路径「\(path)」"
        case .notAnOutputFolder(let path):
            return "输出文件夹 \(path) 里已有别的文件，且不是 gongkai 生成的；为避免误删，不会覆盖它。请换一个 --output，或先清空它"
        }
    }
}
