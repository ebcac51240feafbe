/// The head of one HTTP/1.1 request (request line and header fields), as `gongkai serve` reads it.
public struct RequestHead: Equatable, Sendable {
    public struct Field: Equatable, Sendable {
        public var name: String
        public var value: String
    }

    public var method: String
    public var target: String
    public var version: String
    public var fields: [Field]

    /// The value of the first field of that name (names compare without case, as HTTP says).
    public func value(of name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Reads request heads from the bytes of a connection as they arrive, in one pass over each byte and
/// within fixed limits, so that no request can cost the preview more than a few kilobytes and microseconds.
/// (FlyingFox's own reader takes time quadratic in a line's length, with no limit: a long request line
/// cost seconds of CPU.) What follows a head (a body, the next request) stays in the buffer.
public struct RequestHeadReader: Sendable {
    /// Limits as common servers set them (Apache: 8190 bytes a line; nginx: 8 KB buffers). The request
    /// line is counted without its line break, the head with all of them.
    public static let requestLineLimit = 8 * 1024
    public static let headLimit = 16 * 1024

    public enum Outcome: Equatable, Sendable {
        /// The head is not complete yet: append more bytes.
        case needMore
        case head(RequestHead)
        /// Answer with this and close the connection.
        case rejected(Rejection)
    }

    public enum Rejection: Equatable, Sendable {
        /// 414 URI Too Long.
        case requestLineTooLong
        /// 431 Request Header Fields Too Large.
        case headTooLarge
        /// 400 Bad Request: not an HTTP/1.x request line, or a header line without a name.
        case malformed
    }

    private var buffer: [UInt8] = []
    /// Where the head being read starts (after blank lines before it, which HTTP lets a server ignore).
    private var headStart = 0
    /// Where the line being scanned starts; everything before `scanned` has been looked at once.
    private var lineStart = 0
    private var scanned = 0
    /// Where the request line ends (its `\n`), once it has.
    private var requestLineEnd: Int?

    public init() {}

    /// Bytes that have arrived and not yet been taken by `next()` or `skip(_:)`.
    public var buffered: Int { buffer.count }

    public mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// The next request head, if its bytes are all there. Each byte is scanned once, however the bytes
    /// arrive.
    public mutating func next() -> Outcome {
        while scanned < buffer.count {
            let byte = buffer[scanned]
            scanned += 1
            guard byte == UInt8(ascii: "\n") else { continue }
            let lineEnd = scanned - 1
            let isBlank = lineEnd == lineStart || (lineEnd == lineStart + 1 && buffer[lineStart] == UInt8(ascii: "\r"))
            lineStart = scanned
            if requestLineEnd == nil {
                if isBlank {
                    headStart = scanned  // a blank line before the request line
                } else if Self.length(of: buffer[headStart..<lineEnd]) > Self.requestLineLimit {
                    return .rejected(.requestLineTooLong)
                } else {
                    requestLineEnd = lineEnd
                }
            } else if isBlank {
                if scanned - headStart > Self.headLimit { return .rejected(.headTooLarge) }
                let outcome = parseHead(upTo: scanned)
                buffer.removeFirst(scanned)
                headStart = 0
                lineStart = 0
                scanned = 0
                requestLineEnd = nil
                return outcome
            }
        }
        // (+ 1: the line's `\r` may have come without its `\n` yet.)
        if requestLineEnd == nil, buffer.count - headStart > Self.requestLineLimit + 1 { return .rejected(.requestLineTooLong) }
        if buffer.count - headStart > Self.headLimit { return .rejected(.headTooLarge) }
        return .needMore
    }

    /// Drops up to `count` buffered bytes (a request body the preview does not read); returns how many of
    /// them had not arrived yet.
    public mutating func skip(_ count: Int) -> Int {
        precondition(scanned == 0, "skip only between requests")
        let dropped = min(count, buffer.count)
        buffer.removeFirst(dropped)
        return count - dropped
    }

    private func parseHead(upTo end: Int) -> Outcome {
        guard let requestLineEnd else { return .rejected(.malformed) }
        let requestLine = Self.line(buffer[headStart..<requestLineEnd])
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, Self.isToken(parts[0]), !parts[1].isEmpty,
              parts[1].allSatisfy({ $0 > 0x20 && $0 != 0x7F }),
              parts[2].starts(with: Self.versionPrefix), parts[2].count == 8
        else { return .rejected(.malformed) }
        var fields: [RequestHead.Field] = []
        var start = requestLineEnd + 1
        while start < end {
            var stop = start
            while buffer[stop] != UInt8(ascii: "\n") { stop += 1 }
            let line = Self.line(buffer[start..<stop])
            start = stop + 1
            if line.isEmpty { break }
            // No space before the colon and no folded lines (RFC 9112 §5.1, §5.2): both are refused.
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), Self.isToken(line[..<colon]) else {
                return .rejected(.malformed)
            }
            let value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
            let trimmed = value.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
            fields.append(.init(name: Self.text(line[..<colon]), value: Self.text(trimmed)))
        }
        return .head(RequestHead(
            method: Self.text(parts[0]), target: Self.text(parts[1]), version: Self.text(parts[2]), fields: fields))
    }

    /// A line's length without its `\r`.
    private static func length(of line: ArraySlice<UInt8>) -> Int { Self.line(line).count }

    /// A line without its `\r`.
    private static func line(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
    }

    private static let tokenSymbols = Array("!#$%&'*+-.^_`|~".utf8)
    private static let versionPrefix = Array("HTTP/1.".utf8)

    /// RFC 9110 §5.6.2 token: a method or a field name.
    private static func isToken(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return tokenSymbols.contains(byte)
            }
        }
    }

    private static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
