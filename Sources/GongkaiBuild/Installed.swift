import Foundation

/// What comes with gongkai besides the program — the default theme, the national holiday calendars — found
/// beside the running executable, so `gongkai build` works from any folder: in an installed layout
/// (`<prefix>/bin/gongkai` and `<prefix>/share/gongkai/…`) or where `swift build` left it
/// (`<repository>/.build/<platform>/<release|debug>/gongkai`, the repository three folders up).
public enum Installed {
    public static func folder(_ relative: String) -> URL? {
        Bundle.main.executableURL.flatMap { folder(relative, besideExecutable: $0) }
    }

    /// `relative` beside the executable at `executable` (links resolved), in either layout.
    static func folder(_ relative: String, besideExecutable executable: URL) -> URL? {
        let bin = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            bin.appending(path: "../share/gongkai").appending(path: relative),
            bin.appending(path: "../../..").appending(path: relative),
        ]
        return candidates.map(\.standardizedFileURL).first { url in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }

    /// The national holiday calendars (`calendars/<年>.yaml`), which a content folder's calendar/ extends.
    public static var calendars: URL? { folder("calendars") }
}
