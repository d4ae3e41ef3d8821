// The planner: turns a rule body into a join plan.
//
// Variables become numbered slots in a register file. Atoms are ordered greedily: the semi-naive
// delta first (it is small), then whichever atom has the most bound columns, smaller relations
// first on ties; each atom is read through an index on its bound columns, so no join scans a
// relation it could look up. Comparisons, assignments, negations and aggregates run as soon as
// their variables are bound, pruning early.

/// Where a value comes from when a plan runs: a register or a constant.
enum Source {
    case slot(Int)
    case constant(UInt64)
}

/// Which rows of a relation an atom reads in one semi-naive round.
enum RowRange {
    case all  // every row present when the round began
    case old  // rows from before the last round
    case delta  // rows the last round added
}

/// An expression with variables replaced by slots.
indirect enum CompiledExpression {
    case slot(Int)
    case constant(Value)
    case binary(CompiledExpression, ArithmeticOperator, CompiledExpression, SourceSpan)
    case negate(CompiledExpression, SourceSpan)
    case call(Builtin, [CompiledExpression], SourceSpan)
}

/// One operation of a plan. A class so the executor reads it without copying.
final class Step {
    enum Kind {
        case scan, lookup, negation, filter, assign, aggregate
    }
    let kind: Kind
    // Atoms (scan, lookup, negation)
    var relation: Relation? {
        didSet { relationRef = relation }
    }
    /// The index a lookup uses, on `indexColumns`; the executor builds it when first needed.
    var index: Index? {
        didSet {
            indexRef = index
            hasIndex = index != nil
        }
    }
    /// Whether `index` is set, to test without touching the reference.
    private(set) var hasIndex = false
    /// `relation` and `index` again, unowned: reading a strong reference costs a retain and a
    /// release, which in the join's inner loop took a sixth of the time. The strong ones above
    /// keep the objects alive.
    unowned(unsafe) private(set) var relationRef: Relation?
    unowned(unsafe) private(set) var indexRef: Index?
    var indexColumns: [Int] = []
    /// Values of the index columns, in index column order.
    var keys: [Source] = [] {
        didSet { keyList.free(); keyList = Words(keys) }
    }
    var binds: [(column: Int, slot: Int)] = [] {
        didSet { bindList.free(); bindList = Words(binds) }
    }
    var checks: [(column: Int, source: Source)] = [] {
        didSet { checkList.free(); checkList = Words(checks) }
    }
    // The lists above in plain memory, which the executor reads without reference counting.
    private(set) var keyList = Words<Source>()
    private(set) var bindList = Words<(column: Int, slot: Int)>()
    private(set) var checkList = Words<(column: Int, source: Source)>()
    private(set) var groupSlotList = Words<Int>()
    /// For a first scan whose other columns are all anonymous (`g(K, _)`): the columns it keeps.
    /// Rows that agree on them lead to the same solutions, so only the first of each is joined
    /// further; `seen` holds the kept values met so far in this run of the plan.
    var distinctColumns: [Int] = [] {
        didSet { distinctColumnList.free(); distinctColumnList = Words(distinctColumns) }
    }
    private(set) var distinctColumnList = Words<Int>()
    /// For a scan whose next step is a lookup: where each of the lookup's key values comes
    /// from, the scan's column or -1 for a value fixed during the scan. Empty when the key
    /// does not depend on the scanned row.
    var feed: [Int] = [] {
        didSet { feedList.free(); feedList = Words(feed) }
    }
    private(set) var feedList = Words<Int>()
    var seen: Relation? {
        didSet { seenRef = seen }
    }
    /// `seen` unowned, for the executor (see `relationRef`).
    unowned(unsafe) private(set) var seenRef: Relation?
    var range: RowRange = .all
    var lo = 0
    var hi = 0
    var claimSlot: Int?
    /// The claim variable was bound before this atom (`p(X) @ C` after `claim(C, …)`): match it, do not rebind it.
    var claimIsCheck = false
    /// Only rows derived before this round count (used by `why`).
    var rankBelow: Int32 = .max
    /// The row each matching atom matched, recorded for `why`.
    var matchedRow = -1
    var atomSpan = SourceSpan.none
    // Comparisons and assignments
    var left: CompiledExpression?
    var right: CompiledExpression?
    var comparator: Comparator = .eq
    var possibly = false
    var target = 0
    var span = SourceSpan.none
    // Aggregates
    var aggregate: AggregateFunction = .count
    var inner: Plan?
    var groupSlots: [Int] = [] {
        didSet { groupSlotList.free(); groupSlotList = Words(groupSlots) }
    }
    var innerSlots: [Int] = []
    var aggregateTarget: CompiledExpression?
    /// The zero a `sum` of no rows gives, worked out for the summed column at this many rows.
    var zeroOfColumn: (rows: Int, value: Value)?
    var resultSource: Source?
    /// Each group's result within one run of the plan: the group's values are the rows of
    /// `groups`, and `groupResults[row]` is the result. A flat table, so that a million outer
    /// rows find their group's result without allocating a key each.
    var groups: Relation? {
        didSet { groupsRef = groups }
    }
    /// `groups` unowned, for the executor (see `relationRef`).
    unowned(unsafe) private(set) var groupsRef: Relation?
    var groupResults: [Value?] = []
    /// For an aggregate over one atom keyed by exactly the group's variables, with a new
    /// variable in every other column, the columns of the group's variables (in `groupSlots`
    /// order): each row is then one solution of one group, so one pass over the relation works
    /// out every group's result (`Executor.aggregateAllGroups`) instead of a lookup per group.
    var groupColumns: [Int]?
    /// Whether this run of the plan has worked out every group already.
    var allGroupsDone = false

    init(_ kind: Kind) { self.kind = kind }

    deinit {
        keyList.free()
        bindList.free()
        checkList.free()
        groupSlotList.free()
        distinctColumnList.free()
        feedList.free()
    }
}

/// A compiled body: steps to run in order, then an action for each solution.
final class Plan {
    var steps: [Step] = []
    var slotCount = 0
    var slotNames: [String] = []
    /// For rules: where each head column comes from.
    var head: [Source] = []
    var headRelation: Relation?
    /// For rules: the head, where an error in a derived row points.
    var headSpan: SourceSpan?
    let file: SourceFile
    /// The most columns any step looks up by: the executor's key buffer must hold that many.
    var widestKey: Int {
        steps.lazy.map { max($0.keyList.count, $0.groupSlotList.count, $0.distinctColumnList.count) }.max() ?? 0
    }

    init(file: SourceFile) { self.file = file }
}

/// Builds plans against a store of relations.
struct Planner {
    let relations: (String) -> Relation
    let file: SourceFile
    var slots: [String: Int] = [:]
    var names: [String] = []
    /// Whether a first scan may skip rows that differ only in anonymous columns (see
    /// `Step.distinctColumns`). Only where solutions are deduplicated after: a rule's head or a
    /// query's answers, never an aggregate's body, which counts them, nor `why`.
    var collapsesAnonymous = false

    init(file: SourceFile, relations: @escaping (String) -> Relation) {
        self.file = file
        self.relations = relations
    }

    mutating func slot(_ name: String) -> Int {
        if let s = slots[name] { return s }
        let s = names.count
        slots[name] = s
        names.append(name)
        return s
    }

    /// Plans a body. `ranges` gives the row range of each body literal (by position) for semi-naive
    /// variants; `first` forces a literal to be joined first (the delta); `prebound` slots are set
    /// before the plan runs (by `why` and by aggregates' outer variables).
    mutating func plan(
        _ body: [ResolvedLiteral], ranges: [Int: RowRange] = [:], first: Int? = nil, prebound: Set<String> = []
    ) -> Plan {
        let plan = Plan(file: file)
        var bound = prebound
        for v in prebound { _ = slot(v) }
        var remaining = Array(body.indices)

        // An assignment waits until a literal still to be placed needs its variable, or until
        // the end: the atoms and comparisons placed before it can then rule out the rows on
        // which it would fail (`p(X), Y = 1 / X, X > 0` divides only where X > 0, wherever
        // the guard is written), and it runs for fewer rows. `uses` counts the literals still to
        // be placed that name each variable.
        var uses: [String: Int] = [:]
        let variables = body.map { lit -> Set<String> in
            var names: [String] = []
            collectAllVariables(lit, into: &names)
            return Set(names)
        }
        for names in variables { for n in names { uses[n, default: 0] += 1 } }
        func placed(_ i: Int) { for n in variables[i] { uses[n]! -= 1 } }
        func isWaitingAssignment(_ i: Int, final: Bool) -> Bool {
            guard !final, let target = assignment(body[i], bound: bound)?.target else { return false }
            return uses[target, default: 0] <= 1
        }
        // Guards that are ready go before any assignment, whatever order they were written in:
        // in `p(X), Y = 12 / X, Y > 1, X > 0` the division must wait for `X > 0`, or X = 0
        // divides by zero. Each pass places the ready tests, then the first ready assignment.
        func placeReady(final: Bool = false) {
            var progress = true
            while progress {
                progress = false
                var waiting: [Int] = []
                var assigned = false
                for tests in [true, false] where !progress {
                    waiting = []
                    for i in remaining {
                        let isAssignment = assignment(body[i], bound: bound) != nil
                        if case .positive = body[i] {
                            waiting.append(i)
                        } else if isAssignment == tests || assigned || isWaitingAssignment(i, final: final) {
                            waiting.append(i)
                        } else if let step = nonAtomStep(body, i, bound: &bound) {
                            plan.steps.append(step)
                            placed(i)
                            progress = true
                            assigned = isAssignment
                        } else {
                            waiting.append(i)
                        }
                    }
                    remaining = waiting
                }
            }
        }

        placeReady()
        if let f = first, let k = remaining.firstIndex(of: f) {
            remaining.remove(at: k)
            placed(f)
            plan.steps.append(atomStep(body[f], range: ranges[f] ?? .all, bound: &bound, first: plan.steps.isEmpty))
            placeReady()
        }
        while !remaining.isEmpty {
            // Greedy: most bound columns, then smallest relation.
            var best: Int?
            var bestScore = (-1, Int.min)
            for (k, i) in remaining.enumerated() {
                guard case let .positive(atom, _) = body[i] else { continue }
                var boundCols = 0
                for t in atom.terms {
                    switch t {
                    case .constant: boundCols += 1
                    case let .variable(n, _): if bound.contains(n) { boundCols += 1 }
                    }
                }
                let size = relations(atom.relation).count
                // A lookup beats a scan; among equals the smaller relation goes first.
                let score = (boundCols > 0 ? 1 : 0, -size)
                if best == nil || score > bestScore {
                    best = k
                    bestScore = score
                }
            }
            guard let k = best else { break }  // only unplaceable literals remain; the resolver rejects such bodies
            let i = remaining.remove(at: k)
            placed(i)
            plan.steps.append(atomStep(body[i], range: ranges[i] ?? .all, bound: &bound, first: plan.steps.isEmpty))
            placeReady()
        }
        placeReady(final: true)
        // A scan whose rows lead straight to a lookup by values from the row: where the key
        // comes from, so that the executor can ask for the lookups' rows ahead (`scanAhead`).
        for (scan, lookup) in zip(plan.steps, plan.steps.dropFirst()) where scan.kind == .scan && lookup.kind == .lookup
        {
            let feed = lookup.keys.map { key -> Int in
                if case let .slot(s) = key, let bind = scan.binds.first(where: { $0.slot == s }) { return bind.column }
                return -1
            }
            if feed.contains(where: { $0 >= 0 }) { scan.feed = feed }
        }
        plan.slotCount = names.count
        plan.slotNames = names
        return plan
    }

    mutating func source(_ t: Term, bound: Set<String>) -> Source? {
        switch t {
        case let .constant(v, _): return .constant(v.raw)
        case let .variable(n, _): return bound.contains(n) ? .slot(slot(n)) : nil
        }
    }

    mutating func atomStep(_ lit: ResolvedLiteral, range: RowRange, bound: inout Set<String>, first: Bool) -> Step {
        guard case let .positive(atom, claim) = lit else { fatalError("atomStep on a non-atom") }
        let rel = relations(atom.relation)
        var keyColumns: [Int] = []
        var keys: [Source] = []
        var binds: [(Int, Int)] = []
        var checks: [(Int, Source)] = []
        var newlyBound: [String: Int] = [:]
        var distinct: [Int] = []
        for (c, t) in atom.terms.enumerated() {
            if let s = source(t, bound: bound) {
                keyColumns.append(c)
                keys.append(s)
            } else if case let .variable(n, _) = t {
                if newlyBound[n] != nil {
                    checks.append((c, .slot(slot(n))))  // p(X, X): the second X must equal the first
                } else {
                    newlyBound[n] = c
                    binds.append((c, slot(n)))
                }
            }
        }
        // A first step keyed only by constants runs once per plan: the first time a relation is
        // asked this way, one pass over it is cheaper than building an index for it (loading a
        // million facts to ask one question should not pay for an index); the second time, the
        // index is built and kept, as a session asking again is likely to ask a third time.
        if !keyColumns.isEmpty, first, keys.allSatisfy({ if case .constant = $0 { true } else { false } }),
            !rel.wantsIndex(on: keyColumns)
        {
            checks += zip(keyColumns, keys).map { ($0, $1) }
            keyColumns = []
            keys = []
        }
        if collapsesAnonymous, first, keyColumns.isEmpty, checks.isEmpty, claim == nil {
            let kept = binds.filter { c, _ in
                if case let .variable(n, _) = atom.terms[c] { !n.hasPrefix("_#") } else { true }
            }
            if !kept.isEmpty && kept.count < binds.count {
                binds = kept
                distinct = kept.map(\.0)
            }
        }
        let step = Step(keyColumns.isEmpty ? .scan : .lookup)
        step.distinctColumns = distinct
        step.relation = rel
        step.range = range
        step.keys = keys
        step.binds = binds
        step.checks = checks
        step.atomSpan = atom.span
        step.indexColumns = keyColumns
        for n in newlyBound.keys { bound.insert(n) }
        if case let .variable(n, _)? = claim {
            step.claimSlot = slot(n)
            step.claimIsCheck = bound.contains(n)
            bound.insert(n)
        }
        return step
    }

    mutating func compile(_ e: Expression) -> CompiledExpression {
        switch e {
        case let .term(.constant(v, _)): return .constant(v)
        case let .term(.variable(n, _)): return .slot(slot(n))
        case let .binary(l, op, r, s): return .binary(compile(l), op, compile(r), s)
        case let .negate(x, s): return .negate(compile(x), s)
        case let .call(name, args, s): return .call(Builtin(rawValue: name)!, args.map { compile($0) }, s)
        }
    }

    /// The variable an `=` would bind, placed now, and the expression that gives it: `Y = X + 1`
    /// with X bound and Y not.
    func assignment(_ lit: ResolvedLiteral, bound: Set<String>) -> (target: String, value: Expression)? {
        guard case let .comparison(l, .eq, r, false, _) = lit else { return nil }
        func allBound(_ e: Expression) -> Bool {
            var names: [String] = []
            e.variables(into: &names)
            return names.allSatisfy(bound.contains)
        }
        if case let .term(.variable(v, _)) = l, !bound.contains(v), allBound(r) { return (v, r) }
        if case let .term(.variable(v, _)) = r, !bound.contains(v), allBound(l) { return (v, l) }
        return nil
    }

    /// A step for a negation, comparison or aggregate whose inputs are bound; nil if not ready.
    mutating func nonAtomStep(_ body: [ResolvedLiteral], _ i: Int, bound: inout Set<String>) -> Step? {
        switch body[i] {
        case .positive: return nil
        case let .negative(atom, span):
            var keyColumns: [Int] = []
            var keys: [Source] = []
            for (c, t) in atom.terms.enumerated() {
                if case let .variable(n, _) = t, n.hasPrefix("_") { continue }
                guard let s = source(t, bound: bound) else { return nil }
                keyColumns.append(c)
                keys.append(s)
            }
            let step = Step(.negation)
            let rel = relations(atom.relation)
            step.relation = rel
            step.keys = keys
            step.span = span
            if !keyColumns.isEmpty { step.index = rel.index(on: keyColumns) }
            return step
        case let .comparison(l, op, r, possibly, span):
            if let (v, value) = assignment(body[i], bound: bound) {
                let step = Step(.assign)
                step.target = slot(v)
                step.right = compile(value)
                step.span = value.span
                bound.insert(v)
                return step
            }
            var names: [String] = []
            l.variables(into: &names)
            r.variables(into: &names)
            guard names.allSatisfy(bound.contains) else { return nil }
            let step = Step(.filter)
            step.left = compile(l)
            step.right = compile(r)
            step.comparator = op
            step.possibly = possibly
            step.span = span
            return step
        case let .aggregate(result, fn, target, inner, span):
            let group = groupVariables(inner, outer: body, index: i)
            guard group.allSatisfy(bound.contains) else { return nil }
            var innerPlanner = Planner(file: file, relations: relations)
            innerPlanner.slots = slots
            innerPlanner.names = names
            let innerPlan = innerPlanner.plan(inner, prebound: Set(group))
            // The inner plan shares the outer register file: its new slots extend ours.
            slots = innerPlanner.slots
            names = innerPlanner.names
            let step = Step(.aggregate)
            step.aggregate = fn
            step.inner = innerPlan
            step.groupSlots = group.map { slots[$0]! }
            var innerVars: [String] = []
            for lit in inner { collectAllVariables(lit, into: &innerVars) }
            step.innerSlots = innerVars.filter { !group.contains($0) }.compactMap { slots[$0] }
            if innerPlan.steps.count == 1, let atom = innerPlan.steps.first, atom.kind == .lookup,
                atom.checks.isEmpty, atom.claimSlot == nil, let rel = atom.relation,
                atom.keys.count + atom.binds.count == rel.arity,
                Set(atom.binds.map(\.slot)) == Set(step.innerSlots), atom.binds.count == step.innerSlots.count
            {
                var columns: [Int] = []
                for g in step.groupSlots {
                    guard let j = atom.keys.firstIndex(where: { if case .slot(g) = $0 { true } else { false } }) else {
                        break
                    }
                    columns.append(atom.indexColumns[j])
                }
                if columns.count == step.groupSlots.count && columns.count == atom.keys.count {
                    step.groupColumns = columns
                }
            }
            if let t = target {
                var p2 = Planner(file: file, relations: relations)
                p2.slots = slots
                p2.names = names
                step.aggregateTarget = p2.compile(t)
                slots = p2.slots
                names = p2.names
            }
            switch result {
            case let .variable(n, _):
                if bound.contains(n) {
                    step.resultSource = .slot(slot(n))
                } else {
                    step.target = slot(n)
                    bound.insert(n)
                }
            case let .constant(v, _): step.resultSource = .constant(v.raw)
            }
            step.span = span
            return step
        }
    }
}

/// Every variable of a literal, including those inside aggregates (for the inner solution tuple).
func collectAllVariables(_ lit: ResolvedLiteral, into out: inout [String]) {
    switch lit {
    case let .aggregate(result, _, target, inner, _):
        if case let .variable(n, _) = result, !out.contains(n) { out.append(n) }
        target?.variables(into: &out)
        for l in inner { collectAllVariables(l, into: &out) }
    default:
        collectVariables(lit, into: &out)
    }
}
