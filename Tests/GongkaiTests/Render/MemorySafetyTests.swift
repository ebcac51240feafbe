import Foundation
import Testing
@testable import ByteScanning
@testable import GongkaiSite
@testable import GongkaiUtils
@testable import MustacheTemplates
#if canImport(Glibc)
import Glibc
#endif

/// The engine's hand-managed memory is owned by exactly one value that frees it: no copyable type owns
/// malloc'd memory, no reference is `unowned(unsafe)`, and every `@unchecked Sendable` says why it is safe.
@Suite struct MemorySafetyTests {
    #if canImport(Glibc)
    /// Memory the allocator holds for the process: the test binary links mimalloc (as gongkai does), whose
    /// `mi_process_info` reports what it has committed; with glibc's malloc, the bytes in mmapped blocks
    /// (every allocation of 32 MB and more is one). Nil if neither can be read.
    static func allocatorBytes() -> Int? {
        typealias ProcessInfo = @convention(c) (
            UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?,
            UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?
        ) -> Void
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mi_process_info") {
            var committed = 0
            unsafeBitCast(symbol, to: ProcessInfo.self)(nil, nil, nil, nil, nil, &committed, nil, nil)
            return committed
        }
        return mmappedBytes()
    }

    static func mmappedBytes() -> Int? {
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info") else { return nil }
        let mallocInfo = unsafeBitCast(symbol, to: MallocInfo.self)
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        _ = mallocInfo(0, stream)
        fclose(stream)
        guard let buffer else { return nil }
        defer { free(buffer) }
        // The last `<total type="mmap" … size="…"/>` is the process's, after the per-arena ones.
        let report = String(cString: buffer)
        guard let line = report.split(separator: "\n").last(where: { $0.contains("<total type=\"mmap\"") }),
              let match = line.firstMatch(of: /size="(\d+)"/) else { return nil }
        return Int(match.output.1)
    }

    /// A page buffer dropped before it is handed over (a render abandoned half way) frees its memory: fifty
    /// buffers of 64 MB, dropped, leave the allocator's memory about where it was. (When the buffer was a
    /// copyable struct with no deinit, each one leaked.)
    @Test func pageBytesDroppedWithoutHandingOverAreFreed() throws {
        let before = try #require(Self.allocatorBytes())
        for _ in 0..<50 {
            var page = PageBytes(capacity: 64 << 20)
            page.append(utf8: "<p>")
            #expect(page.count == 3)
        }
        let grown = try #require(Self.allocatorBytes()) - before
        // Other tests may hold a large block meanwhile; 3.2 GB leaked is far beyond that.
        #expect(grown < 1 << 30, "the allocator's memory grew by \(grown >> 20) MB")
    }
    #endif

    /// The engine's and the QR code's sources, which replace libraries with hand-written code.
    static let infrastructureSources: [URL] = {
        let sources = TestSupport.packageRoot.appending(path: "Sources")
        let folder = sources.appending(path: "MustacheTemplates")
        let engine = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return engine + [
            "GongkaiUtils/JSONWriter.swift", "ByteScanning/ByteScan.swift",
            "GongkaiSite/Print/QRCode.swift", "GongkaiSite/Print/QRCodeSVG.swift",
        ].map { sources.appending(path: $0) }
    }()

    @Test func noUnownedUnsafeReferences() throws {
        let sources = TestSupport.packageRoot.appending(path: "Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var checked = 0
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("unowned(unsafe)"), "\(file.lastPathComponent)")
            checked += 1
        }
        #expect(checked > 50)
    }

    /// Each `@unchecked Sendable` in these files has a `// @unchecked Sendable: why` line right above it.
    @Test func everyUncheckedSendableSaysWhy() throws {
        #expect(Self.infrastructureSources.count > 8)
        var found = 0
        for file in Self.infrastructureSources where file.pathExtension == "swift" {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.contains("@unchecked Sendable") && !line.contains("//") {
                found += 1
                let above = index > 0 ? lines[index - 1].trimmingCharacters(in: .whitespaces) : ""
                #expect(above.hasPrefix("// @unchecked Sendable: ") && above.count > 40,
                        "\(file.lastPathComponent):\(index + 1) has no reason above it")
            }
        }
        #expect(found >= 4)
    }
}
