import Foundation
import GongkaiSite
import GongkaiUtils

/// `print/catalogue.pdf` made from its parts (`PrintBook`): each body part laid out on its own — only those
/// whose page changed since the last run, the others taken from the part cache — then the front with the
/// 目录's page numbers counted from them, the running document for the book's page count, and all of it
/// joined into one PDF by the renderer (pikepdf), the running pages laid over the book's, one font program
/// per font.
///
/// Memory is that of one part per renderer process, not of the whole book; an edit that keeps its part's
/// page count lays out that part and the front again, nothing else.
struct BookRenderer {
    let book: PrintBook
    let cache: PartCache
    /// The site's catalogue page: the parts are read as if they were it, so its links and stylesheets resolve.
    let base: String
    /// What every part is made with besides its page: renderer, fonts, print stylesheets.
    let key: String

    struct Result {
        var pages: Int
        /// Parts laid out in this run, of all of them (front, body parts, running document).
        var laidOut: Int
        var total: Int
        var fontsKept: [String]
        /// The book is the last one with the changed parts' pages replaced in an update appended to it.
        var appended: Bool
    }

    struct Failure: Error {
        var message: String
    }

    private func partKey(_ html: String) -> String {
        var hash = SHA256()
        hash.update(Array(key.utf8) + [0])
        hash.update(Array(html.utf8))
        return String(hash.finalize().prefix(32))
    }

    private func request(_ html: String, key: String) -> RenderWorkers.Request {
        RenderWorkers.Request(kind: "part", string: html, base: base, pdf: cache.pdf(key))
    }

    /// What one run has laid out or found in the cache, by key, and how many it laid out.
    private struct Laid {
        let old: PartCache.Index
        var index = PartCache.Index()
        var laidOut = 0

        /// The answers to `keys`' layouts, into the index; the first failure, worded for the clerk.
        mutating func record(_ answers: [RenderWorkers.Answer], for keys: [String], what: (Int) -> String) throws(Failure) {
            for (position, (key, answer)) in zip(keys, answers).enumerated() where !add(answer, for: key) {
                throw Failure(message: "\(what(position))：\(answer.error ?? "没有页数")")
            }
        }

        /// One layout's answer into the index, if it is one; false for a failure.
        mutating func add(_ answer: RenderWorkers.Answer, for key: String) -> Bool {
            guard let pages = answer.pages, answer.error == nil else { return false }
            index.parts[key] = PartCache.Part(pages: pages, anchors: answer.anchors ?? [:])
            laidOut += 1
            return true
        }

        /// A part of this run, laid out now or kept from the last.
        mutating func part(_ key: String) -> PartCache.Part? {
            if index.parts[key] == nil { index.parts[key] = old.parts[key] }
            return index.parts[key]
        }

        func known(_ key: String) -> Bool { index.parts[key] != nil || old.parts[key] != nil }
    }

    /// The settled front: its parts' keys, its pages, the running document's key, where its 目录 pages began.
    private struct Front {
        var keys: [String]
        var pages: Int
        var running: String
        var starts: [String]
    }

    /// - Parameters:
    ///   - alongside: requests to run when the catalogue's steps leave a process idle (the stale posters),
    ///     answered in order.
    ///   - output: where the joined PDF goes (the staging folder).
    func render(
        workers: RenderWorkers, alongside: [RenderWorkers.Request], output: String
    ) throws(Failure) -> (Result, [RenderWorkers.Answer]) {
        do { try cache.open() } catch { throw Failure(message: error.description) }
        var laid = Laid(old: cache.loadIndex())
        // The posters fill what time the catalogue's steps leave a process idle.
        let (bodyKeys, posters) = try layOutBody(workers: workers, laid: &laid, alongside: alongside)
        let front = try layOutFront(workers: workers, body: bodyKeys.map { laid.part($0)! }, laid: &laid)
        // Only this run's parts stay in the index (and in the cache).
        let kept = Set(front.keys + [front.running] + bodyKeys)
        laid.index.parts = laid.index.parts.filter { kept.contains($0.key) }
        laid.index.frontPages = front.pages
        laid.index.tocPageStarts = front.starts

        let joined = workers.run([RenderWorkers.Request(
            kind: "merge", pdf: output, parts: (front.keys + bodyKeys).map(cache.pdf), running: cache.pdf(front.running),
            keep: cache.book)])[0]
        guard let pages = joined.pages, joined.error == nil else {
            throw Failure(message: "合成目录 PDF：\(joined.error ?? "没有页数")")
        }
        do { try cache.keep(laid.index) } catch { throw Failure(message: error.description) }
        let result = Result(
            pages: pages, laidOut: laid.laidOut, total: bodyKeys.count + front.keys.count + 1, fontsKept: joined.fontsKept ?? [],
            appended: joined.appended ?? false)
        return (result, posters.wait())
    }

    /// The body parts not in the cache laid out (consecutive ones together: `groups`), and with them the
    /// front parts as they will be if every part laid out again keeps the pages it had (the usual edit),
    /// so the front is ready when the body is. The body parts' keys, in order, and the posters' batch
    /// (`alongside`, queued after these layouts so that a process ready first takes the catalogue's step).
    private func layOutBody(
        workers: RenderWorkers, laid: inout Laid, alongside: [RenderWorkers.Request]
    ) throws(Failure) -> (keys: [String], posters: RenderWorkers.Batch) {
        let bodies = Parallel.map(book.parts.count) { book.body($0) }
        let keys = bodies.map(partKey)
        let stale = keys.indices.filter { !laid.known(keys[$0]) }
        let early = stale.isEmpty ? [] : likelyFront(old: laid.old, bodyKeys: keys)
        let groups = Self.groups(of: stale)
        let body = workers.queue(groups.map { group in
            guard group.count > 1 else { return request(bodies[group[0]], key: keys[group[0]]) }
            return RenderWorkers.Request(
                kind: "parts", string: book.body(parts: group.first!..<(group.last! + 1)), base: base, pdf: cache.pdf(keys[group[0]]),
                group: group.map { .init(pdf: cache.pdf(keys[$0]), first: book.firstAnchor(ofPart: $0)) })
        } + early.map { request($0.html, key: $0.key) })
        let posters = workers.submit(alongside)
        let answers = body.wait()
        // A guess that failed is laid out again with the front, where its error counts.
        for (guess, answer) in zip(early, answers.dropFirst(groups.count)) { _ = laid.add(answer, for: guess.key) }
        for (group, answer) in zip(groups, answers) {
            let each = group.count > 1 ? answer.parts ?? [] : [answer]
            let answers = group.indices.map { position in
                answer.error == nil && position < each.count ? each[position] : RenderWorkers.Answer(error: answer.error ?? "没有排版")
            }
            try laid.record(answers, for: group.map { keys[$0] }) { position in
                "目录第 \(group[position] + 1) 部分（\(book.parts[group[position]].count) 个信息表）"
            }
        }
        return (keys, posters)
    }

    /// The front (cover and 目录, in parts of a few pages: TocGroups) and the running document. The 目录's
    /// numbers count the front's own pages, so the front is laid out with last run's count and again if it
    /// came out longer or shorter; the running document needs the book's page count.
    private func layOutFront(workers: RenderWorkers, body: [PartCache.Part], laid: inout Laid) throws(Failure) -> Front {
        let toc = TocGroups(rows: book.tocRows)
        let bodyTotal = body.reduce(0) { $0 + $1.pages }
        var starts = laid.old.tocPageStarts
        var frontPages = laid.old.frontPages
        var spilled = false
        for _ in 0..<8 {
            let groups = toc.groups(starts: starts)
            let expected = toc.expectedPages(groups: groups, starts: starts)
            // Before any layout: the cover and about 27 rows a page.
            let assumed = frontPages ?? 1 + max(1, (toc.rows.count + 26) / 27)
            let numbers = pageNumbers(front: assumed, bodies: body)
            let fronts = groups.enumerated().map { book.front(rows: $1, cover: $0 == 0, pages: numbers) }
            let frontKeys = fronts.map(partKey)
            let runningHTML = book.running(pageCount: assumed + bodyTotal)
            let runningKey = partKey(runningHTML)
            var batch = zip(frontKeys, fronts).map { (key: $0, html: $1, what: "封面和目录") }
            // Its page count some layout gave, or a 目录 short enough for the guess to hold (and the running
            // document cheap to lay out again if it does not).
            if frontPages != nil || toc.rows.count <= 100 { batch.append((runningKey, runningHTML, "页眉页脚")) }
            batch = batch.filter { !laid.known($0.key) }
            let answers = workers.run(batch.map { request($0.html, key: $0.key) })
            try laid.record(answers, for: batch.map(\.key)) { "目录的" + batch[$0].what }
            let parts = frontKeys.map { laid.part($0)! }
            // A part longer than the pages it had: the 目录 from there is laid out again in one part.
            if let spill = parts.indices.first(where: { part in expected[part].map { parts[part].pages > $0 } ?? false }) {
                starts = toc.starts(groups: Array(groups.prefix(spill)), parts: Array(parts.prefix(spill)))
                    + [toc.rows[groups[spill].lowerBound]].compactMap { $0 }
                spilled = true
                continue
            }
            let pages = parts.reduce(0) { $0 + $1.pages }
            let laidStarts = toc.starts(groups: groups, parts: parts)
            frontPages = pages
            // Cut again where this layout's pages began, unless a part ran over in this run: its rows may
            // need more room alone than in the whole, and the next run tries again.
            if !spilled { starts = laidStarts }
            if pages == assumed, spilled || toc.groups(starts: laidStarts) == groups, laid.part(runningKey) != nil {
                return Front(keys: frontKeys, pages: pages, running: runningKey, starts: laidStarts)
            }
        }
        throw Failure(message: "目录的页数排不稳定（每次排版都不同），无法写出页码")
    }

    /// The front parts not yet laid out as they will be if each body part laid out again comes out as the
    /// part that held the same matters last time (same pages, same anchors), with last run's front length
    /// and cuts. Nothing before the first run, or when a part holds other matters than any before.
    private func likelyFront(old: PartCache.Index, bodyKeys: [String]) -> [(key: String, html: String)] {
        guard let frontPages = old.frontPages else { return [] }
        var byFirstMatter: [String: PartCache.Part] = [:]
        for part in old.parts.values {
            for anchor in part.anchors.keys where anchor.hasPrefix("matter-") { byFirstMatter[anchor] = byFirstMatter[anchor] ?? part }
        }
        let anchors = book.anchors
        var guessed: [PartCache.Part] = []
        for (position, range) in book.parts.enumerated() {
            if let known = old.parts[bodyKeys[position]] {
                guessed.append(known)
                continue
            }
            let matters = Set(anchors[range])
            guard let before = byFirstMatter[anchors[range.lowerBound]],
                  Set(before.anchors.keys.filter { $0.hasPrefix("matter-") && matters.contains($0) }).count == matters.count
            else { return [] }
            guessed.append(before)
        }
        let toc = TocGroups(rows: book.tocRows)
        let numbers = pageNumbers(front: frontPages, bodies: guessed)
        return toc.groups(starts: old.tocPageStarts).enumerated().compactMap { position, rows in
            let html = book.front(rows: rows, cover: position == 0, pages: numbers)
            let key = partKey(html)
            return old.parts[key] == nil ? (key, html) : nil
        }
    }

    /// Body parts to lay out, by position, in groups laid out as one document each: runs of consecutive
    /// parts, at most `largest` a group. A document costs about a third of a second besides its pages, so a
    /// first run (every part to lay out) pays it once for eight parts; an edit lays out its one part alone.
    static func groups(of stale: [Int], largest: Int = 8) -> [[Int]] {
        var groups: [[Int]] = []
        for part in stale {
            if let last = groups.last?.last, last + 1 == part, groups[groups.count - 1].count < largest {
                groups[groups.count - 1].append(part)
            } else {
                groups.append([part])
            }
        }
        return groups
    }

    /// The page (from 1) on which each matter's 信息表 begins, with the body after `front` pages.
    func pageNumbers(front: Int, bodies: [PartCache.Part]) -> [String: Int] {
        var numbers: [String: Int] = [:]
        var offset = front
        for part in bodies {
            for (anchor, page) in part.anchors { numbers[anchor] = offset + page + 1 }
            offset += part.pages
        }
        return numbers
    }
}
