/// The site's base address (site.yaml's 网址, `--base-url`): every page link, the sitemap and the 404
/// page's links are this text with a path appended, so it must be a clean absolute http(s) address —
/// scheme, host, optional port, a path — and nothing a browser would read differently: `//evil.example/`
/// after the host is a link to another site, a query or fragment breaks every appended path.
package enum BaseURL {
    package static let example = "https://www.example.gov.cn/gongkai/"

    /// The address ending in `/`, or what is wrong with it (a short Chinese phrase).
    package static func normalized(_ text: String) -> Result<String, Problem> {
        if let problem = problem(in: text) { return .failure(problem) }
        return .success(text.hasSuffix("/") ? text : text + "/")
    }

    package struct Problem: Error, Equatable {
        package let reason: String
    }

    private static func problem(in text: String) -> Problem? {
        let lower = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else {
            return Problem(reason: "应以 http:// 或 https:// 开头")
        }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return Problem(reason: "不能有空格或控制字符")
        }
        for (character, what) in [("?", "查询（?…）"), ("#", "片段（#…）"), ("\\", "反斜杠“\\”"), ("\"", "引号"), ("<", "“<”"), (">", "“>”")]
        where text.contains(character) {
            return Problem(reason: "不能带\(what)")
        }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix(while: { $0 != "/" })
        if authority.contains("@") { return Problem(reason: "不能带用户名或密码（…@）") }
        if let reason = hostProblem(authority) { return Problem(reason: reason) }
        let path = rest.dropFirst(authority.count)
        // "/a/b/" splits into "", "a", "b", "": only the first and the last may be empty.
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in zip(segments.indices, segments) {
            if segment.isEmpty, index != segments.indices.last { return Problem(reason: "路径里不能有空的一段（“//”）") }
            if segment == "." || segment == ".." { return Problem(reason: "路径里不能有“.”或“..”") }
            if let reason = percentProblem(segment) { return Problem(reason: reason) }
        }
        return nil
    }

    /// A host name (letters, digits, `-`, `.`; or any non-ASCII letter, as written in Chinese domain names)
    /// or a bracketed IPv6 address, with an optional `:port`.
    private static func hostProblem(_ authority: Substring) -> String? {
        var host = authority
        let hostEnd = authority.first == "[" ? authority.firstIndex(of: "]").map(authority.index(after:)) : nil
        if authority.first == "[" {
            guard let hostEnd, authority[authority.index(after: authority.startIndex)..<authority.index(before: hostEnd)]
                .allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }), hostEnd > authority.index(authority.startIndex, offsetBy: 2)
            else { return "主机名「\(authority)」不对" }
        }
        if let colon = authority[(hostEnd ?? authority.startIndex)...].lastIndex(of: ":") {
            host = authority[..<colon]
            let port = authority[authority.index(after: colon)...]
            guard port.isASCIIDigits, port.utf8.count <= 5, let number = Int(port), (1...65535).contains(number) else {
                return "端口应为 1—65535 的数字"
            }
        }
        guard !host.isEmpty else { return "缺少主机名" }
        if host.first == "[" { return host.last == "]" ? nil : "主机名「\(host)」不对" }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.first != "-", label.last != "-",
                  label.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" })
            else { return "主机名「\(host)」不对" }
        }
        return nil
    }

    /// A `%` must start an escape of two hex digits.
    private static func percentProblem(_ segment: Substring) -> String? {
        var index = segment.startIndex
        while let percent = segment[index...].firstIndex(of: "%") {
            let digits = segment[segment.index(after: percent)...].prefix(2)
            guard digits.count == 2, digits.allSatisfy(\.isHexDigit) else { return "“%”后应是两位十六进制数" }
            index = digits.endIndex
        }
        return nil
    }
}
