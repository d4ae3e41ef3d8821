// Comparing values without inventing certainty.
//
// `=` and `!=` are identity: the same value as stated (what a join matches). The order
// comparisons are read over the interval each value allows: they are *certain* by default (true
// only if true for every value the figures allow) and *possible* under `possibly` (true if true
// for some). Dates are spans of days, so `2019-10 < 2019-10-15` is neither true nor false-as-after:
// both `<` and `>` fail, and `overlaps` holds. Values of unlike kinds never compare (false).

/// A comparison operator of the language.
public enum Comparator: String, Sendable, CaseIterable {
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case during, overlaps
}

/// The magnitude view of a value, for the order comparisons.
enum Magnitude {
    case interval(Interval)
    case days(Int, Int)
    case text(String)
}

extension Value {
    /// Dates may be written as bare years where a date is expected; the caller passes `asDate`.
    func magnitude(yearAsDate: Bool = false) -> Magnitude? {
        switch kind {
        case let .int(n):
            if yearAsDate, (1...9999).contains(n) {
                let t = TimeValue.year(Int(n))
                return .days(t.firstDay, t.lastDay)
            }
            return .interval(Interval.of(.int(n)))
        case let .decimal(d): return .interval(Interval.of(.decimal(d)))
        case let .money(m): return .interval(Interval.of(.money(m)))
        case let .duration(d): return .interval(Interval.of(.duration(d)))
        case let .quantity(q): return .interval(Interval.of(q))
        case let .time(t): return .days(t.firstDay, t.lastDay)
        case let .symbol(s): return .text(s)
        case let .string(s): return .text(s)
        case .claim, .locator: return nil
        }
    }

    /// A duration (hedged or not) of whole years and months, as the same figure in months.
    var inCalendarMonths: Value? {
        mappingMeasures { m in
            guard case let .duration(d) = m, d.weeks == 0, d.days == 0, d.hours == 0, d.minutes == 0, d.seconds == 0
            else { return nil }
            return .int(Int64(d.years) * 12 + Int64(d.months))
        }
    }

    /// A figure in months (as `inCalendarMonths` makes) back as a duration of years and months;
    /// nil if it is not whole months.
    var fromCalendarMonths: Value? {
        mappingMeasures { m in
            guard case let .int(n) = m, let total = Int(exactly: n), total.magnitude < Duration.partLimit else {
                return nil
            }
            var d = Duration()
            (d.years, d.months) = total.quotientAndRemainder(dividingBy: 12)
            return .duration(d)
        }
    }

    /// This measure, or this figure with its hedge kept, with each measure put through `f`; nil
    /// if `f` gives nil for any of them, or the value is no figure.
    func mappingMeasures(_ f: (Measure) -> Measure?) -> Value? {
        guard case let .quantity(q) = kind else { return asMeasure.flatMap(f).map { Value.measure($0) } }
        guard let value = f(q.value) else { return nil }
        var upper: Measure?
        if let u = q.upper {
            guard let mapped = f(u) else { return nil }
            upper = mapped
        }
        return .quantity(Quantity(hedge: q.hedge, value: value, upper: upper))
    }

    var isTime: Bool {
        if case .time = kind { return true }
        return false
    }

    /// An integer that can be a year (1 to 9999) as that year's date.
    var yearAsDate: Value? {
        if case let .int(n) = kind, (1...9999).contains(n) { return .time(.year(Int(n))) }
        return nil
    }

    var isSymbol: Bool {
        if case .symbol = kind { return true }
        return false
    }
}

/// Evaluates `a op b`; `possibly` relaxes certain to possible.
func compare(_ a: Value, _ op: Comparator, _ b: Value, possibly: Bool = false) -> Bool {
    // The hot path: two small integers.
    if a.isInlineInt && b.isInlineInt {
        let x = a.inlineInt
        let y = b.inlineInt
        switch op {
        case .eq: return x == y
        case .ne: return x != y
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        case .during, .overlaps: break
        }
    }
    // The 0 of an empty sum is the zero of any amount (see `zero(like:)`).
    if op != .eq && op != .ne {
        if let zero = a.zero(like: b) { return compare(zero, op, b, possibly: possibly) }
        if let zero = b.zero(like: a) { return compare(a, op, zero, possibly: possibly) }
    }
    // A bare year beside a date is that year, as in a date column and in `<`: a row that
    // prints `2019` must not be `!= 2019`. Checked only when the two are not one value.
    if op == .eq || op == .ne, a != b, a.isTime != b.isTime {
        if let y = a.yearAsDate { return compare(y, op, b, possibly: possibly) }
        if let y = b.yearAsDate { return compare(a, op, y, possibly: possibly) }
    }
    switch op {
    case .eq:
        if possibly { return a == b || overlap(a, b, strictEnds: true) }
        return a == b
    case .ne:
        if possibly { return !(a == b && isExact(a)) }
        return a != b
    default: break
    }
    // Integers past the inline range, and amounts of money, compare exactly: as doubles, two
    // integers near 2^63 or two amounts a cent apart past 2^53 cents would look equal.
    if op != .during && op != .overlaps {
        switch (a.kind, b.kind) {
        case let (.int(x), .int(y)): return exactOrder(x, op, y)
        case let (.money(x), .money(y)) where x.currency == y.currency: return exactOrder(x.cents, op, y.cents)
        // Two decimals are two doubles, exact as they stand: no rounding to allow for.
        case let (.decimal(x), .decimal(y)): return exactOrder(x, op, y)
        case let (.int(x), .decimal(y)): if let c = exactSign(x, y) { return exactOrder(c, op, 0) }
        case let (.decimal(x), .int(y)): if let c = exactSign(y, x) { return exactOrder(0, op, c) }
        // In the order `max` and sorted output give them: claims as loaded, locators by place.
        case let (.claim(x), .claim(y)): return exactOrder(x, op, y)
        case let (.locator(x), .locator(y)): return exactOrder(x, op, y)
        default: break
        }
    }
    // Two durations in whole years and months compare by months: a year's length in days
    // varies, but "nearly five years" is surely less than five years.
    if let x = a.inCalendarMonths, let y = b.inCalendarMonths {
        return compare(x, op, y, possibly: possibly)
    }
    let dates = a.isTime || b.isTime
    guard let ma = a.magnitude(yearAsDate: dates), let mb = b.magnitude(yearAsDate: dates) else { return false }
    switch (ma, mb) {
    case let (.text(x), .text(y)):
        // A symbol and a string are values of unlike kinds, never ordered.
        guard a.isSymbol == b.isSymbol else { return false }
        // By code points, as `max` and sorted output order texts; Swift's own `<` on strings
        // orders canonical forms, so "Å" (U+212B) would come before "Æ" (U+00C6) here alone.
        return exactOrder(TextByCodePoints(x), op, TextByCodePoints(y))
    case let (.days(a0, a1), .days(b0, b1)):
        switch op {
        case .lt: return possibly ? a0 < b1 : a1 < b0
        case .le: return possibly ? a0 <= b1 : a1 <= b0
        case .gt: return possibly ? a1 > b0 : a0 > b1
        case .ge: return possibly ? a1 >= b0 : a0 >= b1
        case .during: return possibly ? (a0 <= b1 && b0 <= a1) : (b0 <= a0 && a1 <= b1)
        case .overlaps: return a0 <= b1 && b0 <= a1
        default: return false
        }
    case let (.interval(x), .interval(y)):
        // A figure that allows no value at all ("less than 0" people) is never ordered.
        guard x.unit == y.unit, !x.isEmpty, !y.isEmpty else { return false }
        switch op {
        case .lt: return possibly ? possiblyLess(x, y, orEqual: false) : certainlyLess(x, y, orEqual: false)
        case .le: return possibly ? possiblyLess(x, y, orEqual: true) : certainlyLess(x, y, orEqual: true)
        case .gt: return possibly ? possiblyLess(y, x, orEqual: false) : certainlyLess(y, x, orEqual: false)
        case .ge: return possibly ? possiblyLess(y, x, orEqual: true) : certainlyLess(y, x, orEqual: true)
        case .during:
            let inside =
                (x.lo > y.lo || (x.lo == y.lo && (x.loOpen || !y.loOpen)))
                && (x.hi < y.hi || (x.hi == y.hi && (x.hiOpen || !y.hiOpen)))
            return possibly ? intervalsOverlap(x, y) : inside
        case .overlaps: return intervalsOverlap(x, y)
        default: return false
        }
    default:
        return false
    }
}

/// The sign of `n - d`, worked out without rounding `n` to a double (past 2^53 it would round:
/// 9007199254740993 is not `<=` 9007199254740992.0); nil for nan.
private func exactSign(_ n: Int64, _ d: Double) -> Int? {
    if d.isNaN { return nil }
    if d >= 9_223_372_036_854_775_808.0 { return -1 }
    if d < -9_223_372_036_854_775_808.0 { return 1 }
    let whole = d.rounded(.down)
    let i = Int64(whole)
    if n != i { return n < i ? -1 : 1 }
    return d > whole ? -1 : 0
}

/// A text ordered by its Unicode code points.
private struct TextByCodePoints: Comparable {
    let text: String
    init(_ text: String) { self.text = text }
    static func < (a: Self, b: Self) -> Bool { a.text.unicodeScalars.lexicographicallyPrecedes(b.text.unicodeScalars) }
    static func == (a: Self, b: Self) -> Bool { a.text.unicodeScalars.elementsEqual(b.text.unicodeScalars) }
}

/// An order comparison of values that denote one point each (integers, cents, texts).
private func exactOrder<T: Comparable>(_ x: T, _ op: Comparator, _ y: T) -> Bool {
    switch op {
    case .lt: return x < y
    case .le: return x <= y
    case .gt: return x > y
    case .ge: return x >= y
    default: return false
    }
}

/// Whether two interval ends are too close to order: past 2^53 an end may have been rounded to
/// the nearest double when the interval was made (`more than 9007199254740992` against
/// `9007199254740993`), so ends within a few units in the last place are taken as possibly
/// either way. Below 2^53 every integer and every cent is exact, and nothing changes.
private func tooCloseToOrder(_ x: Double, _ y: Double) -> Bool {
    let big = 9_007_199_254_740_992.0
    guard x.isFinite, y.isFinite, Swift.max(Swift.abs(x), Swift.abs(y)) >= big else { return false }
    return Swift.abs(x - y) <= 4 * Swift.max(x.ulp, y.ulp)
}

/// Every x in a is below (or at most) every y in b.
private func certainlyLess(_ a: Interval, _ b: Interval, orEqual: Bool) -> Bool {
    if tooCloseToOrder(a.hi, b.lo) { return false }
    if a.hi < b.lo { return true }
    if a.hi == b.lo { return orEqual || a.hiOpen || b.loOpen }
    return false
}

/// Some x in a is below (or at most) some y in b.
private func possiblyLess(_ a: Interval, _ b: Interval, orEqual: Bool) -> Bool {
    if a.lo < b.hi || tooCloseToOrder(a.lo, b.hi) { return true }
    if a.lo == b.hi { return orEqual && !a.loOpen && !b.hiOpen }
    return false
}

private func intervalsOverlap(_ a: Interval, _ b: Interval) -> Bool {
    if a.hi < b.lo || b.hi < a.lo { return false }
    if a.hi == b.lo { return !a.hiOpen && !b.loOpen }
    if b.hi == a.lo { return !b.hiOpen && !a.loOpen }
    return true
}

private func overlap(_ a: Value, _ b: Value, strictEnds: Bool) -> Bool {
    // Two durations in whole years and months compare by months: a year's length in days
    // varies, but "nearly five years" is surely less than five years.
    if let x = a.inCalendarMonths, let y = b.inCalendarMonths {
        return overlap(x, y, strictEnds: strictEnds)
    }
    let dates = a.isTime || b.isTime
    guard let ma = a.magnitude(yearAsDate: dates), let mb = b.magnitude(yearAsDate: dates) else { return false }
    switch (ma, mb) {
    case let (.days(a0, a1), .days(b0, b1)): return a0 <= b1 && b0 <= a1
    case let (.interval(x), .interval(y)):
        // A figure that allows no value can be nothing at all, so not the same as another.
        return x.unit == y.unit && !x.isEmpty && !y.isEmpty && intervalsOverlap(x, y)
    default: return false
    }
}

/// A value that denotes exactly one magnitude (no hedge, no span).
private func isExact(_ v: Value) -> Bool {
    switch v.kind {
    case .quantity, .time: return false
    case let .duration(d): return d.years == 0 && d.months == 0
    default: return true
    }
}

/// The total order used to print answers in a stable order: by kind, then naturally within a kind
/// (numbers by magnitude, dates by start then end, text by code points).
func valueOrder(_ a: Value, _ b: Value) -> Bool {
    if a == b { return false }
    if a.isInlineInt && b.isInlineInt { return a.inlineInt < b.inlineInt }
    let ra = rank(a)
    let rb = rank(b)
    if ra != rb { return ra < rb }
    switch (a.kind, b.kind) {
    case let (.symbol(x), .symbol(y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
    case let (.string(x), .string(y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
    case let (.time(x), .time(y)):
        if x.firstDay != y.firstDay { return x.firstDay < y.firstDay }
        if x.lastDay != y.lastDay { return x.lastDay < y.lastDay }
        return x.literal < y.literal
    case let (.claim(x), .claim(y)): return x < y
    case let (.locator(x), .locator(y)): return x < y
    default:
        if case let .interval(x)? = a.magnitude(), case let .interval(y)? = b.magnitude() {
            let ux = "\(x.unit)"
            let uy = "\(y.unit)"
            if ux != uy { return ux < uy }
            if x.lo != y.lo { return x.lo < y.lo }
            if x.hi != y.hi { return x.hi < y.hi }
        }
        return a.literal < b.literal
    }
}

private func rank(_ v: Value) -> Int {
    switch v.kind {
    case .int, .decimal: return 0
    case let .quantity(q):
        switch q.value {
        case .money: return 1
        case .duration: return 2
        default: return 0
        }
    case .money: return 1
    case .duration: return 2
    case .time: return 3
    case .symbol: return 4
    case .string: return 5
    case .locator: return 6
    case .claim: return 7
    }
}

/// Orders rows column by column with `valueOrder`.
func rowOrder(_ a: [Value], _ b: [Value]) -> Bool {
    for i in 0..<min(a.count, b.count) where a[i] != b[i] {
        return valueOrder(a[i], b[i])
    }
    return a.count < b.count
}
