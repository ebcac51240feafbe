import Foundation
import Testing
@testable import GongkaiSite
@testable import GongkaiUtils
@testable import MustacheTemplates

/// The Mustache engine. Expected outputs that involve whitespace (standalone lines, indentation, block
/// overrides, list positions) are what swift-mustache 2.1.1 rendered for the same input, which the engine
/// must reproduce byte for byte.
@Suite struct TemplateEngineTests {
    func render(_ template: String, _ context: [String: Any] = [:], partials: [String: String] = [:]) throws -> String {
        let set = try TemplateSet(parsing: partials.merging(["main": template]) { partial, _ in partial })
        return String(decoding: try #require(set.render("main", context: context)), as: UTF8.self)
    }

    func syntaxError(_ template: String) -> TemplateSyntaxError? {
        do {
            _ = try TemplateParser.parse(template, into: TemplateStorage())
            return nil
        } catch {
            return error
        }
    }

    // MARK: Variables

    @Test func escapesTheFiveHTMLCharacters() throws {
        #expect(try render("{{x}}", ["x": #"<a href="x">Tom & Jerry's</a>"#])
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(try render("{{x}}", ["x": "办事指南：材料（原件）"]) == "办事指南：材料（原件）")
        #expect(try render("{{x}}", ["x": "中<文>"]) == "中&lt;文&gt;")
    }

    @Test func escapesMarkupBytesEvenWhenACombiningMarkFollows() throws {
        // "<" + U+0338 is one Character (≮), and swift-mustache left it alone; but a browser reads the "<",
        // and a quote followed by a combining mark closes an attribute. Every such byte is escaped.
        #expect(try render("{{x}}", ["x": "a<\u{338}b<c"]) == "a&lt;\u{338}b&lt;c")
        #expect(try render(#"<p title="{{x}}">"#, ["x": "\"\u{301} onclick=alert(1) \u{301}'"])
            == "<p title=\"&quot;\u{301} onclick=alert(1) \u{301}&#39;\">")
    }

    @Test func rawOutputIsNotEscaped() throws {
        #expect(try render("{{{x}}}|{{&x}}|{{& x }}", ["x": "<b>&"]) == "<b>&|<b>&|<b>&")
    }

    @Test func valuesPrintAsSwiftPrintsThem() throws {
        #expect(try render("{{n}} {{t}} {{f}} [{{a}}] [{{missing}}]", ["n": 42, "t": true, "f": false, "a": Absent()])
            == "42 true false [] []")
    }

    @Test func dottedNamesWalkTheStackForTheFirstSegmentOnly() throws {
        let context: [String: Any] = [
            "site": ["name": "站"] as [String: Any],
            "matter": ["name": "事项", "site": [String: Any]()] as [String: Any],
            "labels": ["title": "标题"],
        ]
        #expect(try render("{{site.name}}|{{#matter}}{{name}} {{labels.title}}{{/matter}}", context) == "站|事项 标题")
        // Inside matter, `site` is found on matter (without `name`): the walk stops there.
        #expect(try render("{{#matter}}[{{site.name}}]{{/matter}}", context) == "[]")
        // A leading dot looks only at the current object.
        #expect(try render("{{#matter}}[{{.labels}}][{{.name}}]{{/matter}}", context) == "[][事项]")
    }

    // MARK: Sections

    @Test func sectionOverEachKindOfValue() throws {
        let context: [String: Any] = [
            "dicts": [["n": "a"], ["n": "b"]] as [[String: Any]],
            "stringDicts": [["n": "c"]] as [[String: String]],
            "strings": ["x", "y"],
            "anys": ["p", 1] as [Any],
            "empty": [[String: Any]](),
            "yes": true, "no": false,
            "dict": ["n": "d"] as [String: Any],
            "text": "t", "emptyText": "", "zero": 0,
            "absent": Absent(),
        ]
        func section(_ name: String, _ body: String = "[{{.}}]") throws -> String {
            try render("{{#\(name)}}\(body){{/\(name)}}", context)
        }
        #expect(try section("dicts", "[{{n}}]") == "[a][b]")
        #expect(try section("stringDicts", "[{{n}}]") == "[c]")
        #expect(try section("strings") == "[x][y]")
        #expect(try section("anys") == "[p][1]")
        #expect(try section("empty") == "")
        #expect(try section("yes", "[{{text}}]") == "[t]")
        #expect(try section("no") == "")
        #expect(try section("dict", "[{{n}}]") == "[d]")
        #expect(try section("text") == "[t]")
        // swift-mustache treats "" and 0 as true (which is why pages pass `Absent` for missing text).
        #expect(try section("emptyText") == "[]")
        #expect(try section("zero") == "[0]")
        #expect(try section("absent") == "")
        #expect(try section("missing") == "")
    }

    @Test func invertedSectionIsTheOpposite() throws {
        let context: [String: Any] = [
            "empty": [String](), "list": ["x"], "yes": true, "no": false, "dict": [String: Any](),
            "emptyText": "", "absent": Absent(),
        ]
        let rendered = try ["empty", "list", "yes", "no", "dict", "emptyText", "absent", "missing"]
            .map { try render("{{^\($0)}}\($0){{/\($0)}}", context) }
        #expect(rendered == ["empty", "", "", "no", "", "", "absent", "missing"])
    }

    @Test func listPositionTransforms() throws {
        let items: [String: Any] = ["items": ["a", "b", "c"]]
        #expect(try render("{{#items}}{{.}}{{^last()}}, {{/last()}}{{/items}}", items) == "a, b, c")
        #expect(try render(
            "{{#items}}{{#first()}}[{{/first()}}{{index()}}{{#even()}}e{{/even()}}{{#odd()}}o{{/odd()}}{{/items}}", items)
            == "[0e1o2e")
        // `last(.)` applies `last` to the current item, which for a dictionary is nothing: always inverted.
        #expect(try render("{{#items}}{{name}}{{^last(.)}}+{{/last(.)}}{{/items}}", ["items": [["name": "a"], ["name": "b"]]])
            == "a+b+")
        // The position survives a boolean section but not a pushed object.
        #expect(try render("{{#items}}{{#flag}}{{last()}}{{/flag}}{{/items}}", ["items": [["flag": true], ["flag": true]]])
            == "falsetrue")
        #expect(try render(
            "{{#items}}{{#sub}}{{^last()}}x{{/last()}}{{/sub}}{{/items}}", ["items": [["sub": ["a": 1]], ["sub": ["a": 1]]]])
            == "xx")
    }

    // MARK: Whitespace

    @Test func standaloneTagsTakeTheirLineWithThem() throws {
        let template = "a\n  {{#x}}\n  b\n  {{/x}}\nc\n  {{! note }}\nd\n  {{^x}}\nno\n  {{/x}}\n"
        #expect(try render(template, ["x": true]) == "a\n  b\nc\nd\n")
        #expect(try render("{{#x}}\nin\n{{/x}} tail\n{{#y}}\nY\n{{/y}}\n", ["x": true, "y": true]) == "in\n tail\nY\n")
    }

    @Test func standalonePartialIsIndented() throws {
        #expect(try render("<ul>\n  {{> p}}\n</ul>\n", partials: ["p": "<li>one</li>\n<li>two</li>\n"])
            == "<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>\n")
        #expect(try render("  {{> p}}\n", partials: ["p": "p1\n  {{> q}}\np2\n", "q": "q1\nq2\n"])
            == "  p1\n    q1\n    q2\n  p2\n")
        // Not alone on its line: no indentation.
        #expect(try render("a {{> p}} b\n", partials: ["p": "x\ny\n"]) == "a x\ny\n b\n")
        // swift-mustache indents per node, so the first line of the second list element is not indented.
        let list = "{{#items}}\n<li>{{.}}</li>\n<i>x</i>\n{{/items}}\n"
        #expect(try render("<div>\n  {{> p}}\n</div>\n", ["items": ["a", "b"]], partials: ["p": list])
            == "<div>\n  <li>a</li>\n  <i>x</i>\n<li>b</li>\n  <i>x</i>\n</div>\n")
    }

    @Test func partialNamesMayHaveSlashesAndMissingPartialsRenderNothing() throws {
        #expect(try render("[{{> partials/x}}][{{> partials/none}}]", partials: ["partials/x": "X"]) == "[X][]")
    }

    // MARK: Inheritance

    @Test func parentBlocksAreOverriddenOrKeepTheirDefault() throws {
        let base = "<h1>{{$title}}Default{{/title}}</h1>\n{{$body}}body{{/body}}\n"
        #expect(try render("{{<base}}\n{{$title}}Mine{{/title}}\n{{/base}}\n", partials: ["base": base])
            == "<h1>Mine</h1>\nbody\n")
    }

    @Test func overrideLinesLoseTheFirstLinesIndent() throws {
        let template = "{{<base}}\n{{$body}}\n    <p>one</p>\n      <p>two</p>\n  <p>three</p>\n{{/body}}\n{{/base}}\n"
        #expect(try render(template, partials: ["base": "<main>\n{{$body}}{{/body}}\n</main>\n"])
            == "<main>\n<p>one</p>\n  <p>two</p>\n<p>three</p>\n\n</main>\n")
    }

    @Test func nestedParentsTheOutermostOverrideWins() throws {
        let partials = [
            "layout": "{{<base}}{{$title}}Layout{{/title}}{{$footer}}F{{/footer}}{{/base}}",
            "base": "[{{$title}}B{{/title}}|{{$footer}}b{{/footer}}]",
        ]
        #expect(try render("{{<layout}}{{$title}}Page{{/title}}{{/layout}}", partials: partials) == "[Page|F]")
    }

    @Test func commentsAndDelimiterChanges() throws {
        #expect(try render("a{{! anything }}b{{=<% %>=}}<% x %>{{x}}<%={{ }}=%>{{x}}", ["x": "1"]) == "ab1{{x}}1")
    }

    // MARK: Errors

    @Test func mismatchedClosingTagIsReportedWhereItIs() throws {
        let error = try #require(syntaxError("a\n{{#x}}\nb\n  {{/y}}\n"))
        #expect((error.line, error.column) == (4, 6))
        #expect(error.sourceLine == "  {{/y}}")
        #expect(error.message.contains("/y") && error.message.contains("x"))
    }

    @Test func errorPlacesAreRightInATemplateWithCRLFLineEnds() throws {
        let error = try #require(syntaxError("a\r\n{{#x}}\r\nb\r\n  {{/y}}\r\n"))
        #expect((error.line, error.column) == (4, 6))
        #expect(error.sourceLine == "  {{/y}}")
    }

    @Test func unclosedSectionIsReportedAtItsOpeningTag() throws {
        let error = try #require(syntaxError("a\n  {{#x}}\nb\n"))
        #expect((error.line, error.column) == (2, 6))
        #expect(error.sourceLine == "  {{#x}}")
        #expect(error.message.contains("{{/x}}"))
    }

    @Test func malformedTagsAreErrors() {
        #expect(syntaxError("{{{x}}") != nil)
        #expect(syntaxError("{{x y}}") != nil)
        #expect(syntaxError("{{/x}}") != nil)
        #expect(syntaxError("{{! never closed") != nil)
        #expect(syntaxError("{{<base}}{{x}}{{/base}}") != nil, "only blocks inside a parent")
    }

    @Test func themeReportsTheTemplatePathLineAndSource() throws {
        let folder = TestSupport.temporaryFolder("theme")
        TestSupport.write("<p>\n{{#a}}\n{{/b}}\n", to: folder.appending(path: "templates/page.mustache"))
        do {
            _ = try Theme.load(folder)
            Issue.record("expected a template error")
        } catch {
            let problem = try #require(error.diagnostics.first)
            #expect(problem.file.hasSuffix("templates/page.mustache"))
            #expect((problem.line, problem.column) == (3, 4))
            #expect(problem.message.hasPrefix("模板语法错误"))
            #expect(problem.sourceLine == "{{/b}}")
        }
    }

    // MARK: Concurrency

    @Test func rendersTheSameFromManyThreadsAtOnce() throws {
        let set = try TemplateSet(parsing: [
            "main": "{{#items}}{{> row}}{{/items}}", "row": "<li>{{name}}{{^last()}},{{/last()}}</li>\n",
        ])
        let context: [String: Any] = ["items": (0..<200).map { ["name": "第\($0)项 <\($0)>"] as [String: Any] }]
        let expected = set.render("main", context: context)
        let results = Parallel.map(64) { _ in set.render("main", context: context) }
        #expect(results.allSatisfy { $0 == expected })
    }
}

@Suite struct LazyListTests {
    /// As a section, a lazy list renders like the array it stands for, making each element only when
    /// reached. (Transforms such as `count(…)` and `{{list}}` itself do not treat it as an array.)
    @Test func rendersLikeAnArrayAndMakesElementsOnDemand() throws {
        let set = try TemplateSet(parsing: ["main": "{{#items}}<{{name}}{{^last(.)}},{{/last(.)}}>{{/items}}{{^none}}空{{/none}}"])
        nonisolated(unsafe) var made: [Int] = []
        let lazy = LazyList(count: 3) { index in
            made.append(index)
            return ["name": "第\(index)项"]
        }
        let eager: [[String: Any]] = (0..<3).map { ["name": "第\($0)项"] }
        let empty = LazyList(count: 0) { _ in [:] }
        let fromLazy = String(decoding: try #require(set.render("main", context: ["items": lazy, "none": empty])), as: UTF8.self)
        let fromArray = String(decoding: try #require(set.render("main", context: ["items": eager, "none": [[String: Any]]()])), as: UTF8.self)
        #expect(fromLazy == fromArray)
        #expect(made == [0, 1, 2])
    }
}
