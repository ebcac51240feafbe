import Foundation
import Testing
@testable import MustacheTemplates

/// Features the default theme does not use — transforms, `{{%CONTENT_TYPE}}`, block indentation, NSNull —
/// against what swift-mustache 2.1.1 rendered for the same template and data. The expected strings were
/// printed by a throwaway program that ran swift-mustache on exactly these cases (not committed; it
/// registered `partials` and each template in a `MustacheLibrary` and printed `library.render`).
@Suite struct TemplateOracleTests {
    static let partials = ["parent": "<div>\n  {{$body}}默认{{/body}}\n</div>\n"]

    nonisolated(unsafe) static let cases: [(name: String, template: String, context: [String: Any], swiftMustache: String)] = [
        ("string transforms",
         "{{uppercased(s)}} {{lowercased(s)}} {{capitalized(s)}} {{reversed(s)}} {{#empty(e)}}E{{/empty(e)}}{{^empty(s)}}N{{/empty(s)}}",
         ["s": "gongKai 公开", "e": ""], "GONGKAI 公开 gongkai 公开 Gongkai 公开 开公 iaKgnog EN"),
        ("integer transforms",
         "{{plusone(n)}} {{minusone(n)}} {{#even(n)}}even{{/even(n)}}{{#odd(n)}}odd{{/odd(n)}} {{#equalzero(z)}}zero{{/equalzero(z)}} {{plusone(plusone(n))}}",
         ["n": 7, "z": 0], "8 6 odd zero 9"),
        ("list transforms",
         "{{first(l)}} {{last(l)}} {{count(l)}} {{#reversed(l)}}{{.}}{{/reversed(l)}} {{#sorted(l)}}{{.}},{{/sorted(l)}} {{#empty(none)}}empty{{/empty(none)}}",
         ["l": ["乙", "甲", "丙"], "none": [String]()], "乙 丙 3 丙甲乙 丙,乙,甲, empty"),
        ("dictionary transforms", "{{count(d)}} {{#sorted(d)}}{{key}}={{value}};{{/sorted(d)}} {{^empty(d)}}some{{/empty(d)}}",
         ["d": ["b": "2", "a": "1", "c": "3"] as [String: Any]], "3 a=1;b=2;c=3; some"),
        ("positions",
         "{{#l}}{{index()}}{{#first()}}F{{/first()}}{{#last()}}L{{/last()}}{{#even()}}e{{/even()}}{{#odd()}}o{{/odd()}}{{plusone(index())}} {{/l}}",
         ["l": ["a", "b", "c"]], "0Fe1 1o2 2Le3 "),
        ("content type text", "{{%CONTENT_TYPE:TEXT}}{{s}} {{{s}}}", ["s": "<b>&\"'"], "<b>&\"' <b>&\"'"),
        ("content type html", "{{%CONTENT_TYPE:HTML}}{{s}}", ["s": "<b>&\"'"], "&lt;b&gt;&amp;&quot;&#39;"),
        ("block indentation", "{{<parent}}{{$body}}一\n二\n{{/body}}{{/parent}}", [:], "<div>\n  一\n  二\n\n</div>\n"),
        ("null and numbers", "[{{nothing}}] [{{#nothing}}x{{/nothing}}] [{{^nothing}}y{{/nothing}}] {{n}} {{b}} {{#b}}t{{/b}}",
         ["nothing": NSNull(), "n": 42, "b": true], "[] [] [y] 42 true t"),
        ("dotted and current", "{{a.b.c}} {{#a}}{{b.c}}{{.b.c}}{{/a}} {{#l}}{{.}}{{/l}}",
         ["a": ["b": ["c": "深"] as [String: Any]] as [String: Any], "l": ["x", "y"]], "深 深深 xy"),
        ("falsy values", "[{{#e}}e{{/e}}] [{{#z}}z{{/z}}] [{{#f}}f{{/f}}] [{{^f}}nf{{/f}}] [{{#l}}l{{/l}}] [{{^l}}nl{{/l}}]",
         ["e": "", "z": 0, "f": false, "l": [String]()], "[e] [z] [] [nf] [] [nl]"),
        ("escaping", "{{s}}", ["s": "a<b>c&d\"e'f 中<文>"], "a&lt;b&gt;c&amp;d&quot;e&#39;f 中&lt;文&gt;"),
    ]

    @Test func rendersAsSwiftMustacheDid() throws {
        for testCase in Self.cases {
            let set = try TemplateSet(parsing: Self.partials.merging(["main": testCase.template]) { partial, _ in partial })
            let output = String(decoding: try #require(set.render("main", context: testCase.context)), as: UTF8.self)
            #expect(output == testCase.swiftMustache, "\(testCase.name)")
        }
    }
}
