// swift-tools-version: 6.1
// Huitong (汇通): a plugin-based data-integration hub for the civil-air-defence office.
// Dependencies are Foundation plus two C libraries (libcurl, libyaml) reached through
// system-library targets; no Swift packages. See docs/ARCHITECTURE.md for the module map.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Huitong",
    products: [
        .executable(name: "huitong", targets: ["huitong"]),
    ],
    targets: [
        // C at the edge: only HuitongTransport imports CLibCurl, only HuitongYAML imports CLibYAML.
        .systemLibrary(
            name: "CLibCurl",
            path: "Sources/CLibCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibYAML",
            path: "Sources/CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        .target(name: "HuitongCore", swiftSettings: strict),
        .target(name: "HuitongYAML", dependencies: ["HuitongCore", "CLibYAML"], swiftSettings: strict),
        .target(name: "HuitongMapping", dependencies: ["HuitongCore", "HuitongYAML"], swiftSettings: strict),
        .target(
            name: "HuitongAdapters",
            dependencies: ["HuitongCore", "HuitongTransport"],
            swiftSettings: strict
        ),
        .target(name: "HuitongTransport", dependencies: ["HuitongCore", "CLibCurl"], swiftSettings: strict),
        // Platform profiles (YAML) and the one generic connector that speaks them.
        .target(
            name: "HuitongPlatforms",
            dependencies: ["HuitongCore", "HuitongYAML", "HuitongTransport"],
            swiftSettings: strict
        ),
        // The exchange ledger: hash-chained manifests with the datasets exchanged.
        .target(name: "HuitongLedger", dependencies: ["HuitongCore"], swiftSettings: strict),
        // Configuration, jobs, staging, delta sync and the run that ties the parts together.
        .target(
            name: "HuitongHub",
            dependencies: [
                "HuitongCore", "HuitongYAML", "HuitongMapping", "HuitongAdapters", "HuitongTransport",
                "HuitongPlatforms", "HuitongLedger",
            ],
            swiftSettings: strict
        ),
        // The small HTTP/1.1 server behind the sandbox platforms, test servers and status endpoint.
        .target(name: "HuitongHTTPServer", swiftSettings: strict),
        // Stand-ins for the province and city platforms and the facilities API, written from the
        // contracts alone: never import HuitongMapping or HuitongPlatforms here.
        .target(
            name: "HuitongSandbox",
            dependencies: ["HuitongCore", "HuitongYAML", "HuitongHTTPServer"],
            swiftSettings: strict
        ),
        .target(
            name: "HuitongCLI",
            dependencies: [
                "HuitongCore", "HuitongYAML", "HuitongMapping", "HuitongAdapters", "HuitongTransport",
                "HuitongPlatforms", "HuitongLedger", "HuitongHub", "HuitongSandbox", "HuitongHTTPServer",
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "huitong", dependencies: ["HuitongCLI"], swiftSettings: strict),

        .target(
            name: "HuitongTestSupport",
            dependencies: ["HuitongCore", "HuitongHTTPServer", "HuitongMapping", "HuitongAdapters", "HuitongSandbox"],
            path: "Sources/HuitongTestSupport",
            swiftSettings: strict
        ),

        .testTarget(
            name: "HuitongCoreTests",
            dependencies: ["HuitongCore", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongYAMLTests",
            dependencies: ["HuitongYAML", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongMappingTests",
            dependencies: ["HuitongMapping", "HuitongAdapters", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongAdaptersTests",
            dependencies: ["HuitongAdapters", "HuitongHTTPServer", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongTransportTests",
            dependencies: ["HuitongTransport", "HuitongHTTPServer", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongHTTPServerTests",
            dependencies: ["HuitongHTTPServer", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongSandboxTests",
            dependencies: ["HuitongSandbox", "HuitongHTTPServer", "HuitongTransport", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongPlatformsTests",
            dependencies: [
                "HuitongPlatforms", "HuitongMapping", "HuitongAdapters", "HuitongSandbox", "HuitongHTTPServer",
                "HuitongTransport", "HuitongTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongHubTests",
            dependencies: [
                "HuitongHub", "HuitongPlatforms", "HuitongMapping", "HuitongAdapters", "HuitongLedger", "HuitongSandbox",
                "HuitongTestSupport", "HuitongTransport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongLedgerTests",
            dependencies: ["HuitongLedger", "HuitongTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HuitongCLITests",
            dependencies: ["HuitongCLI", "HuitongSandbox", "HuitongTestSupport"],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "HuitongBenchmarks",
            dependencies: ["HuitongCore", "HuitongMapping", "HuitongAdapters", "HuitongPlatforms", "HuitongTransport", "HuitongHub", "HuitongLedger"],
            path: "Benchmarks/HuitongBenchmarks",
            swiftSettings: strict
        ),
    ]
)
