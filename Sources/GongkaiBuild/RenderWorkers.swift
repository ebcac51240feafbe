import Foundation
import GongkaiUtils
import Synchronization

/// The renderer processes of one `gongkai pdf` run: `renderer/render.py` started once per core, each
/// rendering one request after another, which it reads as a JSON line on standard input and answers with a
/// JSON line on standard output. The first (`--pool`) loads Python, WeasyPrint and the fonts and forks a
/// renderer, all loaded, for each of the others, which only relay their requests to it (`--relay`): a run
/// loads WeasyPrint once, not once per core while the site builds (0.36 s of CPU each, docs/performance.md,
/// 2026-12-06). A render.py that cannot reach the pool loads its own.
///
/// One queue feeds them, in two kinds: urgent requests (`run`: the catalogue's parts, each step waiting for
/// the one before — the body, then the front that counts its pages, then the join) go before the others
/// (`submit`: the posters, which nothing waits for), so the posters fill the time the catalogue's steps
/// leave a process idle. Each process has a thread of its own, which starts it and lives as long as it does
/// (render.py asks to end with the thread that started it, PR_SET_PDEATHSIG).
public final class RenderWorkers: @unchecked Sendable {
    // @unchecked Sendable: the state is read and written under `condition` only.
    let weasyPrint: WeasyPrint
    private let processes: Int
    private let condition = NSCondition()
    private var urgent: [Job] = []
    private var other: [Job] = []
    private var threads = 0
    private var running = 0
    private var stopping = false
    /// The first process loads WeasyPrint and forks the others' renderers (`render.py --pool`); each other
    /// process is a relay to one of them (`--relay`), or, if there is no pool, loads WeasyPrint itself.
    private enum Pool {
        case unclaimed, starting
        case listening(socket: String, pid: Int32)
        case none
    }
    private var pool = Pool.unclaimed
    /// The pool's private folder (its socket in it), removed by `stop`.
    private var poolFolder: String?

    /// A request in the queue and where its answer goes.
    private final class Job: @unchecked Sendable {
        let request: Request
        let batch: Batch
        let position: Int

        init(_ request: Request, batch: Batch, position: Int) {
            self.request = request
            self.batch = batch
            self.position = position
        }
    }

    /// Requests submitted together; `wait` returns their answers in order.
    final class Batch: @unchecked Sendable {
        // @unchecked Sendable: `answers` and `left` are read and written under the owner's condition only.
        fileprivate var answers: [Answer?]
        fileprivate var left: Int
        private unowned let owner: RenderWorkers

        fileprivate init(count: Int, owner: RenderWorkers) {
            answers = Array(repeating: nil, count: count)
            left = count
            self.owner = owner
        }

        func wait() -> [Answer] {
            owner.condition.lock()
            defer { owner.condition.unlock() }
            while left > 0 { owner.condition.wait() }
            return answers.map { $0 ?? Answer(error: "没有渲染") }
        }
    }

    public init(weasyPrint: WeasyPrint, processes: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.weasyPrint = weasyPrint
        self.processes = max(1, processes)
    }

    /// One request: what `render.py` reads (see its docstring). Without `kind`, a whole document (a poster,
    /// or the catalogue in one piece); `part`, a part of the catalogue given as text; `merge`, the parts
    /// joined into one PDF.
    struct Request: Encodable, Sendable {
        var kind: String? = nil
        /// The page to lay out (a file of the site), or its text and the address it is read from.
        var html: String? = nil
        var string: String? = nil
        var base: String? = nil
        /// Where the PDF goes (for `parts`, the first part's: each part's is in `group`).
        var pdf: String
        var stylesheets: [String] = []
        /// Posters: the smallest density class to step down to, from the one the build chose.
        var smallest: Int? = nil
        /// Posters: the stylesheet added after the smallest density, as the last resort.
        var fit: String? = nil
        /// Posters: the density it fitted at last time, where render.py begins looking.
        var fitted: Int? = nil
        /// Merge: the parts' PDFs in order, and the running document laid over their pages.
        var parts: [String]? = nil
        var running: String? = nil
        /// Merge: where the book is kept for the next merge, which may then append an update to it instead
        /// of joining every part again (renderer/book_update.py).
        var keep: String? = nil
        /// Parts laid out together (`kind` "parts"): where each is written and the anchor its first page has.
        var group: [GroupPart]? = nil

        struct GroupPart: Encodable, Sendable {
            var pdf: String
            var first: String
        }
    }

    struct Answer: Decodable, Sendable {
        var pages: Int?
        var chosen: Int?
        var density: Int?
        var fit: Bool?
        /// Parts: the page (from 0) on which each anchor is.
        var anchors: [String: Int]?
        /// Merge: the fonts it could not share between the parts (kept as each part embedded them).
        var fontsKept: [String]?
        /// Merge: made by appending the changed parts' pages to the last book, not by joining every part.
        var appended: Bool?
        /// Parts laid out together: each one's answer.
        var parts: [Answer]?
        var error: String?
    }

    /// Starts the processes now (never more than `count`), so that Python and WeasyPrint load while gongkai
    /// is still working out what to render.
    public func start(_ count: Int? = nil) {
        condition.lock()
        let wanted = min(processes, max(1, count ?? processes))
        let starting = max(0, wanted - threads)
        threads += starting
        running += starting
        condition.unlock()
        for _ in 0..<starting {
            Thread.detachNewThread { [self] in serve() }
        }
    }

    /// Answers to `requests`, in order, before any request submitted with `submit` that is still waiting.
    /// A process that cannot start or dies answers each request it takes with its error; the others go on.
    func run(_ requests: [Request]) -> [Answer] {
        queue(requests).wait()
    }

    /// `run` without the wait: the requests go into the queue before any `submit`ted one still waiting, and
    /// `wait` on the batch gives their answers.
    func queue(_ requests: [Request]) -> Batch {
        guard !requests.isEmpty else { return Batch(count: 0, owner: self) }
        return enqueue(requests, urgent: true)
    }

    /// Requests to answer when no urgent one waits; `wait` on the batch for their answers.
    func submit(_ requests: [Request]) -> Batch {
        enqueue(requests, urgent: false)
    }

    private func enqueue(_ requests: [Request], urgent isUrgent: Bool) -> Batch {
        condition.lock()
        let batch = Batch(count: requests.count, owner: self)
        let jobs = requests.enumerated().map { Job($1, batch: batch, position: $0) }
        if isUrgent { urgent += jobs } else { other += jobs }
        let waiting = urgent.count + other.count
        condition.broadcast()
        condition.unlock()
        start(waiting)
        return batch
    }

    /// The arguments of the process this thread starts: the pool's (the first thread's), a relay's to it,
    /// or none (no pool: the process loads WeasyPrint itself).
    private func role() -> [String] {
        condition.lock()
        defer { condition.unlock() }
        if case .unclaimed = pool {
            var temporary = NSTemporaryDirectory()
            while temporary.count > 1 && temporary.hasSuffix("/") { temporary.removeLast() }
            var template = Array((temporary + "/gongkai-render-XXXXXX").utf8CString)
            let folder = mkdtemp(&template).map { String(cString: $0) }
            // A Unix socket's path has room for 107 bytes.
            guard let folder, folder.utf8.count < 90 else {
                if let folder { rmdir(folder) }
                pool = .none
                return []
            }
            poolFolder = folder
            pool = .starting
            return ["--pool", folder + "/pool.sock"]
        }
        while case .starting = pool { condition.wait() }
        guard case .listening(let socket, let pid) = pool else { return [] }
        return ["--relay", socket, String(pid)]
    }

    /// A process's thread: starts it, renders what the queue gives until `stop`, then ends it.
    private func serve() {
        let arguments = role()
        let worker = Worker(weasyPrint: weasyPrint, arguments: arguments)
        if arguments.first == "--pool" {
            condition.lock()
            pool = worker.broken == nil ? .listening(socket: arguments[1], pid: worker.process.processIdentifier) : .none
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            while urgent.isEmpty && other.isEmpty && !stopping { condition.wait() }
            guard let job = urgent.isEmpty ? other.first : urgent.first else {
                condition.unlock()
                worker.stop()
                condition.lock()
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            if urgent.isEmpty { other.removeFirst() } else { urgent.removeFirst() }
            condition.unlock()
            let answer = worker.render(job.request)
            condition.lock()
            job.batch.answers[job.position] = answer
            job.batch.left -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Ends the processes: what is still queued is not rendered (a run that failed stops there), their
    /// standard input closes, and each exits when it has answered what it has. Returns when they have.
    public func stop() {
        condition.lock()
        for job in urgent + other {
            job.batch.left -= 1
        }
        urgent.removeAll()
        other.removeAll()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        let folder = poolFolder
        poolFolder = nil
        condition.unlock()
        // The pool's socket and folder: the pool process has ended, and with it every renderer it forked.
        if let folder {
            unlink(folder + "/pool.sock")
            rmdir(folder)
        }
    }
}

/// One `render.py` process and its pipes. Used by one thread at a time.
private final class Worker {
    let process = Process()
    let input = Pipe(), output = Pipe(), errors = Pipe()
    /// Why the process cannot render (it did not start, or it ended); every request then gets this.
    var broken: String?
    var pending = Data()
    let errorLog = ErrorLog()

    init(weasyPrint: WeasyPrint, arguments: [String] = []) {
        process.executableURL = weasyPrint.python
        process.arguments = [weasyPrint.driver.path] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        // Standard error is read as it comes, so a chatty WeasyPrint never blocks on a full pipe.
        let log = errorLog
        errors.fileHandleForReading.readabilityHandler = { handle in log.append(handle.availableData) }
        do {
            try process.run()
        } catch {
            broken = "无法启动 \(weasyPrint.python.path)：\(error.localizedDescription)"
            return
        }
    }

    /// Whether the first line came, which says WeasyPrint loaded (an import error ends the process before
    /// it): read before the first request, so the process loads while its starter goes on.
    private var ready = false

    private func awaitReady() {
        guard !ready, broken == nil else { return }
        ready = true
        if readLine() == nil { broken = failure("渲染进程没有启动") }
    }

    func render(_ request: RenderWorkers.Request) -> RenderWorkers.Answer {
        awaitReady()
        if let broken { return RenderWorkers.Answer(error: broken) }
        guard var line = try? JSONEncoder().encode(request) else { return RenderWorkers.Answer(error: "无法编码请求") }
        line.append(UInt8(ascii: "\n"))
        do {
            try input.fileHandleForWriting.write(contentsOf: line)
        } catch {
            broken = failure("渲染进程已退出")
            return RenderWorkers.Answer(error: broken)
        }
        guard let reply = readLine(), let answer = try? JSONDecoder().decode(RenderWorkers.Answer.self, from: reply) else {
            broken = failure("渲染进程已退出")
            return RenderWorkers.Answer(error: broken)
        }
        return answer
    }

    /// One line of standard output, without its newline; nil at the end of the stream.
    func readLine() -> Data? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                return Data(line)
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { return nil }
            pending.append(chunk)
        }
    }

    /// What the process said before it stopped answering: Python's own last lines.
    func failure(_ what: String) -> String {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let said = errorLog.text
        let summary = PdfRenderer.summary(of: said, status: process.terminationStatus)
        return "\(what)：\(summary)"
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        // Never asked to render: no need to wait for it to finish loading.
        if !ready, broken == nil, process.isRunning { process.terminate() }
        if broken == nil { process.waitUntilExit() }
        // Foundation can report the process ended while Python is still tearing down, without reaping it;
        // gongkai would then exit first and the renderer be ended by its parent-death signal. Reaping it
        // here waits for the real end (and counts its CPU time as gongkai's children's).
        var status: Int32 = 0
        while waitpid(process.processIdentifier, &status, 0) < 0 && errno == EINTR {}
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

/// The last 64 KB a renderer process wrote to standard error, filled from the pipe's reading thread.
private final class ErrorLog: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) {
        data.withLock { data in
            data.append(chunk)
            if data.count > 65_536 { data.removeFirst(data.count - 65_536) }
        }
    }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
