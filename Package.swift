// swift-tools-version:6.1
import Foundation
import PackageDescription

/// deploy/fuzz.sh builds with libFuzzer's flags, which SwiftPM also gives the build-time
/// tools; FileEmbedder cannot link with them, so the fuzz build leaves VanortDomain's
/// catalogues out (the request parser it fuzzes needs none; choices keep their keys).
let fuzzing = ProcessInfo.processInfo.environment["VANORT_FUZZ_BUILD"] != nil

let package = Package(
    name: "vanort",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vanortd", targets: ["vanortd"]),
        .executable(name: "vanortctl", targets: ["vanortctl"]),
        .executable(name: "vanort-bench", targets: ["VanortBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.19.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // The web face: HTTP (without swift-configuration: vanortd's settings are its own),
        // server-rendered templates, and bcrypt for passwords.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // libpq, as the system provides it.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // glibc's allocator settings (`mallopt`), for the daemon's large replies.
        .systemLibrary(name: "CMalloc"),
        // A thin, parameterised-only Swift layer over libpq: connections, pool, decoding, errors.
        .target(
            name: "VanortPostgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")]
        ),
        // The register's value types and their validation. No I/O.
        .target(
            name: "VanortDomain", swiftSettings: fuzzing ? [.define("WITHOUT_CATALOGUES")] : [],
            plugins: fuzzing ? [] : ["EmbedFiles"]),
        // All SQL: migrations and the queries behind every command.
        .target(
            name: "VanortStore",
            dependencies: ["VanortPostgres", "VanortDomain", .product(name: "Logging", package: "swift-log")],
            plugins: ["EmbedFiles"]
        ),
        // The admin socket's request grammar and reply formats, shared by daemon and client.
        .target(name: "VanortProtocol", dependencies: ["VanortDomain"]),
        // Reminder scheduling (one Dispatch timer, LISTEN/NOTIFY) and the delivery channels.
        .target(
            name: "VanortReminders",
            dependencies: [
                "VanortStore", "VanortProtocol", "VanortDomain", "VanortPostgres",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon: configuration, socket server, sessions, command dispatch.
        .target(
            name: "VanortDaemon",
            dependencies: [
                "VanortStore", "VanortProtocol", "VanortDomain", "VanortPostgres", "VanortReminders", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // The web face's templates, embedded at build time (EmbedFiles).
            exclude: ["Web/Templates"],
            plugins: ["EmbedFiles"]
        ),
        // The client side of the admin socket and vanortctl's output formats.
        .target(
            name: "VanortClient",
            dependencies: [
                "VanortProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "vanortd",
            dependencies: [
                "VanortDaemon", "VanortDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "vanortctl",
            dependencies: [
                "VanortClient", "VanortProtocol", "VanortDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The libFuzzer target for the request parser and command decoder (deploy/fuzz.sh);
        // a normal build replays corpus files through the same checks.
        .executableTarget(name: "VanortFuzz", dependencies: ["VanortProtocol", "VanortDomain"]),
        // The benchmark harness (docs/benchmarks.md): figures next to their baselines, one run.
        .executableTarget(
            name: "VanortBench",
            dependencies: [
                "VanortClient", "VanortDaemon", "VanortPostgres", "VanortStore", "VanortTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-time tool and plugin that embed sql/*.sql into VanortStore and the message
        // catalogues catalogue/*.txt into VanortDomain.
        .executableTarget(name: "FileEmbedder"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["FileEmbedder"]),

        // Helpers for the tests: throwaway databases, the spare cluster, daemon processes.
        .target(
            name: "VanortTestSupport",
            dependencies: [
                "VanortPostgres", "VanortClient", "VanortProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ]
        ),

        // Unit tests: pure functions and the state machines that decide (sessions, routing,
        // scheduling, planning), in-process, with no PostgreSQL, socket or sleep
        // (`deploy/test.sh --unit`). End-to-end tests: real PostgreSQL, real daemons.
        .testTarget(name: "VanortProtocolUnitTests", dependencies: ["VanortProtocol", "VanortTestSupport"]),
        .testTarget(name: "VanortDomainUnitTests", dependencies: ["VanortDomain"]),
        .testTarget(name: "VanortClientUnitTests", dependencies: ["VanortClient", "VanortProtocol"]),
        .testTarget(name: "VanortStoreUnitTests", dependencies: ["VanortStore", "VanortDomain", "VanortPostgres"]),
        .testTarget(name: "VanortRemindersUnitTests", dependencies: ["VanortReminders", "VanortStore", "VanortDomain"]),
        .testTarget(
            name: "VanortDaemonUnitTests",
            dependencies: ["VanortDaemon", "VanortProtocol", "VanortDomain", "VanortPostgres", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "VanortPostgresEndToEndTests", dependencies: ["VanortPostgres", "VanortTestSupport"]),
        .testTarget(
            name: "VanortStoreEndToEndTests", dependencies: ["VanortStore", "VanortPostgres", "VanortDomain", "VanortTestSupport"]),
        .testTarget(
            name: "VanortRemindersEndToEndTests",
            dependencies: ["VanortReminders", "VanortStore", "VanortDomain", "VanortPostgres", "VanortTestSupport"]
        ),
        .testTarget(
            name: "VanortDaemonEndToEndTests",
            dependencies: ["VanortDaemon", "VanortClient", "VanortProtocol", "VanortPostgres", "VanortTestSupport"],
            // The browser flow the web face's test runs (Python, selenium).
            exclude: ["Browser"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Strict settings for every Swift target, as swift-log and hummingbird keep them: an
// existential is always spelled `any P`.
for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
}
