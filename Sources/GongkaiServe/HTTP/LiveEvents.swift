import FlyingFox
import FlyingSocks
import Foundation

/// The browsers showing the preview, each listening on `GET /__gongkai/events`: server-sent events, one
/// long response whose body PreviewServer streams (chunked) as events come. Server-sent events rather than a
/// WebSocket because the browser only listens: EventSource reconnects on its own, and the server needs no
/// handshake or framing — each event is a few lines of text.
// @unchecked Sendable: the clients and the standing problems are guarded by `lock`.
final class LiveEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [UUID: AsyncStream<Data>.Continuation] = [:]
    /// The content errors that stand, sent to every browser that connects until they are fixed.
    private var problems: String?

    /// A browser connects: it gets `hello` with the site's generation, then the standing errors, if any.
    /// Then `reload` with the output paths of files that changed, one a line, as they change.
    func connect(generation: String) -> HTTPResponse {
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .unbounded)
        let id = UUID()
        let problems = lock.withLock {
            clients[id] = continuation
            return self.problems
        }
        continuation.onTermination = { [weak self] _ in
            self?.lock.withLock { _ = self?.clients.removeValue(forKey: id) }
        }
        continuation.yield(Data("retry: 1000\n\n".utf8) + Self.event("hello", generation))
        if let problems { continuation.yield(Self.event("problems", problems)) }
        return HTTPResponse(statusCode: .ok, headers: Self.headers, body: HTTPBodySequence(from: EventBytes(events: stream)))
    }

    static let headers: HTTPHeaders = [.contentType: "text/event-stream; charset=utf-8", .init("Cache-Control"): "no-store"]

    /// Files changed: the pages showing them reload (`*`: every page; which also clears an error overlay).
    func reload(_ paths: [String]) {
        send(Self.event("reload", paths.joined(separator: "\n")), problems: nil)
    }

    /// The content has errors: every page shows them.
    func report(_ text: String) {
        send(Self.event("problems", text), problems: text)
    }

    /// A comment line, so connections whose browser has gone are noticed and dropped.
    func ping() {
        let clients = lock.withLock { Array(self.clients.values) }
        for client in clients { client.yield(Data(": ping\n\n".utf8)) }
    }

    /// Ends every stream (the server is stopping).
    func close() {
        let clients = lock.withLock {
            defer { self.clients = [:] }
            return Array(self.clients.values)
        }
        for client in clients { client.finish() }
    }

    private func send(_ event: Data, problems: String?) {
        let clients = lock.withLock {
            self.problems = problems
            return Array(self.clients.values)
        }
        for client in clients { client.yield(event) }
    }

    /// `event: name` and the text as `data:` lines (a line break inside the text starts a new `data:` line;
    /// EventSource joins them again with line breaks).
    static func event(_ name: String, _ text: String) -> Data {
        var event = "event: \(name)\n"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            event += "data: \(line.replacingOccurrences(of: "\r", with: ""))\n"
        }
        return Data((event + "\n").utf8)
    }
}

/// A stream of events as the bytes of a response body.
struct EventBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let events: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator {
        Iterator(events: events.makeAsyncIterator())
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<Data>.Iterator
        var pending = ArraySlice<UInt8>()

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        /// The rest of the current event, or the next event whole: each event is sent as soon as it comes.
        mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            if pending.isEmpty {
                guard let data = await events.next() else { return nil }
                pending = ArraySlice(data)
            }
            let chunk = pending.prefix(Swift.max(1, count))
            pending = pending.dropFirst(chunk.count)
            return chunk
        }
    }
}
