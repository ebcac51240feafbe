import Foundation

/// Why the output was not written. Every refusal leaves the output, and everything beside it, as it was.
public enum WriteError: Error, CustomStringConvertible {
    case io(String, any Error)
    case unsafePath(String)
    case notAnOutputFolder(String)
    /// The output path is not a folder: a file, FIFO, device, socket or dangling link.
    case notAFolder(String, kind: String)
    /// The output folder's names cannot be read, so it cannot be known to be gongkai's.
    case unreadableFolder(String, any Error)
    /// A staging or `.old` name beside the output holds something gongkai did not make.
    case leftoverNotOurs(String)
    /// The output is, or holds, the content or the theme (after resolving links): replacing it would
    /// delete them.
    case outputHoldsSource(output: String, source: String)

    public var description: String {
        switch self {
        case .io(let path, let error):
            return "无法写入 \(path)：\(error.localizedDescription)"
        case .unsafePath(let path):
            return "拒绝写入输出文件夹之外的路径「\(path)」"
        case .notAnOutputFolder(let path):
            return "输出文件夹 \(path) 里已有别的文件，且不是 gongkai 生成的；为避免误删，不会覆盖它。请换一个 --output，或先清空它"
        case .notAFolder(let path, let kind):
            return "--output \(path) 是一个\(kind)，不是文件夹；gongkai 只写入它自己生成的文件夹，不会删除或替换它。请换一个 --output"
        case .unreadableFolder(let path, let error):
            return "无法读取输出文件夹 \(path) 里有什么（\(error.localizedDescription)），不能确认它是 gongkai 生成的；为避免误删，不会覆盖它。请换一个 --output，或检查这个文件夹的权限"
        case .leftoverNotOurs(let path):
            return "\(path) 和 gongkai 生成时用的临时文件夹同名，但没有 \(OutputWriter.marker) 标记，不能确认是 gongkai 留下的；为避免误删，不会删除它。请查看后自行移走或删除它，再重新生成"
        case .outputHoldsSource(let output, let source):
            return "--output \(output) 就是或包含 \(source)（按符号链接指向的实际位置比较）；生成网站会替换整个输出文件夹，会把它删掉。请换一个 --output"
        }
    }
}
