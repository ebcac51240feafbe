import Foundation
import MustacheTemplates

/// What `serve` adds to the HTML it serves — never to the files a build writes: a script that reloads the
/// page after a rebuild and shows content errors over it, and a Content-Security-Policy that lets the
/// page load that script and listen for events from the server it came from.
enum LivePage {
    static let scriptPath = "/__gongkai/live.js"
    static let eventsPath = "/__gongkai/events"

    /// The page with the script before `</body>` and its Content-Security-Policy opened to the server.
    /// - Parameters:
    ///   - path: the output path the page shows (`matters/1.1/index.html`): the script reloads the page
    ///     when that file changes.
    ///   - generation: the site's generation when the page was read; the script reloads the page when the
    ///     server has a newer one by the time it connects.
    static func html(_ page: Data, path: String, generation: String) -> Data {
        var html = String(decoding: page, as: UTF8.self)
        html = allowingLiveReload(html)
        let tag = "<script src=\"\(scriptPath)\" data-path=\"\(HTMLEscape.escaped(path))\" data-generation=\"\(generation)\"></script>\n"
        if let body = html.range(of: "</body>", options: [.backwards, .caseInsensitive]) {
            html.insert(contentsOf: tag, at: body.lowerBound)
        } else {
            html += tag
        }
        return Data(html.utf8)
    }

    /// The page's `<meta http-equiv="Content-Security-Policy">` with `connect-src 'self'` (the event
    /// stream) and `'self'` in script-src (the script); other directives as they were.
    static func allowingLiveReload(_ html: String) -> String {
        guard let marker = html.range(of: "http-equiv=\"Content-Security-Policy\"", options: .caseInsensitive),
              let open = html.range(of: "<meta", options: [.backwards, .caseInsensitive], range: html.startIndex..<marker.lowerBound),
              let close = html.range(of: ">", range: marker.upperBound..<html.endIndex)
        else { return html }
        let tag = html[open.lowerBound..<close.upperBound]
        guard let start = tag.range(of: "content=\"", options: .caseInsensitive),
              let end = tag.range(of: "\"", range: start.upperBound..<tag.endIndex)
        else { return html }
        let policy = decodeAttribute(String(tag[start.upperBound..<end.lowerBound]))
        var directives = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var hasConnect = false
        for (index, directive) in directives.enumerated() {
            let name = directive.split(separator: " ").first.map(String.init)?.lowercased() ?? ""
            if name == "connect-src" {
                directives[index] = "connect-src 'self'"
                hasConnect = true
            } else if name == "script-src", !directive.contains("'self'") {
                directives[index] = directive + " 'self'"
            }
        }
        if !hasConnect { directives.append("connect-src 'self'") }
        var result = html
        result.replaceSubrange(start.upperBound..<end.lowerBound, with: HTMLEscape.escaped(directives.joined(separator: "; ")))
        return result
    }

    private static func decodeAttribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }


    /// A page for when the site has no 404.html (nothing was made yet: the content has errors).
    static let fallback = Data("""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">
        <title>还没有网站</title>
        </head>
        <body>
        <h1>还没有生成网站</h1>
        <p>内容或主题有错误（见终端）。改正并保存后，这一页会自动刷新。</p>
        </body>
        </html>

        """.utf8)

    /// Listens to the server's events: `hello` (on connecting: reload if the page is older than the site),
    /// `reload` (files changed, one path a line, `*` for all: reload if this page's file is one of them) and
    /// `problems` (content errors, shown over the page until they are fixed).
    /// The overlay's text goes in with textContent, so it is never read as HTML; styles are set through
    /// the DOM, which the pages' style-src 'self' allows.
    static let script = #"""
        // gongkai serve: reloads the page after a rebuild and shows content errors over it.
        (function () {
          "use strict";
          var script = document.currentScript;
          var generation = script && script.getAttribute("data-generation");
          var path = script && script.getAttribute("data-path");
          var overlay = null;

          function show(text) {
            if (!overlay) {
              overlay = document.createElement("div");
              overlay.setAttribute("role", "alert");
              overlay.setAttribute("aria-live", "assertive");
              overlay.setAttribute("lang", "zh-CN");
              Object.assign(overlay.style, {
                position: "fixed", top: "0", right: "0", bottom: "0", left: "0", zIndex: "2147483647",
                overflow: "auto", background: "#000", color: "#fff", padding: "1.5rem", margin: "0",
                fontSize: "1.25rem", lineHeight: "1.6", boxSizing: "border-box"
              });
              var heading = document.createElement("h2");
              heading.textContent = "内容有错误，网站没有更新";
              Object.assign(heading.style, { color: "#ffeb3b", fontSize: "1.75rem", margin: "0 0 0.5rem" });
              var note = document.createElement("p");
              note.textContent = "下面是 gongkai 的报告（与终端里相同）。改正并保存后，这一页会自动刷新。按 Esc 暂时关闭。";
              Object.assign(note.style, { margin: "0 0 1rem", color: "#fff" });
              var pre = document.createElement("pre");
              Object.assign(pre.style, {
                whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontFamily: "ui-monospace, monospace",
                fontSize: "1.25rem", color: "#fff", background: "#000", margin: "0"
              });
              overlay.append(heading, note, pre);
            }
            overlay.lastChild.textContent = text;
            if (!overlay.isConnected) document.body.appendChild(overlay);
          }

          var events = new EventSource("/__gongkai/events");
          events.addEventListener("hello", function (event) {
            if (generation !== null && event.data !== generation) location.reload();
          });
          events.addEventListener("reload", function (event) {
            var paths = event.data.split("\n");
            if (paths.indexOf("*") >= 0 || paths.indexOf(path) >= 0) location.reload();
          });
          events.addEventListener("problems", function (event) { show(event.data); });
          document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && overlay) overlay.remove();  // to look at the page; comes back with the next report
          });
        })();

        """#
}
