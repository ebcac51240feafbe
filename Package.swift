// swift-tools-version:6.0
import PackageDescription

// One target per stage of the pipeline, so the package graph enforces its direction (README 「开发」 draws
// it): model ← content, checker ← site ← build ← serve ← gongkai. A stage cannot call a later one: the
// dependency would be a cycle, which SwiftPM refuses.
let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .library(name: "Gongkai", targets: [
            "GongkaiModel", "GongkaiContent", "GongkaiChecker", "GongkaiSite", "GongkaiBuild", "GongkaiServe",
            "MustacheTemplates", "GongkaiImport", "GongkaiExport",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Test-only: the library the hand-written template engine replaces, run beside it on the
        // Mustache spec and on generated templates (Tests/GongkaiTests/Differential).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .systemLibrary(
            name: "CXlsxWriter",
            providers: [.apt(["libxlsxwriter-dev"]), .brew(["libxlsxwriter"])]
        ),
        // SHA-256 for the PDF manifest's content hashes.
        .systemLibrary(
            name: "CLibcrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),
        // The search for the first byte that needs escaping, shared by the template engine's HTML escaping
        // and the JSON writer; it knows nothing else.
        .target(name: "ByteScanning"),
        // The Mustache template engine: standalone, knows nothing of gongkai (its README says what it is).
        .target(name: "MustacheTemplates", dependencies: ["ByteScanning"]),
        // QR codes for versions 1–11, module for module libqrencode's, a row of modules to a word: the
        // posters' codes without libqrencode's module-by-module mask scoring (libqrencode makes the rest).
        .target(name: "QREncoder"),
        // Work spread over the cores, the JSON writer and SHA-256: used by several stages, depending on none.
        .target(name: "GongkaiUtils", dependencies: ["ByteScanning", "CLibcrypto"]),
        // Plain values: the catalogue, its matters, the site; no I/O.
        .target(name: "GongkaiModel"),
        // Reading the content folder, its diagnostics, and validating what was read.
        .target(
            name: "GongkaiContent",
            dependencies: ["GongkaiModel", "GongkaiUtils", .product(name: "Yams", package: "Yams")]
        ),
        // The 材料自查 rules, the holiday calendar and the schedule.
        .target(name: "GongkaiChecker", dependencies: ["GongkaiModel", "GongkaiUtils"]),
        // Page data and every output: pages, Markdown, print, posters, QR codes, sitemap, open data.
        .target(
            name: "GongkaiSite",
            dependencies: [
                "GongkaiModel", "GongkaiContent", "GongkaiChecker", "GongkaiUtils", "MustacheTemplates",
                "CCmark", "CQRencode", "QREncoder",
            ]
        ),
        // The pipeline (load → validate → render → write), the output writer and its safety (lock, marker,
        // atomic switch), and gongkai pdf, which writes into the output the same way.
        .target(
            name: "GongkaiBuild",
            dependencies: ["GongkaiModel", "GongkaiContent", "GongkaiSite", "GongkaiUtils"]
        ),
        // The preview server: live rebuild (watching files, rebuilding what changed) and its HTTP side
        // (connections, live reload, the error overlay) over FlyingFox's sockets.
        .target(
            name: "GongkaiServe",
            dependencies: [
                "GongkaiModel", "GongkaiContent", "GongkaiSite", "GongkaiBuild", "GongkaiUtils", "MustacheTemplates",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        // gongkai import: a station's Word catalogue read into a content folder (ZIPFoundation for the
        // container, Foundation's XMLParser for the XML, Yams to write the YAML).
        .target(
            name: "GongkaiImport",
            dependencies: [
                "GongkaiModel", "GongkaiContent",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // gongkai export: the catalogue as the Word document (WordprocessingML in a ZIPFoundation zip) and
        // the Excel 清单 (libxlsxwriter).
        .target(
            name: "GongkaiExport",
            dependencies: [
                "GongkaiModel", "GongkaiImport", "CXlsxWriter",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiModel", "GongkaiContent", "GongkaiChecker", "GongkaiSite", "GongkaiBuild", "GongkaiServe",
                "GongkaiImport", "GongkaiExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc in place of glibc's malloc: a build makes and frees millions of small objects on
            // every core (docs/performance.md, fifth round).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "GongkaiTests",
            dependencies: [
                "ByteScanning", "MustacheTemplates", "GongkaiUtils", "GongkaiModel", "GongkaiContent", "GongkaiChecker",
                "GongkaiSite", "GongkaiBuild", "GongkaiServe", "GongkaiImport", "GongkaiExport", "gongkai", "CQRencode", "QREncoder",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
