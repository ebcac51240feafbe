import Testing
@testable import GongkaiServe

/// The request head reader on its own: the bytes in any pieces, limits at their edges.
@Suite struct RequestHeadReaderTests {
    static func read(_ text: String, pieceSize: Int = .max) -> RequestHeadReader.Outcome {
        var reader = RequestHeadReader()
        var outcome = RequestHeadReader.Outcome.needMore
        for start in stride(from: 0, to: text.utf8.count, by: min(pieceSize, text.utf8.count)) {
            reader.append(Array(text.utf8.dropFirst(start).prefix(pieceSize)))
            outcome = reader.next()
            if outcome != .needMore { break }
        }
        return outcome
    }

    @Test func readsAHeadInAnyPieces() {
        let request = "\r\nGET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept:  text/html \t\r\nX-Empty:\n\r\n"
        let expected = RequestHead(method: "GET", target: "/a?b=1", version: "HTTP/1.1", fields: [
            .init(name: "Host", value: "x"), .init(name: "Accept", value: "text/html"), .init(name: "X-Empty", value: ""),
        ])
        for size in [1, 2, 7, 1000] { #expect(Self.read(request, pieceSize: size) == .head(expected), "pieces of \(size)") }
        #expect(expected.value(of: "accept") == "text/html")
    }

    @Test func limitsAtTheirEdges() {
        let line = { (length: Int) in "GET /\(String(repeating: "a", count: length - 14)) HTTP/1.1" }
        #expect(line(100).utf8.count == 100)
        if case .head = Self.read(line(RequestHeadReader.requestLineLimit) + "\r\n\r\n") {} else { Issue.record("at the limit") }
        #expect(Self.read(line(RequestHeadReader.requestLineLimit + 1) + "\r\n\r\n") == .rejected(.requestLineTooLong))
        // Refused as soon as the limit is passed, without waiting for the line's end.
        #expect(Self.read(line(RequestHeadReader.requestLineLimit + 100)) == .rejected(.requestLineTooLong))
        let fields = (0..<200).map { "X-\($0): \(String(repeating: "v", count: 80))\r\n" }.joined()
        #expect(Self.read("GET / HTTP/1.1\r\n" + fields + "\r\n", pieceSize: 512) == .rejected(.headTooLarge))
        #expect(Self.read("GET / HTTP/1.1\r\n" + fields, pieceSize: 512) == .rejected(.headTooLarge))
    }

    @Test func keepsWhatFollowsAHead() {
        var reader = RequestHeadReader()
        reader.append(Array("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /next HTTP/1.1\r\n\r\n".utf8))
        guard case .head(let first) = reader.next() else { Issue.record("no first head"); return }
        #expect(first.method == "POST")
        #expect(reader.skip(3) == 0)
        guard case .head(let second) = reader.next() else { Issue.record("no second head"); return }
        #expect(second.target == "/next")
        #expect(reader.next() == .needMore)
        #expect(reader.buffered == 0)
        #expect(reader.skip(10) == 10)
    }

    @Test func refusesWhatIsNotHTTP() {
        for request in ["GET\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n",
                        "GET /\u{7F} HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\n: x\r\n\r\n"] {
            #expect(Self.read(request) == .rejected(.malformed), "\(request.debugDescription)")
        }
    }
}
