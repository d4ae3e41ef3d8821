// Running the real `casebook` binary from tests.
//
// The golden and conformance tests check what a user sees: the bytes `casebook` prints and the
// status it exits with. `CLI.run` starts the binary SwiftPM built next to the test bundle, feeds it
// standard input, and collects standard output, standard error and the exit status. Other test
// files use it too:
//
//     let r = try CLI.run(["run", "--format", "json", "program.cb"], in: someDirectory)
//     #expect(r.status == 0)
//
// Output is collected through temporary files rather than pipes, so a program that prints a lot
// can never block on a full pipe while the test waits for it to exit.

import Foundation

/// What one run of `casebook` did.
struct CLIResult: CustomStringConvertible {
    var stdout: String
    var stderr: String
    var status: Int32
    /// True when the run was killed because it took longer than the allowed time.
    var timedOut = false

    var description: String {
        "exit status \(status)\(timedOut ? " (killed: too slow)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

enum CLIError: Error, CustomStringConvertible {
    case binaryNotFound([String])

    var description: String {
        switch self {
        case let .binaryNotFound(tried):
            return "cannot find the built 'casebook' binary; tried:\n  " + tried.joined(separator: "\n  ")
                + "\nbuild it with 'swift build', or set CASEBOOK_BIN to its path"
        }
    }
}

enum CLI {
    /// The package's top directory (the one holding Package.swift).
    static let packageRoot: URL = {
        // This file is <root>/Tests/CasebookKitTests/Support/CLI.swift.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    /// Where the `casebook` executable is, found once.
    ///
    /// SwiftPM puts the executable in the same products directory as the test bundle
    /// (`<scratch>/debug/` for `swift test`, whatever `--scratch-path` says), so the search starts
    /// from the test bundle and walks up. `CASEBOOK_BIN` overrides the search.
    static func binary() throws -> URL { try located.get() }

    /// The search, run once (a `static let` is initialised once, even with tests in parallel).
    private static let located: Result<URL, CLIError> = {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["CASEBOOK_BIN"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        // Directories the test code runs from: the test executable (Linux), the .xctest bundle (macOS).
        var starts: [URL] = [Bundle.main.bundleURL]
        if let exe = Bundle.main.executableURL { starts.append(exe.deletingLastPathComponent()) }
        starts += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        if let me = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: me).deletingLastPathComponent())
        }
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<5 {
                candidates.append(dir.appendingPathComponent("casebook"))
                dir.deleteLastPathComponent()
            }
        }
        // Last resort: the default build directory.
        candidates.append(packageRoot.appendingPathComponent(".build/debug/casebook"))

        var isDirectory: ObjCBool = false
        for c in candidates
        where fm.fileExists(atPath: c.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && fm.isExecutableFile(atPath: c.path)
        {
            return .success(c)
        }
        return .failure(CLIError.binaryNotFound(candidates.map(\.path)))
    }()

    /// Runs `casebook` with `arguments`.
    ///
    /// - Parameters:
    ///   - directory: the working directory (the package root when nil); relative paths in the
    ///     arguments are read from there, and error messages show them as given.
    ///   - stdin: text for standard input. Without it, standard input is empty (never the
    ///     terminal the tests run in, which would start the interactive prompt).
    ///   - environment: extra variables; `NO_COLOR` is always set so errors are plain text.
    ///   - timeLimit: seconds before the run is killed and reported as `timedOut`.
    static func run(
        _ arguments: [String], in directory: URL? = nil, stdin: String? = nil,
        environment: [String: String] = [:], timeLimit: Double = 120
    ) throws -> CLIResult {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("casebook-cli-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data((stdin ?? "").utf8).write(to: inURL)
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let input = try FileHandle(forReadingFrom: inURL)
        let output = try FileHandle(forWritingTo: outURL)
        let errors = try FileHandle(forWritingTo: errURL)
        defer {
            try? input.close()
            try? output.close()
            try? errors.close()
        }

        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["CASEBOOK_RECORD"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeLimit) == .timedOut {
            timedOut = true
            // Not terminate(): the child inherits the test runner's blocked signals, SIGTERM
            // among them, and a run stuck in a loop would never end.
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        return CLIResult(
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            status: process.terminationStatus, timedOut: timedOut)
    }
}
