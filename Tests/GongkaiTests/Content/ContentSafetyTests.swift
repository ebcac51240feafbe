import Foundation
import Testing
@testable import GongkaiContent
@testable import GongkaiSite

/// Hostile or careless content files (issue 18, defects 7, 12, 13, 14): each is refused with a diagnostic
/// at its exact place, fast, with bounded memory, and never crashes or blocks.
@Suite struct ContentSafetyTests {
    /// The first diagnostic of loading the minimal fixture with `file` replaced by `bytes`.
    static func firstProblem(writing bytes: [UInt8], to file: String) -> Diagnostic? {
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        let url = content.appending(path: file)
        try? FileManager.default.removeItem(at: url)
        try! Data(bytes).write(to: url)
        return firstProblem(in: content)
    }

    static func firstProblem(in content: URL) -> Diagnostic? {
        do {
            let loaded = try ContentLoader(folder: content, displayPrefix: "c").load()
            return loaded.problems.first
        } catch {
            return error.diagnostics.first
        }
    }

    static func problem(site text: String) -> Diagnostic? {
        firstProblem(writing: Array(text.utf8), to: "site.yaml")
    }

    static let siteText = TestSupport.read(TestSupport.minimalSite.appending(path: "site.yaml"))
    static let matterText = TestSupport.read(TestSupport.minimalSite.appending(path: "matters/1.1.md"))

    static func problem(matter text: String) -> Diagnostic? {
        firstProblem(writing: Array(text.utf8), to: "matters/1.1.md")
    }

    // MARK: 7. anchors and aliases

    @Test func billionLaughsIsRefusedAtItsFirstAnchorQuickly() {
        var lines = ["lol0: &a0 \"哈\""]
        for level in 1...12 {
            lines.append("lol\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let text = Self.siteText + lines.joined(separator: "\n") + "\n"
        let siteLines = Self.siteText.split(separator: "\n").count
        let started = Date()
        let d = Self.problem(site: text)
        #expect(Date().timeIntervalSince(started) < 10, "10^12 leaves must not be expanded")
        #expect(d?.message.contains("不支持 YAML 锚点和别名") == true, "\(String(describing: d))")
        #expect(d?.line == siteLines + 1)
        #expect(d?.column == 7)
        #expect(d?.field == "lol0")
    }

    @Test func aliasAloneIsRefusedAtTheAlias() {
        let d = Self.problem(matter: Self.matterText.replacingOccurrences(of: "职责边界: 乡镇权限", with: "职责边界: *x"))
        #expect(d?.message.contains("不支持 YAML 锚点和别名") == true, "\(String(describing: d))")
        #expect(d?.line == 8)
        #expect(d?.column == 7)
    }

    // MARK: resource limits

    @Test func hundredThousandNestedBracketsAreADiagnostic() {
        let depth = 100_000
        let d = Self.problem(site: Self.siteText + "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
        #expect(d?.message.contains("嵌套太深") == true, "\(String(describing: d?.message))")
        #expect(d?.line == Self.siteText.split(separator: "\n").count + 1)
        #expect((d?.rendered.count ?? .max) < 2_000, "a 200,000-character line is shown around the caret only")
    }

    @Test func blockNestingPastTheLimitIsADiagnostic() {
        var text = Self.siteText
        for level in 0...YAMLScreen.maximumDepth {
            text += String(repeating: "  ", count: level) + "k\(level):\n"
        }
        text += String(repeating: "  ", count: YAMLScreen.maximumDepth + 1) + "v: 1\n"
        let d = Self.problem(site: text)
        #expect(d?.message.contains("嵌套太深") == true, "\(String(describing: d))")
        #expect(d?.field.hasPrefix("k0.k1.k2") == true, "\(String(describing: d?.field))")
    }

    @Test func nestingWithinTheLimitIsRead() {
        let source = SourceFile(path: "x.yaml", text: "a:\n" + (1..<YAMLScreen.maximumDepth).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v\n")
        #expect(throws: Never.self) { try YAMLText.parse(source.text, firstLine: 1, source: source) }
    }

    /// 20,000 unknown keys (a 240 KB file): duplicate checks and source lines were quadratic (25 s in a
    /// release build); now each is found once.
    @Test(.timeLimit(.minutes(2))) func manyKeysAreReportedInLinearTime() {
        let text = Self.siteText + (0..<20_000).map { "k\($0): v" }.joined(separator: "\n") + "\n"
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        TestSupport.write(text, to: content.appending(path: "site.yaml"))
        let started = Date()
        var count = 0
        do { count = try ContentLoader(folder: content).load().problems.count } catch { count = error.diagnostics.count }
        #expect(Date().timeIntervalSince(started) < 20, "a hang bound, not a speed target")
        #expect(count == 20_000)
    }

    @Test func aFileAboveTheSizeLimitIsRefusedWithTheLimitNamed() {
        let text = Self.siteText + "# " + String(repeating: "x", count: ContentFileBytes.maximumSize) + "\n"
        let d = Self.problem(site: text)
        #expect(d?.message.contains("文件太大") == true, "\(String(describing: d))")
        #expect(d?.message.contains("4 MiB") == true)
    }

    // MARK: 12. control characters

    @Test(arguments: [("\\e", "U+001B"), ("\\x07", "U+0007"), ("\\0", "U+0000"), ("\\b", "U+0008"), ("\\v", "U+000B"),
                      ("\\u0085", "U+0085"), ("\\uFFFE", "U+FFFE"), ("\\r", "U+000D")])
    func escapedControlCharactersAreRefusedWithTheFieldPath(_ escape: String, _ code: String) {
        let d = Self.problem(matter: Self.matterText.replacingOccurrences(of: "    条件: {户籍: 外省市}", with: "    说明: \"甲\(escape)乙\""))
        #expect(d?.message.contains(code) == true, "\(String(describing: d))")
        #expect(d?.line == 17)
        #expect(d?.column == 9)
        #expect(d?.field == "运行要件[2].说明")
    }

    @Test func escapedControlCharacterInAMultiLineFileIsRefused() {
        let text = Self.matterText.replacingOccurrences(of: "    内容: 条文。", with: "    内容: |-\n      条文。\n  - 依据: \"甲\\e\"")
        let d = Self.problem(matter: text)
        #expect(d?.message.contains("U+001B") == true, "\(String(describing: d))")
        #expect(d?.line == 9)
        #expect(d?.field == "法定依据[2].依据")
    }

    @Test(arguments: [(UInt32(0x00), "U+0000"), (0x1B, "U+001B"), (0x85, "U+0085"), (0x9B, "U+009B"), (0xFFFE, "U+FFFE"),
                      (0xFDD0, "U+FDD0"), (0x1FFFF, "U+1FFFF"), (0x2028, "U+2028"), (0x2029, "U+2029"), (0x7F, "U+007F")])
    func rawRefusedCharactersAreReportedAtTheirOwnPlace(_ value: UInt32, _ code: String) {
        let character = String(Character(Unicode.Scalar(value)!))
        let d = Self.problem(matter: Self.matterText.replacingOccurrences(of: "名称: 测试事项", with: "名称: 测试\(character)事项"))
        #expect(d?.message.contains(code) == true, "\(String(describing: d))")
        #expect(d?.line == 4)
        #expect(d?.column == 7)
        #expect(d?.hint != nil)
        #expect(d?.sourceLine != nil)
    }

    /// The byte scan, eight bytes at a time, finds exactly the first character a scalar-by-scalar check finds.
    @Test func byteScanFindsWhatAScalarCheckFinds() {
        let alphabet: [UInt32] = [0x41, 0x20, 0x0A, 0x09, 0x4E2D, 0x6587, 0x00, 0x1B, 0x7F, 0x85, 0xA0, 0xE9, 0x2028,
                                  0x2030, 0xFFFE, 0xFFFD, 0xFDD0, 0xFEFF, 0x1F600, 0x1FFFF, 0x10FFFF]
        var random = ContentFuzzTests.Random(state: 7)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<random.below(40) {
                // Mostly harmless characters, so the first refused one falls at any offset.
                let value = random.below(6) == 0 ? alphabet[random.below(alphabet.count)] : alphabet[random.below(6)]
                text.unicodeScalars.append(Unicode.Scalar(value)!)
            }
            var utf8 = text
            let found = utf8.withUTF8 { ContentCharacters.firstForbidden(in: $0) }
            let expected = text.unicodeScalars.firstIndex { ContentCharacters.isForbidden($0.value) }
            #expect(found?.value == expected.map { text.unicodeScalars[$0].value }, "\(text.unicodeScalars.map(\.value))")
            #expect(found?.offset == expected.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) })
        }
    }

    // MARK: 13. line numbers and encodings

    @Test func lineSeparatorsDoNotShiftLaterLines() {
        // In the Markdown body, where YAML never looks: still refused, at its line.
        let d = Self.problem(matter: Self.matterText + "第一段\u{2028}第二段\n")
        #expect(d?.line == 21, "\(String(describing: d))")
        #expect(d?.column == 4)
    }

    static let gbk: [UInt8] = [0xB2, 0xE2, 0xCA, 0xD4]  // 测试 in GBK

    @Test func gbkIsNamedAndPointedAtItsFirstByte() {
        let bytes = Array("名称: 甲\n地址: ".utf8) + Self.gbk + Array("\n".utf8)
        let d = Self.firstProblem(writing: bytes, to: "site.yaml")
        #expect(d?.message.contains("GBK/GB18030") == true, "\(String(describing: d))")
        #expect(d?.line == 2)
        #expect(d?.column == 5)
        #expect(d?.sourceLine == "地址: ")
        #expect(d?.hint?.contains("UTF-8") == true)
    }

    @Test(arguments: [true, false])
    func utf16IsNamed(withBOM: Bool) {
        var bytes: [UInt8] = withBOM ? [0xFF, 0xFE] : []
        for unit in "名称: 甲\n地址: 乙\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let d = Self.firstProblem(writing: bytes, to: "site.yaml")
        #expect(d?.message.contains("UTF-16") == true, "\(String(describing: d))")
        #expect(d?.line == 1)
        // The first byte that is not UTF-8: the mark itself, or the second byte of 称 (0xF0 0x79).
        #expect(d?.column == (withBOM ? 1 : 3))
    }

    @Test func utf32SiteYAMLIsNamedNotMissing() {
        var bytes: [UInt8] = [0xFF, 0xFE, 0, 0]
        for scalar in "名称: 甲\n".unicodeScalars {
            bytes += [UInt8(scalar.value & 0xFF), UInt8(scalar.value >> 8 & 0xFF), 0, 0]
        }
        let d = Self.firstProblem(writing: bytes, to: "site.yaml")
        #expect(d?.message.contains("UTF-32") == true, "\(String(describing: d))")
        #expect(d?.message.contains("找不到") == false)
    }

    @Test func invalidUTF8PointsAtTheFirstBadByteInCharacters() {
        let bytes = Array("---\n序号: \"1.1\"\n名称: 甲乙".utf8) + [0xFF] + Array("\n---\n".utf8)
        let d = Self.firstProblem(writing: bytes, to: "matters/1.1.md")
        #expect(d?.message.contains("不是 UTF-8") == true, "\(String(describing: d))")
        #expect(d?.line == 3)
        #expect(d?.column == 7)
        #expect(d?.rendered.contains(" 3 | 名称: 甲乙\n   |           ^") == true, "\(d?.rendered ?? "")")
    }

    // MARK: 14. files that are not files

    @Test func aFolderNamedSiteYAMLIsReportedAsAFolder() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        try FileManager.default.removeItem(at: content.appending(path: "site.yaml"))
        try FileManager.default.createDirectory(at: content.appending(path: "site.yaml"), withIntermediateDirectories: false)
        let d = Self.firstProblem(in: content)
        #expect(d?.message.contains("文件夹") == true, "\(String(describing: d))")
        #expect(d?.message.contains("找不到") == false)
    }

    @Test func aMissingSiteYAMLIsStillNotFound() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        try FileManager.default.removeItem(at: content.appending(path: "site.yaml"))
        #expect(Self.firstProblem(in: content)?.message.contains("找不到 site.yaml") == true)
    }

    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedWithoutBeingOpened() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        let fifo = content.appending(path: "matters/2.1.md")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let d = Self.firstProblem(in: content)
        #expect(d?.file == "c/matters/2.1.md")
        #expect(d?.message.contains("不是普通文件") == true, "\(String(describing: d))")
    }

    @Test func aSymlinkLoopIsNamed() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        let matters = content.appending(path: "matters")
        try FileManager.default.createSymbolicLink(atPath: matters.appending(path: "a.md").path, withDestinationPath: "b.md")
        try FileManager.default.createSymbolicLink(atPath: matters.appending(path: "b.md").path, withDestinationPath: "a.md")
        let d = Self.firstProblem(in: content)
        #expect(d?.message.contains("符号链接循环") == true, "\(String(describing: d))")
    }

    @Test func aDeviceIsRefusedNotReadWhole() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        try FileManager.default.createSymbolicLink(
            atPath: content.appending(path: "matters/zero.md").path, withDestinationPath: "/dev/zero")
        let d = Self.firstProblem(in: content)
        #expect(d?.message.contains("不是普通文件") == true, "\(String(describing: d))")
    }

    @Test func controlCharactersInFileNamesAreEscapedInDiagnostics() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        TestSupport.write("---\n序号: [\n---\n", to: content.appending(path: "matters/\u{1B}[31mx\ny.md"))
        let d = try #require(Self.firstProblem(in: content))
        #expect(d.headline.hasPrefix("c/matters/\\u{1B}[31mx\\ny.md:3:1: error: "), "\(d.headline)")
        #expect(!d.rendered.contains("\u{1B}"))
    }

    @Test func anEmptyMappingIsNamedAsEmpty() {
        let d = Self.problem(matter: Self.matterText.replacingOccurrences(of: "{户籍: 外省市}", with: "{}"))
        #expect(d?.message == "不能为空（这里是空的 {}）", "\(String(describing: d))")
        let e = Self.problem(matter: Self.matterText.replacingOccurrences(of: "名称: 测试事项", with: "名称: {}"))
        #expect(e?.message == "应为文字，这里是空的“名称: 内容”（{}）", "\(String(describing: e))")
    }
}
