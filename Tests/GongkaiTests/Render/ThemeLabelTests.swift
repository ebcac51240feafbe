import Foundation
import Testing
@testable import MustacheTemplates

/// `labels.name` tags write the theme's label text parsed into them (`FixedText`) instead of looking the
/// name up. Every page must come out exactly as the lookup would make it: each case renders once from
/// templates parsed with the labels (written) and once from templates parsed without them (looked up).
@Suite struct ThemeLabelTests {
    static let labels: [String: String] = [
        "title": "服务事项", "markup": #"<b class="x">Tom & Jerry's</b>"#, "empty": "", "line": "第一行\n第二行",
    ]
    /// The labels as gongkai's theme hands them to the engine.
    static let fixed = FixedStrings(key: "labels", values: labels)

    /// The page's labels are the theme's own dictionary (the same storage), as in a build.
    func bothWays(_ template: String, _ context: ContextObject, partials: [String: String] = [:]) throws -> (written: String, lookedUp: String) {
        let sources = partials.merging(["main": template]) { partial, _ in partial }
        let written = try TemplateSet(parsing: sources, fixed: Self.fixed)
        let lookedUp = try TemplateSet(parsing: sources)
        func text(_ set: TemplateSet) throws -> String {
            String(decoding: try #require(set.render("main", context: context)), as: UTF8.self)
        }
        return (try text(written), try text(lookedUp))
    }

    func page(_ extra: ContextObject = [:]) -> ContextObject {
        var page: ContextObject = ["labels": Self.labels]
        page.merge(extra)
        return page
    }

    @Test func writtenLabelsEqualLookedUpOnes() throws {
        let templates = [
            "{{labels.title}}|{{labels.markup}}|{{{labels.markup}}}|{{&labels.markup}}|{{labels.empty}}|{{labels.missing}}",
            "{{%CONTENT_TYPE:TEXT}}{{labels.markup}}",
            "{{#items}}<{{labels.title}}:{{name}}>{{/items}}",
            "{{#matter}}{{#steps}}{{labels.title}}{{/steps}}{{/matter}}",
            "{{#labels}}{{title}}={{labels.title}}{{/labels}}",
            "{{labels.title.more}}{{.labels.title}}{{labels..title}}{{uppercased(labels.markup)}}",
            "{{#labels.title}}[{{.}}]{{/labels.title}}{{^labels.missing}}无{{/labels.missing}}",
            "<ul>\n  {{> item}}\n</ul>\n",
        ]
        let context = page([
            "items": [["name": "甲"], ["name": "乙"]] as [ContextObject],
            "matter": ["steps": [["n": 1], ["n": 2]] as [ContextObject]] as ContextObject,
        ])
        for template in templates {
            let result = try bothWays(template, context, partials: ["item": "<li>{{labels.line}}</li>\n<li>{{labels.empty}}</li>\n"])
            #expect(result.written == result.lookedUp, "\(template)")
            #expect(!result.written.isEmpty, "\(template)")
        }
    }

    @Test func anObjectWithItsOwnLabelsHidesTheThemes() throws {
        let own: ContextObject = ["labels": ["title": "自己的"] as ContextObject]
        let cases: [(String, ContextObject, String)] = [
            ("{{#item}}{{labels.title}}{{/item}}|{{labels.title}}", page(["item": own]), "自己的|服务事项"),
            ("{{#items}}{{labels.title}},{{/items}}", page(["items": [["x": 1], own, ["x": 2]] as [ContextObject]]),
             "服务事项,自己的,服务事项,"),
            ("{{#item}}{{#inner}}{{labels.title}}{{/inner}}{{/item}}",
             page(["item": ["labels": ["title": "外层"] as ContextObject, "inner": ["x": 1] as ContextObject] as ContextObject]), "外层"),
            ("{{#item}}{{> part}}{{/item}}", page(["item": own]), "自己的"),
            ("{{#item}}{{labels.title}}{{/item}}", page(["item": ["labels": "一段文字"] as ContextObject]), ""),
        ]
        for (template, context, expected) in cases {
            let result = try bothWays(template, context, partials: ["part": "{{labels.title}}"])
            #expect(result.written == expected, "\(template)")
            #expect(result.lookedUp == expected, "\(template)")
        }
    }

    @Test func labelsAreWrittenOnlyWhenThePageCarriesTheThemesOwn() throws {
        let set = try TemplateSet(parsing: ["main": "{{labels.title}}"], fixed: Self.fixed)
        func render(_ context: Any) throws -> String {
            String(decoding: try #require(set.render("main", context: context)), as: UTF8.self)
        }
        // Equal labels in other storage, other labels, none: looked up like any name.
        var copied = [String: String](minimumCapacity: 8)
        for (key, value) in Self.labels { copied[key] = value }
        #expect(try render(["labels": copied] as ContextObject) == "服务事项")
        #expect(try render(["labels": ["title": "别的"]] as ContextObject) == "别的")
        #expect(try render(["x": 1] as ContextObject) == "")
        #expect(try render(["labels": Self.labels] as [String: Any]) == "服务事项")
        #expect(TemplateRenderer.carries(Self.fixed, ["labels": Self.labels] as ContextObject))
        #expect(!TemplateRenderer.carries(Self.fixed, ["labels": copied] as ContextObject))
        #expect(!TemplateRenderer.carries(Self.fixed, ["labels": ["title": "别的"]] as ContextObject))
    }

    @Test func onlyPlainLabelTagsCarryText() {
        #expect(ValuePath(name: "labels.title", transforms: []).fixedName(key: "labels") == "title")
        #expect(ValuePath(name: "labels..title", transforms: []).fixedName(key: "labels") == "title")
        #expect(ValuePath(name: "labels.title.x", transforms: []).fixedName(key: "labels") == nil)
        #expect(ValuePath(name: ".labels.title", transforms: []).fixedName(key: "labels") == nil)
        #expect(ValuePath(name: "labels.title", transforms: ["uppercased"]).fixedName(key: "labels") == nil)
        #expect(ValuePath(name: "label.title", transforms: []).fixedName(key: "labels") == nil)
        #expect(ValuePath(name: "labels", transforms: []).fixedName(key: "labels") == nil)
    }

    /// The engine knows no key of its own: gongkai's `labels` is just the key its theme passes.
    @Test func fixedStringsGoUnderTheKeyTheCallerNames() throws {
        let fixed = FixedStrings(key: "ui", values: ["title": "标题"])
        let set = try TemplateSet(parsing: ["main": "{{ui.title}}|{{labels.title}}"], fixed: fixed)
        let page: ContextObject = ["ui": fixed.values, "labels": ["title": "别的"]]
        #expect(String(decoding: try #require(set.render("main", context: page)), as: UTF8.self) == "标题|别的")
        #expect(TemplateRenderer.carries(fixed, page))
        #expect(ValuePath(name: "ui.title", transforms: []).fixedName(key: "ui") == "title")
        #expect(ValuePath(name: "labels.title", transforms: []).fixedName(key: "ui") == nil)
    }
}
