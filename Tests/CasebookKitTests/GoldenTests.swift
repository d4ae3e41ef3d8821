// Golden tests: run `casebook` on each Tests/Golden/<group>/<name>.cb and compare everything it
// prints, and its exit status, with Tests/Golden/<group>/<name>.out.
//
// A case's command line is written in the program itself, on a comment line
//
//     % args: run --timeout 1 runaway.cb
//
// (the words after `casebook`, split like a shell would; quotes group words). Without one it is
// `run <name>.cb`. The command runs in the case's folder, so messages show plain file names.
//
// The .out file is plain text:
//
//     exit status 1
//     --- stdout
//     …everything printed on standard output…
//     --- stderr
//     …everything printed on standard error…
//
// A section that does not end with a newline is followed by the line `\ no newline at end`.
// Numbers that change from run to run (how many facts a timeout saw) are written as N.
//
// To (re)write the .out files after a deliberate change, run
//
//     CASEBOOK_RECORD=1 swift test --filter GoldenTests
//
// and read the diff before committing it: a golden file is only as right as the person who
// checked it.

import Foundation
import Testing

/// One golden case: a program and the output recorded for it.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    var group: String
    var name: String

    var folder: URL { GoldenCase.root.appendingPathComponent(group) }
    var program: URL { folder.appendingPathComponent(name + ".cb") }
    var expected: URL { folder.appendingPathComponent(name + ".out") }
    var testDescription: String { "\(group)/\(name)" }

    static let root = CLI.packageRoot.appendingPathComponent("Tests/Golden")

    /// Every case, sorted by group and name.
    static func all() -> [GoldenCase] {
        let fm = FileManager.default
        var cases: [GoldenCase] = []
        let groups = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        for group in groups.sorted() {
            let files = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(group).path)) ?? []
            for file in files.sorted() where file.hasSuffix(".cb") {
                cases.append(GoldenCase(group: group, name: String(file.dropLast(3))))
            }
        }
        return cases
    }

    /// The command line from the `% args:` line, or `run <name>.cb`.
    func arguments() throws -> [String] {
        let text = try String(contentsOf: program, encoding: .utf8)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("% args:") {
                return shellWords(String(line.dropFirst("% args:".count)))
            }
        }
        return ["run", name + ".cb"]
    }
}

/// Splits a command line into words: spaces separate, single or double quotes group.
func shellWords(_ line: String) -> [String] {
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character?
    for ch in line {
        if let q = quote {
            if ch == q { quote = nil } else { word.append(ch) }
        } else if ch == "\"" || ch == "'" {
            quote = ch
            inWord = true
        } else if ch == " " || ch == "\t" {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        } else {
            word.append(ch)
            inWord = true
        }
    }
    if inWord { words.append(word) }
    return words
}

/// The recorded form of a run: what the .out file holds.
struct GoldenOutput: Equatable {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The text of a .out file.
    var text: String {
        func section(_ title: String, _ body: String) -> String {
            var s = "--- \(title)\n" + body
            if !body.isEmpty && !body.hasSuffix("\n") { s += "\n\\ no newline at end\n" }
            return s
        }
        return "exit status \(status)\n" + section("stdout", stdout) + section("stderr", stderr)
    }

    /// Reads a .out file; nil if it is not in the format above.
    init?(text: String) {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, first.hasPrefix("exit status "),
            let status = Int32(first.dropFirst("exit status ".count)),
            let out = lines.firstIndex(of: "--- stdout"),
            let err = lines.firstIndex(of: "--- stderr"), out < err
        else { return nil }
        func body(_ part: ArraySlice<String>) -> String {
            var part = Array(part)
            if part.last == "\\ no newline at end" {
                part.removeLast()
                return part.joined(separator: "\n")
            }
            return part.map { $0 + "\n" }.joined()
        }
        self.status = status
        self.stdout = body(lines[(out + 1)..<err])
        self.stderr = body(lines[(err + 1)...])
    }

    init(_ r: CLIResult) {
        status = r.status
        stdout = GoldenOutput.normalize(r.stdout)
        stderr = GoldenOutput.normalize(r.stderr)
    }

    /// Replaces what changes from run to run with a fixed placeholder.
    static func normalize(_ s: String) -> String {
        let patterns = [
            // "evaluation stopped after the 1 s timeout while deriving 'n' (122879 facts derived)"
            (#"\(\d+ facts derived\)"#, "(N facts derived)")
        ]
        var s = s
        for (pattern, replacement) in patterns {
            let re = try! NSRegularExpression(pattern: pattern)
            s = re.stringByReplacingMatches(
                in: s, range: NSRange(s.startIndex..., in: s),
                withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
        }
        return s
    }
}

@Suite("Golden output of casebook")
struct GoldenTests {
    static let recording = ProcessInfo.processInfo.environment["CASEBOOK_RECORD"] == "1"

    @Test("every golden case", arguments: GoldenCase.all())
    func golden(_ c: GoldenCase) throws {
        let result = try CLI.run(try c.arguments(), in: c.folder, timeLimit: 60)
        #expect(!result.timedOut, "casebook did not finish within 60 s")
        let actual = GoldenOutput(result)

        if GoldenTests.recording {
            try actual.text.write(to: c.expected, atomically: true, encoding: .utf8)
            return
        }
        guard let text = try? String(contentsOf: c.expected, encoding: .utf8) else {
            Issue.record("no \(c.name).out yet; run CASEBOOK_RECORD=1 swift test --filter GoldenTests, then check it")
            return
        }
        guard let expected = GoldenOutput(text: text) else {
            Issue.record("\(c.name).out is not in the golden format (see GoldenTests.swift)")
            return
        }
        #expect(actual.status == expected.status, "exit status")
        #expect(actual.stdout == expected.stdout, "standard output")
        #expect(actual.stderr == expected.stderr, "standard error")
    }

    @Test("the golden folders hold cases, and every .out has its .cb")
    func layout() throws {
        let cases = GoldenCase.all()
        #expect(Set(cases.map(\.group)).isSuperset(of: ["errors", "output"]))
        let names = Set(cases.map { "\($0.group)/\($0.name)" })
        let fm = FileManager.default
        for group in try fm.contentsOfDirectory(atPath: GoldenCase.root.path) {
            let folder = GoldenCase.root.appendingPathComponent(group).path
            guard let files = try? fm.contentsOfDirectory(atPath: folder) else { continue }
            for file in files where file.hasSuffix(".out") {
                #expect(names.contains("\(group)/\(file.dropLast(4))"), "\(group)/\(file) has no program")
            }
        }
    }

    @Test("the .out format reads back what it writes")
    func formatRoundTrip() {
        let samples = [
            GoldenOutput(status: 0, stdout: "a\nb\n", stderr: ""),
            GoldenOutput(status: 1, stdout: "", stderr: "no newline"),
            GoldenOutput(status: 2, stdout: "\n\n", stderr: "x\n\ny\n"),
        ]
        for s in samples { #expect(GoldenOutput(text: s.text) == s) }
    }

    @Test("command lines split like a shell's")
    func words() {
        #expect(shellWords("run --timeout 1 a.cb") == ["run", "--timeout", "1", "a.cb"])
        #expect(shellWords(#" -e "p(1). ?- p(X)."  "#) == ["-e", "p(1). ?- p(X)."])
        #expect(shellWords("-e 'say \"hi\"' ''") == ["-e", "say \"hi\"", ""])
    }
}

extension GoldenOutput {
    init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}
