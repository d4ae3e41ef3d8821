// `casebook tour`: walks a learner through a lesson, step by step, in the terminal.
//
// The tour reads plain lines from standard input, so a class can follow it in any terminal
// and a test can drive it through a pipe. Progress is saved after every step move.

import ArgumentParser
import CEditLine
import CasebookKit
import Foundation
import Synchronization

struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk through a lesson on a case: narration, queries to run, exercises to solve.",
        discussion: """
            With no LESSON, the built-in lesson on the ICE cloud-contract case. A lesson is a Markdown \
            file: '## ' headings start steps, ```casebook blocks are examples, ```casebook exercise \
            blocks are questions with their expected answers in %> lines and '% hint:' lines.

            During the tour: Enter runs the offered query (or type your own), :hint, :show, :next, \
            :back, :quit. Progress is saved; the next start offers to resume.

            --check runs every block and checks every exercise's solution (exit 3 on a failure).
            """)

    @Argument(help: ArgumentHelp("A lesson file (default: the built-in ICE case lesson).", valueName: "LESSON"))
    var lesson: String?

    @Flag(help: "Run every block and verify every exercise against its expected answers.")
    var check = false

    @Flag(help: "Start at the first step, ignoring saved progress.")
    var restart = false

    @OptionGroup var limitOptions: LimitOptions

    mutating func run() throws {
        let name: String
        let text: String
        if let path = lesson {
            switch readSource(path, limit: .lesson) {
            case let .success(file):
                // A lesson is checked as a program is: read leniently, a UTF-16 lesson was
                // garbage that checked "ok", and a Latin-1 one showed U+FFFD where its accents were.
                if let problem = file.encodingProblem {
                    writeErrorOutput(problem.render(color: false) + "\n")
                    throw ExitCode(1)
                }
                name = path
                // A UTF-8 byte-order mark is not text: kept, it hid the lesson's title.
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                text = String(
                    decoding: file.bytes.starts(with: bom) ? file.bytes.dropFirst(3) : file.bytes[...], as: UTF8.self)
            case let .failure(d):
                writeErrorOutput(d.render(color: false) + "\n")
                throw ExitCode(1)
            }
        } else {
            name = "samples/\(CaseLibrary.defaultCase)/lesson.md"
            text = CaseLibrary.lessons[CaseLibrary.defaultCase] ?? ""
        }
        let (parsed, problems) = Lesson.parse(name: name, text: text)
        if !problems.isEmpty {
            writeErrorOutput(Diagnostic.rendered(problems, color: false))
            throw ExitCode(1)
        }
        if check {
            let failures = LessonChecker(limits: limitOptions.limits).check(parsed)
            for f in failures { print(f) }
            let blocks = parsed.steps.reduce(0) { $0 + $1.blocks.count }
            let exercises = parsed.steps.reduce(0) { $0 + $1.blocks.filter { $0.kind == .exercise }.count }
            func counted(_ n: Int, _ thing: String) -> String { "\(n) \(thing)\(n == 1 ? "" : "s")" }
            print(
                "\(name): \(counted(parsed.steps.count, "step")), \(counted(blocks, "block")), \(counted(exercises, "exercise")): \(failures.isEmpty ? "ok" : "\(failures.count) failed")"
            )
            throw ExitCode(failures.isEmpty ? 0 : 3)
        }
        // Progress is kept under the lesson file's real path: under the name as typed, `t.md` in
        // two folders shared one entry (each offered the other's step, and wiped it), and
        // `./t.md` and `t.md` kept two.
        var progressKey = name
        if lesson != nil, let resolved = realPath(name) { progressKey = resolved }
        var guide = TourGuide(lesson: parsed, restart: restart, progressKey: progressKey)
        var limits = limitOptions.limits
        limits.cancel = guide.cancel
        guide.session.limits = limits
        guide.hearCtrlC()
        throw ExitCode(guide.run())
    }
}

/// A text shared with the Ctrl-C watcher's thread.
final class PromptBox: Sendable {
    private let text = Mutex<String>("")
    /// Whether the tour is waiting at this prompt, so that `fg` after Ctrl-Z draws it again.
    private let waiting = Mutex<Bool>(false)
    func set(_ s: String) { text.withLock { $0 = s } }
    func get() -> String { text.withLock { $0 } }
    func wait(_ on: Bool) { waiting.withLock { $0 = on } }
    var isWaiting: Bool { waiting.withLock { $0 } }
}

/// Where each lesson's learner got to, kept in one small JSON file.
struct TourProgress {
    static var path: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["CASEBOOK_TOUR_STATE"], !p.isEmpty { return p }
        // As for the history (HistoryFile.defaultPath): the XDG spec says a relative value is
        // invalid and must be ignored.
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let base = env["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (home + "/.local/state")
        return base + "/casebook/tour.json"
    }

    /// Each lesson's saved step. An entry that is not a step (the file edited by hand) is
    /// skipped, not the whole file: saving writes back every lesson read here.
    static func load() -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: path), case let .success(all) = parse(data) else {
            return [:]
        }
        return all
    }

    /// The steps in a progress file's text; an empty file has none. Fails for text that is not
    /// a JSON object, which saving must not overwrite.
    static func parse(_ data: Data) -> Result<[String: Int], Diagnostic> {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success([:]) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(
                .plain(
                    "cannot save progress: '\(path)' is not a progress file the tour can read",
                    hint: "it was left as it is; move it away, or set CASEBOOK_TOUR_STATE to another file"))
        }
        return .success(object.compactMapValues(step))
    }

    /// A saved step: a whole number, not `true` (which NSNumber reads as 1) or `2.5`.
    static func step(_ entry: Any) -> Int? {
        guard let n = entry as? NSNumber, String(cString: n.objCType) != "c", n.doubleValue == Double(n.intValue)
        else { return nil }
        return n.intValue
    }

    /// Saved through a temporary file and a rename, so a kill never leaves half a file, and under
    /// a lock on the file, read afresh: two tours at once each keep the other's lessons. Returns
    /// why it could not be saved, or nil.
    static func save(lesson: String, step: Int) -> Diagnostic? {
        if path.contains("/") {
            try? FileManager.default.createDirectory(atPath: parentDirectory(path), withIntermediateDirectories: true)
        }
        // Opened for reading, which creates it and never waits on a pipe.
        var created = false
        var fd = openLocked(path, O_RDONLY | O_CREAT, mode: 0o644, created: &created)
        guard fd >= 0 else { return cannotWrite(path, errno) }
        var saved = false
        defer {
            if fd >= 0 {
                // A file made here for a save that failed would be left empty.
                if created && !saved { removeIfMadeEmpty(fd, path) }
                close(fd)
            }
        }
        var info = stat()
        var all: [String: Int] = [:]
        if fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG {
            guard let bytes = readWhole(fd) else { return cannotWrite(path, errno) }
            switch parse(Data(bytes)) {
            case let .success(read): all = read
            case let .failure(d): return d
            }
        } else {
            // A device or pipe, written in place: held open here, a pipe would have a reader
            // (this process) and take the text only to lose it.
            close(fd)
            fd = -1
        }
        all[lesson] = step
        guard let data = try? JSONSerialization.data(withJSONObject: all, options: [.sortedKeys]) else { return nil }
        do {
            try writeAtomically(String(decoding: data, as: UTF8.self), to: path)
            saved = true
            return nil
        } catch let e as WriteError {
            return e.diagnostic
        } catch {
            return .plain("cannot write '\(path)': \(error)")
        }
    }
}

/// The interactive walk through one lesson.
struct TourGuide {
    let lesson: Lesson
    let restart: Bool
    /// What the lesson's progress is saved under: its file's real path, or a built-in's name.
    let progressKey: String
    let session = Session()
    /// Blocks whose clauses are already in the session, by step and index, so skipping or
    /// going back never loads a fact twice or leaves a later step without its facts.
    var loaded = Set<[Int]>()
    let color = usesColor(1)
    var formatter = Formatter(format: .table)
    let input = StandardInputLines()
    /// Ctrl-C cancels the running query, as at the REPL, and the tour goes on.
    let cancel = CancelToken()
    var watcher: InterruptWatcher?
    /// The prompt being answered, drawn again after a Ctrl-C there.
    let currentPrompt = PromptBox()

    init(lesson: Lesson, restart: Bool, progressKey: String) {
        self.lesson = lesson
        self.restart = restart
        self.progressKey = progressKey
        formatter.width = isatty(1) != 0 ? terminalColumns() ?? 80 : nil
        formatter.rowLimit = 30
        formatter.color = color
    }

    func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }

    /// Makes Ctrl-C cancel the running query instead of ending the tour (and the learner's
    /// rules with it). At a prompt, where the terminal drops what was typed on the line, the
    /// tour says how to leave and asks again.
    mutating func hearCtrlC() {
        let prompt = currentPrompt
        redrawAfterFg(prompt)
        let fd = cedit_install_sigint_handler()
        guard fd >= 0 else { return }
        let dim = { [color] (s: String) in color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
        watcher = InterruptWatcher(
            pipe: fd, token: cancel,
            idle: {
                let again = prompt.get()
                writeAll(
                    1, Array(("\n" + dim("(Ctrl-C stops a running query; :quit leaves the tour)") + "\n" + again).utf8))
            })
    }

    /// After Ctrl-Z and `fg` at a prompt the terminal has dropped the line typed so far, and
    /// the shell's output stands where the prompt was: it is drawn again, as the REPL does.
    private func redrawAfterFg(_ prompt: PromptBox) {
        guard isatty(0) != 0, isatty(1) != 0 else { return }
        let fd = cedit_install_sigcont_pipe()
        guard fd >= 0 else { return }
        watchSignalPipe(fd, name: "casebook-continue") {
            if prompt.isWaiting { writeAll(1, Array(prompt.get().utf8)) }
        }
    }

    /// Runs `body` with Ctrl-C wired to the session's cancel token.
    func whileCancellable<T>(_ body: () throws -> T) rethrows -> T {
        try runCancellably(cancel, watcher, body)
    }

    /// What the learner typed, or nil at end of input.
    func ask(_ prompt: String) -> String? {
        currentPrompt.set(prompt)
        print(prompt, terminator: "")
        currentPrompt.wait(true)
        defer { currentPrompt.wait(false) }
        return input.next()
    }

    mutating func run() -> Int32 {
        if let name = lesson.caseName {
            guard let source = CaseLibrary.source(name) else {
                writeErrorOutput("no built-in case '\(name)'\n")
                return 1
            }
            session.load(source)
        }
        print(bold(lesson.title))
        if !lesson.introduction.isEmpty { print(wrap(lesson.introduction)) }
        print(dim("Enter runs what is offered; type a query of your own at any prompt; :next, :back, :quit."))
        var step = 0
        let saved = TourProgress.load()[progressKey] ?? 0
        if !restart, saved > 0, saved < lesson.steps.count {
            let answer = ask(
                "You stopped at step \(saved + 1) of \(lesson.steps.count) (\(lesson.steps[saved].title)). Resume there? [Y/n] "
            )
            guard let a = answer else { return 0 }
            if !a.lowercased().hasPrefix("n") { step = saved }
        }
        // Whether progress could not be saved: said once, when it first fails, and again at the
        // end, instead of "Progress saved".
        var unsaved = false
        func saveProgress(_ step: Int) {
            guard let problem = TourProgress.save(lesson: progressKey, step: step) else {
                unsaved = false
                return
            }
            if !unsaved {
                writeErrorOutput(
                    problem.render(color: false) + "\n  (the tour goes on, but cannot remember where you stop)\n")
            }
            unsaved = true
        }
        while step < lesson.steps.count {
            saveProgress(step)
            for earlier in 0..<step { loadSilently(step: earlier) }
            switch runStep(step) {
            case .next: step += 1
            case .back: step = max(0, step - 1)
            case .quit:
                print(
                    unsaved
                        ? "Progress could not be saved (see above)."
                        : "Progress saved at step \(step + 1). Run 'casebook tour' again to resume.")
                return 0
            }
        }
        saveProgress(0)
        print(bold("End of the lesson.") + " Explore on your own with 'casebook'.")
        return 0
    }

    enum Move { case next, back, quit }

    mutating func runStep(_ n: Int) -> Move {
        let step = lesson.steps[n]
        print("\n" + bold("── Step \(n + 1) of \(lesson.steps.count): \(step.title) ──"))
        var blockIndex = 0
        for part in step.parts {
            switch part {
            case let .text(t):
                print(wrap(t))
            case let .block(b):
                defer { blockIndex += 1 }
                let move: Move?
                switch b.kind {
                case .example: move = offerExample(b, id: [n, blockIndex])
                case .exercise: move = askExercise(b, id: [n, blockIndex])
                }
                if let m = move {
                    if m == .next { loadSilently(step: n) }
                    return m
                }
            }
        }
        while true {
            guard let line = ask(dim("[Enter] next step · :back · :quit › ")) else { return .quit }
            if TourGuide.isCommand(line) {
                if let m = command(line) { return m }
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { return .next }
            runLearnerQuery(line)
        }
    }

    /// The plain words that leave, as at the REPL (`quit`, SWI-Prolog's `halt.`): a learner
    /// trying them got "unknown relation 'quit'". The tour states no facts, so `exit.` is none.
    static let quitWords: Set<String> = ["quit", "exit", "halt", "quit.", "exit.", "halt."]

    /// The line without a `%` comment after a command or a word that leaves (`halt % done`), as
    /// a clause's comment is dropped; other lines as they are, trimmed.
    static func bare(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let before = String(trimmed.prefix(while: { $0 != "%" })).trimmingCharacters(in: .whitespaces)
        return before.hasPrefix(":") || quitWords.contains(before.lowercased()) ? before : trimmed
    }

    /// Whether a line is for `command`: a `:` command, or a word that leaves.
    static func isCommand(_ line: String) -> Bool {
        let trimmed = bare(line)
        return trimmed.hasPrefix(":") || quitWords.contains(trimmed.lowercased())
    }

    func command(_ line: String) -> Move? {
        if TourGuide.quitWords.contains(TourGuide.bare(line).lowercased()) { return .quit }
        switch TourGuide.bare(line) {
        case ":hint", ":h", ":show", ":s":
            print("There is no exercise here; Enter goes on.")
            return nil
        case ":next", ":n": return .next
        case ":back", ":b": return .back
        case ":quit", ":q", ":exit": return .quit
        case let other:
            if other.hasPrefix(":") {
                print("Unknown command \(other): the tour knows :next, :back, :quit, :hint and :show.")
            }
            return nil
        }
    }

    /// Shows an example and runs it on Enter; returns a move if the learner asked for one.
    mutating func offerExample(_ b: LessonBlock, id: [Int]) -> Move? {
        let shown = b.code.split(separator: "\n").filter { !$0.hasPrefix("%>") && !$0.hasPrefix("% hint:") }
        print(Value.pictured(shown.map { "    " + $0 }.joined(separator: "\n"), keepingLayout: true))
        while true {
            guard let line = ask(dim("[Enter] run it · or type a query › ")) else { return .quit }
            if TourGuide.isCommand(line) {
                if let m = command(line) { return m }
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                runBlock(b, id: id, show: true)
                return nil
            }
            runLearnerQuery(line)
        }
    }

    /// Asks an exercise until it is solved, shown or skipped.
    mutating func askExercise(_ b: LessonBlock, id: [Int]) -> Move? {
        let question = b.code.split(separator: "\n").filter {
            $0.hasPrefix("%") && !$0.hasPrefix("%>") && !$0.hasPrefix("% hint:")
        }
        .map { $0.dropFirst().trimmingCharacters(in: .whitespaces) }
        print(bold("Exercise: ") + Value.pictured(question.joined(separator: " "), keepingLayout: true))
        let source = b.source(lessonName: lesson.name)
        let expected = Expectations.read(source).blocks.compactMap { $0 }.first
        var hintsGiven = 0
        var tries = 0
        while true {
            guard let line = ask("your query › ") else { return .quit }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // :hint and :show are this prompt's own; `command` answers them for the others.
            if trimmed != ":hint" && trimmed != ":h" && trimmed != ":show" && trimmed != ":s",
                let m = command(trimmed)
            {
                return m
            }
            if trimmed == ":hint" || trimmed == ":h" {
                if b.hints.isEmpty {
                    print("No hint for this one; :show shows the solution.")
                } else {
                    print("Hint: " + b.hints[min(hintsGiven, b.hints.count - 1)])
                    hintsGiven += 1
                }
                continue
            }
            if trimmed == ":show" || trimmed == ":s" {
                let solution = b.code.split(separator: "\n").filter { !$0.hasPrefix("%") }
                print(
                    "Solution:\n"
                        + Value.pictured(solution.map { "    " + $0 }.joined(separator: "\n"), keepingLayout: true))
                runBlock(b, id: id, show: true)
                return nil
            }
            if trimmed.isEmpty { continue }
            guard let result = runLearnerQuery(trimmed, echo: false) else { continue }
            guard let e = expected else { return nil }
            let c = AnswerComparison.compare(actual: result, expected: e)
            if c.matches {
                print(bold("Right.") + " \(result.rows.count) answer\(result.rows.count == 1 ? "" : "s"), as expected.")
                runBlock(b, id: id, show: false)
                return nil
            }
            tries += 1
            if c.columnCountDiffers {
                print(
                    "Not quite: the answers should have \(e.columns?.count ?? 0) column\(e.columns?.count == 1 ? "" : "s")."
                )
            } else {
                var parts: [String] = []
                if !c.missing.isEmpty {
                    parts.append("\(c.missing.count) answer\(c.missing.count == 1 ? " is" : "s are") missing")
                }
                if !c.extra.isEmpty {
                    parts.append(
                        "\(c.extra.count) should not be there: "
                            + c.extra.prefix(5).map { $0.joined(separator: ", ") }.joined(separator: "; "))
                }
                print("Not quite: " + parts.joined(separator: ", and ") + ".")
            }
            print(
                dim(
                    b.hints.isEmpty
                        ? "Try again, or :show for the solution."
                        : "Try again, :hint for a hint, or :show for the solution."))
        }
    }

    /// Loads the examples and exercise solutions of a step that were not run, so later steps
    /// that build on their facts and rules still work.
    mutating func loadSilently(step n: Int) {
        for (k, b) in lesson.steps[n].blocks.enumerated() where !loaded.contains([n, k]) {
            runBlock(b, id: [n, k], show: false)
        }
    }

    /// Adds a block's clauses to the session (once) and, if asked, prints its queries' answers
    /// with the sources behind them.
    mutating func runBlock(_ b: LessonBlock, id: [Int], show: Bool) {
        var source = b.source(lessonName: lesson.name)
        if loaded.contains(id) {
            guard show else { return }
            // Its facts and rules are in already: the block again with only its queries, each
            // where it stands, so a query over several lines or indented runs as written and
            // an error points at the lesson's own line. (Taking lines that start with `?-` cut
            // such queries short or skipped them.)
            var kept = source.bytes.map { $0 == UInt8(ascii: "\n") ? $0 : UInt8(ascii: " ") }
            for case let .query(_, _, span) in Parser.parse(source).clauses {
                kept.replaceSubrange(span.start..<span.end, with: source.bytes[span.start..<span.end])
            }
            source = SourceFile(name: lesson.name, text: String(decoding: kept, as: UTF8.self), firstLine: b.line)
        }
        loaded.insert(id)
        let diagnostics = whileCancellable {
            session.load(source) { outcome in
                guard show else { return true }
                switch outcome {
                case let .success(r): printAnswers(r)
                case let .failure(e):
                    // After Ctrl-C the terminal has echoed ^C on the current line.
                    if e.reason == .cancelled { print("") }
                    printError(e.diagnostic)
                }
                return true
            }
        }
        diagnostics.forEach(printError)
    }

    /// Runs what the learner typed (a query, or clauses to add); returns the query's result.
    @discardableResult
    func runLearnerQuery(_ text: String, echo: Bool = true) -> QueryResult? {
        let typed = text.trimmingCharacters(in: .whitespaces)
        // A comment alone: `?-` put before it would be a query cut short, an error.
        let scan = InputScanner(typed)
        if !scan.hasContent && scan.state != .blockComment {
            print(dim("(a comment alone: nothing to run)"))
            return nil
        }
        // Learners type queries; only a rule (with ':-') is added as a clause. The `?-` put
        // before a query goes on a line of its own, numbered 0, so that an error's line, column
        // and quoted text are those typed; the `.` put after goes on a line of its own too, so
        // that a `%` comment cannot swallow it, and an error there is moved to the end of the
        // text (`pointedAtTyped`).
        let prefix = !typed.hasPrefix("?-") && !typed.contains(":-") ? "?-\n" : ""
        let input = prefix + typed + (typed.hasSuffix(".") ? "" : "\n.")
        let typedEnd = (prefix + typed).utf8.count
        let source = SourceFile(name: "<input>", text: input, firstLine: prefix.isEmpty ? 1 : 0)
        let printError = { (d: Diagnostic) in self.printError(pointedAtTyped([d], typedEnd: typedEnd)[0]) }
        // Only rules are added. A fact among the clauses (`kind(E, x). kind(zz, x)`: the
        // second is no query once `?-` is put before the first) would be stated for good and
        // answer every later query, so nothing of the line runs.
        let parsed = Parser.parse(source)
        var asks = false
        if parsed.diagnostics.isEmpty {
            for clause in parsed.clauses {
                switch clause {
                case .query:
                    asks = true
                case .rule: continue
                case .fact, .facts, .declaration, .alias:
                    // As typed: without the line break before the `.` that was added.
                    let end = max(clause.span.start, min(clause.span.end, typedEnd))
                    var text = String(decoding: source.bytes[clause.span.start..<end], as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    if !text.hasSuffix(".") { text += "." }
                    print(
                        "'\(Value.pictured(text))' would state a fact, and the tour adds only rules (with ':-'); nothing was run. Ask one query at a time."
                    )
                    return nil
                }
            }
        }
        var last: QueryResult?
        let rulesBefore = session.program.rules.count
        let diagnostics = whileCancellable {
            session.load(source) { outcome in
                switch outcome {
                case let .success(r):
                    last = r
                    printAnswers(r)
                case let .failure(e):
                    if e.reason == .cancelled { print("") }
                    printError(e.diagnostic)
                    // A rule the learner typed that derives without end would stop every later
                    // query too, and a learner has no :retract: it goes, and the tour says so.
                    if e.reason != .arithmetic {
                        let dropped = session.removeRules(loadedFrom: "<input>")
                        if !dropped.isEmpty {
                            print(
                                dim(
                                    "The rules you typed for \(dropped.joined(separator: ", ")) were dropped, so that the next queries can run; type them again to change them."
                                ))
                        }
                    }
                }
                return true
            }
        }
        diagnostics.forEach(printError)
        // Rules alone print no answers: without a word, the learner could not tell they were
        // taken (at an exercise, the prompt just came back).
        let added = session.program.rules.count - rulesBefore
        if !asks && diagnostics.isEmpty && added > 0 {
            print(
                dim(
                    "\(added == 1 ? "1 rule" : "\(added) rules") added; ask a query to use \(added == 1 ? "it" : "them")"
                ))
        }
        return last
    }

    /// Answers, then where they come from: each answer's cited sentences, source and firmness.
    func printAnswers(_ r: QueryResult) {
        var plain = r
        plain.explanations = nil
        print(formatter.render(plain), terminator: "")
        guard !r.rows.isEmpty, let why = whyResult(r) else { return }
        print(dim("where this comes from:"))
        for (k, row) in why.rows.enumerated().prefix(formatter.rowLimit ?? 30) where k < (why.explanations?.count ?? 0)
        {
            let claims = Formatter.claims(in: why.explanations![k])
            let label = r.isGround ? "true" : row.map(\.printable).joined(separator: ", ")
            let cites = claims.prefix(3).map(Formatter.citation).joined(separator: "; ")
            print(
                "  \(label) ← \(cites.isEmpty ? TourGuide.uncited(why.explanations![k]) : cites)\(claims.count > 3 ? "; …" : "")"
            )
        }
    }

    /// Where an answer with no cited fact behind it comes from: stated without a citation (by
    /// an `.alias`, for its names), or derived.
    static func uncited(_ explanations: [Explanation]) -> String {
        let stated = explanations.allSatisfy {
            if case .stated = $0.kind { return true }
            return false
        }
        guard stated, !explanations.isEmpty else { return "derived without cited facts" }
        if explanations.allSatisfy({ $0.fact.hasPrefix("alias(") }) {
            return "an .alias name, stated without a citation"
        }
        return "stated without a citation"
    }

    /// The same query asked with `why`, for its sources.
    func whyResult(_ r: QueryResult) -> QueryResult? {
        let body = r.text.trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix("?-"), !body.dropFirst(2).trimmingCharacters(in: .whitespaces).hasPrefix("why ") else {
            return r.explanations == nil ? nil : r
        }
        var result: QueryResult?
        _ = whileCancellable {
            session.load(
                SourceFile(name: "<why>", text: "?- why " + body.dropFirst(2).trimmingCharacters(in: .whitespaces))
            ) {
                if case let .success(w) = $0 { result = w }
                return true
            }
        }
        return result
    }

    func printError(_ d: Diagnostic) {
        writeOutput(d.render(color: color) + "\n")
    }

    /// Wraps narration to the terminal, keeping Markdown list items and blank lines.
    func wrap(_ text: String) -> String {
        let width = min(formatter.width ?? 80, 100)
        var out: [String] = []
        // Markdown soft line breaks join; list items keep their own lines. Each paragraph is kept
        // as its lines and joined once: joining line by line copied the paragraph so far at every
        // line, so a paragraph of 160,000 lines took 97 s.
        var paragraphs: [[Substring]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isItem = line.hasPrefix("- ") || line.hasPrefix("* ") || line.first?.isNumber == true
            if let first = paragraphs.last?.first, !first.isEmpty, !line.isEmpty, !isItem {
                paragraphs[paragraphs.count - 1].append(line)
            } else {
                paragraphs.append([line])
            }
        }
        for paragraph in paragraphs {
            var current = ""
            var columns = 0
            for word in paragraph.lazy.flatMap({ $0.split(separator: " ") }) {
                let length = word.count
                if !current.isEmpty && columns + 1 + length > width {
                    out.append(current)
                    current = "  "
                    columns = 2
                }
                if !(current.isEmpty || current == "  ") {
                    current += " "
                    columns += 1
                }
                current += word
                columns += length
            }
            out.append(current)
        }
        return out.joined(separator: "\n")
    }
}
