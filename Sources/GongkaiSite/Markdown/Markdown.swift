import CCmark
import Foundation

/// Markdown to HTML through libcmark in its default safe mode: raw HTML is replaced by a comment and
/// `javascript:`, `vbscript:`, `file:` and non-image `data:` links are dropped, so content cannot inject markup.
public enum Markdown {
    public static func html(_ markdown: String) -> String {
        var bytes = Array(markdown.utf8)
        bytes.append(0)
        guard let rendered = bytes.withUnsafeBufferPointer({ buffer -> UnsafeMutablePointer<CChar>? in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                cmark_markdown_to_html(text, buffer.count - 1, CMARK_OPT_DEFAULT)
            }
        }) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// For one-line fields (a 责任事项 item): the HTML without the `<p>` cmark wraps a lone paragraph in.
    public static func inlineHTML(_ markdown: String) -> String {
        let html = Self.html(markdown).trimmingSuffix("\n")
        let open = "<p>", close = "</p>"
        if html.hasPrefix(open), html.hasSuffix(close),
           html.dropFirst(open.count).dropLast(close.count).range(of: open) == nil {
            return String(html.dropFirst(open.count).dropLast(close.count))
        }
        return html
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var result = self
        while result.hasSuffix(suffix) { result.removeLast(suffix.count) }
        return result
    }
}
