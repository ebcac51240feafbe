import ArgumentParser
import Foundation
import GongkaiContent
import GongkaiBuild

@main
struct GongkaiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "公开服务内容生成器：把事项文件生成网站。",
        discussion: """
            内容文件夹（默认 content/）里有 site.yaml、matters/*.md、policies/*.md。
            常用：gongkai build（生成网站到 public/），gongkai pdf（再生成打印版目录和海报的 PDF），gongkai lint（只检查内容）。
            """,
        version: GongkaiVersion.current,
        subcommands: [Build.self, Serve.self, Pdf.self, Lint.self, Check.self, New.self, Import.self, Export.self]
    )
}

/// Options every command that reads content takes.
struct ContentOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("内容文件夹", valueName: "目录"))
    var content: String = "content"

    @Option(name: .long, help: ArgumentHelp("主题文件夹（默认 themes/default，当前文件夹里没有时用 gongkai 自带的）", valueName: "目录"))
    var theme: String?

    @Flag(name: .customLong("allow-empty"), help: "没有任何事项（content/matters/ 不存在或没有 .md 文件）时也照常生成")
    var allowEmpty = false

    /// What the pipeline needs to read these folders (and write to `output`, for the commands that write).
    func buildOptions(output: String = "public", baseURL: String? = nil) -> BuildOptions {
        BuildOptions(
            content: URL(filePath: content), output: URL(filePath: output), theme: themeFolder, baseURL: baseURL,
            allowEmpty: allowEmpty)
    }

    /// `--theme`, or themes/default of the current folder, or the default theme that comes with gongkai.
    var themeFolder: URL {
        if let theme { return URL(filePath: theme) }
        let here = URL(filePath: "themes/default")
        if FileManager.default.fileExists(atPath: here.appending(path: "templates").path) { return here }
        return Installed.folder("themes/default") ?? here
    }
}

/// Content errors exit 1; a problem with the command or the machine exits 2.
enum Exit {
    static func report(_ error: any Error) -> ExitCode {
        if let list = error as? DiagnosticList {
            FileHandle.standardError.write(Data((list.description + "\n").utf8))
            return ExitCode(1)
        }
        if let diagnostic = error as? Diagnostic {
            FileHandle.standardError.write(Data((DiagnosticList([diagnostic]).description + "\n").utf8))
            return ExitCode(1)
        }
        FileHandle.standardError.write(Data("错误：\(error)\n".utf8))
        return ExitCode(2)
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "只检查内容和主题，不写入文件。报告与 build 相同。")

    @OptionGroup var source: ContentOptions

    func run() throws {
        let options = source.buildOptions()
        do {
            let (catalogue, _) = try Pipeline(options: options).renderInMemory()
            print("内容无误：\(catalogue.matters.count) 个事项，\(catalogue.policies.count) 篇规章制度。")
        } catch {
            throw Exit.report(error)
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "新建内容文件。", subcommands: [NewSite.self, NewMatter.self])
}

struct NewSite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "新建一个服务站的内容文件夹：site.yaml、一篇规章制度示例和第一个事项。",
        discussion: "把文件里的【待填写】换成实际内容后，运行 gongkai lint 检查，再 gongkai build。")

    @Argument(help: ArgumentHelp("服务站名称", valueName: "名称"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("内容文件夹", valueName: "目录"))
    var content: String = "content"

    func run() throws {
        do {
            let written = try SiteScaffold(name: name).write(into: URL(filePath: content))
            print("已新建：\n" + written.map { "  \($0)" }.joined(separator: "\n"))
            print("""
                下一步：
                  1. 把这些文件里的【待填写】换成实际内容（gongkai lint --content \(content) 会逐个指出还没填的地方）
                  2. gongkai new matter 1.2 <事项名称> --content \(content)   # 每个事项一个文件
                  3. gongkai build --content \(content)                         # 生成网站到 public/
                """)
        } catch {
            throw Exit.report(error)
        }
    }
}

struct NewMatter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matter",
        abstract: "新建一个事项文件（content/matters/<序号>.md），列出全部字段和说明。",
        discussion: "把文件里的【待填写】换成实际内容后，运行 gongkai lint 检查。")

    @Argument(help: ArgumentHelp("事项序号，如 2.2", valueName: "序号"))
    var number: String

    @Argument(help: ArgumentHelp("事项名称", valueName: "名称"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("内容文件夹", valueName: "目录"))
    var content: String = "content"

    func run() throws {
        do {
            let path = try MatterScaffold(number: number, name: name).write(into: URL(filePath: content))
            print("已新建 \(path)。把其中的【待填写】换成实际内容，然后运行 gongkai lint。")
        } catch {
            throw Exit.report(error)
        }
    }
}
