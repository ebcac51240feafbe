import ArgumentParser
import Foundation
import GongkaiBuild
import GongkaiExport
import GongkaiModel

extension CatalogueExport.Format: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "把内容导出为 Word 信息表（docx）或 Excel 清单（xlsx）。",
        discussion: """
            docx：封面、目录表（序号 | 主要职责 | 职责事项，页码由 Word 打开时算出）和每个事项一张信息表。\
            xlsx：工作表“事项”每行一个事项，工作表“材料”每行一项材料及其条件。导出的文件可以用 gongkai import 导入。
            """)

    @Argument(help: ArgumentHelp("docx 或 xlsx", valueName: "格式"))
    var format: CatalogueExport.Format

    @OptionGroup var source: ContentOptions

    @Option(name: .long, help: ArgumentHelp("写入的文件（默认 公开服务内容.docx / .xlsx）", valueName: "文件"))
    var output: String?

    @Flag(name: .long, help: "覆盖已有的同名文件")
    var force = false

    func run() throws {
        let catalogue: Catalogue
        do {
            catalogue = try Pipeline(options: source.buildOptions()).loadCatalogue()
        } catch {
            throw Exit.report(error)
        }
        let file = output ?? "公开服务内容.\(format.rawValue)"
        do {
            try CatalogueExport(catalogue: catalogue, format: format, output: URL(filePath: file), force: force).run()
        } catch {
            FileHandle.standardError.write(Data("错误：\(error)\n".utf8))
            throw ExitCode(2)
        }
        print("已导出 \(catalogue.matters.count) 个事项 → \(file)")
    }
}
