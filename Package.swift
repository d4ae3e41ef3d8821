// swift-tools-version: 6.0
// Casebook: a fact base for news cases, questioned in a small Datalog-family language.
import PackageDescription

let package = Package(
    name: "Casebook",
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
        .library(name: "CasebookKit", targets: ["CasebookKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Property-based tests of the comparison laws (tests only).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The language, the values and the in-memory fact base: everything that is not a terminal.
        .target(
            name: "CasebookKit",
            dependencies: ["CMemory"],
            swiftSettings: [
                .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release))
            ]
        ),
        // Memory calls Swift cannot make itself, for the fact store: the prefetch hint, mremap.
        .target(name: "CMemory"),
        // A thin C shim over libedit: el_set is variadic and cannot be called from Swift directly.
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit")]),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "CasebookKit", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The tests also run the real `casebook` binary (Support/CLI.swift), so it is built first.
        .testTarget(
            name: "CasebookKitTests",
            dependencies: [
                "CasebookKit", "casebook", .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
    ],
    swiftLanguageModes: [.v5]
)
