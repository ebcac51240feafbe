import Foundation
import Testing
@testable import GongkaiContent
@testable import GongkaiSite

/// Hostile text in every field and in Markdown must reach the pages as text, never as markup.
@Suite struct InjectionTests {
    static let payloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "'><svg onload=alert(3)>",
        "{{site.name}}{{{labels}}}",
        // A quote followed by a combining mark is one Character but still closes an attribute.
        "\"\u{301} onmouseover=alert(14) x=\"",
    ]
    /// One YAML-safe string carrying all the payloads.
    static let evil = payloads.joined(separator: " ")
    static var quoted: String { MatterScaffold.quoted(evil) }

    static func content() -> URL {
        let content = TestSupport.temporaryFolder("evil")
        let q = quoted
        TestSupport.write("""
            名称: \(q)
            标题: \(q)
            网址: https://example.org/
            地址: \(q)
            办公时间: \(q)
            实施机构: \(q)
            监督方式:
              监督电话: \(q)
              \(q): \(q)
            主要职责:
              - 序号: "1"
                名称: \(q)
            """, to: content.appending(path: "site.yaml"))
        TestSupport.write("""
            ---
            序号: "1.1"
            主要职责: "1"
            名称: \(q)
            法定依据:
              - 依据: \(q)
                内容: "[点我](javascript:alert(4)) <script>alert(5)</script> <img src=x onerror=alert(6)> {{site.name}}"
            职责边界:
              - \(q)
              - \(q)
            运行流程:
              - 步骤: \(q)
                办理: \(q)
                时限: 2个工作日
                说明: \(q)
            情形:
              - 键: \(q)
                问题: \(q)
                选项: [\(q)]
                说明: \(q)
            运行要件:
              - 名称: \(q)
                来源: \(q)
                说明: \(q)
                条件: {\(q): \(q)}
              - 名称: 表
                空表: "javascript:alert(7)"
            责任事项:
              - "[链接](javascript:alert(8)) <b onclick=alert(9)>粗</b>"
            办理地点: \(q)
            咨询电话: \(q)
            ---
            <script>alert(10)</script>
            [x](javascript:alert(11))
            <iframe src="https://evil.example"></iframe>
            {{site.name}}
            """, to: content.appending(path: "matters/1.1.md"))
        TestSupport.write("---\n标题: \(q)\n---\n<script>alert(12)</script>\n\n[x](javascript:alert(13))\n",
                          to: content.appending(path: "policies/p.md"))
        return content
    }

    @Test func aScriptLinkInAFormFieldIsRejected() throws {
        do {
            _ = try TestSupport.build(content: Self.content())
            Issue.record("expected the javascript: link in 空表 to be rejected")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.map(\.field) == ["运行要件[2].空表"])
        }
    }

    @Test func noExecutableMarkupReachesAnyPage() throws {
        let content = Self.content()
        // Without the rejected link, everything else builds: hostile text is content, not an error.
        let file = content.appending(path: "matters/1.1.md")
        TestSupport.write(TestSupport.read(file).replacingOccurrences(of: "空表: \"javascript:alert(7)\"", with: "份数: 1"), to: file)
        let output = try TestSupport.build(content: content)
        let pages = TestSupport.snapshot(output).filter { $0.key.hasSuffix(".html") }
        #expect(pages.count == 8, "6 site pages, the print catalogue and the poster")
        for (path, data) in pages {
            let html = String(decoding: data, as: UTF8.self)
            // Escaped text may mention anything; what matters is the markup the browser sees: real tags.
            // Matched scalar by scalar, as a browser reads: a quote followed by a combining mark is one
            // Swift Character, but to the browser a quote that ends the attribute.
            let tags = html.matches(of: /<[a-zA-Z][^>]*>/.matchingSemantics(.unicodeScalar)).map({ String($0.output) })
            for tag in tags {
                // Quoted attribute values are text (escaped); only the tag's own structure can execute.
                let lower = tag.lowercased().replacing(/"[^"]*"/.matchingSemantics(.unicodeScalar), with: "\"\"")
                if lower.hasPrefix("<script") {
                    let allowed = [
                        #"<script src="">"#, #"<script src="" defer>"#, #"<script type="" id="">"#,
                    ]
                    #expect(allowed.contains(lower), "\(path): \(tag)")
                    #expect(tag.contains("assets/elder.js") || tag.contains("assets/checker.js")
                            || tag.contains("assets/search.js") || tag.contains(#"src="search-index.js""#)
                            || tag.contains(#"type="application/json" id="checker-rules""#), "\(path): \(tag)")
                }
                for element in ["<img", "<svg", "<iframe", "<object", "<embed", "<b "] {
                    // A poster's QR code is the one SVG: drawn by gongkai, its only text the escaped label.
                    let isQRCode = path.hasPrefix("posters/")
                        && lower == #"<svg xmlns="" class="" viewbox="" shape-rendering="" role="" aria-label="">"#
                    #expect(!lower.hasPrefix(element) || isQRCode, "\(path): \(tag)")
                }
                #expect(lower.firstMatch(of: /\son[a-z]+\s*=/.matchingSemantics(.unicodeScalar)) == nil,
                        "\(path): event handler in \(tag)")
                #expect(!lower.contains("javascript:"), "\(path): \(tag)")
            }
        }
        let matter = String(decoding: pages["matters/1.1/index.html"]!, as: UTF8.self)
        // The rules JSON holds the hostile text too, but cannot close its element or open another.
        let rules = try #require(matter.firstMatch(of: /id="checker-rules">([^<]*)<\/script>/))
        #expect(rules.output.1.contains(#"\u003cscript\u003ealert(1)"#))
        // The text is shown, escaped, and `{{…}}` in content is not evaluated.
        #expect(matter.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(matter.contains("&quot;&gt;&lt;img src=x"))
        #expect(matter.contains("{{site.name}}"))
        // The search index is a script made of content: the hostile name must stay one JSON string in it.
        let script = String(decoding: try #require(TestSupport.snapshot(output)[SiteOutputs.searchIndex]), as: UTF8.self)
        let json = try #require(script.firstRange(of: "= ").map { script[$0.upperBound...].dropLast(2) })
        let index = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try #require(index["matters"] as? [[String]])
        #expect(rows.first?[2] == Self.evil)
    }
}
