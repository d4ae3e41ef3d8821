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
            With no arguments, opens the interactive prompt on the embedded ICE cloud-contract case.
            With -e TEXT, runs TEXT as a program. See 'casebook help run' for scripts.
            """,
        subcommands: [Run.self])

    @Option(name: .customShort("e"), help: ArgumentHelp("Run TEXT as a program.", valueName: "TEXT"))
    var expression: String?

    @OptionGroup var options: EvaluationOptions

    mutating func run() throws {
        if let text = expression {
            let runner = ScriptRunner(options: options)
            throw ExitCode(runner.run(sources: [SourceFile(name: "<-e>", text: text)]))
        }
        // No program given: with piped input, behave like `casebook run` on standard input.
        if isatty(0) == 0 {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let runner = ScriptRunner(options: options)
            throw ExitCode(runner.run(sources: [SourceFile(name: "<stdin>", bytes: [UInt8](data))]))
        }
        print(Casebook.helpMessage())
    }
}

/// Options shared by every command that evaluates programs.
struct EvaluationOptions: ParsableArguments {
    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Stop a query's evaluation after this many seconds.", valueName: "S"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Stop after deriving this many facts.", valueName: "N"))
    var maxFacts: Int = Limits.defaultMaxDerivedFacts

    @Option(help: ArgumentHelp("Load a plain-text or Markdown document (repeatable).", valueName: "FILE"))
    var doc: [String] = []

    func validate() throws {
        if let t = timeout, !(t > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if maxFacts < 1 { throw ValidationError("--max-facts must be at least 1") }
    }
}

extension OutputFormat: ExpressibleByArgument {}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load program files in order and print each query's answers.",
        discussion: """
            Exit status: 0 success, 1 an error in a program or its input, 2 wrong usage.
            """)

    @OptionGroup var options: EvaluationOptions

    @Argument(help: ArgumentHelp("Program files, loaded in order.", valueName: "FILE"))
    var files: [String]

    mutating func run() throws {
        let runner = ScriptRunner(options: options)
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
