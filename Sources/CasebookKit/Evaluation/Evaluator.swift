// The evaluator: runs plans, and drives semi-naive evaluation stratum by stratum.
//
// Each stratum first runs its rules that read only finished relations, once. Then, if the stratum
// is recursive, it repeats: every rule runs once per body atom of the stratum, with that atom
// reading only the rows the previous round added (the delta), atoms before it the older rows and
// atoms after it all rows. A round that adds nothing ends the stratum. Row ranges make the delta
// free to find (see `Relation`).

/// Stops a plan's search early (used by `why`, which needs one derivation only).
struct StopSearch: Error {}

/// What to do with each solution of a plan.
enum Terminal {
    /// Add the head tuple to a relation (rules) or a result set (queries).
    case insert(Relation, [Source], rank: Int32, counts: Bool)
    /// Call back with the registers (why).
    case visit((UnsafeMutablePointer<UInt64>) throws -> Void)
}

/// Runs plans against a database within a budget.
final class Executor {
    let budget: Budget
    let database: Database
    private var regs: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var terminal: Terminal = .visit { _ in }
    /// The key of the lookup being made; as long as the widest key of any plan run so far.
    private var keyBuffer = UnsafeMutablePointer<UInt64>.allocate(capacity: 64)
    private var keyCapacity = 64
    /// The key of a row some way ahead of a scan, for `scanAhead`; as wide as `keyBuffer`.
    private var aheadKey = UnsafeMutablePointer<UInt64>.allocate(capacity: 64)
    /// The `.insert` terminal unpacked into plain fields and buffers, so that the per-solution
    /// path (`finish`) neither retains the relation nor copies the source list.
    private unowned(unsafe) var insertTarget: Relation? = nil
    /// Whether `insertTarget` is set; testing the flag costs no reference counting.
    private var inserting = false
    private var insertRank: Int32 = 0
    /// The plan whose head rows are pending, so that a row a declared column refuses is
    /// reported at the rule that derived it.
    private unowned(unsafe) var insertPlan: Plan? = nil
    private var insertCounts = false
    private var headWidth = 0
    private var headCapacity = 16
    /// For each head column: a register number, or -1 for the constant in `headConstants`.
    private var headSlots = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    private var headConstants = UnsafeMutablePointer<UInt64>.allocate(capacity: 16)
    /// Head tuples found but not yet inserted, row-major: `finish` collects them and `flush`
    /// inserts them a batch at a time, which lets the relation overlap their cache misses (see
    /// `Relation.insert(rows:)`). No plan reads the rows its own run adds (each atom reads a
    /// fixed range of rows), so inserting them a little later changes nothing.
    private var pending = UnsafeMutablePointer<UInt64>.allocate(capacity: Executor.batchWords)
    private var pendingRows = 0
    /// How many head rows make a batch: as many as fit in `batchWords`, at least one. A batch
    /// of a thousand rows lets the relation read ahead far enough (see `insert(rows:)`); a
    /// batch much larger than the cache would only move the misses here.
    private var batchRows = Executor.batchWords / 16
    static let batchWords = 2048

    init(budget: Budget, database: Database) {
        self.budget = budget
        self.database = database
        capacity = 64
        regs = .allocate(capacity: capacity)
        regs.initialize(repeating: 0, count: capacity)
    }

    deinit {
        regs.deallocate()
        keyBuffer.deallocate()
        aheadKey.deallocate()
        headSlots.deallocate()
        headConstants.deallocate()
        pending.deallocate()
    }

    /// Unpacks an `.insert` terminal into the head fields (see `finish`).
    private func setHead(_ relation: Relation?, _ sources: [Source], rank: Int32, counts: Bool) {
        if sources.count > headCapacity {
            headSlots.deallocate()
            headConstants.deallocate()
            pending.deallocate()
            headCapacity = sources.count * 2
            headSlots = .allocate(capacity: headCapacity)
            headConstants = .allocate(capacity: headCapacity)
            pending = .allocate(capacity: max(Executor.batchWords, headCapacity))
        }
        batchRows = max(1, max(Executor.batchWords, headCapacity) / max(1, sources.count))
        insertTarget = relation
        inserting = relation != nil
        insertRank = rank
        insertCounts = counts
        headWidth = sources.count
        for (j, source) in sources.enumerated() {
            switch source {
            case let .slot(i):
                headSlots[j] = i
                headConstants[j] = 0
            case let .constant(v):
                headSlots[j] = -1
                headConstants[j] = v
            }
        }
    }

    /// Makes `terminal` the current one, unpacking an `.insert` into the head fields.
    private func use(_ terminal: Terminal) {
        self.terminal = terminal
        if case let .insert(rel, sources, rank, counts) = terminal {
            setHead(rel, sources, rank: rank, counts: counts)
        } else {
            insertTarget = nil
            inserting = false
        }
    }

    /// Runs a plan, with some registers preset (`why` binds the head's variables first).
    func run(_ plan: Plan, _ terminal: Terminal, preset: [(Int, UInt64)] = []) throws {
        if plan.slotCount > capacity {
            regs.deallocate()
            capacity = plan.slotCount * 2
            regs = .allocate(capacity: capacity)
            regs.initialize(repeating: 0, count: capacity)
        }
        // An atom of a wide relation may look up by more columns than the buffer holds: a
        // relation of a hundred columns overflowed it before.
        if plan.widestKey > keyCapacity {
            keyBuffer.deallocate()
            aheadKey.deallocate()
            keyCapacity = plan.widestKey * 2
            keyBuffer = .allocate(capacity: keyCapacity)
            aheadKey = .allocate(capacity: keyCapacity)
        }
        for (s, v) in preset { regs[s] = v }
        // A nested run (an aggregate's body) changes the head: the outer head's rows go first.
        try flush()
        let saved = self.terminal
        let savedPlan = insertPlan
        use(terminal)
        insertPlan = plan
        // A nested run (an aggregate's body) must leave the outer head as it found it.
        defer {
            use(saved)
            insertPlan = savedPlan
        }
        for step in plan.steps where !step.distinctColumns.isEmpty {
            step.seen = Relation(name: "seen", arity: step.distinctColumns.count)
        }
        for step in plan.steps where step.kind == .aggregate {
            step.groups = Relation(name: "groups", arity: step.groupSlots.count)
            step.groupResults.removeAll(keepingCapacity: true)
            step.allGroupsDone = false
        }
        do {
            try exec(plan, 0)
            try flush()
        } catch {
            pendingRows = 0
            throw error
        }
    }

    /// Inserts the pending head tuples.
    private func flush() throws {
        guard pendingRows > 0, let rel = insertTarget else { return }
        if let columns = rel.declaredColumns { try conform(columns, rel) }
        let added = rel.insert(rows: pending, count: pendingRows, rank: insertRank)
        pendingRows = 0
        // A fact of more than four columns counts once per four, so that the fact limit bounds
        // memory for wide relations too: fifty million facts of forty columns would be 16 GB.
        let weight = max(1, (headWidth + 3) / 4)
        if insertCounts { try budget.derived(added * weight) } else { try budget.holding(rel.count * weight) }
    }

    /// Fits the pending rows to a declared relation's column types, as stated facts are fitted
    /// when read: an integer in a decimal column becomes a decimal, a year in a date column a
    /// date. A value of another type is an error, not a row the declaration says cannot be.
    private func conform(_ columns: [ColumnDeclaration], _ rel: Relation) throws {
        for r in 0..<pendingRows {
            for (c, column) in columns.enumerated() where column.type != .any {
                let type = column.type
                let value = Value(raw: pending[r * headWidth + c])
                if let fitted = type.fitting(value) {
                    pending[r * headWidth + c] = fitted.raw
                } else {
                    // At the rule's head: the query that set the evaluation going is elsewhere.
                    let place = insertPlan.flatMap { p in p.headSpan.map { (p.file, $0) } }
                    throw EvaluationError(
                        reason: .arithmetic,
                        diagnostic: Diagnostic(
                            .error,
                            "a rule derived \(value.typeName) \(value.literal) for '\(rel.name)' column '\(column.name)', declared \(type.rawValue)",
                            file: place?.0, span: place?.1 ?? .none,
                            hint: type == .entity
                                ? "an entity column holds an entity's symbol; give the rule the entity, not its name"
                                : "a declared column holds values of its type only; check what the rule's body binds"))
                }
            }
        }
    }

    @inline(__always) private func value(_ s: Source) -> UInt64 {
        switch s {
        case let .slot(i): return regs[i]
        case let .constant(v): return v
        }
    }

    private func exec(_ plan: Plan, _ k: Int) throws {
        if k == plan.steps.count {
            try finish()
            return
        }
        // Steps, relations and indexes live as long as the plan; `unowned(unsafe)` spares the
        // reference counting that would otherwise cost more than the join itself. For the same
        // reason no object is passed to `matched`, and lists are read from plain memory.
        unowned(unsafe) let step = plan.steps[k]
        switch step.kind {
        case .scan:
            unowned(unsafe) let rel = step.relationRef!
            var r = step.lo
            let hi = min(step.hi, rel.count)
            let distinct = step.distinctColumnList
            if distinct.count > 0 {
                let seen = Unmanaged.passUnretained(step.seenRef!)
                while r < hi {
                    try budget.tick()
                    let row = rel.words(row: r)
                    for j in 0..<distinct.count { keyBuffer[j] = row[distinct[j]] }
                    if seen._withUnsafeGuaranteedRef({ $0.insert(keyBuffer, rank: 0) }) { try matched(plan, k, r) }
                    r += 1
                }
                return
            }
            // Into a small relation, which stays in cache, asking ahead only costs time.
            if step.feedList.count > 0 && r < hi
                && plan.steps[k + 1].relationRef!.count >= Executor.scanAheadMinimumRows
            {
                try scanAhead(plan, k, from: r, to: hi)
                return
            }
            // `k + 2 ==` first: isPlainLastLookup reads step k + 1, which a last scan has not.
            if k + 2 == plan.steps.count && isPlainLastLookup(plan, k + 1) && step.checkList.count == 0
                && step.claimSlot == nil && step.rankBelow == .max
            {
                try scanThenLookup(plan, k, from: r, to: hi)
                return
            }
            while r < hi {
                try budget.tick()
                try matched(plan, k, r)
                r += 1
            }
        case .lookup:
            unowned(unsafe) let rel = step.relationRef!
            // Built on first use: an aggregate worked out in one pass never looks anything up.
            if !step.hasIndex { step.index = rel.index(on: step.indexColumns) }
            // Even an unowned(unsafe) local is retained across the calls below; an unmanaged
            // reference used through `_withUnsafeGuaranteedRef` is not.
            let index = Unmanaged.passUnretained(step.indexRef!)
            let keys = step.keyList
            // In a local, so that the closure below captures no `self` and is inlined.
            let key = keyBuffer
            for j in 0..<keys.count { key[j] = value(keys[j]) }
            let data = rel.words(row: 0)
            let arity = rel.arity
            var r = index._withUnsafeGuaranteedRef { $0.first(key, data: data, arity: arity) }
            let lo = step.lo
            let hi = step.hi
            while r >= hi { r = index._withUnsafeGuaranteedRef { $0.following(r) } }
            // The last step of a rule's plan, with nothing to check: each row found only binds
            // and adds a head row, so that is done here instead of through `matched` and
            // `exec` (two calls per derived row; a fifth of the random-graph closure's time).
            if isPlainLastLookup(plan, k) {
                try addHeadRows(.passUnretained(step), .passUnretained(rel), index, from: r)
                return
            }
            while r >= lo {
                try budget.tick()
                let following = index._withUnsafeGuaranteedRef { $0.following(r) }
                try matched(plan, k, r)
                r = following
            }
        case .negation:
            unowned(unsafe) let rel = step.relationRef!
            let found: Bool
            if let index = step.indexRef {
                let keys = step.keyList
                for j in 0..<keys.count { keyBuffer[j] = value(keys[j]) }
                found = index.first(keyBuffer, data: rel.words(row: 0), arity: rel.arity) >= 0
            } else {
                found = rel.count > 0
            }
            if !found { try exec(plan, k + 1) }
        case .filter:
            guard let a = try eval(step.left!, plan), let b = try eval(step.right!, plan) else { return }
            if compare(a, step.comparator, b, possibly: step.possibly) { try exec(plan, k + 1) }
        case .assign:
            guard let v = try eval(step.right!, plan) else { return }
            regs[step.target] = v.raw
            try exec(plan, k + 1)
        case .aggregate:
            // Unmanaged, like a lookup's index: a million outer rows would each retain it.
            let groups = Unmanaged.passUnretained(step.groupsRef!)
            let slots = step.groupSlotList
            // The group's values as a key, in the key buffer; again after a nested run, which
            // may have reused (or grown) the buffer.
            func groupKey() -> UnsafeMutablePointer<UInt64> {
                for j in 0..<slots.count { keyBuffer[j] = regs[slots[j]] }
                return keyBuffer
            }
            var found = groups._withUnsafeGuaranteedRef { $0.find(groupKey()) }
            if found < 0 && !step.allGroupsDone && step.groupColumns != nil {
                // The first group asked for in this run: work out every group at once.
                step.allGroupsDone = true
                try aggregateAllGroups(step, plan)
                found = groups._withUnsafeGuaranteedRef { $0.find(groupKey()) }
            }
            let result: Value?
            if found >= 0 {
                result = step.groupResults[found]
            } else {
                // `aggregate` leaves the group's registers as it found them.
                result = try aggregate(step, plan)
                groups._withUnsafeGuaranteedRef { _ = $0.insert(groupKey(), rank: 0) }
                step.groupResults.append(result)
            }
            guard let v = result else { return }
            if let src = step.resultSource {
                if value(src) == v.raw { try exec(plan, k + 1) }
            } else {
                regs[step.target] = v.raw
                try exec(plan, k + 1)
            }
        }
    }

    /// How big a relation must be for `scanAhead` to pay: the random-graph closure and same
    /// generation, whose lookups go into 4,000 and 3,000 rows, were 4% slower with it.
    static let scanAheadMinimumRows = 32768

    /// A scan whose rows each lead to a lookup (step k + 1) by values from the row: the join of
    /// a big relation with another, where each lookup misses the cache, in the index's table,
    /// then in the row it points to. As in `Relation.insert(rows:)`, each is asked for some rows
    /// ahead, so that the misses of many rows are in flight together.
    private func scanAhead(_ plan: Plan, _ k: Int, from lo: Int, to hi: Int) throws {
        unowned(unsafe) let step = plan.steps[k]
        unowned(unsafe) let rel = step.relationRef!
        unowned(unsafe) let next = plan.steps[k + 1]
        unowned(unsafe) let target = next.relationRef!
        if !next.hasIndex { next.index = target.index(on: next.indexColumns) }
        let index = Unmanaged.passUnretained(next.indexRef!)
        let feed = step.feedList
        let keys = next.keyList
        /// The key of row `r`, in `aheadKey`. The row, the buffer and the values fixed during
        /// the scan are all read again each time: head rows added meanwhile may move the
        /// relation's rows, and an aggregate's nested run with a wider key replaces the buffer.
        @inline(__always) func keyOf(_ r: Int) -> UnsafePointer<UInt64> {
            let row = rel.words(row: r)
            let key = aheadKey
            for j in 0..<feed.count { key[j] = feed[j] >= 0 ? row[feed[j]] : value(keys[j]) }
            return UnsafePointer(key)
        }
        // The distances that served the random-graph insert serve here too.
        let slotAhead = 16
        let rowAhead = 8
        var r = lo
        while r < hi {
            if r + slotAhead < hi { index._withUnsafeGuaranteedRef { $0.prefetchSlot(keyOf(r + slotAhead)) } }
            if r + rowAhead < hi {
                let data = target.words(row: 0)
                let arity = target.arity
                index._withUnsafeGuaranteedRef { $0.prefetchRow(keyOf(r + rowAhead), data: data, arity: arity) }
            }
            try budget.tick()
            try matched(plan, k, r)
            r += 1
        }
    }

    /// Whether step k is a lookup that ends an inserting plan and has nothing to check, so
    /// that each row it finds only binds registers and adds a head row.
    @inline(__always) private func isPlainLastLookup(_ plan: Plan, _ k: Int) -> Bool {
        unowned(unsafe) let step = plan.steps[k]
        return k + 1 == plan.steps.count && inserting && step.kind == .lookup && step.checkList.count == 0
            && step.claimSlot == nil && step.rankBelow == .max
    }

    /// Binds and adds a head row for each row of a plain last lookup's chain, from row `r` on.
    /// The step and relation come unmanaged: passing them as references would retain and
    /// release them for every row scanned, a quarter of the closure's time.
    @inline(__always) private func addHeadRows(
        _ step: Unmanaged<Step>, _ rel: Unmanaged<Relation>, _ index: Unmanaged<Index>, from first: Int
    ) throws {
        let binds = step._withUnsafeGuaranteedRef { $0.bindList }
        let lo = step._withUnsafeGuaranteedRef { $0.lo }
        var r = first
        while r >= lo {
            try budget.tick()
            let following = index._withUnsafeGuaranteedRef { $0.following(r) }
            // Fetched again for each row: adding head rows may move the relation's rows.
            let row = rel._withUnsafeGuaranteedRef { $0.words(row: r) }
            for j in 0..<binds.count { regs[binds[j].slot] = row[binds[j].column] }
            try addHeadRow()
            r = following
        }
    }

    /// A scan with nothing to check whose rows each go to a plain last lookup (step k + 1): the
    /// recursive step of a transitive closure. One loop does both steps, which spares the two
    /// calls per scanned row through `matched` and `exec`.
    private func scanThenLookup(_ plan: Plan, _ k: Int, from lo: Int, to hi: Int) throws {
        unowned(unsafe) let step = plan.steps[k]
        unowned(unsafe) let rel = step.relationRef!
        unowned(unsafe) let next = plan.steps[k + 1]
        unowned(unsafe) let target = next.relationRef!
        if !next.hasIndex { next.index = target.index(on: next.indexColumns) }
        let index = Unmanaged.passUnretained(next.indexRef!)
        let scanBinds = step.bindList
        let keys = next.keyList
        let hiNext = next.hi
        var r = lo
        while r < hi {
            try budget.tick()
            // Read again for each row: adding head rows may move either relation's rows.
            let row = rel.words(row: r)
            for j in 0..<scanBinds.count { regs[scanBinds[j].slot] = row[scanBinds[j].column] }
            let key = keyBuffer
            for j in 0..<keys.count { key[j] = value(keys[j]) }
            let data = target.words(row: 0)
            let arity = target.arity
            var found = index._withUnsafeGuaranteedRef { $0.first(key, data: data, arity: arity) }
            while found >= hiNext { found = index._withUnsafeGuaranteedRef { $0.following(found) } }
            try addHeadRows(.passUnretained(next), .passUnretained(target), index, from: found)
            r += 1
        }
    }

    /// Row r matched step k's key: check repeated variables, bind, go deeper.
    private func matched(_ plan: Plan, _ k: Int, _ r: Int) throws {
        unowned(unsafe) let step = plan.steps[k]
        unowned(unsafe) let rel = step.relationRef!
        if step.rankBelow != .max && rel.rankOf(r) >= step.rankBelow { return }
        let row = rel.words(row: r)
        let binds = step.bindList
        for j in 0..<binds.count { regs[binds[j].slot] = row[binds[j].column] }
        let checks = step.checkList
        for j in 0..<checks.count where row[checks[j].column] != value(checks[j].source) { return }
        step.matchedRow = r
        if let cs = step.claimSlot, step.claimIsCheck {
            let wanted = regs[cs]
            if (rel.claims[Int32(r)] ?? []).contains(where: { Value.claim($0).raw == wanted }) { try exec(plan, k + 1) }
        } else if let cs = step.claimSlot {
            for claim in rel.claims[Int32(r)] ?? [] {
                regs[cs] = Value.claim(claim).raw
                try exec(plan, k + 1)
            }
        } else {
            try exec(plan, k + 1)
        }
    }

    private func finish() throws {
        if inserting { return try addHeadRow() }
        if case let .visit(f) = terminal { try f(regs) }
    }

    /// Adds the head's row for the registers as they are to the pending batch.
    @inline(__always) private func addHeadRow() throws {
        let row = pending + pendingRows * headWidth
        for j in 0..<headWidth {
            let slot = headSlots[j]
            row[j] = slot >= 0 ? regs[slot] : headConstants[j]
        }
        pendingRows += 1
        if pendingRows == batchRows { try flush() }
    }

    func eval(_ e: CompiledExpression, _ plan: Plan) throws -> Value? {
        switch e {
        case let .slot(s): return Value(raw: regs[s])
        case let .constant(v): return v
        case let .binary(l, op, r, span):
            guard let a = try eval(l, plan), let b = try eval(r, plan) else { return nil }
            do {
                return try arithmetic(a, op, b)
            } catch let e as ArithmeticError {
                throw EvaluationError(
                    reason: .arithmetic,
                    diagnostic: Diagnostic(.error, e.message, file: plan.file, span: span, hint: e.hint))
            }
        case let .negate(x, span):
            guard let a = try eval(x, plan) else { return nil }
            do {
                return try arithmetic(.int(0), .sub, a)
            } catch let e as ArithmeticError {
                throw EvaluationError(
                    reason: .arithmetic,
                    diagnostic: Diagnostic(.error, e.message, file: plan.file, span: span, hint: e.hint))
            }
        case let .call(f, args, span):
            var values: [Value] = []
            for a in args {
                guard let v = try eval(a, plan) else { return nil }
                values.append(v)
            }
            do {
                let result = try applyBuiltin(f, values)
                if case .string? = result?.kind { try budget.checkTexts() }
                // A function over a long text takes time in its length (counting, copying and
                // interning it): 4,096 rows of `concat` on an 8 MB text took 161 s between two
                // readings of the clock, past a 2 s `--timeout`. Read it after each such call.
                if f.readsText, values.contains(where: \.isLongText) || result?.isLongText == true {
                    try budget.check()
                }
                return result
            } catch let e as ArithmeticError {
                throw EvaluationError(
                    reason: .arithmetic,
                    diagnostic: Diagnostic(.error, e.message, file: plan.file, span: span, hint: e.hint))
            }
        }
    }

    /// Runs an aggregate's inner plan for the current group and folds the distinct solutions.
    private func aggregate(_ step: Step, _ plan: Plan) throws -> Value? {
        let inner = step.inner!
        let solutions = Relation(name: "aggregate", arity: step.innerSlots.count)
        for s in inner.steps where s.kind != .filter && s.kind != .assign {
            s.lo = 0
            s.hi = s.relation?.count ?? 0
        }
        let saved = step.groupSlots.map { regs[$0] }
        // The distinct solutions first, through the same insert path as rules; then the value
        // of each, in the order found, with its variables loaded back into the registers (the
        // aggregated expression uses only the body's variables and the group's).
        try run(inner, .insert(solutions, step.innerSlots.map { .slot($0) }, rank: 0, counts: false))
        var values: [Value] = []
        if let t = step.aggregateTarget {
            values.reserveCapacity(solutions.count)
            for r in 0..<solutions.count {
                let row = solutions.words(row: r)
                for (j, s) in step.innerSlots.enumerated() { regs[s] = row[j] }
                // A solution whose value is missing (the `upper` of "more than $5M") leaves the
                // aggregate with none: a total or extreme without it would be stated as certain.
                guard let v = try eval(t, plan) else {
                    for (j, s) in step.groupSlots.enumerated() { regs[s] = saved[j] }
                    return nil
                }
                values.append(v)
            }
        }
        for (j, s) in step.groupSlots.enumerated() { regs[s] = saved[j] }
        if solutions.count == 0, step.aggregate == .sum { return zeroSum(step) }
        do {
            return try fold(step.aggregate, count: solutions.count, values)
        } catch let e as ArithmeticError {
            throw EvaluationError(
                reason: .arithmetic,
                diagnostic: Diagnostic(.error, e.message, file: plan.file, span: step.span, hint: e.hint))
        }
    }
}

extension Executor {
    /// The sum of no rows: `$0` when every row of the summed column is money of one currency
    /// (so that "who spent `$0`?" finds the buyer with no purchases, `=` being identity), `P0D`
    /// when every row is a duration, else the integer 0, which compares and adds with any
    /// amount as its zero. A currency is never guessed from a column that mixes them.
    fileprivate func zeroSum(_ step: Step) -> Value {
        guard case let .slot(s)? = step.aggregateTarget else { return .int(0) }
        for atom in step.inner!.steps where atom.kind == .scan || atom.kind == .lookup {
            guard let rel = atom.relation, let c = atom.binds.first(where: { $0.slot == s })?.column else { continue }
            if let known = step.zeroOfColumn, known.rows == rel.count { return known.value }
            var zero: Value?
            var mixed = false
            for r in 0..<rel.count {
                guard let z = Value.int(0).zero(like: Value(raw: rel.words(row: r)[c])), zero == nil || zero == z else {
                    mixed = true
                    break
                }
                zero = z
            }
            let value = mixed ? Value.int(0) : zero ?? .int(0)
            step.zeroOfColumn = (rel.count, value)
            return value
        }
        return .int(0)
    }

    /// Every group's result of an aggregate marked with `groupColumns`, in one pass over its
    /// relation, into `step.groups` / `step.groupResults`. The rows are read newest first, the
    /// order an index gives a group's rows, so that sums come out the same to the last bit. A
    /// group whose fold fails is left out: asked for, it takes the ordinary path, so an error is
    /// reported only for a group the query really reaches.
    func aggregateAllGroups(_ step: Step, _ plan: Plan) throws {
        guard let columns = step.groupColumns, let atom = step.inner?.steps.first, let rel = atom.relation,
            let groups = step.groups
        else { return }
        let width = columns.count
        let found = Relation(name: "groups", arity: width)
        // Plain memory, not arrays: a million rows each checked and retained several arrays,
        // a tenth of this pass's time.
        var sizes = Words<Int>()
        var failed = Words<Bool>()
        // Each value with its group, in row order; sorted into groups after the pass. One flat
        // list instead of a list per group.
        var collected = Words<UInt64>()
        var collectedGroups = Words<Int32>()
        let columnList = Words(columns)
        let key = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, width))
        defer {
            key.deallocate()
            sizes.free()
            failed.free()
            collected.free()
            collectedGroups.free()
            columnList.free()
        }
        let saved = step.groupSlots.map { regs[$0] }
        let binds = atom.binds
        let target = step.aggregateTarget
        let hasTarget = target != nil
        // The common `sum V { g(K, V) }`: the value is a column of the row, no evaluation needed.
        var targetColumn: Int?
        if case let .slot(s)? = target, let c = binds.first(where: { $0.slot == s })?.column { targetColumn = c }
        let groupsFound = Unmanaged.passUnretained(found)
        for r in stride(from: rel.count - 1, through: 0, by: -1) {
            try budget.tick()
            let row = rel.words(row: r)
            for j in 0..<width { key[j] = row[columnList[j]] }
            var g = groupsFound._withUnsafeGuaranteedRef { $0.find(key) }
            if g < 0 {
                g = groupsFound._withUnsafeGuaranteedRef { $0.count }
                groupsFound._withUnsafeGuaranteedRef { _ = $0.insert(key, rank: 0) }
                sizes.append(0)
                failed.append(false)
            }
            sizes[g] += 1
            guard hasTarget, !failed[g] else { continue }
            if let c = targetColumn {
                collected.append(row[c])
                collectedGroups.append(Int32(g))
                continue
            }
            for j in 0..<width { regs[step.groupSlots[j]] = key[j] }
            for (c, s) in binds { regs[s] = row[c] }
            // A missing value (see `aggregate`) or an error: the group takes the ordinary path.
            do {
                if let v = try eval(target!, plan) {
                    collected.append(v.raw)
                    collectedGroups.append(Int32(g))
                } else {
                    failed[g] = true
                }
            } catch {
                failed[g] = true
            }
        }
        // Counting sort by group; stable, so each group's values keep the order they were read
        // in, which the per-group path reads them in too (a decimal sum depends on it).
        let groupCount = sizes.count
        var starts = [Int](repeating: 0, count: groupCount + 1)
        for i in 0..<collectedGroups.count { starts[Int(collectedGroups[i]) + 1] += 1 }
        for g in 0..<groupCount { starts[g + 1] += starts[g] }
        var next = starts
        var values = [Value](repeating: .int(0), count: collected.count)
        for i in 0..<collected.count {
            let g = Int(collectedGroups[i])
            values[next[g]] = Value(raw: collected[i])
            next[g] += 1
        }
        for g in 0..<groupCount where !failed[g] {
            let result: Value?
            do {
                result = try fold(step.aggregate, count: sizes[g], Array(values[starts[g]..<starts[g + 1]]))
            } catch { continue }
            groups.insert(found.words(row: g), rank: 0)
            step.groupResults.append(result)
        }
        for (j, s) in step.groupSlots.enumerated() { regs[s] = saved[j] }
    }
}

/// Folds aggregated values. Sums of hedged figures add their bounds, so the result keeps a hedge.
func fold(_ f: AggregateFunction, count: Int, _ values: [Value]) throws -> Value? {
    switch f {
    case .count: return .int(Int64(count))
    case .min, .max: return try extreme(values, largest: f == .max)
    case .sum, .mean:
        if values.isEmpty { return f == .sum ? .int(0) : nil }
        // Said of the aggregate, not of the '+' that would fail inside it.
        if let odd = values.first(where: { v in
            if case .quantity = v.kind { return false }
            return v.asMeasure == nil
        }) {
            throw ArithmeticError(
                message: "cannot \(f == .sum ? "sum" : "take the mean of") \(odd.typeName) \(odd.literal)",
                hint: "sum and mean add numbers, amounts of money and durations; of dates, take min or max")
        }
        if values.contains(where: { if case .quantity = $0.kind { return true } else { return false } }) {
            let total = try hedgedSum(values)
            if f == .sum { return total }
            // A mean is a decimal, hedged or not.
            return try arithmetic(total, .div, .decimal(Double(values.count)))
        }
        if f == .mean, let ints = integers(values) {
            // A mean of integers is a decimal, which needs no 64-bit sum: the mean of
            // 9223372036854775807 and 1 is 4611686018427387904.0, not an overflow. The sum is
            // exact in 128 bits (2^64 integers of 2^63 each fit).
            let total = ints.reduce(Int128(0)) { $0 + Int128($1) }
            return .decimal(Double(total) / Double(values.count))
        }
        var total = values[0]
        for v in values.dropFirst() { total = try arithmetic(total, .add, v) }
        if f == .sum { return total }
        if case .int = total.kind { return try arithmetic(.decimal(total.asDouble!), .div, .int(Int64(values.count))) }
        return try arithmetic(total, .div, .int(Int64(values.count)))
    }
}

/// The values as integers, or nil if any is not one.
private func integers(_ values: [Value]) -> [Int64]? {
    var out: [Int64] = []
    out.reserveCapacity(values.count)
    for v in values {
        guard case let .int(n) = v.kind else { return nil }
        out.append(n)
    }
    return out
}
