import Foundation
import Testing
@testable import MustacheTemplates

/// gongkai's template engine and swift-mustache on seeded random templates and data: both must give the
/// same output, byte for byte. The vocabulary is what themes use — text with CJK and HTML-special
/// characters and line breaks, escaped and raw variables, dotted names, sections and inverted sections over
/// booleans, lists and nested objects, partials, comments — and the data is built from the context types
/// the page builders produce (`[String: Any]`, `[[String: Any]]`, `[String]`, `[Any]`, String, Int, Bool).
@Suite struct MustacheGeneratedTests {
    static let caseCount = 2_500

    @Test func bothEnginesRenderGeneratedTemplatesAlike() {
        var generator = TemplateGenerator(seed: 0x6F6E_676B_6169)
        var agree = 0
        var differences: [String] = []
        for index in 0..<Self.caseCount {
            let partials = ["p1": generator.template(depth: 1, partials: []), "p2": generator.template(depth: 2, partials: ["p1"])]
            let template = generator.template(depth: 3, partials: ["p1", "p2"])
            let context = generator.object(depth: 2)
            let ours = MustacheEngines.ours(template, partials: partials, context: context)
            let theirs = MustacheEngines.swiftMustache(template, partials: partials, context: context)
            if ours == theirs, case .rendered = ours {
                agree += 1
            } else if differences.count < 5 {
                differences.append("case \(index): \(template.debugDescription) partials \(partials) context \(context)\n  ours \(ours)\n  swift-mustache \(theirs)")
            }
        }
        print("Generated templates: \(Self.caseCount) cases, \(agree) identical in both engines, \(Self.caseCount - agree) differ")
        #expect(agree == Self.caseCount, "\(differences.joined(separator: "\n"))")
    }
}

struct TemplateGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(state: seed)
    }

    /// No combining marks: after `&<>"'` one makes a single `Character` that swift-mustache leaves unescaped
    /// and gongkai escapes, the one deliberate difference (HTMLEscape; TemplateEngineTests holds it). And no
    /// "{": beside a tag it would make a `{{{` the template did not mean.
    static let texts = [
        "办事指南", "材料（原件）", "<b>", "</p>", "&", "&amp;", "\"", "'", "a < b > c", "中<文>", " ", "  ", "\n",
        "\n\n", "\r\n", "\t", "x", "序号: 2.1", "=", "}", "#", "/", "😀", "",
    ]
    static let scalarNames = ["s", "t", "n", "b", "missing", "o.s", "o.o.t", "o.missing", ".", "l", "o"]
    static let sectionNames = ["b", "f", "l", "ls", "la", "o", "o.o", "s", "n", "missing", "e", "o.b"]

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &random) < percent
    }

    /// A template of a few pieces; `depth` bounds how deep sections nest.
    mutating func template(depth: Int, partials: [String]) -> String {
        var pieces: [String] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            pieces.append(piece(depth: depth, partials: partials))
        }
        return pieces.joined()
    }

    private mutating func piece(depth: Int, partials: [String]) -> String {
        let kind = Int.random(in: 0..<10, using: &random)
        switch kind {
        case 0, 1: return pick(Self.texts)
        case 2: return "{{\(spaced(pick(Self.scalarNames)))}}"
        case 3: return chance(50) ? "{{{\(spaced(pick(Self.scalarNames)))}}}" : "{{&\(spaced(pick(Self.scalarNames)))}}"
        case 4, 5 where depth > 0:
            let name = pick(Self.sectionNames)
            let sigil = chance(70) ? "#" : "^"
            let open = chance(30) ? "\n" : ""
            let close = chance(30) ? "\n" : ""
            return "{{\(sigil)\(name)}}\(open)\(template(depth: depth - 1, partials: partials))\(close){{/\(name)}}"
        case 6 where !partials.isEmpty:
            let indentation = chance(30) ? "\n  " : ""
            return "\(indentation){{> \(pick(partials))}}"
        case 7: return chance(50) ? "{{! 注释 <b> }}" : "\n{{!\n多行\n}}\n"
        default: return pick(Self.texts) + pick(Self.texts)
        }
    }

    private mutating func spaced(_ name: String) -> String {
        chance(20) ? " \(name) " : name
    }

    mutating func text() -> String {
        (0..<Int.random(in: 0...3, using: &random)).map { _ in pick(Self.texts) }.joined()
    }

    /// An object with some of the names the templates use, of the types the page builders produce.
    mutating func object(depth: Int) -> [String: Any] {
        var entries: [String: Any] = [:]
        if chance(80) { entries["s"] = text() }
        if chance(50) { entries["t"] = text() }
        if chance(60) { entries["n"] = Int.random(in: -3...12, using: &random) }
        if chance(60) { entries["b"] = chance(50) }
        if chance(60) { entries["f"] = false }
        if chance(30) { entries["e"] = "" }
        if chance(60) {
            entries["l"] = (0..<Int.random(in: 0...3, using: &random)).map { _ in object(depth: depth - 1) } as [[String: Any]]
        }
        if chance(50) { entries["ls"] = (0..<Int.random(in: 0...3, using: &random)).map { _ in text() } }
        if chance(40) {
            entries["la"] = (0..<Int.random(in: 0...3, using: &random)).map { _ -> Any in
                chance(50) ? text() : Int.random(in: 0...9, using: &random)
            } as [Any]
        }
        if depth > 0, chance(70) { entries["o"] = object(depth: depth - 1) }
        return entries
    }
}
