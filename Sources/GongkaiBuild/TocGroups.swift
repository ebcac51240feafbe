import GongkaiSite

/// Where the 目录 is cut into parts. A 目录 of a thousand matters is some forty pages, seconds to lay out;
/// cut into parts of four pages, a renamed matter lays out its four again. The cuts are where the pages
/// began when the whole 目录 was last laid out (each row's id says on which page it fell), so each part
/// fills its pages as the whole did; a part that comes out longer than the pages it had is laid out again
/// with the rest of the 目录 from there, and the next run cuts where those pages began.
struct TocGroups {
    static let pagesPerGroup = 4

    /// The matter anchor of each 目录 row (nil: a duty without matters).
    let rows: [String?]

    /// The rows of each part: cut every `pagesPerGroup` pages of `starts` (the anchors of the rows that began
    /// each 目录 page, as last laid out); one part when nothing is known.
    func groups(starts: [String]?) -> [Range<Int>] {
        guard !rows.isEmpty else { return [] }
        let cuts = pageStarts(starts).enumerated().compactMap { page, row in
            page > 0 && page % Self.pagesPerGroup == 0 ? row : nil
        }
        var groups: [Range<Int>] = []
        var begin = 0
        for cut in cuts where cut > begin {
            groups.append(begin..<cut)
            begin = cut
        }
        groups.append(begin..<rows.count)
        return groups
    }

    /// How many pages each part but the last should come out as, if it fills its pages as the whole 目录 did
    /// (nil: not known, or the last); the first part also holds the cover's `coverPages`.
    func expectedPages(groups: [Range<Int>], starts: [String]?, coverPages: Int = 1) -> [Int?] {
        // A 目录 in one part flows as it will; nothing to hold it to.
        guard starts != nil, groups.count > 1 else { return groups.map { _ in nil } }
        let pages = pageStarts(starts)
        return groups.enumerated().map { index, group in
            // The last part is the rest of the 目录: it may run as long as it needs, nothing follows it.
            guard index < groups.count - 1 else { return nil }
            let spanned = pages.filter { group.contains($0) }.count
            return spanned + (index == 0 ? coverPages : 0)
        }
    }

    /// The anchors of the rows that began each 目录 page in this layout: per part, the first row on each of
    /// its pages (a part's `anchors` give the page of each row's id).
    func starts(groups: [Range<Int>], parts: [PartCache.Part]) -> [String] {
        var starts: [String] = []
        for (group, part) in zip(groups, parts) {
            var seen = Set<Int>()
            for row in group {
                guard let anchor = rows[row], let page = part.anchors[PrintBook.tocRowID(anchor)] else { continue }
                if seen.insert(page).inserted { starts.append(anchor) }
            }
        }
        return starts
    }

    /// The rows (by position) that began each page, the first page at row 0, in order.
    private func pageStarts(_ starts: [String]?) -> [Int] {
        var position: [String: Int] = [:]
        for (index, anchor) in rows.enumerated() { if let anchor { position[anchor] = index } }
        let found = (starts ?? []).compactMap { position[$0] }
        var pages = [0]
        for row in found where row > pages.last! { pages.append(row) }
        return pages
    }
}
