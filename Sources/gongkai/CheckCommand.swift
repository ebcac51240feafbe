import ArgumentParser
import Foundation
import GongkaiModel
import GongkaiChecker
import GongkaiBuild

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "材料自查：按申请人的情形列出需要的材料，说明还缺什么，推算办结日期。",
        discussion: """
            例：gongkai check 2.1 --answer 认定类别=低保家庭人员 --have 户口本 --have 2 --submitted 2025-09-26
            退出状态：0 材料齐全且没有待定项；1 还缺材料或有问题未回答；2 出错（没有这个事项、回答不对、内容有错）。
            """)

    @Argument(help: ArgumentHelp("事项序号，如 2.1", valueName: "序号"))
    var number: String

    @Option(name: .customLong("answer"), help: ArgumentHelp("回答一个情形问题（可多次）", valueName: "键=选项"))
    var answers: [String] = []

    @Option(name: .customLong("have"), help: ArgumentHelp("已有的材料：名称或清单里的编号（可多次）", valueName: "材料"))
    var haves: [String] = []

    @Option(name: .long, help: ArgumentHelp("递交日期，用来推算各环节的办结日期", valueName: "YYYY-MM-DD"))
    var submitted: String?

    @Flag(name: .long, help: "输出 JSON（字段见 docs/checker.md）")
    var json = false

    @OptionGroup var source: ContentOptions

    func run() throws {
        let options = source.buildOptions()
        let catalogue: Catalogue
        do {
            catalogue = try Pipeline(options: options).loadCatalogue()
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        do {
            let outcome = try CheckRequest(matterNumber: number, answers: answers, haves: haves, submitted: submitted)
                .run(on: catalogue)
            print(json ? outcome.json : outcome.text)
            if !outcome.isComplete { throw ExitCode(1) }
        } catch let error as CheckError {
            FileHandle.standardError.write(Data("错误：\(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
