import Foundation
import Testing
@testable import GongkaiContent

/// Policies named in Chinese (issue 15, item 3): the address is the name's pinyin, or the file's 网址名.
@Suite struct PolicyAddressTests {
    @Test func pinyinOfTheName() {
        #expect(PolicyLoader.pinyin("首问负责制度") == "shou-wen-fu-ze-zhi-du")
        #expect(PolicyLoader.pinyin("2024年 服务承诺") == "2024nian-fu-wu-cheng-nuo")
        #expect(PolicyLoader.pinyin("首问负责制度") == PolicyLoader.pinyin("首问负责制度"), "the same from build to build")
    }

    @Test func aChineseFileNameBuildsUnderItsPinyinOrItsAddressName() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        TestSupport.write("---\n标题: 首问负责制度\n---\n\n第一条 首问负责。\n", to: content.appending(path: "policies/首问负责制度.md"))
        TestSupport.write("---\n标题: 服务承诺\n网址名: fuwu-chengnuo\n---\n\n承诺。\n", to: content.appending(path: "policies/服务承诺.md"))
        let output = try TestSupport.build(content: content)
        #expect(TestSupport.read(output.appending(path: "policies/shou-wen-fu-ze-zhi-du/index.html")).contains("首问负责制度"))
        #expect(TestSupport.read(output.appending(path: "policies/fuwu-chengnuo/index.html")).contains("服务承诺"))
    }
}
