// The lexer reads plain facts (`edge(1, 2).`) straight into values, in runs, instead of tokens
// and syntax trees (see `Lexer.readFactRun`). That shortcut must never change what a program
// means: every program here is loaded twice, once as written and once with a comment after
// every '(' (which no plain fact may contain, so the whole text goes token by token), and the
// two sessions must end with the same facts, the same answers and the same errors.

import Testing

@testable import CasebookKit

@Suite("Plain facts read in runs")
struct FactRunTests {
    /// The same program with no fact fit for the shortcut.
    static func tokenByToken(_ text: String) -> String {
        text.replacingOccurrences(of: "(", with: "(/**/")
    }

    /// What a session made of a program: every relation's rows, every query's answers, and each
    /// error's line, message and hint (columns move when comments are added, lines do not).
    struct Outcome: Equatable, CustomStringConvertible {
        var relations: [String: Set<[String]>] = [:]
        var answers: [[[String]]] = []
        var errors: [String] = []

        var description: String { "relations: \(relations)\nanswers: \(answers)\nerrors: \(errors)" }
    }

    static func outcome(_ text: String) -> Outcome {
        let session = Session()
        var out = Outcome()
        let file = SourceFile(name: "p.cb", text: text)
        let diagnostics = session.load(file) { result in
            switch result {
            case let .success(r): out.answers.append(r.rows.map { $0.map(\.literal) })
            case let .failure(e): out.errors.append("query: \(e.diagnostic.message)")
            }
            return true
        }
        out.errors += diagnostics.map {
            "\(file.location(of: $0.span.start).line): \($0.message) [\($0.hint ?? "")]"
        }
        for (name, rel) in session.database.relations {
            out.relations[name] = Set((0..<rel.count).map { rel.row($0).map(\.literal) })
        }
        return out
    }

    static func runs(_ text: String) -> Int {
        Parser.parse(SourceFile(name: "p.cb", text: text)).clauses.filter {
            if case .facts = $0 { return true } else { return false }
        }.count
    }

    static let programs: [String] = [
        // Data, rules and queries interleaved: a query sees only the facts above it.
        """
        e(1, 2). e(2, 3).
        p(X, Y) :- e(X, Y).
        p(X, Z) :- p(X, Y), e(Y, Z).
        ?- p(1, Y).
        e(3, 4). e(3, 4). e(-7, 0).
        ?- p(1, Y).
        """,
        "f(a, \"a b\", -12). f(b, \"\", 0). g(x). g(y). f(c, \"c\", 123456789012345678).\n?- f(X, Y, Z), g(W).",
        // Not plain facts: each of these falls back, alone, to the tokens.
        "f(1). f(1.5). f(2019-10). f(2018..2019). f(about 5). f(more than $5M). f('q'). f(P1.S1). f(P5Y).",
        "f(1).g(2). f(3).% a comment\nf(4)./* a comment */f(5).\nf( 6 ,\n 7 ) .\nf(8) @ P1.S1.",
        // Mistakes, reported the same way.
        "f(1). f(1, 2). f(2).",
        "f(1). f(X). f(12abc). f(99999999999999999999). f(9999999999999999999). f(\"a\\qb\").",
        "f(not). not(1). f(possibly).",
        "claim(1, 2, 3, 4, 5, 6).",
        "f(1). f(2)",
        // Declared columns: entities by their names, years as dates, a wrong type.
        """
        .decl p(who: entity, n: int, when: date)
        .alias acme "Acme Corp", "ACME".
        p(acme, 1, 2019). p("Acme Corp", 2, 2019-10). p("ACME", 3, 2020-Q1).
        p(acme, x, 2019). p("Nobody", 4, 2019).
        """,
        ".decl q(n: int, s: string)\nq(1, \"one\"). q(2, \"two\"). ?- q(N, S).",
    ]

    @Test("every program means the same read in runs or token by token", arguments: programs.indices)
    func sameMeaning(_ k: Int) {
        let text = FactRunTests.programs[k]
        #expect(FactRunTests.runs(FactRunTests.tokenByToken(text)) == 0)
        #expect(FactRunTests.outcome(text) == FactRunTests.outcome(FactRunTests.tokenByToken(text)))
    }

    @Test("plain facts are read in runs, however their relations alternate")
    func runsAreFound() {
        #expect(FactRunTests.runs("e(1, 2). e(2, 3).\ne(3, 4). f(a). f(b). e(5, 6).") == 1)
        let run = Parser.parse(SourceFile(name: "p.cb", text: "e(1, 2). f(a). e(3, 4). e(5).")).clauses.compactMap {
            if case let .facts(r) = $0 { return r } else { return nil }
        }.first
        #expect(run?.relations.map { "\($0.name)/\($0.arity):\($0.count)" } == ["e/2:2", "f/1:1", "e/1:1"])
        #expect(FactRunTests.runs(FactRunTests.programs[0]) == 2)
        // Not at the start of a clause: a fact after a missing '.' is part of the broken clause.
        #expect(FactRunTests.runs("p(X) :- q(X)\nf(1).") == 0)
    }

    /// Random programs from pieces that are, and are not, plain fact material.
    @Test("random programs mean the same read in runs or token by token")
    func randomPrograms() {
        let values = [
            "1", "-2", "0", "007", "abc", "a_B9", "\"s t\"", "\"\"", "2019-10", "1.5", "X", "_", "about 5", "$5M",
            "'q'", "P1.S1", "not", "- 3", "12abc", "1e5",
        ]
        let gaps = [" ", "\n", "", " % c\n", "/* c */", "\t"]
        var rng = SplitMix(seed: 7)
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<rng.below(12) {
                let name = ["f", "g", "h"][rng.below(3)]
                let arity = 1 + rng.below(3)
                // Mostly plain values, so that runs form and are broken.
                let args = (0..<arity).map { _ in
                    rng.below(3) == 0 ? values[rng.below(values.count)] : "\(rng.below(5))"
                }
                text += "\(name)(\(args.joined(separator: rng.below(4) == 0 ? " ," : ", ")))"
                if rng.below(10) == 0 { text += " @ P1.S1" }
                text += rng.below(20) == 0 ? "" : "."
                text += gaps[rng.below(gaps.count)]
                if rng.below(15) == 0 { text += "?- \(name)(X).\n" }
            }
            let a = FactRunTests.outcome(text)
            let b = FactRunTests.outcome(FactRunTests.tokenByToken(text))
            #expect(a == b, "\(text)")
            if a != b { return }
        }
    }
}

/// A small deterministic random number generator (SplitMix64), so that a failure repeats.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
