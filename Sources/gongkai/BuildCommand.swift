import ArgumentParser
import Foundation
import GongkaiSite
import GongkaiBuild

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查内容并生成网站。有错误时不写入任何文件，原来的网站保持不变。")

    @OptionGroup var source: ContentOptions

    @Option(name: .long, help: ArgumentHelp("输出文件夹", valueName: "目录"))
    var output: String = "public"

    @Option(name: .customLong("base-url"), help: ArgumentHelp("网站的网址（代替 site.yaml 的 网址）", valueName: "网址"))
    var baseURL: String?

    @Flag(name: .long, help: "列出各阶段（读取、校验、Markdown、渲染、写入）所用的时间")
    var timings = false

    @Flag(name: .shortAndLong, help: "不显示进度和结果行（错误照常报告）")
    var quiet = false

    func run() throws {
        let options = source.buildOptions(output: output, baseURL: baseURL)
        let progress = quiet ? nil : ProgressLine.onTerminal()
        do {
            let report = try Pipeline(options: options).build(progress: progress.map { line in { line.show($0, of: $1) } })
            progress?.clear()
            if !quiet {
                print(report.summary(output: output))
            }
            if timings { print(TimingsTable.text(report)) }
        } catch {
            progress?.clear()
            throw Exit.report(error)
        }
    }
}

/// One line on the terminal that a long build rewrites in place: nothing when stderr is not a terminal
/// (a log, CI), and nothing for builds that end before anyone would wait for them.
final class ProgressLine {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var shown = false

    static func onTerminal() -> ProgressLine? {
        isatty(STDERR_FILENO) == 1 ? ProgressLine() : nil
    }

    func show(_ done: Int, of total: Int) {
        guard DispatchTime.now().uptimeNanoseconds - start > 200_000_000 else { return }
        shown = true
        FileHandle.standardError.write(Data("\r\u{1B}[K生成中 \(done)/\(total) 个文件（\(done * 100 / max(total, 1))%）".utf8))
    }

    func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

enum TimingsTable {
    static func text(_ report: BuildReport) -> String {
        var lines = BuildTimings.Stage.allCases.map { stage in
            let seconds = report.timings.seconds[stage] ?? 0
            return "  \(padded(stage.label))\(milliseconds(seconds))"
        }
        lines.insert("各阶段用时：", at: 0)
        lines.append("  \(padded("合计"))\(milliseconds(report.timings.total))（\(report.pages) 个页面，\(report.files) 个文件）")
        return lines.joined(separator: "\n")
    }

    /// Padded to 10 terminal cells; Chinese characters take two.
    private static func padded(_ label: String) -> String {
        let width = label.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        return label + String(repeating: " ", count: max(1, 10 - width))
    }

    private static func milliseconds(_ seconds: Double) -> String {
        String(format: "%8.1f ms", seconds * 1000)
    }
}
