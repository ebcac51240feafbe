import Foundation
import GongkaiContent
import GongkaiSite

/// What changed files mean for the site: nothing, some matters, or everything.
enum SourceChange: Equatable {
    case none
    /// Matter files by name (`1.1.md`): each is read again alone.
    case matters(Set<String>)
    /// site.yaml, a policy, the calendar, the theme, or a folder: everything is read and made again.
    case everything
}

/// Sorts changed paths (absolute, as the file watcher reports them) by what `ContentLoader` and
/// `Theme.load` read: files they never read change nothing.
struct SourceChanges {
    let content: String
    let themes: [String]

    init(content: URL, themes: [URL]) {
        self.content = content.standardizedFileURL.path
        self.themes = themes.map(\.standardizedFileURL.path)
    }

    func classify(_ paths: [String]) -> SourceChange {
        var matters = Set<String>()
        for path in paths {
            switch classify(path) {
            case .none: continue
            case .everything: return .everything
            case .matters(let names): matters.formUnion(names)
            }
        }
        return matters.isEmpty ? .none : .matters(matters)
    }

    /// The paths of `paths` that change something, for the log.
    func relevant(_ paths: [String]) -> [String] {
        paths.filter { classify($0) != .none }
    }

    private func classify(_ path: String) -> SourceChange {
        if themes.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return .everything }
        if path == content { return .everything }
        guard path.hasPrefix(content + "/") else { return .none }
        let relative = String(path.dropFirst(content.count + 1))
        let parts = relative.split(separator: "/", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count > 1 ? parts[1] : nil) {
        case ("site.yaml", nil), ("matters", nil), ("policies", nil), ("calendar", nil):
            return .everything
        case ("matters", let name?):
            return Self.isRead(name, ending: ".md") ? .matters([name]) : .none
        case ("policies", let name?):
            return Self.isRead(name, ending: ".md") ? .everything : .none
        case ("calendar", let name?):
            return Self.isRead(name, ending: ".yaml") ? .everything : .none
        default:
            return .none
        }
    }

    /// A file directly in the subfolder (not in a folder below it) that `ContentLoader` reads.
    private static func isRead(_ name: String, ending: String) -> Bool {
        !name.contains("/") && ContentLoader.reads(name, ending: ending)
    }
}
