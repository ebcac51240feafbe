import GongkaiModel
import MustacheTemplates

/// What a matter's window poster shows: the name, the flow with who acts and the time limits, the materials as
/// a checklist with their conditions in words, where and when, the 监督电话, and a QR code to the matter's page.
/// A poster must fit one sheet whatever the content, so it also says how tightly to set it (`density`).
struct PosterContext {
    let matter: Matter
    let site: Site
    /// The matter's page, `<网址>matters/<序号>/`: what the QR code opens.
    let url: String

    var value: ContextObject {
        // The 监督电话 is what a resident with a complaint looks for: the matter's own phones, else the station's.
        let ownPhones = matter.contacts.filter { $0.kind == .phone }
        let phones = ownPhones.isEmpty ? site.contacts.filter { $0.kind == .phone } : ownPhones
        let texts = matter.texts
        return [
            "number": matter.number,
            "name": matter.name,
            "url": url,
            "qrSvgHtml": qrSVG,
            "density": Self.density(of: matter, site: site),
            "nameSize": Self.nameSize(number: matter.number, name: matter.name),
            "stepRows": Self.stepRows(matter.flow.steps).map { row in
                [
                    "start": row.startIndex + 1,
                    "steps": row.enumerated().map { MatterContext.step($1, position: row.startIndex + $0 + 1) },
                ] as ContextObject
            },
            // The checklist in two columns, split by count: two lists side by side rather than CSS columns,
            // which WeasyPrint balances by laying the list out again and again (a third of a poster's time).
            "materialColumns": Self.columns(matter.materials.map { MatterContext.material($0) }).map { ["materials": $0] as ContextObject },
            "implementingBody": matter.implementingBody,
            "place": optionalText(texts[.place]),
            "hours": optionalText(texts[.hours] ?? site.officeHours),
            // 办理时限 as one phrase, or its 承诺 and 法定 parts, which the template words.
            "hasTimeLimit": !texts.isEmpty(of: [.timeLimit, .promisedTimeLimit, .legalTimeLimit]),
            "timeLimit": optionalText(texts[.timeLimit]),
            "promisedTimeLimit": optionalText(texts[.promisedTimeLimit]),
            "legalTimeLimit": optionalText(texts[.legalTimeLimit]),
            "consultPhone": optionalText(texts[.phone]),
            "phones": phones.map(ContactContext.value),
            "otherContacts": matter.contacts.filter { $0.kind != .phone }.map(ContactContext.value),
        ]
    }

    /// Inline SVG, drawn by our own code from digits and path letters; the only text in it, the label, is
    /// escaped. That is why the template may insert it raw (its key ends in `Html`).
    var qrSVG: Any {
        guard let code = try? QRCode(url, correction: .medium) else { return Absent() }
        return code.svg(quietZone: 4, label: "\(matter.number) \(matter.name)：\(url)")
    }

    /// How much there is to set, in rough lines of body text, counting every part of the poster: each
    /// material is a line, plus a line for every ~36 characters of its details, condition and note; the flow
    /// counts its tallest box; the foot counts its rows (place, hours, time limits, contacts) and its
    /// 监督电话 in large type, beyond the height the QR code beside them takes anyway. The count picks one of
    /// six type sizes (0 largest … 5, in poster.css), so a poster with little on it sets it large and one
    /// with a dozen conditional materials or a long contact block small. The thresholds were measured
    /// (pdfinfo, pdftotext -bbox) on the example content and the test fixtures, and err towards the larger
    /// size: `gongkai pdf` lays every poster out and steps it down one class at a time while it runs over
    /// one page, so a guess too large costs a second layout, and one too small would waste the sheet.
    static func density(of matter: Matter, site: Site) -> Int {
        let lines = materialLines(matter.materials) + flowLines(matter.flow) + footLines(matter, site: site)
        return thresholds.firstIndex { lines <= $0 } ?? thresholds.count
    }

    /// The checklist is always in two columns (`columns`): a switch from one column to two at some count
    /// made six materials shorter than four, and the poster with more on it was set larger.
    static func materialLines(_ materials: [Material]) -> Int {
        var lines = 0
        for material in materials {
            let extra = [
                material.form ?? "", material.source ?? "", ConditionWording.text(material.condition) ?? "", material.note ?? "",
            ].map(\.characterCount).reduce(0, +)
            lines += 1 + (extra + 17) / 18 + material.name.characterCount / 12
        }
        return (lines + 1) / 2
    }

    /// The foot's rows, ~30 characters to a line beside the QR code, and two lines for each 监督电话 (a label
    /// and a number in large type); the QR code with its caption is as tall as about eight of them, which
    /// the foot fills before it grows.
    static func footLines(_ matter: Matter, site: Site) -> Int {
        let texts = matter.texts
        let ownPhones = matter.contacts.filter { $0.kind == .phone }
        let phones = ownPhones.isEmpty ? site.contacts.filter { $0.kind == .phone } : ownPhones
        var rows = [matter.implementingBody, site.address, texts[.place] ?? "", texts[.hours] ?? site.officeHours ?? "",
                    texts[.timeLimit] ?? "", texts[.promisedTimeLimit] ?? "", texts[.legalTimeLimit] ?? "", texts[.phone] ?? ""]
        rows += matter.contacts.filter { $0.kind != .phone }.map { $0.label + $0.value }
        let rowLines = rows.filter { !$0.isEmpty }.map { ($0.characterCount + 5 + 29) / 30 }.reduce(0, +)
        return max(0, rowLines + 2 * phones.count - qrLines)
    }

    static let qrLines = 8

    /// Upper bounds of the line count for densities 0…4; above the last, density 5.
    static let thresholds = [8, 13, 22, 27, 33]

    /// The flow's boxes share a row about 40 em wide, 2 em arrows between them; a name wraps inside its box.
    static func flowLines(_ flow: Flow) -> Int {
        let rows = stepRows(flow.steps)
        let perRow = rows.map(\.count).max() ?? 1
        let charactersPerLine = max(2, Int((40.0 - 2.0 * Double(perRow - 1)) / Double(perRow) / 1.1) - 1)
        let nameLines = flow.steps.map { ($0.written.characterCount + charactersPerLine - 1) / charactersPerLine }.max() ?? 1
        let detailLines = (flow.steps.contains { $0.actor != nil } ? 1 : 0) + (flow.steps.contains { $0.timeLimit != nil } ? 1 : 0)
        return 2 + rows.count * (nameLines + detailLines)
    }

    /// The first half (rounded up) in the left column, the rest in the right; an empty right column is left out.
    static func columns<Item>(_ items: [Item]) -> [[Item]] {
        let left = (items.count + 1) / 2
        return [Array(items[..<left]), Array(items[left...])].filter { !$0.isEmpty }
    }

    /// More than five boxes in a row get too narrow to read: longer flows go in rows of nearly equal length.
    static func stepRows(_ steps: [FlowStep]) -> [ArraySlice<FlowStep>] {
        let rowCount = max(1, (steps.count + maxStepsPerRow - 1) / maxStepsPerRow)
        let perRow = max(1, (steps.count + rowCount - 1) / rowCount)
        return stride(from: 0, to: steps.count, by: perRow).map { steps[$0..<min($0 + perRow, steps.count)] }
    }

    static let maxStepsPerRow = 5

    /// The name is the largest thing on the poster, read from across the room: the largest of the sizes in
    /// poster.css at which number and name fit one line of the page's ~46rem measure — unless that is small
    /// (below 3.5rem) and two lines allow a larger size (the first line full, the second not a lone
    /// character). CJK characters are 1 em wide, the number's digits about half that.
    static func nameSize(number: String, name: String) -> Int {
        let width = Double(name.characterCount) + 0.55 * Double(number.characterCount) + 0.6
        let oneLine = nameSizes.firstIndex { width * $0 <= measure }
        let twoLines = nameSizes.firstIndex { width * $0 <= 2 * measure - 2 * $0 }
        if let oneLine, nameSizes[oneLine] >= 3.5 || twoLines.map({ $0 >= oneLine }) ?? true { return oneLine + 1 }
        return (twoLines ?? nameSizes.count - 1) + 1
    }

    /// `name-1` … `name-7` in poster.css, in rem.
    static let nameSizes = [5.2, 4.6, 4.0, 3.5, 3.0, 2.6, 2.3]
    static let measure = 46.0
}
