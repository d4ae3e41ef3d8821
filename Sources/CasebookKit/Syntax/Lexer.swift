// The lexer: bytes in, tokens out.
//
// It works on UTF-8 bytes and never builds a String, so loading a million facts stays cheap.
// Literals of the domain types (dates, money, durations, locators) are recognised here by their
// shape; the parser turns their text into values. Problems (an unterminated string, a stray byte,
// invalid UTF-8) become diagnostics and an `.error` token, and lexing carries on.

/// Splits a `SourceFile` into tokens.
public struct Lexer {
    /// Names that cannot be bare symbols because they start a language construct.
    public static let keywords: Set<String> = ["not", "possibly", "why", "mod", "during", "overlaps"]

    let file: SourceFile
    let b: [UInt8]
    var i = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// Whether plain facts are read straight into `factRuns` (see `readFactRun`). The parser asks
    /// for this; tools that want every token, such as the REPL's input scanner, do not.
    let readsFacts: Bool
    /// The runs of plain facts read so far, in order; each stands in the tokens as one `.facts`.
    public private(set) var factRuns: [FactRun] = []
    /// Checked every few thousand tokens and facts: a file of a gigabyte takes a minute to lex,
    /// and Ctrl-C must be heard meanwhile. Once it is set the tokens end early, at `.eof`.
    let stop: CancelToken?
    public private(set) var cancelled = false
    /// Whether lexing stopped at `Parser.errorLimit` errors, leaving the rest of the file unread.
    public private(set) var tooManyErrors = false

    /// A lexer over `file`, from byte `offset` on.
    public init(_ file: SourceFile, from offset: Int = 0, readsFacts: Bool = false, stop: CancelToken? = nil) {
        self.file = file
        self.stop = stop
        self.b = file.bytes
        // Fact runs keep offsets in 32 bits; a file too big for that is lexed token by token.
        self.readsFacts = readsFacts && file.bytes.count < Int(Int32.max)
        i = offset
        // A byte-order mark is not content.
        if i == 0, b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
    }

    /// All tokens, ending with `.eof`; with `oneClause`, only those up to the first '.' (and `.eof`).
    public mutating func tokenize(oneClause: Bool = false) -> [Token] {
        var tokens: [Token] = []
        if !oneClause { tokens.reserveCapacity(b.count / 3) }
        var space = skipTrivia()
        while true {
            if tokens.count & 4095 == 0, stop?.isCancelled == true { cancelled = true }
            // A binary file is a bad character every few bytes: past the parser's error limit
            // the rest would only cost memory (a diagnostic per byte, gigabytes for a large file).
            if cancelled || diagnostics.count >= Parser.errorLimit {
                tooManyErrors = !cancelled
                tokens.append(Token(kind: .eof, span: SourceSpan(i, i), spaceBefore: true))
                break
            }
            let atClauseStart = tokens.last.map { $0.kind == .dot || $0.kind == .facts } ?? true
            if readsFacts && atClauseStart, let run = readFactRun(space: &space) {
                tokens.append(Token(kind: .facts, span: run.span, spaceBefore: space))
                factRuns.append(run)
                continue
            }
            let t = next(space)
            tokens.append(t)
            if t.kind == .eof { break }
            if oneClause && t.kind == .dot {
                tokens.append(Token(kind: .eof, span: SourceSpan(i, i), spaceBefore: true))
                break
            }
            space = skipTrivia()
        }
        return tokens
    }

    // MARK: Plain facts
    //
    // A file of data states the same relation a million times: `edge(1, 2).` Tokens and a syntax
    // tree for each would cost hundreds of bytes per fact, so at the start of a clause the lexer
    // first tries to read a plain fact straight into values: a lowercase name, '(', integers,
    // bare symbols or simple strings separated by ',', ')', '.' and then a space or the end. That
    // is exactly what the parser would make of such text. Anything else (a variable, an
    // annotation, a date, an escape, a comment inside the fact) leaves the clause to the tokens.

    /// Reads consecutive plain facts; nil (and nothing consumed) if the clause here is not a
    /// plain fact. `space` becomes whether trivia came after the run.
    private mutating func readFactRun(space: inout Bool) -> FactRun? {
        let bytes = b
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = FactReader(p: buffer.baseAddress!, n: buffer.count, i: i)
            var relations: [FactRun.Relation] = []
            var names: [Range<Int>] = []
            var starts: [Int32] = []
            // The values of the relation the last fact stated are appended here, and parked in
            // `relations` when another relation comes: a run of one relation appends to one array.
            var current: [UInt64] = []
            var last = -1
            let start = i
            var end = i
            func newRelation(_ name: Range<Int>, _ arity: Int) -> Int? {
                let relation = String(decoding: buffer[name], as: UTF8.self)
                guard relations.count < 64, !Lexer.keywords.contains(relation) else { return nil }
                relations.append(FactRun.Relation(name: relation, arity: arity, values: []))
                names.append(name)
                return relations.count - 1
            }
            while true {
                if starts.count & 65535 == 65535, stop?.isCancelled == true {
                    cancelled = true
                    break
                }
                let next = reader.i
                let mark = current.count
                guard let name = reader.readFact(into: &current) else {
                    current.removeSubrange(mark...)
                    break
                }
                let arity = current.count - mark
                if last < 0 || relations[last].arity != arity || !reader.sameBytes(names[last], name) {
                    let fact = Array(current[mark...])
                    current.removeSubrange(mark...)
                    guard
                        let k = names.indices.first(where: {
                            relations[$0].arity == arity && reader.sameBytes(names[$0], name)
                        }) ?? newRelation(name, arity)
                    else { break }
                    if last >= 0 { relations[last].values = current }
                    current = relations[k].values
                    relations[k].values = []
                    current += fact
                    last = k
                }
                starts.append(Int32(next))
                end = reader.i
                // Between facts there is mostly a line break: plain spaces are skipped here, and
                // comments (with their errors) are left to `skipTrivia`.
                let gap = reader.i
                reader.skipSpaces()
                let c = reader.at(reader.i)
                if c == UInt8(ascii: "%") || c == UInt8(ascii: "/") || c == 12 {
                    i = reader.i
                    _ = skipTrivia()
                    reader.i = i
                }
                space = reader.i > gap
                i = reader.i
            }
            guard !starts.isEmpty else {
                i = start
                return nil
            }
            if last >= 0 { relations[last].values = current }
            return FactRun(relations: relations, starts: starts, span: SourceSpan(start, end))
        }
    }

    /// Reads plain facts from raw bytes: the loop that loads a million facts, so it works on a
    /// pointer (no bounds check or reference count per byte) and checks the end itself.
    private struct FactReader {
        let p: UnsafePointer<UInt8>
        let n: Int
        var i: Int

        @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? p[k] : 0 }

        @inline(__always) func sameBytes(_ x: Range<Int>, _ y: Range<Int>) -> Bool {
            guard x.count == y.count else { return false }
            for k in 0..<x.count where p[x.lowerBound + k] != p[y.lowerBound + k] { return false }
            return true
        }

        @inline(__always) mutating func skipSpaces() {
            while i < n, p[i] == 32 || p[i] == 10 || p[i] == 13 || p[i] == 9 { i += 1 }
        }

        /// One plain fact at `i`: its values into `row`, and the range of its relation's name.
        mutating func readFact(into row: inout [UInt64]) -> Range<Int>? {
            let nameStart = i
            guard at(i) >= 97 && at(i) <= 122 else { return nil }
            while i < n && Lexer.isIdent(p[i]) { i += 1 }
            let name = nameStart..<i
            skipSpaces()
            guard at(i) == UInt8(ascii: "(") else { return nil }
            i += 1
            while true {
                skipSpaces()
                guard let v = readPlainValue() else { return nil }
                row.append(v.raw)
                skipSpaces()
                let c = at(i)
                i += 1
                if c == UInt8(ascii: ")") { break }
                if c != UInt8(ascii: ",") { return nil }
            }
            skipSpaces()
            guard at(i) == UInt8(ascii: ".") else { return nil }
            i += 1
            let after = at(i)
            guard i == n || after == 32 || after == 10 || after == 13 || after == 9 || after == UInt8(ascii: "%")
            else { return nil }
            return name
        }

        /// An integer of up to 18 digits, a bare symbol (keywords too, as the parser reads
        /// them), or a string of printable ASCII without escapes; nil for anything else.
        /// `readFact` then wants ',' or ')', so that `2019-10`, `1.5`, `12abc`, `more than $5M`
        /// and `2018..2019` are left alone.
        mutating func readPlainValue() -> Value? {
            let start = i
            let c = at(i)
            if Lexer.isDigit(c) || (c == UInt8(ascii: "-") && Lexer.isDigit(at(i + 1))) {
                let negative = c == UInt8(ascii: "-")
                if negative { i += 1 }
                let digitsStart = i
                var v: Int64 = 0
                while i < n && Lexer.isDigit(p[i]) {
                    v = v &* 10 &+ Int64(p[i] &- 48)
                    i += 1
                }
                guard i - digitsStart <= 18 else { return nil }
                return .int(negative ? -v : v)
            }
            if c >= 97 && c <= 122 {
                while i < n && Lexer.isIdent(p[i]) { i += 1 }
                return .symbol(String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self))
            }
            if c == UInt8(ascii: "\"") {
                i += 1
                while true {
                    guard i < n else { return nil }
                    let d = p[i]
                    if d == UInt8(ascii: "\"") { break }
                    guard d >= 32 && d < 127 && d != UInt8(ascii: "\\") else { return nil }
                    i += 1
                }
                i += 1
                return .string(
                    String(decoding: UnsafeBufferPointer(start: p + start + 1, count: i - start - 2), as: UTF8.self))
            }
            return nil
        }
    }

    private mutating func error(_ message: String, _ start: Int, _ end: Int, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, file: file, span: SourceSpan(start, end), hint: hint))
    }

    /// Skips whitespace and comments; returns whether anything was skipped.
    private mutating func skipTrivia() -> Bool {
        let start = i
        while i < b.count {
            let c = b[i]
            if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 {
                i += 1
            } else if c == UInt8(ascii: "%") {
                while i < b.count && b[i] != 10 { i += 1 }
            } else if c == UInt8(ascii: "/") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "*") {
                let open = i
                i += 2
                var closed = false
                while i + 1 < b.count {
                    if b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/") {
                        i += 2
                        closed = true
                        break
                    }
                    i += 1
                }
                if !closed {
                    i = b.count
                    error("unterminated block comment", open, open + 2, hint: "close it with */")
                }
            } else {
                break
            }
        }
        return i > start || start == 0
    }

    @inline(__always) private func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
    @inline(__always) private static func isIdent(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95
    }

    private mutating func next(_ space: Bool) -> Token {
        let start = i
        func tok(_ k: TokenKind) -> Token { Token(kind: k, span: SourceSpan(start, i), spaceBefore: space) }
        guard i < b.count else { return tok(.eof) }
        let c = b[i]
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            while i < b.count && Lexer.isIdent(b[i]) { i += 1 }
            return tok(.name)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            if c == UInt8(ascii: "P"), let k = lexPrefixedLiteral() { return tok(k) }
            while i < b.count && Lexer.isIdent(b[i]) { i += 1 }
            return tok(.variable)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return tok(lexNumberOrDate())
        case UInt8(ascii: "\""):
            return tok(lexQuoted(UInt8(ascii: "\""), .string))
        case UInt8(ascii: "'"):
            return tok(lexQuoted(UInt8(ascii: "'"), .quotedSymbol))
        case UInt8(ascii: "$"):
            return tok(lexMoney(prefix: 1))
        case 0xE2 where peek(1) == 0x82 && peek(2) == 0xAC:  // €
            return tok(lexMoney(prefix: 3))
        case 0xC2 where peek(1) == 0xA3:  // £
            return tok(lexMoney(prefix: 2))
        case UInt8(ascii: "("): i += 1; return tok(.lparen)
        case UInt8(ascii: ")"): i += 1; return tok(.rparen)
        case UInt8(ascii: "{"): i += 1; return tok(.lbrace)
        case UInt8(ascii: "}"): i += 1; return tok(.rbrace)
        case UInt8(ascii: "["): i += 1; return tok(.lbracket)
        case UInt8(ascii: "]"): i += 1; return tok(.rbracket)
        case UInt8(ascii: ","): i += 1; return tok(.comma)
        case UInt8(ascii: "@"): i += 1; return tok(.at)
        case UInt8(ascii: "+"): i += 1; return tok(.plus)
        case UInt8(ascii: "-"): i += 1; return tok(.minus)
        case UInt8(ascii: "*"): i += 1; return tok(.star)
        case UInt8(ascii: "/"): i += 1; return tok(.slash)
        case UInt8(ascii: "="):
            i += 1
            if peek() == UInt8(ascii: "<") { i += 1; return tok(.le) }  // Prolog's =<
            if peek() == UInt8(ascii: "=") { i += 1 }  // == reads as =
            return tok(.eq)
        case UInt8(ascii: "<"):
            i += 1
            if peek() == UInt8(ascii: "=") { i += 1; return tok(.le) }
            if peek() == UInt8(ascii: ">") { i += 1; return tok(.ne) }
            return tok(.lt)
        case UInt8(ascii: ">"):
            i += 1
            if peek() == UInt8(ascii: "=") { i += 1; return tok(.ge) }
            return tok(.gt)
        case UInt8(ascii: "!"):
            i += 1
            if peek() == UInt8(ascii: "=") { i += 1; return tok(.ne) }
            error("unexpected '!'", start, i, hint: "write 'not p(X)' for negation, or '!=' for inequality")
            return tok(.error)
        case UInt8(ascii: "\\"):
            i += 1
            if peek() == UInt8(ascii: "+") { i += 1; return tok(.notPlus) }
            if peek() == UInt8(ascii: "=") { i += 1; return tok(.ne) }
            error("unexpected '\\'", start, i, hint: "write 'not p(X)' for negation")
            return tok(.error)
        case UInt8(ascii: ":"):
            i += 1
            if peek() == UInt8(ascii: "-") { i += 1; return tok(.implies) }
            return tok(.colon)
        case UInt8(ascii: "?"):
            i += 1
            if peek() == UInt8(ascii: "-") { i += 1; return tok(.query) }
            error("unexpected '?'", start, i, hint: "a query starts with '?-'")
            return tok(.error)
        case UInt8(ascii: "."):
            i += 1
            if peek() == UInt8(ascii: ".") { i += 1; return tok(.dotdot) }
            if peek() >= 97 && peek() <= 122 {
                // `.decl` and `.alias` start directives; anything else after a dot is the next clause.
                var j = i
                while j < b.count && Lexer.isIdent(b[j]) { j += 1 }
                let word = String(decoding: b[i..<j], as: UTF8.self)
                if word == "decl" || word == "alias" {
                    i = j
                    return tok(.directive)
                }
            }
            return tok(.dot)
        case 0:
            i += 1
            error("NUL byte in the input", start, i, hint: "the file may be binary or corrupt")
            return tok(.error)
        default:
            // Anything else: skip the whole UTF-8 sequence and report it once.
            i += 1
            while i < b.count && (b[i] & 0xC0) == 0x80 { i += 1 }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            if c >= 0x80 && String(validating: b[start..<i], as: UTF8.self) == nil {
                error("invalid UTF-8 in the input", start, i, hint: "save the file as UTF-8")
            } else {
                error(
                    "unexpected character '\(text)'", start, i,
                    hint: "names of symbols outside strings use ASCII letters, digits and '_'; quote other text")
            }
            return tok(.error)
        }
    }

    /// `P5Y`-style durations and `P4.S1` locators; nil leaves `P…` to be a variable.
    private mutating func lexPrefixedLiteral() -> TokenKind? {
        var j = i + 1
        // Locator: P<digits>.S<digits>
        var k = j
        while k < b.count && Lexer.isDigit(b[k]) { k += 1 }
        if k > j, k + 2 < b.count, b[k] == UInt8(ascii: "."), b[k + 1] == UInt8(ascii: "S"), Lexer.isDigit(b[k + 2]) {
            var e = k + 2
            while e < b.count && Lexer.isDigit(b[e]) { e += 1 }
            if e >= b.count || !Lexer.isIdent(b[e]) {
                i = e
                return .locator
            }
        }
        // `P1.S` with no sentence number: read as `P1`, '.', `S`, it was a clause of its own.
        if k > j, k + 1 < b.count, b[k] == UInt8(ascii: "."), b[k + 1] == UInt8(ascii: "S"),
            k + 2 >= b.count || !Lexer.isIdent(b[k + 2])
        {
            error(
                "'\(String(decoding: b[i..<k + 2], as: UTF8.self))' is not a locator", i, k + 2,
                hint: "a locator is a paragraph, P3, or a sentence in it, P3.S2")
            i = k + 2
            return .error
        }
        // Duration: P(nY)(nM)(nW)(nD)(T(nH)(nM)(nS)), at least one part, ending at a word boundary.
        var parts = 0
        var inTime = false
        var units: [UInt8] = Array("YMWD".utf8)
        while j < b.count {
            if b[j] == UInt8(ascii: "T") && !inTime {
                inTime = true
                units = Array("HMS".utf8)
                j += 1
                continue
            }
            var e = j
            while e < b.count && Lexer.isDigit(b[e]) { e += 1 }
            guard e > j, e < b.count, let u = units.firstIndex(of: b[e]) else { break }
            units.removeFirst(u + 1)
            parts += 1
            j = e + 1
        }
        // `P1DT` has a T with no time after it: a slip, not `P1D`.
        let timeEmpty = inTime && j > 0 && b[j - 1] == UInt8(ascii: "T")
        if parts > 0 && !timeEmpty && (j >= b.count || !Lexer.isIdent(b[j])) {
            i = j
            return .duration
        }
        // A word shaped like a duration but not one (`P1H`, `PT1Y`, `P2Y6`, `P3Months`) would
        // otherwise be a variable, and a variable matches every row. `P1` and `P2_x` stay
        // variables: a letter right after a digit is what makes the word a duration's slip.
        var end = i + 1
        while end < b.count && Lexer.isIdent(b[end]) { end += 1 }
        var digitAt = i + 1
        if digitAt < end && b[digitAt] == UInt8(ascii: "T") { digitAt += 1 }
        if digitAt < end, Lexer.isDigit(b[digitAt]),
            (digitAt..<end - 1).contains(where: { Lexer.isDigit(b[$0]) && Lexer.isLetter(b[$0 + 1]) })
        {
            error(
                "'\(String(decoding: b[i..<end], as: UTF8.self))' is not a duration", i, end,
                hint:
                    "a duration is P, then numbers each followed by Y, M, W or D, then T and numbers followed by "
                    + "H, M or S, in that order (P1Y6M, PT5H, P1DT12H)")
            i = end
            return .error
        }
        return nil
    }

    private mutating func lexNumberOrDate() -> TokenKind {
        let start = i
        while i < b.count && Lexer.isDigit(b[i]) { i += 1 }
        // Dates: YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn, YYYY-SU, written without spaces.
        if i - start == 4 && peek() == UInt8(ascii: "-") {
            let c1 = peek(1)
            let c2 = peek(2)
            let c3 = peek(3)
            if Lexer.isDigit(c1) && Lexer.isDigit(c2) && !Lexer.isDigit(c3) {
                i += 3
                if peek() == UInt8(ascii: "-") && Lexer.isDigit(peek(1)) && Lexer.isDigit(peek(2))
                    && !Lexer.isIdent(peek(3))
                {
                    i += 3
                }
                // A month glued to a one-digit day (`2019-10-5`) falls to the check below.
                if !Lexer.isIdent(peek()) && !(peek() == UInt8(ascii: "-") && Lexer.isDigit(peek(1))) {
                    return .date
                }
                i = start + 4
            } else if (c1 == UInt8(ascii: "Q") || c1 == UInt8(ascii: "H")) && Lexer.isDigit(c2) && !Lexer.isIdent(c3) {
                i += 3
                return .date
            } else if !Lexer.isIdent(c3) {
                let s = String(decoding: [c1, c2], as: UTF8.self)
                if ["SP", "SU", "FA", "WI"].contains(s) {
                    i += 3
                    return .date
                }
            }
        }
        // An ISO week (`2019-W01`, TIMEX3's `2019-W1`) would be the year minus a variable
        // `W01`, and the error would be about that variable: say what it is instead.
        // Only the week's own shape (W and one or two digits, perhaps a day): `2019-W2x` is the
        // year minus the variable W2x, as it always was.
        var weekEnd = i + 3
        if weekEnd < b.count && Lexer.isDigit(b[weekEnd]) { weekEnd += 1 }
        if weekEnd + 1 < b.count && b[weekEnd] == UInt8(ascii: "-") && Lexer.isDigit(b[weekEnd + 1]) { weekEnd += 2 }
        let isWeek = weekEnd >= b.count || !Lexer.isIdent(b[weekEnd])
        if i - start == 4 && peek() == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "W") && Lexer.isDigit(peek(2))
            && isWeek
        {
            let end = weekEnd
            error(
                "'\(String(decoding: b[start..<end], as: UTF8.self))' is a week, which is not a date Casebook holds",
                start, end,
                hint: "write the week's days as a range, 2018-12-31..2019-01-06; to subtract, put spaces around '-'")
            i = end
            return .error
        }
        // A year glued to more digits by '-' that made no date above is a mistyped date
        // (`2019-1-5`, `10000-01-01`); read as subtraction it would silently mean 2013.
        if i - start >= 4 && peek() == UInt8(ascii: "-") && Lexer.isDigit(peek(1)) {
            var end = i
            while end < b.count && (Lexer.isDigit(b[end]) || b[end] == UInt8(ascii: "-")) { end += 1 }
            error(
                "'\(String(decoding: b[start..<end], as: UTF8.self))' is not a date", start, end,
                hint: "write a date as 2019-01-05, 2019-01 or 2019; to subtract, put spaces around '-'")
            i = end
            return .error
        }
        if peek() == UInt8(ascii: ".") && Lexer.isDigit(peek(1)) {
            i += 1
            while i < b.count && Lexer.isDigit(b[i]) { i += 1 }
            return .decimal
        }
        return .integer
    }

    private mutating func lexQuoted(_ quote: UInt8, _ kind: TokenKind) -> TokenKind {
        let start = i
        i += 1
        while i < b.count {
            let c = b[i]
            if c == quote { i += 1; return kind }
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == 10 { break }
            i += 1
        }
        i = min(i, b.count)
        let what = kind == .string ? "string" : "quoted symbol"
        error(
            "unterminated \(what)", start, start + 1, hint: "add a closing \(quote == 34 ? "\"" : "'") on the same line"
        )
        return .error
    }

    private mutating func lexMoney(prefix: Int) -> TokenKind {
        let start = i
        i += prefix
        guard Lexer.isDigit(peek()) else {
            error("expected an amount after the currency sign", start, i, hint: "write money like $20M or $100 million")
            return .error
        }
        while Lexer.isDigit(peek()) || (peek() == UInt8(ascii: ",") && Lexer.isDigit(peek(1))) { i += 1 }
        if peek() == UInt8(ascii: ".") && Lexer.isDigit(peek(1)) {
            i += 1
            while Lexer.isDigit(peek()) { i += 1 }
        }
        let c = peek()
        if (c == UInt8(ascii: "K") || c == UInt8(ascii: "M") || c == UInt8(ascii: "B") || c == UInt8(ascii: "k"))
            && !Lexer.isIdent(peek(1))
        {
            i += 1
        } else if c == UInt8(ascii: "b") && peek(1) == UInt8(ascii: "n") && !Lexer.isIdent(peek(2)) {
            i += 2
        } else if c == 32 {
            for word in ["thousand", "million", "billion"] {
                let w = Array(word.utf8)
                if i + 1 + w.count <= b.count, Array(b[(i + 1)..<(i + 1 + w.count)]) == w,
                    !Lexer.isIdent(i + 1 + w.count < b.count ? b[i + 1 + w.count] : 0)
                {
                    i += 1 + w.count
                    break
                }
            }
        }
        return .money
    }
}
