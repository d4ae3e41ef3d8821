// `--format count` counts answers without listing them, and when no two solutions of a query can
// give the same answer it counts solutions without a set to remove duplicates
// (`Session.solutionsAreDistinct`). Either way the count must be the number of answers listed.

import Testing

@testable import CasebookKit

@Suite("Counting answers")
struct CountTests {
    static let program = """
        a(1, 2). a(1, 3). a(2, 3). a(3, 3). b(2, x). b(3, x). b(3, y). c(x). c(y).
        p(X, Z) :- a(X, Y), b(Y, Z).
        """

    static let queries = [
        "?- a(X, Y), b(Y, Z).",  // distinct: every variable is an answer column
        "?- a(X, Y), b(Y, Z), c(Z), X < 3.",
        "?- a(X, Y), a(X, Y).",
        "?- a(X, _), b(_, Z).",  // not distinct: anonymous columns
        "?- a(X, Y), b(Y, _).",
        "?- a(X, Y), b(Y, Z), W = Z.",
        "?- a(X, Y), not b(Y, y).",
        "?- p(X, Z).",
        "?- a(X, 3).",
        "?- a(X, Y), N = count { b(Y, _) }.",
    ]

    static func count(_ query: String, countsOnly: Bool) -> Int {
        let session = Session()
        session.countsOnly = countsOnly
        var n = -1
        _ = session.load(SourceFile(name: "c.cb", text: program + "\n" + query)) { result in
            if case let .success(r) = result { n = countsOnly ? r.answerCount : r.rows.count }
            return true
        }
        return n
    }

    @Test("a count is the number of answers listed", arguments: queries)
    func countMatchesListing(_ query: String) {
        let listed = CountTests.count(query, countsOnly: false)
        #expect(listed > 0)
        #expect(CountTests.count(query, countsOnly: true) == listed, "\(query)")
    }

    /// A scan whose rows look up a relation too big for the cache asks for each lookup's rows
    /// ahead (`Executor.scanAhead`); the answers must be those of the plain nested loop, here
    /// worked out in Swift. `K = 1` fixes part of the second key during the scan.
    @Test("a join into a big relation finds every answer")
    func bigJoin() {
        var rng = SplitMix(seed: 7)
        let n = 40_000
        let a = (0..<n).map { ($0, rng.below(n)) }
        let b = (0..<n).map { ($0, $0 % 5) }
        let d = (0..<n).map { ($0 % 3, $0, rng.below(4)) }
        var text = a.map { "a(\($0.0), \($0.1)).\n" }.joined() + b.map { "b(\($0.0), \($0.1)).\n" }.joined()
        text += d.map { "d(\($0.0), \($0.1), \($0.2)).\n" }.joined()
        let bOf = Dictionary(uniqueKeysWithValues: b)
        let dOf = Dictionary(d.map { ([$0.0, $0.1], $0.2) }, uniquingKeysWith: { x, _ in x })
        let cases = [
            ("?- a(X, Y), b(Y, Z), Z > 2.", a.filter { bOf[$0.1]! > 2 }.count),
            ("?- K = 1, a(X, Y), d(K, Y, Z).", a.filter { dOf[[1, $0.1]] != nil }.count),
        ]
        for (query, expected) in cases {
            let session = Session()
            var got = -1
            _ = session.load(SourceFile(name: "j.cb", text: text + query)) { result in
                if case let .success(r) = result { got = r.rows.count }
                return true
            }
            #expect(expected > 100 && got == expected, "\(query)")
        }
    }
}
