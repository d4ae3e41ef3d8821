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
}
