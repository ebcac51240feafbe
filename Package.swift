// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
        .library(name: "Gongkai", targets: ["Gongkai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
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
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),
        .target(
            name: "Gongkai",
            dependencies: [
                "CCmark",
                "CQRencode",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "Gongkai",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            // mimalloc in place of glibc's malloc: a build makes and frees millions of small objects on
            // every core (docs/performance.md, fifth round).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "GongkaiTests",
            dependencies: [
                "Gongkai", "gongkai", "CQRencode",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
