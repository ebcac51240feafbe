import Foundation
import Testing
@testable import GongkaiBuild

/// PdfRenderer with a stand-in for gongkai's WeasyPrint driver (a Python script speaking render.py's JSON
/// lines), so the staging, the move into place, the A4 stylesheet, the step-down of long posters, the
/// manifest and the error reports are tested in milliseconds. The real WeasyPrint runs in
/// Tests/browser/test_pdf.py and test_poster_density.py.
@Suite struct PdfRendererTests {
    /// A fake `render.py`: logs each request, writes a small PDF, answers two pages for a poster named in
    /// `twoPagesFor` (one page after one step down), fails for a page named in `failFor`, and identifies as
    /// WeasyPrint `version` (read from a file beside it, so a test can change it between runs).
    static func fake(failFor: String? = nil, twoPagesFor: String? = nil, version: String = "70.0") -> WeasyPrint {
        let folder = TestSupport.temporaryFolder("fake-weasyprint")
        TestSupport.write(version, to: folder.appending(path: "version"))
        return fakeRenderer(in: folder, identify: #"{"weasyprint": open(os.path.join(here, "version")).read(), "fonts": "f0"}"#, handle: """
            html = request["html"]
            if "\(failFor ?? "none")" in html:
                print("Traceback (most recent call last):", file=sys.stderr)
                print(json.dumps({"error": "ERROR: boom in " + html}), flush=True)
                continue
            chosen = 2 if request.get("smallest") is not None else None
            stepped = "\(twoPagesFor ?? "none")" in html
            with open(request["pdf"], "w") as pdf:
                pdf.write("%PDF-1.7 fake " + html)
            print(json.dumps({"pages": 1, "chosen": chosen, "density": chosen + 1 if stepped else chosen,
                              "fit": False}), flush=True)
            """)
    }

    /// A stand-in `render.py` in `folder`: answers `--identify` with `identify` (a Python expression), says
    /// it is ready, then logs each request to calls.log and runs `handle` (Python, with `request`, `here`,
    /// `json`, `os`, `re` and `sys` at hand) to answer it.
    static func fakeRenderer(in folder: URL, identify: String, handle: String) -> WeasyPrint {
        let script = folder.appending(path: "render.py")
        let body = handle.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        TestSupport.write("""
            import json, os, re, sys
            here = os.path.dirname(os.path.abspath(__file__))
            if sys.argv[1:] == ["--identify"]:
                print(json.dumps(\(identify)))
                sys.exit(0)
            print(json.dumps({"ready": True}), flush=True)
            for line in sys.stdin:
                request = json.loads(line)
                with open(os.path.join(here, "calls.log"), "a") as log:
                    log.write(line)
            \(body)
            """, to: script)
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }!
        return WeasyPrint(executable: URL(filePath: python), python: URL(filePath: python), driver: script)
    }

    /// The requests the fake received, as JSON objects.
    static func calls(_ weasyPrint: WeasyPrint) -> [[String: Any]] {
        TestSupport.read(weasyPrint.driver.deletingLastPathComponent().appending(path: "calls.log"))
            .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func rendered(_ weasyPrint: WeasyPrint) -> [String] {
        calls(weasyPrint).compactMap { ($0["html"] as? String).map { String($0.split(separator: "/").suffix(2).joined(separator: "/")) } }.sorted()
    }

    @Test func writesCatalogueAndPostersIntoTheSite() throws {
        let output = try TestSupport.build()
        let weasyPrint = Self.fake()
        let report = try PdfRenderer(output: output, paper: .a3, weasyPrint: weasyPrint).render()
        #expect(report.cataloguePages == 1)
        #expect(report.posters == ["posters/1.1.pdf", "posters/2.1.pdf", "posters/3.1.pdf", "posters/4.1.pdf", "posters/4.2.pdf"])
        for path in ["print/catalogue.pdf"] + report.posters {
            #expect(TestSupport.read(output.appending(path: path)).hasPrefix("%PDF"), "\(path)")
        }
        let calls = Self.calls(weasyPrint)
        #expect(calls.count == 6)
        #expect(calls.allSatisfy { ($0["stylesheets"] as? [String]) == [] }, "A3 is the HTML's own size")
        #expect(calls.filter { $0["smallest"] as? Int == 7 }.count == 5, "posters step down to density 7")
        let staging = output.deletingLastPathComponent().appending(path: ".public.pdf-staging")
        #expect(!FileManager.default.fileExists(atPath: staging.path), "the staging folder is gone")
    }

    @Test func a4PostersGetTheA4StylesheetTheCatalogueDoesNot() throws {
        let output = try TestSupport.build()
        let weasyPrint = Self.fake()
        _ = try PdfRenderer(output: output, paper: .a4, weasyPrint: weasyPrint).render()
        let calls = Self.calls(weasyPrint)
        #expect(calls.filter { ($0["stylesheets"] as? [String]) == ["\(output.path)/assets/print/poster-a4.css"] }.count == 5)
        #expect(calls.filter { ($0["html"] as? String)?.hasSuffix("print/index.html") == true && ($0["stylesheets"] as? [String]) == [] }.count == 1)
    }

    @Test func aPosterOverOnePageIsSetTighter() throws {
        let output = try TestSupport.build()
        let report = try PdfRenderer(output: output, paper: .a3, weasyPrint: Self.fake(twoPagesFor: "2.1.html")).render()
        #expect(report.tightened == ["posters/2.1.pdf"])
        #expect(report.overflowing.isEmpty)
    }

    /// A WeasyPrint error names the page it concerns, shows WeasyPrint's message (not the traceback), and no PDF
    /// is written — not even the ones that succeeded.
    @Test func failuresNameTheFileAndWriteNothing() throws {
        let output = try TestSupport.build()
        do {
            _ = try PdfRenderer(output: output, paper: .a3, weasyPrint: Self.fake(failFor: "4.1.html")).render()
            Issue.record("expected an error")
        } catch {
            let text = error.description
            #expect(text.contains("\(output.path)/posters/4.1.html"))
            #expect(text.contains("ERROR: boom"))
            #expect(!text.contains("Traceback"))
        }
        #expect(!FileManager.default.fileExists(atPath: output.appending(path: "print/catalogue.pdf").path))
        #expect(!FileManager.default.fileExists(atPath: output.appending(path: "posters/1.1.pdf").path))
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "posters/1.1.html").path))
    }

    /// The project's own .venv/ first, then `weasyprint` on PATH (the fallback); the Python is the one in
    /// the command's `#!` line; `GONGKAI_WEASYPRINT` wins over both.
    @Test func findsWeasyPrintAndItsPython() throws {
        let root = TestSupport.temporaryFolder("find-weasyprint")
        let python = "/usr/bin/python3"
        TestSupport.write("#!\(python)\nfrom weasyprint.__main__ import main\n", to: root.appending(path: ".venv/bin/weasyprint"))
        TestSupport.write("#!/usr/bin/env python3\n", to: root.appending(path: "bin/weasyprint"))
        for path in [".venv/bin/weasyprint", "bin/weasyprint"] { chmod(root.appending(path: path).path, 0o755) }
        TestSupport.write("", to: root.appending(path: "renderer/render.py"))
        let installed: (String) -> URL? = { relative in
            let url = root.appending(path: relative)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        let own = try WeasyPrint.find(environment: ["PATH": root.appending(path: "bin").path], installed: installed)
        #expect(own.executable.path == root.appending(path: ".venv/bin/weasyprint").path)
        #expect(own.python.path == python)
        #expect(!own.isFallback)
        #expect(own.driver.path == root.appending(path: "renderer/render.py").path)

        try FileManager.default.removeItem(at: root.appending(path: ".venv"))
        let fallback = try WeasyPrint.find(environment: ["PATH": root.appending(path: "bin").path + ":/usr/bin"], installed: installed)
        #expect(fallback.isFallback)
        #expect(fallback.python.lastPathComponent == "python3")
        #expect(throws: WeasyPrint.FindError.self) { try WeasyPrint.find(environment: ["PATH": "/nonexistent"], installed: installed) }
        #expect(throws: WeasyPrint.FindError.self) {
            try WeasyPrint.find(environment: ["PATH": root.appending(path: "bin").path, "GONGKAI_WEASYPRINT": "/nonexistent/weasyprint"], installed: installed)
        }
        #expect(throws: WeasyPrint.FindError.self) { try WeasyPrint.find(environment: [:], installed: { _ in nil }) }
    }

    /// `pdf` moves its files into the site under the same lock a build holds: while another gongkai holds
    /// it, no PDF appears; once it is let go, they all do.
    @Test func waitsForTheOutputsLock() throws {
        let output = try TestSupport.build()
        let held = try OutputLock(output: OutputPath.resolved(output.path))
        let renderer = PdfRenderer(output: output, paper: .a3, weasyPrint: Self.fake())
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? renderer.render()
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 0.5) == .timedOut, "render went on while the lock was held")
        #expect(!FileManager.default.fileExists(atPath: output.appending(path: "print/catalogue.pdf").path))
        held.release()
        #expect(done.wait(timeout: .now() + 20) == .success)
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "print/catalogue.pdf").path))
    }

    /// An output given as a link: the PDFs go into the folder it points to, and the link stays a link. (A
    /// guard: the old renderer did this too; the lock and the no-follow moves are what changed.)
    @Test func aLinkedOutputGetsItsPDFsInTheRealFolder() throws {
        let output = try TestSupport.build()
        let link = TestSupport.temporaryFolder("pdf-link").appending(path: "site")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: output)
        _ = try PdfRenderer(output: link, paper: .a3, weasyPrint: Self.fake()).render()
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "posters/1.1.pdf").path))
        let type = try FileManager.default.attributesOfItem(atPath: link.path)[.type] as? FileAttributeType
        #expect(type == .typeSymbolicLink)
        #expect(try FileManager.default.contentsOfDirectory(atPath: link.deletingLastPathComponent().path) == ["site"],
                "nothing left beside the link")
    }

    /// A folder of the site replaced by a link to somewhere else: no PDF is moved through it.
    @Test func noPDFIsMovedThroughALinkInTheSite() throws {
        let output = try TestSupport.build()
        let elsewhere = TestSupport.temporaryFolder("pdf-elsewhere")
        let posters = output.appending(path: "posters")
        for name in try FileManager.default.contentsOfDirectory(atPath: posters.path) {
            try FileManager.default.copyItem(at: posters.appending(path: name), to: elsewhere.appending(path: name))
        }
        try FileManager.default.removeItem(at: posters)
        try FileManager.default.createSymbolicLink(at: posters, withDestinationURL: elsewhere)
        _ = try? PdfRenderer(output: output, paper: .a3, weasyPrint: Self.fake()).render()
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.isEmpty, "PDFs were written through the link: \(pdfs)")
    }
}
