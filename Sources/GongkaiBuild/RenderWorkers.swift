import Foundation
import GongkaiUtils
import Synchronization

/// The renderer processes of one `gongkai pdf` run: `renderer/render.py` started once per core (never more
/// than there are PDFs to make), each loading Python, WeasyPrint and the fonts once and then rendering
/// one request after another, which it reads as a JSON line on standard input and answers with a JSON
/// line on standard output. Each process takes the next request as soon as it is free, so the long jobs
/// and the many short posters spread over the cores by themselves. The processes stay for the run's
/// later batches (the catalogue's front and its joining wait for the body parts) until `stop`.
final class RenderWorkers: @unchecked Sendable {
    // @unchecked Sendable: `run` is called by one thread at a time; within it, thread i alone uses slot i.
    let weasyPrint: WeasyPrint
    private let slots: [Slot]

    private final class Slot: @unchecked Sendable {
        var worker: Worker?
    }

    init(weasyPrint: WeasyPrint, processes: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.weasyPrint = weasyPrint
        slots = (0..<max(1, processes)).map { _ in Slot() }
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
        var pdf: String
        var stylesheets: [String] = []
        /// Posters: the smallest density class to step down to, from the one the build chose.
        var smallest: Int? = nil
        /// Posters: the stylesheet added after the smallest density, as the last resort.
        var fit: String? = nil
        /// Merge: the parts' PDFs in order, and the running document laid over their pages.
        var parts: [String]? = nil
        var running: String? = nil
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
        var error: String?
    }

    /// Starts the processes now, so that Python and WeasyPrint load while gongkai is still working out what
    /// to render; the first request to each waits until it is ready. Processes are started from the thread
    /// that calls this or `run` (the command's own, alive until the end): render.py asks to end with the
    /// thread that started it (PR_SET_PDEATHSIG), and a pool thread may go before the run is over.
    func start(_ count: Int? = nil) {
        for slot in slots.prefix(count ?? slots.count) where slot.worker == nil {
            slot.worker = Worker(weasyPrint: weasyPrint)
        }
    }

    /// Every request answered, in the order given. A process that cannot start or dies answers each
    /// request it had or would have taken with its error; the others go on.
    func run(_ requests: [Request]) -> [Answer] {
        guard !requests.isEmpty else { return [] }
        let next = Mutex(0)
        let answers = Mutex([Answer?](repeating: nil, count: requests.count))
        start(requests.count)
        let workers = slots.prefix(requests.count).compactMap(\.worker)
        _ = Parallel.map(workers.count) { slot in
            let worker = workers[slot]
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < requests.count else { return 0 }
                let answer = worker.render(requests[index])
                answers.withLock { $0[index] = answer }
            }
        }
        return answers.withLock { $0.map { $0 ?? Answer(error: "没有渲染") } }
    }

    /// Ends the processes: their standard input closes, and each exits when it has answered.
    func stop() {
        for slot in slots {
            slot.worker?.stop()
            slot.worker = nil
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

    init(weasyPrint: WeasyPrint) {
        process.executableURL = weasyPrint.python
        process.arguments = [weasyPrint.driver.path]
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
