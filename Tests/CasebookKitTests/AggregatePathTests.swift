// An aggregate over one atom keyed by its group's variables (`N = count { g(K, _) }`) is worked
// out for every group in one pass over the relation (`Executor.aggregateAllGroups`); any other
// aggregate runs its body once per group. The two must agree on everything, down to the last bit
// of a sum of decimals and to which errors are reported. Each query here is asked twice: as
// written, and with a filter that changes nothing (`V = V`) but makes the body two steps, which
// takes the per-group path.

import Testing

@testable import CasebookKit

@Suite("Aggregates in one pass or per group")
struct AggregatePathTests {
    static let facts = """
        g(a, 1). g(a, 2). g(a, 2.5). g(b, 0.1). g(b, 0.2). g(b, 0.3). g(c, 7).
        g(d, at least 7). g(d, more than 33). g(e, about 10). g(e, about 20).
        h(a, x, 1). h(a, y, 2). h(b, x, 3).
        k(a). k(b). k(z).
        m(a, 1). m(b, q). m(b, 2).
        """

    /// Each query, then the same with a filter that leaves the answers alone.
    static let queries: [(String, String)] = [
        ("?- g(K, _), N = count { g(K, _) }.", "?- g(K, _), N = count { g(K, V), V = V }."),
        ("?- g(K, _), S = sum V { g(K, V) }.", "?- g(K, _), S = sum V { g(K, V), V = V }."),
        ("?- g(K, _), S = mean V { g(K, V) }.", "?- g(K, _), S = mean V { g(K, V), V = V }."),
        ("?- g(K, _), S = min V { g(K, V) }.", "?- g(K, _), S = min V { g(K, V), V = V }."),
        ("?- g(K, _), S = max V * 2 { g(K, V) }.", "?- g(K, _), S = max V * 2 { g(K, V), V = V }."),
        // Groups with no rows at all, and a group key of two columns.
        ("?- k(K), N = count { g(K, _) }.", "?- k(K), N = count { g(K, V), V = V }."),
        ("?- k(K), S = sum V { g(K, V) }.", "?- k(K), S = sum V { g(K, V), V = V }."),
        ("?- h(K, L, _), N = sum V { h(K, L, V) }.", "?- h(K, L, _), N = sum V { h(K, L, V), V = V }."),
        // A group whose sum fails is an error only if the query reaches it.
        ("?- m(K, 1), S = sum V { m(K, V) }.", "?- m(K, 1), S = sum V { m(K, V), V = V }."),
        ("?- m(K, _), S = sum V { m(K, V) }.", "?- m(K, _), S = sum V { m(K, V), V = V }."),
    ]

    static func answer(_ query: String) -> String {
        let session = Session()
        var out = ""
        let errors = session.load(SourceFile(name: "a.cb", text: facts + "\n" + query)) { result in
            switch result {
            case let .success(r): out += r.rows.map { $0.map(\.literal).joined(separator: " ") }.joined(separator: "; ")
            case let .failure(e): out += "error: \(e.diagnostic.message)"
            }
            return true
        }
        return out + errors.map(\.message).joined()
    }

    @Test("both paths give the same answers and errors", arguments: queries.indices)
    func samePaths(_ k: Int) {
        let (direct, filtered) = AggregatePathTests.queries[k]
        let a = AggregatePathTests.answer(direct)
        #expect(!a.isEmpty)
        #expect(a == AggregatePathTests.answer(filtered), "\(direct)")
    }

    // A query's first atom skips rows that differ only in `_` columns (`Step.distinctColumns`);
    // an aggregate's body must not, since it counts them.
    @Test("an aggregate counts rows that differ only in anonymous columns")
    func anonymousColumnsCount() {
        #expect(AggregatePathTests.answer("?- N = count { h(K, _, _) }.") == "3")
        #expect(AggregatePathTests.answer("?- h(K, _, _), N = count { h(_, _, _) }.") == "a 3; b 3")
    }

    @Test("the one-pass path is the one taken for a single keyed atom")
    func onePassIsChosen() {
        let session = Session()
        _ = session.load(SourceFile(name: "a.cb", text: AggregatePathTests.facts))
        func marked(_ body: String) -> Bool {
            let file = SourceFile(name: "q.cb", text: "?- g(K, _), N = count { \(body) }.")
            var resolver = Resolver(program: session.program, file: file)
            guard case let .query(q)? = resolver.resolve(Parser.parse(file).clauses).first else { return false }
            var planner = Planner(file: file) { session.database[$0]! }
            return planner.plan(q.body).steps.contains { $0.groupColumns != nil }
        }
        #expect(marked("g(K, _)"))
        #expect(!marked("g(K, V), V = V"))
        #expect(!marked("g(K, 7)"))
    }
}
