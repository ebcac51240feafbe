import Foundation
import Testing
@testable import GongkaiBuild

/// PdfRenderer with a stand-in for WeasyPrint (a shell script), so the staging, the move into place, the
/// A4 stylesheet, the refit of long posters and the error reports are tested in milliseconds. The real
/// WeasyPrint runs in Tests/browser/test_pdf.py.
@Suite struct PdfRendererTests {
    /// A fake `weasyprint`: logs its arguments, writes a one-page PDF (two pages for a poster named in
    /// TWO_PAGES unless poster-fit.css is given), and fails for a page named in FAIL.
    static func fake(failFor: String? = nil, twoPagesFor: String? = nil) -> WeasyPrint {
        let folder = TestSupport.temporaryFolder("fake-weasyprint")
        let script = folder.appending(path: "weasyprint")
        TestSupport.write("""
            #!/bin/sh
            echo "$@" >> "\(folder.path)/calls.log"
            for last; do :; done
            html=""; for a; do case "$a" in *.html) html="$a";; esac; done
            case "$html" in *"\(failFor ?? "none")"*) echo "Traceback (most recent call last):" >&2; echo "  File x" >&2; echo "ERROR: boom in $html" >&2; exit 1;; esac
            pages="/Type /Page\n"
            case "$html" in *"\(twoPagesFor ?? "none")"*) case "$*" in *poster-fit.css*) ;; *) pages="/Type /Page\n/Type /Page\n";; esac;; esac
            printf "%%PDF-1.7\n/Type /Pages /Count 1\n$pages" > "$last"
            """, to: script)
        chmod(script.path, 0o755)
        return WeasyPrint(executable: script)
    }

    static func calls(_ weasyPrint: WeasyPrint) -> [String] {
        TestSupport.read(weasyPrint.executable.deletingLastPathComponent().appending(path: "calls.log"))
            .split(separator: "\n").map(String.init)
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
        #expect(calls.allSatisfy { !$0.contains("poster-a4.css") }, "A3 is the HTML's own size")
        let staging = output.deletingLastPathComponent().appending(path: ".public.pdf-staging")
        #expect(!FileManager.default.fileExists(atPath: staging.path), "the staging folder is gone")
    }

    @Test func a4PostersGetTheA4StylesheetTheCatalogueDoesNot() throws {
        let output = try TestSupport.build()
        let weasyPrint = Self.fake()
        _ = try PdfRenderer(output: output, paper: .a4, weasyPrint: weasyPrint).render()
        let calls = Self.calls(weasyPrint)
        #expect(calls.filter { $0.contains("-s \(output.path)/assets/print/poster-a4.css") }.count == 5)
        #expect(calls.filter { $0.contains("print/index.html") && !$0.hasPrefix("-s ") }.count == 1)
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

    @Test func findsWeasyPrintOnThePathOrNot() {
        let fake = Self.fake()
        let folder = fake.executable.deletingLastPathComponent().path
        #expect(WeasyPrint.find(environment: ["PATH": "/nonexistent:\(folder)"])?.executable.path == fake.executable.path)
        #expect(WeasyPrint.find(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(WeasyPrint.find(environment: ["PATH": folder, "GONGKAI_WEASYPRINT": "/nonexistent/weasyprint"]) == nil)
    }

    @Test func countsPages() {
        #expect(PDFPageCount.count(Data("/Type /Pages /Count 2\n/Type /Page\n/Type/Page>>".utf8)) == 2)
        #expect(PDFPageCount.count(Data("nothing".utf8)) == nil)
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
