// `why`: how an answer was derived, down to the stated facts and their sources.
//
// Derived rows remember the round that produced them. To explain a row, each rule for its
// relation is tried with the head bound to the row and every body atom restricted to rows of an
// earlier round: a derivation found that way always bottoms out, never loops.

/// One step of a derivation.
public struct Explanation {
    public enum Kind {
        /// A stated fact, with the claims (citation, source, factuality) behind it.
        case stated([ClaimRecord])
        /// Derived by a rule (its text and where it is written).
        case derived(rule: String, file: String, line: Int)
        /// A negated atom that holds because no such fact exists.
        case absent
        /// A comparison or aggregate that held with these values.
        case condition
        /// Explained earlier in the same answer.
        case repeated
        /// Derived further down than an explanation goes (`Session.maxExplanationDepth`).
        case deeper
        /// Derived, but no rule's body could be found to hold for it again: a fault of `why`,
        /// said as such rather than passed off as shown above.
        case unfound
        /// Solutions of an aggregate's body beyond those shown (`Session.maxExplainedSolutions`).
        case more(Int)
    }

    public var fact: String
    public var kind: Kind
    public var premises: [Explanation]
}

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

extension Session {
    /// How many levels of derivation `why` shows.
    static let maxExplanationDepth = 200
    /// The stack `why` runs on. Each level of a derivation nests a rule's whole plan on the
    /// stack, so 200 levels of a rule of seven literals overflowed the 8 MB main stack (in a
    /// debug build); the limits allow 200 levels of 500 literals. A gibibyte is address space
    /// only: its pages are used as an explanation goes deeper.
    static let explanationStackBytes = 1 << 30
    /// An explanation goes no deeper (`.deeper`) once less stack than this is left, however
    /// few levels it has: one more level of a 500-literal rule needs a few megabytes.
    static let explanationStackReserve = 32 << 20
    /// How many answers of one query `why` explains (the first, in answer order). An
    /// explanation takes a kilobyte or so: a million answers took 800 MB, and the fifty
    /// million the fact limit allows would not fit.
    public static let maxExplainedAnswers = 10_000
    /// How many of the solutions an aggregate folded `why` explains under it; the rest are counted.
    public static let maxExplainedSolutions = 10

    func explainAnswers(_ q: ResolvedQuery, plan: Plan, planner: Planner, rows: [[Value]], executor: Executor) throws
        -> [[Explanation]]
    {
        try onOwnStack(bytes: Session.explanationStackBytes, reserve: Session.explanationStackReserve) { floor in
            explanationStackFloor = floor
            defer { explanationStackFloor = 0 }
            return try explainEachAnswer(q, planner: planner, rows: rows, executor: executor)
        }
    }

    private func explainEachAnswer(_ q: ResolvedQuery, planner: Planner, rows: [[Value]], executor: Executor) throws
        -> [[Explanation]]
    {
        var out: [[Explanation]] = []
        for row in rows.prefix(Session.maxExplainedAnswers) {
            var preset: [(Int, UInt64)] = []
            for (k, c) in q.columns.enumerated() { preset.append((planner.slots[c]!, row[k].raw)) }
            // Re-plan with the answer's variables bound, and take the first solution's facts.
            var p = Planner(file: q.file) { [database] name in database[name]! }
            let bound = Set(q.columns)
            let focused = p.plan(q.body, prebound: bound)
            executor.setRanges(focused, members: [])
            let presetFocused = q.columns.enumerated().map { (p.slots[$0.element]!, row[$0.offset].raw) }
            var seen = Set<String>()
            _ = preset
            out.append(
                try describeFirmest(focused, preset: presetFocused, executor: executor, seen: &seen, depth: 0) ?? [])
        }
        return out
    }

    /// How many solutions of a body `why` weighs before it picks the one to explain.
    static let explanationCandidates = 16

    /// Runs `plan` and explains the solution whose stated facts their sources hold most firmly,
    /// among the first `explanationCandidates`: an answer derivable both from a certain claim
    /// and from one that says "certainly not" is explained by the certain one, not by whichever
    /// the plan met first. Nil if no solution is accepted.
    func describeFirmest(
        _ plan: Plan, preset: [(Int, UInt64)], executor: Executor, seen: inout Set<String>, depth: Int,
        accepting accept: @escaping (UnsafeMutablePointer<UInt64>) -> Bool = { _ in true }
    ) throws -> [Explanation]? {
        var best = -1
        var bestAt = -1
        var index = 0
        do {
            try executor.run(
                plan,
                .visit { regs in
                    guard accept(regs) else { return }
                    let f = self.firmness(of: plan, regs: regs)
                    if f > best { (best, bestAt) = (f, index) }
                    index += 1
                    if f == Session.firmest || index == Session.explanationCandidates { throw StopSearch() }
                }, preset: preset)
        } catch is StopSearch {}
        guard bestAt >= 0 else { return nil }
        // The registers and matched rows of that solution are gone: run to it again.
        var found: [Explanation]?
        var localSeen = seen
        index = 0
        do {
            try executor.run(
                plan,
                .visit { regs in
                    guard accept(regs) else { return }
                    if index == bestAt {
                        found = try self.describeSteps(
                            of: plan, regs: regs, executor: executor, seen: &localSeen, depth: depth)
                        throw StopSearch()
                    }
                    index += 1
                }, preset: preset)
        } catch is StopSearch {}
        if found != nil { seen = localSeen }
        return found
    }

    /// The firmness of a plain or certain fact: nothing is firmer.
    static let firmest = 7

    /// How firmly the sources hold the stated facts a match of `plan` rests on directly: the
    /// weakest of them, each fact counting by its firmest claim (a fact stated without a
    /// citation is asserted outright). Derived facts are not weighed here. A fact matched with
    /// `@ C` counts by the one claim bound to C.
    func firmness(of plan: Plan, regs: UnsafeMutablePointer<UInt64>) -> Int {
        var weakest = Session.firmest
        for step in plan.steps where step.kind == .scan || step.kind == .lookup {
            guard let rel = step.relation, step.matchedRow >= 0, step.matchedRow < rel.baseCount,
                let claims = boundClaims(step, regs: regs) ?? rel.claims[Int32(step.matchedRow)], !claims.isEmpty
            else { continue }
            let firmest = claims.map { Session.firmness(program.claims[$0 - 1].factuality) }.max()!
            weakest = min(weakest, firmest)
        }
        return weakest
    }

    /// FactBank's values from firmest to weakest, then the negative ones from weakest to firmest.
    static func firmness(_ factuality: String) -> Int {
        switch factuality {
        case "CT+": return 7
        case "PR+": return 6
        case "PS+": return 5
        case "CTu", "Uu": return 4  // and any value FactBank does not name
        case "PS-": return 3
        case "PR-": return 2
        case "CT-": return 1
        default: return 4
        }
    }

    /// The explanations of every step of a matched plan, with the values of that match. They are
    /// read from a copy of the registers: explaining a premise runs another plan on the same
    /// registers, and the literals after it were once shown with the premise's values
    /// (`Y = X + 1 [Y = 1, X = 0]` under n(2)).
    func describeSteps(
        of plan: Plan, regs: UnsafeMutablePointer<UInt64>, executor: Executor, seen: inout Set<String>, depth: Int
    ) throws -> [Explanation] {
        var bindings = Array(UnsafeBufferPointer(start: regs, count: plan.slotCount))
        return try bindings.withUnsafeMutableBufferPointer { copy in
            var premises: [Explanation] = []
            for step in plan.steps {
                premises.append(
                    contentsOf: try describe(
                        step, regs: copy.baseAddress!, plan: plan, executor: executor, seen: &seen, depth: depth))
            }
            return premises
        }
    }

    /// The explanation of one step of a matched plan.
    func describe(
        _ step: Step, regs: UnsafeMutablePointer<UInt64>, plan: Plan, executor: Executor, seen: inout Set<String>,
        depth: Int
    ) throws -> [Explanation] {
        switch step.kind {
        case .scan, .lookup:
            guard let rel = step.relation, step.matchedRow >= 0 else { return [] }
            return [
                try explain(
                    rel, step.matchedRow, executor: executor, seen: &seen, depth: depth,
                    onlyClaims: boundClaims(step, regs: regs))
            ]
        case .negation:
            let text = plan.file.text(step.span)
            return [Explanation(fact: substitute(text, plan: plan, regs: regs), kind: .absent, premises: [])]
        case .filter, .assign:
            let text = plan.file.text(step.span)
            return [Explanation(fact: substitute(text, plan: plan, regs: regs), kind: .condition, premises: [])]
        case .aggregate:
            let text = plan.file.text(step.span)
            // An aggregate's own variables (`Y` of `count { e(X, Y) }`) have no one value here.
            let fact = substitute(text, plan: plan, regs: regs, skipping: Set(step.innerSlots))
            return [
                Explanation(
                    fact: fact, kind: .condition,
                    premises: try folded(step, regs: regs, executor: executor, seen: &seen, depth: depth))
            ]
        }
    }

    /// What an aggregate folded, for the group in `regs`: each solution of its body explained
    /// down to its sources, as a rule's body is, so that a sum traces to the figures it adds.
    /// The first `maxExplainedSolutions` are shown and the rest counted.
    private func folded(
        _ step: Step, regs: UnsafeMutablePointer<UInt64>, executor: Executor, seen: inout Set<String>, depth: Int
    ) throws -> [Explanation] {
        let inner = step.inner!
        for s in inner.steps where s.kind != .filter && s.kind != .assign {
            s.lo = 0
            s.hi = s.relation?.count ?? 0
        }
        // For `min` and `max`, the solutions that could be the extreme come first: the first ten
        // found could all be beaten, and the answer would be explained by none of its sources.
        var extreme: Value?
        if step.aggregate == .min || step.aggregate == .max {
            switch step.resultSource {
            case nil: extreme = Value(raw: regs[step.target])
            case let .slot(s)?: extreme = Value(raw: regs[s])
            case let .constant(c)?: extreme = Value(raw: c)
            }
        }
        let beyond: Comparator = step.aggregate == .max ? .ge : .le
        // Each solution's steps, explained: those that could set the extreme, and the others.
        var setting: [[Explanation]] = []
        var others: [[Explanation]] = []
        var solutions = 0
        var localSeen = seen
        let limit = Session.maxExplainedSolutions
        try executor.run(
            inner,
            .visit { r in
                solutions += 1
                var sets = true
                if let e = extreme, let t = step.aggregateTarget, let v = try executor.eval(t, inner) {
                    sets = compare(v, beyond, e, possibly: true)
                }
                guard sets ? setting.count < limit : setting.count + others.count < limit else { return }
                let described = try self.describeSteps(
                    of: inner, regs: r, executor: executor, seen: &localSeen, depth: depth)
                if sets { setting.append(described) } else { others.append(described) }
            }, preset: step.groupSlots.map { ($0, regs[$0]) })
        seen = localSeen
        let shown = setting + others.prefix(max(0, limit - setting.count))
        var premises = shown.flatMap { $0 }
        if solutions > shown.count {
            let rest = solutions - shown.count
            premises.append(Explanation(fact: "… \(rest) more", kind: .more(rest), premises: []))
        }
        return premises
    }

    /// Writes the variables' values after a literal's text, e.g. "X > 3   [X = 5]", in the order
    /// the text names them. A variable counts only as a whole word: `X` is not in `X1` or `max`.
    func substitute(_ text: String, plan: Plan, regs: UnsafeMutablePointer<UInt64>, skipping: Set<Int> = [])
        -> String
    {
        var parts: [(at: Int, text: String)] = []
        let chars = Array(text.unicodeScalars)
        func isWordScalar(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c)
        }
        for (i, name) in plan.slotNames.enumerated() where !name.hasPrefix("_") && !skipping.contains(i) {
            let n = Array(name.unicodeScalars)
            guard n.count <= chars.count else { continue }
            var k = 0
            while k + n.count <= chars.count {
                if chars[k..<(k + n.count)].elementsEqual(n), k == 0 || !isWordScalar(chars[k - 1]),
                    k + n.count == chars.count || !isWordScalar(chars[k + n.count])
                {
                    parts.append((k, "\(name) = \(Value(raw: regs[i]).literal)"))
                    break
                }
                k += 1
            }
        }
        parts.sort { $0.at < $1.at }
        return parts.isEmpty ? text : "\(text)   [\(parts.map(\.text).joined(separator: ", "))]"
    }

    /// The claim an atom matched with `@ C` bound to C, as the one claim of its fact that counts
    /// for this answer; nil for an atom without `@`.
    func boundClaims(_ step: Step, regs: UnsafeMutablePointer<UInt64>) -> [Int]? {
        guard let slot = step.claimSlot, case let .claim(id) = Value(raw: regs[slot]).kind else { return nil }
        return [id]
    }

    /// `onlyClaims`: for a stated fact matched with `@ C`, the claim bound to C. The answer for
    /// `C = #1` rests on that claim alone, and listing the fact's other claims beside it would
    /// show it held more firmly than the claim it was found through.
    func explain(
        _ rel: Relation, _ row: Int, executor: Executor, seen: inout Set<String>, depth: Int, onlyClaims: [Int]? = nil
    ) throws -> Explanation {
        let values = rel.row(row)
        // A zero-arity fact reads as it is written: `raining`, not `raining()`.
        let fact = values.isEmpty ? rel.name : "\(rel.name)(\(values.map(\.literal).joined(separator: ", ")))"
        if row < rel.baseCount {
            let claims = (onlyClaims ?? rel.claims[Int32(row)] ?? []).map { program.claims[$0 - 1] }
            return Explanation(fact: fact, kind: .stated(claims), premises: [])
        }
        // Each level is a nested evaluation on the stack: a chain of 3,000 derivations overflowed
        // it before this depth was counted (it was reset at every level).
        if depth >= Session.maxExplanationDepth || stackAddress() < explanationStackFloor {
            return Explanation(fact: fact, kind: .deeper, premises: [])
        }
        if !seen.insert(fact).inserted {
            return Explanation(fact: fact, kind: .repeated, premises: [])
        }
        let rank = rel.rankOf(row)
        for rule in program.rules where rule.head.relation == rel.name {
            // Bind the head to the row; constants in the head must match it. A column whose
            // declared type may have changed the rule's value (1 stored as 1.0, 2019 as a year)
            // is not bound but checked: the body's value, fitted to the column, must be the row's.
            var preset: [String: Value] = [:]
            var fitted: [(variable: String, column: Int, type: ColumnType)] = []
            var fits = true
            for (k, t) in rule.head.terms.enumerated() {
                switch t {
                case let .constant(v, _): if v != values[k] { fits = false }
                case let .variable(n, _):
                    if let type = rel.declaredColumns?[k].type, type.fittingChangesValues {
                        fitted.append((n, k, type))
                        continue
                    }
                    if let prev = preset[n], prev != values[k] { fits = false }
                    preset[n] = values[k]
                }
            }
            guard fits else { continue }
            let plan = executor.makePlan(rule, ranges: [:], first: nil, prebound: Set(preset.keys))
            executor.setRanges(plan, members: [])
            for step in plan.steps where step.kind == .scan || step.kind == .lookup { step.rankBelow = rank }
            var slotOf: [String: Int] = [:]
            for (i, n) in plan.slotNames.enumerated() { slotOf[n] = i }
            let presetSlots = preset.map { (slotOf[$0.key]!, $0.value.raw) }
            let found = try describeFirmest(
                plan, preset: presetSlots, executor: executor, seen: &seen, depth: depth + 1,
                accepting: { regs in
                    fitted.allSatisfy { $0.type.fitting(Value(raw: regs[slotOf[$0.variable]!])) == values[$0.column] }
                })
            if let premises = found {
                let ruleText = rule.file.text(rule.span)
                let line = rule.file.location(of: rule.span.start).line
                return Explanation(
                    fact: fact, kind: .derived(rule: ruleText, file: rule.file.name, line: line), premises: premises)
            }
        }
        return Explanation(fact: fact, kind: .unfound, premises: [])
    }
}

/// About where the stack pointer is: the address of a local.
@inline(never) private func stackAddress() -> UInt {
    var marker = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

/// Runs `body` on a thread of its own with a stack of `bytes`, waiting for it, and passes it the
/// address below which it should go no deeper: `reserve` above the end of that stack. If no
/// such thread can be made (a tight `ulimit -v`), it runs here, on a stack taken to be the usual
/// 8 MB, with 2 MB kept in reserve.
private func onOwnStack<T>(bytes: Int, reserve: Int, _ body: (UInt) throws -> T) throws -> T {
    try withoutActuallyEscaping(body) { body in
        var result: Result<T, Error>?
        let job = StackJob {
            let top = stackAddress()
            result = Result { try body(top - UInt(bytes) + UInt(reserve)) }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, bytes)
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let started = pthread_create(
            &thread, &attributes,
            { raw in
                Unmanaged<StackJob>.fromOpaque(raw!).takeRetainedValue().work()
                return nil
            }, Unmanaged.passRetained(job).toOpaque())
        if started == 0 {
            #if canImport(Glibc)
                pthread_join(thread, nil)
            #else
                pthread_join(thread!, nil)
            #endif
        } else {
            Unmanaged.passUnretained(job).release()
            let top = stackAddress()
            result = Result { try body(top - UInt(6 << 20)) }
        }
        return try result!.get()
    }
}

/// The work of `onOwnStack`, passed to the new thread as one pointer.
private final class StackJob {
    let work: () -> Void
    init(_ work: @escaping () -> Void) { self.work = work }
}
