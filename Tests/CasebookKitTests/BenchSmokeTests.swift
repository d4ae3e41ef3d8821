// Keeps the benchmark scripts working: runs bench/run.py on its tiny sizes, where every engine
// that is installed must agree with Casebook on every answer count. A smoke test, not a timing:
// speed is measured by bench/run.sh on a quiet machine (bench/README.md).

import Foundation
import Testing

@Suite struct BenchSmokeTests {
    @Test func smallBenchmarksAgreeOnAnswerCounts() throws {
        guard
            let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(
                where: FileManager.default.isExecutableFile)
                ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ "\($0)/python3" })
                .first(where: FileManager.default.isExecutableFile)
        else { return }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            CLI.packageRoot.appendingPathComponent("bench/run.py").path, "--small",
            "--casebook", try CLI.binary().path, "--workdir", work.path,
        ]
        process.currentDirectoryURL = CLI.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("all engines agree"), "\(text)")
    }
}
