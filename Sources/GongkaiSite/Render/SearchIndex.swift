import GongkaiModel
import GongkaiUtils

/// The index page's search data: for each matter its 序号, page and one plain text per field of
/// `MatterSchema.searchFields`, written as a script file (`SiteOutputs.searchIndex`) that sets
/// `window.gongkaiSearchIndex`. A script, not JSON fetched by the page: Chromium refuses fetch and XHR from
/// file://, and the site's CSP allows the site's own scripts (`script-src 'self'`) but no connections.
///
/// Chinese is searched by substring over these texts in the browser (assets/search.js), so the index holds
/// the texts themselves, whitespace and Markdown marks removed, and no word or gram lists: a list of
/// 2-grams would be several times the text it comes from.
enum SearchIndex {
    /// Characters (Unicode scalars) kept of one field of one matter: the index is loaded whole by the phone
    /// of whoever opens the index page, so what one matter can add is bounded. A 法定依据 past it is found
    /// by its first 600 characters (the references and the start of each article come first).
    static let fieldCharacters = 600
    /// Entries of the theme's synonym table kept, and the characters (Unicode scalars) of one term.
    static let synonymPairs = 100
    static let synonymCharacters = 20

    static func scriptBytes(for catalogue: Catalogue, labels: [String: String]) -> [UInt8] {
        var json = JSONWriter(capacity: 4096 + 1024 * catalogue.matters.count)
        json.raw("// 事项搜索的索引，由 gongkai build 生成；assets/search.js 读取。\nwindow.gongkaiSearchIndex = ")
        json.object { json in
            json.member("fields", strings: MatterSchema.searchFields.map { labels[label: Theme.Label($0.labelName)] })
            json.array("matters", catalogue.matters) { json, matter in
                json.strings([matter.number, SiteOutputs.matterPage(matter.number)] + texts(of: matter))
            }
            json.array("synonyms", synonyms(labels[label: .searchSynonyms])) { json, pair in
                json.strings([pair.0, pair.1])
            }
        }
        json.raw(";\n")
        return json.bytes
    }

    /// One text for each search field, in `MatterSchema.searchFields` order.
    static func texts(of matter: Matter) -> [String] {
        MatterSchema.searchFields.map { field in
            var parts = ownText(field, of: matter)
            for shown in MatterSchema.textFields where shown.shownInRowOf == field.id {
                if let text = matter.texts[shown] { parts.append(SearchText.plain(text, markdown: shown.shape == .markdown)) }
            }
            return SearchText.prefix(SearchText.withoutRepeats(parts.filter { !$0.isEmpty }).joined(separator: " "), fieldCharacters)
        }
    }

    /// The field's own value as the page shows it, each part plain text. Structured fields are read here,
    /// one case each; a text field added to `searchFields` needs no case.
    private static func ownText(_ field: MatterField, of matter: Matter) -> [String] {
        switch field {
        case .name: [SearchText.plain(matter.name)]
        case .materials: matter.materials.map { SearchText.plain($0.name) }
        case .legalBasis: matter.legalBasis.flatMap { [SearchText.plain($0.reference), SearchText.plain($0.text ?? "", markdown: true)] }
        default: field.isText ? [SearchText.plain(matter.texts[field] ?? "", markdown: field.shape == .markdown)] : []
        }
    }

    /// The theme's `searchSynonyms` label: pairs written `低保=最低生活保障`, separated by 「；」 or 「;」.
    /// A query holding either term also finds the other. Malformed entries are left out here; the theme
    /// does not load with any (`synonymProblems`).
    static func synonyms(_ label: String) -> [(String, String)] {
        let pairs = entries(label).compactMap { written -> (String, String)? in
            if case .pair(let short, let full) = entry(written) { (short, full) } else { nil }
        }
        return Array(pairs.prefix(synonymPairs))
    }

    /// What is wrong with a `searchSynonyms` label, in words for the theme's author; empty when nothing is.
    static func synonymProblems(_ label: String) -> [String] {
        let all = entries(label)
        var problems = all.compactMap { written -> String? in
            if case .problem(let problem) = entry(written) { problem } else { nil }
        }
        if all.count > synonymPairs { problems.append("同义词 \(all.count) 组，最多 \(synonymPairs) 组") }
        return problems
    }

    private enum SynonymEntry {
        case pair(String, String)
        case problem(String)
    }

    private static func entry(_ written: String) -> SynonymEntry {
        let terms = written.split(separator: "=", omittingEmptySubsequences: false).map { SearchText.plain(String($0)) }
        guard terms.count == 2, !terms[0].isEmpty, !terms[1].isEmpty else { return .problem("「\(written)」应写成“简称=全称”") }
        guard terms.allSatisfy({ $0.unicodeScalars.count <= synonymCharacters }) else {
            return .problem("「\(written)」的词长于 \(synonymCharacters) 字")
        }
        guard terms[0] != terms[1] else { return .problem("「\(written)」两边相同") }
        return .pair(terms[0], terms[1])
    }

    private static func entries(_ label: String) -> [String] {
        label.split(whereSeparator: { $0 == "；" || $0 == ";" }).map { SearchText.plain(String($0)) }.filter { !$0.isEmpty }
    }
}
