// `casebook mentions FILE`: the dates, money, counts, durations and names a document mentions,
// each with its locator, its span as written, its normalised value and its hedge.
// The work is in CasebookKit (Documents/Mentions.swift); this file reads arguments and prints.

import ArgumentParser
import CasebookKit
import Foundation

struct MentionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentions",
        abstract: "List the dates, money, counts, durations and names a document mentions.",
        discussion: """
            FILE is a plain-text or Markdown document; paragraphs and sentences are numbered as \
            for --doc (P1 is the headline). Each mention has its locator, its kind (date, money, \
            count, duration, org, person, place), its text as written, its value in the language's \
            literals (2021-Q3, more than $8M, nearly P5Y, as many as 666, between 1000 and 2000) \
            and its hedge as a TIMEX3 mod (MORE_THAN, EQUAL_OR_MORE, LESS_THAN, EQUAL_OR_LESS, \
            APPROX, RANGE; for dates START, MID, END, and BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER \
            for "before 2019", "after March 2020", "by 2025", "since 2015"). A date without a year \
            reads XXXX-09-14 and a relative one relative:last week, unless --anchor gives the \
            document's own date.

            --format table (the default) prints aligned columns; --format json prints one \
            object per line:
              {"kind": "money", "text": "more than $8 million", "locator": "P11.S1",
               "value": "more than $8M", "hedge": "MORE_THAN"}
            with "subject" for what a count counts, "acronym_of" for an acronym the document \
            spells out, "per" for a rate ("$5 million a year": P1Y; "per share": share) and \
            "factuality" for a figure or date stated less firmly than as fact (FactBank: PS+ for \
            "could reach $3 million", PR+ for "is expected to cost", Uu for "plans to hire", \
            "reportedly paid" or "is intended to open in 2026", CT- for "did not pay"), when known.

            Loaded with --doc or :doc, the same mentions are facts:
              mention(doc, locator, at, kind, text, value, hedge)
              mention_subject(doc, locator, at, text, subject)
              mention_acronym(doc, short, full)
              mention_rate(doc, locator, at, text, per)
              mention_factuality(doc, locator, at, text, factuality)
            where hedge is "" when there is none and at is where the mention starts in its \
            sentence, in characters (the same text \
            twice in a sentence is two mentions), e.g.
              ?- mention(_, L, At, money, T, V, H), mention_factuality(_, L, At, T, F).
            """)

    @Argument(help: ArgumentHelp("The document to read.", valueName: "FILE"))
    var file: String

    /// The root command's options, whose `--format` (table or json here) ArgumentParser hands to
    /// the subcommand only through the same option group; the others do not apply and are hidden.
    @OptionGroup(visibility: .hidden) var options: EvaluationOptions

    @Option(
        name: .customLong("kind"),
        help: ArgumentHelp("Only mentions of this kind (repeatable).", valueName: "KIND"))
    var kinds: [String] = []

    @Option(help: ArgumentHelp("The document's own date (2021-01-20), to resolve relative dates.", valueName: "DATE"))
    var anchor: String?

    func validate() throws {
        if options.format != .table && options.format != .json {
            throw ValidationError("mentions prints --format table or json, not \(options.format.rawValue)")
        }
        let known = Mention.Kind.allCases.map(\.rawValue)
        for k in kinds where !known.contains(k) {
            throw ValidationError("no mention kind '\(k)'; the kinds are: \(known.joined(separator: ", "))")
        }
        if let a = anchor, MentionsCommand.parseDate(a) == nil {
            throw ValidationError("--anchor must be a date such as 2021-01-20, 2021-01 or 2021; got '\(a)'")
        }
    }

    /// `2021-01-20`, `2021-01` or `2021`.
    static func parseDate(_ s: String) -> TimeValue? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil }), s.prefix(4).count == 4 else {
            return nil
        }
        let y = parts[0]!
        switch parts.count {
        case 1: return (1...9999).contains(y) ? .year(y) : nil
        case 2: return (1...12).contains(parts[1]!) && (1...9999).contains(y) ? .month(y, parts[1]!) : nil
        default:
            let m = parts[1]!, d = parts[2]!
            guard (1...12).contains(m), (1...9999).contains(y), d >= 1 else { return nil }
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
            let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard d <= lengths[m - 1] else { return nil }
            return .day(y, m, d)
        }
    }

    mutating func run() throws {
        let document: Document
        switch loadDocument(file) {
        case let .success(d): document = d
        case let .failure(d):
            writeErrorOutput(d.render(color: false) + "\n")
            throw ExitCode(1)
        }
        let extractor = MentionExtractor(anchor: anchor.flatMap(MentionsCommand.parseDate))
        var mentions = extractor.mentions(in: document)
        if !kinds.isEmpty { mentions = mentions.filter { kinds.contains($0.kind.rawValue) } }
        switch options.format {
        case .json:
            var out = ""
            for m in mentions { out += m.json + "\n" }
            writeOutput(out)
        default:
            print(MentionsCommand.table(mentions), terminator: "")
        }
    }

    /// A factuality value with the words it stands for, so that the table says it plainly.
    static func factualityNote(_ f: String) -> String {
        let words = [
            "PS+": "possible", "PS-": "possibly not", "PR+": "probable", "PR-": "probably not",
            "CT-": "certainly not", "Uu": "intended, reported or uncommitted",
        ]
        return "\(words[f] ?? "factuality") (\(f))"
    }

    /// Aligned columns: locator, kind, value, hedge, text, and notes (subject, acronym, title).
    static func table(_ mentions: [Mention]) -> String {
        if mentions.isEmpty { return "(no mentions)\n" }
        var rows: [[String]] = [["LOCATOR", "KIND", "VALUE", "HEDGE", "TEXT", "NOTE"]]
        for m in mentions {
            var notes: [String] = []
            if let s = m.subject { notes.append("of \(s)") }
            if let a = m.acronymOf { notes.append("= \(a)") }
            if let t = m.title { notes.append("title: \(t)") }
            if let p = m.per { notes.append("per \(p.display)") }
            if let f = m.factuality { notes.append(MentionsCommand.factualityNote(f)) }
            rows.append([
                m.locator.literal, m.kind.rawValue, m.valueText, m.mod ?? "-", m.text, notes.joined(separator: "; "),
            ])
        }
        var widths = Array(repeating: 0, count: rows[0].count)
        // Widths in terminal columns: `padding(toLength:)` counts UTF-16 units, so a name with
        // combining accents was cut short and ran into the next column.
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], displayWidth(c)) } }
        var out = ""
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                line += c
                if i < r.count - 1 { line += String(repeating: " ", count: widths[i] + 2 - displayWidth(c)) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out + "\(mentions.count) mention\(mentions.count == 1 ? "" : "s")\n"
    }
}
