// Printing answers: aligned tables, CSV, TSV, JSON lines, Markdown, or counts.

import Foundation

/// The output formats of `casebook run --format`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json, markdown, count
}

/// Renders query results in one format.
public struct Formatter {
    public var format: OutputFormat
    /// Terminal width for tables (nil: no limit).
    public var width: Int?
    /// Rows shown before "… N more rows" (nil: all).
    public var rowLimit: Int?
    public var color = false
    /// Documents, to quote source sentences under `why`.
    public var documents: [Document] = []
    /// How many answers there are in all when the result holds only some of them (the REPL's
    /// `:why` explains the first rows); nil: the result's rows are all.
    public var totalRows: Int?

    public init(format: OutputFormat, width: Int? = nil, rowLimit: Int? = nil, color: Bool = false) {
        self.format = format
        self.width = width
        self.rowLimit = rowLimit
        self.color = color
    }

    /// The text for one query's answers, ending with a newline.
    public func render(_ r: QueryResult) -> String { render(r, stop: {}) }

    /// The same, with `stop` called every few thousand rows; it may throw to give up (the
    /// REPL's Ctrl-C): formatting two million answers takes seconds.
    public func render(_ r: QueryResult, stop: () throws -> Void) rethrows -> String {
        var out: String
        switch format {
        case .count: out = "\(r.answerCount)\n"
        case .json: out = try json(r, stop: stop) + "\n"
        case .csv: out = try delimited(r, separator: ",", stop: stop)
        case .tsv: out = try delimited(r, separator: "\t", stop: stop)
        case .markdown: out = try markdown(r, stop: stop)
        case .table: out = try table(r, stop: stop)
        }
        // JSON, CSV and TSV carry explanations in a field of their own (see `delimited`).
        if let ex = r.explanations, format == .table || format == .markdown {
            out += try renderExplanations(r, ex, stop: stop)
        }
        return out
    }

    /// How many rows go between calls to `stop`.
    static let rowsBetweenStops = 1024

    /// FactBank's factuality values in words, so a `why` reads without the table at hand.
    static let factualityGloss = [
        "CT+": "certain", "CT-": "certainly not", "PR+": "probable", "PR-": "probably not", "PS+": "possible",
        "PS-": "possibly not", "CTu": "certain but unknown which way", "Uu": "uncommitted",
    ]

    // MARK: Tables

    func table(_ r: QueryResult, stop: () throws -> Void) rethrows -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let dim = color ? "\u{1B}[2m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        if r.isGround { return (r.rows.isEmpty ? "false." : "true.") + "\n" }
        if r.rows.isEmpty { return "\(dim)(no answers)\(reset)\n" }
        let shown = rowLimit.map { Array(r.rows.prefix($0)) } ?? r.rows
        var cells: [[String]] = []
        cells.reserveCapacity(shown.count)
        for (n, row) in shown.enumerated() {
            if n % Formatter.rowsBetweenStops == 0 { try stop() }
            cells.append(row.map { clean($0.display) })
        }
        var widths = r.columns.map { displayWidth($0) }
        for (n, row) in cells.enumerated() {
            if n % Formatter.rowsBetweenStops == 0 { try stop() }
            for (k, c) in row.enumerated() { widths[k] = max(widths[k], displayWidth(c)) }
        }
        // Fit the terminal: shrink the widest columns first, down to 8 characters.
        if let w = width {
            let total = { widths.reduce(0, +) + 3 * (widths.count - 1) }
            if total() > w { widths = Formatter.narrowed(widths, toFit: w - 3 * (widths.count - 1)) }
            // Still too wide: one field per line, as psql's expanded display, not wrapped lines.
            if total() > w { return try expanded(r, shown: shown, width: w, stop: stop) }
            for n in cells.indices {
                if n % Formatter.rowsBetweenStops == 0 { try stop() }
                cells[n] = cells[n].enumerated().map { truncate($0.element, to: widths[$0.offset]) }
            }
        }
        var out = ""
        let header = r.columns.enumerated().map { pad(truncate($0.element, to: widths[$0.offset]), widths[$0.offset]) }
        out += bold + header.joined(separator: " | ").trimmingTrailingSpaces() + reset + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
        for (n, row) in cells.enumerated() {
            if n % Formatter.rowsBetweenStops == 0 { try stop() }
            out +=
                row.enumerated().map { pad($0.element, widths[$0.offset]) }.joined(separator: " | ")
                .trimmingTrailingSpaces() + "\n"
        }
        return out + footer(r, shown: shown.count)
    }

    /// "(3 answers)", or how many rows the row limit left out.
    func footer(_ r: QueryResult, shown: Int) -> String {
        let dim = color ? "\u{1B}[2m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        let all = max(totalRows ?? r.rows.count, r.rows.count)
        if shown < all {
            return "\(dim)… \(all - shown) more row\(all - shown == 1 ? "" : "s") (\(all) in all)\(reset)\n"
        }
        return "\(dim)(\(all) answer\(all == 1 ? "" : "s"))\(reset)\n"
    }

    /// Each answer as a block of `column | value` lines under a `-[ N ]---` rule: a table whose
    /// columns cannot fit the terminal even at 8 characters each.
    func expanded(_ r: QueryResult, shown: [[Value]], width w: Int, stop: () throws -> Void) rethrows
        -> String
    {
        let bold = color ? "\u{1B}[1m" : ""
        let dim = color ? "\u{1B}[2m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        let nameWidth = min(r.columns.map(displayWidth).max() ?? 0, max(4, w / 3))
        let valueWidth = max(4, w - nameWidth - 3)
        var out = ""
        for (n, row) in shown.enumerated() {
            if n % Formatter.rowsBetweenStops == 0 { try stop() }
            let rule = "-[ \(n + 1) ]"
            out +=
                dim + rule + String(repeating: "-", count: max(0, nameWidth + 3 + valueWidth - rule.count)) + reset
                + "\n"
            for (k, value) in row.enumerated() {
                let name = pad(truncate(r.columns[k], to: nameWidth), nameWidth)
                out += bold + name + reset + " | " + truncate(clean(value.display), to: valueWidth) + "\n"
            }
        }
        return out + footer(r, shown: shown.count)
    }

    /// A value's text for one table cell: tabs become spaces, line breaks and other control
    /// characters their escapes (`Value.escaped`), so that a row stays one line and the terminal
    /// shows the data instead of acting on it.
    func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: Value.isControl) else { return s }
        return Value.escaped(s.replacingOccurrences(of: "\t", with: " "), quote: nil)
    }

    func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - displayWidth(s))) }

    func truncate(_ s: String, to w: Int) -> String {
        if displayWidth(s) <= w { return s }
        var out = ""
        var used = 0
        for ch in s {
            let next = charWidth(ch)
            if used + next > w - 1 { break }
            out.append(ch)
            used += next
        }
        return out + "…"
    }

    /// Column widths cut down to `room` in all, the widest first and none below 8 (a column
    /// already narrower keeps its width): the widths all come down to one cap, the largest that
    /// fits, and what room is left over goes back to the last of the columns cut. Taking one
    /// character at a time from the widest column cost a pass over the columns per character,
    /// 52 s for 4,000 columns on a terminal.
    static func narrowed(_ widths: [Int], toFit room: Int) -> [Int] {
        let sum = { (cap: Int) in widths.reduce(0) { $0 + min($1, cap) } }
        guard let widest = widths.max(), widest > 8, sum(8) <= room else { return widths.map { min($0, 8) } }
        var low = 8
        var high = widest
        while low < high {
            let middle = (low + high + 1) / 2
            if sum(middle) <= room { low = middle } else { high = middle - 1 }
        }
        var result = widths.map { min($0, low) }
        var spare = room - sum(low)
        for k in result.indices.reversed() where spare > 0 && widths[k] > low {
            result[k] += 1
            spare -= 1
        }
        return result
    }

    // MARK: Delimited, Markdown, JSON

    /// CSV (RFC 4180 quoting) or TSV. TSV has no quoting, so a tab, line break, carriage return
    /// or backslash in a text is written `\t`, `\n`, `\r`, `\\`, as PostgreSQL's text format
    /// does: replaced by spaces, as they once were, the text could not be had back. A `why`
    /// query's explanations go in a last column, `why`, one text per answer.
    func delimited(_ r: QueryResult, separator: String, stop: () throws -> Void) rethrows -> String {
        func field(_ s: String) -> String {
            if separator == "\t" {
                return s.replacingScalars {
                    switch $0 {
                    case "\t": "\\t"
                    case "\n": "\\n"
                    case "\r": "\\r"
                    case "\\": "\\\\"
                    default: nil
                    }
                }
            }
            // An empty text is quoted: unquoted, a one-column row of it is an empty line, which
            // readers take for no row or a row of no fields.
            if s.isEmpty || s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingScalars { $0 == "\"" ? "\"\"" : nil } + "\""
            }
            return s
        }
        func why(_ k: Int) -> String {
            guard let ex = r.explanations, k < ex.count else { return "" }
            var text = ex[k].map { renderTree($0, indent: "") }.joined()
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        }
        if r.isGround {
            let answer = r.rows.isEmpty ? "false" : "true"
            guard r.explanations != nil else { return answer + "\n" }
            return ["answer", "why"].joined(separator: separator) + "\n" + answer + separator + field(why(0)) + "\n"
        }
        let columns = r.columns + (r.explanations == nil ? [] : ["why"])
        var out = columns.map(field).joined(separator: separator) + "\n"
        for (k, row) in r.rows.enumerated() {
            if k % Formatter.rowsBetweenStops == 0 { try stop() }
            var fields = row.map { field($0.display) }
            if r.explanations != nil { fields.append(field(why(k))) }
            out += fields.joined(separator: separator) + "\n"
        }
        return out
    }

    func markdown(_ r: QueryResult, stop: () throws -> Void) rethrows -> String {
        // One line per row, and no control character printed as itself (see `clean`).
        // A backslash is doubled: CommonMark reads `\|` as a bar, so a text's own backslash
        // before a bar would eat the escape and the bar would end the cell.
        func cell(_ s: String) -> String {
            Value.escaped(s.replacingScalars { $0 == "\n" ? " " : nil }, quote: nil).replacingScalars {
                switch $0 {
                case "\\": "\\\\"
                case "|": "\\|"
                default: nil
                }
            }
        }
        let query = Value.pictured(r.text, keepingLayout: true)
        if r.isGround { return "`\(query)` → **\(r.rows.isEmpty ? "false" : "true")**\n" }
        // The query heads its table, so a pasted report says what each table answers.
        var out = "`\(query)`\n\n"
        out += "| " + r.columns.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + r.columns.map { _ in "---|" }.joined() + "\n"
        for (k, row) in r.rows.enumerated() {
            if k % Formatter.rowsBetweenStops == 0 { try stop() }
            out += "| " + row.map { cell($0.display) }.joined(separator: " | ") + " |\n"
        }
        if r.rows.isEmpty { out += "\n*(no answers)*\n" }
        return out
    }

    func json(_ r: QueryResult, stop: () throws -> Void) rethrows -> String {
        var out =
            "{\"query\": \(jsonString(r.text)), \"columns\": [\(r.columns.map(jsonString).joined(separator: ", "))], \"rows\": ["
        for (k, row) in r.rows.enumerated() {
            if k % Formatter.rowsBetweenStops == 0 { try stop() }
            out += (k == 0 ? "[" : ", [") + row.map(jsonValue).joined(separator: ", ") + "]"
        }
        out += "]"
        if let ex = r.explanations {
            let texts = ex.map { answer in
                "[" + answer.map { jsonString(renderTree($0, indent: "")) }.joined(separator: ", ") + "]"
            }
            out += ", \"why\": [\(texts.joined(separator: ", "))]"
            // `why` explains the first answers only (`Session.maxExplainedAnswers`): the
            // explanations then cover the first `explained` rows.
            if ex.count < r.rows.count { out += ", \"explained\": \(ex.count)" }
        }
        return out + "}"
    }

    /// Symbols and strings as JSON strings, integers as numbers, everything else as its literal text.
    func jsonValue(_ v: Value) -> String {
        switch v.kind {
        case let .int(n): return String(n)
        case let .symbol(s), let .string(s): return jsonString(s)
        default: return jsonString(v.literal)
        }
    }

    // MARK: Explanations

    /// The stated facts an answer rests on, each claim once, in the order the derivation meets them.
    public static func claims(in explanations: [Explanation]) -> [ClaimRecord] {
        var out: [ClaimRecord] = []
        var seen = Set<Int>()
        func walk(_ e: Explanation) {
            if case let .stated(claims) = e.kind {
                for c in claims where seen.insert(c.id).inserted { out.append(c) }
            }
            e.premises.forEach(walk)
        }
        explanations.forEach(walk)
        return out
    }

    /// One line per claim: locator, source and firmness, e.g. `P3.S1 by author, PR+ (probable)`.
    public static func citation(_ c: ClaimRecord) -> String {
        let firmness = factualityGloss[c.factuality].map { "\(c.factuality) (\($0))" } ?? c.factuality
        return "\(c.locators.map(\.literal).joined(separator: ", ")) by \(c.by.printable), \(firmness)"
    }

    func renderExplanations(_ r: QueryResult, _ ex: [[Explanation]], stop: () throws -> Void) rethrows
        -> String
    {
        var out = ""
        for (k, row) in r.rows.enumerated() where k < ex.count {
            try stop()
            let label =
                r.isGround
                ? "why" : "why " + zip(r.columns, row).map { "\($0) = \($1.literal)" }.joined(separator: ", ")
            out += "\n\(label):\n"
            for e in ex[k] { out += renderTree(e, indent: "  ") }
        }
        if ex.count < r.rows.count {
            out +=
                "\n(why explained the first \(ex.count) of \(r.rows.count) answers; ask about the others with a narrower query)\n"
        }
        return out
    }

    func renderTree(_ e: Explanation, indent: String) -> String {
        var out = indent + e.fact
        switch e.kind {
        case let .stated(claims):
            if claims.isEmpty {
                out += "   stated (no citation)\n"
            } else {
                out += "\n"
                for c in claims {
                    let locs = c.locators.map(\.literal).joined(separator: ", ")
                    let firmness =
                        Formatter.factualityGloss[c.factuality].map { "\(c.factuality) \($0)" } ?? c.factuality
                    out +=
                        "\(indent)    source \(locs), by \(c.by.printable), \(firmness) (\(c.file.name):\(c.file.location(of: c.span.start).line))\n"
                    for loc in c.locators {
                        // A locator does not name its document: with several loaded, each
                        // sentence found there is shown with the document it is from.
                        for d in documents {
                            if let s = d.text(at: loc) {
                                let from = documents.count > 1 ? " of \(Value.pictured(d.name))" : ""
                                out +=
                                    "\(indent)      \(loc.literal)\(from): “\(Value.pictured(s, keepingLayout: true))”\n"
                            }
                        }
                    }
                }
            }
        case let .derived(_, file, line):
            out += "   by the rule at \(file):\(line)\n"
        case .absent: out += "   (no such fact)\n"
        case .condition: out += "   (holds)\n"
        case .repeated: out += "   (shown above)\n"
        case .unfound: out += "   (derived; its derivation could not be traced again)\n"
        case .deeper: out += "   (derived further down; why shows \(Session.maxExplanationDepth) levels)\n"
        case let .more(n):
            out += " (the aggregate's other solution\(n == 1 ? "" : "s"); why shows \(Session.maxExplainedSolutions))\n"
        }
        for p in e.premises { out += renderTree(p, indent: indent + "  ") }
        return out
    }
}

func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                out += String(format: "\\u%04x", u.value)
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

/// Columns a character takes in a terminal: wide East Asian characters take two.
func charWidth(_ c: Character) -> Int {
    guard let u = c.unicodeScalars.first?.value else { return 0 }
    if (0x1100...0x115F).contains(u) || (0x2E80...0xA4CF).contains(u) || (0xAC00...0xD7A3).contains(u)
        || (0xF900...0xFAFF).contains(u) || (0xFE30...0xFE4F).contains(u) || (0xFF00...0xFF60).contains(u)
        || (0xFFE0...0xFFE6).contains(u) || (0x1F300...0x1FAFF).contains(u) || (0x20000...0x3FFFD).contains(u)
    {
        return 2
    }
    return 1
}

/// Columns a text takes in a terminal (see `charWidth`).
public func displayWidth(_ s: String) -> Int { s.reduce(0) { $0 + charWidth($1) } }

extension String {
    /// The text with each scalar `replacement` gives text for replaced by it. The delimited
    /// formats must work on scalars: a comma, quote, bar or backslash followed by a combining
    /// mark is one Character that equals none of them, and a reader splits on it all the same.
    func replacingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        guard unicodeScalars.contains(where: { replacement($0) != nil }) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if let text = replacement(scalar) {
                out.append(contentsOf: text.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
