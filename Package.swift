// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Skiff",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "skiff", targets: ["skiff"]),
        .executable(name: "skiff-shim", targets: ["SkiffShim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // libzmq from the system (Debian: libzmq3-dev). Not found through pkg-config on purpose:
        // Debian's libzmq.pc adds -isystem flags (Kerberos, PGM) that SwiftPM rejects with a
        // warning on every build; the header and library sit on the default paths anyway.
        .systemLibrary(name: "CZeroMQ"),
        .target(
            name: "ZeroMQ",
            dependencies: [
                "CZeroMQ",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "Bus",
            dependencies: [
                "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "EventLog", exclude: ["README.md"]),
        // The object model, selectors, quantities, validation and patches: pure, no I/O.
        .target(name: "Resources"),
        // What every component uses to reach the API server: requests, replies, cluster events.
        .target(
            name: "Client",
            dependencies: ["Bus", "Resources", .product(name: "Logging", package: "swift-log"),
                           .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(
            name: "Store",
            dependencies: [
                "Bus",
                "EventLog",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Master/Store"
        ),
        // libyaml from the system (Debian: libyaml-dev): YAML request bodies become JSON at the edge.
        .systemLibrary(name: "CYAML"),
        // YAML → JSON (go-yaml's scalar rules): request bodies at the gateway, compose files.
        .target(name: "YAML", dependencies: ["CYAML", "Resources"]),
        // The Kubernetes REST face: pure routing/negotiation core plus a Hummingbird shell.
        .target(
            name: "Gateway",
            dependencies: [
                "Bus", "Client", "Resources", "YAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Master/Gateway"
        ),
        // The container runtime's RPC contract (SKIFF-CRI/1), shared by `skiff runtime` and the kubelet.
        // IPv4 addresses and ranges as numbers, shared by the master's and the node's address code.
        .target(name: "Addresses", path: "Sources/Addresses"),
        .target(name: "RuntimeAPI", dependencies: ["Addresses"], path: "Sources/Node/RuntimeAPI"),
        // `skiff kubelet`: a pure pod lifecycle core (Core/) and its shell over the API server and runtime (Shell/).
        .target(
            name: "Kubelet",
            dependencies: [
                "Bus", "Client", "Resources", "RuntimeAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Node/Kubelet"
        ),
        // `skiff proxy`: pure catalog, balancer and plans (Core/) and the SwiftNIO data path (Shell/).
        .target(
            name: "Proxy",
            dependencies: [
                "Addresses", "Client", "Resources",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Node/Proxy",
            exclude: ["README.md"]
        ),
        // `skiff cadvisor`: pure parsers and rates (Core/) and the sampling service (Shell/).
        .target(
            name: "CAdvisor",
            dependencies: [
                "Bus", "Client", "Resources", "RuntimeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Node/CAdvisor"
        ),
        // `skiff runtime`: sandboxes and containers (process and fake drivers); the C shim forks and execs.
        .target(name: "CRuntimeShim", path: "Sources/Node/CRuntimeShim"),
        // What the runtime execs to become a monitor or to clone a holder (no fork of the runtime).
        .executableTarget(name: "SkiffShim", dependencies: ["CRuntimeShim"], path: "Sources/Node/SkiffShim",
                         // A static executable: exec costs no dynamic loading (the point of it). The
                         // driver links the Swift runtime it never calls; lld keeps quiet about the
                         // static glibc dlopen that runtime carries.
                         linkerSettings: [.unsafeFlags(["-static-executable", "-use-ld=lld", "-Xlinker", "--gc-sections", "-Xlinker", "--no-warnings"])]),
        .target(
            name: "Runtime",
            dependencies: [
                "Addresses", "Bus", "RuntimeAPI", "CRuntimeShim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Node/Runtime"
        ),
        .target(
            name: "APIServer",
            dependencies: [
                "Addresses", "Bus", "Client", "Resources", "Store", "RuntimeAPI",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Master/APIServer"
        ),
        // `skiff controller-manager`: workload, endpoints and node controllers over shared informers.
        .target(
            name: "Controllers",
            dependencies: [
                "Addresses", "Client", "Resources",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Master/Controllers"
        ),
        // `skiff scheduler`: pure filters, scores and cache (Core) and the informer/binding shell (Shell).
        .target(
            name: "Scheduler",
            dependencies: [
                "Client", "Resources",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Master/Scheduler"
        ),
        // The compose launcher: file, dependency order, restart policy (pure core) and the supervisor.
        .target(
            name: "Compose",
            dependencies: ["Bus", "YAML", "Resources",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        // `skiff dns`: a pure RFC 1035 codec and cluster zone, served by threads of its own.
        .target(
            name: "DNS",
            dependencies: [
                "Client", "Resources",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Master/DNS",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "skiff",
            dependencies: [
                "ZeroMQ",
                "Bus",
                "CZeroMQ",
                "EventLog",
                "Store",
                "APIServer",
                "Gateway",
                "Controllers",
                "CAdvisor",
                "Scheduler",
                "DNS",
                "Client",
                "Resources",
                "Runtime",
                "RuntimeAPI",
                "Compose",
                "Kubelet",
                "Proxy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // What the tests share: real child processes, and blocking work kept off the pool.
        .target(name: "SkiffTestSupport", path: "Tests/Support"),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "CZeroMQ", "SkiffTestSupport"]),
        .testTarget(name: "BusTests", dependencies: ["Bus", "ZeroMQ", "SkiffTestSupport"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog"]),
        .testTarget(name: "ResourcesTests", dependencies: ["Resources"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Client", "Resources", "Bus", "SkiffTestSupport"],
                    exclude: ["python"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "Resources"]),
        .testTarget(name: "ComposeTests", dependencies: ["Compose", "SkiffTestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Bus", "EventLog", "SkiffTestSupport"]),
        .testTarget(name: "ClientTests", dependencies: ["Client", "Resources", "SkiffTestSupport"]),
        .testTarget(
            name: "APIServerTests",
            dependencies: ["APIServer", "Client", "Resources", "Bus", "SkiffTestSupport"]
        ),
        .testTarget(name: "KubeletTests", dependencies: ["Kubelet", "Client", "Resources", "RuntimeAPI", "Bus", "SkiffTestSupport"]),
        .testTarget(
            name: "CAdvisorTests",
            dependencies: ["CAdvisor", "Bus", "Client", "Resources", "RuntimeAPI", "SkiffTestSupport"]
        ),
        .testTarget(name: "RuntimeTests", dependencies: ["Addresses", "Runtime", "RuntimeAPI", "CRuntimeShim", "Bus", "SkiffTestSupport"]),
        .testTarget(name: "ControllersTests", dependencies: ["Controllers", "Client", "Resources", "SkiffTestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "Client", "Resources", "SkiffTestSupport"]),
        .testTarget(name: "DNSTests", dependencies: ["DNS", "Client", "Resources", "SkiffTestSupport"]),
        .testTarget(name: "ProxyTests", dependencies: ["Addresses", "Proxy", "Client", "Resources", "SkiffTestSupport"]),
        // Starts real `skiff` processes: build the executable first (`make test` does).
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Bus", "ZeroMQ", "SkiffTestSupport"]
        ),
    ]
)
