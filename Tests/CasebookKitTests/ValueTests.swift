// Value semantics: the laws comparisons keep, checked through the public API by running programs.
//
// A value with a hedge or a precision (`more than $100M`, `2019-10`) stands for any value in an
// interval. Comparisons are *certain* by default (they hold for every value the two sides allow)
// and *possible* under `possibly` (they hold for some). `=` and `!=` are identity: the same value as
// written. These tests state what follows from that, for families of dates, money, counts and
// durations:
//
//   - `<` is irreflexive, asymmetric and transitive; `<=` is transitive;
//   - `a < b` exactly when `b > a` (and likewise `<=`, `>=`);
//   - certain implies possible, and `possibly a < b` exactly when not certainly `a >= b`;
//   - exact values (a plain integer, a day, an unhedged amount) are totally ordered;
//   - a month and a day inside it: neither `<`, `>` nor `=`, but `overlaps`, and the day is
//     `during` the month.
//
// Each family's comparisons are computed in one program: facts `v(I, Literal)` and one query per
// operator, `?- v(I, A), v(J, B), A < B.`, whose answers are the pairs (I, J) the operator relates.

import CasebookKit
import Foundation
import Testing

/// Runs a program in a fresh session and returns each query's answers; errors fail the test.
func runProgram(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [QueryResult] {
    let session = Session()
    var results: [QueryResult] = []
    let diagnostics = session.load(SourceFile(name: "<test>", text: text)) { outcome in
        switch outcome {
        case let .success(r): results.append(r)
        case let .failure(e): Issue.record("evaluation error: \(e.diagnostic)", sourceLocation: sourceLocation)
        }
        return true
    }
    for d in diagnostics { Issue.record("\(d)", sourceLocation: sourceLocation) }
    return results
}

/// Whether a ground condition holds: `holds("2019-10 < 2019-11")` runs `?- 2019-10 < 2019-11.`
func holds(_ condition: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let r = runProgram("?- \(condition).", sourceLocation: sourceLocation)
    return r.count == 1 && !r[0].rows.isEmpty
}

/// A family of values of one type, and which pairs of them each comparison relates.
struct Family {
    let name: String
    let literals: [String]
    private var relations: [String: Set<Pair>] = [:]

    struct Pair: Hashable, CustomStringConvertible {
        var a: Int
        var b: Int
        var description: String { "(\(a), \(b))" }
    }

    static let operators = ["<", "<=", ">", ">=", "=", "!=", "during", "overlaps"]
    static let possibleOperators = ["<", "<=", ">", ">=", "=", "!="]

    /// - Parameter type: the column type the literals are stored under (`date`, `money`, …).
    init(_ name: String, type: String, _ literals: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        self.name = name
        self.literals = literals
        var program = ".decl v(id: int, x: \(type))\n"
        for (i, lit) in literals.enumerated() { program += "v(\(i), \(lit)).\n" }
        let queries =
            Family.operators.map { ($0, "?- v(I, A), v(J, B), A \($0) B.") }
            + Family.possibleOperators.map { ("possibly " + $0, "?- v(I, A), v(J, B), possibly A \($0) B.") }
        program += queries.map(\.1).joined(separator: "\n")
        let results = runProgram(program, sourceLocation: sourceLocation)
        guard results.count == queries.count else { return }
        for ((op, _), result) in zip(queries, results) {
            // The answers' columns are I, A, J, B: the ids are the first and third.
            relations[op] = Set(
                result.rows.compactMap { row in
                    guard case let .int(a) = row[0].kind, case let .int(b) = row[2].kind else { return nil }
                    return Pair(a: Int(a), b: Int(b))
                })
        }
    }

    /// Whether `literals[a] op literals[b]` holds (`op` may start with "possibly ").
    func holds(_ a: Int, _ op: String, _ b: Int) -> Bool { relations[op]?.contains(Pair(a: a, b: b)) ?? false }

    func index(_ literal: String) -> Int { literals.firstIndex(of: literal)! }

    /// Describes a pair for failure messages.
    func show(_ a: Int, _ op: String, _ b: Int) -> String { "\(name): \(literals[a]) \(op) \(literals[b])" }

    var indices: Range<Int> { literals.indices }

    /// Checks the laws every family keeps; returns nothing, records failures.
    func checkLaws(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            relations.count == Family.operators.count + Family.possibleOperators.count,
            "\(name): the program did not run",
            sourceLocation: sourceLocation)
        for a in indices {
            #expect(!holds(a, "<", a), "\(show(a, "<", a)) (irreflexive)", sourceLocation: sourceLocation)
            #expect(holds(a, "=", a), "\(show(a, "=", a)) (identity is reflexive)", sourceLocation: sourceLocation)
            #expect(!holds(a, "!=", a), "\(show(a, "!=", a))", sourceLocation: sourceLocation)
            #expect(holds(a, "overlaps", a), "\(show(a, "overlaps", a))", sourceLocation: sourceLocation)
            #expect(holds(a, "during", a), "\(show(a, "during", a))", sourceLocation: sourceLocation)
            for b in indices {
                // Asymmetry and converses.
                if holds(a, "<", b) {
                    #expect(!holds(b, "<", a), "\(show(a, "<", b)) and the reverse", sourceLocation: sourceLocation)
                }
                #expect(
                    holds(a, "<", b) == holds(b, ">", a), "\(show(a, "<", b)) vs \(show(b, ">", a))",
                    sourceLocation: sourceLocation)
                #expect(
                    holds(a, "<=", b) == holds(b, ">=", a), "\(show(a, "<=", b)) vs \(show(b, ">=", a))",
                    sourceLocation: sourceLocation)
                // Strict implies non-strict; certain implies possible.
                if holds(a, "<", b) {
                    #expect(holds(a, "<=", b), "\(show(a, "<", b)) but not <=", sourceLocation: sourceLocation)
                }
                for op in Family.possibleOperators where holds(a, op, b) {
                    #expect(
                        holds(a, "possibly " + op, b), "\(show(a, op, b)) but not possibly",
                        sourceLocation: sourceLocation)
                }
                // Duality: possibly a < b exactly when not certainly a >= b (and so on).
                for (op, dual) in [("<", ">="), ("<=", ">"), (">", "<="), (">=", "<")] {
                    #expect(
                        holds(a, "possibly " + op, b) == !holds(a, dual, b),
                        "\(show(a, "possibly " + op, b)) vs not \(dual)", sourceLocation: sourceLocation)
                }
                // Identity is symmetric, != is its complement, and overlaps is symmetric.
                #expect(holds(a, "=", b) == holds(b, "=", a), sourceLocation: sourceLocation)
                #expect(holds(a, "!=", b) == !holds(a, "=", b), "\(show(a, "!=", b))", sourceLocation: sourceLocation)
                #expect(
                    holds(a, "overlaps", b) == holds(b, "overlaps", a), "\(show(a, "overlaps", b))",
                    sourceLocation: sourceLocation)
                if holds(a, "during", b) {
                    #expect(
                        holds(a, "overlaps", b), "\(show(a, "during", b)) but no overlap",
                        sourceLocation: sourceLocation)
                }
                // What is certainly ordered does not overlap.
                if holds(a, "<", b) {
                    #expect(
                        !holds(a, "overlaps", b), "\(show(a, "<", b)) yet overlapping", sourceLocation: sourceLocation)
                }
                // Transitivity.
                for c in indices {
                    for op in ["<", "<=", "during"] where holds(a, op, b) && holds(b, op, c) {
                        #expect(
                            holds(a, op, c), "\(show(a, op, b)) and \(show(b, op, c)) but not \(show(a, op, c))",
                            sourceLocation: sourceLocation)
                    }
                    if holds(a, "<", b) && holds(b, "<=", c) {
                        #expect(
                            holds(a, "<", c), "\(show(a, "<", b)) and \(show(b, "<=", c)) but not \(show(a, "<", c))",
                            sourceLocation: sourceLocation)
                    }
                }
            }
        }
    }

    /// Exact values with distinct magnitudes: exactly one of <, =, > holds for every pair.
    func checkTotalOrder(_ exact: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for x in exact {
            for y in exact {
                let a = index(x), b = index(y)
                let count = [holds(a, "<", b), holds(a, "=", b), holds(a, ">", b)].filter { $0 }.count
                #expect(count == 1, "\(name): \(x) vs \(y): \(count) of <, =, > hold", sourceLocation: sourceLocation)
            }
        }
    }
}

struct ValueTests {
    // MARK: Dates

    static let dates = [
        "2018-12-31", "2019", "2019-H1", "2019-H2", "2019-Q3", "2019-SU", "2019-07", "2019-07-14", "2019-07-31",
        "2019-08", "2019-09-30", "2019-10", "2019-10-01", "2019-10-15", "2019-10-31", "2019-Q4", "2019-WI",
        "2020-01-01",
        "2020-02", "2019..2020-03", "2019-10..2019-11", "2020", "2021-Q1",
    ]

    @Test("dates with precision keep the comparison laws")
    func dateLaws() {
        let f = Family("dates", type: "date", ValueTests.dates)
        f.checkLaws()
        f.checkTotalOrder([
            "2018-12-31", "2019-07-14", "2019-07-31", "2019-09-30", "2019-10-01", "2019-10-15", "2019-10-31",
            "2020-01-01",
        ])
    }

    @Test("a month is neither before, after nor equal to a day inside it")
    func monthAndDayInside() {
        let f = Family("dates", type: "date", ValueTests.dates)
        let month = f.index("2019-10")
        for day in ["2019-10-01", "2019-10-15", "2019-10-31"].map(f.index) {
            // (<= and >= can hold at the month's edges: 1 October is surely <= any day of October.)
            for op in ["<", ">", "="] + (f.literals[day] == "2019-10-15" ? ["<=", ">="] : []) {
                #expect(!f.holds(month, op, day), "\(f.show(month, op, day))")
                #expect(!f.holds(day, op, month), "\(f.show(day, op, month))")
            }
            #expect(f.holds(month, "overlaps", day))
            #expect(f.holds(day, "during", month))
            #expect(!f.holds(month, "during", day))
            #expect(f.holds(month, "possibly <", day) || f.literals[day] == "2019-10-01")
            #expect(f.holds(month, "possibly =", day))
        }
        #expect(f.holds(f.index("2019-10-01"), "<=", month))
        #expect(f.holds(month, "<=", f.index("2019-10-31")))
        // The month's own ends still order against days outside it.
        #expect(f.holds(f.index("2019-09-30"), "<", month))
        #expect(f.holds(month, "<", f.index("2020-01-01")))
        // A month lies in its quarter, its half and its year, and not in the next.
        for outer in ["2019-Q4", "2019-H2", "2019", "2019..2020-03"] {
            #expect(f.holds(month, "during", f.index(outer)), "2019-10 during \(outer)")
        }
        #expect(!f.holds(month, "during", f.index("2020")))
    }

    @Test("seasons, halves and ranges span the days they name")
    func spans() {
        #expect(holds("2019-SU during 2019-Q2..2019-Q3"))
        #expect(holds("2019-SU > 2019-05-31"))
        #expect(holds("2019-SU < 2019-09-01"))
        #expect(holds("2020-02-15 during 2019-WI"))  // winter runs into the next year
        #expect(holds("2019-H1 < 2019-07-01"))
        #expect(holds("2019-H2 overlaps 2019-Q3"))
        #expect(!holds("2019-H2 overlaps 2019-Q2"))
        #expect(holds("2020-02-29 during 2020-02"))
        #expect(holds("end(2019-02) = 2019-02-28"))
        #expect(holds("end(2020-02) = 2020-02-29"))
        #expect(holds("start(2019-Q4) = 2019-10-01"))
        #expect(holds("precision(2019-SU) = \"season\""))
    }

    // MARK: Money

    static let money = [
        "$50M", "$90M", "$100M", "$100 million", "$0.1B", "$100,000,000", "$110M", "$111M", "$150M",
        "more than $100M", "at least $100M", "nearly $100M", "as many as $100M", "about $100M", "less than $100M",
        "more than $50M", "about $90M", "between $50M and $150M", "between $95M and $105M",
    ]

    @Test("money and hedged money keep the comparison laws")
    func moneyLaws() {
        let f = Family("money", type: "money", ValueTests.money)
        f.checkLaws()
        f.checkTotalOrder(["$50M", "$90M", "$100M", "$110M", "$111M", "$150M"])
    }

    @Test("a string is one value however it is made, and never a symbol or another boxed value")
    func stringIdentity() {
        let made = [Value.string("ICE"), Value.string(String("xICE".dropFirst())), Parser.parseValue("\"ICE\"")!]
        for v in made { #expect(v == made[0]) }
        #expect(Value.string("ICE") != Value.symbol("ICE"))
        #expect(Value.string("ICE") != Value.string("ice"))
        #expect(Value.string("2019") != Value.int(2019))
        #expect(Value.string("") == Value.string(""))
        #expect(Value.string("$5M") != Parser.parseValue("$5M")!)
        #expect(Value.string("ICE").kind == .string("ICE"))
    }

    @Test("the same amount written four ways is one value")
    func moneySpellings() {
        let f = Family("money", type: "money", ValueTests.money)
        let same = ["$100M", "$100 million", "$0.1B", "$100,000,000"].map(f.index)
        for a in same { for b in same { #expect(f.holds(a, "=", b), "\(f.show(a, "=", b))") } }
        #expect(holds("$1.5K = $1,500"))
        #expect(holds("$2.5 thousand = $2500"))
        #expect(holds("$1bn = $1B"))
        #expect(holds("€5M != $5M"))
    }

    @Test("hedges decide comparisons only where every value they allow agrees")
    func hedgedMoney() {
        // "more than $100M" is surely more than $50M and than $100M, but not equal to $100M.
        #expect(holds("more than $100M > $50M"))
        #expect(holds("more than $100M > $100M"))
        #expect(!holds("more than $100M = $100M"))
        #expect(!holds("possibly more than $100M = $100M"))
        #expect(!holds("more than $100M > $150M"))
        #expect(holds("possibly more than $100M > $150M"))
        // "at least $100M" may be exactly $100M.
        #expect(holds("at least $100M >= $100M"))
        #expect(!holds("at least $100M > $100M"))
        #expect(holds("possibly at least $100M = $100M"))
        // "nearly" and "less than" stay below; "as many as" may reach the figure.
        #expect(holds("nearly $100M < $100M"))
        #expect(holds("less than $100M < $100M"))
        #expect(!holds("as many as $100M < $100M"))
        #expect(holds("as many as $100M <= $100M"))
        #expect(!holds("nearly $100M < $90M"))
        // "about" is read as within 10% either side.
        #expect(holds("about $100M > $89M"))
        #expect(!holds("about $100M > $90M"))
        #expect(holds("about $100M < $111M"))
        #expect(holds("possibly about $100M = $95M"))
        // Stated ranges.
        #expect(holds("between $10M and $30M > $5M"))
        #expect(!holds("between $10M and $30M > $20M"))
        #expect(holds("possibly between $10M and $30M > $20M"))
        // Amounts in different currencies never compare, even possibly.
        for op in ["<", "<=", ">", ">=", "="] {
            #expect(!holds("€5M \(op) $1B"))
            #expect(!holds("possibly €5M \(op) $1B"))
        }
    }

    @Test("hedges carry TIMEX3 mod values")
    func hedgeMods() {
        let cases = [
            ("more than 5", "MORE_THAN"), ("over 5", "MORE_THAN"), ("at least 5", "EQUAL_OR_MORE"),
            ("no fewer than 5", "EQUAL_OR_MORE"), ("less than 5", "LESS_THAN"), ("under 5", "LESS_THAN"),
            ("nearly 5", "LESS_THAN"), ("almost 5", "LESS_THAN"), ("as many as 5", "EQUAL_OR_LESS"),
            ("up to 5", "EQUAL_OR_LESS"), ("at most 5", "EQUAL_OR_LESS"), ("no more than 5", "EQUAL_OR_LESS"),
            ("about 5", "APPROX"), ("around 5", "APPROX"), ("roughly 5", "APPROX"), ("more_than 5", "MORE_THAN"),
            ("between 3 and 5", "RANGE"), ("5", "NONE"),
        ]
        for (figure, mod) in cases {
            #expect(holds("hedge(\(figure)) = \"\(mod)\""), "hedge(\(figure)) should be \(mod)")
        }
    }

    // MARK: Counts and durations

    static let counts = [
        "0", "6", "6.5", "7", "7.0", "8", "more than 7", "at least 7", "nearly 7", "as many as 7", "about 7",
        "less than 7", "over 6", "between 3 and 7", "about 100",
    ]

    @Test("hedged counts keep the comparison laws")
    func countLaws() {
        let f = Family("counts", type: "number", ValueTests.counts)
        f.checkLaws()
        f.checkTotalOrder(["0", "6", "6.5", "7", "8"])
        // An integer and a decimal of the same magnitude are ordered alike but are not one value.
        let (i, d) = (f.index("7"), f.index("7.0"))
        #expect(f.holds(i, "<=", d) && f.holds(d, "<=", i) && !f.holds(i, "=", d))
    }

    static let durations = [
        "P27D", "P28D", "P30D", "P31D", "P32D", "P1M", "P2M", "P6M", "P1Y", "P12M", "P365D", "P366D", "P367D",
        "nearly P1Y", "at least P6M", "P1Y6M", "P18M", "about P5Y", "P71M", "P6Y", "P2170D", "P2200D", "PT72H", "P3D",
        "P2W", "P14D", "PT36H",
    ]

    @Test("durations keep the comparison laws, months and years included")
    func durationLaws() {
        let f = Family("durations", type: "duration", ValueTests.durations)
        f.checkLaws()
        f.checkTotalOrder(["P27D", "P28D", "P30D", "P31D", "P32D", "P365D", "PT36H", "P3D", "P2W"])
    }

    @Test("a month is 28 to 31 days, a year 365 or 366")
    func calendarDurations() {
        #expect(holds("P1M > P27D"))
        #expect(holds("P1M >= P28D"))
        #expect(!holds("P1M > P28D"))
        #expect(!holds("P1M < P31D"))
        #expect(holds("P1M <= P31D"))
        #expect(holds("possibly P1M = P30D"))
        #expect(holds("P1Y <= P366D"))
        #expect(!holds("P1Y < P366D"))
        #expect(holds("nearly P5Y < P5Y"))
        #expect(holds("P1Y6M >= P18M") && holds("P1Y6M <= P18M"))
        #expect(holds("PT72H >= P3D") && holds("PT72H <= P3D") && !holds("PT72H = P3D"))
        // 71 months are fewer than 6 years, and at most 2171 days long.
        #expect(holds("P71M < P6Y"))
        #expect(holds("P71M < P2200D"))
    }

    // MARK: Literals

    static let literals = [
        "42", "-7", "2.5", "-0.25", "0.1", "1000000000000000000000.0", "-0.0000001", "123456789012345678.5", "sym",
        "'Two Words'", "\"text with \\\"quotes\\\" and \\\\\"", "\"tab\\there\"",
        "\"東京\"", "2019-10-15", "2019-10", "2019-Q3", "2019-H2", "2019-SU", "2018..2019-05", "$20M", "$1.5B", "$2,500",
        "$0.99", "€5M", "£750 thousand", "P5Y", "PT72H", "P1Y6M", "P2W", "more than $100M", "at least 7", "nearly P5Y",
        "about 25", "as many as 9", "less than 3", "between 3 and 7", "between $10M and $30M", "P4.S1",
    ]

    @Test("every value prints as a literal that reads back as the same value")
    func literalsRoundTrip() {
        for lit in ValueTests.literals {
            let first = runProgram("?- X = \(lit).")
            guard let v = first.first?.rows.first?.first else {
                Issue.record("\(lit) did not evaluate")
                continue
            }
            let again = runProgram("?- X = \(v.literal).")
            #expect(again.first?.rows.first?.first == v, "\(lit) prints as \(v.literal), which reads back differently")
        }
    }

    @Test("claims, paragraphs, negative amounts and figures, and the smallest integer read back as values")
    func madeValuesReadBack() {
        // Failed before: each printed a literal that parseValue (what --check reads expected
        // answers with) refused: `#1`, `P3`, `-$5`, `about -5`, `-9223372036854775808`.
        let made = [
            "$5 - $10", "€5 - €15", "-9223372036854775807 - 1", "about 5 - 10", "about $5 - $10", "-$5", "-€0.5",
            "about -2.5", "between -$5 and $3", "more_than -1",
        ]
        for e in made {
            guard let v = runProgram("?- X = \(e).").first?.rows.first?.first else {
                Issue.record("\(e) did not evaluate")
                continue
            }
            #expect(Parser.parseValue(v.literal) == v, "\(e) prints as \(v.literal), which does not read back")
        }
        for v in [Value.claim(12), .locator(Locator(paragraph: 3, sentence: 0)), .locator(Locator("P3.S2")!)] {
            #expect(Parser.parseValue(v.literal) == v, "\(v.literal) does not read back")
        }
        for text in ["#0", "#", "#1x", "P0", "X", "- $5", "-P5Y"] { #expect(Parser.parseValue(text) == nil, "\(text)") }
    }

    @Test("canonical spellings")
    func canonicalSpellings() {
        let cases = [
            ("$100 million", "$100M"), ("$2,500", "$2.5K"), ("£750 thousand", "£750K"), ("$1bn", "$1B"),
            ("over 40", "more than 40"), ("no fewer than 12", "at least 12"), ("almost 30", "nearly 30"),
            ("up to 9", "as many as 9"), ("roughly 25", "about 25"), ("fewer_than 5", "less than 5"), ("7.0", "7.0"),
        ]
        for (written, printed) in cases {
            let r = runProgram("?- X = \(written).")
            #expect(
                r.first?.rows.first?.first?.literal == printed,
                "\(written) prints as \(r.first?.rows.first?.first?.literal ?? "nothing")")
        }
    }

    // MARK: Integers

    @Test("integers are 64-bit and never wrap")
    func integerLimits() {
        #expect(holds("9223372036854775807 - 1 = 9223372036854775806"))
        #expect(holds("-9223372036854775807 - 1 < 0"))
        let session = Session()
        var failure: String?
        _ = session.load(SourceFile(name: "<test>", text: "?- X = 9223372036854775807 + 1.")) { outcome in
            if case let .failure(e) = outcome { failure = e.diagnostic.message }
            return true
        }
        #expect(failure?.contains("integer overflow") == true)
        let tooBig = Session().check(SourceFile(name: "<test>", text: "n(9223372036854775808)."))
        #expect(tooBig.first?.message.contains("does not fit in 64 bits") == true)
    }

    @Test("division truncates toward zero and mod takes the sign of the left operand")
    func divisionAndMod() {
        #expect(holds("7 / 2 = 3"))
        #expect(holds("-7 / 2 = -3"))
        #expect(holds("7 mod 3 = 1"))
        #expect(holds("-7 mod 3 = -1"))
        #expect(holds("7 mod -3 = 1"))
        #expect(holds("7 / 2.0 = 3.5"))
        #expect(holds("2 + 3 * 4 = 14"))
        #expect(holds("(2 + 3) * 4 = 20"))
        #expect(holds("10 - 4 - 3 = 3"))
        #expect(holds("12 / 2 / 3 = 2"))
    }
}
