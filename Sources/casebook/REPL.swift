// The interactive prompt: `casebook` with no arguments on a terminal.
//
// Each entry is read with libedit (LineEditor), line by line until the clause's final '.'
// (InputScanner), then handed to the session like a small file named <input>: facts and rules
// are added, `?-` queries print their answers. Lines starting with ':' are meta-commands.
// Ctrl-C cancels a running query through the session's CancelToken (InterruptWatcher).

import CEditLine
import CasebookKit
import Foundation
import Synchronization

/// What the prompt opens on: the built-in case (`--case NAME`, else the default one).
/// Returns a short description for the banner and any problems loading it, or nil when there is
/// no such case.
func loadStartupCase(session: Session, name: String = CaseLibrary.defaultCase) -> (
    title: String, diagnostics: [Diagnostic]
)? {
    guard let source = CaseLibrary.source(name) else { return nil }
    return ("the \(name) case", session.load(source))
}

/// The read-eval-print loop, with its settings (`:format`, `:limit`, `:timer`) and state.
final class REPL {
    private let options: EvaluationOptions
    private(set) var session = Session()
    private var format: OutputFormat
    /// Rows shown per answer before "… N more rows" (nil: all).
    private var rowLimit: Int? = 40
    private var timer = false
    /// The last query answered, which `:why` explains.
    private var lastQuery: QueryResult?
    /// Lines of an entry still waiting for its final '.'.
    private var pending: [String] = []
    private var hintedContinuation = false
    /// Bumped whenever the facts may have changed, so completion collects symbols again.
    private var generation = 0
    private var startupTitle: String?
    private var quitting = false
    /// Whether some output could not be written (a full disk): the session then exits with 1.
    private var outputLost = false
    /// Whether some error message could not be written (`casebook 2> log` on a full disk).
    private var errorsLost = false

    private let history = HistoryFile(path: HistoryFile.defaultPath())
    private let cancel = CancelToken()
    private var watcher: InterruptWatcher?
    private var editor: LineEditor?
    private lazy var completer = Completer(
        commands: REPL.commands.map(\.name), session: { [unowned self] in self.session },
        pending: { [unowned self] in self.pending.joined(separator: "\n") })

    /// Colour and bold on each stream: only on a terminal, never with NO_COLOR or TERM=dumb.
    private let color: Bool
    private let errorColor: Bool

    init(options: EvaluationOptions) {
        self.options = options
        format = options.format
        let env = ProcessInfo.processInfo.environment
        let plain = env["NO_COLOR"] != nil || env["TERM"] == "dumb"
        color = !plain && isatty(1) != 0
        errorColor = !plain && isatty(2) != 0
    }

    // MARK: The loop

    /// Runs until :quit or Ctrl-D; returns the exit status.
    func run() -> Int32 {
        guard let editor = LineEditor() else {
            writeError(
                "casebook: cannot start line editing on this terminal; pipe a script in instead (casebook < FILE)\n")
            return 1
        }
        self.editor = editor
        let fd = cedit_install_sigint_handler()
        if fd >= 0 { watcher = InterruptWatcher(pipe: fd, token: cancel) }
        cedit_install_sigquit_handler()
        cedit_install_termination_handlers()
        // Output into a pipe whose reader has gone fails with EPIPE, and the session then ends
        // quietly (see `outputFailed`), whatever the parent left SIGPIPE as.
        signal(SIGPIPE, SIG_IGN)

        history.load()
        editor.setHistorySize(history.limit)
        for entry in history.entries { editor.addHistory(entry) }
        completer.interrupted = { cedit_sigint_pending() != 0 }
        editor.complete = { [unowned self] line in
            self.completer.complete(line, generation: self.generation, width: terminalColumns())
        }

        startSession(loadCase: true)
        for path in options.doc { loadDocument(path) }
        write(banner() + "\n")

        while !quitting {
            let prompt = pending.isEmpty ? promptText("casebook> ") : promptText("     ...> ", dim: true)
            // Keys already waiting when the prompt is drawn were typed ahead or pasted.
            let waitingBefore = inputIsWaiting()
            switch editor.readLine(prompt: prompt) {
            case .endOfInput:
                writeAfterPrompt("\n")
                if !pending.isEmpty {
                    // Ctrl-D in the middle of an entry drops the entry, not the session; at the
                    // main prompt it quits as usual. (A terminal that closed ends there too.)
                    let entry = pending.joined(separator: " ")
                    pending = []
                    let start = "\"" + Value.pictured(String(entry.prefix(40)))
                    writeError(
                        (entry.count > 40
                            ? "dropped the unfinished entry that began \(start)…\" (cut at 40 of its \(entry.count) characters)"
                            : "dropped the unfinished entry \(start)\"") + "; Ctrl-D again quits\n")
                    continue
                }
                quitting = true
            case .interrupted:
                // Ctrl-C at the prompt drops the line (and any unfinished entry), never quits.
                writeAfterPrompt("\n")
                pending = []
            case let .line(line):
                handle(line, pasted: waitingBefore || inputIsWaiting())
            }
        }
        return outputLost || errorsLost ? 1 : 0
    }

    private func promptText(_ text: String, dim: Bool = false) -> String {
        guard color else { return text }
        // \1 … \1 marks the escape sequence as invisible, so libedit measures the prompt right.
        let style = dim ? "\u{1}\u{1B}[2m\u{1}" : "\u{1}\u{1B}[1m\u{1}"
        return style + text.trimmingTrailingWhitespace() + "\u{1}\u{1B}[0m\u{1} "
    }

    /// A fresh session with the limits from the command line, and the case unless asked not to.
    private func startSession(loadCase: Bool) {
        session = Session()
        var limits = options.limits
        limits.cancel = cancel
        session.limits = limits
        lastQuery = nil
        generation += 1
        startupTitle = nil
        guard loadCase else { return }
        if let loaded = loadStartupCase(session: session, name: options.caseName ?? CaseLibrary.defaultCase) {
            report(loaded.diagnostics)
            startupTitle = loaded.title
        }
    }

    private func banner() -> String {
        let (relations, facts, rules) = counts()
        let what: String
        if let title = startupTitle {
            what = "\(title): \(relations) relations, \(facts) facts, \(rules) rules."
        } else {
            what = "no case loaded; type facts, rules and ?- queries."
        }
        return "Casebook — \(what) :help for help, Ctrl-D to quit."
    }

    /// Relations, stated facts and rules the user's program has (built-in relations left out).
    private func counts() -> (relations: Int, facts: Int, rules: Int) {
        let mine = session.program.relations.values.filter { !$0.builtin }
        let facts = mine.reduce(0) { $0 + (session.database[$1.name]?.baseCount ?? 0) }
        return (mine.count, facts, session.program.rules.count)
    }

    /// Whether keys wait on standard input, unread: the line just read came with others, as a
    /// paste or typed ahead. (libedit reads a byte at a time, so the rest stays in the terminal.)
    private func inputIsWaiting() -> Bool {
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0 && p.revents & Int16(POLLIN) != 0
    }

    /// `halt.`, `quit.` and `exit.`: SWI-Prolog's way to leave, and also facts of the language.
    static let quittingClauses: Set<String> = ["halt.", "quit.", "exit."]

    /// One line typed: a meta-command, or a piece of an entry. `pasted`: the line came with
    /// others (a paste, or typed ahead while work ran).
    private func handle(_ line: String, pasted: Bool = false) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if pending.isEmpty {
            if trimmed.isEmpty { return }
            if REPL.quittingClauses.contains(trimmed) {
                let word = String(trimmed.dropLast())
                if pasted {
                    // In a pasted script it is a fact: quitting there would lose the session
                    // and the rest of the paste without a word.
                    write(
                        dim(
                            "('\(trimmed)' came with other lines, so it is stated as a fact, not taken as quitting; :quit or Ctrl-D quits)"
                        ) + "\n")
                } else {
                    remember(trimmed)
                    write(
                        dim("quitting ('\(trimmed)' quits here, as in SWI-Prolog; \(word)(). states the fact)") + "\n")
                    quitting = true
                    return
                }
            } else if let (command, argument) = REPL.metaCommand(trimmed) {
                remember(trimmed)
                runCommand(command, argument)
                return
            }
        } else if trimmed.hasPrefix(":"), let (command, argument) = REPL.metaCommand(trimmed) {
            // A meta-command in the middle of an entry runs at once (as in psql); the unfinished
            // entry waits, since the '.' was most likely forgotten.
            remember(trimmed)
            runCommand(command, argument)
            if !quitting {
                write(
                    dim(
                        "(still waiting for the '.' that ends: \(pending.joined(separator: " ").prefix(40)); Ctrl-C drops it)"
                    ) + "\n")
            }
            return
        }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        let scan = InputScanner(text)
        if !scan.hasContent && scan.state != .blockComment {
            pending = []  // only comments: nothing to do
            return
        }
        guard scan.isComplete else {
            if trimmed.isEmpty && !hintedContinuation {
                hintedContinuation = true
                write(dim("(the entry goes on until a clause ends with '.'; Ctrl-C drops it)") + "\n")
            }
            return
        }
        pending = []
        remember(InputScanner.historyLine(text))
        evaluate(SourceFile(name: "<input>", text: text))
    }

    private func remember(_ entry: String) {
        guard !entry.isEmpty else { return }
        history.append(entry)
        if let problem = history.takeProblem() { writeError("warning: \(problem)\n") }
        editor?.addHistory(entry)
    }

    // MARK: Evaluating

    /// Loads a source into the session, printing each query's answers and what was added.
    /// Ctrl-C while it runs cancels the query and keeps the facts.
    private func evaluate(_ file: SourceFile) {
        // A typed entry's queries are on screen already; a file's are named before their answers.
        let typed = file.name == "<input>"
        let before = counts()
        let claimsBefore = session.program.claims.count
        var queries = 0
        var stopped = false
        var lap = DispatchTime.now().uptimeNanoseconds
        let diagnostics = whileCancellable {
            session.load(file) { outcome in
                queries += 1
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - lap) / 1e6
                switch outcome {
                case let .success(result):
                    lastQuery = result
                    if !typed {
                        write((queries > 1 ? "\n" : "") + bold(Value.pictured(result.text, keepingLayout: true)) + "\n")
                    }
                    // Formatting two million answers takes seconds: Ctrl-C stops it every
                    // thousand rows, as it stops evaluation. Printing can take long too; Ctrl-C
                    // stops it, and presses while it moves on are not counted (see
                    // InterruptWatcher).
                    guard let text = try? render(result, stop: stopIfCancelled) else {
                        stopped = true
                        // The terminal has echoed ^C on the current line.
                        writeError("\n(Ctrl-C: output stopped)\n")
                        return false
                    }
                    watcher?.printing(true)
                    defer { watcher?.printing(false) }
                    guard writeStoppably(text) else {
                        stopped = true
                        // The terminal has echoed ^C on the current line.
                        writeError("\n(Ctrl-C: output stopped)\n")
                        return false
                    }
                    if timer { write(dim(String(format: "time: %.1f ms", elapsed)) + "\n") }
                    lap = DispatchTime.now().uptimeNanoseconds
                    return true
                case let .failure(error):
                    stopped = true
                    if error.reason == .cancelled {
                        // The terminal has echoed ^C on the current line.
                        let kept =
                            "facts and rules kept (if a rule derives without end, :retract RELATION drops its rules)"
                        if typed {
                            writeError("\n\(error.diagnostic.message); \(kept)\n")
                        } else {
                            // A file's query was not on the screen: where it is, and its text.
                            writeError("\n")
                            report([error.diagnostic])
                            writeError(kept + "\n")
                        }
                    } else {
                        report([error.diagnostic])
                    }
                    return false
                }
            }
        }
        let cancelled = diagnostics.count == 1 && diagnostics[0].isCancellation
        if cancelled {
            // The terminal has echoed ^C on the current line.
            writeError("\n\(diagnostics[0].message)\n")
            guard diagnostics[0].keptSome else { return }
        } else {
            report(diagnostics)
            guard diagnostics.isEmpty else { return }
        }
        generation += 1
        // Claims added after a document was loaded are checked against it as they come, as
        // `run --doc` checks a script's.
        if !session.documents.isEmpty { report(session.checkCitations(from: claimsBefore)) }
        if stopped && !typed {
            writeError("stopped at that query: the rest of \(file.name) was not loaded\n")
        }
        let after = counts()
        let facts = after.facts - before.facts
        let rules = after.rules - before.rules
        if queries == 0 || !typed || cancelled {
            var parts: [String] = []
            if facts > 0 { parts.append("\(facts) fact\(facts == 1 ? "" : "s")") }
            if rules > 0 { parts.append("\(rules) rule\(rules == 1 ? "" : "s")") }
            write(dim(parts.isEmpty ? "ok" : parts.joined(separator: ", ") + " added") + "\n")
        }
    }

    /// Runs `body` with Ctrl-C wired to the session's cancel token.
    private func whileCancellable<T>(_ body: () throws -> T) rethrows -> T {
        try runCancellably(cancel, watcher, body)
    }

    private func render(_ result: QueryResult, stop: () throws -> Void) throws -> String {
        var formatter = Formatter(format: format, width: terminalColumns(), rowLimit: rowLimit, color: color)
        formatter.documents = session.documents
        return try formatter.render(result, stop: stop)
    }

    // MARK: Meta-commands

    /// A meta-command: its name, what it takes, and what it does (for :help).
    struct Command {
        var name: String
        var arguments: String
        var summary: String
    }

    static let commands: [Command] = [
        Command(name: ":help", arguments: "[topic]", summary: "this help; topics below, or a relation's name"),
        Command(name: ":schema", arguments: "[relation]", summary: "relations: columns, types and how many facts"),
        Command(name: ":load", arguments: "FILE", summary: "load a program file (its queries are answered)"),
        Command(name: ":doc", arguments: "FILE", summary: "load the article: check citations, quote sentences in why"),
        Command(name: ":why", arguments: "[row]", summary: "explain the last query's answers (or just row N)"),
        Command(name: ":timeline", arguments: "[query]", summary: "dated events drawn in order, at their precision"),
        Command(name: ":graph", arguments: "[entity [depth]]", summary: "who is tied to whom (around an entity)"),
        Command(
            name: ":format", arguments: "FORMAT",
            summary: "answers as \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"),
        Command(name: ":timer", arguments: "on|off", summary: "show how long each query takes"),
        Command(name: ":limit", arguments: "N", summary: "show at most N rows of a table (0: all)"),
        Command(name: ":history", arguments: "[N|clear]", summary: "what you typed, oldest first (the last N)"),
        Command(
            name: ":retract", arguments: "RELATION", summary: "drop the rules that define a relation (its facts stay)"),
        Command(name: ":reset", arguments: "[empty]", summary: "forget what was typed and loaded; reload the case"),
        Command(name: ":quit", arguments: "", summary: "leave (Ctrl-D too)"),
    ]

    /// Short forms and the spellings other tools use, so habits carry over.
    static let commandAliases: [String: String] = [
        ":q": ":quit", ":exit": ":quit", ":h": ":help", ":?": ":help",
        // sqlite3
        ".quit": ":quit", ".exit": ":quit", ".help": ":help", ".schema": ":schema", ".tables": ":schema",
        ".read": ":load", ".mode": ":format", ".timer": ":timer",
        // psql
        "\\q": ":quit", "\\?": ":help", "\\h": ":help", "\\d": ":schema", "\\dt": ":schema", "\\i": ":load",
        "\\timing": ":timer",
        // SWI-Prolog and plain words (typed without a colon)
        // (`halt.`, `quit.` and `exit.` are clauses too: see `quittingClauses`.)
        "halt": ":quit", "quit": ":quit", "exit": ":quit", "help": ":help", "help.": ":help",
    ]

    /// The plain words above that are not commands when a clause follows them: `exit .` and
    /// `exit :- p.` are clauses (`quit(1).` is one word, no command).
    static let wordsAlone: Set<String> = ["halt", "quit", "exit"]

    /// The meta-command a line asks for, with its argument, or nil if the line is a clause.
    static func metaCommand(_ line: String) -> (String, String)? {
        let word = String(line.prefix(while: { $0 != " " && $0 != "\t" }))
        var argument = line.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        // A comment after the command (`halt % done`), as after a clause: no argument.
        if argument == "%" || argument.hasPrefix("% ") || argument.hasPrefix("%\t") { argument = "" }
        if let name = commandAliases[word],
            !wordsAlone.contains(word) || !(argument.hasPrefix(".") || argument.hasPrefix(":-"))
        {
            return (name, argument)
        }
        // `:-` would start a rule body, and `.decl`/`.alias` are clauses. Anything else after a
        // colon (`:`, `::`, `:1`, `: help`) is a command, unknown: said so, not taken for the
        // start of a clause.
        guard word.hasPrefix(":"), !word.hasPrefix(":-") else { return nil }
        guard word.count > 1, word.dropFirst().first!.isLetter else { return (word, argument) }
        if commands.contains(where: { $0.name == word }) { return (word, argument) }
        // A unique prefix is enough: `:sch`, `:ti` is ambiguous (:timeline, :timer).
        let matches = commands.filter { $0.name.hasPrefix(word) }
        return (matches.count == 1 ? matches[0].name : word, argument)
    }

    private func runCommand(_ name: String, _ argument: String) {
        switch name {
        case ":help": help(argument)
        case ":schema": schema(argument)
        case ":load": load(argument)
        case ":doc": loadDocument(argument)
        case ":why": why(argument)
        case ":timeline": timeline(argument)
        case ":graph": graph(argument)
        case ":format": setFormat(argument)
        case ":timer": setTimer(argument)
        case ":limit": setLimit(argument)
        case ":history": showHistory(argument)
        case ":retract":
            guard !argument.isEmpty, !argument.contains(" ") else { return usage(":retract") }
            let n = session.removeRules(defining: argument)
            if n == 0 {
                writeError("no rules define '\(Value.pictured(argument))'\n")
            } else {
                write("dropped \(n) rule\(n == 1 ? "" : "s") defining '\(argument)'; its stated facts stay\n")
            }
        case ":reset":
            guard argument.isEmpty || argument == "empty" else { return usage(":reset") }
            startSession(loadCase: argument.isEmpty)
            write(dim(startupTitle.map { "reset: \($0) reloaded" } ?? "reset: nothing loaded") + "\n")
            // Documents named on the command line come back too; ones from :doc do not.
            for path in options.doc { loadDocument(path) }
        case ":quit":
            // As every other command given more than it takes: its usage, not a guess.
            guard argument.isEmpty else { return usage(":quit") }
            quitting = true
        default:
            let candidates = name == ":" ? [] : REPL.commands.filter { $0.name.hasPrefix(name) }.map(\.name)
            var hint = candidates.count > 1 ? " (did you mean \(candidates.joined(separator: " or "))?)" : ""
            if name == ":", let word = argument.split(separator: " ").first,
                let command = REPL.metaCommand(":" + word),
                command.0 != ":" + word || REPL.commands.contains(where: { $0.name == ":" + word })
            {
                // `: help`: the space after the colon.
                hint = " (did you mean \(command.0), without the space?)"
            }
            writeError("unknown command '\(Value.pictured(name))'\(hint); :help lists them\n")
        }
    }

    private func usage(_ name: String) {
        if let c = REPL.commands.first(where: { $0.name == name }) {
            writeError(
                c.arguments.isEmpty ? "usage: \(c.name) (it takes no arguments)\n" : "usage: \(c.name) \(c.arguments)\n"
            )
        }
    }

    private func setFormat(_ argument: String) {
        if argument.isEmpty { return write("format: \(format.rawValue)\n") }
        guard let f = OutputFormat(rawValue: argument.lowercased()) else { return usage(":format") }
        format = f
    }

    private func setTimer(_ argument: String) {
        switch argument.lowercased() {
        case "": timer.toggle()
        case "on": timer = true
        case "off": timer = false
        default: return usage(":timer")
        }
        write("timer: \(timer ? "on" : "off")\n")
    }

    private func setLimit(_ argument: String) {
        switch argument.lowercased() {
        case "": break
        case "0", "off", "none", "all": rowLimit = nil
        default:
            guard let n = Int(argument), n > 0 else { return usage(":limit") }
            rowLimit = n
        }
        write("limit: \(rowLimit.map { "\($0) row\($0 == 1 ? "" : "s")" } ?? "none")\n")
    }

    private func showHistory(_ argument: String) {
        if argument == "clear" {
            if let problem = history.clear() { writeError("history cleared in this session only: \(problem)\n") }
            editor?.clearHistory()
            return
        }
        let entries = history.entries
        var first = 0
        if !argument.isEmpty {
            guard let n = Int(argument), n >= 1 else { return usage(":history") }
            first = max(0, entries.count - n)
        }
        let digits = String(entries.count).count
        var out = ""
        for (k, e) in entries.enumerated() where k >= first {
            let n = String(k + 1)
            // An entry is shown, never acted on: its control characters (ESC, BEL, CR…) pictured.
            out += String(repeating: " ", count: digits - n.count) + n + "  " + Value.pictured(e) + "\n"
        }
        write(out)
    }

    /// `:load FILE`: like typing the file's text, with messages pointing into the file.
    private func load(_ argument: String) {
        guard !argument.isEmpty else { return usage(":load") }
        let path = REPL.unquote(argument)
        if refusingTheTerminal(path) { return }
        // A FIFO no one writes to (or a slow pipe) waits until Ctrl-C gives up on it.
        let read: Result<SourceFile, Diagnostic>? = whileCancellable {
            let result = readSource(path, stop: { [cancel] in cancel.isCancelled })
            return cancel.isCancelled ? nil : result
        }
        switch read {
        case nil: writeError("\ncancelled; \(path) was not loaded\n")
        case let .failure(d)?: report([d])
        case let .success(file)?: evaluate(file)
        }
    }

    /// Whether `path` is the terminal this prompt reads from (`-`, /dev/stdin, /dev/tty): read
    /// as a file, it would take the keys meant for the prompt, and Ctrl-C could not end it.
    /// Says so and returns true.
    private func refusingTheTerminal(_ path: String) -> Bool {
        var terminal = path == "-" && isatty(0) != 0
        // Decided by device numbers, without opening the path: opening another terminal, or
        // /dev/ptmx (which makes a new one), to ask isatty took them all for this one.
        var info = stat()
        var mine = stat()
        if !terminal, isatty(0) != 0, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFCHR, fstat(0, &mine) == 0 {
            // /dev/tty is whichever terminal controls the process: this one.
            var controlling = stat()
            terminal =
                info.st_rdev == mine.st_rdev
                || (stat("/dev/tty", &controlling) == 0 && info.st_rdev == controlling.st_rdev)
        }
        guard terminal else { return false }
        writeError(
            "cannot read '\(Value.pictured(path))': it is the terminal this prompt reads from; type the clauses at the prompt, or name a file\n"
        )
        return true
    }

    /// `:doc FILE`: the article the citations point into.
    private func loadDocument(_ argument: String) {
        guard !argument.isEmpty else { return usage(":doc") }
        let path = REPL.unquote(argument)
        if refusingTheTerminal(path) { return }
        // Loaded twice, each sentence was quoted twice under `why` and each warning given twice.
        if let mine = realPath(path), session.documents.contains(where: { realPath($0.name) == mine }) {
            return writeError("\(Value.pictured(path)) is loaded already\n")
        }
        // A long document takes a while (about 1.5 s per MB); Ctrl-C stops it, and a stopped
        // document leaves nothing in the session.
        enum Outcome {
            case loaded(Document, problems: [Diagnostic])
            case unreadable(Diagnostic)
            case cancelled
        }
        let outcome: Outcome = whileCancellable {
            let stopped = { [cancel] in if cancel.isCancelled { throw CancellationError() } }
            do {
                switch try casebook.loadDocument(path, checking: stopped) {
                case let .success(document):
                    return .loaded(document, problems: try session.add(document: document, checking: stopped))
                case let .failure(d): return .unreadable(d)
                }
            } catch {
                return .cancelled
            }
        }
        let document: Document
        let problems: [Diagnostic]
        switch outcome {
        case let .loaded(d, p): (document, problems) = (d, p)
        case let .unreadable(d): return report([d])
        case .cancelled: return writeError("\ncancelled; \(path) was not loaded\n")
        }
        generation += 1
        let shown = problems.prefix(10)
        report(Array(shown))
        if problems.count > shown.count { writeError("… and \(problems.count - shown.count) more citation problems\n") }
        let sentences = document.paragraphs.reduce(0) { $0 + $1.count }
        write(
            dim("\(path): \(document.paragraphs.count) paragraphs, \(sentences) sentences; why now quotes them") + "\n")
    }

    static func unquote(_ s: String) -> String {
        var s = s
        if s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "'" { s = String(s.dropFirst().dropLast()) }
        return expandingTilde(s)
    }

    /// `:why [row]`: runs the last query again as `?- why …` and prints the derivations.
    private func why(_ argument: String) {
        guard let last = lastQuery else {
            return writeError("no query to explain yet; ask one with ?- first\n")
        }
        var row: Int?
        if !argument.isEmpty {
            guard let n = Int(argument), n >= 1 else { return usage(":why") }
            guard !last.rows.isEmpty else {
                return writeError("the last query had no answers, so there is no answer \(n) to explain\n")
            }
            guard n <= last.rows.count else {
                return writeError(
                    "the last query has \(last.rows.count) answer\(last.rows.count == 1 ? "" : "s"); :why 1 to \(last.rows.count)\n"
                )
            }
            row = n
        }
        // The query as written, line breaks kept: its one-line text (`last.text`) joins the
        // lines, so a `%` comment on one of them would swallow the rest of the query.
        func goalOf(_ text: String) -> String {
            var goal = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if goal.hasPrefix("?-") { goal = String(goal.dropFirst(2)).trimmingCharacters(in: .whitespacesAndNewlines) }
            if goal.hasSuffix(".") { goal = String(goal.dropLast()) }
            // The last query may have been a `why` already (`?- why p(X).`, then `:why 2`).
            if goal.hasPrefix("why"), goal.dropFirst(3).first?.isWhitespace == true {
                goal = String(goal.dropFirst(3)).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return goal
        }
        let written = goalOf(last.file.text(last.span))
        let goal = goalOf(last.text)
        var explained: QueryResult?
        let diagnostics = whileCancellable {
            // The `.` on a line of its own, in case the last line ends in a comment.
            session.load(SourceFile(name: "<why>", text: "?- why \(written)\n.")) { outcome in
                switch outcome {
                case let .success(r): explained = r
                case let .failure(e):
                    if e.reason == .cancelled { writeError("cancelled\n") } else { report([e.diagnostic]) }
                }
                return false
            }
        }
        if !diagnostics.isEmpty {
            // Say what is wrong with it now (a relation retracted since, say); only a query
            // that `why` cannot take at all gets the general hint.
            let startsWithAnAtom = diagnostics.allSatisfy { !$0.message.hasPrefix("expected") }
            if startsWithAnAtom { report(diagnostics) }
            return writeError(
                "cannot explain '\(goal)'\(startsWithAnAtom ? "" : ": why needs a query that starts with an atom")\n")
        }
        guard var r = explained, let ex = r.explanations else { return }
        // The query runs again on the facts as they are now, which may have changed since its
        // answers were shown: row N is found by its values, not its place.
        let changed = r.rows != last.rows
        let picked: [Int]
        if let n = row, n <= last.rows.count {
            let shown = last.rows[n - 1]
            let answer = zip(last.columns, shown).map { "\($0) = \(Value.pictured($1.display))" }.joined(
                separator: ", ")
            guard let now = r.rows.firstIndex(of: shown) else {
                return writeError(
                    "answer \(n) (\(answer)) is no longer an answer: the facts or rules changed since; ask the query again\n"
                )
            }
            if now >= ex.count {
                return writeError(
                    "why explains the first \(ex.count) answers of a query; ask about answer \(n) with a narrower query\n"
                )
            }
            if now != n - 1 { write(dim("(answer \(n) as shown, \(answer), is answer \(now + 1) now)") + "\n") }
            picked = [now]
        } else {
            if r.rows.isEmpty { return write("no answers to explain\n") }
            if changed {
                write(dim("(the answers have changed since the query was shown: these are its answers now)") + "\n")
            }
            picked = Array(0..<min(ex.count, rowLimit ?? ex.count))
        }
        let total = r.rows.count
        r.rows = picked.map { r.rows[$0] }
        r.explanations = picked.map { ex[$0] }
        // Counting answers (:format count) would show only how many; an explanation is a table.
        var formatter = Formatter(
            format: format == .count ? .table : format, width: terminalColumns(), rowLimit: rowLimit, color: color)
        formatter.documents = session.documents
        // The table holds the explained rows only: its footer counts the query's answers.
        if row == nil { formatter.totalRows = total }
        // Explanations run long (each up to 200 levels): Ctrl-C stops them being formatted or
        // printed, as it stops a query's answers.
        guard let text = try? whileCancellable({ try formatter.render(r, stop: stopIfCancelled) }) else {
            return writeError("\n(Ctrl-C: output stopped)\n")
        }
        guard printPicture(text) else { return }
        if row == nil, picked.count < total {
            write(dim("(explained the first \(picked.count) of \(total); :why N explains row N)") + "\n")
        }
    }

    /// `:timeline [query]`: the case's timeline (or a query's dated answers) drawn on a year
    /// axis; without a timeline relation, every stated fact with a date in it.
    private func timeline(_ argument: String) {
        if argument.hasPrefix("--") { return optionsAreForTheCommandLine(":timeline", "timeline") }
        if !argument.isEmpty || session.program.relations["timeline"] != nil {
            let query = argument.isEmpty ? "?- timeline(When, Event, Status)." : argument
            do {
                // Ctrl-C stops the query, as it does one typed at the prompt, and the drawing
                // and printing after it: a picture of 200,000 events takes seconds.
                let text = try whileCancellable {
                    let (items, note) = try timelineItems(query, in: session, stop: stopIfCancelled)
                    let picture = try Timeline.text(
                        items, width: terminalColumns() ?? 100, color: color, stop: stopIfCancelled)
                    return picture + (note.map { dim($0) + "\n" } ?? "")
                }
                printPicture(text)
            } catch {
                reportPictureError(error)
            }
            return
        }
        datedFacts()
    }

    /// `:graph [entity [depth]]`: the case's ties, or those within `depth` steps of an entity.
    private func graph(_ argument: String) {
        if argument.hasPrefix("--") { return optionsAreForTheCommandLine(":graph", "graph") }
        let words = argument.split(separator: " ").map(String.init)
        guard session.program.relations["edge"] != nil else {
            return writeError("no edge relation in this session; try: casebook graph --query '?- REL(A, B).'\n")
        }
        do {
            let ties = try whileCancellable { try answers("?- edge(From, To, How).", in: session) }
            var edges = Graph.edges(from: ties) ?? []
            if let name = words.first {
                guard let center = session.entity(named: name).map(Value.symbol) ?? Graph.node(named: name, in: edges)
                else {
                    return writeError("no entity is called '\(Value.pictured(name))'\n")
                }
                var depth = 1
                if words.count > 2 {
                    return writeError(
                        "too many arguments: ':graph \(Value.pictured(argument))'; :graph takes an entity and a depth\n"
                    )
                }
                if words.count > 1 {
                    guard let n = Int(words[1]), n >= 1 else {
                        return writeError(
                            "the depth '\(Value.pictured(words[1]))' is not a whole number from 1 to \(Int.max)\n"
                                + "hint: a depth past the graph's size, e.g. :graph \(Value.pictured(name)) 1000000, draws its whole component\n"
                        )
                    }
                    depth = n
                }
                edges = try whileCancellable {
                    try Graph.neighbourhood(edges, around: center, depth: depth, stop: stopIfCancelled)
                }
            }
            printPicture(try whileCancellable { try Graph.text(edges, stop: stopIfCancelled) })
        } catch {
            reportPictureError(error)
        }
    }

    /// `:timeline --svg FILE`: the picture's options belong to the command, not the prompt.
    private func optionsAreForTheCommandLine(_ command: String, _ subcommand: String) {
        writeError(
            "\(command) draws on the screen and takes no options; --svg and --dot are options of "
                + "'casebook \(subcommand)' (see casebook help \(subcommand))\n")
    }

    /// Thrown from inside a picture's drawing once Ctrl-C is pressed.
    private func stopIfCancelled() throws {
        if cancel.isCancelled {
            throw PictureError(diagnostics: [.plain("cancelled")], stopped: .cancelled)
        }
    }

    /// A picture, printed so that Ctrl-C stops it as it stops answers being printed; false if
    /// it was stopped.
    @discardableResult
    private func printPicture(_ text: String) -> Bool {
        cancel.reset()
        watcher?.begin()
        watcher?.printing(true)
        defer {
            watcher?.printing(false)
            watcher?.end()
            cancel.reset()
        }
        guard writeStoppably(text) else {
            writeError("\n(Ctrl-C: output stopped)\n")
            return false
        }
        return true
    }

    /// What stopped `:timeline` or `:graph`.
    private func reportPictureError(_ error: Error) {
        guard let e = error as? PictureError else { return writeError("\(error)\n") }
        // After Ctrl-C the terminal has echoed ^C on the current line.
        if e.stopped == .cancelled { writeError("\n") }
        report(e.diagnostics)
    }

    /// Every stated fact with a date in it, earliest first. Ctrl-C stops it while it lists,
    /// sorts or prints them (a million dated facts take seconds).
    private func datedFacts() {
        var items: [(first: Int, last: Int, date: String, fact: String)] = []
        var out = ""
        do {
            try whileCancellable {
                var seen = 0
                for (name, relation) in session.database.relations where name != "claim" {
                    for r in 0..<relation.baseCount {
                        seen += 1
                        if seen & 4095 == 0 { try stopIfCancelled() }
                        let row = relation.row(r)
                        for v in row {
                            guard case let .time(t) = v.kind else { continue }
                            let fact = "\(name)(\(row.map(\.literal).joined(separator: ", ")))"
                            items.append((t.firstDay, t.lastDay, t.literal, fact))
                        }
                    }
                }
                if items.isEmpty { return }
                var compared = 0
                try items.sort {
                    compared += 1
                    if compared & 65535 == 0 { try stopIfCancelled() }
                    return ($0.first, $0.last, $0.fact) < ($1.first, $1.last, $1.fact)
                }
                let width = min(24, items.map(\.date.count).max() ?? 0)
                for (k, item) in items.enumerated() {
                    if k & 4095 == 4095 { try stopIfCancelled() }
                    out +=
                        item.date.padding(toLength: max(width, item.date.count), withPad: " ", startingAt: 0) + "  "
                        + item.fact + "\n"
                }
            }
        } catch {
            return reportPictureError(error)
        }
        if items.isEmpty { return write("no stated fact carries a date\n") }
        printPicture(out)
    }

    /// `:schema [relation]`.
    private func schema(_ argument: String) {
        let program = session.program
        if !argument.isEmpty {
            // One relation: `:schema kind works_for` said "no relation 'kind works_for'".
            if argument.contains(where: \.isWhitespace) { return usage(":schema") }
            let name = argument.hasSuffix(".") ? String(argument.dropLast()) : argument
            guard let info = program.relations[name] else {
                // As typed, control characters pictured, as every message quoting the user does.
                return writeError("no relation '\(Value.pictured(name))'; :schema lists them\n")
            }
            return describe(info)
        }
        // The rules grouped by head once: each relation filtering the whole list made this
        // quadratic (20,000 rules: 5 s in a release build, 87 s in a debug one). Ctrl-C stops it.
        var out = ""
        do {
            try whileCancellable {
                let rules = Dictionary(grouping: program.rules, by: \.head.relation)
                let infos = program.relations.values.sorted {
                    ($0.builtin ? 1 : 0, $0.name) < ($1.builtin ? 1 : 0, $1.name)
                }
                var signatures: [String] = []
                for (k, info) in infos.enumerated() {
                    if k & 1023 == 1023 { try stopIfCancelled() }
                    signatures.append(signature(info, firstRule: rules[info.name]?.first))
                }
                let width = min(60, signatures.map(\.count).max() ?? 0)
                for (k, (info, sig)) in zip(infos, signatures).enumerated() {
                    if k & 1023 == 1023 { try stopIfCancelled() }
                    let padded = sig.count < width ? sig.padding(toLength: width, withPad: " ", startingAt: 0) : sig
                    out += padded + "  " + dim(countText(info, rules: rules[info.name]?.count ?? 0)) + "\n"
                }
            }
        } catch {
            return reportPictureError(error)
        }
        printPicture(out + dim("(:schema NAME for one relation's rules and full count)") + "\n")
    }

    /// `kind(entity: entity, kind: symbol)`, or the head variables of a derived relation.
    private func signature(_ info: RelationInfo, firstRule: ResolvedRule?) -> String {
        if let cols = info.columns {
            return "\(info.name)(\(cols.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ")))"
        }
        // Undeclared: name the columns after the first rule's head variables, if it has any.
        if let rule = firstRule {
            let names = rule.head.terms.enumerated().map { k, t -> String in
                if case let .variable(v, _) = t { return v }
                return "c\(k + 1)"
            }
            return "\(info.name)(\(names.joined(separator: ", ")))"
        }
        return "\(info.name)(\(info.columnNames.joined(separator: ", ")))"
    }

    private func countText(_ info: RelationInfo, rules: Int) -> String {
        let stated = session.database[info.name]?.baseCount ?? 0
        var parts: [String] = []
        if stated > 0 || rules == 0 { parts.append("\(stated) fact\(stated == 1 ? "" : "s")") }
        if rules > 0 { parts.append("derived by \(rules) rule\(rules == 1 ? "" : "s")") }
        if info.builtin { parts.append("built in") }
        return parts.joined(separator: ", ")
    }

    /// One relation in full: columns, where it is declared, its rules, and how many rows it has.
    private func describe(_ info: RelationInfo) {
        let rules = session.program.rules.filter { $0.head.relation == info.name }
        var out = bold(signature(info, firstRule: rules.first)) + "\n"
        if let (file, span) = info.declaredAt {
            out += "  declared at \(file.name):\(file.location(of: span.start).line)\n"
        }
        out += "  " + countText(info, rules: rules.count) + "\n"
        for rule in rules {
            let text = rule.file.text(rule.span).split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.joined(separator: " ")
            out += "  " + dim("\(rule.file.name):\(rule.file.location(of: rule.span.start).line)") + "  \(text)\n"
        }
        write(out)
        guard !rules.isEmpty else { return }
        // Derived rows exist only once evaluated: count them with a query, which Ctrl-C stops.
        let blanks = Array(repeating: "_", count: info.arity).joined(separator: ", ")
        var total: Int?
        _ = whileCancellable {
            session.load(SourceFile(name: "<schema>", text: "?- N = count { \(info.name)(\(blanks)) }.")) { outcome in
                if case let .success(r) = outcome, let v = r.rows.first?.first, case let .int(n) = v.kind {
                    total = Int(n)
                }
                return false
            }
        }
        if let n = total { write("  \(n) row\(n == 1 ? "" : "s") in all, stated and derived\n") }
    }

    // MARK: Help

    static let helpTopics: [(name: String, text: String)] = [
        (
            "language",
            """
            A clause ends with '.'; an entry may span lines until it does. '%' starts a comment.
              kind(acme, company).                     a fact: added to the case
              rival(X, Y) :- kind(X, company),         a rule: derives facts
                             kind(Y, company), X != Y.
              ?- rival(acme, Y).                       a query: one row per answer
              ?- kind(acme, company).                  a query without variables: true. or false.
            Lowercase names are symbols, Capitalised ones variables, _ is anything.
            Also: not p(X), comparisons (= != < <= > >=), arithmetic, N = count { p(X) },
            T = sum V { p(V) }, min, max, mean; .decl p(name: type, …) names columns,
            .alias ice: "ICE" gives an entity names. See :help values.
            """
        ),
        (
            "values",
            """
            Values keep their precision and hedges:
              dates      2021-01-12  2019-10  2021-Q3  2018  2018..2019-05
              money      $20M  $100 million  €5K      durations  P5Y  P2M
              hedges     more than $100M  at least 7  nearly P5Y  as many as 666
              strings    "ICE"   symbols  ice   locators  P4.S1 (paragraph 4, sentence 1)
            Comparisons hold only if true for every value a hedge allows; 'possibly X > Y' asks
            whether it could. 'D during 2019' and 'A overlaps B' compare periods.
            """
        ),
        (
            "queries",
            """
            ?- goal.            answers in a table (:format to change, :limit for rows)
            ?- why goal.        each answer with the facts and rules it rests on
            :why [N]            the same for the last query (row N only)
            Named columns: ?- deal(buyer: B).  Claims: ?- participant(D, P) @ C, claim(C, _, _, L, By, F).
            """
        ),
        (
            "why",
            """
            ?- why linked(seth_vargo, palantir).   shows each answer's derivation: the rule used
            at each step, down to stated facts with their citation (locator, source, factuality).
            After any query, :why explains its answers, :why 3 just the third row.
            With the article loaded (:doc FILE or --doc FILE) the cited sentences are quoted.
            """
        ),
        (
            "keys",
            """
            Tab                   complete commands, relations, columns, names, symbols, files
            Up / Down             previous / next entry (kept across runs)
            Ctrl-R                search history backwards as you type
            Ctrl-A / Ctrl-E       start / end of line     Alt-B / Alt-F  word back / forward
            Ctrl-K / Ctrl-U       delete to end / the whole line    Ctrl-W  delete word back
            Ctrl-C                cancel a running query, or drop the line being typed
            Ctrl-D                quit (on an empty line)
            History file: $CASEBOOK_HISTORY, else $XDG_STATE_HOME/casebook/history
            (~/.local/state/casebook/history). CASEBOOK_HISTORY= (empty) keeps none.
            """
        ),
        ("commands", ""),
    ]

    private func help(_ topic: String) {
        if topic.contains(where: \.isWhitespace) { return usage(":help") }
        let topic = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
        if topic.isEmpty || topic == "commands" {
            var out = "Type facts and rules to add them, '?- goal.' to ask; every clause ends with '.'.\n"
            if startupTitle != nil && (options.caseName ?? CaseLibrary.defaultCase) == "ice-cloud" {
                out += "Try:  ?- kind(E, company).   ?- why linked(seth_vargo, palantir).   :schema\n"
            }
            out += "\n"
            let width = REPL.commands.map { $0.name.count + $0.arguments.count + 1 }.max() ?? 0
            for c in REPL.commands {
                let usage = c.arguments.isEmpty ? c.name : c.name + " " + c.arguments
                out += "  " + usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.summary + "\n"
            }
            let topics = REPL.helpTopics.map(\.name).filter { $0 != "commands" }
            out += "\nMore: :help \(topics.joined(separator: " | ")) | RELATION.  Tab completes; Ctrl-C cancels.\n"
            return write(out)
        }
        if let t = REPL.helpTopics.first(where: { $0.name == topic.lowercased() }) {
            return write(t.text + "\n")
        }
        if let info = session.program.relations[topic] { return describe(info) }
        if let c = REPL.commands.first(where: { $0.name == ":" + topic }) {
            return write("\(c.name) \(c.arguments)\n  \(c.summary)\n")
        }
        writeError(
            "no help on '\(Value.pictured(topic))'; topics: \(REPL.helpTopics.map(\.name).joined(separator: ", ")), or a relation's name\n"
        )
    }

    // MARK: Output

    private func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }

    private func write(_ s: String) {
        if !writeAll(1, Array(s.utf8)) { outputFailed() }
    }

    /// Writes in pieces of whole lines, stopping at the first piece after Ctrl-C; false if stopped.
    private func writeStoppably(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        var start = 0
        while start < bytes.count {
            if cancel.isCancelled { return false }
            var end = min(start + 16384, bytes.count)
            if end < bytes.count, let newline = bytes[start..<end].lastIndex(of: 10) { end = newline + 1 }
            if !writeAll(1, Array(bytes[start..<end])) { outputFailed() }
            watcher?.progressed()
            start = end
        }
        return true
    }

    /// Standard output is a pipe whose reader has gone (`casebook | head -5`): nothing more can
    /// be shown, so the session ends quietly (SIGPIPE is not fatal here, so writes fail with
    /// EPIPE instead). Other failures (a full disk under `casebook > log.txt`) are not worth a
    /// session, but are said, once, and make the exit status 1: the answers went nowhere, and
    /// before, neither the screen nor the status told.
    private func outputFailed() {
        let code = errno
        if code == EPIPE { Foundation.exit(0) }
        guard !outputLost else { return }
        outputLost = true
        writeError(
            "casebook: error: cannot write the output: \(reason(code)); what cannot be written is lost (said once; the exit status will be 1)\n"
        )
    }
    /// An error message that cannot be written is said once where the answers go, and makes
    /// the exit status 1: before, every error went nowhere and the session exited 0.
    private func writeError(_ s: String) {
        if writeAll(2, Array(s.utf8)) || errorsLost { return }
        let code = errno
        errorsLost = true
        write(
            "casebook: error: cannot write error messages: \(reason(code)); they are lost (said once; the exit status will be 1)\n"
        )
    }

    /// Ends the prompt's line where the prompt is: on standard output when libedit edits, on
    /// standard error (a terminal) when standard output is redirected, where the newline would
    /// otherwise land in the file or pipe among the answers.
    private func writeAfterPrompt(_ s: String) {
        if editor?.isEditing == true {
            write(s)
        } else if isatty(2) != 0 {
            writeError(s)
        }
    }

    private func report(_ diagnostics: [Diagnostic]) {
        writeError(Diagnostic.rendered(diagnostics, color: errorColor))
    }
}

/// Runs `body` with Ctrl-C wired to `cancel` through `watcher` (nil when standard input is no
/// terminal). The token is cleared before and after, so that a press belongs to this work alone.
func runCancellably<T>(_ cancel: CancelToken, _ watcher: InterruptWatcher?, _ body: () throws -> T) rethrows -> T {
    cancel.reset()
    watcher?.begin()
    defer {
        watcher?.end()
        cancel.reset()
    }
    return try body()
}

/// Calls `onByte`, on a thread of its own, for each byte a signal handler writes to the pipe
/// `fd`: a handler may do little more than write, so the work is done here. SIGINT is blocked
/// on that thread, so that Ctrl-C still interrupts the main thread's read at the prompt.
func watchSignalPipe(_ fd: Int32, name: String, _ onByte: @escaping @Sendable () -> Void) {
    let thread = Thread {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            onByte()
        }
    }
    thread.name = name
    thread.start()
}

/// Turns Ctrl-C into cancelling the running query.
///
/// The SIGINT handler (in CEditLine) can only do async-signal-safe things, so it writes a byte
/// to a pipe; this object's thread waits on that pipe and, while a query runs, sets the
/// session's CancelToken, which evaluation checks every few thousand steps. At the prompt the
/// byte is ignored (libedit's read returns instead). Three Ctrl-C during one evaluation that
/// does not stop (e.g. a huge file still being parsed) quit the program.
final class InterruptWatcher: Sendable {
    private let evaluating = Atomic<Bool>(false)
    /// Answers are being printed: Ctrl-C stops the printing at the next piece, so the presses
    /// do not count toward quitting while pieces go out. A write that does not finish (standard
    /// output a pipe no one reads) cannot be stopped, though: once no piece has gone out for
    /// `stalled` nanoseconds, presses count again, or only Ctrl-\ would end the session. A slow
    /// terminal that still moves never quits; one press stops it.
    private let printingAnswers = Atomic<Bool>(false)
    /// When the last piece of answers finished writing (uptime nanoseconds).
    private let lastProgress = Atomic<UInt64>(0)
    static let stalled: UInt64 = 2_000_000_000
    private let presses = Atomic<Int>(0)
    private let token: CancelToken
    /// Called (on the watcher's thread) for a press while nothing runs: the tour, which reads
    /// plain lines, says there what Ctrl-C does. The REPL's prompt hears Ctrl-C itself.
    private let idle: (@Sendable () -> Void)?

    init(pipe fd: Int32, token: CancelToken, idle: (@Sendable () -> Void)? = nil) {
        self.token = token
        self.idle = idle
        watchSignalPipe(fd, name: "casebook-interrupts") { [self] in self.interrupted() }
    }

    func begin() {
        presses.store(0, ordering: .relaxed)
        evaluating.store(true, ordering: .sequentiallyConsistent)
    }

    func end() {
        evaluating.store(false, ordering: .sequentiallyConsistent)
        // A Ctrl-C that arrived as the work finished has nothing left to cancel.
        _ = cedit_take_sigint()
    }

    func printing(_ on: Bool) {
        if on { progressed() }
        printingAnswers.store(on, ordering: .sequentiallyConsistent)
    }

    /// A piece of answers went out.
    func progressed() {
        lastProgress.store(DispatchTime.now().uptimeNanoseconds, ordering: .sequentiallyConsistent)
    }

    private func interrupted() {
        guard evaluating.load(ordering: .sequentiallyConsistent) else {
            idle?()
            return
        }
        token.cancel()
        let printing = printingAnswers.load(ordering: .sequentiallyConsistent)
        // Read before the clock, so that the clock is never behind it.
        let last = lastProgress.load(ordering: .sequentiallyConsistent)
        let now = DispatchTime.now().uptimeNanoseconds
        if printing && (now < last || now - last < InterruptWatcher.stalled) { return }
        let count = presses.add(1, ordering: .relaxed).newValue
        if count >= 3 {
            let why =
                printing
                ? "the output has not moved for over 2 s (is anyone reading it?)" : "still busy after three Ctrl-C"
            writeAll(2, Array("\ncasebook: \(why); quitting\n".utf8))
            _exit(130)
        }
    }
}
