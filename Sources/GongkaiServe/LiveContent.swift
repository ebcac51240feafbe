import Foundation
import GongkaiModel
import GongkaiContent
import GongkaiUtils

/// A content folder as loaded, kept file by file so that one matter file can be read again alone while the
/// others stay as they were. Assembled, it is exactly what `ContentLoader` reads from the same files:
/// the same matters and the same problems in the same order, so validating it reports what a build would.
///
/// The assembled form is kept up to date as files are read again, not rebuilt: a matter file read again
/// replaces one element, so a 10,000-matter site costs one file's work per save.
package struct LiveContent {
    struct MatterFile {
        var loaded: (matter: Matter, origin: MatterLoader.Origin)?
        /// This file's problems as the loader reported them.
        package var problems: [Diagnostic]
    }

    let loader: ContentLoader
    /// Problems reported before the matters (site.yaml's), and after them (policies, calendar).
    private let leadingProblems: [Diagnostic]
    private let trailingProblems: [Diagnostic]
    /// Matter files by name (`1.1.md`); `names` sorted, the order in which `ContentLoader` reads them.
    private var files: [String: MatterFile]
    private(set) var names: [String]
    /// What `ContentLoader.load` would return; `positions` says where each file's matter is in it.
    private(set) var assembled: LoadedContent
    private var positions: [String: Int] = [:]
    /// `CatalogueValidator.ownProblems` of each matter of `assembled`, kept so that a save re-checks one file.
    private(set) var ownProblems: [[Diagnostic]] = []

    /// Reads the whole folder with `ContentLoader`, then sorts what it read by file.
    init(folder: URL, allowEmpty: Bool = false, builtInCalendars: URL? = nil) throws(DiagnosticList) {
        loader = ContentLoader(folder: folder, allowEmpty: allowEmpty, builtInCalendars: builtInCalendars)
        let content = try loader.load()
        let names = content.matterNames
        var byDisplayPath: [String: String] = [:]
        for name in names { byDisplayPath[loader.display("matters/\(name)")] = name }
        var files = Dictionary(uniqueKeysWithValues: names.map { ($0, MatterFile(loaded: nil, problems: [])) })
        for loaded in content.matters {
            guard let name = byDisplayPath[loaded.origin.file.path] else { continue }
            files[name]?.loaded = loaded
        }
        let sitePath = loader.display("site.yaml")
        var leading: [Diagnostic] = []
        var trailing: [Diagnostic] = []
        for problem in content.problems {
            if let name = byDisplayPath[problem.file] {
                files[name]?.problems.append(problem)
            } else if problem.file == sitePath {
                leading.append(problem)
            } else {
                trailing.append(problem)
            }
        }
        self.leadingProblems = leading
        self.trailingProblems = trailing
        self.files = files
        self.names = names
        self.assembled = content
        reassemble()
    }

    /// The matter read from a file (`1.1.md`), if it was read without problems.
    func matter(inFile name: String) -> Matter? {
        files[name]?.loaded?.matter
    }

    /// The 序号 of each file's matter, for the files whose matter was read.
    var numbersByFile: [String: String] {
        var numbers: [String: String] = [:]
        for name in names { numbers[name] = matter(inFile: name)?.number }
        return numbers
    }

    /// The matter of a file that was read without problems and passes its own checks; nil otherwise.
    func cleanMatter(inFile name: String) -> Matter? {
        guard let file = files[name], file.problems.isEmpty, let loaded = file.loaded, let position = positions[name],
              ownProblems[position].isEmpty else { return nil }
        return loaded.matter
    }

    /// Reads one matter file again (`name` like `1.1.md`); a file that is gone leaves the catalogue.
    mutating func reloadMatter(named name: String) {
        let old = files[name]
        let url = loader.folder.appending(path: "matters/\(name)")
        var new: MatterFile?
        if FileManager.default.fileExists(atPath: url.path) {
            let (loaded, problems) = loader.loadMatter(named: name, site: assembled.site)
            new = MatterFile(loaded: loaded, problems: problems)
        }
        files[name] = new
        switch (old, new) {
        case (nil, nil):
            return
        case (nil, _?):
            names.insert(name, at: Self.insertionIndex(of: name, in: names))
        case (_?, nil):
            names.remove(at: Self.insertionIndex(of: name, in: names))
        case (_?, _?):
            break
        }
        let problemsChanged = !(old?.problems.isEmpty ?? true) || !(new?.problems.isEmpty ?? true)
        if let position = positions[name], let loaded = new?.loaded, !problemsChanged {
            assembled.matters[position] = loaded  // the common case: one matter edited, before and after good
            ownProblems[position] = CatalogueValidator().ownProblems(loaded.matter, loaded.origin)
        } else {
            reassemble()
        }
    }

    /// Builds `assembled` anew from the files.
    private mutating func reassemble() {
        var matters: [(matter: Matter, origin: MatterLoader.Origin)] = []
        matters.reserveCapacity(names.count)
        var problems = leadingProblems
        positions = [:]
        for name in names {
            guard let file = files[name] else { continue }
            if let loaded = file.loaded {
                positions[name] = matters.count
                matters.append(loaded)
            }
            problems += file.problems
        }
        assembled.matters = matters
        assembled.problems = problems + trailingProblems
        ownProblems = Parallel.map(matters.count) { CatalogueValidator().ownProblems(matters[$0].matter, matters[$0].origin) }
    }

    /// The display path of a file of the folder, as diagnostics show it (`content/matters/1.1.md`).
    func display(_ relative: String) -> String {
        loader.display(relative)
    }

    /// Where `name` is, or goes, in the sorted `names`.
    private static func insertionIndex(of name: String, in names: [String]) -> Int {
        var low = 0, high = names.count
        while low < high {
            let middle = (low + high) / 2
            if names[middle] < name { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
