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
            只重新生成内容有变化的 PDF（网页、打印样式、WeasyPrint 版本或字体变了）；其余的沿用上次生成的。
            内容、主题和选项都没变、网站也没被改过时，不再生成网站（“网站没有变化”）。
            需要 WeasyPrint 和中文字体：scripts/setup.sh 把较新的 WeasyPrint 装进 gongkai 旁边的 .venv/；
            没有它时用系统的 weasyprint（apt-get install weasyprint fonts-noto-cjk），但慢得多。
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
        let weasyPrint: WeasyPrint
        do {
            weasyPrint = try WeasyPrint.find()
        } catch {
            FileHandle.standardError.write(Data("错误：\(error)\n".utf8))
            throw ExitCode(2)
        }
        if weasyPrint.isFallback {
            FileHandle.standardError.write(Data(
                "提示：使用系统的 WeasyPrint（\(weasyPrint.executable.path)），比 scripts/setup.sh 安装到 .venv/ 的新版本慢得多。\n".utf8))
        }
        // Which WeasyPrint and fonts (part of every PDF's key): asked now, answered while the site builds.
        let identification = WeasyPrint.Identification(weasyPrint)
        // The renderer processes load Python and WeasyPrint while the site builds, unless no content or theme
        // file changed since the last run (then they would most likely only slow the build down).
        let options = source.buildOptions(output: output, baseURL: baseURL)
        let workers = RenderWorkers(weasyPrint: weasyPrint)
        if !PdfManifest.isLikelyCurrent(output: options.output, sources: [options.content] + Theme.folders(of: options.theme)) {
            workers.start()
        }
        defer { workers.stop() }
        let start = Date()
        do {
            // What the build would read: if the site is as the last run left it, built from the same, and
            // every PDF is up to date, there is nothing to build or render (SiteStamp).
            var inputs = SiteStamp.inputs(of: options)
            if let inputs, let (pdf, stamp) = try PdfRenderer(
                   output: options.output, paper: paper, weasyPrint: weasyPrint, identification: identification
               ).reportIfCurrent(inputs: inputs) {
                print("网站没有变化：\(stamp.source.pages) 个页面（\(stamp.source.matters) 个事项），共 \(stamp.source.files) 个文件 → \(output)/")
                report(pdf, since: start)
                return
            }
            let (built, book) = try Pipeline(options: options).buildForPrint()
            print(built.summary(output: output))
            inputs?.matters = built.matters
            inputs?.pages = built.pages
            inputs?.files = built.files
            let pdf = try PdfRenderer(
                output: options.output, paper: paper, weasyPrint: weasyPrint, book: book, identification: identification,
                workers: workers, stamp: inputs).render()
            // The matters and their pages, freed on another thread while the command reports and exits.
            Pipeline.releaseInBackground(consume book)
            report(pdf, since: start)
        } catch {
            throw Exit.report(error)
        }
    }

    /// The PDF line, and the posters set smaller or still too long.
    private func report(_ pdf: PdfRenderer.Report, since start: Date) {
        let pages = pdf.cataloguePages.map { "（\($0) 页）" } ?? ""
        let seconds = Int(Date().timeIntervalSince(start).rounded())
        let kept = pdf.posters.count + 1 - pdf.rendered.count
        let fresh = kept > 0 ? "，重新生成 \(pdf.rendered.count) 个，\(kept) 个没有变化、沿用" : ""
        let parts = pdf.catalogueParts.map {
            "（目录分 \($0.total) 部分排版，这次排了 \($0.laidOut) 部分\($0.appended ? "，只替换了改动的页" : "")）"
        } ?? ""
        print("已生成 PDF：print/catalogue.pdf\(pages)\(parts)，海报 \(pdf.posters.count) 张（\(paper.rawValue)）\(fresh) → \(output)/，用时 \(seconds) 秒")
        if !pdf.tightened.isEmpty {
            print("内容较多、已逐级缩小字号排成一页的海报：\(pdf.tightened.joined(separator: "、"))")
        }
        for poster in pdf.overflowing {
            FileHandle.standardError.write(Data("警告：\(poster) 内容太多，一页放不下（已缩小字号仍超出）。\n".utf8))
        }
    }
}
