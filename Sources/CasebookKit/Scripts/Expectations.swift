// Expected answers kept in a script, under the query they belong to.
//
// A script states what each query should answer in `%>` lines right after the query. Because
// `%` starts a comment, a script with expectations is still a plain program for every other tool:
//
//     ?- works_for(W, chef, S).
//     %> W | S
//     %> seth_vargo | former
//
// The first line names the columns; each further line is one answer, its values written as
// literals (strings quoted, symbols bare) and separated by ` | `. A query with no answers says
// `%> (no answers)` under its header; a ground query says `%> true` or `%> false` (or `true.`,
// `false.`, as the table prints them).
// Answers are compared as sets, value by value, so order and spelling (`$100 million` or
// `$100M`) do not matter.

/// The `%>` block written under one query.
public struct Expectation: Equatable, Sendable {
    /// Column names; empty for a ground query, nil when the block gives none (`%> (no answers)`).
    public var columns: [String]?
    /// Each answer's values as canonical literal text.
    public var rows: Set<[String]>
    /// Where the block sits in its file (whole lines, including the final newline).
    public var span: SourceSpan
    /// The first line's text after `%>`, and where it sits, for an error about the block's form.
    public var header = ""
    public var headerSpan = SourceSpan(0, 0)
    /// The first line after a `%> true` or `%> false`, which a ground query's block has none of.
    public var surplus: SourceSpan?

    /// Whether the block answers a query without variables: `true` or `false`, or either with
    /// the full stop the table prints.
    public var answersGroundQuery: Bool { ["true", "false", "true.", "false."].contains(header) }

    /// The block for a query's actual answers, in the order the answers print.
    public static func lines(for result: QueryResult) -> [String] {
        if result.isGround { return ["%> " + (result.rows.isEmpty ? "false" : "true")] }
        var lines = ["%> " + result.columns.joined(separator: " | ")]
        if result.rows.isEmpty { lines.append("%> (no answers)") }
        for row in result.rows { lines.append("%> " + row.map(\.literal).joined(separator: " | ")) }
        return lines
    }
}

/// How a query's answers differ from its expectation.
public struct ExpectationMismatch: Sendable {
    public var query: String
    public var file: String
    public var line: Int
    public var expectedColumns: [String]
    public var actualColumns: [String]
    /// Expected but not found, and found but not expected, as literal rows.
    public var missing: [[String]]
    public var extra: [[String]]

    /// A readable diff in the style of a failed snapshot test.
    public func render() -> String {
        var out = "\(file):\(line): expected answers differ for \(Value.pictured(query, keepingLayout: true))\n"
        if expectedColumns != actualColumns {
            out +=
                "  columns: expected \(expectedColumns.joined(separator: " | ")), found \(actualColumns.joined(separator: " | "))\n"
        }
        func show(_ row: [String], _ isGround: Bool) -> String {
            isGround ? "true" : row.joined(separator: " | ")
        }
        let ground = actualColumns.isEmpty
        if !missing.isEmpty {
            out += "  missing (\(missing.count)):\n"
            for r in missing { out += "    - \(show(r, ground))\n" }
        }
        if !extra.isEmpty {
            out += "  extra (\(extra.count)):\n"
            for r in extra { out += "    + \(show(r, ground))\n" }
        }
        return out
    }
}

/// Finds, compares and rewrites the expectation blocks of one script file.
public enum Expectations {
    /// The expectation under each query of `file`, in query order; nil where a query has none.
    /// Also returns diagnostics for cells that are not values, and the queries that share their
    /// line with a later one (`linesShared`), which have no block and cannot be recorded.
    public static func read(_ file: SourceFile) -> (
        blocks: [Expectation?], diagnostics: [Diagnostic], sharingLines: Set<Int>
    ) {
        let spans = querySpans(file)
        let shared = linesShared(by: spans, in: file)
        var blocks: [Expectation?] = []
        var diagnostics: [Diagnostic] = []
        for (k, span) in spans.enumerated() {
            let block = blockSpan(after: span, in: file)
            guard block.start < block.end, !shared.contains(k) else {
                blocks.append(nil)
                continue
            }
            var columns: [String]? = []
            var rows = Set<[String]>()
            var first = true
            var header = ""
            var headerSpan = SourceSpan(block.start, block.start)
            var surplus: SourceSpan?
            for (lineStart, text) in lines(of: block, in: file) {
                let afterPercent = text.drop { $0 == " " || $0 == "\t" }.dropFirst(2)
                let body = afterPercent.trimmingSpaces
                if first {
                    first = false
                    let bodyStart =
                        lineStart + text.utf8.count - afterPercent.utf8.count
                        + afterPercent.utf8.prefix { $0 == 32 || $0 == 9 }.count
                    header = body
                    headerSpan = SourceSpan(bodyStart, bodyStart + body.utf8.count)
                    if body == "true" || body == "true." {
                        rows.insert([])
                        continue
                    }
                    if body == "false" || body == "false." { continue }
                    if body == "(no answers)" {
                        columns = nil
                        continue
                    }
                    columns = body.isEmpty ? [] : body.splitCells
                    continue
                }
                if body == "(no answers)" || body.isEmpty { continue }
                if ["true", "false", "true.", "false."].contains(header) && surplus == nil {
                    surplus = SourceSpan(lineStart, lineStart + text.utf8.count)
                }
                var row: [String] = []
                // Where each cell sits in the line, for a caret under one that is not a value: the
                // search goes on from the end of the cell before, so a line is read once however
                // many bad cells it has (each searched from the `%>` afresh took minutes for
                // 20,000 of them).
                let bytes = Array(text.utf8)
                let afterMarker =
                    (bytes.indices.dropLast().first { bytes[$0] == 0x25 && bytes[$0 + 1] == 0x3E } ?? -2) + 2
                var cursor = afterMarker
                for cell in body.splitCells {
                    let needle = Array(cell.utf8)
                    var at = cursor
                    while at + needle.count <= bytes.count, !bytes[at..<(at + needle.count)].elementsEqual(needle) {
                        at += 1
                    }
                    if at + needle.count > bytes.count { at = afterMarker } else { cursor = at + needle.count }
                    if let v = Parser.parseValue(cell) {
                        row.append(v.literal)
                        continue
                    }
                    // Keep the text so the mismatch shows it, and say why it cannot match.
                    row.append(cell)
                    guard diagnostics.count < Parser.errorLimit else { continue }
                    diagnostics.append(
                        Diagnostic(
                            .error, "'\(cell)' in an expected answer is not a value", file: file,
                            span: SourceSpan(lineStart + at, lineStart + min(at + needle.count, bytes.count)),
                            hint: "write strings in double quotes and symbols in lower case, as in the language"))
                    if diagnostics.count == Parser.errorLimit {
                        diagnostics.append(
                            Diagnostic(
                                .note, "stopped after \(Parser.errorLimit) errors in expected answers", file: file,
                                span: SourceSpan(lineStart + at, lineStart + at), hint: "fix these and run again"))
                    }
                }
                rows.insert(row)
            }
            blocks.append(
                Expectation(
                    columns: columns, rows: rows, span: block, header: header, headerSpan: headerSpan,
                    surplus: surplus))
        }
        return (blocks, diagnostics, shared)
    }

    /// An error when the block's form does not fit the query: a ground query's block must say
    /// `true` or `false` (or `(no answers)`), anything else read as column names would pass
    /// for "false"; and another query's block must name its columns. Nil when it fits.
    public static func misfit(of expected: Expectation, for result: QueryResult) -> Diagnostic? {
        let said = expected.header.isEmpty ? "an empty '%>' line" : "'%> \(expected.header)'"
        if result.isGround {
            if let extra = expected.surplus {
                return Diagnostic(
                    .error, "a query without variables is answered by one line, '%> \(expected.header)'",
                    file: result.file, span: extra, hint: "remove this line, or ask a query with variables")
            }
            guard !expected.answersGroundQuery, expected.columns != nil else { return nil }
            return Diagnostic(
                .error, "\(said) is no answer to a query without variables", file: result.file,
                span: expected.headerSpan,
                hint: "write '%> true' or '%> false' right under the query")
        }
        guard expected.answersGroundQuery || expected.header.isEmpty else { return nil }
        let columns = result.columns.joined(separator: " | ")
        return Diagnostic(
            .error, "\(said) answers a query without variables; this query's answers have columns \(columns)",
            file: result.file, span: expected.headerSpan,
            hint: "write the columns, '%> \(columns)', then one answer a line, or '%> (no answers)'")
    }

    /// `%>` lines that no query owns: before the first query, or parted from the query above by
    /// a blank line, a `%` comment or a clause. Unreported, such a block was never compared, so
    /// `--check` passed whatever it said. One error for each run of such lines; none when the
    /// file does not parse, as a query the parser could not read leaves its block without one.
    public static func strays(in file: SourceFile) -> [Diagnostic] {
        let parsed = Parser.parse(file)
        guard !parsed.diagnostics.contains(where: { $0.severity == .error }) else { return [] }
        let owned = querySpans(parsed.clauses).map { blockSpan(after: $0, in: file) }
        var strays: [Diagnostic] = []
        var previousWasStray = false
        let lines = commentLineStarts(of: file)
        // `?- p(b). %> true` reads as a comment: its expectation would never be compared.
        for at in lines.trailing {
            strays.append(
                Diagnostic(
                    .error, "expected answers must start their line", file: file, span: SourceSpan(at, at + 2),
                    hint: "put the '%>' lines on lines of their own, right under their query"))
        }
        for start in lines.starts {
            guard file.bytes[start] == UInt8(ascii: "%"), start + 1 < file.bytes.count,
                file.bytes[start + 1] == UInt8(ascii: ">")
            else {
                previousWasStray = false
                continue
            }
            let isStray = !owned.contains { $0.start <= start && start < $0.end }
            if isStray && !previousWasStray {
                strays.append(
                    Diagnostic(
                        .error, "these expected answers belong to no query", file: file,
                        span: SourceSpan(start, start + 2),
                        hint:
                            "put the '%>' lines right under their query, with no blank or comment line between"))
            }
            previousWasStray = isStray
        }
        return strays
    }

    /// Where each line's text starts (past its spaces and tabs) when that is a `%` comment, in
    /// order; a line inside a block comment is none, and no other line has a `%` there, as
    /// strings end on their line. A line that is code is given as its first byte.
    static func commentLineStarts(of file: SourceFile) -> (starts: [Int], trailing: [Int]) {
        let b = file.bytes
        var starts: [Int] = []
        var trailing: [Int] = []
        var i = 0
        var inBlockComment = false
        while i < b.count {
            var k = i
            while k < b.count, b[k] == 32 || b[k] == 9 { k += 1 }
            if !inBlockComment && k < b.count { starts.append(k) }
            // The rest of the line, for where a block comment opens or closes.
            var quote: UInt8? = nil
            while k < b.count, b[k] != 10 {
                let c = b[k]
                if inBlockComment {
                    if c == UInt8(ascii: "*"), k + 1 < b.count, b[k + 1] == UInt8(ascii: "/") {
                        inBlockComment = false
                        k += 1
                    }
                } else if let q = quote {
                    if c == UInt8(ascii: "\\") {
                        k += 1
                    } else if c == q {
                        quote = nil
                    }
                } else if c == UInt8(ascii: "%") {
                    if k != starts.last, k + 1 < b.count, b[k + 1] == UInt8(ascii: ">") { trailing.append(k) }
                    while k < b.count, b[k] != 10 { k += 1 }
                    break
                } else if c == 34 || c == 39 {
                    quote = c
                } else if c == UInt8(ascii: "/"), k + 1 < b.count, b[k + 1] == UInt8(ascii: "*") {
                    inBlockComment = true
                    k += 1
                }
                k += 1
            }
            i = k + 1
        }
        return (starts, trailing)
    }

    /// Compares a query's answers with its expectation; nil when they agree.
    public static func compare(_ result: QueryResult, with expected: Expectation) -> ExpectationMismatch? {
        let actual = Set(result.rows.map { $0.map(\.literal) })
        let columnsDiffer = !result.isGround && expected.columns != nil && expected.columns != result.columns
        if actual == expected.rows && !columnsDiffer { return nil }
        let order: ([String], [String]) -> Bool = { $0.lexicographicallyPrecedes($1) }
        return ExpectationMismatch(
            query: result.text, file: result.file.name, line: result.file.location(of: result.span.start).line,
            expectedColumns: expected.columns ?? result.columns, actualColumns: result.columns,
            missing: expected.rows.subtracting(actual).sorted(by: order),
            extra: actual.subtracting(expected.rows).sorted(by: order))
    }

    /// The file's text with each query's block replaced by `replacements[i]` (nil keeps the
    /// old block, for a query that failed to run).
    public static func rewrite(_ file: SourceFile, replacements: [[String]?]) -> String {
        let spans = querySpans(file)
        let shared = linesShared(by: spans, in: file)
        // Lines written in the file's own line ends: a file edited on Windows stays CRLF.
        let firstBreak = file.bytes.firstIndex(of: UInt8(ascii: "\n"))
        let newline: [UInt8] =
            firstBreak.map { $0 > 0 && file.bytes[$0 - 1] == UInt8(ascii: "\r") } == true ? [13, 10] : [10]
        var out: [UInt8] = []
        var cursor = 0
        for (index, span) in spans.enumerated() {
            guard index < replacements.count, let lines = replacements[index], !shared.contains(index) else {
                continue
            }
            let block = blockSpan(after: span, in: file)
            // Everything up to the end of the query's line stays as written.
            let lineEnd = endOfLine(after: span.end, in: file)
            out += file.bytes[cursor..<lineEnd]
            if lineEnd == 0 || file.bytes[lineEnd - 1] != UInt8(ascii: "\n") {
                out += newline
            }
            for line in lines { out += Array(line.utf8) + newline }
            cursor = max(block.end, lineEnd)
        }
        out += file.bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Where each query of the file stands, in order.
    static func querySpans(_ file: SourceFile) -> [SourceSpan] { querySpans(Parser.parse(file).clauses) }

    static func querySpans(_ clauses: [Clause]) -> [SourceSpan] {
        clauses.compactMap { clause in
            if case let .query(_, _, span) = clause { return span }
            return nil
        }
    }

    /// The queries (by index) that end on a line where another query follows. The block under
    /// that line belongs to the last query on it; the others have none and cannot be recorded
    /// (giving both the same block made `--record` write out of bounds).
    static func linesShared(by spans: [SourceSpan], in file: SourceFile) -> Set<Int> {
        var shared = Set<Int>()
        for k in spans.indices.dropLast() where spans[k + 1].start < endOfLine(after: spans[k].end, in: file) {
            shared.insert(k)
        }
        return shared
    }

    /// The run of `%>` lines that starts on the line after a query ends.
    static func blockSpan(after query: SourceSpan, in file: SourceFile) -> SourceSpan {
        let start = endOfLine(after: query.end, in: file)
        var end = start
        while end < file.bytes.count {
            var i = end
            while i < file.bytes.count, file.bytes[i] == UInt8(ascii: " ") || file.bytes[i] == UInt8(ascii: "\t") {
                i += 1
            }
            guard i + 1 < file.bytes.count, file.bytes[i] == UInt8(ascii: "%"), file.bytes[i + 1] == UInt8(ascii: ">")
            else { break }
            end = endOfLine(after: i, in: file)
        }
        return SourceSpan(start, end)
    }

    /// The offset just past the newline that ends the line holding `offset`.
    static func endOfLine(after offset: Int, in file: SourceFile) -> Int {
        var i = offset
        while i < file.bytes.count, file.bytes[i] != UInt8(ascii: "\n") { i += 1 }
        return min(i + 1, file.bytes.count)
    }

    static func lines(of span: SourceSpan, in file: SourceFile) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var start = span.start
        while start < span.end {
            var end = start
            while end < span.end, file.bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var text = String(decoding: file.bytes[start..<end], as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            result.append((start, text))
            start = end + 1
        }
        return result
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }

    /// Splits on ` | ` outside quotes, so a string or quoted symbol holding a bar stays one cell.
    /// Both quotes count: a symbol such as `'a"b'` holds a double quote that opens nothing.
    /// The walk is by Unicode scalar, as the lexer's is: by Character, a quote fuses with a
    /// combining mark after it or a prepended one before it, and is then no quote at all.
    fileprivate var splitCells: [String] {
        var cells: [String] = []
        var current = String.UnicodeScalarView()
        var quote: Unicode.Scalar?
        var escaped = false
        for c in unicodeScalars {
            if let q = quote {
                current.append(c)
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == q {
                    quote = nil
                }
                continue
            }
            if c == "\"" || c == "'" { quote = c }
            if c == "|" {
                cells.append(String(current).trimmingSpaces)
                current = String.UnicodeScalarView()
            } else {
                current.append(c)
            }
        }
        cells.append(String(current).trimmingSpaces)
        return cells
    }
}
