// Laws of comparison for dates with precision, hedged figures and money, checked on many
// generated values (swift-property-based shrinks any counterexample to a small one).
//
// The laws are what "never more certain than the source" means in practice: a certain answer
// is also a possible one, `<` is a strict partial order (never a total one: a month and a day
// inside it are unordered), and what is certain one way is not even possible the other way.

import PropertyBased
import Testing

@testable import CasebookKit

/// Values of one magnitude family, so that comparisons between them are meaningful. Each is
/// built from small integers, so a counterexample shrinks to a small, readable one.
enum ValueGen {
    /// A day, month, quarter, year or range of months between 2018 and 2021.
    static func date(_ kind: Int, _ offset: Int, _ length: Int) -> Value {
        let (y, m, d) = civilFromDays(daysFromCivil(2018, 1, 1) + offset)
        switch kind {
        case 0: return .time(.day(y, m, d))
        case 1: return .time(.month(y, m))
        case 2: return .time(.quarter(y, (m - 1) / 3 + 1))
        case 3: return .time(.year(y))
        default:
            let end = m + length
            return .time(.range(.month(y, m), .month(y + (end - 1) / 12, (end - 1) % 12 + 1)))
        }
    }

    /// Plain (0) or with one of the hedges (1...).
    static func hedged(_ m: Measure, _ hedge: Int) -> Value {
        guard hedge > 0 else { return .measure(m) }
        return .quantity(Quantity(hedge: Hedge.allCases[hedge - 1], value: m, upper: nil))
    }

    static let dates = zip(Gen.int(in: 0...4), Gen.int(in: 0...1_460), Gen.int(in: 0...30)).map { t in
        date(t.0, t.1, t.2)
    }
    /// Money in whole millions, so ties at a bound are common.
    static let money = zip(Gen.int(in: 1...12), Gen.int(in: 0...Hedge.allCases.count)).map { t in
        hedged(.money(Money(currency: "USD", cents: Int64(t.0) * 100_000_000)), t.1)
    }
    /// Counts: plain, hedged, or a stated range (`between n and n+2`).
    static let counts = zip(Gen.int(in: 0...12), Gen.int(in: 0...Hedge.allCases.count + 1)).map { t -> Value in
        if t.1 > Hedge.allCases.count {
            return .quantity(Quantity(hedge: nil, value: .int(Int64(t.0)), upper: .int(Int64(t.0 + 2))))
        }
        return hedged(.int(Int64(t.0)), t.1)
    }
}

@Suite struct ComparisonLaws {
    func laws(_ a: Value, _ b: Value, _ c: Value) {
        // Irreflexive and asymmetric: nothing is surely before itself, or both before and after.
        #expect(!compare(a, .lt, a), "\(a.literal) < itself")
        if compare(a, .lt, b) { #expect(!compare(b, .lt, a), "\(a.literal) < \(b.literal) and back") }
        // Transitive.
        if compare(a, .lt, b) && compare(b, .lt, c) {
            #expect(
                compare(a, .lt, c), "\(a.literal) < \(b.literal) < \(c.literal) but not \(a.literal) < \(c.literal)")
        }
        for op in [Comparator.lt, .le, .gt, .ge, .eq] {
            // A certain answer is a possible one.
            if compare(a, op, b) {
                #expect(compare(a, op, b, possibly: true), "\(a.literal) \(op.rawValue) \(b.literal)")
            }
        }
        // What is certain one way is not possible the other way.
        if compare(a, .lt, b) {
            #expect(!compare(a, .ge, b, possibly: true), "\(a.literal) < \(b.literal) yet possibly >=")
        }
        if compare(a, .le, b) {
            #expect(!compare(a, .gt, b, possibly: true), "\(a.literal) <= \(b.literal) yet possibly >")
        }
        // Converse: a < b exactly when b > a, for certain and possible readings.
        #expect(compare(a, .lt, b) == compare(b, .gt, a))
        #expect(compare(a, .lt, b, possibly: true) == compare(b, .gt, a, possibly: true))
        // Identity is an equivalence, and identical values are never ordered.
        #expect(compare(a, .eq, a))
        #expect(compare(a, .eq, b) == compare(b, .eq, a))
        if compare(a, .eq, b) { #expect(!compare(a, .lt, b)) }
    }

    @Test func datesWithPrecision() async {
        await propertyCheck(count: 400, input: ValueGen.dates, ValueGen.dates, ValueGen.dates) { a, b, c in
            laws(a, b, c)
        }
    }

    @Test func hedgedMoney() async {
        await propertyCheck(count: 400, input: ValueGen.money, ValueGen.money, ValueGen.money) { a, b, c in
            laws(a, b, c)
        }
    }

    @Test func hedgedCounts() async {
        await propertyCheck(count: 400, input: ValueGen.counts, ValueGen.counts, ValueGen.counts) { a, b, c in
            laws(a, b, c)
        }
    }

    /// A date is never ordered against a date it overlaps: a month and a day inside it are neither
    /// before nor after each other.
    @Test func overlappingDatesAreUnordered() async {
        await propertyCheck(count: 400, input: ValueGen.dates, ValueGen.dates) { a, b in
            if compare(a, .overlaps, b) {
                #expect(!compare(a, .lt, b) && !compare(a, .gt, b), "\(a.literal) overlaps \(b.literal) yet is ordered")
            }
            if compare(a, .during, b) { #expect(compare(a, .overlaps, b)) }
        }
    }

    /// A hedge never reads firmer than it is: `more than X` is surely above X and never equal.
    @Test func hedgesAgainstTheirOwnBound() {
        for millions in [1, 8, 100] {
            let bound = Measure.money(Money(currency: "USD", cents: Int64(millions) * 100_000_000))
            let x = Value.measure(bound)
            func q(_ h: Hedge) -> Value { .quantity(Quantity(hedge: h, value: bound, upper: nil)) }
            #expect(compare(q(.moreThan), .gt, x) && !compare(q(.moreThan), .eq, x, possibly: true))
            #expect(
                compare(q(.atLeast), .ge, x) && !compare(q(.atLeast), .gt, x)
                    && compare(q(.atLeast), .eq, x, possibly: true))
            #expect(compare(q(.nearly), .lt, x) && compare(q(.atMost), .le, x))
            #expect(!compare(q(.about), .lt, x) && !compare(q(.about), .gt, x))
        }
    }
}

/// Arithmetic, sums and extremes of figures never state a result more firmly than their
/// operands allow: every value the operands allow, put through the operation, is a value the
/// result allows.
@Suite struct ArithmeticLaws {
    /// Figures from -12 to 12: plain, with each hedge, or a stated range.
    static let figures = zip(Gen.int(in: -12...12), Gen.int(in: 0...Hedge.allCases.count + 1)).map { t -> Value in
        if t.1 > Hedge.allCases.count {
            return .quantity(Quantity(hedge: nil, value: .int(Int64(t.0)), upper: .int(Int64(t.0 + 3))))
        }
        return ValueGen.hedged(.int(Int64(t.0)), t.1)
    }

    static func interval(_ v: Value) -> Interval? {
        if case let .interval(i)? = v.magnitude() { return i }
        return nil
    }

    /// Points of an interval: its closed ends, points just inside each end, and the middle.
    static func samples(_ i: Interval) -> [Double] {
        let far = i.hi == .infinity ? i.lo + 1000 : i.hi
        let points = [i.lo, i.lo + 0.001, (i.lo + far) / 2, far - 0.001, far]
        return points.filter { contains(i, $0) }
    }

    static func contains(_ i: Interval, _ x: Double) -> Bool {
        let slack = 1e-6 * max(1, abs(x))
        let aboveLo = i.lo < x - slack || (abs(i.lo - x) <= slack && (!i.loOpen || i.lo < x))
        let belowHi = i.hi > x + slack || (abs(i.hi - x) <= slack && (!i.hiOpen || i.hi > x))
        return aboveLo && belowHi
    }

    @Test func shiftingAndScalingAFigure() async {
        let ops = zip(Gen.int(in: 0...3), Gen.int(in: -10...10))
        await propertyCheck(count: 1000, input: Self.figures, ops) { a, op in
            // Plain integers divide with truncation, as documented; the law is for figures.
            guard case .quantity = a.kind, let i = Self.interval(a), !i.isEmpty else { return }
            let (operator_, k): (ArithmeticOperator, Int64) =
                switch op.0 {
                case 0: (.add, Int64(op.1))
                case 1: (.sub, Int64(op.1))
                case 2: (.mul, Int64(abs(op.1) + 1))
                default: (.div, Int64(abs(op.1) + 1))
                }
            let result: Value
            do {
                result = try arithmetic(a, operator_, .int(k))
            } catch {
                Issue.record("\(a.literal) \(operator_.rawValue) \(k): \(error)")
                return
            }
            guard let r = Self.interval(result) else { return }
            for x in Self.samples(i) {
                let y: Double =
                    switch operator_ {
                    case .add: x + Double(k)
                    case .sub: x - Double(k)
                    case .mul: x * Double(k)
                    default: x / Double(k)
                    }
                #expect(
                    Self.contains(r, y),
                    "\(a.literal) \(operator_.rawValue) \(k) = \(result.literal), which does not allow \(y)")
            }
        }
    }

    @Test func sumsMeansAndExtremes() async {
        await propertyCheck(count: 1000, input: Self.figures, Self.figures, Self.figures) { a, b, c in
            let values = [a, b, c]
            let intervals = values.compactMap(Self.interval)
            guard intervals.count == 3, intervals.allSatisfy({ !$0.isEmpty }) else { return }
            for f in [AggregateFunction.sum, .mean, .min, .max] {
                guard let result = try? fold(f, count: 3, values), let r = Self.interval(result) else {
                    Issue.record("\(f) of \(values.map(\.literal)) failed")
                    continue
                }
                for x in Self.samples(intervals[0]) {
                    for y in Self.samples(intervals[1]) {
                        for z in Self.samples(intervals[2]) {
                            let expected: Double =
                                switch f {
                                case .sum: x + y + z
                                case .mean: (x + y + z) / 3
                                case .min: min(x, y, z)
                                default: max(x, y, z)
                                }
                            #expect(
                                Self.contains(r, expected),
                                "\(f) of \(values.map(\.literal)) = \(result.literal), which does not allow \(expected)"
                            )
                        }
                    }
                }
            }
        }
    }
}
