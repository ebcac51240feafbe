import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Word's automatic numbering (word/numbering.xml): the labels it draws before numbered paragraphs —
/// 「1.」「（一）」「a)」 — which are not in the paragraph's text but are part of what the document says.
/// Import puts each label back in front of its paragraph, so a 运行要件 numbered by Word keeps its numbers.
struct WordNumbering {
    struct Level {
        var start = 1
        var format = "decimal"
        var text = "%1."
    }

    /// Levels of each abstract numbering, and the abstract numbering of each numbering id.
    private var abstracts: [String: [Int: Level]] = [:]
    private var abstractOfNum: [String: String] = [:]
    /// Counters of each numbering id, by level, as the document's paragraphs go by.
    private var counters: [String: [Int: Int]] = [:]

    init() {}

    init?(_ data: Data) {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else { return nil }
        abstracts = reader.abstracts
        abstractOfNum = reader.abstractOfNum
    }

    /// The label of the next paragraph numbered `numID` at `level`; nil for a bullet or an unknown list.
    mutating func label(numID: String, level: Int) -> String? {
        guard numID != "0", let abstract = abstractOfNum[numID], let levels = abstracts[abstract],
              let definition = levels[level] else { return nil }
        var levelCounters = counters[numID] ?? [:]
        levelCounters[level] = (levelCounters[level] ?? (definition.start - 1)) + 1
        for deeper in levelCounters.keys where deeper > level { levelCounters[deeper] = nil }
        counters[numID] = levelCounters
        guard definition.format != "bullet", definition.format != "none" else { return nil }
        var label = definition.text
        for shown in 0...8 where label.contains("%\(shown + 1)") {
            let value = levelCounters[shown] ?? (levels[shown]?.start ?? 1)
            label = label.replacingOccurrences(of: "%\(shown + 1)", with: Self.format(value, levels[shown]?.format ?? "decimal"))
        }
        return label
    }

    static func format(_ value: Int, _ format: String) -> String {
        switch format {
        case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified":
            return chinese(value)
        case "lowerLetter": return letters(value).lowercased()
        case "upperLetter": return letters(value)
        case "lowerRoman": return roman(value).lowercased()
        case "upperRoman": return roman(value)
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return (1...20).contains(value) ? String(UnicodeScalar(0x2460 + value - 1)!) : String(value)
        default: return String(value)
        }
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 999).
    static func chinese(_ value: Int) -> String {
        let digits = Array("零一二三四五六七八九")
        guard value > 0, value < 1000 else { return String(value) }
        let hundreds = value / 100, tens = value / 10 % 10, ones = value % 10
        var text = ""
        if hundreds > 0 { text += "\(digits[hundreds])百" }
        if tens > 0 {
            text += (tens == 1 && hundreds == 0 ? "" : String(digits[tens])) + "十"
        } else if hundreds > 0, ones > 0 {
            text += "零"
        }
        if ones > 0 { text += String(digits[ones]) }
        return text
    }

    static func letters(_ value: Int) -> String {
        guard value > 0 else { return String(value) }
        let letter = Character(UnicodeScalar(65 + (value - 1) % 26)!)
        return String(repeating: letter, count: (value - 1) / 26 + 1)
    }

    static func roman(_ value: Int) -> String {
        guard value > 0, value < 4000 else { return String(value) }
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = value, text = ""
        for (amount, symbol) in table { while rest >= amount { text += symbol; rest -= amount } }
        return text
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var abstracts: [String: [Int: Level]] = [:]
        var abstractOfNum: [String: String] = [:]
        private var abstract: String?
        private var level: Int?
        private var num: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "w:abstractNum": abstract = attributes["w:abstractNumId"]
            case "w:lvl":
                level = attributes["w:ilvl"].flatMap(Int.init)
                if let abstract, let level { abstracts[abstract, default: [:]][level] = Level() }
            case "w:start": set { $0.start = attributes["w:val"].flatMap(Int.init) ?? 1 }
            case "w:numFmt": set { $0.format = attributes["w:val"] ?? "decimal" }
            case "w:lvlText": set { $0.text = attributes["w:val"] ?? "" }
            case "w:num": num = attributes["w:numId"]
            case "w:abstractNumId":
                if let num, let value = attributes["w:val"] { abstractOfNum[num] = value }
            default: break
            }
        }

        private func set(_ change: (inout Level) -> Void) {
            guard let abstract, let level, abstracts[abstract]?[level] != nil else { return }
            change(&abstracts[abstract]![level]!)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:abstractNum": abstract = nil
            case "w:lvl": level = nil
            case "w:num": num = nil
            default: break
            }
        }
    }
}
