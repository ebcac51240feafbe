import ArgumentParser
import Foundation
import GongkaiSite
import GongkaiBuild

extension Paper: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.uppercased())
    }
}

struct Pdf: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "生成网站，再用 WeasyPrint 生成打印版目录和每个事项的海报（PDF）。",
        discussion: """
            写入 <输出文件夹>/print/catalogue.pdf（A4，目录带页码）和 posters/<序号>.pdf（每个事项一页，默认 A3）。
            需要 WeasyPrint 和中文字体：apt-get install weasyprint fonts-noto-cjk
            """)

    @OptionGroup var source: ContentOptions

    @Option(name: .long, help: ArgumentHelp("输出文件夹", valueName: "目录"))
    var output: String = "public"

    @Option(name: .long, help: ArgumentHelp("海报的纸张：A3 或 A4（目录总是 A4）", valueName: "纸张"))
    var paper: Paper = .a3

    @Option(name: .customLong("base-url"), help: ArgumentHelp("网站的网址（代替 site.yaml 的 网址；海报的二维码指向它）", valueName: "网址"))
    var baseURL: String?

    func run() throws {
        // Look for WeasyPrint before building: without it the command can do nothing it promises.
        guard let weasyPrint = WeasyPrint.find() else {
            FileHandle.standardError.write(Data("错误：找不到 WeasyPrint（weasyprint 命令）。请安装：\(WeasyPrint.installHint)\n".utf8))
            throw ExitCode(2)
        }
        let options = source.buildOptions(output: output, baseURL: baseURL)
        let start = Date()
        do {
            let report = try Pipeline(options: options).build()
            print(report.summary(output: output))
            let pdf = try PdfRenderer(output: options.output, paper: paper, weasyPrint: weasyPrint).render()
            let pages = pdf.cataloguePages.map { "（\($0) 页）" } ?? ""
            let seconds = Int(Date().timeIntervalSince(start).rounded())
            print("已生成 PDF：print/catalogue.pdf\(pages)，海报 \(pdf.posters.count) 张（\(paper.rawValue)）→ \(output)/，用时 \(seconds) 秒")
            if !pdf.tightened.isEmpty {
                print("内容较多、已缩小字号排成一页的海报：\(pdf.tightened.joined(separator: "、"))")
            }
            for poster in pdf.overflowing {
                FileHandle.standardError.write(Data("警告：\(poster) 内容太多，一页放不下（已缩小字号仍超出）。\n".utf8))
            }
        } catch {
            throw Exit.report(error)
        }
    }
}
