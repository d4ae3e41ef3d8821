// A session: the program and facts so far, and the entry point every front end uses.
//
// `load` takes one source (a file, a `-e` text, a REPL entry) through the pipeline:
// Lexer → Parser → Resolver → Stratifier, then adds its clauses in order and runs each query
// where it stands, after (re)evaluating the derived relations if anything changed.

/// The answers to one query.
public struct QueryResult {
    public var text: String
    public var columns: [String]
    /// How many distinct answers there are; equals `rows.count` unless the session was asked
    /// for counts only (`Session.countsOnly`), when `rows` stays empty.
    public var answerCount: Int
    /// Distinct answers in a stable order (by `valueOrder`, column by column).
    public var rows: [[Value]]
    public var file: SourceFile
    public var span: SourceSpan
    /// For `?- why …`: how each answer was derived.
    public var explanations: [[Explanation]]?

    /// A query with no output variables answers true (one empty row) or false (none).
    public var isGround: Bool { columns.isEmpty }
}

/// Everything known in one session: program, facts, limits.
public final class Session {
    public let program = Program()
    public let database = Database()
    public var limits = Limits()
    /// Count answers without listing or sorting them (`--format count`): a query over millions
    /// of derived facts then costs no more than deriving them.
    public var countsOnly = false
    /// Documents loaded with `--doc` / `:doc`, for citation checks and source sentences.
    public internal(set) var documents: [Document] = []
    /// The citation checkers of `documents`, and what they were made for (see `checkCitations`).
    private var checkerCache: (documents: Int, aliases: Int, checkers: [CitationChecker])?

    private var strata: [Stratum] = []
    /// For each relation, the strata (by index) that define or read it: the ones to evaluate
    /// again when it changes.
    private var readers: [String: [Int]] = [:]
    /// Relations defined by rules, and relations some rule reads (see `Stratifier.stratify(_:after:defined:read:)`).
    private var defined = Set<String>()
    private var read = Set<String>()
    /// While `why` runs: the stack address below which an explanation goes no deeper (see
    /// `explainAnswers`).
    var explanationStackFloor: UInt = 0
    /// Rules added since the program was last stratified.
    private var unstratified: [ResolvedRule] = []
    /// For each stratum, the relations it defines or reads that changed since it was last
    /// brought up to date. Only a query that needs a stratum brings it up to date, and only if
    /// something here changed: a script that alternates facts and queries would otherwise
    /// evaluate the whole program before every query, and a rule no query asks about (or one
    /// stopped by Ctrl-C) would cost every query its time.
    private var pending: [[String: Change]] = []
    /// Strata to evaluate afresh whatever changed: new, or stopped part way.
    private var fresh = Set<Int>()
    /// The strata with something in `pending`, or fresh: with none, a query starts at once.
    private var outOfDate = Set<Int>()
    /// The stratum that defines each derived relation.
    private var definer: [String: Int] = [:]
    /// For a set of relations a query reads, the strata it needs: those that define them, and
    /// the strata those read, down to stated facts. Forgotten when the strata change.
    private var neededFor: [Set<String>: Set<Int>] = [:]
    /// The last round of evaluation. It only grows while derived rows are kept, because `why`
    /// takes a row's premises from rows of earlier rounds, across strata too.
    private var round: Int32 = 0

    /// How a relation changed, as one stratum sees it.
    private enum Change {
        /// Rows were added, and nothing else changed: a stratum that reads it positively is
        /// extended with what the new rows derive (`Executor.extend`).
        case grew(from: Int)
        /// Anything else: the stratum is evaluated afresh.
        case rewritten
    }

    public init() {
        for (name, info) in program.relations { addRelation(name, info) }
    }

    /// Loads a source. Syntax and resolution errors come back all at once and nothing of the
    /// source is added; otherwise clauses are added in order and each query's outcome goes to
    /// `onQuery`, which returns false to stop.
    @discardableResult
    public func load(_ file: SourceFile, onQuery: (Result<QueryResult, EvaluationError>) -> Bool = { _ in true })
        -> [Diagnostic]
    {
        let (clauses, syntaxErrors) = Parser.parse(file, stop: limits.cancel)
        if !syntaxErrors.isEmpty { return syntaxErrors }
        var resolver = Resolver(program: program, file: file)
        resolver.stop = limits.cancel
        let items = resolver.resolve(clauses)
        if !resolver.diagnostics.isEmpty { return resolver.diagnostics }

        let newRules = items.compactMap { item -> ResolvedRule? in
            if case let .rule(r) = item { return r }; return nil
        }
        // The whole batch must stratify before any of it is added. Each query then sees the
        // rules above it only (`stratifyAddedRules`).
        if !newRules.isEmpty {
            let outcome =
                Stratifier.stratify(unstratified + newRules, after: strata, defined: defined, read: read)
                ?? Stratifier.stratify(program.rules + newRules)
            if case let .failure(d) = outcome { return [d] }
        }

        // The batch is sound: commit its schema, then its clauses in order. What the schema held
        // before is kept until the clauses are in, for a load that Ctrl-C stops part way.
        let schemaBefore = resolver.pending.keys.map { ($0, program.relations[$0]) }
        for (name, info) in resolver.pending {
            let declaredBefore = program.relations[name]?.columns?.map(\.type)
            let isNew = program.relations[name] == nil
            program.relations[name] = info
            addRelation(name, info)
            // A declaration that changes the column types changes what rules derive into them.
            if !isNew && declaredBefore != info.columns?.map(\.type) { noteRewrite(name) }
        }
        for (n, item) in items.enumerated() {
            // Ctrl-C while a large file's facts are added (seconds for a million cited ones) is
            // heard: what was added stays, as psql and sqlite3 keep the statements before it.
            let isQuery: Bool
            if case .query = item { isQuery = true } else { isQuery = false }
            if (n & 1023 == 1023 || isQuery), limits.cancel.isCancelled {
                var start: Int?
                switch item {
                case let .fact(_, _, _, span): start = span.start
                case let .facts(run): start = run.span.start
                case let .rule(r): start = r.span.start
                case let .query(q): start = q.span.start
                default: break
                }
                restoreSchema(schemaBefore, keeping: items[..<n])
                // Declarations and aliases apply to their whole file, so they came first.
                let headers = items.contains {
                    switch $0 {
                    case .declaration, .alias: return true
                    default: return false
                    }
                }
                return [
                    Diagnostic.cancelledLoad(
                        file, before: start.map { file.location(of: $0).line }, withDeclarations: headers)
                ]
            }
            switch item {
            case .declaration: break
            case let .alias(entity, names): addAlias(entity, names)
            case let .fact(relation, row, annotation, span): addFact(relation, row, annotation, file: file, span: span)
            case let .facts(run): addFacts(run)
            case let .rule(rule):
                program.rules.append(rule)
                unstratified.append(rule)
                noteRewrite(rule.head.relation)
            case let .query(q):
                let outcome: Result<QueryResult, EvaluationError>
                do {
                    outcome = .success(try run(q))
                } catch var e as EvaluationError {
                    // A limit or a cancellation has no place of its own: point at the query it stopped.
                    if e.diagnostic.file == nil {
                        e.diagnostic = Diagnostic(
                            .error, e.diagnostic.message, file: q.file, span: q.span, hint: e.diagnostic.hint)
                    }
                    outcome = .failure(e)
                } catch {
                    outcome = .failure(EvaluationError(reason: .arithmetic, diagnostic: .plain("\(error)")))
                }
                if !onQuery(outcome) { return [] }
            }
        }
        return []
    }

    /// After a load stopped part way: a relation that only the clauses not added named goes
    /// back to what the schema held before (or away), so that it does not linger with no facts.
    /// Declarations stay: like aliases, they apply to their whole file and were added first.
    private func restoreSchema(_ before: [(String, RelationInfo?)], keeping added: ArraySlice<BatchItem>) {
        var named: Set<String> = []
        for item in added {
            switch item {
            case let .declaration(info): named.insert(info.name)
            case .alias: named.insert("alias")
            case let .fact(relation, _, _, _): named.insert(relation)
            case let .facts(run): for r in run.relations { named.insert(r.name) }
            case let .rule(rule):
                named.insert(rule.head.relation)
                named.formUnion(relationsRead(by: rule.body))
            case let .query(q): named.formUnion(q.reads)
            }
        }
        for (name, info) in before where !named.contains(name) {
            if let info {
                program.relations[name] = info
                addRelation(name, info)
            } else if (database[name]?.count ?? 0) == 0 {
                program.relations[name] = nil
                database.remove(name)
            }
        }
    }

    /// Makes a relation's store, which checks derived rows against its declared column types.
    private func addRelation(_ name: String, _ info: RelationInfo) {
        let rel = database.relation(name, arity: info.arity)
        let columns = info.columns
        rel.declaredColumns = columns?.contains(where: { $0.type != .any }) == true ? columns : nil
    }

    /// Parses and resolves without adding anything: what `casebook check` and the grammar test use.
    public func check(_ file: SourceFile) -> [Diagnostic] {
        let (clauses, syntaxErrors) = Parser.parse(file)
        if !syntaxErrors.isEmpty { return syntaxErrors }
        var resolver = Resolver(program: program, file: file)
        _ = resolver.resolve(clauses)
        return resolver.diagnostics
    }

    func addAlias(_ entity: String, _ names: [String]) {
        let rel = database.relation("alias", arity: 2)
        let before = rel.count
        for n in names {
            program.aliases[n.lowercased()] = entity
            program.aliasList.append((entity, n))
            rel.insert([Value.symbol(entity).raw, Value.string(n).raw])
            rel.baseCount = rel.count
        }
        noteGrowth(rel, before: before)
        // The entity's own symbol is always a name for it.
        program.aliases[entity.lowercased()] = program.aliases[entity.lowercased()] ?? entity
    }

    /// Adds a run of plain facts: `addFact` without annotations, a million at a time.
    func addFacts(_ run: FactRun) {
        for facts in run.relations {
            let rel = relationForStatedFacts(facts.name, arity: facts.arity)
            let before = rel.count
            rel.reserve(facts.count)
            _ = facts.values.withUnsafeBufferPointer { rel.insert(rows: $0.baseAddress!, count: facts.count, rank: 0) }
            rel.baseCount = rel.count
            noteGrowth(rel, before: before)
        }
    }

    /// The relation, ready for more stated facts: rows derived from the old ones are dropped
    /// (stated rows must come before derived ones) and will be derived again.
    func relationForStatedFacts(_ name: String, arity: Int) -> Relation {
        let rel = database.relation(name, arity: arity)
        if rel.count > rel.baseCount {
            rel.truncate(to: rel.baseCount)
            noteRewrite(name)
        }
        return rel
    }

    func addFact(_ relation: String, _ row: [Value], _ annotation: Annotation?, file: SourceFile, span: SourceSpan) {
        let rel = relationForStatedFacts(relation, arity: row.count)
        let raw = row.map(\.raw)
        let before = rel.count
        if rel.insert(raw, rank: 0) {
            rel.baseCount = rel.count
            noteGrowth(rel, before: before)
        } else if annotation != nil {
            // A fact stated again with a citation: no row is new, but a rule that binds the
            // row's claims (`p(X) @ C`) has more to find, which extending cannot see.
            noteRewrite(relation)
        }
        guard let a = annotation else { return }
        let id = program.claims.count + 1
        var by = Value.symbol("author")
        if case let .constant(v, _)? = a.by { by = v }
        let claim = ClaimRecord(
            id: id, relation: relation, row: row, locators: a.locators, by: by, factuality: a.factuality ?? "CT+",
            file: file, span: span)
        program.claims.append(claim)
        let r = raw.withUnsafeBufferPointer { rel.find($0.baseAddress!) }
        rel.claims[Int32(r), default: []].append(id)
        let claims = database.relation("claim", arity: 6)
        let claimsBefore = claims.count
        for loc in a.locators {
            claims.insert([
                Value.claim(id).raw, Value.symbol(relation).raw, Value.string(claim.text).raw, Value.locator(loc).raw,
                by.raw,
                Value.string(claim.factuality).raw,
            ])
        }
        claims.baseCount = claims.count
        noteGrowth(claims, before: claimsBefore)
    }

    /// Drops the rules that define `relation`, keeping its stated facts: the way out when a rule
    /// derives without end (a session keeps its rules after a query is cancelled). Returns how
    /// many rules went.
    @discardableResult
    public func removeRules(defining relation: String) -> Int {
        removeRules { $0.head.relation == relation }.count
    }

    /// Drops the rules loaded from sources of this name (the tour's `<input>`: what a learner
    /// typed), keeping everything else, and returns the relations they defined. The tour's way
    /// out of a rule that derives without end: every later query would run it again.
    @discardableResult
    public func removeRules(loadedFrom name: String) -> [String] {
        removeRules { $0.file.name == name }.heads
    }

    /// Drops the rules that match, keeping every stated fact; returns how many went and the
    /// relations they defined, which are recomputed at the next query.
    private func removeRules(where matches: (ResolvedRule) -> Bool) -> (count: Int, heads: [String]) {
        let dropped = program.rules.filter(matches)
        guard !dropped.isEmpty else { return (0, []) }
        program.rules.removeAll(where: matches)
        unstratified = []
        // Fewer rules mean fewer dependencies: what was stratified still is.
        if case let .success(s) = Stratifier.stratify(program.rules) { setStrata(s, onTop: false) }
        let heads = Set(dropped.map(\.head.relation))
        for relation in heads {
            if !program.rules.contains(where: { $0.head.relation == relation }) {
                program.relations[relation]?.hasRules = false
                // Defined by nothing now and read by no rule: gone from the schema too, as the
                // resolver already treats it (`:schema` listed it, with 0 facts, while a query
                // of it was an unknown relation).
                if program.relations[relation]?.isDefined == false && !read.contains(relation) {
                    program.relations[relation] = nil
                    database.remove(relation)
                }
            }
            if let rel = database[relation] { rel.truncate(to: rel.baseCount) }
        }
        heads.forEach(noteRewrite)
        return (dropped.count, heads.sorted())
    }

    /// Brings the strata up to date with the rules added so far. Their batch stratified as a
    /// whole when it was loaded, so these, a part of it, do too.
    private func stratifyAddedRules() {
        guard !unstratified.isEmpty else { return }
        var onTop = true
        var outcome = Stratifier.stratify(unstratified, after: strata, defined: defined, read: read)
        if outcome == nil {
            onTop = false
            outcome = Stratifier.stratify(program.rules)
        }
        if case let .success(s) = outcome { setStrata(s, onTop: onTop) }
        // Their heads changed when they were added, for strata that may only now exist.
        Set(unstratified.map(\.head.relation)).forEach(noteRewrite)
        unstratified = []
    }

    /// Notes that rows were added to a relation (nothing else changed in it), for each stratum
    /// that defines or reads it: the first time since that stratum was brought up to date, its
    /// size before.
    private func noteGrowth(_ rel: Relation, before: Int) {
        for k in readers[rel.name] ?? [] where pending[k][rel.name] == nil {
            pending[k][rel.name] = .grew(from: before)
            outOfDate.insert(k)
        }
    }

    /// Notes that a relation changed in a way other than growing.
    private func noteRewrite(_ name: String) {
        for k in readers[name] ?? [] {
            pending[k][name] = .rewritten
            outOfDate.insert(k)
        }
    }

    /// Takes a new stratification, and indexes which strata each relation feeds. `onTop`: the
    /// old strata are the first of the new, unchanged, and keep their entries. Otherwise a
    /// stratum of the same relations as an old one keeps what changed for it; any other is
    /// evaluated afresh.
    private func setStrata(_ new: [Stratum], onTop: Bool) {
        let appended = onTop && new.count >= strata.count
        if appended {
            fresh.formUnion(strata.count..<new.count)
            outOfDate.formUnion(strata.count..<new.count)
            pending += Array(repeating: [:], count: new.count - strata.count)
        } else {
            readers = [:]
            defined = []
            read = []
            var old: [Set<String>: Int] = [:]
            for (k, stratum) in strata.enumerated() { old[Set(stratum.relations)] = k }
            var carried: [[String: Change]] = []
            var newFresh = Set<Int>()
            for (k, stratum) in new.enumerated() {
                if let j = old[Set(stratum.relations)] {
                    carried.append(pending[j])
                    if fresh.contains(j) { newFresh.insert(k) }
                } else {
                    carried.append([:])
                    newFresh.insert(k)
                }
            }
            pending = carried
            fresh = newFresh
            outOfDate = fresh.union(pending.indices.filter { !pending[$0].isEmpty })
        }
        if !appended { definer = [:] }
        neededFor = [:]
        for k in (appended ? strata.count : 0)..<new.count {
            for name in new[k].relations { definer[name] = k }
            for name in Set(new[k].relations).union(new[k].reads) { readers[name, default: []].append(k) }
            defined.formUnion(new[k].relations)
            read.formUnion(new[k].reads)
        }
        strata = new
    }

    /// Takes back a stratum's derived rows, keeping the stated facts of its relations.
    private func dropDerivedRows(of stratum: Stratum) {
        for name in stratum.relations { database[name]?.truncate(to: database[name]!.baseCount) }
    }

    /// Brings up to date the derived relations a query reads: the strata that define them and,
    /// below those, the strata they read, each only if something it defines or reads changed.
    /// A stratum whose inputs only grew, and that reads none of them under `not` or an
    /// aggregate, is extended with what the new rows derive; any other is evaluated afresh.
    func evaluate(needing relations: Set<String>, _ executor: Executor) throws {
        stratifyAddedRules()
        guard !outOfDate.isEmpty else { return }
        // `round` numbers rows for `why`; rather than let it overflow, derive everything anew.
        if round > Int32.max / 2 {
            for stratum in strata {
                dropDerivedRows(of: stratum)
            }
            fresh = Set(strata.indices)
            outOfDate = fresh
            round = 0
        }
        // Out-of-date strata are few; the strata a query needs may be thousands (a long chain
        // of rules), so the needed set is worked out once per set of relations asked for.
        let needed: Set<Int>
        if let known = neededFor[relations] {
            needed = known
        } else {
            var found = Set<Int>()
            var stack = relations.compactMap { definer[$0] }
            while let k = stack.popLast() {
                guard found.insert(k).inserted else { continue }
                stack += strata[k].reads.compactMap { definer[$0] }
            }
            needed = found
            neededFor[relations] = found
        }
        // In order; a stratum brought up to date may put the ones above it out of date.
        var last = -1
        while let k = outOfDate.lazy.filter({ $0 > last && needed.contains($0) }).min() {
            last = k
            let stratum = strata[k]
            let changes = pending[k]
            var grown: [String: Int] = [:]
            for (name, change) in changes {
                if case let .grew(from) = change, !stratum.readsNegatively.contains(name) { grown[name] = from }
            }
            let extensible =
                !fresh.contains(k) && grown.count == changes.count
                && !stratum.relations.contains { changes[$0] != nil }
            do {
                if extensible {
                    let sizes = stratum.relations.map { database[$0]!.count }
                    try executor.extend(stratum, grown: grown, round: &round)
                    for (name, before) in zip(stratum.relations, sizes) where database[name]!.count > before {
                        noteGrowth(database[name]!, before: before)
                    }
                } else {
                    dropDerivedRows(of: stratum)
                    try executor.evaluate([stratum], round: &round)
                    stratum.relations.forEach(noteRewrite)
                }
            } catch {
                // Stopped part way: derive this stratum afresh when next needed. Its stated
                // facts are untouched; the strata above it see it changed.
                dropDerivedRows(of: stratum)
                stratum.relations.forEach(noteRewrite)
                fresh.insert(k)
                pending[k] = [:]
                outOfDate.insert(k)
                throw error
            }
            // What it just derived is news to the strata above, not to itself.
            pending[k] = [:]
            fresh.remove(k)
            outOfDate.remove(k)
        }
    }

    /// Runs a resolved query: evaluates if needed, then collects its distinct answers.
    func run(_ q: ResolvedQuery) throws -> QueryResult {
        let executor = Executor(budget: Budget(limits), database: database)
        try evaluate(needing: q.reads, executor)
        executor.budget.growing = ""
        if !q.why, let result = scanWholeRelation(q) { return result }
        var planner = Planner(file: q.file) { [database] name in database[name]! }
        // The answers are deduplicated, so rows that differ only in `_` columns need not each be
        // joined; `why` plans afresh (explainAnswers) and sees every column.
        planner.collapsesAnonymous = true
        let plan = planner.plan(q.body)
        executor.setRanges(plan, members: [])
        if countsOnly && !q.why && solutionsAreDistinct(q) {
            var count = 0
            try executor.run(plan, .visit { _ in count += 1 })
            return QueryResult(
                text: q.text, columns: q.columns, answerCount: count, rows: [], file: q.file, span: q.span)
        }
        let answers = Relation(name: "answers", arity: q.columns.count)
        let sources = q.columns.map { Source.slot(planner.slots[$0]!) }
        try executor.run(plan, .insert(answers, sources, rank: 0, counts: false))
        let rows = countsOnly && !q.why ? [] : (0..<answers.count).map(answers.row).sorted(by: rowOrder)
        var result = QueryResult(
            text: q.text, columns: q.columns, answerCount: answers.count, rows: rows, file: q.file, span: q.span)
        if q.why {
            result.explanations = try explainAnswers(q, plan: plan, planner: planner, rows: rows, executor: executor)
        }
        return result
    }

    /// Adds a document: its sentences become `sentence(doc, locator, text)` facts, and every
    /// claim loaded so far is checked against it (see `checkCitations`).
    @discardableResult
    public func add(document: Document) -> [Diagnostic] { add(document: document, checking: {}) }

    /// `add(document:)`, calling `check` as the mentions are read; a throw from it leaves the
    /// session as it was.
    @discardableResult
    public func add(document: Document, checking check: () throws -> Void) rethrows -> [Diagnostic] {
        // What can be stopped comes first, so that a stopped document leaves nothing behind.
        let found = try MentionExtractor().mentions(in: document, checking: check)
        documents.append(document)
        let rel = database.relation("sentence", arity: 3)
        let sentencesBefore = rel.count
        for (p, sentences) in document.paragraphs.enumerated() {
            for (k, text) in sentences.enumerated() {
                rel.insert([
                    Value.string(document.name).raw, Value.locator(Locator(paragraph: p + 1, sentence: k + 1)).raw,
                    Value.string(text).raw,
                ])
            }
        }
        rel.baseCount = rel.count
        noteGrowth(rel, before: sentencesBefore)
        addMentions(found, of: document)
        return checkCitations()
    }

    /// The document's mentions (dates, figures, names) as `mention`, `mention_subject`,
    /// `mention_acronym`, `mention_rate` and `mention_factuality` facts.
    func addMentions(_ found: [Mention], of document: Document) {
        let doc = Value.string(document.name).raw
        let mentions = database.relation("mention", arity: 7)
        let subjects = database.relation("mention_subject", arity: 5)
        let acronyms = database.relation("mention_acronym", arity: 3)
        let rates = database.relation("mention_rate", arity: 5)
        let factualities = database.relation("mention_factuality", arity: 5)
        let relations = [mentions, subjects, acronyms, rates, factualities]
        let before = relations.map(\.count)
        for m in found {
            let loc = Value.locator(m.locator).raw
            // Where it starts in its sentence: the same text twice in a sentence is two mentions.
            let at = Value.int(Int64(m.offset)).raw
            let text = Value.string(m.text).raw
            mentions.insert([
                doc, loc, at, Value.symbol(m.kind.rawValue).raw, text, m.value.raw, Value.string(m.mod ?? "").raw,
            ])
            if let s = m.subject { subjects.insert([doc, loc, at, text, Value.string(s).raw]) }
            if let full = m.acronymOf { acronyms.insert([doc, text, Value.string(full).raw]) }
            if let p = m.per { rates.insert([doc, loc, at, text, p.raw]) }
            if let f = m.factuality { factualities.insert([doc, loc, at, text, Value.string(f).raw]) }
        }
        for (r, count) in zip(relations, before) {
            r.baseCount = r.count
            noteGrowth(r, before: count)
        }
    }

    /// Checks claims' locators against the documents loaded: a missing locator is an error, a
    /// name or figure the cited sentences do not mention is a warning. A locator does not name
    /// its document, so with several loaded a claim stands if any one of them bears it out;
    /// otherwise what each document that has the locator says is reported, and if none has it,
    /// that each lacks it.
    /// `from` checks only the claims numbered from it on: those a load just added.
    public func checkCitations(from first: Int = 0) -> [Diagnostic] {
        let claims = Array(program.claims[min(first, program.claims.count)...])
        // A checker reads its whole document: not for every line typed at the prompt. It also
        // knows the entities' names, so a new alias makes new checkers.
        guard !claims.isEmpty else { return [] }
        let key = (documents: documents.count, aliases: program.aliasList.count)
        if checkerCache?.documents != key.documents || checkerCache?.aliases != key.aliases {
            checkerCache = (
                key.documents, key.aliases, documents.map { CitationChecker(document: $0, program: program) }
            )
        }
        let checkers = checkerCache!.checkers
        guard checkers.count > 1 else { return checkers.first?.check(claims) ?? [] }
        var out: [Diagnostic] = []
        for claim in claims {
            let found = checkers.map { $0.check([claim]) }
            if found.contains(where: \.isEmpty) { continue }
            let located = found.filter { !$0.contains { $0.severity == .error } }
            out += (located.isEmpty ? found : located).flatMap { $0 }
        }
        return out
    }

    /// The entity a name stands for: any alias (in any case) or the symbol itself.
    public func entity(named name: String) -> String? {
        program.aliases[name.lowercased()]
    }

    /// A query that is one atom with a distinct variable in every column (`?- path(X, Y).`)
    /// answers with the relation itself: no join, and no second copy to remove duplicates.
    func scanWholeRelation(_ q: ResolvedQuery) -> QueryResult? {
        guard q.body.count == 1, case let .positive(atom, claim) = q.body[0], claim == nil,
            let rel = database[atom.relation], rel.arity == q.columns.count, rel.arity > 0
        else { return nil }
        // Where each variable stands, found in one pass (a search per column was quadratic).
        var positions: [String: [Int]] = [:]
        for (k, t) in atom.terms.enumerated() {
            if case let .variable(name, _) = t { positions[name, default: []].append(k) }
        }
        var order: [Int] = []
        for column in q.columns {
            guard let at = positions[column], at.count == 1 else { return nil }
            order.append(at[0])
        }
        guard Set(order).count == rel.arity else { return nil }
        var rows: [[Value]] = []
        if !countsOnly {
            rows = (0..<rel.count).map { r in
                let row = rel.row(r)
                return order.map { row[$0] }
            }.sorted(by: rowOrder)
        }
        return QueryResult(
            text: q.text, columns: q.columns, answerCount: rel.count, rows: rows, file: q.file, span: q.span)
    }

    /// Whether no two solutions of the query's body can give the same answer: true when the body
    /// is atoms and comparisons only and every variable of its atoms is an answer column. Each
    /// solution is then a different combination of rows (a row is its values), so the answers
    /// can be counted without a set to remove duplicates (`?- a(X, Y), b(Y, Z).`).
    func solutionsAreDistinct(_ q: ResolvedQuery) -> Bool {
        let columns = Set(q.columns)
        for literal in q.body {
            switch literal {
            case let .positive(atom, claim):
                guard claim == nil else { return false }
                for case let .variable(name, _) in atom.terms where !columns.contains(name) { return false }
            case .comparison: continue
            case .negative, .aggregate: return false
            }
        }
        return true
    }

    /// Relation names, for completion and "did you mean".
    public var relationNames: [String] { program.relations.keys.sorted() }
}
