import Testing
@testable import GongkaiSite

@Suite struct MarkdownTests {
    @Test func rendersParagraphsAndLists() {
        #expect(Markdown.html("甲\n\n乙") == "<p>甲</p>\n<p>乙</p>\n")
        #expect(Markdown.html("- 一\n- 二").contains("<li>一</li>"))
    }

    @Test func safeModeDropsRawHTMLAndScriptLinks() {
        let html = Markdown.html("<script>alert(1)</script>\n\n[点](javascript:alert(1)) <img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("<img"))
        #expect(html.contains("点"))
    }

    @Test func inlineHTMLUnwrapsALoneParagraph() {
        #expect(Markdown.inlineHTML("受理申请；") == "受理申请；")
        #expect(Markdown.inlineHTML("**重要**") == "<strong>重要</strong>")
        #expect(Markdown.inlineHTML("甲\n\n乙") == "<p>甲</p>\n<p>乙</p>")
    }
}
