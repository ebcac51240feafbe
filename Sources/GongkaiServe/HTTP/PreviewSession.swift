import FlyingSocks
import Foundation
import GongkaiBuild
#if canImport(Glibc)
import Glibc
#endif

/// `gongkai serve` at work: the live site, the HTTP server, the file watcher and the browsers' event
/// streams. `run` blocks until Ctrl-C.
// @unchecked Sendable: `showingProblems` is guarded by `lock`; the rest is immutable or Sendable.
public final class PreviewSession: @unchecked Sendable {
    private let live: LiveSite
    private let events = LiveEvents()
    private let port: UInt16
    private let instance = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    private let lock = NSLock()
    private var showingProblems = false

    public init(options: BuildOptions, port: UInt16) {
        self.live = LiveSite(options: options)
        self.port = port
        // Each page reloads as soon as its own file is new: the edited matter's page before the lists of
        // all matters are made again.
        live.published = { [events] paths in events.reload(paths) }
    }

    /// Serves until Ctrl-C (0) or until the server cannot run (2).
    public func run() -> Int32 {
        let handler = PreviewHandler(store: live.store, events: events, instance: instance)
        let server: PreviewServer
        do {
            server = try PreviewServer(port: port, handler: handler)
        } catch {
            Self.printError(Self.message(forStartFailure: error, port: port))
            return 2
        }
        let port = server.port
        let listening = Listening()
        Task {
            do {
                try await server.run()
                listening.fail(nil)
            } catch {
                listening.fail(error)
            }
        }

        Self.printLine("正在生成网站……")
        let report = live.build()
        if let problems = report.problems {
            Self.printError(problems.description)
            let content = live.options.content, theme = live.options.theme
            guard Self.isFolder(content), Self.isFolder(theme) else {
                // Nothing to watch: the folder named is not there. Stop, as `build` does.
                server.stop()
                return 1
            }
            Self.printLine("内容有错误（见上）：改正并保存后自动生成。")
            lock.withLock { showingProblems = true }
            events.report(problems.description)
        } else {
            let pages = report.rendered.filter { $0.hasSuffix(".html") }.count
            Self.printLine(
                "已生成 \(pages) 个页面（\(report.matters ?? 0) 个事项），共 \(report.rendered.count) 个文件，"
                    + "用时 \(RebuildReport.milliseconds(report.allReady)) ms")
        }
        Self.printLine("预览：http://127.0.0.1:\(port)/ （内容或主题改动后自动刷新；按 Ctrl-C 停止）")

        let watcher = FileWatcher(roots: { [live] in live.watchedFolders }) { [self] paths, since in
            rebuilt(live.apply(changed: paths, since: since))
        }
        do {
            try watcher.start()
        } catch {
            Self.printError("错误：\(error)")
            return 2
        }
        let heartbeat = Task { [events] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                events.ping()
            }
        }

        let stopReason = Self.waitForStop(or: listening)
        watcher.stop()
        heartbeat.cancel()
        events.close()
        server.stop()
        if let failure = stopReason {
            Self.printError("错误：预览服务器停止了（\(failure.localizedDescription)）")
            return 2
        }
        Self.printLine("已停止预览。")
        return 0
    }

    /// After each rebuild: one line on the terminal, and the browsers told (errors shown, or reload).
    private func rebuilt(_ report: RebuildReport) {
        guard !report.sources.isEmpty else { return }
        let wasShowingProblems = lock.withLock {
            defer { showingProblems = report.problems != nil }
            return showingProblems
        }
        if let problems = report.problems {
            Self.printError(problems.description)
            Self.printLine(Self.time() + report.summary)
            events.report(problems.description)
            return
        }
        Self.printLine(Self.time() + report.summary)
        if wasShowingProblems {
            events.reload(["*"])  // clears the error overlay of every page
        }
    }

    // MARK: - Starting and stopping

    /// Whether the server's task has ended (it stopped on its own), and with which error.
    private final class Listening: @unchecked Sendable {  // its state is guarded by `lock`
        private let lock = NSLock()
        private var ended = false
        private var error: (any Error)?

        func fail(_ error: (any Error)?) {
            lock.withLock {
                guard !ended else { return }
                ended = true
                self.error = error
            }
        }

        var hasEnded: Bool { lock.withLock { ended } }
        var failure: (any Error)? { lock.withLock { error } }
    }

    private static func message(forStartFailure error: (any Error)?, port: UInt16) -> String {
        if case SocketError.failed(_, let code, _)? = error as? SocketError, code == EADDRINUSE {
            return "错误：端口 \(port) 已被占用（也许另一个 gongkai serve 正在运行）。换一个端口，例如 gongkai serve --port \(port == 65535 ? 1314 : port + 1)"
        }
        if case SocketError.failed(_, let code, _)? = error as? SocketError, code == EACCES {
            return "错误：没有权限使用端口 \(port)（小于 1024 的端口需要管理员权限）。换一个端口，例如 --port 1313"
        }
        return "错误：无法在 127.0.0.1:\(port) 上提供网站（\(error.map { $0.localizedDescription } ?? "未知原因")）"
    }

    /// Blocks until Ctrl-C or SIGTERM (nil) or until the server stops on its own (its error).
    private static func waitForStop(or listening: Listening) -> (any Error)? {
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        let watch = Task {
            while !listening.hasEnded { try? await Task.sleep(for: .milliseconds(200)) }
            stop.signal()
        }
        stop.wait()
        watch.cancel()
        sources.forEach { $0.cancel() }
        return listening.hasEnded ? (listening.failure ?? SocketError.disconnected) : nil
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    private static func time() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss "
        return formatter.string(from: Date())
    }

    /// Written at once, not buffered: the URL line is what a script waiting for the server reads.
    static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
