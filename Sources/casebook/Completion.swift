// Tab completion at the prompt.

import CasebookKit
import Foundation

/// The answer to one Tab press: text to insert at the cursor, and candidates to list under the
/// line when there is no single completion.
struct CompletionResult {
    var insert = ""
    var listing: String?

    static let none = CompletionResult()
}

/// Works out what Tab completes from where the cursor is:
///
/// - a meta-command name (`:sch` → `:schema `), and its argument: file paths after `:load` and
///   `:doc`, relation names after `:schema` and `:help`, formats after `:format`;
/// - in a clause, a relation name (`kin` → `kind(`), or inside a relation's parentheses its
///   named columns (`buyer: `) and the entity symbols that occur in facts;
/// - inside a string, an entity's alias (`"Immig` → `"Immigration and Customs Enforcement"`);
/// - a variable already used in the entry.
///
/// One candidate is inserted whole; several are inserted up to their common prefix, and listed
/// when that adds nothing.
final class Completer {
    /// A possible completion: the whole word, and what follows it once chosen.
    struct Candidate: Hashable {
        var text: String
        var suffix = ""
    }

    private let session: () -> Session
    /// Earlier lines of the entry being typed, which say what the cursor is inside of.
    private let pending: () -> String
    private let commands: [String]
    private var symbolsGeneration = -1
    /// The symbols of stated facts, sorted, collected as facts come: each relation's rows are
    /// read once, from where the last collection stopped. (Collecting them afresh after every
    /// change took 7 s for 3 million facts, at every first Tab.)
    private var symbols: [String] = []
    private var symbolWords: Set<UInt64> = []
    /// For each relation: which one it was (a `:reset` makes new ones) and how many of its
    /// stated rows have been read.
    private var read: [String: (relation: ObjectIdentifier, rows: Int)] = [:]
    private var readSession: ObjectIdentifier?
    /// Whether Ctrl-C was pressed: collecting stops there, keeping what it read.
    var interrupted: () -> Bool = { false }
    /// A symbol's tag, in the top bits of its word (see `Value`).
    private static let symbolTag = Value.symbol("_").raw >> 60

    /// - Parameters:
    ///   - commands: meta-command names with their colon.
    init(commands: [String], session: @escaping () -> Session, pending: @escaping () -> String) {
        self.commands = commands
        self.session = session
        self.pending = pending
    }

    /// Completes the word before the cursor. `generation` changes whenever facts may have
    /// changed, so that the entity symbols, costly to collect, are collected again.
    func complete(_ line: String, generation: Int, width: Int?) -> CompletionResult {
        if symbolsGeneration != generation {
            // Collected below, when a symbol is wanted, from where the last collection stopped.
            symbolsGeneration = -1 - generation
        }
        let earlier = pending()
        if earlier.isEmpty && line.hasPrefix(":") { return completeCommand(line, width: width) }
        return completeClause(earlier.isEmpty ? line : earlier + "\n" + line, width: width)
    }

    // MARK: Meta-commands

    private func completeCommand(_ line: String, width: Int?) -> CompletionResult {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            return offer(word: line, commands.map { Candidate(text: $0, suffix: " ") }, width: width)
        }
        let command = String(line[..<space])
        let argument = String(line[space...].drop(while: { $0 == " " || $0 == "\t" }))
        switch command {
        case ":load", ":doc":
            return completePath(argument, width: width)
        case ":schema":
            return offer(word: argument, session().relationNames.map { Candidate(text: $0) }, width: width)
        case ":help":
            let topics = REPL.helpTopics.map(\.name) + session().relationNames
            return offer(word: argument, topics.map { Candidate(text: $0) }, width: width)
        case ":format":
            return offer(word: argument, OutputFormat.allCases.map { Candidate(text: $0.rawValue) }, width: width)
        case ":timer":
            return offer(word: argument, ["on", "off"].map { Candidate(text: $0) }, width: width)
        case ":reset":
            return offer(word: argument, [Candidate(text: "empty")], width: width)
        case ":history":
            return offer(word: argument, [Candidate(text: "clear")], width: width)
        default:
            return .none
        }
    }

    /// File names in the directory typed so far; directories end with '/'.
    private func completePath(_ typed: String, width: Int?) -> CompletionResult {
        let slash = typed.lastIndex(of: "/")
        let directoryPart = slash.map { String(typed[...$0]) } ?? ""
        let base = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var directory = directoryPart.isEmpty ? "." : directoryPart
        if directory.hasPrefix("~") { directory = expandingTilde(directory) }
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return .none }
        var candidates: [Candidate] = []
        for name in names where name.hasPrefix(base) && (base.hasPrefix(".") || !name.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: (directory as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            candidates.append(Candidate(text: name, suffix: isDirectory.boolValue ? "/" : ""))
        }
        return offer(word: base, candidates, width: width)
    }

    // MARK: Clauses

    private func completeClause(_ text: String, width: Int?) -> CompletionResult {
        let scan = InputScanner(text)
        let program = session().program
        switch scan.state {
        case .lineComment, .blockComment:
            return .none
        case let .quoted(quote, start):
            // In a string: the names of entities (`.alias`), which entity columns accept.
            guard quote == UInt8(ascii: "\"") else { return .none }
            let typed = String(decoding: Array(text.utf8)[(start + 1)...], as: UTF8.self)
            let names = Set(program.aliasList.map(\.name))
            return offer(word: typed, names.map { Candidate(text: $0, suffix: "\"") }, width: width)
        case .code:
            break
        }
        let word = String(
            text.reversed().prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }).reversed())
        let before = text.dropLast(word.count).reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" }).first
        if let first = word.first, first.isUppercase || first == "_" {
            return offer(word: word, variables(in: text).map { Candidate(text: $0) }, width: width)
        }
        if let first = word.first, first.isNumber { return .none }
        if let relation = scan.open.last?.relation, scan.open.last?.bracket == UInt8(ascii: "(") {
            // Inside an atom's parentheses: its named columns, then entity symbols.
            let columns = program.relations[relation]?.columns?.map { Candidate(text: $0.name, suffix: ": ") } ?? []
            if word.isEmpty { return offer(word: word, columns, width: width) }
            guard let symbols = entitySymbols(startingWith: word) else { return .none }
            return offer(word: word, columns + symbols.map { Candidate(text: $0) }, width: width)
        }
        if word.isEmpty { return .none }
        if let b = before, "=<>!".contains(b) {
            guard let symbols = entitySymbols(startingWith: word) else { return .none }
            return offer(word: word, symbols.map { Candidate(text: $0) }, width: width)
        }
        // Where an atom can start: relation names, and the words that can stand before one.
        var candidates = program.relations.keys.map { Candidate(text: $0, suffix: "(") }
        candidates += ["not", "why", "possibly"].map { Candidate(text: $0, suffix: " ") }
        return offer(word: word, candidates, width: width)
    }

    /// Variables written so far in the entry, for completing one used again.
    private func variables(in text: String) -> [String] {
        var names: Set<String> = []
        var current = ""
        var scanQuote: Character?
        for ch in text + " " {
            if let q = scanQuote {
                if ch == q { scanQuote = nil }
                continue
            }
            if ch == "\"" || ch == "'" {
                scanQuote = ch
                current = ""
                continue
            }
            if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_") {
                current.append(ch)
            } else {
                if let f = current.first, f.isUppercase || f == "_", current != "_" { names.insert(current) }
                current = ""
            }
        }
        return Array(names)
    }

    /// The symbols in stated facts and the aliased entities that start with `prefix`, or nil if
    /// Ctrl-C stopped their collection.
    private func entitySymbols(startingWith prefix: String) -> [String]? {
        let session = session()
        if symbolsGeneration < 0 {
            guard collectSymbols(session) else { return nil }
            symbolsGeneration = -1 - symbolsGeneration
        }
        // The sorted list's run of names with the prefix, found by halving.
        var low = 0
        var high = symbols.count
        while low < high {
            let middle = (low + high) / 2
            if symbols[middle] < prefix { low = middle + 1 } else { high = middle }
        }
        var found = symbols[low...].prefix { $0.hasPrefix(prefix) }.map { $0 }
        found += session.program.aliasList.map(\.entity).filter { $0.hasPrefix(prefix) }
        return found
    }

    /// Reads the stated rows not read yet; false if Ctrl-C stopped it (what was read is kept).
    private func collectSymbols(_ session: Session) -> Bool {
        if readSession != ObjectIdentifier(session) {
            readSession = ObjectIdentifier(session)
            read = [:]
            symbols = []
            symbolWords = []
        }
        var found: [String] = []
        defer {
            if !found.isEmpty {
                // Merged into the sorted list: the new ones sorted, then one pass.
                found.sort()
                var merged: [String] = []
                merged.reserveCapacity(symbols.count + found.count)
                var i = 0
                var j = 0
                while i < symbols.count || j < found.count {
                    if j == found.count || (i < symbols.count && symbols[i] < found[j]) {
                        merged.append(symbols[i])
                        i += 1
                    } else {
                        merged.append(found[j])
                        j += 1
                    }
                }
                symbols = merged
            }
        }
        for (name, relation) in session.database.relations where name != "claim" {
            let id = ObjectIdentifier(relation)
            var r = 0
            if let seen = read[name] {
                if seen.relation != id || seen.rows > relation.baseCount {
                    // A relation made anew, or with fewer stated rows: its symbols may be gone,
                    // so everything is read again.
                    readSession = nil
                    found = []
                    return collectSymbols(session)
                }
                r = seen.rows
            }
            while r < relation.baseCount {
                if r & 4095 == 0 && interrupted() {
                    read[name] = (id, r)
                    return false
                }
                for v in relation.row(r) where v.raw >> 60 == Completer.symbolTag && symbolWords.insert(v.raw).inserted
                {
                    if case let .symbol(s) = v.kind { found.append(s) }
                }
                r += 1
            }
            read[name] = (id, r)
        }
        return true
    }

    // MARK: Choosing

    /// Completes `word` from the candidates that start with it.
    func offer(word: String, _ all: [Candidate], width: Int?) -> CompletionResult {
        let matches = Array(Set(all.filter { $0.text.hasPrefix(word) })).sorted { $0.text < $1.text }
        guard let first = matches.first else { return .none }
        if matches.count == 1 {
            return CompletionResult(insert: String(first.text.dropFirst(word.count)) + first.suffix)
        }
        var common = first.text
        for m in matches.dropFirst() {
            while !m.text.hasPrefix(common) { common.removeLast() }
        }
        if common.count > word.count { return CompletionResult(insert: String(common.dropFirst(word.count))) }
        // Nothing to add: list the choices (a word that is complete and also a prefix of
        // longer ones, such as `event` and `event_on`, is listed too).
        return CompletionResult(
            listing: columns(matches.map { $0.text + ($0.suffix == "/" ? "/" : "") }, width: width ?? 80))
    }

    /// Names laid out in columns, down then across, like `ls`. A name's control characters are
    /// shown as their pictures (␛), as everywhere else the REPL prints names: a file called
    /// `x\e[2J.cb`, or a symbol or alias holding an escape, would otherwise clear or retitle the
    /// terminal when listed.
    private func columns(_ names: [String], width: Int) -> String {
        let shown = names.prefix(200).map { Value.pictured($0) }
        let cell = (shown.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        let rows = (shown.count + perRow - 1) / perRow
        var out = ""
        for r in 0..<rows {
            var line = ""
            for c in 0..<perRow {
                let k = c * rows + r
                guard k < shown.count else { break }
                line += shown[k].padding(toLength: cell, withPad: " ", startingAt: 0)
            }
            out += line.trimmingTrailingWhitespace() + "\n"
        }
        if names.count > shown.count { out += "… and \(names.count - shown.count) more\n" }
        return out
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let l = s.last, l == " " { s = s.dropLast() }
        return String(s)
    }
}
