// `casebook timeline` and `casebook graph`: the case as pictures, in the terminal or as SVG.

import ArgumentParser
import CasebookKit
import Foundation

/// What both picture commands load: a built-in case and any program files.
struct PictureSource: ParsableArguments {
    @Option(name: .customLong("case"), help: ArgumentHelp("The built-in case to draw.", valueName: "NAME"))
    var caseName: String = CaseLibrary.defaultCase

    @Flag(help: "Do not load a built-in case; draw only the --load files.")
    var noCase = false

    @Option(
        name: .customLong("load"), help: ArgumentHelp("Also load this program file (repeatable).", valueName: "FILE"))
    var files: [String] = []

    // A --load file may hold a rule that derives without end: a picture stops at the same
    // limits as a query.
    @OptionGroup var limitOptions: LimitOptions

    func validate() throws {
        if !noCase && CaseLibrary.texts[caseName] == nil {
            throw ValidationError(
                "no built-in case '\(caseName)'; the cases are: \(CaseLibrary.texts.keys.sorted().joined(separator: ", "))"
            )
        }
    }

    /// A session with everything loaded, or exit 1 with the errors printed.
    func session() throws -> Session {
        let session = Session()
        session.limits = limitOptions.limits
        var sources: [SourceFile] = []
        if !noCase, let c = CaseLibrary.source(caseName) { sources.append(c) }
        for path in files {
            switch readSource(path) {
            case let .success(s): sources.append(s)
            case let .failure(d): throw PictureError(diagnostics: [d])
            }
        }
        for s in sources {
            let d = session.load(s)
            if !d.isEmpty { throw PictureError(diagnostics: d) }
        }
        return session
    }
}

struct PictureError: Error {
    var diagnostics: [Diagnostic]
    /// Why evaluation stopped, when it did (a limit, the timeout, Ctrl-C, arithmetic); nil for
    /// an error found before the query ran.
    var stopped: EvaluationError.Reason? = nil
}

/// A query given on the command line as a clause: `?-` and the final `.` added where it lacks
/// them. The dot goes on a line of its own, so that a `%` comment at the end cannot swallow it.
/// Errors point into the text as given; more than one clause is refused rather than all but
/// the first dropped.
func queryClause(_ query: String) throws -> String {
    var text = query.trimmingCharacters(in: .whitespacesAndNewlines)
    if !text.hasPrefix("?-") { text = "?- " + text }
    for candidate in [text, text + "\n."] {
        let (clauses, problems) = Parser.parse(SourceFile(name: "<query>", text: candidate))
        guard problems.isEmpty else { continue }
        guard clauses.count == 1, case .query = clauses[0] else {
            throw PictureError(diagnostics: [
                .plain("'\(query)' is not one query", hint: "give one query, as in ?- event_on(E, When).")
            ])
        }
        return candidate
    }
    let withDot = text.hasSuffix(".") ? text : text + "\n."
    throw PictureError(
        diagnostics: pointedAtTyped(
            Parser.parse(SourceFile(name: "<query>", text: withDot)).diagnostics, typedEnd: text.utf8.count))
}

/// Diagnostics of a clause made from typed text by adding a `.` after it, pointed back into
/// what was typed: one at the added `.` (or past it) is put at the end of the text instead,
/// and says "the end of the query" rather than naming a '.' no one typed.
func pointedAtTyped(_ diagnostics: [Diagnostic], typedEnd: Int) -> [Diagnostic] {
    diagnostics.map { d in
        guard d.file != nil, d.span.start >= typedEnd else { return d }
        var moved = d
        moved.span = SourceSpan(typedEnd, typedEnd)
        moved.message = d.message.replacingOccurrences(of: "found '.'", with: "found the end of the query")
        return moved
    }
}

/// Runs one query in a session; its answers, or the errors.
func answers(_ query: String, in session: Session) throws -> QueryResult {
    let text = try queryClause(query)
    var result: QueryResult?
    var failure: EvaluationError?
    let d = session.load(SourceFile(name: "<query>", text: text)) { outcome in
        switch outcome {
        case let .success(r): result = r
        case let .failure(e): failure = e
        }
        return false
    }
    if !d.isEmpty { throw PictureError(diagnostics: d) }
    if let f = failure { throw PictureError(diagnostics: [f.diagnostic], stopped: f.reason) }
    guard let r = result else {
        throw PictureError(diagnostics: [.plain("'\(query)' is not a query", hint: "write it as ?- goal.")])
    }
    return r
}

/// Prints diagnostics and turns a picture error into exit status 1.
func reportingPictureErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as PictureError {
        printDiagnostics(e.diagnostics)
        throw ExitCode(1)
    } catch let e as WriteError {
        printDiagnostics([e.diagnostic])
        throw ExitCode(1)
    }
}

private func printDiagnostics(_ diagnostics: [Diagnostic]) {
    let color = usesColor(2)
    writeErrorOutput(Diagnostic.rendered(diagnostics, color: color))
}

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Draw dated events in order, at the precision the source gives.",
        discussion: """
            QUERY's answers must include a date; a column named Status marks planned or possible \
            dates. Without QUERY, the case's own timeline relation is drawn. Each event is labelled \
            with the locator of the sentence that dates it.
            """)

    @OptionGroup var source: PictureSource

    @Option(help: ArgumentHelp("Write an SVG picture to FILE instead of text.", valueName: "FILE"))
    var svg: String?

    @Argument(help: ArgumentHelp("A query whose answers hold a date.", valueName: "QUERY"))
    var query: String = "?- timeline(When, Event, Status)."

    mutating func run() throws {
        try reportingPictureErrors {
            let session = try source.session()
            let (items, note) = try timelineItems(query, in: session)
            if let path = svg {
                try writeAtomically(
                    Timeline.svg(items, title: "Timeline: \(source.noCase ? "query" : source.caseName)"), to: path)
                confirmWritten(path, "\(items.count) event\(items.count == 1 ? "" : "s")")
            } else {
                let width = isatty(1) != 0 ? terminalColumns() ?? 80 : 100
                print(
                    try Timeline.text(
                        items, width: width,
                        color: usesColor(1)), terminator: ""
                )
            }
            if let note { print(note) }
        }
    }
}

/// The timeline items of a query, each with the locators of the facts behind it, and a note to
/// print after the picture when some answers are not drawn or some items' sources could not be
/// shown.
func timelineItems(_ query: String, in session: Session, stop: () throws -> Void = {}) throws -> (
    items: [TimelineItem], note: String?
) {
    // Asked with `why`, for the sources; a query `why` cannot take (one that does not start
    // with an atom, or a why already) is asked as given, and its items have no sources.
    let clause = try queryClause(query)
    let goal = clause.dropFirst(2).drop { $0 == " " }
    let asked = "?- why " + goal
    let explained = Parser.parse(SourceFile(name: "<query>", text: asked)).diagnostics.isEmpty
    let result: QueryResult
    do {
        result = try answers(explained ? asked : clause, in: session)
    } catch var e as PictureError where explained {
        // The errors of the query as given (an unknown relation, say) point into its own text,
        // not into the `why` it was asked as, which the user never typed. One found before the
        // query ran is found again in the query as given, at no cost; one that stopped the
        // query (a limit, the timeout, Ctrl-C, arithmetic) is moved there instead: running the
        // query again doubled the wait, under a message naming the timeout once.
        guard e.stopped != nil else {
            _ = try answers(clause, in: session)
            throw e
        }
        let typed = SourceFile(name: "<query>", text: clause)
        let whyStart = asked.utf8.count - goal.utf8.count
        let goalStart = clause.utf8.count - goal.utf8.count
        func moved(_ offset: Int) -> Int { offset < whyStart ? min(offset, goalStart) : offset - whyStart + goalStart }
        e.diagnostics = e.diagnostics.map { d in
            guard d.file?.name == "<query>" else { return d }
            var d = d
            d.file = typed
            d.span = SourceSpan(moved(d.span.start), moved(d.span.end))
            return d
        }
        throw e
    }
    var sources: [[String]] = []
    for (k, ex) in (result.explanations ?? []).enumerated() {
        if k & 1023 == 1023 { try stop() }
        sources.append(
            Formatter.claims(in: ex).flatMap { $0.locators.map(\.literal) }.reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            })
    }
    guard let items = try Timeline.items(from: result, sources: sources, stop: stop) else {
        throw PictureError(diagnostics: [
            .plain("the answers to '\(query)' hold no date", hint: "ask for a date column, e.g. ?- event_on(E, When).")
        ])
    }
    // `why` explains the first answers only (`Session.maxExplainedAnswers`): say so, rather than
    // show the other events as if nothing stood behind them.
    var notes: [String] = []
    let unexplained = result.rows.count - sources.count
    if unexplained > 0 {
        notes.append(
            "(\(unexplained) of \(result.rows.count) events are shown without their sources: why explains the first \(sources.count) answers; a narrower query shows the rest)"
        )
    }
    // The date column is the one most answers date; an answer with `unknown` or a bare year
    // there is not drawn, and the picture says so rather than lose it without a word.
    let undated = result.rows.count - items.count
    if undated > 0, let column = Timeline.dateColumn(of: result) {
        notes.append(
            "(\(undated) of \(result.rows.count) answers \(undated == 1 ? "is" : "are") not drawn: \(result.columns[column]) holds no date in \(undated == 1 ? "it" : "them"))"
        )
    }
    return (items, notes.isEmpty ? nil : notes.joined(separator: "\n"))
}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw who is tied to whom: as text, as DOT for Graphviz, or as SVG.",
        discussion: """
            Without --query, the case's edge relation (every tie, labelled) is drawn. Any query \
            whose answers are pairs works: the first two columns are the ends, a third the label. \
            SVG needs Graphviz's dot (Debian: apt-get install graphviz).
            """)

    @OptionGroup var source: PictureSource

    /// Graphviz's layout time grows much faster than the picture: here 1,000 ties took half a
    /// second, 5,000 took 13 s and 20,000 more than ten minutes. Past this many, `--svg` says so
    /// at once instead of seeming to hang; the text and DOT forms have no limit.
    static let maxDrawnTies = 2000

    @Flag(help: "Print Graphviz DOT text.")
    var dot = false

    @Option(help: ArgumentHelp("Write an SVG picture to FILE (needs Graphviz).", valueName: "FILE"))
    var svg: String?

    @Option(help: ArgumentHelp("How many steps out from ENTITY to draw.", valueName: "N"))
    var depth: Int = 2

    @Option(help: ArgumentHelp("A query whose answers are pairs (and an optional label).", valueName: "QUERY"))
    var query: String = "?- edge(From, To, How)."

    @Argument(help: ArgumentHelp("Draw the ties around this entity (any of its names).", valueName: "ENTITY"))
    var entity: String?

    func validate() throws {
        if dot && svg != nil { throw ValidationError("--dot and --svg cannot be used together") }
        if depth < 1 { throw ValidationError("--depth must be at least 1") }
    }

    mutating func run() throws {
        try reportingPictureErrors {
            let session = try source.session()
            let result = try answers(query, in: session)
            guard var edges = Graph.edges(from: result) else {
                throw PictureError(diagnostics: [
                    .plain("the answers to '\(query)' are not pairs", hint: "ask for two columns, e.g. ?- owns(A, B).")
                ])
            }
            var center: Value?
            if let name = entity {
                guard let node = session.entity(named: name).map(Value.symbol) ?? Graph.node(named: name, in: edges)
                else {
                    throw PictureError(diagnostics: [
                        .plain("no entity is called '\(name)'", hint: "':schema alias' in the REPL lists the names")
                    ])
                }
                center = node
                edges = try Graph.neighbourhood(edges, around: node, depth: depth)
            }
            var kinds: [Value: String] = [:]
            if session.program.relations["kind"] != nil, let k = try? answers("?- kind(E, K).", in: session) {
                for row in k.rows where row.count == 2 { kinds[row[0]] = row[1].display }
            }
            let title = center.map { "Ties around \(Graph.names(edges)[$0] ?? $0.display)" } ?? "Ties in the case"
            if dot {
                print(Graph.dot(edges, title: title, center: center, kinds: kinds), terminator: "")
            } else if let path = svg {
                guard edges.count <= GraphCommand.maxDrawnTies else {
                    throw PictureError(diagnostics: [
                        .plain(
                            "\(edges.count) ties are too many to draw as SVG (at most \(GraphCommand.maxDrawnTies): Graphviz would take minutes or hours)",
                            hint:
                                "draw the ties around one entity (casebook graph ENTITY --depth 1), narrow the --query, or print --dot and run Graphviz yourself"
                        )
                    ])
                }
                let picture = try renderWithGraphviz(
                    Graph.dot(edges, title: title, center: center, kinds: kinds), timeout: source.limitOptions.timeout)
                try writeAtomically(picture, to: path)
                confirmWritten(path, "\(edges.count) ties")
            } else {
                print(try Graph.text(edges), terminator: "")
            }
        }
    }
}

/// Runs Graphviz's `dot -Tsvg`; a clear error when it is not installed, fails, or is still at
/// work after `timeout` seconds.
func renderWithGraphviz(_ dotText: String, timeout: Double?) throws -> String {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let dotPath = path else {
        throw PictureError(diagnostics: [
            .plain(
                "Graphviz's 'dot' is not installed, so no SVG can be drawn",
                hint: "install it with: apt-get install graphviz (or use --dot)")
        ])
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dotPath)
    process.arguments = ["-Tsvg"]
    let input = Pipe(), output = Pipe(), errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // The picture is written, and it and the warnings read, each on a thread of its own: any of
    // the three pipes may fill while another is being waited on, and then both programs wait
    // for ever.
    let picture = Drained(output.fileHandleForReading), warnings = Drained(errors.fileHandleForReading)
    let group = DispatchGroup()
    let writer = input.fileHandleForWriting
    let text = Data(dotText.utf8)
    let feeder = Thread {
        // A Graphviz that stops before reading all of it (it failed, or was stopped) closes the
        // pipe. With SIGPIPE blocked in this thread the write fails with EPIPE instead of the
        // signal ending casebook without a word; Graphviz's status then says what happened.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        try? writer.write(contentsOf: text)
        try? writer.close()
    }
    feeder.start()
    picture.start(in: group)
    warnings.start(in: group)
    if group.wait(timeout: timeout.map { .now() + $0 } ?? .distantFuture) == .timedOut {
        process.terminate()
        throw PictureError(diagnostics: [
            .plain(
                "Graphviz did not finish within the \(formatSeconds(timeout!)) timeout",
                hint: "draw fewer ties (casebook graph ENTITY --depth 1), or raise --timeout")
        ])
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PictureError(diagnostics: [.plain("Graphviz failed: \(String(decoding: warnings.bytes, as: UTF8.self))")])
    }
    return String(decoding: picture.bytes, as: UTF8.self)
}

/// What one pipe of a child process says, read to its end on a thread of its own. `bytes` is
/// read only after the group's wait, which orders it after the write.
private final class Drained: @unchecked Sendable {
    let handle: FileHandle
    var bytes = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func start(in group: DispatchGroup) {
        DispatchQueue.global().async(group: group) { self.bytes = self.handle.readDataToEndOfFile() }
    }
}

/// Says where a picture went. On standard error when the picture went to standard output
/// (`--svg /dev/stdout`), so that the output is the picture alone.
func confirmWritten(_ path: String, _ what: String) {
    let message = "wrote \(Value.pictured(path)) (\(what))\n"
    if case .descriptor(1) = writeTarget(path) {
        FileHandle.standardError.write(Data(message.utf8))
    } else {
        print(message, terminator: "")
    }
}
