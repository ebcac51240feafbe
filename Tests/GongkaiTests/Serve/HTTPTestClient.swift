import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 client on a socket, for the preview server's tests: one request per connection, and a
/// reader for an event stream that waits for a given text.
final class HTTPTestClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let socket: Int32
    private var received = Data()

    init(port: UInt16, timeout: TimeInterval = 2) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ClientError("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw ClientError("connect to port \(port)")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// One GET on a new connection, read to its end (the server closes it: `Connection: close`).
    static func get(_ path: String, port: UInt16) throws -> Response {
        let client = try HTTPTestClient(port: port)
        try client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        while try client.receive() {}
        return try client.parse()
    }

    /// One GET on this connection, kept alive: the response is read to its Content-Length.
    func get(_ path: String) throws -> Response {
        received = Data()
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        while true {
            if let end = received.firstRange(of: Data("\r\n\r\n".utf8)) {
                let response = try parse()
                if let length = response.headers["content-length"].flatMap(Int.init),
                   received.count - end.upperBound >= length {
                    return response
                }
            }
            guard try receive() else { throw ClientError("connection closed") }
        }
    }

    func send(_ request: String) throws {
        try send(Array(request.utf8))
    }

    /// MSG_NOSIGNAL: a server that closed the connection is an error here, not a SIGPIPE that ends the tests.
    func send(_ bytes: [UInt8]) throws {
        guard bytes.withUnsafeBytes({ Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count
        else { throw ClientError("send: \(errno)") }
    }

    /// Any request, as bytes, on a new connection; the answer read until the server closes the connection,
    /// which it must do within `timeout`.
    static func exchange(_ request: [UInt8], port: UInt16, timeout: Duration = .seconds(2)) throws -> Response {
        let client = try HTTPTestClient(port: port, timeout: 0.2)
        try client.send(request)
        try client.readToEnd(timeout: timeout)
        return try client.parse()
    }

    /// Reads until the server closes the connection, or throws after `timeout`.
    func readToEnd(timeout: Duration = .seconds(2)) throws {
        let deadline = ContinuousClock.now + timeout
        while try receive() {
            guard ContinuousClock.now < deadline else {
                throw ClientError("the connection is still open after \(timeout): \(String(decoding: received.prefix(300), as: UTF8.self))")
            }
        }
    }

    /// Reads until `text` has arrived (`times` times in all), or throws after `timeout`; returns everything
    /// received so far.
    func read(until text: String, times: Int = 1, timeout: Duration = .seconds(2)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while String(decoding: received, as: UTF8.self).ranges(of: text).count < times {
            guard ContinuousClock.now < deadline, try receive() else {
                throw ClientError("no «\(text)» in: \(String(decoding: received, as: UTF8.self))")
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// One read; false at the end of the stream.
    private func receive() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return true }
            throw ClientError("recv: \(errno)")
        }
        received.append(contentsOf: buffer[0..<count])
        return count > 0
    }

    func parse() throws -> Response {
        guard let end = received.firstRange(of: Data("\r\n\r\n".utf8)) else { throw ClientError("no header") }
        let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: Data(received[end.upperBound...]))
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
