import Foundation
import Testing
@testable import MustacheTemplates

/// Malformed text run through the real `gongkai build` (issue 18, defects 7, 12, 13, 14), as
/// `MalformedCorpusTests` does: each must exit 1 at `file:line:col` with its message and keep the
/// previous site. Kept apart from that suite's list so both can grow without conflicts.
@Suite struct MalformedTextCorpusTests {
    typealias Case = MalformedCorpusTests.Case
    static let m = MalformedCorpusTests.m

    static func matter(replacing number: Int, with replacement: String) -> String {
        MalformedCorpusTests.matter(replacing: number, with: replacement)
    }

    static let cases: [Case] = [
        Case(name: "YAML: anchor", file: m, text: matter(replacing: 8, with: "职责边界: &x 乡镇权限"), at: "8:7",
             message: "不支持 YAML 锚点和别名"),
        Case(name: "YAML: alias", file: m, text: matter(replacing: 8, with: "职责边界: *x"), at: "8:7",
             message: "不支持 YAML 锚点和别名"),
        Case(name: "escaped ESC in quotes", file: m, text: matter(replacing: 4, with: "名称: \"测试\\e[31m事项\""), at: "4:5",
             message: "名称: 文字里有不能出现的字符 U+001B"),
        Case(name: "escaped BEL in a flow list", file: m, text: matter(replacing: 13, with: "    选项: [本市, \"外\\x07省市\"]"),
             at: "13:14", message: "情形[1].选项[2]: 文字里有不能出现的字符 U+0007"),
        Case(name: "raw line separator", file: m, text: matter(replacing: 4, with: "名称: 测试\u{2028}事项"), at: "4:7",
             message: "有不能出现的字符 U+2028"),
        Case(name: "raw NEL in the body", file: m, text: matter(replacing: 19, with: "  - 受理申请；") + "正文\u{85}\n",
             at: "21:3", message: "有不能出现的字符 U+0085"),
        Case(name: "nesting past the limit", file: m,
             text: matter(replacing: 8, with: "职责边界: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)),
             at: "8:38", message: "嵌套太深"),
        Case(name: "empty 条件", file: m, text: matter(replacing: 17, with: "    条件: {}"), at: "17:9",
             message: "不能为空（这里是空的 {}）"),
        Case(name: "unclosed list at the end of a file without a final line break", file: "calendar/2025.yaml",
             text: "年份: 2025\n放假:\n  - 名称: 国庆节\n    日期: [2025-10-01", at: "4:20", message: "YAML 格式错误"),
    ]

    @Test(arguments: cases)
    func reportsTheMistakeAndKeepsThePreviousSite(_ example: Case) throws {
        try MalformedCorpusTests().reportsTheMistakeAndKeepsThePreviousSite(example)
    }
}
