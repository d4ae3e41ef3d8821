// The stratifier: orders the relations so negation and aggregation only look at finished ones.
//
// Relations are grouped into strongly connected components of the dependency graph (Tarjan);
// the components come out dependencies first, and each is one stratum. A negated or aggregated
// dependency inside a component would make a relation depend on its own absence: the program is
// rejected, naming the cycle and the literal that closes it.

/// One stratum: relations computed together, and the rules that define them.
public struct Stratum {
    public var relations: [String]
    public var rules: [ResolvedRule]
    /// Whether any rule depends on a relation of the same stratum (needs the fixpoint loop).
    public var recursive: Bool
    /// Every relation its rules read, in any way (plain, negated, inside an aggregate): when one
    /// of them changes, this stratum must be evaluated again.
    public var reads: Set<String> = []
    /// The relations of `reads` read under `not` or inside an aggregate: a new row of one can
    /// take answers away, so the stratum cannot simply be extended (`Executor.extend`).
    public var readsNegatively: Set<String> = []
}

enum Stratifier {
    struct Edge {
        var to: String
        var negative: Bool
        /// The dependency is through an aggregate's body rather than a `not`.
        var aggregate = false
        /// The file of the rule that makes the dependency, for the diagnostic.
        var file: SourceFile?
        var span: SourceSpan
    }

    /// Strata in evaluation order, or a diagnostic for a cycle through negation or aggregation.
    static func stratify(_ rules: [ResolvedRule]) -> Result<[Stratum], Diagnostic> {
        var edges: [String: [Edge]] = [:]  // head → body dependencies
        var nodes: [String] = []
        var seen = Set<String>()
        func node(_ n: String) {
            if seen.insert(n).inserted { nodes.append(n) }
        }
        // Each relation's rules, in program order, so that a stratum gathers its rules without
        // going through every rule of the program (thousands of strata made that quadratic).
        var rulesByHead: [String: [Int]] = [:]
        for (k, rule) in rules.enumerated() {
            rulesByHead[rule.head.relation, default: []].append(k)
            node(rule.head.relation)
            func visit(_ lits: [ResolvedLiteral], negative: Bool, aggregate: Bool = false) {
                for lit in lits {
                    switch lit {
                    case let .positive(a, _):
                        node(a.relation)
                        edges[rule.head.relation, default: []].append(
                            Edge(
                                to: a.relation, negative: negative, aggregate: aggregate, file: rule.file, span: a.span)
                        )
                    case let .negative(a, span):
                        node(a.relation)
                        edges[rule.head.relation, default: []].append(
                            Edge(to: a.relation, negative: true, file: rule.file, span: span))
                    case let .aggregate(_, _, _, inner, _):
                        visit(inner, negative: true, aggregate: true)
                    case .comparison: break
                    }
                }
            }
            visit(rule.body, negative: false)
        }

        // Tarjan's algorithm, iterative so that long dependency chains cannot overflow the stack.
        var index = 0
        var indices: [String: Int] = [:]
        var lowlink: [String: Int] = [:]
        var onStack = Set<String>()
        var stack: [String] = []
        var components: [[String]] = []
        for root in nodes where indices[root] == nil {
            var work: [(String, Int)] = [(root, 0)]
            while let (v, i) = work.last {
                if i == 0 {
                    indices[v] = index
                    lowlink[v] = index
                    index += 1
                    stack.append(v)
                    onStack.insert(v)
                }
                let out = edges[v] ?? []
                if i < out.count {
                    work[work.count - 1].1 = i + 1
                    let w = out[i].to
                    if indices[w] == nil {
                        work.append((w, 0))
                    } else if onStack.contains(w) {
                        lowlink[v] = min(lowlink[v]!, indices[w]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.0 { lowlink[parent] = min(lowlink[parent]!, lowlink[v]!) }
                if lowlink[v] == indices[v] {
                    var comp: [String] = []
                    while let w = stack.popLast() {
                        onStack.remove(w)
                        comp.append(w)
                        if w == v { break }
                    }
                    components.append(comp.reversed())
                }
            }
        }

        var strata: [Stratum] = []
        for comp in components {
            let members = Set(comp)
            var recursive = false
            for v in comp {
                for e in edges[v] ?? [] where members.contains(e.to) {
                    recursive = true
                    if e.negative {
                        let cycle = cyclePath(from: e.to, to: v, within: members, edges: edges)
                        let path = ([v] + cycle).joined(separator: " → ")
                        let how = e.aggregate ? "an aggregate over '\(e.to)'" : "the absence of '\(e.to)'"
                        let back = e.to == v ? "" : ", which depends on '\(v)'"
                        return .failure(
                            Diagnostic(
                                .error, "cannot stratify: '\(v)' depends on \(how)\(back) (\(path))",
                                file: e.file, span: e.span,
                                hint: "negation and aggregation must not be part of a recursive cycle"))
                    }
                }
            }
            let rs = comp.flatMap { rulesByHead[$0] ?? [] }.sorted().map { rules[$0] }
            let reads = Set(comp.flatMap { (edges[$0] ?? []).map(\.to) })
            let negatively = Set(comp.flatMap { (edges[$0] ?? []).filter(\.negative).map(\.to) })
            if !rs.isEmpty {
                strata.append(
                    Stratum(relations: comp, rules: rs, recursive: recursive, reads: reads, readsNegatively: negatively)
                )
            }
        }
        return .success(strata)
    }

    /// The strata of `rules` added to a program already stratified as `strata`, or nil when
    /// the whole program must be stratified again. New rules whose heads no earlier rule defines
    /// or reads cannot join or reorder the old strata: every cycle through them lies among the
    /// new rules, so these stratify alone and go on top. Adding rules one at a time (a REPL, a
    /// lesson of one-rule blocks) then costs each rule its own size, not the program's.
    static func stratify(_ rules: [ResolvedRule], after strata: [Stratum], defined: Set<String>, read: Set<String>)
        -> Result<[Stratum], Diagnostic>?
    {
        for rule in rules where defined.contains(rule.head.relation) || read.contains(rule.head.relation) {
            return nil
        }
        return stratify(rules).map { strata + $0 }
    }

    /// A path of relation names from `start` back to `goal` inside one component.
    static func cyclePath(from start: String, to goal: String, within members: Set<String>, edges: [String: [Edge]])
        -> [String]
    {
        var previous: [String: String] = [:]
        var queue = [start]
        var seen: Set<String> = [start]
        var k = 0
        while k < queue.count {
            let v = queue[k]
            k += 1
            if v == goal { break }
            for e in edges[v] ?? [] where members.contains(e.to) && seen.insert(e.to).inserted {
                previous[e.to] = v
                queue.append(e.to)
            }
        }
        var path = [goal]
        var cur = goal
        while cur != start, let p = previous[cur] {
            path.append(p)
            cur = p
        }
        return path.reversed()
    }
}
