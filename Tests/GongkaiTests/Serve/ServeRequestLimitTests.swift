import Foundation
import Synchronization
import Testing

/// `gongkai serve` against requests no browser sends: huge heads are refused at once (414, 431) without
/// slowing anyone else, every method gets the answer HTTP prescribes, and HEAD never streams.
@Suite struct ServeRequestLimitTests {
    typealias Server = ServeCommandTests.Server

    static func startServer() throws -> Server {
        let content = TestSupport.copy(TestSupport.exampleContent)
        let server = try Server(["--content", content.path, "--theme", TestSupport.defaultTheme.path, "--port", "0"])
        try server.waitForAddress()
        return server
    }

    static let hugeRequestLine = Array("GET /\(String(repeating: "a", count: 160_000)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    static let hugeHeaders = Array(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + (0..<1600).map { "X-Filler-\($0): \(String(repeating: "b", count: 80))\r\n" }.joined() + "\r\n").utf8)

    /// 160 KB of request line: 414 at once, and a page asked for while two such requests are in flight
    /// answers promptly (before: each took seconds of CPU, quadratic in the line's length).
    @Test func aHugeRequestLineIsRefusedWithoutDelayingOthers() throws {
        let server = try Self.startServer()
        let huge = DispatchGroup()
        let statuses = Mutex<[Int]>([])
        for _ in 0..<2 {
            DispatchQueue.global().async(group: huge) {
                let status = (try? HTTPTestClient.exchange(Self.hugeRequestLine, port: server.port, timeout: .seconds(5)))?.status ?? -1
                statuses.withLock { $0.append(status) }
            }
        }
        let start = ContinuousClock.now
        let page = try HTTPTestClient.exchange(
            Array("GET /matters/2.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8), port: server.port)
        let took = ContinuousClock.now - start
        #expect(page.status == 200)
        #expect(took < .seconds(2), "a normal page took \(took) beside two huge requests")
        #expect(huge.wait(timeout: .now() + 10) == .success)
        #expect(statuses.withLock { $0 } == [414, 414])
        let refused = try HTTPTestClient.exchange(Self.hugeRequestLine, port: server.port)
        #expect(refused.status == 414)
        #expect(refused.headers["connection"] == "close")
        #expect(refused.text.contains("请求行太长"))
        #expect(try server.get("/").status == 200)
    }

    /// 160 KB of header fields (and one 20 KB field): 431, then the connection ends.
    @Test func hugeHeadersAreRefused() throws {
        let server = try Self.startServer()
        #expect(try HTTPTestClient.exchange(Self.hugeHeaders, port: server.port).status == 431)
        let oneBigField = Array("GET / HTTP/1.1\r\nX-Big: \(String(repeating: "c", count: 20_000))\r\n\r\n".utf8)
        let refused = try HTTPTestClient.exchange(oneBigField, port: server.port)
        #expect(refused.status == 431)
        #expect(refused.text.contains("请求头太大"))
        #expect(try server.get("/").status == 200)
    }

    /// HEAD of the event stream: its head only, and the connection ends (before: the stream's body,
    /// endlessly).
    @Test func headOfTheEventStreamHasNoBody() throws {
        let server = try Self.startServer()
        let head = try HTTPTestClient.exchange(
            Array("HEAD /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8), port: server.port)
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "text/event-stream; charset=utf-8")
        #expect(head.body.isEmpty, "\(head.text)")
        // A page's HEAD too.
        let page = try HTTPTestClient.exchange(
            Array("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8), port: server.port)
        #expect(page.status == 200 && page.body.isEmpty)
    }

    /// Methods HTTP defines get 405 with what is allowed; others 501; methods are case-sensitive.
    @Test func methodsOtherThanGetAndHead() throws {
        let server = try Self.startServer()
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
            let answer = try HTTPTestClient.exchange(
                Array("\(method) / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc".utf8),
                port: server.port)
            #expect(answer.status == 405, "\(method)")
            #expect(answer.headers["allow"] == "GET, HEAD", "\(method)")
        }
        for method in ["FOO", "get", "PROPFIND"] {
            let answer = try HTTPTestClient.exchange(
                Array("\(method) / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8), port: server.port)
            #expect(answer.status == 501, "\(method)")
        }
        // A refused request's body does not end a kept-alive connection: the next request is answered.
        let connection = try HTTPTestClient(port: server.port)
        try connection.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")
        let refused = try connection.read(until: "\r\n\r\n")
        #expect(refused.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n") && refused.contains("Allow: GET, HEAD\r\n"))
        #expect(try connection.get("/matters/2.1/").status == 200)
    }

    /// What is not HTTP/1.x at all: 400, then the connection ends.
    @Test func malformedRequestsAreBadRequests() throws {
        let server = try Self.startServer()
        for request in ["GET /\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n", "GET / SPDY/3\r\n\r\n",
                        "GET / HTTP/1.1\r\nNo colon here\r\n\r\n", "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
                        "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"] {
            #expect(try HTTPTestClient.exchange(Array(request.utf8), port: server.port).status == 400, "\(request)")
        }
        #expect(try server.get("/").status == 200)
    }
}
