import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiContent

/// A bounded random-mutation fuzzer of the content loader and validator — what `gongkai lint` runs —
/// seeded with every content file of the repository. For each mutated content folder: no crash (this
/// process survives), no input over 2 s, and every diagnostic at a real place (line ≥ 1 and within the
/// file, column ≥ 1) with a message.
///
/// `swift test` runs 300 inputs. `GONGKAI_FUZZ_SECONDS=60` runs for that long instead (scripts/test.sh);
/// `GONGKAI_FUZZ_SEED` changes the first seed, and a failure prints the seed that replays it alone:
/// `GONGKAI_FUZZ_SEED=<seed> GONGKAI_FUZZ_INPUTS=1 swift test --filter ContentFuzzTests`.
@Suite(.serialized) struct ContentFuzzTests {
    struct Seed {
        /// Where the file goes in the fuzzed copy of the minimal site.
        let target: String
        let bytes: [UInt8]
    }

    static func seeds() -> [Seed] {
        let roots = [TestSupport.exampleContent, TestSupport.fixtures.appending(path: "sites/minimal"),
                     TestSupport.fixtures.appending(path: "sites/harbin")]
        var seeds: [Seed] = []
        for root in roots {
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            for case let file as URL in files.sorted(by: { ($0 as! URL).path < ($1 as! URL).path }) {
                let relative = String(file.path.dropFirst(root.path.count + 1))
                let target: String
                switch relative.split(separator: "/").first {
                case "site.yaml": target = "site.yaml"
                case "matters": target = "matters/1.1.md"
                case "policies": target = "policies/rule.md"
                case "calendar": target = relative
                default: continue
                }
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                seeds.append(Seed(target: target, bytes: Array(data)))
            }
        }
        return seeds
    }

    typealias Random = SeededGenerator

    static let tokens: [String] = [
        "&a ", "*a", "[", "]", "{", "}", "\"", "'", ": ", "- ", "\\e", "\\x07", "\\0", "\\u0085", "|-\n", ">\n",
        "---\n", "\t", " #", "!!str ", "? ", "【待填写】", "：", "——", "9223372036854775807", "\u{2028}", "\u{85}",
        "\r", "\r\n", "%YAML 1.1\n", "&a [*a, *a]", "\u{FEFF}",
        // Swift refuses noncharacters in literals.
        String(Character(Unicode.Scalar(0xFFFE)!)), String(Character(Unicode.Scalar(0x1FFFF)!)),
    ]

    static func mutate(_ input: [UInt8], _ random: inout Random, seeds: [Seed]) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(3) {
            let at = random.below(bytes.count + 1)
            switch random.below(11) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] ^= UInt8(1 << random.below(8))
            case 1:
                // Random bytes, biased to control characters and bytes of non-ASCII.
                let count = 1 + random.below(8)
                let inserted = (0..<count).map { _ -> UInt8 in
                    switch random.below(3) {
                    case 0: UInt8(random.below(0x20))
                    case 1: UInt8(0x80 + random.below(0x80))
                    default: UInt8(random.below(0x100))
                    }
                }
                bytes.insert(contentsOf: inserted, at: at)
            case 2:
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(40)))
            case 3, 4:
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                var edited = lines
                let index = random.below(lines.count)
                switch random.below(3) {
                case 0: edited.insert(lines[index], at: index)
                case 1: edited[index] = Array(repeating: 0x20, count: 1 + random.below(4)) + lines[index]
                default: edited[index] = Array(lines[index].drop(while: { $0 == 0x20 }))
                }
                bytes = Array(edited.joined(separator: [0x0A]))
            case 5, 6:
                bytes.insert(contentsOf: Array(tokens[random.below(tokens.count)].utf8), at: at)
            case 7:
                bytes.removeSubrange(at...)
            case 8:
                let other = seeds[random.below(seeds.count)].bytes
                bytes = Array(bytes[..<at]) + other[random.below(other.count + 1)...]
            case 9:
                let depth = 10 + random.below(random.below(4) == 0 ? 5000 : 60)
                let open = random.below(2) == 0 ? "[" : "{a: "
                bytes.insert(contentsOf: Array(String(repeating: open, count: depth).utf8), at: at)
            default:
                // A number made huge.
                if let digit = bytes.indices.dropFirst(at).first(where: { (0x30...0x39).contains(bytes[$0]) }) {
                    bytes.insert(contentsOf: Array("99999999999999999999".utf8), at: digit)
                }
            }
        }
        return bytes
    }

    struct Tally {
        var inputs = 0, rejected = 0, accepted = 0, slow = 0, wrongLocations = 0
    }

    /// Loads and validates `content` as `gongkai lint` does; the diagnostics, empty when it passed.
    static func lint(_ content: URL) -> [Diagnostic] {
        let options = BuildOptions(content: content, output: content.appending(path: "unused"), theme: TestSupport.defaultTheme)
        do {
            _ = try Pipeline(options: options).loadCatalogue()
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Lines as an editor counts them: "\n", "\r\n" and a lone "\r" each end one.
    static func lineCount(of path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var lines = 1
        var previous: UInt8 = 0
        for byte in data {
            if byte == 0x0A && previous != 0x0D || byte == 0x0D { lines += 1 }
            previous = byte
        }
        return lines
    }

    @Test(.timeLimit(.minutes(30))) func mutatedContentIsRefusedAtARealPlaceOrAccepted() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["GONGKAI_FUZZ_SECONDS"].flatMap(Double.init)
        let inputs = environment["GONGKAI_FUZZ_INPUTS"].flatMap(Int.init) ?? (seconds == nil ? 300 : .max)
        let firstSeed = environment["GONGKAI_FUZZ_SEED"].flatMap(UInt64.init) ?? 18
        let seeds = Self.seeds()
        #expect(seeds.count >= 20, "every content file of the repository seeds the fuzzer")
        let content = TestSupport.copy(TestSupport.minimalSite)
        defer { try? FileManager.default.removeItem(at: content) }
        let started = Date()
        var tally = Tally()
        while tally.inputs < inputs {
            if let seconds, Date().timeIntervalSince(started) >= seconds { break }
            let inputSeed = firstSeed &+ UInt64(tally.inputs)
            tally.inputs += 1
            var random = Random(state: inputSeed)
            let seed = seeds[random.below(seeds.count)]
            let mutated = Self.mutate(seed.bytes, &random, seeds: seeds)
            let target = content.appending(path: seed.target)
            let original = FileManager.default.contents(atPath: target.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(mutated).write(to: target)
            defer {
                if let original { try? original.write(to: target) } else { try? FileManager.default.removeItem(at: target) }
            }

            let begun = Date()
            let diagnostics = Self.lint(content)
            let elapsed = Date().timeIntervalSince(begun)
            if elapsed > 2 {
                tally.slow += 1
                Issue.record("seed \(inputSeed): \(seed.target) took \(elapsed) s (input kept as \(keep()))")
            }
            if diagnostics.isEmpty { tally.accepted += 1 } else { tally.rejected += 1 }
            /// A failing input is kept, so it can be looked at without replaying.
            func keep() -> String {
                let kept = FileManager.default.temporaryDirectory.appending(path: "gongkai-fuzz-\(inputSeed)-\(target.lastPathComponent)")
                try? Data(mutated).write(to: kept)
                return kept.path
            }
            for diagnostic in diagnostics {
                let lines = Self.lineCount(of: diagnostic.file)
                let placed = diagnostic.line >= 1 && diagnostic.column >= 1 && !diagnostic.message.isEmpty
                    && (lines.map { diagnostic.line <= $0 } ?? true)
                if !placed {
                    tally.wrongLocations += 1
                    Issue.record("seed \(inputSeed): \(seed.target): wrong place (file has \(lines ?? -1) lines; input kept as \(keep())):\n\(diagnostic.rendered)")
                }
            }
        }
        print("content fuzz: \(tally.inputs) inputs, \(tally.rejected) rejected, \(tally.accepted) accepted, crashes 0, slow \(tally.slow), wrong locations \(tally.wrongLocations) (first seed \(firstSeed), \(Int(Date().timeIntervalSince(started))) s)")
        #expect(tally.slow == 0)
        #expect(tally.wrongLocations == 0)
    }
}
