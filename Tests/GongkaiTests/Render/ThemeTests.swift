import Foundation
import Testing
@testable import GongkaiContent

@Suite struct ThemeTests {
    /// A child theme beside a copy of the default one, overriding one template, one asset and one label.
    func childTheme(_ files: [String: String]) -> URL {
        let themes = TestSupport.temporaryFolder("themes")
        try! FileManager.default.copyItem(at: TestSupport.defaultTheme, to: themes.appending(path: "default"))
        let child = themes.appending(path: "child")
        TestSupport.write("parent: default\n", to: child.appending(path: "theme.yaml"))
        for (path, text) in files { TestSupport.write(text, to: child.appending(path: path)) }
        try! FileManager.default.createDirectory(at: child.appending(path: "templates"), withIntermediateDirectories: true)
        return child
    }

    @Test func childOverridesTemplateAssetAndLabelAndInheritsTheRest() throws {
        let child = childTheme([
            "templates/404.mustache": "{{<base}}{{$main}}<p>自定义 {{labels.notFoundTitle}}</p>{{/main}}{{/base}}",
            "assets/site.css": "body { color: black }",
            "labels.yaml": "notFoundTitle: 找不到了\n",
        ])
        let output = try TestSupport.build(content: TestSupport.minimalSite, theme: child)
        let notFound = TestSupport.read(output.appending(path: "404.html"))
        #expect(notFound.contains("<p>自定义 找不到了</p>"))
        #expect(notFound.contains("<footer"), "base layout comes from the parent")
        #expect(TestSupport.read(output.appending(path: "assets/site.css")) == "body { color: black }")
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "assets/elder.js").path))
        #expect(TestSupport.read(output.appending(path: "index.html")).contains("测试事项"))
    }

    @Test func templateErrorsCarryTheTemplatePathAndLine() throws {
        let child = childTheme([
            "templates/404.mustache": "{{<base}}{{$main}}\n{{#labels}}\n{{/main}}{{/base}}",
        ])
        do {
            _ = try TestSupport.build(content: TestSupport.minimalSite, theme: child)
            Issue.record("expected a template error")
        } catch let list as DiagnosticList {
            let problem = try #require(list.diagnostics.first)
            #expect(problem.file.hasSuffix("child/templates/404.mustache"))
            #expect(problem.message.hasPrefix("模板语法错误"))
        }
    }

    @Test func unknownVariableInAChildTemplateFailsTheBuild() throws {
        let child = childTheme(["templates/404.mustache": "{{<base}}{{$main}}\n\n{{matter.nmae}}{{/main}}{{/base}}"])
        do {
            _ = try TestSupport.build(content: TestSupport.minimalSite, theme: child)
            Issue.record("expected a template error")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.map(\.headline) == [
                "\(child.standardizedFileURL.path)/templates/404.mustache:3:1: error: 页面数据里没有「nmae」",
            ])
        }
    }
}
