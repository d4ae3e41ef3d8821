// The parser: tokens in, clauses out, one function per grammar rule.
//
// Each function's `///` summary is its production in Grammar/casebook.ebnf. On an error the parser
// records a diagnostic and resynchronises after the clause's closing '.', so one typo gives one
// error and the rest of the file is still checked.

/// Parses a `SourceFile` into clauses, collecting every syntax error.
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var p = 0
    /// Ctrl-C, heard every thousand clauses (see `Lexer.stop`).
    var stop: CancelToken?
    var anonymousCount = 0
    /// How deep the expression being parsed is nested; see `maxNesting`.
    var nesting = 0
    static let maxNesting = 256
    /// How many levels the expression parsed last has as a tree. A chain of operators needs no
    /// brackets to be deep (`1 + 1 + … + 1` is as deep as it is long), and every later stage walks
    /// the tree recursively, so its depth is bounded too (`maxExpressionDepth`).
    var treeDepth = 0
    static let maxExpressionDepth = 1000
    public private(set) var diagnostics: [Diagnostic] = []

    /// Thrown inside a clause after its diagnostic is recorded; caught at clause level to resynchronise.
    struct Abandon: Error {}
    /// Set when a clause lacked its '.' and the next line starts a clause of its own: parsing
    /// goes on from there instead of skipping to the next '.', so that clause is checked too.
    var resumeHere = false

    /// The lexer's runs of plain facts, by where each starts.
    var factRuns: [Int: FactRun] = [:]

    public init(_ file: SourceFile, stop: CancelToken? = nil) {
        self.file = file
        self.stop = stop
        if let problem = file.byteOrderMarkProblem {
            self.tokens = [Token(kind: .eof, span: SourceSpan(file.bytes.count, file.bytes.count), spaceBefore: true)]
            self.diagnostics = [problem]
            return
        }
        var lexer = Lexer(file, readsFacts: true, stop: stop)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
        if lexer.cancelled {
            diagnostics = [Diagnostic.cancelledLoad(file)]
            return
        }
        if lexer.tooManyErrors {
            // Nothing past the errors was read, so there is nothing for the parser to add.
            let binary = diagnostics.contains { $0.message.hasPrefix("NUL") || $0.message.hasPrefix("invalid UTF-8") }
            diagnostics.append(
                Diagnostic(
                    .note, "stopped after \(Parser.errorLimit) errors", file: file, span: diagnostics.last!.span,
                    hint: binary ? "the file may be binary or corrupt, not a program" : "fix these and run again"))
            tokens = [Token(kind: .eof, span: SourceSpan(file.bytes.count, file.bytes.count), spaceBefore: true)]
            return
        }
        for run in lexer.factRuns { factRuns[run.span.start] = run }
        if let bad = firstInvalidUTF8(file.bytes), !diagnostics.contains(where: { $0.span.start == bad }) {
            diagnostics.append(file.invalidUTF8(at: bad))
        }
    }

    /// Parses a whole program. Clauses with errors are left out; `diagnostics` says why.
    public static func parse(_ file: SourceFile, stop: CancelToken? = nil) -> (
        clauses: [Clause], diagnostics: [Diagnostic]
    ) {
        var parser = Parser(file, stop: stop)
        if parser.diagnostics.first?.isCancellation == true { return ([], parser.diagnostics) }
        let clauses = parser.parseProgram()
        if parser.stop?.isCancelled == true { return ([], [Diagnostic.cancelledLoad(file)]) }
        return (clauses, parser.diagnostics.sorted { $0.span.start < $1.span.start })
    }

    /// The one clause that starts at `offset`, parsed token by token; a fact of a `FactRun`
    /// comes back this way when it needs more than the run's plain values.
    static func clause(in file: SourceFile, at offset: Int) -> Clause? {
        var lexer = Lexer(file, from: offset)
        var parser = Parser(file: file, tokens: lexer.tokenize(oneClause: true))
        return try? parser.parseClause()
    }

    private init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    /// Reads one value written as a literal (`"CEO"`, `more than $100M`, `-3`, `2019-07`), as
    /// expected answers and REPL input are written; nil if the text is not exactly one value.
    /// Every value's `literal` reads back here, so what `--record` writes `--check` can read.
    public static func parseValue(_ text: String) -> Value? {
        // A claim prints as `#1`. A program cannot name one (it binds them with `@ C`), but an
        // expected answer shows them as printed.
        if text.first == "#", text.count > 1, text.utf8.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let id = Int(text.dropFirst()), id > 0
        {
            return .claim(id)
        }
        var parser = Parser(SourceFile(name: "<value>", text: text))
        guard parser.diagnostics.isEmpty else { return nil }
        guard let term = try? parser.parseTerm(), parser.current.kind == .eof, parser.diagnostics.isEmpty
        else { return nil }
        switch term {
        case let .constant(value, _): return value
        // A paragraph prints as `P3`, which a program reads as a locator only after `@` (elsewhere
        // it is a variable); an expected answer holds no variables, so it is the locator here.
        case let .variable(name, _): return Locator(name).map(Value.locator)
        }
    }

    // MARK: Helpers

    @inline(__always) var current: Token { tokens[p] }
    @inline(__always) func peek(_ k: Int = 1) -> Token { tokens[min(p + k, tokens.count - 1)] }
    func text(_ t: Token) -> String { file.text(t.span) }
    func isName(_ t: Token, _ word: String) -> Bool { t.kind == .name && text(t) == word }

    mutating func advance() -> Token {
        let t = tokens[p]
        if t.kind != .eof { p += 1 }
        return t
    }

    mutating func fail(_ message: String, at span: SourceSpan, hint: String? = nil) -> Abandon {
        diagnostics.append(Diagnostic(.error, message, file: file, span: span, hint: hint))
        return Abandon()
    }

    mutating func expect(_ kind: TokenKind, _ message: String, hint: String? = nil) throws -> Token {
        if current.kind == kind { return advance() }
        if current.kind == .error { throw Abandon() }  // the lexer already reported it
        throw fail(message + ", found \(describe(current))", at: current.span, hint: hint)
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .name, .variable, .integer, .decimal, .date, .money, .duration, .locator:
            return "'\(text(t))'"
        case .string, .quotedSymbol: return "a \(t.kind == .string ? "string" : "quoted symbol")"
        default: return t.kind.description
        }
    }

    /// Skips to just after the next clause-ending '.', or to the start of an obvious next clause.
    mutating func synchronize() {
        var depth = 0
        while current.kind != .eof {
            switch current.kind {
            case .lparen, .lbrace, .lbracket: depth += 1
            case .rparen, .rbrace, .rbracket: depth = max(0, depth - 1)
            case .dot:
                _ = advance()
                return
            case .query, .directive:
                if depth == 0 || current.spaceBefore { return }
            default: break
            }
            _ = advance()
        }
    }

    // MARK: Clauses

    /// program = { clause } ;
    mutating func parseProgram() -> [Clause] {
        var clauses: [Clause] = []
        while current.kind != .eof {
            if clauses.count & 1023 == 1023, stop?.isCancelled == true { break }
            let before = p
            do {
                clauses.append(try parseClause())
            } catch {
                if resumeHere {
                    resumeHere = false
                } else {
                    synchronize()
                }
                if p == before { _ = advance() }
            }
            // Past this many, further errors are mostly echoes of the first ones.
            if diagnostics.count >= Parser.errorLimit {
                diagnostics.append(
                    Diagnostic(
                        .note, "stopped after \(Parser.errorLimit) errors", file: file, span: current.span,
                        hint: "fix these and run again"))
                break
            }
        }
        return clauses
    }

    static let errorLimit = 20

    /// clause = declaration | fact | rule | query ;
    mutating func parseClause() throws -> Clause {
        switch current.kind {
        case .directive:
            return text(current) == ".decl" ? try parseDeclaration() : try parseAlias()
        case .query:
            return try parseQuery()
        case .facts:
            return .facts(factRuns[advance().span.start]!)
        case .name:
            return try parseFactOrRule()
        case .variable:
            throw fail(
                "a clause cannot start with the variable '\(text(current))'", at: current.span,
                hint: "relation names start with a lowercase letter; to ask a question, start with '?-'")
        case .error:
            _ = advance()
            throw Abandon()
        default:
            throw fail("expected a fact, rule, query or declaration, found \(describe(current))", at: current.span)
        }
    }

    /// declaration = ".decl" , name , "(" , [ column , { "," , column } ] , ")" , [ "." ] ;
    mutating func parseDeclaration() throws -> Clause {
        let start = advance().span
        let name = try expect(.name, "expected a relation name after '.decl'")
        // Refused here, where it is declared: every later use would be an error of its own.
        if Lexer.keywords.contains(text(name)) {
            throw fail(
                "'\(text(name))' is a keyword and cannot name a relation", at: name.span,
                hint: "the keywords are \(Lexer.keywords.sorted().joined(separator: ", ")); choose another name")
        }
        _ = try expect(
            .lparen, "expected '(' after the relation name",
            hint: "declare columns like .decl edge(from: symbol, to: symbol)")
        var columns: [ColumnDeclaration] = []
        if current.kind != .rparen {
            repeat {
                columns.append(try parseColumn())
            } while current.kind == .comma && advance().kind == .comma
        }
        let close = try expect(.rparen, "expected ',' or ')' in the column list")
        var end = close.span
        if current.kind == .dot { end = advance().span }
        return .declaration(name: text(name), columns: columns, span: start.to(end))
    }

    /// column = name , ":" , type ;
    mutating func parseColumn() throws -> ColumnDeclaration {
        guard current.kind == .name || current.kind == .variable else {
            throw fail("expected a column name, found \(describe(current))", at: current.span)
        }
        let name = advance()
        _ = try expect(
            .colon, "expected ':' and a type after column '\(text(name))'", hint: "for example: value: money")
        let typeToken = try expect(.name, "expected a column type")
        guard let type = ColumnType(rawValue: text(typeToken)) else {
            let names = ColumnType.allCases.map(\.rawValue)
            let guess = closestMatch(to: text(typeToken), in: names)
            throw fail(
                "unknown column type '\(text(typeToken))'", at: typeToken.span,
                hint: guess.map { "did you mean '\($0)'?" } ?? "types are \(names.joined(separator: ", "))")
        }
        return ColumnDeclaration(name: text(name), type: type, span: name.span.to(typeToken.span))
    }

    /// alias = ".alias" , name , ":" , string , { "," , string } , [ "." ] ;
    mutating func parseAlias() throws -> Clause {
        let start = advance().span
        let name = try expect(.name, "expected an entity symbol after '.alias'")
        _ = try expect(
            .colon, "expected ':' after the entity symbol",
            hint: "write .alias ice: \"ICE\", \"Immigration and Customs Enforcement\".")
        var names: [String] = []
        var end = name.span
        repeat {
            let s = try expect(.string, "expected a quoted name")
            names.append(try unescape(s))
            end = s.span
        } while current.kind == .comma && advance().kind == .comma
        if current.kind == .dot { end = advance().span }
        return .alias(entity: text(name), names: names, span: start.to(end))
    }

    /// query = "?-" , [ "why" ] , body , "." ;
    mutating func parseQuery() throws -> Clause {
        let start = advance().span
        var why = false
        // `why` is a keyword, so anything but `(` (an atom named why, an error) or the clause's
        // end after it starts the body to explain: an atom, `not`, or a comparison such as
        // `why X = 1, p(X)` (which once read as an atom named why).
        if isName(current, "why") && ![.lparen, .dot, .eof].contains(peek().kind) {
            _ = advance()
            why = true
        }
        let body = try parseBody()
        let end = try expectClauseEnd(afterBody: true)
        return .query(body: body, why: why, span: start.to(end))
    }

    /// fact = atom , [ annotation ] , "." ;   rule = atom , ":-" , body , "." ;
    mutating func parseFactOrRule() throws -> Clause {
        let head = try parseAtom()
        if current.kind == .implies {
            _ = advance()
            let body = try parseBody()
            let end = try expectClauseEnd(afterBody: true)
            return .rule(head: head, body: body, span: head.span.to(end))
        }
        var annotation: Annotation?
        if current.kind == .at { annotation = try parseAnnotation() }
        let end = try expectClauseEnd()
        return .fact(head, annotation, span: head.span.to(end))
    }

    /// `afterBody`: the clause is a rule or a query, whose body has just been read.
    mutating func expectClauseEnd(afterBody: Bool = false) throws -> SourceSpan {
        if current.kind == .dot { return advance().span }
        if current.kind == .error { throw Abandon() }
        let previous = tokens[max(0, p - 1)].span
        let hint: String
        let comparison: [TokenKind] = [.eq, .lt, .gt, .le, .ge, .ne]
        switch current.kind {
        case _ where afterBody && comparison.contains(current.kind):
            hint = "a comparison has one operator; write a chain as two, separated by ',': X < Y, Y < Z"
        case _ where comparison.contains(current.kind):
            hint = "comparisons go in a rule body or query, after ':-' or '?-'"
        case .at where afterBody:
            hint = "'@ C' follows a positive atom, once: p(X) @ C; 'not p(X)' has no citations to bind"
        case .name, .variable:
            hint = "separate literals with ',' and end each clause with '.'"
        default:
            hint = "end each clause with '.'"
        }
        let startsLine = file.bytes[previous.end..<current.span.start].contains(UInt8(ascii: "\n"))
        if startsLine && [.name, .query, .directive].contains(current.kind) { resumeHere = true }
        throw fail(
            "expected '.' at end of clause, found \(describe(current))", at: SourceSpan(previous.end, previous.end + 1),
            hint: hint)
    }

    /// annotation = "@" , locator , { "," , locator } , [ "by" , term ] , [ "as" , factuality ] ;
    mutating func parseAnnotation() throws -> Annotation {
        let start = advance().span
        var locators: [Locator] = []
        var spans: [SourceSpan] = []
        repeat {
            let t = current
            guard t.kind == .locator || t.kind == .variable, let loc = Locator(text(t)) else {
                if t.kind == .error { throw Abandon() }  // the lexer already reported it
                throw fail(
                    "expected a locator such as P4 or P4.S1, found \(describe(t))", at: t.span,
                    hint: "paragraphs are numbered from 1 (the headline is P1); sentences within a paragraph")
            }
            _ = advance()
            locators.append(loc)
            spans.append(t.span)
        } while current.kind == .comma && advance().kind == .comma
        var end = spans.last!
        var by: Term?
        var factuality: String?
        if isName(current, "by") {
            _ = advance()
            let t = try parseTerm()
            by = t
            end = t.span
        }
        if isName(current, "as") {
            _ = advance()
            let (value, span) = try parseFactuality()
            factuality = value
            end = span
        }
        return Annotation(locators: locators, locatorSpans: spans, by: by, factuality: factuality, span: start.to(end))
    }

    static let factualities = ["CT+", "CT-", "PR+", "PR-", "PS+", "PS-", "CTu", "Uu"]

    /// factuality = ( "CT" | "PR" | "PS" ) , ( "+" | "-" ) | "CTu" | "Uu" ;
    mutating func parseFactuality() throws -> (String, SourceSpan) {
        let t = current
        var value: String
        var span = t.span
        if t.kind == .string {
            _ = advance()
            value = try unescape(t)
        } else if t.kind == .variable {
            _ = advance()
            value = text(t)
            if (current.kind == .plus || current.kind == .minus) && !current.spaceBefore {
                value += text(current)
                span = span.to(advance().span)
            }
        } else {
            throw fail(
                "expected a factuality value after 'as', found \(describe(t))", at: t.span,
                hint: "FactBank values: \(Parser.factualities.joined(separator: " "))")
        }
        guard Parser.factualities.contains(value) else {
            throw fail(
                "unknown factuality '\(value)'", at: span,
                hint: "FactBank values: \(Parser.factualities.joined(separator: " "))")
        }
        return (value, span)
    }

    // MARK: Bodies

    /// body = literal , { "," , literal } ;
    mutating func parseBody() throws -> [Literal] {
        var literals = [try parseLiteral()]
        while current.kind == .comma {
            _ = advance()
            literals.append(try parseLiteral())
        }
        return literals
    }

    /// literal = atom [ "@" variable ] | ( "not" | "\+" ) atom | [ "possibly" ] expression comparator expression
    ///         | variable "=" aggregate ;
    mutating func parseLiteral() throws -> Literal {
        if isName(current, "not") || current.kind == .notPlus {
            let start = advance().span
            guard current.kind == .name else {
                throw fail(
                    "expected an atom after '\(file.text(start))', found \(describe(current))", at: current.span,
                    hint: "negation applies to one atom: not p(X)")
            }
            let atom = try parseAtom()
            return .negative(atom, start.to(atom.span))
        }
        var possibly = false
        var start = current.span
        if isName(current, "possibly") {
            possibly = true
            start = advance().span
        } else if current.kind == .name && looksLikeAtom() {
            let atom = try parseAtom()
            var claim: Term?
            if current.kind == .at {
                _ = advance()
                guard current.kind == .variable else {
                    throw fail(
                        "expected a variable after '@' to bind the claim", at: current.span,
                        hint: "write p(X) @ C, then claim(id: C, locator: L)")
                }
                claim = try parseTerm()
            }
            return .positive(atom, claim: claim)
        }
        let left = try parseExpression()
        guard let op = comparator(current) else {
            if current.kind == .error { throw Abandon() }  // the lexer already reported it
            if case .term = left, current.kind != .comma && current.kind != .dot {
                throw fail(
                    "expected a comparison operator after the expression, found \(describe(current))", at: current.span)
            }
            throw fail(
                "expected an atom or a comparison", at: left.span,
                hint: "a literal is an atom like p(X), 'not p(X)', or a comparison like X > 3")
        }
        _ = advance()
        if op == .eq && !possibly, let agg = aggregateAhead() {
            return try parseAggregate(result: left, function: agg, start: start)
        }
        if op == .eq && !possibly, unknownAggregateAhead() {
            let name = text(current)
            let known = AggregateFunction.allCases.map(\.rawValue)
            // The names SQL, Prolog and Soufflé users reach for first.
            let synonyms = ["avg": "mean", "average": "mean", "total": "sum", "minimum": "min", "maximum": "max"]
            let guess = synonyms[name.lowercased()] ?? closestMatch(to: name.lowercased(), in: known)
            throw fail(
                "unknown aggregate '\(name)'" + (guess.map { " — did you mean '\($0)'?" } ?? ""), at: current.span,
                hint: "aggregates are count, sum, min, max and mean: N = count { p(X) }, S = sum V { p(V) }")
        }
        let right = try parseExpression()
        return .comparison(left, op, right, possibly: possibly, start.to(right.span))
    }

    /// After `name`: an atom unless a comparison or arithmetic operator follows the call or name.
    func looksLikeAtom() -> Bool {
        var k = p + 1
        if tokens[k].kind == .lparen {
            var depth = 0
            while k < tokens.count {
                switch tokens[k].kind {
                case .lparen: depth += 1
                case .rparen:
                    depth -= 1
                    if depth == 0 {
                        k += 1
                        return !isOperator(tokens[k])
                    }
                case .eof, .dot: return true
                default: break
                }
                k += 1
            }
            return true
        }
        // A figure after the name makes it a value: `more than $5M > X`, `between 3 and 7 > X`.
        if text(current) == "between" && figureLength(at: k) != nil { return false }
        return !isOperator(tokens[k])
            && Hedge.phrases.allSatisfy { $0.0.first != text(current) || !isHedgeAhead(at: p) }
    }

    func isOperator(_ t: Token) -> Bool {
        switch t.kind {
        case .eq, .ne, .lt, .le, .gt, .ge, .plus, .minus, .star, .slash: return true
        case .name: return ["mod", "during", "overlaps"].contains(text(t))
        default: return false
        }
    }

    func comparator(_ t: Token) -> Comparator? {
        switch t.kind {
        case .eq: return .eq
        case .ne: return .ne
        case .lt: return .lt
        case .le: return .le
        case .gt: return .gt
        case .ge: return .ge
        case .name:
            let s = text(t)
            return s == "during" ? .during : s == "overlaps" ? .overlaps : nil
        default: return nil
        }
    }

    func aggregateAhead() -> AggregateFunction? {
        guard current.kind == .name, let f = AggregateFunction(rawValue: text(current)) else { return nil }
        let n = peek()
        if n.kind == .lbrace { return f }
        if f != .count, n.kind == .lparen {
            // `min(A, B)` is the built-in function unless a '{' follows, as in `min (A + B) { … }`.
            return braceAhead() ? f : nil
        }
        if f != .count, n.kind != .comma, n.kind != .dot, n.kind != .rparen, comparator(n) == nil { return f }
        return nil
    }

    /// After `=`: a name that is no aggregate, with a `{` before the literal ends, as in
    /// `M = avg V { p(V) }`; braces hold only aggregate bodies, so this was meant as one.
    func unknownAggregateAhead() -> Bool {
        // A capitalised `Count` lexes as a variable.
        guard current.kind == .name || current.kind == .variable, AggregateFunction(rawValue: text(current)) == nil
        else { return false }
        return braceAhead()
    }

    /// Whether a `{` follows the current token before the literal it is in ends (at a `,`
    /// outside brackets, a `.`, a `}` or a `:-`): then the name there opens an aggregate.
    func braceAhead() -> Bool {
        var k = p + 1
        var depth = 0
        while k < tokens.count {
            switch tokens[k].kind {
            case .lparen: depth += 1
            case .rparen: depth -= 1
            case .lbrace where depth == 0: return true
            case .comma where depth == 0, .dot, .eof, .rbrace, .implies: return false
            default: break
            }
            k += 1
        }
        return false
    }

    /// aggregate = ( "count" | ( "sum" | "min" | "max" | "mean" ) , expression ) , "{" , body , "}" ;
    mutating func parseAggregate(result: Expression, function: AggregateFunction, start: SourceSpan) throws -> Literal {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting {
            throw fail("aggregates nested too deeply (more than \(Parser.maxNesting) levels)", at: current.span)
        }
        let fnToken = advance()
        guard case let .term(resultTerm) = result else {
            throw fail(
                "the result of \(function.rawValue) must be a variable", at: result.span,
                hint: "write N = \(function.rawValue) { … }")
        }
        var target: Expression?
        if function != .count {
            if current.kind == .lbrace {
                throw fail(
                    "\(function.rawValue) needs a value to aggregate before '{'", at: current.span,
                    hint: "write S = \(function.rawValue) V { p(V) }")
            }
            target = try parseExpression()
        }
        _ = try expect(.lbrace, "expected '{' to open the body of \(text(fnToken))", hint: "write N = count { p(X) }")
        let body = try parseBody()
        let close = try expect(.rbrace, "expected '}' to close the body of \(text(fnToken))")
        return .aggregate(result: resultTerm, function, target, body, start.to(close.span))
    }

    // MARK: Atoms and terms

    /// atom = name , "(" , [ arguments ] , ")" | name ;
    mutating func parseAtom() throws -> Atom {
        let name = try expect(.name, "expected a relation name")
        let relation = text(name)
        if Lexer.keywords.contains(relation) {
            if relation == "why" && (current.kind == .eof || current.kind == .dot) {
                throw fail(
                    "expected a query after 'why'", at: name.span,
                    hint: "ask ?- why p(X). to see how answers were found")
            }
            throw fail("'\(relation)' is a keyword and cannot name a relation", at: name.span)
        }
        guard current.kind == .lparen else {
            return Atom(relation: relation, relationSpan: name.span, arguments: [], span: name.span)
        }
        let open = advance()
        var arguments: [AtomArgument] = []
        if current.kind != .rparen {
            repeat {
                arguments.append(try parseArgument())
            } while current.kind == .comma && advance().kind == .comma
        }
        if current.kind != .rparen {
            // `p(1.)`: the '.' ended the clause although a ')' follows it.
            if current.kind == .dot, peek().kind == .rparen, !peek().spaceBefore {
                let dot = advance()  // so that recovery skips to the clause's real end, past the ')'
                throw fail(
                    "a '.' ends a clause here, before the ')' that follows it", at: dot.span,
                    hint: "a decimal needs a digit after its point: 1.0")
            }
            if current.kind == .dot || current.kind == .eof || current.kind == .implies {
                throw fail(
                    "expected ')' to close the arguments of '\(relation)'", at: open.span,
                    hint: "this '(' is never closed")
            }
            _ = try expect(
                .rparen, "expected ',' or ')' after an argument of '\(relation)'", hint: argumentHint(after: p - 1))
        }
        let close = advance()
        return Atom(relation: relation, relationSpan: name.span, arguments: arguments, span: name.span.to(close.span))
    }

    /// Why an argument may have ended where it did, from the token before the one found.
    func argumentHint(after k: Int) -> String? {
        guard k >= 0, k < tokens.count else { return nil }
        let before = tokens[k]
        let word = text(before)
        let glued = !current.spaceBefore && (before.kind == .name || before.kind == .variable)
        switch current.kind {
        case .plus where glued, .minus where glued:
            // `factuality: CT+` — a FactBank value is a string.
            return "a value such as \"\(word)\(text(current))\" is a string: put it in quotes"
        case .minus where before.kind == .integer && word.count == 4:
            return "a date is written 2019-05 or 2019-05-14, with no space or end after '-'"
        case .dotdot:
            return "a range of dates is written from one date to another: 2018..2019-05"
        default: break
        }
        if word == "between" { return "a range is written between 5 and 10, or between $5M and $8M" }
        if Hedge.phrases.contains(where: { $0.0.contains(word) || $0.0.joined(separator: "_") == word }) {
            return "a hedge comes before a number, an amount or a duration: more than $5M"
        }
        return nil
    }

    /// arguments = positional , { "," , positional } | named , { "," , named } ;
    mutating func parseArgument() throws -> AtomArgument {
        if (current.kind == .name || current.kind == .variable) && peek().kind == .colon && !isHedgeAhead(at: p) {
            let name = advance()
            _ = advance()
            let term = try parseTerm()
            return AtomArgument(name: text(name), nameSpan: name.span, term: term)
        }
        return AtomArgument(name: nil, nameSpan: nil, term: try parseTerm())
    }

    /// Whether a hedge phrase followed by a figure starts at token k.
    func isHedgeAhead(at k: Int) -> Bool { hedgeLength(at: k) != nil }

    func hedgeLength(at k: Int) -> (Int, Hedge)? {
        guard tokens[k].kind == .name else { return nil }
        let first = text(tokens[k])
        for (words, hedge) in Hedge.phrases {
            // Joined form: more_than
            if words.count > 1, first == words.joined(separator: "_"), figureLength(at: k + 1) != nil {
                return (1, hedge)
            }
            guard words[0] == first, k + words.count < tokens.count else { continue }
            var ok = true
            for (j, w) in words.enumerated() where j > 0 {
                if !(tokens[k + j].kind == .name && text(tokens[k + j]) == w) { ok = false; break }
            }
            if ok && figureLength(at: k + words.count) != nil { return (words.count, hedge) }
        }
        return nil
    }

    func isFigure(_ t: Token) -> Bool {
        [.integer, .decimal, .money, .duration].contains(t.kind)
    }

    /// Whether `t` is a `-` written right before a number or an amount, which it makes negative.
    func isSign(_ t: Token, before next: Token) -> Bool {
        t.kind == .minus && [.integer, .decimal, .money].contains(next.kind) && !next.spaceBefore
    }

    /// How many tokens the figure starting at `k` takes (two with its sign); nil if none does.
    func figureLength(at k: Int) -> Int? {
        let t = tokens[min(k, tokens.count - 1)]
        if isFigure(t) { return 1 }
        return isSign(t, before: tokens[min(k + 1, tokens.count - 1)]) ? 2 : nil
    }

    /// figure = [ "-" ] , ( integer | decimal | money ) | duration ;
    /// A negative figure has a literal (`-$5`, `about -5`) because arithmetic makes them.
    mutating func parseFigure() throws -> (Value, SourceSpan) {
        let t = advance()
        guard t.kind == .minus else { return (try figureValue(t), t.span) }
        let n = advance()
        guard n.kind == .money else { return (try numberValue(n, negative: true), t.span.to(n.span)) }
        guard case let .money(m) = try figureValue(n).kind else { throw Abandon() }
        return (.measure(.money(Money(currency: m.currency, cents: -m.cents))), t.span.to(n.span))
    }

    /// term = variable | constant ;
    mutating func parseTerm() throws -> Term {
        let t = current
        switch t.kind {
        case .variable:
            _ = advance()
            var name = text(t)
            if name == "_" {
                anonymousCount += 1
                name = "_#\(anonymousCount)"
            }
            return .variable(name, t.span)
        case .minus where isSign(t, before: peek()):
            let (v, span) = try parseFigure()
            return .constant(v, span)
        default:
            let (value, span) = try parseConstant()
            return .constant(value, span)
        }
    }

    /// constant = symbol | string | integer | decimal | date | money | duration | hedged | locator ;
    mutating func parseConstant() throws -> (Value, SourceSpan) {
        let t = current
        switch t.kind {
        case .name:
            if let (n, hedge) = hedgeLength(at: p) {
                for _ in 0..<n { _ = advance() }
                let (figure, span) = try parseFigure()
                guard let m = figure.asMeasure else { throw Abandon() }
                let q = Quantity(hedge: hedge, value: m, upper: nil)
                // "about" spans a tenth of the figure either way, which around 0 is nothing: the
                // figure would be exact while it reads as hedged.
                if hedge == .about, Interval.of(q).lo == 0, Interval.of(q).hi == 0 {
                    throw fail(
                        "'\(file.text(t.span.to(span)))' is exact: 'about' spans a tenth of the figure, and a tenth of 0 is 0",
                        at: t.span.to(span), hint: "write 0, or the range meant: between 0 and 5")
                }
                // A figure that allows no value would be false in every comparison, silently.
                if Interval.of(q).isEmpty {
                    throw fail(
                        "'\(file.text(t.span.to(span)))' allows no value", at: t.span.to(span),
                        hint:
                            "counts, amounts and durations are never negative, and the downward hedges (less than, nearly, as many as) start at 0"
                    )
                }
                return (.quantity(q), t.span.to(span))
            }
            if text(t) == "between", let a = figureLength(at: p + 1), isName(peek(1 + a), "and"),
                figureLength(at: p + 2 + a) != nil
            {
                _ = advance()
                let (lo, _) = try parseFigure()
                _ = advance()
                let (hi, span) = try parseFigure()
                guard let a = lo.asMeasure, let b = hi.asMeasure else { throw Abandon() }
                guard a.unit == b.unit else {
                    throw fail("the two ends of a range must have the same unit", at: t.span.to(span))
                }
                let q = Quantity(hedge: nil, value: a, upper: b)
                if Interval.of(q).isEmpty { throw fail("this range ends before it starts", at: t.span.to(span)) }
                return (.quantity(q), t.span.to(span))
            }
            _ = advance()
            return (.symbol(text(t)), t.span)
        case .quotedSymbol:
            _ = advance()
            return (.symbol(try unescape(t)), t.span)
        case .string:
            _ = advance()
            return (.string(try unescape(t)), t.span)
        case .integer, .decimal:
            _ = advance()
            if t.kind == .integer, current.kind == .dotdot, text(t).count == 4 {
                return try parseRange(from: try yearOfRange(t), span: t.span)
            }
            return (try numberValue(t, negative: false), t.span)
        case .money, .duration:
            _ = advance()
            return (try figureValue(t), t.span)
        case .date:
            _ = advance()
            let d = try dateValue(t)
            if current.kind == .dotdot { return try parseRange(from: d, span: t.span) }
            return (.time(d), t.span)
        case .locator:
            _ = advance()
            guard let loc = Locator(text(t)) else {
                throw fail(
                    "invalid locator '\(text(t))'", at: t.span,
                    hint: "paragraphs and sentences are numbered from 1, as in P4.S1")
            }
            return (.locator(loc), t.span)
        case .error:
            _ = advance()
            throw Abandon()
        default:
            // `.5`, as SQL and Python allow: the '.' would end the clause and '5' start another.
            if t.kind == .dot, peek().kind == .integer, !peek().spaceBefore {
                _ = advance()
                let digits = advance()  // so that recovery skips to the clause's real end
                throw fail(
                    "a decimal needs a digit before its point", at: t.span.to(digits.span),
                    hint: "write 0.\(text(digits))")
            }
            throw fail("expected a value or variable, found \(describe(t))", at: t.span)
        }
    }

    /// A four-digit year at an end of a range, checked as a date's year is: `0000..2018` once
    /// loaded, and `start()` of it printed 0000-01-01, which could not be read back.
    mutating func yearOfRange(_ t: Token) throws -> TimeValue {
        let y = Int(text(t))!
        if let problem = TimeValue.check(year: y) { throw fail("invalid date '\(text(t))': \(problem)", at: t.span) }
        return .year(y)
    }

    /// date , ".." , date
    mutating func parseRange(from a: TimeValue, span: SourceSpan) throws -> (Value, SourceSpan) {
        _ = advance()
        let t = current
        let b: TimeValue
        if t.kind == .date {
            b = try dateValue(advance())
        } else if t.kind == .integer, text(t).count == 4 {
            b = try yearOfRange(advance())
        } else {
            throw fail("expected a date after '..'", at: t.span, hint: "a range is written 2018..2019-05")
        }
        if a.firstDay > b.lastDay {
            throw fail("this range ends before it starts", at: span.to(t.span))
        }
        return (.time(.range(a, b)), span.to(t.span))
    }

    // MARK: Expressions

    /// expression = additive ;  additive = multiplicative , { ( "+" | "-" ) , multiplicative } ;
    mutating func parseExpression() throws -> Expression {
        var left = try parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            let t = advance()
            let op: ArithmeticOperator = t.kind == .plus ? .add : .sub
            let leftDepth = treeDepth
            let right = try parseMultiplicative()
            try deepen(from: leftDepth, at: t)
            left = .binary(left, op, right, left.span.to(right.span))
        }
        return left
    }

    /// Notes one more level of tree above the deeper of `leftDepth` and the last expression.
    mutating func deepen(from leftDepth: Int, at t: Token) throws {
        treeDepth = max(leftDepth, treeDepth) + 1
        if treeDepth > Parser.maxExpressionDepth {
            throw fail(
                "expression too deep (more than \(Parser.maxExpressionDepth) operations inside one another)",
                at: t.span,
                hint: "split it with intermediate variables: Y = A + B, X = Y + C")
        }
    }

    /// multiplicative = unary , { ( "*" | "/" | "mod" ) , unary } ;
    mutating func parseMultiplicative() throws -> Expression {
        var left = try parseUnary()
        while current.kind == .star || current.kind == .slash || isName(current, "mod") {
            let t = advance()
            let op: ArithmeticOperator = t.kind == .star ? .mul : t.kind == .slash ? .div : .mod
            let leftDepth = treeDepth
            let right = try parseUnary()
            try deepen(from: leftDepth, at: t)
            left = .binary(left, op, right, left.span.to(right.span))
        }
        return left
    }

    /// unary = [ "-" ] , primary ;
    mutating func parseUnary() throws -> Expression {
        if current.kind == .minus {
            if isSign(current, before: peek()) {
                let literal = try parseTerm()
                treeDepth = 1
                return .term(literal)
            }
            let minus = advance()
            let e = try parsePrimary()
            try deepen(from: 0, at: minus)
            return .negate(e, minus.span.to(e.span))
        }
        return try parsePrimary()
    }

    /// primary = term | name , "(" , expression , { "," , expression } , ")" | "(" , expression , ")" ;
    mutating func parsePrimary() throws -> Expression {
        // Nesting is bounded so that no input, however deep, can overflow the stack.
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting {
            throw fail(
                "expression nested too deeply (more than \(Parser.maxNesting) levels)", at: current.span,
                hint: "split it with intermediate variables")
        }
        if current.kind == .lparen {
            _ = advance()
            let e = try parseExpression()
            _ = try expect(.rparen, "expected ')' to close the parenthesised expression")
            return e
        }
        if current.kind == .name && peek().kind == .lparen && !isHedgeAhead(at: p) {
            let name = advance()
            _ = advance()
            var args: [Expression] = []
            var deepest = 0
            if current.kind != .rparen {
                repeat {
                    args.append(try parseExpression())
                    deepest = max(deepest, treeDepth)
                } while current.kind == .comma && advance().kind == .comma
            }
            let close = try expect(.rparen, "expected ',' or ')' in the arguments of '\(text(name))'")
            treeDepth = 0
            try deepen(from: deepest, at: name)
            return .call(text(name), args, name.span.to(close.span))
        }
        let term = try parseTerm()
        treeDepth = 1
        return .term(term)
    }

    // MARK: Literal values

    mutating func unescape(_ t: Token) throws -> String {
        let raw = Array(file.bytes[(t.span.start + 1)..<(t.span.end - 1)])
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            let c = raw[k]
            if c == UInt8(ascii: "\\") && k + 1 < raw.count {
                let e = raw[k + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(e)
                case UInt8(ascii: "u"):
                    // \u{1B}: any character by its number, as Swift writes it. Casebook writes
                    // control characters this way, so that printing a value cannot drive the
                    // terminal, and reads them back the same.
                    var end = k + 2
                    var digits = ""
                    if end < raw.count && raw[end] == UInt8(ascii: "{") {
                        end += 1
                        while end < raw.count, digits.count <= 6,
                            let d = Character(Unicode.Scalar(raw[end])).hexDigitValue
                        {
                            digits.append(String(d, radix: 16))
                            end += 1
                        }
                    }
                    let span = SourceSpan(t.span.start + 1 + k, t.span.start + 1 + min(end + 1, raw.count))
                    guard !digits.isEmpty, digits.count <= 6, end < raw.count, raw[end] == UInt8(ascii: "}") else {
                        // "\u0007", as C, JSON and Python write it (four digits): say how to
                        // write that number here.
                        let bare = raw[(k + 2)...].prefix { Character(Unicode.Scalar($0)).isHexDigit }.prefix(4)
                        let number = String(decoding: bare, as: UTF8.self).drop { $0 == "0" }
                        let example = bare.isEmpty ? "1B" : number.isEmpty ? "0" : number.uppercased()
                        throw fail(
                            "malformed '\\u' escape in a quoted text", at: span,
                            hint: "write a character by its number in hexadecimal within braces: \\u{\(example)}")
                    }
                    guard let scalar = UInt32(digits, radix: 16).flatMap(Unicode.Scalar.init) else {
                        throw fail(
                            "'\\u{\(digits.uppercased())}' is not a Unicode character", at: span,
                            hint: "characters run from 0 to 10FFFF, without the surrogates D800-DFFF")
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    k = end + 1
                    continue
                default:
                    throw fail(
                        "unknown escape '\\\(String(decoding: [e], as: UTF8.self))' in a quoted text",
                        at: SourceSpan(t.span.start + 1 + k, t.span.start + 3 + k),
                        hint: "escapes are \\\" \\\\ \\n \\t \\r \\u{1B}")
                }
                k += 2
            } else {
                out.append(c)
                k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func numberValue(_ t: Token, negative: Bool) throws -> Value {
        let s = (negative ? "-" : "") + text(t)
        if t.kind == .decimal {
            guard let d = Double(s) else { throw fail("invalid decimal '\(s)'", at: t.span) }
            guard d.isFinite else {
                throw fail(
                    "decimal '\(s.count > 40 ? s.prefix(20) + "…" : s[...])' is too large", at: t.span,
                    hint: "decimals are 64-bit floating point and end near 1.8 × 10^308")
            }
            // Below about 5 × 10^-324 a decimal rounds to 0, which would state it as nothing.
            if d == 0, s.contains(where: { $0 >= "1" && $0 <= "9" }) {
                throw fail(
                    "decimal '\(s.count > 40 ? s.prefix(20) + "…" : s[...])' is too small to hold", at: t.span,
                    hint: "decimals are 64-bit floating point; the smallest above 0 is near 4.9 × 10^-324")
            }
            return .decimal(d)
        }
        guard let n = Int64(s) else {
            throw fail(
                "integer literal '\(s)' does not fit in 64 bits", at: t.span,
                hint: "integers range from -9223372036854775808 to 9223372036854775807; write a decimal instead")
        }
        return .int(n)
    }

    /// The value of an integer, decimal, money or duration token.
    mutating func figureValue(_ t: Token) throws -> Value {
        switch t.kind {
        case .integer, .decimal: return try numberValue(t, negative: false)
        case .duration:
            var d = Duration()
            var inTime = false
            var digits = ""
            for ch in text(t).dropFirst() {
                if ch == "T" { inTime = true; continue }
                if ch.isNumber { digits.append(ch); continue }
                guard let n = Int(digits), n < Duration.partLimit else {
                    throw fail("duration part '\(digits)' is too large", at: t.span)
                }
                digits = ""
                switch (ch, inTime) {
                case ("Y", false): d.years = n
                case ("M", false): d.months = n
                case ("W", false): d.weeks = n
                case ("D", false): d.days = n
                case ("H", true): d.hours = n
                case ("M", true): d.minutes = n
                default: d.seconds = n
                }
            }
            return .measure(.duration(d))
        case .money:
            var s = text(t)
            var currency = "USD"
            if s.hasPrefix("€") { currency = "EUR" } else if s.hasPrefix("£") { currency = "GBP" }
            s.removeFirst()
            var zeros = 0  // the scale word's power of ten
            for (suffix, k) in [
                (" thousand", 3), (" million", 6), (" billion", 9), ("bn", 9), ("K", 3), ("k", 3), ("M", 6), ("B", 9),
            ] where s.hasSuffix(suffix) {
                zeros = k
                s.removeLast(suffix.count)
                break
            }
            // Read exactly, in whole cents: through a double, amounts past 2^53 cents would
            // lose cents, and a fraction of a cent would be rounded away unseen.
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
            guard groups.count == 1 || (groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }) else {
                throw fail(
                    "misplaced comma in the amount '\(text(t))'", at: t.span,
                    hint: "commas group thousands: $1,000,000")
            }
            var digits = Array(groups.joined()) + (parts.count > 1 ? Array(parts[1]) : [])
            var exponent = zeros + 2 - (parts.count > 1 ? parts[1].count : 0)
            while exponent < 0, digits.last == "0" {
                digits.removeLast()
                exponent += 1
            }
            guard exponent >= 0 else {
                throw fail(
                    "the amount '\(text(t))' has a fraction of a cent", at: t.span,
                    hint: "amounts are held in whole cents; a finer figure can be a decimal")
            }
            var cents = Int64(String(digits))
            for _ in 0..<exponent where cents != nil {
                let (r, overflow) = cents!.multipliedReportingOverflow(by: 10)
                cents = overflow ? nil : r
            }
            guard let cents else { throw fail("amount '\(text(t))' is too large", at: t.span) }
            return .measure(.money(Money(currency: currency, cents: cents)))
        default:
            throw fail("expected a number, amount or duration, found \(describe(t))", at: t.span)
        }
    }

    mutating func dateValue(_ t: Token) throws -> TimeValue {
        let s = text(t)
        let parts = s.split(separator: "-").map(String.init)
        // The lexer lets through any run of digits; one too long for a number is an invalid
        // date, never a trap.
        guard parts.count >= 2, let y = Int(parts[0]) else { throw fail("invalid date '\(s)'", at: t.span) }
        var result: TimeValue
        var problem: String?
        if parts.count == 3 {
            guard let m = Int(parts[1]), let d = Int(parts[2]) else { throw fail("invalid date '\(s)'", at: t.span) }
            problem = TimeValue.check(year: y, month: m, day: d)
            result = .day(y, m, d)
        } else if let m = Int(parts[1]) {
            problem = TimeValue.check(year: y, month: m)
            result = .month(y, m)
        } else if parts[1].hasPrefix("Q") {
            guard let q = Int(parts[1].dropFirst()) else { throw fail("invalid date '\(s)'", at: t.span) }
            if !(1...4).contains(q) { problem = "quarter \(q) does not exist (quarters are Q1–Q4)" }
            result = .quarter(y, q)
        } else if parts[1].hasPrefix("H") {
            guard let h = Int(parts[1].dropFirst()) else { throw fail("invalid date '\(s)'", at: t.span) }
            if !(1...2).contains(h) { problem = "half \(h) does not exist (halves are H1 and H2)" }
            result = .half(y, h)
        } else {
            result = .season(y, parts[1])
        }
        if problem == nil { problem = TimeValue.check(year: y) }
        if let problem = problem { throw fail("invalid date '\(s)': \(problem)", at: t.span) }
        return result
    }
}

/// Offset of the first byte that is not valid UTF-8, if any.
func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
    b.withUnsafeBufferPointer { p in
        var i = 0
        let n = p.count
        while i < n {
            // Eight ASCII bytes at a time: most files are all ASCII.
            if i + 8 <= n,
                UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                i += 8
                continue
            }
            let c = p[i]
            if c < 0x80 {
                i += 1
                continue
            }
            var need = 0
            if c & 0xE0 == 0xC0 && c >= 0xC2 {
                need = 1
            } else if c & 0xF0 == 0xE0 {
                need = 2
            } else if c & 0xF8 == 0xF0 && c <= 0xF4 {
                need = 3
            } else {
                return i
            }
            for k in 1...need {
                if i + k >= n || p[i + k] & 0xC0 != 0x80 { return i }
            }
            // The second byte also bounds what the lead allows: no overlong three- or four-byte
            // forms, no UTF-16 surrogates (ED A0–BF), nothing past U+10FFFF (F4 90 and up).
            // Decoded leniently, a surrogate's three bytes became three U+FFFD without a word.
            let second = p[i + 1]
            if (c == 0xE0 && second < 0xA0) || (c == 0xED && second >= 0xA0) || (c == 0xF0 && second < 0x90)
                || (c == 0xF4 && second >= 0x90)
            {
                return i
            }
            i += need + 1
        }
        return nil
    }
}
