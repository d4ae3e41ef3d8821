// The resolver: checks a batch of parsed clauses against the program and prepares them to run.
//
// It places named arguments, infers or checks arities, checks constants against declared column
// types (resolving entity aliases and bare years in date columns), rejects unknown relations and
// functions with a "did you mean", and rejects unsafe rules: every variable of a head, a negation
// or a comparison must be bound by a positive atom (or an assignment from bound variables).
// Nothing is added to the program unless the whole batch resolves.

/// One resolved clause of a batch, in source order (queries run where they stand).
public enum BatchItem {
    case declaration(RelationInfo)
    case alias(entity: String, names: [String])
    case fact(relation: String, row: [Value], annotation: Annotation?, span: SourceSpan)
    /// Plain facts whose values need no adapting to their relation's columns.
    case facts(FactRun)
    case rule(ResolvedRule)
    case query(ResolvedQuery)
}

/// Resolves the clauses of one source file against a program.
public struct Resolver {
    let program: Program
    let file: SourceFile
    var diagnostics: [Diagnostic] = []
    /// Relations first seen in this batch.
    /// The rules by the relation they define, the program's and this batch's so far (not yet
    /// in the program): `columnTypes` reads them. The program's are indexed on first use.
    final class RulesByHead {
        var rules: [String: [ResolvedRule]]?
    }
    let rulesByHead = RulesByHead()
    func rules(defining name: String) -> [ResolvedRule] {
        if rulesByHead.rules == nil { rulesByHead.rules = Dictionary(grouping: program.rules, by: \.head.relation) }
        return rulesByHead.rules![name] ?? []
    }
    var pending: [String: RelationInfo] = [:] {
        didSet { lastSchema.info = nil }
    }
    /// Aliases declared in this batch, lower-cased name → entity.
    var pendingAliases: [String: String] = [:]
    /// Ctrl-C, heard every thousand clauses (see `Lexer.stop`).
    var stop: CancelToken?

    public init(program: Program, file: SourceFile) {
        self.program = program
        self.file = file
    }

    mutating func error(_ message: String, _ span: SourceSpan, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, file: file, span: span, hint: hint))
    }

    func schema(_ name: String) -> RelationInfo? {
        // A file of facts names the same relation a million times in a row: remember the last.
        if let last = lastSchema.info, lastSchema.name == name { return last }
        let info = pending[name] ?? program.relations[name]
        lastSchema.name = name
        lastSchema.info = info
        return info
    }

    /// The last relation `schema` looked up; forgotten whenever `pending` changes.
    final class LastSchema {
        var name = ""
        var info: RelationInfo?
    }
    let lastSchema = LastSchema()

    /// Resolves every clause; returns the items and the diagnostics (items are valid only if none are errors).
    public mutating func resolve(_ clauses: [Clause]) -> [BatchItem] {
        var items: [BatchItem] = []
        // Pass 1: declarations and aliases, so a clause may use a relation declared further down.
        for clause in clauses {
            switch clause {
            case let .declaration(name, columns, span):
                if let d = declare(name, columns, span) { items.append(.declaration(d)) }
            case let .alias(entity, names, span):
                for n in names {
                    let key = n.lowercased()
                    if let other = pendingAliases[key] ?? program.aliases[key], other != entity {
                        error("the name \"\(n)\" already stands for '\(other)'", span)
                    }
                    pendingAliases[key] = entity
                }
                items.append(.alias(entity: entity, names: names))
            default: break
            }
        }
        // Pass 2: what facts and rule heads define, so rules may refer to relations defined later.
        for clause in clauses {
            switch clause {
            case let .fact(atom, _, _): define(atom, isRule: false)
            case let .facts(run):
                for r in run.relations { define(r.name, arity: r.arity, named: false, isRule: false) }
            case let .rule(head, _, _): define(head, isRule: true)
            default: break
            }
        }
        // Pass 3: everything else, in order.
        for (n, clause) in clauses.enumerated() {
            if n & 1023 == 1023, stop?.isCancelled == true {
                diagnostics = [Diagnostic.cancelledLoad(file)]
                return []
            }
            switch clause {
            case .declaration, .alias: break
            case let .fact(atom, annotation, span):
                if let f = resolveFact(atom, annotation, span) { items.append(f) }
            case let .facts(run): resolveFacts(run, into: &items)
            case let .rule(head, body, span):
                if let r = resolveRule(head, body, span) {
                    items.append(.rule(r))
                    _ = rules(defining: r.head.relation)
                    rulesByHead.rules![r.head.relation, default: []].append(r)
                }
            case let .query(body, why, span):
                if let q = resolveQuery(body, why: why, span) { items.append(.query(q)) }
            }
        }
        return items
    }

    // MARK: Schemas

    mutating func declare(_ name: String, _ columns: [ColumnDeclaration], _ span: SourceSpan) -> RelationInfo? {
        var seen = Set<String>()
        for c in columns where !seen.insert(c.name).inserted {
            error("column '\(c.name)' is declared twice in '\(name)'", c.span)
            return nil
        }
        if let existing = schema(name) {
            if existing.builtin {
                error("'\(name)' is a built-in relation and cannot be redeclared", span)
                return nil
            }
            if let cols = existing.columns {
                let same =
                    cols.count == columns.count
                    && zip(cols, columns).allSatisfy { $0.name == $1.name && $0.type == $1.type }
                if !same {
                    let whereText =
                        existing.declaredAt.map { " at \($0.0.name):\($0.0.location(of: $0.1.start).line)" } ?? ""
                    error("relation '\(name)' is already declared with other columns\(whereText)", span)
                }
                return nil
            }
            if existing.arity != columns.count {
                error(
                    "relation '\(name)' is used with \(existing.arity) columns, but declared here with \(columns.count)",
                    span)
                return nil
            }
        }
        let info = RelationInfo(name: name, arity: columns.count, columns: columns)
        info.declaredAt = (file, span)
        if let existing = schema(name) {
            info.hasFacts = existing.hasFacts
            info.hasRules = existing.hasRules
        }
        pending[name] = info
        return info
    }

    mutating func define(_ atom: Atom, isRule: Bool) {
        define(
            atom.relation, arity: atom.arguments.count, named: atom.arguments.contains { $0.name != nil },
            isRule: isRule)
    }

    mutating func define(_ relation: String, arity: Int, named: Bool, isRule: Bool) {
        if let s = schema(relation) {
            if s.builtin { return }  // reported when resolved
            if pending[relation] == nil {
                // Copy so that nothing changes in the program unless the batch succeeds.
                let copy = RelationInfo(name: s.name, arity: s.arity, columns: s.columns)
                copy.declaredAt = s.declaredAt
                copy.hasFacts = s.hasFacts
                copy.hasRules = s.hasRules
                pending[relation] = copy
            }
            let info = pending[relation]!
            if isRule { info.hasRules = true } else { info.hasFacts = true }
            return
        }
        if named { return }  // reported when resolved
        let info = RelationInfo(name: relation, arity: arity)
        if isRule { info.hasRules = true } else { info.hasFacts = true }
        pending[relation] = info
    }

    var knownNames: [String] {
        Array(Set(program.relations.keys).union(pending.keys)).sorted()
    }

    /// Places named arguments and checks arity and constant types.
    mutating func resolveAtom(_ atom: Atom, inBody: Bool) -> ResolvedAtom? {
        guard let info = schema(atom.relation), info.isDefined || !inBody else {
            let guess = closestMatch(to: atom.relation, in: knownNames)
            error(
                "unknown relation '\(atom.relation)'" + (guess.map { " — did you mean '\($0)'?" } ?? ""),
                atom.relationSpan,
                hint: guess == nil ? "no facts, rules or .decl define '\(atom.relation)'" : nil)
            return nil
        }
        var terms: [Term]
        let named = atom.arguments.filter { $0.name != nil }
        if !named.isEmpty {
            if named.count != atom.arguments.count {
                error(
                    "mix of named and positional arguments in '\(atom.relation)'", atom.span,
                    hint: "name every argument, or none")
                return nil
            }
            guard let cols = info.columns else {
                error(
                    "relation '\(atom.relation)' has no named columns", named[0].nameSpan!,
                    hint: "declare them with .decl \(atom.relation)(name: type, …)")
                return nil
            }
            var slots = [Term?](repeating: nil, count: cols.count)
            for arg in named {
                guard let k = cols.firstIndex(where: { $0.name == arg.name! }) else {
                    let guess = closestMatch(to: arg.name!, in: cols.map(\.name))
                    error(
                        "relation '\(atom.relation)' has no column '\(arg.name!)'"
                            + (guess.map { " — did you mean '\($0)'?" } ?? ""),
                        arg.nameSpan!, hint: "its columns are \(cols.map(\.name).joined(separator: ", "))")
                    return nil
                }
                if slots[k] != nil {
                    error("column '\(arg.name!)' is given twice", arg.nameSpan!)
                    return nil
                }
                slots[k] = arg.term
            }
            terms = slots.enumerated().map { k, t in
                t ?? .variable("_#\(atom.span.start).\(k)", atom.span)
            }
        } else {
            terms = atom.arguments.map(\.term)
            if terms.count != info.arity {
                // A declared relation's hint shows its columns; an undeclared one has nothing to add.
                let cols = info.columns.map {
                    "\(atom.relation)(\($0.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ")))"
                }
                error(
                    "relation '\(atom.relation)' has \(info.arity) column\(info.arity == 1 ? "" : "s"), but \(terms.count) argument\(terms.count == 1 ? " is" : "s are") given here",
                    atom.span, hint: cols)
                return nil
            }
        }
        if let cols = info.columns {
            for k in terms.indices {
                guard case let .constant(v, span) = terms[k] else { continue }
                guard let fixed = coerce(v, to: cols[k].type, span: span, column: cols[k].name, relation: atom.relation)
                else { return nil }
                terms[k] = .constant(fixed, span)
            }
        } else if terms.contains(where: { if case let .constant(v, _) = $0, case .int = v.kind { true } else { false } }
        ) {
            // A year in a column that rules fill with dates (see `columnTypes`).
            let types = columnTypes(atom.relation)
            for k in terms.indices where k < types.count && types[k] == .date {
                if case let .constant(v, span) = terms[k], let year = ColumnType.date.fitting(v) {
                    terms[k] = .constant(year, span)
                }
            }
        }
        return ResolvedAtom(relation: atom.relation, terms: terms, span: atom.span)
    }

    /// Adapts a constant to a column type: aliases to entities, bare years to dates.
    mutating func coerce(_ v: Value, to type: ColumnType, span: SourceSpan, column: String, relation: String) -> Value?
    {
        if type.admits(v) { return v }
        switch (type, v.kind) {
        case let (.entity, .string(s)):
            if let e = pendingAliases[s.lowercased()] ?? program.aliases[s.lowercased()] { return .symbol(e) }
            let names = Array(Set(program.aliases.keys).union(pendingAliases.keys))
            let guess = closestMatch(to: s.lowercased(), in: names)
            error(
                "no entity is named \"\(s)\"" + (guess.map { " — did you mean \"\($0)\"?" } ?? ""), span,
                hint: "entities' names are declared with .alias")
            return nil
        case let (.date, .int(n)) where (1...9999).contains(n):
            return .time(.year(Int(n)))
        case let (.decimal, .int(n)), let (.number, .int(n)):
            guard type == .decimal else { return v }
            // Past 2^53 a decimal cannot hold every integer: 9007199254740993 would become …992.0.
            guard Int64(exactly: Double(n)) == n else {
                error(
                    "column '\(column)' of '\(relation)' holds decimals, and \(n) has no exact decimal", span,
                    hint: "decimals hold integers exactly up to 2^53 (9007199254740992); declare the column int")
                return nil
            }
            return .decimal(Double(n))
        default:
            // `by` is no column but the source named after a claim's locator.
            error(
                column == "by"
                    ? "the source after 'by' is an entity, not \(v.typeName) \(v.literal)"
                    : "column '\(column)' of '\(relation)' holds \(type.rawValue) values, not \(v.typeName) \(v.literal)",
                span,
                hint: typeHint(type))
            return nil
        }
    }

    func typeHint(_ t: ColumnType) -> String? {
        switch t {
        case .date: return "dates are written 2021-01-12, 2019-10, 2021-Q3 or 2018"
        case .money: return "money is written $20M or $100 million, hedged as more than $100M"
        case .duration: return "durations are ISO 8601: P5Y, P6M, PT72H"
        case .entity: return "an entity is a symbol (ice) or one of its names in quotes (\"ICE\")"
        default: return nil
        }
    }

    // MARK: Clauses

    mutating func resolveFact(_ atom: Atom, _ annotation: Annotation?, _ span: SourceSpan) -> BatchItem? {
        if let s = schema(atom.relation), s.builtin {
            error(
                "'\(atom.relation)' is built in; its facts come from the case itself", atom.relationSpan,
                hint: atom.relation == "alias" ? "names are given with .alias: .alias ice: \"ICE\"." : nil)
            return nil
        }
        guard let r = resolveAtom(atom, inBody: false) else { return nil }
        var row: [Value] = []
        for t in r.terms {
            switch t {
            case let .constant(v, _): row.append(v)
            case let .variable(name, vspan):
                if name.hasPrefix("_#") {
                    error(
                        "a fact must give every column a value", atom.span,
                        hint: "facts cannot leave columns out; name every column")
                } else {
                    let paragraph =
                        name.count > 1 && name.first == "P"
                        && name.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
                    error(
                        "a fact cannot contain the variable '\(name)'", vspan,
                        hint: paragraph
                            ? "'\(name)' is a paragraph locator only after '@'; as a value, name a sentence: \(name).S1"
                            : "to state a rule, add ':-' and a body; to ask, start with '?-'")
                }
                return nil
            }
        }
        var ann = annotation
        if var a = ann, let by = a.by {
            switch by {
            case let .constant(v, s):
                guard let e = coerce(v, to: .entity, span: s, column: "by", relation: atom.relation) else { return nil }
                a.by = .constant(e, s)
                ann = a
            case let .variable(n, s):
                error("the source after 'by' must be a constant, not the variable '\(n)'", s)
                return nil
            }
        }
        return .fact(relation: atom.relation, row: row, annotation: ann, span: span)
    }

    /// A run of plain facts passes whole when each of its relations takes its values as they
    /// are; otherwise (an entity column, a year in a date column, a wrong arity, a built-in
    /// relation) each fact is parsed again and resolved on its own, in the order written, with
    /// the same messages as ever.
    mutating func resolveFacts(_ run: FactRun, into items: inout [BatchItem]) {
        func passes(_ r: FactRun.Relation) -> Bool {
            guard let info = schema(r.name), !info.builtin, info.arity == r.arity else { return false }
            guard let columns = info.columns else { return true }
            return r.values.indices.allSatisfy { columns[$0 % r.arity].type.admits(Value(raw: r.values[$0])) }
        }
        if run.relations.allSatisfy(passes) { return items.append(.facts(run)) }
        for start in run.starts {
            guard case let .fact(atom, annotation, span)? = Parser.clause(in: file, at: Int(start)) else { continue }
            if let f = resolveFact(atom, annotation, span) { items.append(f) }
        }
    }

    mutating func resolveRule(_ head: Atom, _ body: [Literal], _ span: SourceSpan) -> ResolvedRule? {
        if let s = schema(head.relation), s.builtin {
            error("'\(head.relation)' is built in and cannot be defined by rules", head.relationSpan)
            return nil
        }
        let errorsBefore = diagnostics.count
        let h = resolveAtom(head, inBody: false)
        let b = resolveBody(body)
        guard let h = h, let b = b, diagnostics.count == errorsBefore, joinable(b, span) else { return nil }
        var headVars: [(String, SourceSpan)] = []
        for (k, t) in h.terms.enumerated() {
            if case let .variable(n, s) = t {
                // A column that named arguments left out is `_#start.k` (see `resolveAtom`).
                if n.hasPrefix("_#"), n.contains("."), let columns = schema(h.relation)?.columns, k < columns.count {
                    let all = columns.map { "\($0.name): …" }.joined(separator: ", ")
                    error(
                        "the head of a rule leaves column '\(columns[k].name)' of '\(h.relation)' out", s,
                        hint: "every column of a derived fact needs a value: \(h.relation)(\(all))")
                    return nil
                }
                if n.hasPrefix("_#") {
                    error(
                        "the head of a rule cannot contain '_'", s, hint: "every column of a derived fact needs a value"
                    )
                    return nil
                }
                headVars.append((n, s))
            }
        }
        guard checkSafety(b, prebound: [], required: headVars, what: "the head") else { return nil }
        return ResolvedRule(head: h, body: b, file: file, span: span)
    }

    mutating func resolveQuery(_ body: [Literal], why: Bool, _ span: SourceSpan) -> ResolvedQuery? {
        let errorsBefore = diagnostics.count
        guard let b = resolveBody(body), diagnostics.count == errorsBefore, joinable(b, span) else { return nil }
        guard checkSafety(b, prebound: [], required: [], what: "the query") else { return nil }
        var columns: [String] = []
        for lit in b { collectVariables(lit, into: &columns) }
        columns = columns.filter { !$0.hasPrefix("_") }
        // Answer columns in the order written, also where named arguments (`deal(subject: S,
        // id: D)`) were put into the relation's column order.
        var first: [String: Int] = [:]
        for lit in b { firstMentions(lit, into: &first) }
        columns.sort { first[$0, default: .max] < first[$1, default: .max] }
        let text = file.text(span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .joined(separator: " ")
        return ResolvedQuery(body: b, columns: columns, why: why, file: file, span: span, text: text)
    }

    /// The most literals one rule or query may join, counting those of the aggregates inside
    /// it. The executor goes one call deeper per literal, and past about 1,500 a debug build's
    /// 8 MB stack overflows: a body of 16,000 atoms crashed before this limit.
    static let maxJoinDepth = 500

    /// Whether the body is within `maxJoinDepth`; if not, says so at the clause.
    mutating func joinable(_ body: [ResolvedLiteral], _ span: SourceSpan) -> Bool {
        func depth(_ lits: [ResolvedLiteral]) -> Int {
            lits.count
                + (lits.lazy.compactMap {
                    if case let .aggregate(_, _, _, inner, _) = $0 { return depth(inner) } else { return nil }
                }.max() ?? 0)
        }
        let d = depth(body)
        guard d > Resolver.maxJoinDepth else { return true }
        error(
            "this clause joins \(d) literals (counting its aggregates' bodies); at most \(Resolver.maxJoinDepth) can be joined in one clause",
            span, hint: "split the body into rules that each join part of it")
        return false
    }

    mutating func resolveBody(_ body: [Literal]) -> [ResolvedLiteral]? {
        var out: [ResolvedLiteral] = []
        var ok = true
        for lit in body {
            switch lit {
            case let .positive(atom, claim):
                if let a = resolveAtom(atom, inBody: true) {
                    // Only stated facts carry claims: over a relation that rules alone define,
                    // `@ C` could never match, and would answer nothing without a word.
                    if claim != nil, let info = schema(a.relation), info.hasRules, !info.hasFacts, !info.builtin {
                        error(
                            "'\(a.relation)' has no stated facts, only rules, so '@' has no claim to give",
                            a.span,
                            hint: "ask 'why' of the query to trace its answers to the claims behind them")
                        ok = false
                        continue
                    }
                    out.append(.positive(a, claim: claim))
                } else {
                    ok = false
                }
            case let .negative(atom, span):
                if let a = resolveAtom(atom, inBody: true) { out.append(.negative(a, span)) } else { ok = false }
            case let .comparison(l, op, r, possibly, span):
                if checkFunctions(l) && checkFunctions(r) {
                    out.append(.comparison(l, op, r, possibly: possibly, span))
                } else {
                    ok = false
                }
            case let .aggregate(result, fn, target, inner, span):
                if case .constant = result {
                    error("the result of \(fn.rawValue) must be a variable", result.span)
                    ok = false
                    continue
                }
                if let t = target, !checkFunctions(t) { ok = false; continue }
                if let b = resolveBody(inner) {
                    out.append(.aggregate(result: result, fn, target, b, span))
                } else {
                    ok = false
                }
            }
        }
        if ok { ok = checkConstantsAgainstColumns(out) }
        return ok ? fitConstantsToColumns(out) : nil
    }

    /// `V > 5000000` where V stands in a money column never holds, and `I != "d1"` where I
    /// stands in a symbol column always does: values of unlike kinds are never ordered or equal.
    /// In an atom such a constant is an error (`deal(value: 5000000)`); compared with the
    /// column's variable it is one too, rather than a query that silently answers nothing.
    mutating func checkConstantsAgainstColumns(_ body: [ResolvedLiteral]) -> Bool {
        var columnOf: [String: (column: ColumnDeclaration, relation: String)] = [:]
        for case let .positive(atom, _) in body {
            guard let columns = schema(atom.relation)?.columns else { continue }
            for (k, term) in atom.terms.enumerated() where k < columns.count && columns[k].type != .any {
                if case let .variable(name, _) = term, columnOf[name] == nil {
                    columnOf[name] = (columns[k], atom.relation)
                }
            }
        }
        if columnOf.isEmpty { return true }
        var ok = true
        for case let .comparison(l, op, r, _, _) in body {
            let pair: (String, Value, SourceSpan, String)
            switch (l, r) {
            case let (.term(.variable(name, _)), .term(.constant(v, vspan))):
                pair = (name, v, vspan, "\(name) \(op.rawValue) \(v.literal)")
            case let (.term(.constant(v, vspan)), .term(.variable(name, _))):
                pair = (name, v, vspan, "\(v.literal) \(op.rawValue) \(name)")
            default: continue
            }
            let (name, v, vspan, written) = pair
            guard let (column, relation) = columnOf[name] else { continue }
            if column.type == .entity, case let .string(s) = v.kind {
                // A name no alias declares: the same error as in an atom, with its guess.
                _ = coerce(v, to: .entity, span: vspan, column: column.name, relation: relation)
                ok = ok && (pendingAliases[s.lowercased()] ?? program.aliases[s.lowercased()]) != nil
                continue
            }
            guard !column.type.isComparable(with: v) else { continue }
            let kind: String
            switch v.kind {
            case .int: kind = "an integer"
            case .money: kind = "an amount of money"
            case .quantity: kind = "a hedged figure"
            case .time: kind = "a date"
            default: kind = "a \(v.typeName)"
            }
            let hint: String?
            switch column.type {
            case .symbol: hint = "a symbol is written without quotes (d1), or in single quotes ('Two Words')"
            case .string: hint = "a string is written in double quotes (\"text\")"
            default: hint = typeHint(column.type)
            }
            error(
                "\(written) \(op == .ne ? "always" : "never") holds: \(name) holds \(column.type.rawValue) values "
                    + "(column '\(column.name)' of '\(relation)'), and \(v.literal) is \(kind)",
                vspan, hint: hint ?? "values of unlike kinds are never equal and never ordered")
            ok = false
        }
        return ok
    }

    /// Each column's type: declared, or for a relation that only rules define, the date type
    /// where every rule's head takes the column from a date column (`r(D) :- d(D).` over a
    /// declared `d(x: date)`), so that `?- r(2019).` and `r(D), D = 2019` find the year there as
    /// they do in `d`. Nil where nothing says; other types are not inferred.
    func columnTypes(_ name: String, visiting: Set<String> = []) -> [ColumnType?] {
        guard let info = schema(name) else { return [] }
        if let columns = info.columns { return columns.map(\.type) }
        guard info.hasRules, !info.hasFacts else { return Array(repeating: nil, count: info.arity) }
        let rules = rules(defining: name)
        // A few levels of rules are followed, no more: a chain of thousands would recurse as
        // deep, and each level reads every rule.
        guard !info.hasFacts, !info.builtin, !rules.isEmpty, !visiting.contains(name), visiting.count < 4 else {
            return Array(repeating: nil, count: info.arity)
        }
        let deeper = visiting.union([name])
        return (0..<info.arity).map { k in
            let given = rules.map { rule -> ColumnType? in
                guard k < rule.head.terms.count, case let .variable(v, _) = rule.head.terms[k] else { return nil }
                for case let .positive(atom, _) in rule.body {
                    guard let j = atom.terms.firstIndex(where: { if case .variable(v, _) = $0 { true } else { false } })
                    else { continue }
                    let types = columnTypes(atom.relation, visiting: deeper)
                    if j < types.count, let t = types[j] { return t }
                }
                return nil
            }
            return given.allSatisfy({ $0 == .date }) ? .date : nil
        }
    }

    /// `V = 2019` where V stands in a date column compares the date 2019, as `e(2019)` would
    /// find it; likewise an entity's name in quotes and an integer in a decimal column. Without
    /// this the constant is placed first, as an assignment, and the lookup it keys finds the
    /// integer 2019 in no row. A variable equated with such a variable (`X = 2019, D = X`) is
    /// read the same way.
    func fitConstantsToColumns(_ body: [ResolvedLiteral]) -> [ResolvedLiteral] {
        var types: [String: ColumnType] = [:]
        // Only a constant compared with a variable is fitted: the rules are read for no other body.
        let compared = body.contains {
            guard case let .comparison(l, op, r, _, _) = $0, op == .eq || op == .ne else { return false }
            switch (l, r) {
            case (.term(.constant), .term(.variable)), (.term(.variable), .term(.constant)): return true
            default: return false
            }
        }
        guard compared else { return body }
        for case let .positive(atom, _) in body {
            let columns = columnTypes(atom.relation)
            for (k, term) in atom.terms.enumerated() where k < columns.count {
                if case let .variable(name, _) = term, let type = columns[k] { types[name] = types[name] ?? type }
            }
        }
        if types.isEmpty { return body }
        // `X = 2019, D = X`: X is D, so a constant compared with X is read as D's column reads it.
        var spreading = true
        while spreading {
            spreading = false
            for case let .comparison(.term(.variable(a, _)), .eq, .term(.variable(b, _)), _, _) in body {
                if types[a] == nil, let t = types[b] {
                    types[a] = t
                    spreading = true
                } else if types[b] == nil, let t = types[a] {
                    types[b] = t
                    spreading = true
                }
            }
        }
        func fitted(_ v: Value, _ type: ColumnType) -> Value? {
            if type.admits(v) { return nil }
            switch (type, v.kind) {
            case let (.entity, .string(s)):
                return (pendingAliases[s.lowercased()] ?? program.aliases[s.lowercased()]).map { .symbol($0) }
            case let (.date, .int(n)) where (1...9999).contains(n): return .time(.year(Int(n)))
            case let (.decimal, .int(n)) where Int64(exactly: Double(n)) == n: return .decimal(Double(n))
            default: return nil
            }
        }
        return body.map { lit in
            guard case let .comparison(l, op, r, possibly, span) = lit, op == .eq || op == .ne else { return lit }
            switch (l, r) {
            case let (.term(.variable(name, _)), .term(.constant(v, vspan))):
                if let type = types[name], let w = fitted(v, type) {
                    return .comparison(l, op, .term(.constant(w, vspan)), possibly: possibly, span)
                }
            case let (.term(.constant(v, vspan)), .term(.variable(name, _))):
                if let type = types[name], let w = fitted(v, type) {
                    return .comparison(.term(.constant(w, vspan)), op, r, possibly: possibly, span)
                }
            default: break
            }
            return lit
        }
    }

    mutating func checkFunctions(_ e: Expression) -> Bool {
        switch e {
        case .term: return true
        case let .binary(l, _, r, _): return checkFunctions(l) && checkFunctions(r)
        case let .negate(x, _): return checkFunctions(x)
        case let .call(name, args, span):
            guard let f = Builtin(rawValue: name) else {
                let guess = closestMatch(to: name, in: Builtin.allCases.map(\.rawValue))
                if schema(name) != nil {
                    error(
                        "'\(name)' is a relation, not a function", span,
                        hint: "use it as a literal of its own: \(name)(…), then compare its variables")
                } else {
                    error(
                        "unknown function '\(name)'" + (guess.map { " — did you mean '\($0)'?" } ?? ""), span,
                        hint: "functions are \(Builtin.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return false
            }
            if args.count != f.arity {
                error(
                    "\(name)() takes \(f.arity) argument\(f.arity == 1 ? "" : "s"), not \(args.count)", span,
                    hint: f.summary)
                return false
            }
            return args.allSatisfy { checkFunctions($0) }
        }
    }

    // MARK: Safety

    /// Checks that a body can bind everything it needs; reports the first variable that cannot be bound.
    mutating func checkSafety(
        _ body: [ResolvedLiteral], prebound: Set<String>, required: [(String, SourceSpan)], what: String
    ) -> Bool {
        var bound = prebound
        var remaining = Array(body.indices)
        var progress = true
        while progress && !remaining.isEmpty {
            progress = false
            for (k, i) in remaining.enumerated().reversed() {
                if let binds = readiness(body[i], bound: bound, body: body, index: i) {
                    bound.formUnion(binds)
                    remaining.remove(at: k)
                    progress = true
                }
            }
        }
        for i in remaining {
            // Name the first variable of the stuck literal that nothing binds.
            let lit = body[i]
            let (vars, context) = needed(lit, bound: bound)
            if case let .aggregate(_, fn, _, inner, span) = lit {
                let group = groupVariables(inner, outer: body, index: i)
                if let v = group.first(where: { !bound.contains($0) }) {
                    error(
                        "variable '\(v)' groups \(fn.rawValue) here but is not bound by a positive atom outside it",
                        span,
                        hint: "bind '\(v)' with an atom before the aggregate, or rename it inside the braces")
                    return false
                }
                let innerBound = bound.union(group)
                if !checkSafety(inner, prebound: innerBound, required: [], what: "the aggregate") { return false }
                continue
            }
            if let (v, s) = vars.first(where: { !bound.contains($0.0) }) {
                // `_` is named `_#N` inside, a name the user never wrote.
                if v.hasPrefix("_#") {
                    error(
                        "'_' in \(context) is never bound: each '_' is a new variable of its own", s,
                        hint: "name the variable (X) and bind it with a positive atom of the same body")
                    return false
                }
                error(
                    "variable '\(v)' in \(context) is not bound by a positive atom", s,
                    hint: "every variable of a negation or comparison must appear in a positive atom of the same body")
                return false
            }
        }
        // An aggregate that could be placed needs its own body safe too: `count { X > 3 }` has
        // nothing to bind X, and the planner dropped the comparison and counted one solution.
        for i in body.indices where !remaining.contains(i) {
            guard case let .aggregate(_, _, _, inner, _) = body[i] else { continue }
            let group = Set(groupVariables(inner, outer: body, index: i))
            if !checkSafety(inner, prebound: group, required: [], what: "the aggregate") { return false }
        }
        for (v, s) in required where !bound.contains(v) {
            error(
                "variable '\(v)' in \(what) is not bound by the body", s,
                hint: "add a positive atom that binds '\(v)', or compute it with '\(v) = …'")
            return false
        }
        return true
    }

    /// The variables a literal binds once it can run, or nil if it cannot run yet.
    func readiness(_ lit: ResolvedLiteral, bound: Set<String>, body: [ResolvedLiteral], index: Int) -> Set<String>? {
        switch lit {
        case let .positive(a, claim):
            var s = Set(
                a.terms.compactMap { t -> String? in
                    if case let .variable(n, _) = t { return n }; return nil
                })
            if case let .variable(n, _)? = claim { s.insert(n) }
            return s
        case .negative:
            return needed(lit, bound: bound).0.allSatisfy { bound.contains($0.0) } ? [] : nil
        case let .comparison(l, op, r, possibly, _):
            var lv: [String] = []
            var rv: [String] = []
            l.variables(into: &lv)
            r.variables(into: &rv)
            let lb = lv.allSatisfy(bound.contains)
            let rb = rv.allSatisfy(bound.contains)
            if lb && rb { return [] }
            // `possibly X = e` asks whether two values may be equal; it binds nothing (the
            // planner assigns only a plain `=`), so it was let through with X unbound and trapped.
            if op == .eq && !possibly {
                if case let .term(.variable(v, _)) = l, !bound.contains(v), rb { return [v] }
                if case let .term(.variable(v, _)) = r, !bound.contains(v), lb { return [v] }
            }
            return nil
        case let .aggregate(result, _, _, inner, _):
            let group = groupVariables(inner, outer: body, index: index)
            guard group.allSatisfy(bound.contains) else { return nil }
            if case let .variable(v, _) = result { return [v] }
            return []
        }
    }

    /// Variables a literal needs bound before it runs, with where each appears.
    func needed(_ lit: ResolvedLiteral, bound: Set<String>) -> ([(String, SourceSpan)], String) {
        switch lit {
        case let .negative(a, _):
            let vars = a.terms.compactMap { t -> (String, SourceSpan)? in
                if case let .variable(n, s) = t, !n.hasPrefix("_") { return (n, s) }
                return nil
            }
            return (vars, "this negation")
        case let .comparison(l, _, r, _, _):
            var out: [(String, SourceSpan)] = []
            collectSpans(l, into: &out)
            collectSpans(r, into: &out)
            return (out, "this comparison")
        default:
            return ([], "")
        }
    }

    func collectSpans(_ e: Expression, into out: inout [(String, SourceSpan)]) {
        switch e {
        case let .term(.variable(n, s)): out.append((n, s))
        case .term: break
        case let .binary(l, _, r, _):
            collectSpans(l, into: &out)
            collectSpans(r, into: &out)
        case let .negate(x, _): collectSpans(x, into: &out)
        case let .call(_, args, _): for a in args { collectSpans(a, into: &out) }
        }
    }
}

/// Variables of an aggregate's body that also occur outside it: they group the aggregate.
func groupVariables(_ inner: [ResolvedLiteral], outer: [ResolvedLiteral], index: Int, head: ResolvedAtom? = nil)
    -> [String]
{
    var innerVars: [String] = []
    for lit in inner { collectVariables(lit, into: &innerVars) }
    var outside: [String] = []
    for (k, lit) in outer.enumerated() where k != index { collectVariables(lit, into: &outside) }
    if let h = head {
        for t in h.terms { if case let .variable(n, _) = t { outside.append(n) } }
    }
    if case let .aggregate(result, _, _, _, _) = outer[index], case let .variable(n, _) = result {
        outside.removeAll { $0 == n }
    }
    return innerVars.filter { outside.contains($0) && !$0.hasPrefix("_#") }
}

/// Where in the text each variable of a literal first appears (an aggregate contributes its
/// result only, as in `collectVariables`).
func firstMentions(_ lit: ResolvedLiteral, into out: inout [String: Int]) {
    func note(_ t: Term) {
        if case let .variable(n, span) = t { out[n] = min(out[n, default: .max], span.start) }
    }
    func note(_ e: Expression) {
        switch e {
        case let .term(t): note(t)
        case let .binary(l, _, r, _):
            note(l)
            note(r)
        case let .negate(x, _): note(x)
        case let .call(_, args, _): for a in args { note(a) }
        }
    }
    switch lit {
    case let .positive(atom, claim):
        for t in atom.terms { note(t) }
        if let c = claim { note(c) }
    case let .negative(atom, _): for t in atom.terms { note(t) }
    case let .comparison(l, _, r, _, _):
        note(l)
        note(r)
    case let .aggregate(result, _, _, _, _): note(result)
    }
}

/// Variables of a literal in order of first appearance (an aggregate contributes its result only).
func collectVariables(_ lit: ResolvedLiteral, into out: inout [String]) {
    // A set beside the list: an atom of thousands of columns made `contains` quadratic.
    var seen = Set(out)
    func add(_ t: Term) {
        if case let .variable(n, _) = t, seen.insert(n).inserted { out.append(n) }
    }
    switch lit {
    case let .positive(a, claim):
        a.terms.forEach(add)
        if let c = claim { add(c) }
    case let .negative(a, _): a.terms.forEach(add)
    case let .comparison(l, _, r, _, _):
        l.variables(into: &out)
        r.variables(into: &out)
    case let .aggregate(result, _, _, _, _):
        add(result)
    }
}
