import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiModel
@testable import GongkaiSite

/// The catalogue made from its parts (BookRenderer) with a stand-in renderer speaking render.py's `part`
/// and `merge` requests: which parts are laid out again, the page numbers the front is given, the cache
/// beside the output. The real WeasyPrint and pikepdf run in Tests/browser/test_pdf.py.
@Suite(.serialized) struct BookRendererTests {
    /// A fake render.py: a body part has two pages per 信息表, each sheet's anchor on its first; the front
    /// has `front_pages` pages (a file beside the script); the running document one page per
    /// `running-page` and one more; merge writes the list of parts and answers their pages in all.
    static func fake() -> WeasyPrint {
        let folder = TestSupport.temporaryFolder("fake-book")
        TestSupport.write("2", to: folder.appending(path: "front_pages"))
        TestSupport.write("100", to: folder.appending(path: "rows_per_page"))
        return PdfRendererTests.fakeRenderer(in: folder, identify: #"{"weasyprint": "70.0", "fonts": "f0", "book": True}"#, handle: """
            if request.get("kind") == "merge":
                pages = 0
                for part in request["parts"] + [request["running"]]:
                    with open(part[:-4] + ".json") as sidecar:
                        count = json.load(sidecar)["pages"]
                    if part != request["running"]:
                        pages += count
                with open(request["pdf"], "w") as pdf:
                    pdf.write("%PDF-1.7 book " + " ".join(request["parts"]))
                print(json.dumps({"pages": pages}), flush=True)
                continue
            html = request["string"]
            sheets = re.findall(r'<section class="sheet" id="([^"]+)"', html)
            if request.get("kind") == "parts":
                # Parts laid out together: each from its first sheet to the next part's, written on its own.
                firsts = [part["first"] for part in request["group"]]
                answers = []
                for number, part in enumerate(request["group"]):
                    mine = sheets[sheets.index(part["first"]):sheets.index(firsts[number + 1]) if number + 1 < len(firsts) else len(sheets)]
                    with open(part["pdf"], "w") as pdf:
                        pdf.write("%PDF-1.7 part")
                    with open(part["pdf"][:-4] + ".json", "w") as sidecar:
                        json.dump({"pages": 2 * len(mine)}, sidecar)
                    answers.append({"pages": 2 * len(mine), "anchors": {name: 2 * i for i, name in enumerate(mine)}})
                print(json.dumps({"parts": answers}), flush=True)
                continue
            if "toc-table" in html:
                # Rows: `rows_per_page` a page (after the cover, in the part that has it); a part holding
                # the row named in `longer` comes out one page longer.
                rows = re.findall(r'<tr id="(toc-[^"]+)"', html)
                per_page = int(open(os.path.join(here, "rows_per_page")).read())
                first = 1 if 'class="cover"' in html else 0
                anchors = {row: first + i // per_page for i, row in enumerate(rows)}
                pages = int(open(os.path.join(here, "front_pages")).read()) if per_page >= 100 else first + (len(rows) + per_page - 1) // per_page
                if os.path.exists(os.path.join(here, "longer")) and open(os.path.join(here, "longer")).read() in rows:
                    pages += 1
            elif "running-page" in html:
                pages, anchors = html.count('class="running-page"') + 1, {}
            else:
                pages, anchors = 2 * len(sheets), {name: 2 * i for i, name in enumerate(sheets)}
            with open(request["pdf"], "w") as pdf:
                pdf.write("%PDF-1.7 part")
            with open(request["pdf"][:-4] + ".json", "w") as sidecar:
                json.dump({"pages": pages}, sidecar)
            print(json.dumps({"pages": pages, "anchors": anchors}), flush=True)
            """)
    }

    static func calls(_ weasyPrint: WeasyPrint) -> [[String: Any]] {
        PdfRendererTests.calls(weasyPrint)
    }

    /// A copy of the example content, built, with its book.
    static func site(_ content: URL) throws -> (output: URL, book: PrintBook) {
        let output = TestSupport.temporaryFolder("book-site").appending(path: "public")
        let options = BuildOptions(content: content, output: output, theme: TestSupport.defaultTheme)
        let (_, book) = try Pipeline(options: options).buildForPrint()
        return (output, try #require(book))
    }

    /// Puts 「修订的」 before a matter's 名称 and builds the site again; its new book.
    static func rename(_ number: String, in content: URL) throws -> PrintBook {
        let file = content.appending(path: "matters/\(number).md")
        TestSupport.write(TestSupport.read(file).replacingOccurrences(of: "名称: ", with: "名称: 修订的"), to: file)
        return try site(content).book
    }

    /// A fake renderer laying out `rowsPerPage` 目录 rows a page.
    static func fake(rowsPerPage: Int) -> WeasyPrint {
        let weasyPrint = fake()
        TestSupport.write("\(rowsPerPage)", to: weasyPrint.driver.deletingLastPathComponent().appending(path: "rows_per_page"))
        return weasyPrint
    }

    static func render(_ book: PrintBook, output: URL, _ weasyPrint: WeasyPrint) throws -> BookRenderer.Result {
        let workers = RenderWorkers(weasyPrint: weasyPrint)
        defer { workers.stop() }
        let renderer = BookRenderer(book: book, cache: PartCache(output: output), base: output.path + "/print/index.html", key: "k")
        return try renderer.render(workers: workers, alongside: [], output: output.path + "/print/catalogue.pdf").0
    }

    /// The catalogue's first layouts go into the queue before the posters laid out alongside, so a process
    /// already waiting for work takes a part first (it took a poster while the posters were queued first).
    @Test func theCatalogueGoesBeforeThePostersAlongside() throws {
        let (output, book) = try Self.site(TestSupport.copy(TestSupport.exampleContent))
        let weasyPrint = Self.fake()
        let workers = RenderWorkers(weasyPrint: weasyPrint, processes: 1)
        defer { workers.stop() }
        workers.start()
        Thread.sleep(forTimeInterval: 0.3)  // its thread is waiting for work
        let folder = TestSupport.temporaryFolder("posters")
        let posters = (0..<3).map {
            RenderWorkers.Request(string: "<p>poster \($0)</p>", pdf: folder.appending(path: "\($0).pdf").path)
        }
        let renderer = BookRenderer(book: book, cache: PartCache(output: output), base: output.path + "/print/index.html", key: "k")
        _ = try renderer.render(workers: workers, alongside: posters, output: output.path + "/print/catalogue.pdf")
        let order = Self.calls(weasyPrint).map { ($0["string"] as? String)?.contains("poster") == true ? "poster" : "catalogue" }
        #expect(order.first == "catalogue", "\(order)")
        #expect(order.filter { $0 == "poster" }.count == 3)
    }

    @Test func theFrontCountsTheBodyAndNothingUnchangedIsLaidOutAgain() throws {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let (output, book) = try Self.site(content)
        let weasyPrint = Self.fake()
        let first = try Self.render(book, output: output, weasyPrint)
        #expect(first.laidOut == book.parts.count + 2 && first.total == first.laidOut)
        #expect(first.pages == 2 + 2 * 5)
        let calls = Self.calls(weasyPrint)
        let front = try #require(calls.first { ($0["string"] as? String)?.contains("toc-table") == true }?["string"] as? String)
        // Two pages of front, two a sheet: 1.1 on page 3, 4.2 on page 11.
        #expect(front.contains("<a href=\"#matter-1.1\">3</a>") && front.contains("<a href=\"#matter-4.2\">11</a>"))
        let merge = try #require(calls.last)
        #expect(merge["kind"] as? String == "merge")
        #expect((merge["parts"] as? [String])?.count == book.parts.count + 1)
        // The book is kept beside the parts, for the next merge to update.
        #expect(merge["keep"] as? String == PartCache(output: output).book)

        let again = try Self.render(book, output: output, weasyPrint)
        #expect(again.laidOut == 0 && again.pages == first.pages)
    }

    @Test func anEditedMatterLaysOutItsPartAndTheFrontOnly() throws {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let (output, book) = try Self.site(content)
        let weasyPrint = Self.fake()
        _ = try Self.render(book, output: output, weasyPrint)
        let cache = PartCache(output: output)
        let filesBefore = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter(PartCache.isPartName).count

        let edited = try Self.rename("4.2", in: content)
        let result = try Self.render(edited, output: output, weasyPrint)
        // The part holding 4.2 (its 名称 is on its 信息表) and the front (its 目录 row); the running document
        // is the same number of pages.
        #expect(result.laidOut == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).filter(PartCache.isPartName).count == filesBefore,
                "the replaced part's files are removed")
    }

    @Test func aFrontThatComesOutLongerIsLaidOutAgainWithTheRightNumbers() throws {
        let (output, book) = try Self.site(TestSupport.copy(TestSupport.exampleContent))
        let weasyPrint = Self.fake()
        TestSupport.write("3", to: weasyPrint.driver.deletingLastPathComponent().appending(path: "front_pages"))
        let result = try Self.render(book, output: output, weasyPrint)
        #expect(result.pages == 3 + 10)
        let fronts = Self.calls(weasyPrint).compactMap { $0["string"] as? String }.filter { $0.contains("toc-table") }
        #expect(fronts.count == 2)
        #expect(fronts.last!.contains("<a href=\"#matter-1.1\">4</a>"))
    }

    /// A first run lays out consecutive body parts together, at most eight a document; an edit its one.
    @Test func consecutivePartsAreLaidOutTogether() throws {
        #expect(BookRenderer.groups(of: [0, 1, 2, 5, 6, 9]) == [[0, 1, 2], [5, 6], [9]])
        #expect(BookRenderer.groups(of: Array(0..<20)).map(\.count) == [8, 8, 4])
        #expect(BookRenderer.groups(of: []).isEmpty)
        let (output, book) = try Self.site(TestSupport.copy(TestSupport.exampleContent))
        let weasyPrint = Self.fake()
        _ = try Self.render(book, output: output, weasyPrint)
        let together = Self.calls(weasyPrint).filter { $0["kind"] as? String == "parts" }
        #expect(book.parts.count == 1 || together.count == 1)
        let index = PartCache(output: output).loadIndex()
        #expect(Set(book.anchors).isSubset(of: Set(index.parts.values.flatMap(\.anchors.keys))), "every sheet's part known")
    }

    @Test func aCacheFolderThatIsNotOursIsRefusedAndLeftAsItIs() throws {
        let (output, book) = try Self.site(TestSupport.copy(TestSupport.exampleContent))
        let cache = PartCache(output: output)
        try FileManager.default.createDirectory(atPath: cache.path, withIntermediateDirectories: false)
        let mine = cache.path + "/0123456789abcdef0123456789abcdef.pdf"
        TestSupport.write("mine", to: URL(filePath: mine))
        #expect(throws: BookRenderer.Failure.self) { try Self.render(book, output: output, Self.fake()) }
        #expect(TestSupport.read(URL(filePath: mine)) == "mine")
    }

    @Test func onlyPartFilesAreRemovedFromTheCache() throws {
        let (output, book) = try Self.site(TestSupport.copy(TestSupport.exampleContent))
        let weasyPrint = Self.fake()
        _ = try Self.render(book, output: output, weasyPrint)
        let cache = PartCache(output: output)
        let stray = cache.path + "/ffffffffffffffffffffffffffffffff.pdf", note = cache.path + "/notes.txt"
        let killed = cache.path + "/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.pdf.4242.tmp"
        let killedBook = cache.path + "/book.pdf.4242.tmp", kept = cache.path + "/book.pdf"
        let notOurs = cache.path + "/book.pdf.tmp", notOursEither = cache.path + "/book.pdf.42x.tmp"
        TestSupport.write("old part", to: URL(filePath: stray))
        TestSupport.write("half a part", to: URL(filePath: killed))
        TestSupport.write("half a book", to: URL(filePath: killedBook))
        TestSupport.write("the book", to: URL(filePath: kept))
        for path in [note, notOurs, notOursEither] { TestSupport.write("a note", to: URL(filePath: path)) }
        _ = try Self.render(book, output: output, weasyPrint)
        #expect(!FileManager.default.fileExists(atPath: stray))
        #expect(!FileManager.default.fileExists(atPath: killed), "a renderer killed while writing left it")
        #expect(!FileManager.default.fileExists(atPath: killedBook), "a renderer killed while keeping the book left it")
        #expect(TestSupport.read(URL(filePath: kept)) == "the book", "the renderer's to update or replace")
        for path in [note, notOurs, notOursEither] { #expect(TestSupport.read(URL(filePath: path)) == "a note") }
    }

    /// A 目录 of more pages than a part holds is cut where its pages began: renaming 4.2 lays out the part
    /// holding its row (and 4.2's body part), not the whole 目录.
    @Test func aLongTocIsCutWhereItsPagesBegan() throws {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let (output, book) = try Self.site(content)
        let weasyPrint = Self.fake(rowsPerPage: 1)
        let first = try Self.render(book, output: output, weasyPrint)
        // The cover and five 目录 pages, first in one part, then cut after four pages into two.
        #expect(first.pages == 6 + 10)
        let index = PartCache(output: output).loadIndex()
        #expect(index.tocPageStarts == book.anchors)
        #expect(first.total == book.parts.count + 2 + 1)

        let edited = try Self.rename("4.2", in: content)
        let before = Self.calls(weasyPrint).count
        let second = try Self.render(edited, output: output, weasyPrint)
        #expect(second.laidOut == 2 && second.pages == first.pages)
        let fronts = Self.calls(weasyPrint).dropFirst(before).compactMap { $0["string"] as? String }.filter { $0.contains("toc-table") }
        #expect(fronts.count == 1 && fronts[0].contains("id=\"toc-matter-4.2\"") && !fronts[0].contains("id=\"toc-matter-1.1\""))
    }

    /// A part of the 目录 that comes out longer than its pages were: the 目录 from that part on is laid out
    /// again in one part, and the numbers after it move with the front's new length.
    @Test func aTocPartThatRunsLongerIsLaidOutAgainWithTheRest() throws {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let (output, book) = try Self.site(content)
        let weasyPrint = Self.fake(rowsPerPage: 1)
        _ = try Self.render(book, output: output, weasyPrint)
        TestSupport.write("toc-matter-1.1", to: weasyPrint.driver.deletingLastPathComponent().appending(path: "longer"))
        let edited = try Self.rename("1.1", in: content)
        let result = try Self.render(edited, output: output, weasyPrint)
        #expect(result.pages == 7 + 10)
        let front = try #require(Self.calls(weasyPrint).last { ($0["string"] as? String)?.contains("id=\"toc-matter-1.1\"") == true }?["string"] as? String)
        #expect(front.contains("<a href=\"#matter-1.1\">8</a>"), "the body now begins on page 8")
        // The first part ran over its four pages: the 目录 from it on is one part, rows 1.1 to 4.2.
        #expect(front.contains("id=\"toc-matter-4.2\""))
    }
}

/// The renderer processes end with `stop`, and are reaped, even when Python takes a while to tear down after
/// its last answer: gongkai must not exit before them (render.py would be ended by its parent-death signal,
/// and its CPU time would not count as gongkai's). The Foundation case that made `RenderWorkers` reap each
/// process itself (seen with the real render.py under strace) is not reproduced by this stand-in.
@Suite struct RenderWorkersTests {
    /// The catalogue's steps (`run`) go before the posters (`submit`) still waiting: with one process, an
    /// urgent request is answered after the poster being laid out, before the posters queued behind it.
    @Test func urgentRequestsGoBeforeThePostersWaiting() throws {
        let folder = TestSupport.temporaryFolder("fake-queue")
        let fake = PdfRendererTests.fakeRenderer(in: folder, identify: #"{"weasyprint": "70.0", "fonts": "f0"}"#, handle: """
            import time
            time.sleep(0.2)
            print(json.dumps({"pages": 1}), flush=True)
            """)
        let workers = RenderWorkers(weasyPrint: fake, processes: 1)
        defer { workers.stop() }
        let posters = workers.submit((0..<6).map { RenderWorkers.Request(html: "poster-\($0)", pdf: "/dev/null") })
        Thread.sleep(forTimeInterval: 0.3)  // the process has loaded and taken the first poster
        let urgent = workers.run([RenderWorkers.Request(kind: "part", html: "urgent", pdf: "/dev/null")])
        #expect(urgent.first?.pages == 1)
        #expect(posters.wait().allSatisfy { $0.pages == 1 })
        let order = PdfRendererTests.calls(fake).compactMap { $0["html"] as? String }
        let position = try #require(order.firstIndex(of: "urgent"))
        #expect(position < 6, "the urgent request waited for every poster: \(order)")
        #expect(order.count == 7)
    }

    /// The first process is the pool (`--pool <socket>`, loading WeasyPrint once), the others relays to it
    /// (`--relay <socket> <the pool's pid>`); the socket's folder is gone after `stop`. (A stand-in that
    /// ignores the arguments serves on its own, as render.py does when it cannot reach the pool.)
    @Test func theFirstProcessIsThePoolTheOthersRelaysToIt() throws {
        let folder = TestSupport.temporaryFolder("fake-pool")
        let fake = PdfRendererTests.fakeRenderer(in: folder, identify: #"{"weasyprint": "70.0", "fonts": "f0"}"#, handle: """
            with open(os.path.join(here, "argv-%d" % os.getpid()), "w") as argv:
                json.dump(sys.argv[1:], argv)
            import time
            time.sleep(0.1)  # so that both processes take requests
            print(json.dumps({"pages": 1}), flush=True)
            """)
        let workers = RenderWorkers(weasyPrint: fake, processes: 2)
        let answers = workers.run((0..<6).map { RenderWorkers.Request(html: "x\($0)", pdf: "/dev/null") })
        #expect(answers.allSatisfy { $0.pages == 1 })
        workers.stop()
        let started = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("argv-") }
            .map { name in (pid: Int32(name.dropFirst(5))!, argv: try JSONDecoder().decode([String].self, from: Data(contentsOf: folder.appending(path: name)))) }
        let pool = try #require(started.first { $0.argv.first == "--pool" })
        let relay = try #require(started.first { $0.argv.first == "--relay" })
        #expect(pool.argv.count == 2 && pool.argv[1].hasSuffix("/pool.sock"))
        #expect(relay.argv == ["--relay", pool.argv[1], String(pool.pid)])
        #expect(!FileManager.default.fileExists(atPath: URL(filePath: pool.argv[1]).deletingLastPathComponent().path))
    }

    @Test func stopWaitsForEveryProcessToEnd() throws {
        let folder = TestSupport.temporaryFolder("fake-slow-exit")
        let fake = PdfRendererTests.fakeRenderer(in: folder, identify: #"{"weasyprint": "70.0", "fonts": "f0"}"#, handle: """
            open(os.path.join(here, "pid-%d" % os.getpid()), "w").close()
            import atexit, time
            atexit.register(time.sleep, 0.5)
            print(json.dumps({"pages": 1}), flush=True)
            """)
        let workers = RenderWorkers(weasyPrint: fake, processes: 2)
        let answers = workers.run((0..<4).map { RenderWorkers.Request(html: "x\($0)", pdf: "/dev/null") })
        #expect(answers.allSatisfy { $0.pages == 1 })
        workers.stop()
        let pids = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("pid-") }.compactMap { Int32($0.dropFirst(4)) }
        #expect(!pids.isEmpty)
        for pid in pids {
            // Reaped: no such process (not even a zombie waiting for its parent).
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "renderer \(pid) still there after stop")
        }
    }
}
