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
                let plan = makePlan(rule, ranges: [:], first: nil)
                setRanges(plan, members: [])
                try run(plan, .insert(plan.headRelation!, plan.head, rank: round, counts: true))
            }
            guard stratum.recursive else { continue }

            // One plan per (rule, stratum atom): that atom reads the delta.
            var variants: [(plan: Plan, delta: Relation)] = []
            for rule in stratum.rules {
                let positions = reads(rule)
                for (j, i) in positions.enumerated() {
                    var ranges: [Int: RowRange] = [:]
                    for (j2, i2) in positions.enumerated() { ranges[i2] = j2 < j ? .old : j2 == j ? .delta : .all }
                    let plan = makePlan(rule, ranges: ranges, first: i)
                    guard case let .positive(a, _) = rule.body[i] else { continue }
                    variants.append((plan, database[a.relation]!))
                }
            }
            for name in members {
                let rel = database[name]!
                rel.stableEnd = 0
                rel.recentEnd = rel.count
            }
            while true {
                round += 1
                for (plan, delta) in variants where delta.recentEnd > delta.stableEnd {
                    setRanges(plan, members: members)
                    try run(plan, .insert(plan.headRelation!, plan.head, rank: round, counts: true))
                }
                var changed = false
                for name in members {
                    let rel = database[name]!
                    rel.stableEnd = rel.recentEnd
                    rel.recentEnd = rel.count
                    if rel.stableEnd < rel.recentEnd { changed = true }
                }
                if !changed { break }
            }
        }
    }

    func makePlan(_ rule: ResolvedRule, ranges: [Int: RowRange], first: Int?, prebound: Set<String> = []) -> Plan {
        var planner = Planner(file: rule.file) { [database] name in database[name]! }
        let plan = planner.plan(rule.body, ranges: ranges, first: first, prebound: prebound)
        plan.headRelation = database[rule.head.relation]!
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
