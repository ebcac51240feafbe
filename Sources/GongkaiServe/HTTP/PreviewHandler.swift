import FlyingFox
import Foundation


/// Answers every request of the preview from the files in memory: `/` and `/matters/1.1/` are their
/// `index.html`; a path the site lacks gets the site's 404.html with status 404. Paths may also start with
/// the path of the site's address (`/station/…` for `https://example.org/station/`), which is where the
/// 404 page takes its styles from.
struct PreviewHandler: HTTPHandler {
    let store: SiteStore
    let events: LiveEvents
    /// Changes each time `serve` starts, so that a page from an earlier run reloads when it reconnects.
    let instance: String

    /// The methods HTTP defines besides GET and HEAD (RFC 9110 §9, and PATCH): answered 405 with the
    /// methods the preview allows. Any other is one the server does not know: 501 (RFC 9110 §15.6.2).
    static let otherKnownMethods: Set<String> = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        // Methods are case-sensitive (RFC 9110 §9.1); HTTPMethod's `==` is not, so the spelling is compared.
        let method = request.method.rawValue
        guard method == "GET" || method == "HEAD" else {
            guard Self.otherKnownMethods.contains(method) else { return HTTPResponse(statusCode: .notImplemented) }
            return HTTPResponse(statusCode: .methodNotAllowed, headers: HTTPHeaders([.init("Allow"): "GET, HEAD"]))
        }
        let path = request.target.path(percentEncoded: false)
        let response: HTTPResponse
        switch path {
        case LivePage.eventsPath where method == "HEAD":
            // Only the head of the stream: connecting would register a browser that never reads.
            return HTTPResponse(statusCode: .ok, headers: LiveEvents.headers)
        case LivePage.eventsPath:
            return events.connect(generation: generation(store.generation))
        case LivePage.scriptPath:
            response = Self.response(.ok, type: "text/javascript; charset=utf-8", body: Data(LivePage.script.utf8))
        default:
            response = file(at: path)
        }
        guard method == "HEAD" else { return response }
        return HTTPResponse(statusCode: response.statusCode, headers: response.headers)
    }

    private func file(at path: String) -> HTTPResponse {
        switch Self.resolve(path, basePath: store.basePath, has: { store.file($0) != nil }) {
        case .file(let output):
            if let (contents, generation) = store.fileAndGeneration(output) {
                return page(output, contents, generation: generation, status: .ok)
            }
        case .redirect(let location):
            return HTTPResponse(
                statusCode: .found, headers: HTTPHeaders([.location: location, .init("Cache-Control"): "no-store"]))
        case .notFound:
            break
        }
        // The 404 page reloads when the file it stands for appears.
        let missing = Self.outputPath(for: path)
        if let (contents, generation) = store.fileAndGeneration("404.html") {
            return page("404.html", contents, generation: generation, status: .notFound, showing: missing)
        }
        return page("404.html", LivePage.fallback, generation: store.generation, status: .notFound, showing: "*")
    }

    private func page(
        _ output: String, _ contents: Data, generation: Int, status: HTTPStatusCode, showing: String? = nil
    ) -> HTTPResponse {
        let type = Self.contentType(of: output)
        let body = type.hasPrefix("text/html")
            ? LivePage.html(contents, path: showing ?? output, generation: self.generation(generation)) : contents
        return Self.response(status, type: type, body: body)
    }

    private func generation(_ number: Int) -> String { "\(instance)-\(number)" }

    private static func response(_ status: HTTPStatusCode, type: String, body: Data) -> HTTPResponse {
        HTTPResponse(
            statusCode: status,
            headers: [.contentType: type, .init("Cache-Control"): "no-store", .init("X-Content-Type-Options"): "nosniff"],
            body: body)
    }

    enum Resolution: Equatable {
        case file(String)
        case redirect(String)
        case notFound
    }

    /// The output path a URL path would name (`/matters/9.9/` → `matters/9.9/index.html`).
    static func outputPath(for path: String) -> String {
        let relative = String(path.drop { $0 == "/" })
        return relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative
    }

    /// Which output file a URL path names.
    static func resolve(_ path: String, basePath: String, has: (String) -> Bool) -> Resolution {
        guard path.hasPrefix("/"), !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            return .notFound
        }
        var candidates = [String(path.dropFirst())]
        if basePath != "/", path.hasPrefix(basePath) {
            candidates.append(String(path.dropFirst(basePath.count)))
        }
        for relative in candidates {
            let output = relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative
            if has(output) { return .file(output) }
            if !relative.isEmpty, !relative.hasSuffix("/"), has(relative + "/index.html") {
                let location = (path + "/").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path + "/"
                return .redirect(location)
            }
        }
        return .notFound
    }

    static func contentType(of path: String) -> String {
        let ending = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ending {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "svg": return "image/svg+xml; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        default: return "application/octet-stream"
        }
    }
}
