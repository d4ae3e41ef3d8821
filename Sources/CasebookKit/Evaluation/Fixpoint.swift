// Semi-naive evaluation of a whole program, stratum by stratum.

extension Executor {
    /// Recomputes every derived relation from the stated facts.
    func evaluate(_ strata: [Stratum], round: inout Int32) throws {
        for stratum in strata {
            budget.growing = stratum.relations.joined(separator: ", ")
            let members = Set(stratum.relations)
            func reads(_ rule: ResolvedRule) -> [Int] {
                rule.body.indices.filter { i in
                    if case let .positive(a, _) = rule.body[i] { return members.contains(a.relation) }
                    return false
                }
            }
            // Rules that read only finished relations run once.
            round += 1
            for rule in stratum.rules where reads(rule).isEmpty {
                let plan = makePlan(rule, ranges: [:], first: nil, collapsesAnonymous: true)
                setRanges(plan, members: [])
                try run(plan, .insert(plan.headRelation!, plan.head, rank: round, counts: true))
            }
            guard stratum.recursive else { continue }
            for name in stratum.relations {
                let rel = database[name]!
                rel.stableEnd = 0
                rel.recentEnd = rel.count
            }
            try runToFixpoint(stratum, watching: members, round: &round)
        }
    }

    /// Brings one stratum up to date after relations it reads only grew: `grown` gives each
    /// one's row count before it grew. Only derivations that use a new row are made, as further
    /// rounds of semi-naive evaluation would make them, so a script that adds a fact and asks
    /// again costs what the fact adds, not the whole stratum again (a growing chain under a
    /// transitive rule took time cubic in its length). Only for relations read positively: a
    /// new row can remove answers of a `not` or change an aggregate's.
    func extend(_ stratum: Stratum, grown: [String: Int], round: inout Int32) throws {
        budget.growing = stratum.relations.joined(separator: ", ")
        for name in stratum.relations {
            let rel = database[name]!
            rel.stableEnd = rel.count
            rel.recentEnd = rel.count
        }
        for (name, before) in grown {
            let rel = database[name]!
            rel.stableEnd = before
            rel.recentEnd = rel.count
        }
        try runToFixpoint(stratum, watching: Set(stratum.relations).union(grown.keys), round: &round)
    }

    /// The semi-naive loop: each round runs the rules once for each atom over a `watching`
    /// relation that grew in the round before, that atom reading only the new rows, until no
    /// relation grows. The relations' markers (`stableEnd`, `recentEnd`) are set by the caller.
    private func runToFixpoint(_ stratum: Stratum, watching: Set<String>, round: inout Int32) throws {
        func reads(_ rule: ResolvedRule) -> [Int] {
            rule.body.indices.filter { i in
                if case let .positive(a, _) = rule.body[i] { return watching.contains(a.relation) }
                return false
            }
        }
        // One plan per (rule, watched atom): that atom reads the delta.
        var variants: [(plan: Plan, delta: Relation)] = []
        for rule in stratum.rules {
            let positions = reads(rule)
            for (j, i) in positions.enumerated() {
                var ranges: [Int: RowRange] = [:]
                for (j2, i2) in positions.enumerated() { ranges[i2] = j2 < j ? .old : j2 == j ? .delta : .all }
                let plan = makePlan(rule, ranges: ranges, first: i, collapsesAnonymous: true)
                guard case let .positive(a, _) = rule.body[i] else { continue }
                variants.append((plan, database[a.relation]!))
            }
        }
        // Each round runs only the variants whose delta relation grew in the round before.
        // A stratum of thousands of relations that passes a fact on one relation per round
        // would otherwise look at every variant, and every relation, every round.
        var variantsReading: [ObjectIdentifier: [Int]] = [:]
        for (k, v) in variants.enumerated() { variantsReading[ObjectIdentifier(v.delta), default: []].append(k) }
        var grown = watching.map { database[$0]! }.filter { $0.stableEnd < $0.recentEnd }
        while !grown.isEmpty {
            round += 1
            // In rule order, as a pass over all of them would run them.
            let due = grown.flatMap { variantsReading[ObjectIdentifier($0)] ?? [] }.sorted()
            for k in due {
                let plan = variants[k].plan
                setRanges(plan, members: watching)
                try run(plan, .insert(plan.headRelation!, plan.head, rank: round, counts: true))
            }
            // Markers move only where they can: last round's delta becomes old, and the heads of
            // this round's variants may have new rows. Every other member's are already equal.
            var touched = grown
            var seen = Set(grown.map(ObjectIdentifier.init))
            for k in due {
                let head = variants[k].plan.headRelation!
                if seen.insert(ObjectIdentifier(head)).inserted { touched.append(head) }
            }
            grown = []
            for rel in touched {
                rel.stableEnd = rel.recentEnd
                rel.recentEnd = rel.count
                if rel.stableEnd < rel.recentEnd { grown.append(rel) }
            }
        }
    }

    /// Plans a rule's body for its head; `collapsesAnonymous` as in `Planner` (not for `why`,
    /// which shows the facts of one derivation as they are).
    func makePlan(
        _ rule: ResolvedRule, ranges: [Int: RowRange], first: Int?, prebound: Set<String> = [],
        collapsesAnonymous: Bool = false
    ) -> Plan {
        var planner = Planner(file: rule.file) { [database] name in database[name]! }
        planner.collapsesAnonymous = collapsesAnonymous
        let plan = planner.plan(rule.body, ranges: ranges, first: first, prebound: prebound)
        plan.headRelation = database[rule.head.relation]!
        plan.headSpan = rule.head.span
        plan.head = rule.head.terms.map { t in
            switch t {
            case let .constant(v, _): return .constant(v.raw)
            case let .variable(n, _): return .slot(planner.slots[n]!)
            }
        }
        plan.slotCount = planner.names.count
        plan.slotNames = planner.names
        return plan
    }

    /// Fixes each atom's row range for this round from its relation's markers.
    func setRanges(_ plan: Plan, members: Set<String>) {
        for step in plan.steps {
            guard let rel = step.relation, step.kind == .scan || step.kind == .lookup else { continue }
            if members.contains(rel.name) {
                switch step.range {
                case .all: (step.lo, step.hi) = (0, rel.recentEnd)
                case .old: (step.lo, step.hi) = (0, rel.stableEnd)
                case .delta: (step.lo, step.hi) = (rel.stableEnd, rel.recentEnd)
                }
            } else {
                (step.lo, step.hi) = (0, rel.count)
            }
        }
    }
}
