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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The language, the values and the in-memory fact base: everything that is not a terminal.
        .target(
            name: "CasebookKit",
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // A thin C shim over libedit: el_set is variadic and cannot be called from Swift directly.
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit")]),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "CasebookKit", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CasebookKitTests", dependencies: ["CasebookKit"]),
    ],
    swiftLanguageModes: [.v5]
)
