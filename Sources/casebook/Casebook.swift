// The `casebook` command: dispatches to the REPL, the script runner and the other tools.
// All the work is in CasebookKit; this file only reads arguments.

import ArgumentParser
import CasebookKit
import Foundation

@main
struct Casebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "Question a news case in a small Datalog-family language.",
        discussion: """
            With no arguments, opens the interactive prompt on the embedded ICE cloud-contract case. \
            With -e TEXT, runs TEXT as a program; several -e run in order in one session, each \
            like a file of its own (a rule may name only relations defined in it or before it). \
            See 'casebook help run' for scripts.
            """,
        subcommands: [Run.self, Tour.self, TimelineCommand.self, GraphCommand.self, MentionsCommand.self])

    /// Parses and runs like ArgumentParser's own `main`, except that wrong usage exits 2, as
    /// shells and tools such as grep and sqlite3 do, rather than BSD's 64.
    static func main() {
        // A file grown past the size limit (`ulimit -f`) would otherwise end the process by
        // SIGXFSZ mid-write; ignored, the write fails with EFBIG and is reported like a full disk.
        signal(SIGXFSZ, SIG_IGN)
        do {
            try refuseUnknownHelpTopic()
            var command = try parseAsRoot()
            try refuseDroppedOptions(command)
            try command.run()
            finishOutput()
        } catch {
            finishOutput()
            if exitCode(for: error) == .validationFailure {
                writeErrorOutput(withRunHint(fullMessage(for: error)) + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    /// `casebook help NAME` for a name that is no command printed the top help and exited 0,
    /// so a mistyped `help rnu` looked like an answer.
    static func refuseUnknownHelpTopic() throws {
        let words = CommandLine.arguments.dropFirst()
        guard words.first == "help", let topic = words.dropFirst().first, !topic.hasPrefix("-") else { return }
        let names = configuration.subcommands.map { $0._commandName }
        if !names.contains(topic) {
            throw ValidationError("no command '\(topic)'; the commands are: \(names.joined(separator: ", "))")
        }
    }

    /// ArgumentParser's "Unexpected argument" with a hint when no command is named: a program file
    /// given alone (`casebook s.cb`) is run by `casebook run s.cb`.
    static func withRunHint(_ message: String) -> String {
        let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        guard let end = message.firstIndex(of: "\n"),
            message[..<end].lowercased().contains("unexpected argument"),
            !CommandLine.arguments.dropFirst().contains(where: names.contains)
        else { return message }
        return message[..<end] + "\nHint: to run program files, name the command first: casebook run FILE..."
            + message[end...]
    }

    /// ArgumentParser accepts the top command's options anywhere on the command line, and hands a
    /// subcommand only those it declares itself: the rest it drops without a word. So
    /// `casebook timeline --doc article.txt` read no article and said nothing. These are refused.
    static func refuseDroppedOptions(_ command: ParsableCommand) throws {
        let name: String
        let dropped: [String]
        var hint: String? = nil
        switch command {
        case is TimelineCommand, is GraphCommand:
            (name, dropped) = (command is GraphCommand ? "graph" : "timeline", ["-e", "--doc", "--format"])
        case is Tour: (name, dropped) = ("tour", ["-e", "--doc", "--format", "--case"])
        case is MentionsCommand: (name, dropped) = ("mentions", ["-e", "--doc", "--case", "--timeout", "--max-facts"])
        // Refused rather than run: whether the text would go before the files or after them is
        // anyone's guess, and standard input as the file '-' already puts it where it is meant.
        case is Run:
            (name, dropped) = ("run", ["-e"])
            hint =
                "give the text as the file '-' where it belongs (echo TEXT | casebook run FILE -), or run it alone: casebook -e TEXT"
        default: return
        }
        for argument in CommandLine.arguments.dropFirst() {
            if argument == "--" { break }
            if let option = dropped.first(where: { argument == $0 || argument.hasPrefix($0 + "=") }) {
                throw ValidationError(
                    "\(option) does not apply to 'casebook \(name)'; " + (hint ?? "see 'casebook help \(name)'"))
            }
        }
    }

    @Option(
        name: .customShort("e"),
        help: ArgumentHelp("Run TEXT as a program (repeatable: each runs in turn, in one session).", valueName: "TEXT"))
    var expression: [String] = []

    @OptionGroup var options: EvaluationOptions

    mutating func run() throws {
        // Every -e runs, in order, as psql's -c and sqlite3's -cmd do: keeping only the last
        // left its facts without the rules and facts the others gave.
        if !expression.isEmpty {
            if standardInputHoldsText() {
                // Said, not read: whether it would go before the -e text or after it, nothing
                // says (the reason -e with `run` is refused).
                writeErrorOutput(
                    "note: standard input was not read, since -e gives the program; to run both, put the -e text in a file and run: casebook run FILE -\n"
                )
            }
            let runner = ScriptRunner(options: options)
            let sources = expression.enumerated().map { k, text in
                SourceFile(name: expression.count == 1 ? "<-e>" : "<-e \(k + 1)>", text: text)
            }
            throw ExitCode(runner.run(sources: sources))
        }
        // No program given: with piped input, behave like `casebook run` on standard input.
        if isatty(0) == 0 {
            let runner = ScriptRunner(options: options)
            switch readStandardInput() {
            case let .success(file): throw ExitCode(runner.run(sources: [file]))
            case let .failure(d):
                runner.report([d])
                throw ExitCode(1)
            }
        }
        throw ExitCode(REPL(options: options).run())
    }
}

/// Options shared by every command that evaluates programs.
struct EvaluationOptions: ParsableArguments {
    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @OptionGroup var limitOptions: LimitOptions

    @Option(help: ArgumentHelp("Load a plain-text or Markdown document (repeatable).", valueName: "FILE"))
    var doc: [String] = []

    @Option(
        name: .customLong("case"),
        help: ArgumentHelp(
            "Load a built-in case before the files (\(CaseLibrary.texts.keys.sorted().joined(separator: ", "))).",
            valueName: "NAME"))
    var caseName: String?

    func validate() throws {
        if let name = caseName, CaseLibrary.texts[name] == nil {
            throw ValidationError(
                "no built-in case '\(name)'; the cases are: \(CaseLibrary.texts.keys.sorted().joined(separator: ", "))")
        }
    }

    var limits: Limits { limitOptions.limits }
}

/// How much work an evaluation may do: for every command that evaluates, the tour's checks too.
struct LimitOptions: ParsableArguments {
    // Unconditional: a value that starts with '-' (`--timeout -1`) is taken as the value, to be
    // refused as one, rather than as an option, which said the value was missing.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Stop a query's evaluation after this many seconds.", valueName: "S"))
    var timeout: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop after deriving this many facts.", valueName: "N"))
    var maxFacts: Int = Limits.defaultMaxDerivedFacts

    func validate() throws {
        if let t = timeout, !(t > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if maxFacts < 1 { throw ValidationError("--max-facts must be at least 1") }
        if maxFacts > Limits.largestMaxDerivedFacts {
            throw ValidationError(
                "--max-facts must be at most \(Limits.largestMaxDerivedFacts): a relation holds at most 2147483646 facts"
            )
        }
    }

    var limits: Limits { Limits(timeout: timeout, maxDerivedFacts: maxFacts) }
}

extension OutputFormat: ExpressibleByArgument {}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load program files in order and print each query's answers.",
        discussion: """
            Expected answers are written right under a query as %> lines: a header of column names, \
            then one answer per line, values as literals separated by ' | '; '%> true' or \
            '%> false' for a ground query, '%> (no answers)' for none. --record writes them, \
            --check compares; %> lines that no query owns are an error.

            Exit status: 0 success, 1 an error in a program or its input, 2 wrong usage, \
            3 an answer differs from its expectation.
            """)

    @OptionGroup var options: EvaluationOptions

    @Flag(help: "Compare answers with the %> expectations in the files; exit 3 if any differ.")
    var check = false

    @Flag(help: "Write each query's answers into its file as %> expectations.")
    var record = false

    @Flag(help: "Run on past errors instead of stopping at the first.")
    var keepGoing = false

    @Flag(help: "Print only errors and failed expectations.")
    var quiet = false

    @Argument(help: ArgumentHelp("Program files, loaded in order ('-' reads standard input).", valueName: "FILE"))
    var files: [String]

    func validate() throws {
        if check && record { throw ValidationError("--check and --record cannot be used together") }
        // --record rewrites the files it reads; standard input is no file to rewrite.
        if record && files.contains("-") { throw ValidationError("--record cannot rewrite standard input ('-')") }
        // Standard input can be read once: a second '-' would silently be empty.
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("'-' (standard input) is named more than once; it can be read only once")
        }
        // A file named twice would be recorded at its first run, and its second run would then
        // find it changed under it ("nothing was recorded", exit 1) after all.
        if record {
            var seen: [String: String] = [:]
            for path in files {
                guard let real = realPath(path) else { continue }
                if let first = seen[real] {
                    let how = first == path ? "twice" : "twice (as '\(first)' and '\(path)')"
                    throw ValidationError(
                        "--record cannot rewrite '\(Value.pictured(first))': it is named \(Value.pictured(how)); name each file once"
                    )
                }
                seen[real] = path
            }
        }
    }

    mutating func run() throws {
        let mode = ScriptMode(check: check, record: record, keepGoing: keepGoing, quiet: quiet)
        let runner = ScriptRunner(options: options, mode: mode)
        var sources: [SourceFile] = []
        for path in files {
            switch readSource(path) {
            case let .success(s): sources.append(s)
            case let .failure(d):
                runner.report([d])
                throw ExitCode(1)
            }
        }
        throw ExitCode(runner.run(sources: sources))
    }
}

/// Whether standard input, not a terminal, has text waiting: a file with bytes left, or a pipe
/// or socket with bytes already in it (looked at without waiting). Devices such as /dev/null
/// are left alone.
func standardInputHoldsText() -> Bool {
    guard isatty(0) == 0 else { return false }
    var info = stat()
    guard fstat(0, &info) == 0 else { return false }
    switch info.st_mode & S_IFMT {
    case S_IFREG:
        let at = lseek(0, 0, SEEK_CUR)
        return at >= 0 && at < info.st_size
    case S_IFIFO, S_IFSOCK:
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0 && p.revents & Int16(POLLIN) != 0
    default:
        return false
    }
}
