// Runs programs non-interactively: `casebook run`, `casebook -e` and piped standard input.

import CasebookKit
import Foundation

/// What a script run does besides printing answers.
struct ScriptMode {
    /// Compare answers with the `%>` expectations in the files; exit 3 on a difference.
    var check = false
    /// Rewrite each file's expectations from the answers it gets.
    var record = false
    /// Run on past an error instead of stopping at the first.
    var keepGoing = false
    /// Print only failures and errors.
    var quiet = false
}

/// Loads sources into one session and prints each query's answers.
struct ScriptRunner {
    let options: EvaluationOptions
    var mode = ScriptMode()
    let session = Session()
    let colorErrors = usesColor(2)

    init(options: EvaluationOptions, mode: ScriptMode = ScriptMode()) {
        self.options = options
        self.mode = mode
        session.limits = options.limits
        session.countsOnly = options.format == .count && !mode.check && !mode.record
    }

    func report(_ diagnostics: [Diagnostic]) {
        writeError(Diagnostic.rendered(diagnostics, color: colorErrors))
    }

    func writeError(_ text: String) { writeErrorOutput(text) }
    func write(_ text: String) { writeOutput(text) }

    /// Runs every source in order; returns the exit status (0, 1 for errors, 3 for failed
    /// expectations when nothing else went wrong).
    func run(sources: [SourceFile]) -> Int32 {
        let sources = (options.caseName.flatMap(CaseLibrary.source).map { [$0] } ?? []) + sources
        // On a terminal, tables fit its width as in the REPL; piped or redirected, they are whole.
        var formatter = Formatter(format: options.format, width: terminalColumns())
        for path in options.doc {
            switch loadDocument(path) {
            case let .success(d):
                formatter.documents.append(d)
                session.add(document: d)
            case let .failure(e):
                report([e])
                return 1
            }
        }
        var errors = 0
        var failed = 0, passed = 0, unchecked = 0
        var first = true
        for source in sources {
            // Expectations are read before the file runs, so a recording can replace them.
            var expectations: [Expectation?] = []
            var sharingLines = Set<Int>()
            // A file with `%>` lines no query owns is not rewritten: recording would add a block
            // under the query and leave the stray one, which may be the one its author meant.
            var hasStrays = false
            if mode.check || mode.record {
                let (blocks, cellProblems, sharing) = Expectations.read(source)
                expectations = blocks
                sharingLines = sharing
                let strays = Expectations.strays(in: source)
                hasStrays = !strays.isEmpty
                let problems = (mode.check ? cellProblems : []) + strays
                if !problems.isEmpty {
                    report(problems.sorted { $0.span.start < $1.span.start })
                    if mode.record && hasStrays {
                        writeError(
                            "nothing recorded in \(Value.pictured(source.name)): it has '%>' lines no query owns\n")
                    }
                    errors += problems.filter { $0.severity == .error }.count
                    if !mode.keepGoing { return 1 }
                }
            }
            var recorded: [[String]?] = []
            var index = 0
            var stopped = false
            let diagnostics = session.load(source) { outcome in
                defer { index += 1 }
                switch outcome {
                case let .success(result):
                    if mode.record && sharingLines.contains(index) {
                        recorded.append(nil)
                        report([
                            Diagnostic(
                                .warning, "answers not recorded: another query follows this one on its line",
                                file: result.file, span: result.span,
                                hint:
                                    "put each query on its own line; the '%>' lines under a line belong to its last query"
                            )
                        ])
                    } else if mode.record {
                        // An expectation that still holds is kept as written, so a recording
                        // changes only what changed; one whose form does not fit is rewritten.
                        if index < expectations.count, let old = expectations[index],
                            Expectations.misfit(of: old, for: result) == nil,
                            Expectations.compare(result, with: old) == nil
                        {
                            recorded.append(nil)
                        } else {
                            recorded.append(Expectation.lines(for: result))
                        }
                    }
                    if mode.check {
                        if index < expectations.count, let expected = expectations[index] {
                            if let misfit = Expectations.misfit(of: expected, for: result) {
                                report([misfit])
                                errors += 1
                                if !mode.keepGoing { stopped = true }
                                return mode.keepGoing
                            } else if let mismatch = Expectations.compare(result, with: expected) {
                                failed += 1
                                write(mismatch.render())
                            } else {
                                passed += 1
                            }
                        } else {
                            unchecked += 1
                        }
                        return true
                    }
                    if mode.quiet || mode.record { return true }
                    var text = ""
                    if options.format == .table || options.format == .markdown {
                        if !first { text += "\n" }
                        text += options.format == .table ? "\(Value.pictured(result.text, keepingLayout: true))\n" : ""
                    } else if (options.format == .csv || options.format == .tsv) && !first {
                        text += "\n"
                    }
                    first = false
                    text += formatter.render(result)
                    write(text)
                    return true
                case let .failure(error):
                    if mode.record { recorded.append(nil) }
                    report([error.diagnostic])
                    errors += 1
                    if !mode.keepGoing { stopped = true }
                    return mode.keepGoing
                }
            }
            if !diagnostics.isEmpty {
                report(diagnostics)
                let count = diagnostics.filter { $0.severity == .error }.count
                if count > 1 { writeError("\(count) errors in \(source.name)\n") }
                errors += max(count, 1)
                if !mode.keepGoing { return 1 }
                continue
            }
            if mode.record, !hasStrays, !recorded.isEmpty || expectations.contains(where: { $0 != nil }) {
                let text = Expectations.rewrite(source, replacements: recorded)
                if text != String(decoding: source.bytes, as: UTF8.self) {
                    do {
                        try rewriteScript(source.name, readAs: source.bytes, with: text)
                        let changed = recorded.compactMap { $0 }.count
                        if !mode.quiet {
                            writeError(
                                "recorded \(changed) of \(recorded.count) expectation\(recorded.count == 1 ? "" : "s") in \(Value.pictured(source.name))\n"
                            )
                        }
                    } catch let e as WriteError {
                        report([e.diagnostic])
                        errors += 1
                    } catch {
                        report([.plain("cannot write '\(source.name)': \(error)")])
                        errors += 1
                    }
                }
            }
            if stopped { return 1 }
        }
        // Citations are checked once everything is loaded, against the documents given.
        let problems = session.checkCitations()
        report(problems)
        errors += problems.filter { $0.severity == .error }.count
        if mode.check && (!mode.quiet || failed > 0) {
            var summary = "\(passed) passed, \(failed) failed"
            if unchecked > 0 { summary += ", \(unchecked) without expectations (--record adds them)" }
            write(summary + "\n")
        }
        if errors > 0 { return 1 }
        return failed > 0 ? 3 : 0
    }
}

/// Loads a document for citations and source sentences. `check` is called as it is read (see
/// `Document.init(name:text:checking:)`), so that the REPL's Ctrl-C can stop it.
func loadDocument(_ path: String, checking check: () throws -> Void) rethrows -> Result<Document, Diagnostic> {
    // A FIFO or device with nothing to read yet waits until `check` throws (Ctrl-C at the REPL).
    switch readSource(path, limit: .document, stop: { (try? check()) == nil }) {
    case let .failure(d):
        try check()
        return .failure(d)
    case let .success(file):
        if let problem = file.encodingProblem { return .failure(problem) }
        return .success(try Document(name: path, text: String(decoding: file.bytes, as: UTF8.self), checking: check))
    }
}

func loadDocument(_ path: String) -> Result<Document, Diagnostic> { loadDocument(path, checking: {}) }
