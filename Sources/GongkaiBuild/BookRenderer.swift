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

    /// - Parameters:
    ///   - alongside: requests to run with the body parts (the stale posters), answered in order.
    ///   - output: where the joined PDF goes (the staging folder).
    func render(
        workers: RenderWorkers, alongside: [RenderWorkers.Request], output: String
    ) throws(Failure) -> (Result, [RenderWorkers.Answer]) {
        do { try cache.open() } catch { throw Failure(message: error.description) }
        let old = cache.loadIndex()
        var index = PartCache.Index()
        var laidOut = 0

        // The body parts, with the posters.
        let bodies = book.parts.indices.map { book.body($0) }
        let bodyKeys = bodies.map(partKey)
        let stale = bodyKeys.indices.filter { old.parts[bodyKeys[$0]] == nil }
        let answers = workers.run(stale.map { request(bodies[$0], key: bodyKeys[$0]) } + alongside)
        for (position, part) in stale.enumerated() {
            let answer = answers[position]
            guard let pages = answer.pages, answer.error == nil else {
                throw Failure(message: "目录第 \(part + 1) 部分（\(book.parts[part].count) 个信息表）：\(answer.error ?? "没有页数")")
            }
            index.parts[bodyKeys[part]] = PartCache.Part(pages: pages, anchors: answer.anchors ?? [:])
        }
        laidOut += stale.count
        for key in bodyKeys where index.parts[key] == nil { index.parts[key] = old.parts[key] }
        let bodyParts = bodyKeys.map { index.parts[$0]! }

        // The front and the running document: the 目录's numbers count the front's own pages, so the front
        // is laid out with last run's count (or a guess) and again if it came out longer or shorter.
        var frontPages = old.frontPages ?? 2
        var front: (key: String, part: PartCache.Part)?
        var running: String?
        for _ in 0..<4 {
            let numbers = pageNumbers(front: frontPages, bodies: bodyParts)
            let html = book.front(pages: numbers)
            let frontKey = partKey(html)
            let total = frontPages + bodyParts.reduce(0) { $0 + $1.pages }
            let runningHTML = book.running(pageCount: total)
            let runningKey = partKey(runningHTML)
            var batch: [(key: String, html: String)] = []
            for (key, html) in [(frontKey, html), (runningKey, runningHTML)]
            where index.parts[key] == nil && old.parts[key] == nil {
                batch.append((key, html))
            }
            let answers = workers.run(batch.map { request($0.html, key: $0.key) })
            for (item, answer) in zip(batch, answers) {
                guard let pages = answer.pages, answer.error == nil else {
                    throw Failure(message: "目录的\(item.key == frontKey ? "封面和目录" : "页眉页脚")：\(answer.error ?? "没有页数")")
                }
                index.parts[item.key] = PartCache.Part(pages: pages, anchors: answer.anchors ?? [:])
            }
            laidOut += batch.count
            for key in [frontKey, runningKey] where index.parts[key] == nil { index.parts[key] = old.parts[key] }
            let laid = index.parts[frontKey]!
            if laid.pages == frontPages {
                front = (frontKey, laid)
                running = runningKey
                break
            }
            frontPages = laid.pages
        }
        guard let front, let running else {
            throw Failure(message: "目录的页数排不稳定（每次排版都不同），无法写出页码")
        }
        // Only this run's parts stay in the index (and in the cache).
        index.parts = index.parts.filter { key, _ in key == front.key || key == running || bodyKeys.contains(key) }
        index.frontPages = front.part.pages

        let joined = workers.run([RenderWorkers.Request(
            kind: "merge", pdf: output, parts: [cache.pdf(front.key)] + bodyKeys.map(cache.pdf), running: cache.pdf(running))])[0]
        guard let pages = joined.pages, joined.error == nil else {
            throw Failure(message: "合成目录 PDF：\(joined.error ?? "没有页数")")
        }
        do { try cache.keep(index) } catch { throw Failure(message: error.description) }
        let result = Result(pages: pages, laidOut: laidOut, total: bodyKeys.count + 2, fontsKept: joined.fontsKept ?? [])
        return (result, Array(answers.dropFirst(stale.count)))
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
