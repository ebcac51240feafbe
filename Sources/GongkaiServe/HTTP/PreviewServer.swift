import FlyingFox
import FlyingSocks
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The preview's HTTP/1.1 server on 127.0.0.1: FlyingFox's sockets, requests, responses and bodies, with
/// our own connection loop. FlyingFox's `HTTPServer` reads a request's lines with no size limit, in time
/// that grows with the square of a line's length (a 160 KB request line: 9.5 s of CPU in a release build),
/// and offers no option or hook to read the head another way; and it answers 404 itself for a method it
/// does not know, before the handler sees it. Here `RequestHeadReader` reads each head in one pass within
/// 16 KB, every method reaches `PreviewHandler`, and a head past the limits is answered 414 or 431 and the
/// connection closed.
final class PreviewServer: Sendable {
    /// A request body bigger than this (the preview reads none) closes the connection instead of being
    /// read and dropped.
    static let skippedBodyLimit = 64 * 1024
    /// How long a request's head may take to arrive, counted from the end of the previous answer (so also
    /// how long a kept-alive connection may stay idle; browsers open a new one when it is closed).
    static let headTimeout: Duration = .seconds(15)

    private let listener: Socket
    private let handler: PreviewHandler
    let port: UInt16

    /// Binds and listens at once, so that a port in use is known before anything is built.
    init(port: UInt16, handler: PreviewHandler) throws {
        let socket = try Socket(domain: AF_INET)
        do {
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: sockaddr_in.inet(ip4: "127.0.0.1", port: port))
            try socket.listen()
            guard case .ip4(_, let bound) = try socket.sockname() else { throw SocketError.unsupportedAddress }
            self.port = bound
        } catch {
            try? socket.close()
            throw error
        }
        Self.setNoDelay(socket)
        self.listener = socket
        self.handler = handler
    }

    /// Accepts connections until `stop()` (or cancellation).
    func run() async throws {
        let pool = HTTPServer.defaultPool()
        try await pool.prepare()
        let listening = try AsyncSocket(socket: listener, pool: pool)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    for try await client in listening.sockets {
                        connections.addTask { await self.serve(client) }
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func stop() {
        try? listener.close()
    }

    /// One connection: requests one after another (kept alive, as HTTP/1.1 does by default) until the
    /// client closes it, asks to, or sends something the preview refuses.
    private func serve(_ client: AsyncSocket) async {
        defer { try? client.close() }
        var reader = RequestHeadReader()
        do {
            while true {
                var outcome = reader.next()
                let deadline = ContinuousClock.now + Self.headTimeout
                while outcome == .needMore {
                    guard let bytes = try await Self.read(client, before: deadline) else { return }
                    reader.append(bytes)
                    outcome = reader.next()
                }
                guard case .head(let head) = outcome else {
                    if case .rejected(let rejection) = outcome { try await refuse(rejection, to: client) }
                    return
                }
                guard let body = Self.bodyLength(head) else {
                    try await refuse(.malformed, to: client)
                    return
                }
                // A body is read and dropped (the preview serves GET and HEAD), unless it is big or
                // chunked: then the connection closes after the answer.
                let closing = !Self.keepsAlive(head) || body > Self.skippedBodyLimit
                var missing = reader.skip(body)
                while !closing, missing > 0 {
                    missing -= try await client.read(atMost: min(missing, 4096)).count
                }
                let response = await answer(head)
                try await send(response, to: client, headersOnly: head.method == "HEAD", closing: closing)
                if closing {
                    if missing > 0 { await lingeringClose(client) }
                    return
                }
            }
        } catch {
            return  // the client went away, or a write failed: nothing left to tell it
        }
    }

    /// The next bytes from the client, or nil once `deadline` has passed: a client that keeps a connection
    /// idle, or sends its head a byte at a time, does not hold it (and its file descriptor) for ever.
    private static func read(_ client: AsyncSocket, before deadline: ContinuousClock.Instant) async throws -> [UInt8]? {
        try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask { try await client.read(atMost: 4096) }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// Answers a request the preview will not read, and closes.
    private func refuse(_ rejection: RequestHeadReader.Rejection, to client: AsyncSocket) async throws {
        try await send(Self.refusal(rejection), to: client, headersOnly: false, closing: true)
        await lingeringClose(client)
    }

    /// Closes the way servers do after an answer to a request not read to its end (Apache's "lingering
    /// close"): the rest of what the client sends is read and dropped for a bounded time, since closing
    /// with unread bytes resets the connection, which can discard the answer before the client reads it.
    private func lingeringClose(_ client: AsyncSocket) async {
        shutdown(client.socket.file.rawValue, Int32(SHUT_WR))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var dropped = 0
                while dropped < Self.lingerLimit, let bytes = try? await client.read(atMost: 4096) {
                    dropped += bytes.count
                }
            }
            group.addTask { try? await Task.sleep(for: .seconds(2)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// At most this much is read and dropped after a refusal.
    static let lingerLimit = 1024 * 1024

    private func answer(_ head: RequestHead) async -> HTTPResponse {
        let parts = head.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers = HTTPHeaders()
        for field in head.fields { headers.addValue(field.value, for: HTTPHeader(field.name)) }
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: head.method), version: HTTPVersion(rawValue: head.version),
            target: .init(path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : ""),
            headers: headers, body: HTTPBodySequence())
        do {
            return try await handler.handleRequest(request)
        } catch {
            return HTTPResponse(statusCode: .internalServerError)
        }
    }

    /// The head and, unless `headersOnly` (HEAD), the body: one write when its length is known (so the
    /// body never waits for the client's ACK of the head), else chunk by chunk as it comes (the events).
    private func send(
        _ response: HTTPResponse, to client: AsyncSocket, headersOnly: Bool, closing: Bool
    ) async throws {
        var headers = response.headers
        guard case .httpBody(let body) = response.payload else { return }  // no WebSockets here
        if let count = body.count {
            if headers[.contentLength] == nil { headers[.contentLength] = String(count) }
        } else {
            headers[.transferEncoding] = "chunked"  // HTTPBodySequence(from:) encodes the chunks
        }
        if closing { headers[.connection] = "close" }
        var head = "HTTP/1.1 \(response.statusCode.code) \(response.statusCode.phrase)\r\n"
        // In order of name, as FlyingFox writes them: the same answer is the same bytes.
        for (name, value) in headers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            head += "\(name.rawValue): \(value)\r\n"
        }
        var data = Data((head + "\r\n").utf8)
        if headersOnly {
            try await client.write(data)
        } else if body.count != nil {
            for try await chunk in body { data.append(chunk) }
            try await client.write(data)
        } else {
            try await client.write(data)
            for try await chunk in body { try await client.write(chunk) }
        }
    }

    /// Whether the connection stays open after this request (RFC 9112 §9.3).
    private static func keepsAlive(_ head: RequestHead) -> Bool {
        let tokens = (head.value(of: "Connection") ?? "").lowercased()
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return head.version == "HTTP/1.1" ? !tokens.contains("close") : tokens.contains("keep-alive")
    }

    /// The length of the request's body, `Int.max` if chunked (read to its end, it has no bound), nil if
    /// its framing is invalid (RFC 9112 §6.3: an answer, then the connection closes).
    private static func bodyLength(_ head: RequestHead) -> Int? {
        let lengths = head.fields.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        let chunked = head.value(of: "Transfer-Encoding") != nil
        if chunked { return lengths.isEmpty ? Int.max : nil }
        guard let length = lengths.first else { return 0 }
        guard Set(lengths).count == 1, !length.isEmpty, length.utf8.count <= 18, length.utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        return Int(length)
    }

    private static func refusal(_ rejection: RequestHeadReader.Rejection) -> HTTPResponse {
        let (status, text): (HTTPStatusCode, String) = switch rejection {
        case .requestLineTooLong:
            (HTTPStatusCode(414, phrase: "URI Too Long"), "请求行太长：最多 \(RequestHeadReader.requestLineLimit) 字节。")
        case .headTooLarge:
            (HTTPStatusCode(431, phrase: "Request Header Fields Too Large"),
             "请求头太大：请求行和各个头字段合计最多 \(RequestHeadReader.headLimit) 字节。")
        case .malformed:
            (.badRequest, "不是有效的 HTTP/1.1 请求。")
        }
        return HTTPResponse(
            statusCode: status, headers: [.contentType: "text/plain; charset=utf-8"], body: Data((text + "\n").utf8))
    }

    /// Turns off Nagle's algorithm on the listening socket, which on Linux the connections it accepts
    /// inherit: an event written after a pause must not wait for the browser's delayed ACK (up to 40 ms).
    private static func setNoDelay(_ socket: Socket) {
        var on: Int32 = 1
        setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }
}
