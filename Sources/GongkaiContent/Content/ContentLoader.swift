import Foundation
import GongkaiModel
import GongkaiUtils

/// Content as read from disk: the model plus where each cross-referenced value was written, so the
/// validator can point at it.
package struct LoadedContent {
    package var site: Site
    var siteOrigin: SiteLoader.Origin
    package var matters: [(matter: Matter, origin: MatterLoader.Origin)]
    /// The matter files read (`1.1.md`), in the order read; a file whose matter could not be read is here too.
    package var matterNames: [String]
    var policies: [Policy]
    var calendar: HolidayCalendar
    /// Problems of files that could not be read; the validator still checks the rest, so one run
    /// reports every problem it can find.
    package var problems: [Diagnostic]
}

/// The load stage: reads site.yaml, every matter and every policy of a content folder.
public struct ContentLoader {
    public let folder: URL
    /// Shown in diagnostics in place of the folder's absolute path, e.g. `content`.
    public let displayPrefix: String
    /// Whether a catalogue without matters is wanted (`--allow-empty`); otherwise it is an error.
    public let allowEmpty: Bool

    /// The national holiday calendars that come with gongkai (`calendars/<年>.yaml`); a year the content's
    /// own calendar/ holds replaces gongkai's.
    let builtInCalendars: URL?

    public init(folder: URL, displayPrefix: String? = nil, allowEmpty: Bool = false, builtInCalendars: URL? = nil) {
        self.folder = folder.standardizedFileURL
        self.displayPrefix = displayPrefix ?? folder.relativePath
        self.allowEmpty = allowEmpty
        self.builtInCalendars = builtInCalendars
    }

    package func load() throws(DiagnosticList) -> LoadedContent {
        let log = ProblemLog()
        let siteSource: SourceFile
        do {
            siteSource = try SourceFile.read(folder.appending(path: "site.yaml"), displayPath: display("site.yaml"))
        } catch {
            // Only a missing file is "not found": a folder, a FIFO or a file in another encoding named
            // site.yaml is reported as what it is.
            guard SourceFile.isMissing(folder.appending(path: "site.yaml")) else { throw DiagnosticList([error]) }
            throw DiagnosticList([Diagnostic(
                file: display("site.yaml"), line: 1, column: 1, field: "",
                message: "找不到 site.yaml（内容文件夹：\(Diagnostic.displayable(folder.path))）",
                hint: "用 --content 指定内容文件夹，或在其中写 site.yaml（见 README 的“内容格式”）")])
        }
        guard let (site, siteOrigin) = SiteLoader(log: log).load(siteSource) else {
            throw DiagnosticList(log.diagnostics)
        }
        // Matters are read and parsed on all cores, each with its own log; the logs are joined in file
        // order so diagnostics come out the same however the work was spread.
        let names = markdownFiles(in: "matters")
        if let problem = emptyCatalogueProblem(names) { log.add(problem) }
        var parsed = Parallel.map(names.count) { loadMatter(named: names[$0], site: site) }
        // Labelled as `LoadedContent` labels them: an array of unlabelled pairs would be converted, a copy
        // of every matter, when it is stored there.
        var matters: [(matter: Matter, origin: MatterLoader.Origin)] = []
        matters.reserveCapacity(parsed.count)
        for index in parsed.indices {
            parsed[index].problems.forEach(log.add)
            // Moved out, not copied: a copy of a matter and its origin retains some fifty objects, and
            // freeing the originals releases them again, on one thread, for every matter of the site.
            var loaded: (Matter, MatterLoader.Origin)? = nil
            swap(&loaded, &parsed[index].loaded)
            if let loaded { matters.append(loaded) }
        }
        let policyLoader = PolicyLoader(log: log)
        var policies: [Policy] = []
        var fileOfSlug: [String: String] = [:]
        for name in markdownFiles(in: "policies") {
            guard let source = read("policies/\(name)", log: log) else { continue }
            guard let policy = policyLoader.load(source, slug: String(name.dropLast(3))) else { continue }
            // A pinyin or 网址名 address can meet another file's: two pages cannot share one.
            if let other = fileOfSlug[policy.slug] {
                log.add(source.diagnostic(
                    line: 1, column: 1, field: "", message: "网址 policies/\(policy.slug)/ 与 \(other) 的相同",
                    hint: "在其中一个文件的字段区写另一个 网址名，例如 网址名: \(policy.slug)-2"))
                continue
            }
            fileOfSlug[policy.slug] = name
            policies.append(policy)
        }
        let ownCalendars = files(in: "calendar", ending: ".yaml")
        var calendarSources = ownCalendars.compactMap { read("calendar/\($0)", log: log) }
        if let builtIn = builtInCalendars {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: builtIn.path)) ?? [])
                .filter { Self.reads($0, ending: ".yaml") && !ownCalendars.contains($0) }.sorted()
            for name in names {
                do {
                    let file = builtIn.appending(path: name)
                    calendarSources.append(try SourceFile.read(file, displayPath: file.path))
                } catch {
                    log.add(error)
                }
            }
        }
        let calendar = CalendarLoader(log: log).load(calendarSources)
        return LoadedContent(
            site: site, siteOrigin: siteOrigin, matters: matters, matterNames: names, policies: policies,
            calendar: calendar, problems: log.diagnostics)
    }

    /// One matter file (`1.1.md`) read and parsed alone, with the problems found in it. `serve` reads a
    /// saved file again through this, so it reads exactly what a build reads.
    package func loadMatter(named name: String, site: Site) -> (loaded: (Matter, MatterLoader.Origin)?, problems: [Diagnostic]) {
        let log = ProblemLog()
        let loaded = read("matters/\(name)", log: log).flatMap { MatterLoader(site: site, log: log).load($0) }
        return (loaded, log.diagnostics)
    }

    /// Why there are no matters to build, when that is an error: a build would replace the published site
    /// with an empty one (a mistyped --content, a folder moved away). `matters` being a file is always one.
    private func emptyCatalogueProblem(_ names: [String]) -> Diagnostic? {
        let shown = display("matters")
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder.appending(path: "matters").path, isDirectory: &isFolder)
        let allowHint = "；确实要生成没有事项的网站，加 --allow-empty"
        let message: String
        let hint: String
        if exists, !isFolder.boolValue {
            message = "没有找到任何事项：\(shown) 是一个文件"
            hint = "\(shown) 应是文件夹，每个事项一个 .md 文件（如 1.1.md）"
        } else if allowEmpty || !names.isEmpty {
            return nil
        } else if !exists {
            message = "没有找到任何事项：\(shown)/ 不存在"
            hint = "检查 --content 是否指向内容文件夹，或用 gongkai new matter 新建事项" + allowHint
        } else {
            message = "没有找到任何事项：\(shown)/ 里没有 .md 文件"
            hint = "每个事项一个 .md 文件（如 1.1.md），可用 gongkai new matter 新建" + allowHint
        }
        return Diagnostic(file: shown, line: 1, column: 1, field: "", message: message, hint: hint)
    }

    /// Whether a file of a content subfolder is one the loader reads: its ending, and not hidden.
    package static func reads(_ name: String, ending: String) -> Bool {
        name.hasSuffix(ending) && !name.hasPrefix(".")
    }

    /// The path diagnostics show for a file of the folder (`content/matters/1.1.md`).
    package func display(_ relative: String) -> String {
        displayPrefix.isEmpty || displayPrefix == "." ? relative : "\(displayPrefix)/\(relative)"
    }

    private func markdownFiles(in subfolder: String) -> [String] {
        files(in: subfolder, ending: ".md")
    }

    /// Files of a subfolder with an ending, sorted by name so that every run reads them in the same order.
    private func files(in subfolder: String, ending: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appending(path: subfolder).path)) ?? []
        return names.filter { Self.reads($0, ending: ending) }.sorted()
    }

    private func read(_ relative: String, log: ProblemLog) -> SourceFile? {
        do {
            return try SourceFile.read(folder.appending(path: relative), displayPath: display(relative))
        } catch {
            log.add(error)
            return nil
        }
    }
}
