import Foundation
import Testing
@testable import GongkaiBuild
#if canImport(Glibc)
import Glibc
#endif

/// `gongkai serve` as people run it: the real executable, on a free port, over HTTP.
@Suite struct ServeCommandTests {
    /// A running `gongkai serve` and what it has printed.
    final class Server: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()
        private(set) var port: UInt16 = 0

        init(_ arguments: [String]) throws {
            process.executableURL = TestSupport.executable
            process.arguments = ["serve"] + arguments
            process.currentDirectoryURL = TestSupport.packageRoot
            let stdout = Pipe(), stderr = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.lock.withLock { self?.out.append(data) }
            }
            stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.lock.withLock { self?.err.append(data) }
            }
            try process.run()
        }

        var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
        var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

        /// Waits for the line with the address and takes the port from it.
        func waitForAddress() throws {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                if let match = stdout.firstMatch(of: /预览：http:\/\/127\.0\.0\.1:(\d+)\//), let port = UInt16(match.1) {
                    self.port = port
                    return
                }
                guard process.isRunning else { break }
                Thread.sleep(forTimeInterval: 0.01)
            }
            throw HTTPTestClient.ClientError("no address; stdout: \(stdout) stderr: \(stderr)")
        }

        /// Whether `text` is printed on standard output (or error) within two seconds.
        func prints(_ text: String, onStandardError: Bool = false) -> Bool {
            let deadline = ContinuousClock.now + .seconds(2)
            var output: String { onStandardError ? stderr : stdout }
            while !output.contains(text), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
            return output.contains(text)
        }

        /// Ctrl-C, then the exit status.
        func interrupt() -> Int32 {
            process.interrupt()
            let deadline = ContinuousClock.now + .seconds(5)
            while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return process.terminationStatus
        }

        func get(_ path: String) throws -> HTTPTestClient.Response {
            try HTTPTestClient.get(path, port: port)
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// A served page without what `serve` adds, to compare with the built file.
    static func withoutLiveReload(_ html: String) -> String {
        html.replacing(/<script src="\/__gongkai\/live\.js" data-path="[^"]*" data-generation="[^"]*"><\/script>\n/, with: "")
            .replacingOccurrences(of: "connect-src &#39;self&#39;", with: "connect-src &#39;none&#39;")
    }

    /// Content with an error at start: the error is printed, the preview still starts (with a page saying
    /// so), and the fix builds the site without a restart. A content folder that is not there stops it.
    @Test func startsWithContentErrorsAndStopsWithoutAFolder() throws {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let matter = content.appending(path: "matters/2.1.md")
        let good = TestSupport.read(matter)
        TestSupport.write(good.replacingOccurrences(of: "名称:", with: "名称："), to: matter)
        let server = try Server(["--content", content.path, "--theme", TestSupport.defaultTheme.path, "--port", "0"])
        try server.waitForAddress()
        // Standard error comes through its own pipe and handler: it may arrive after the address line.
        #expect(server.prints("matters/2.1.md:", onStandardError: true))
        #expect(server.stdout.contains("内容有错误"))
        let waiting = try server.get("/")
        #expect(waiting.status == 404)
        #expect(waiting.text.contains("/__gongkai/live.js"), "the page reloads itself once the site is made")
        TestSupport.write(good, to: matter)
        #expect(server.prints("重新生成"))
        let deadline = ContinuousClock.now + .seconds(5)
        while try server.get("/").status != 200, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(try server.get("/").status == 200)
        #expect(server.interrupt() == 0)

        let missing = try Server(["--content", content.appending(path: "no-such-folder").path,
                                  "--theme", TestSupport.defaultTheme.path, "--port", "0"])
        missing.process.waitUntilExit()
        #expect(missing.process.terminationStatus == 1)
        #expect(missing.prints("site.yaml", onStandardError: true), "the handler may deliver it after the exit")
    }

    @Test func servesPreviewsReloadsAndShowsErrors() throws {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let server = try Server(["--content", content.path, "--theme", TestSupport.defaultTheme.path, "--port", "0"])
        try server.waitForAddress()
        #expect(server.stdout.contains("已生成 18 个页面（5 个事项）"))
        let (_, built) = try Pipeline(options: BuildOptions(
            content: content, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)).renderInMemory()
        let builtText = { (path: String) in String(decoding: built.first { $0.path == path }!.contents, as: UTF8.self) }

        // Pages: `/` and `/matters/2.1/` are their index.html, with the script added when served, never built.
        let home = try server.get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.text.contains("<script src=\"/__gongkai/live.js\" data-path=\"index.html\""))
        #expect(home.text.contains("connect-src &#39;self&#39;"))
        #expect(Self.withoutLiveReload(home.text) == builtText("index.html"))
        #expect(!built.contains { String(decoding: $0.contents, as: UTF8.self).contains("__gongkai") })
        let matter = try server.get("/matters/2.1/")
        #expect(matter.status == 200)
        #expect(Self.withoutLiveReload(matter.text) == builtText("matters/2.1/index.html"))
        #expect(try server.get("/matters/2.1").status == 302)

        // Other files with their types; a missing page is the site's 404 page with status 404.
        #expect(try server.get("/assets/site.css").headers["content-type"] == "text/css; charset=utf-8")
        // Also under the base path of the site's 网址 (https://gongkai.example.org/dagu/), as the 404
        // page's links and a copy of the site put there expect.
        let underBase = try server.get("/dagu/matters/2.1/")
        #expect(underBase.status == 200 && underBase.text == matter.text)
        #expect(try server.get("/dagu/assets/site.css").status == 200)
        #expect(try server.get("/catalogue.json").headers["content-type"] == "application/json; charset=utf-8")
        #expect(try server.get("/sitemap.xml").headers["content-type"] == "application/xml; charset=utf-8")
        let script = try server.get("/__gongkai/live.js")
        #expect(script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(script.text.contains("EventSource"))
        let missing = try server.get("/no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.text.contains("data-path=\"no/such/page/index.html\""))
        #expect(Self.withoutLiveReload(missing.text) == builtText("404.html"))
        #expect(try server.get("/../site.yaml").status == 404)

        // A kept-alive connection answers at once (no 40 ms wait for the browser's delayed ACK: TCP_NODELAY).
        let connection = try HTTPTestClient(port: server.port)
        var times: [Duration] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            #expect(try connection.get("/matters/2.1/").status == 200)
            times.append(.now - start)
        }
        #expect(times.sorted()[2] < .milliseconds(25), "\(times)")

        // A saved matter: the browser is told to reload, and gets the new page.
        let events = try HTTPTestClient(port: server.port)
        try events.send("GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(try events.read(until: "event: hello").contains("text/event-stream"))
        let file = content.appending(path: "matters/2.1.md")
        TestSupport.write(TestSupport.read(file).replacingOccurrences(of: "名称: 就业援助", with: "名称: 就业援助（新）"), to: file)
        // First the matter's own pages (only a browser showing them reloads), then the lists of all matters.
        _ = try events.read(until: "event: reload\ndata: matters/2.1/index.html\ndata: posters/2.1.html\n\n")
        #expect(try server.get("/matters/2.1/").text.contains("就业援助（新）"))
        _ = try events.read(until: "data: print/index.html\n")
        #expect(server.prints("matters/2.1.md 有改动：重新生成 8 个文件"))
        #expect(try server.get("/search-index.js").text.contains("就业援助（新）"), "the search finds the new name")

        // An error: printed as `build` prints it, sent to the browser; the last good site stays.
        let other = content.appending(path: "matters/1.1.md")
        TestSupport.write(TestSupport.read(other).replacingOccurrences(of: "主要职责: \"1\"", with: "主要职责: \"9\""), to: other)
        let stream = try events.read(until: "共 1 处错误")
        #expect(stream.contains("event: problems\ndata: \(other.path):3:7: error: 主要职责: 没有序号为「9」的主要职责"))
        #expect(server.prints("\(other.path):3:7: error: 主要职责: 没有序号为「9」的主要职责", onStandardError: true))
        #expect(try server.get("/matters/1.1/").status == 200)
        // Fixed: reloaded, no restart.
        TestSupport.write(TestSupport.read(other).replacingOccurrences(of: "主要职责: \"9\"", with: "主要职责: \"1\""), to: other)
        _ = try events.read(until: "event: reload\ndata: *\n")
        #expect(server.prints("matters/1.1.md 有改动：网站没有变化"))

        #expect(server.interrupt() == 0)
        #expect(server.prints("已停止预览。"))
    }

    @Test func aPortInUseIsAClearError() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        let port = UInt16(bigEndian: address.sin_port)
        let result = try TestSupport.run(["serve", "--port", String(port)])
        #expect(result.status == 2)
        #expect(result.stderr.contains("端口 \(port) 已被占用"))
    }
}
