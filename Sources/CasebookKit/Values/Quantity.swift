// Figures as the source states them: money, durations, and hedged counts and amounts.
//
// A hedge ("more than", "at least", "nearly", "as many as", "about") is kept with the figure and
// turns it into an interval of the values it allows. Comparisons over intervals are *certain*
// when they hold for every value in the intervals and *possible* when they hold for some
// (see `Compare.swift`). Hedges use TimeML TIMEX3 `mod` values.

/// An amount of money in a currency, held exactly in hundredths of the unit.
public struct Money: Hashable, Sendable {
    public var currency: String  // "USD", "EUR", "GBP"
    public var cents: Int64

    var symbol: String {
        switch currency {
        case "EUR": return "€"
        case "GBP": return "£"
        default: return "$"
        }
    }

    /// `$100M`, `$1.5B`, `$20,500` read back as `$20500`. Written from the cents in integers:
    /// through a double, an amount past 2^53 cents would print cents it does not have.
    public var literal: String {
        let sign = cents < 0 ? "-" : ""
        let c = cents.magnitude
        /// The amount in units of `unit` cents, when it is at least one and `step` divides it.
        func scaled(_ unit: UInt64, step: UInt64, _ suffix: String) -> String? {
            guard c >= unit, c % step == 0 else { return nil }
            var fraction = String(c % unit / step)
            let places = String(unit / step).count - 1
            fraction = String(repeating: "0", count: places - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return "\(sign)\(symbol)\(c / unit)\(fraction.isEmpty ? "" : "." + fraction)\(suffix)"
        }
        if let s = scaled(100_000_000_000, step: 100_000_000, "B") ?? scaled(100_000_000, step: 100_000, "M")
            ?? scaled(100_000, step: 10_000, "K")
        {
            return s
        }
        if c % 100 == 0 { return "\(sign)\(symbol)\(c / 100)" }
        let hundredths = c % 100
        return "\(sign)\(symbol)\(c / 100).\(hundredths < 10 ? "0" : "")\(hundredths)"
    }
}

/// An ISO 8601 duration. Years and months have no fixed length, so its length in seconds is itself
/// an interval (a month is 28 to 31 days, a year 365 or 366).
public struct Duration: Hashable, Sendable {
    public var years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0

    /// Each part of a duration literal is below this; a duration made any other way (read from
    /// a document) keeps to it too, so that its literal reads back.
    public static let partLimit = 1_000_000

    /// Whether every part is below `partLimit`.
    var fitsLiteral: Bool {
        [years, months, weeks, days, hours, minutes, seconds].allSatisfy { abs($0) < Duration.partLimit }
    }

    public var literal: String {
        var s = "P"
        if years != 0 { s += "\(years)Y" }
        if months != 0 { s += "\(months)M" }
        if weeks != 0 { s += "\(weeks)W" }
        if days != 0 { s += "\(days)D" }
        if hours != 0 || minutes != 0 || seconds != 0 {
            s += "T"
            if hours != 0 { s += "\(hours)H" }
            if minutes != 0 { s += "\(minutes)M" }
            if seconds != 0 { s += "\(seconds)S" }
        }
        return s == "P" ? "P0D" : s
    }

    /// Shortest and longest length in seconds.
    var secondsRange: (Double, Double) {
        let fixed = Double(((weeks * 7 + days) * 24 + hours) * 3600 + minutes * 60 + seconds)
        let day = 86400.0
        // Whole years first (P18M is P1Y6M): twelve months are a year, not 12 × 28 to 12 × 31 days,
        // so these bounds grow with the number of months and agree with comparing by months.
        let totalMonths = years * 12 + months
        let (y, m) = (totalMonths / 12, totalMonths % 12)
        let lo = fixed + Double(y) * 365 * day + Double(m) * 28 * day
        let hi = fixed + Double(y) * 366 * day + Double(m) * 31 * day
        return (lo, hi)
    }
}

/// The quantity a hedge applies to.
public enum Measure: Hashable, Sendable {
    case int(Int64)
    case decimal(Double)
    case money(Money)
    case duration(Duration)

    public var literal: String {
        switch self {
        case let .int(n): return String(n)
        case let .decimal(d): return formatDecimal(d)
        case let .money(m): return m.literal
        case let .duration(d): return d.literal
        }
    }

    var unit: Unit {
        switch self {
        case .int, .decimal: return .number
        case let .money(m): return .money(m.currency)
        case .duration: return .duration
        }
    }

    /// Smallest and largest magnitude the measure itself may denote (only durations are uncertain).
    var bounds: (Double, Double) {
        switch self {
        case let .int(n): return (Double(n), Double(n))
        case let .decimal(d): return (d, d)
        case let .money(m): return (Double(m.cents), Double(m.cents))
        case let .duration(d): return d.secondsRange
        }
    }
}

extension Measure {
    /// The kind of measure a result of several figures is written in, `kind` so far and `next`
    /// taken in: the first figure's, except that a decimal among integers makes a decimal.
    static func widened(_ kind: Measure?, by next: Measure) -> Measure {
        if case .decimal = next, case .int? = kind { return next }
        return kind ?? next
    }
}

extension Value {
    /// A figure's interval and the measure it states (a hedge's bound, a range's lower end);
    /// nil for a value that is no figure.
    var figure: (interval: Interval, stated: Measure)? {
        if case let .quantity(q) = kind { return (Interval.of(q), q.value) }
        return asMeasure.map { (Interval.of($0), $0) }
    }
}

/// What kind of magnitude an interval measures; only like units compare.
enum Unit: Hashable {
    case number
    case money(String)
    case duration
}

/// How the source qualified a figure, keeping the word family it used.
public enum Hedge: String, Hashable, Sendable, CaseIterable {
    case moreThan, atLeast, lessThan, nearly, atMost, about

    /// The TIMEX3 `mod` value.
    public var mod: String {
        switch self {
        case .moreThan: return "MORE_THAN"
        case .atLeast: return "EQUAL_OR_MORE"
        case .lessThan, .nearly: return "LESS_THAN"
        case .atMost: return "EQUAL_OR_LESS"
        case .about: return "APPROX"
        }
    }

    /// The canonical words, as printed.
    public var words: String {
        switch self {
        case .moreThan: return "more than"
        case .atLeast: return "at least"
        case .lessThan: return "less than"
        case .nearly: return "nearly"
        case .atMost: return "as many as"
        case .about: return "about"
        }
    }

    /// Every phrase the parser accepts, longest first so "no more than" wins over "more than".
    static let phrases: [([String], Hedge)] = [
        (["no", "fewer", "than"], .atLeast), (["no", "less", "than"], .atLeast),
        (["no", "more", "than"], .atMost), (["as", "many", "as"], .atMost), (["as", "much", "as"], .atMost),
        (["more", "than"], .moreThan), (["at", "least"], .atLeast), (["less", "than"], .lessThan),
        (["fewer", "than"], .lessThan), (["up", "to"], .atMost), (["at", "most"], .atMost),
        (["over"], .moreThan), (["above"], .moreThan), (["under"], .lessThan), (["below"], .lessThan),
        (["nearly"], .nearly), (["almost"], .nearly), (["about"], .about), (["around"], .about),
        (["roughly"], .about), (["approximately"], .about),
    ]

    /// Half-width of the interval read for "about": the source commits to no bound, so the
    /// reading is stated here once: within 10% either side.
    static let approxSpread = 0.10
}

/// A figure with a hedge: `more than $100M`, `at least 7`, `nearly P5Y`; or a stated range
/// `between 3 and 7` (hedge nil, `upper` set).
public struct Quantity: Hashable, Sendable {
    public var hedge: Hedge?
    public var value: Measure
    public var upper: Measure?

    public var literal: String {
        if let up = upper { return "between \(value.literal) and \(up.literal)" }
        return "\(hedge!.words) \(value.literal)"
    }

    public var mod: String {
        if upper != nil { return "RANGE" }
        return hedge!.mod
    }
}

/// The values a figure allows: lo..hi, either end open or unbounded.
struct Interval: Equatable {
    var unit: Unit
    var lo: Double
    var hi: Double
    var loOpen = false
    var hiOpen = false

    /// True when no value fits, as for "less than 0" of a count.
    var isEmpty: Bool { lo > hi || (lo == hi && (loOpen || hiOpen)) }

    static func of(_ m: Measure) -> Interval {
        let (lo, hi) = m.bounds
        return Interval(unit: m.unit, lo: lo, hi: hi)
    }

    static func of(_ q: Quantity) -> Interval {
        let base = of(q.value)
        if let up = q.upper {
            return Interval(unit: base.unit, lo: base.lo, hi: of(up).hi)
        }
        // Counts, money and durations are never negative, so an upper-bound hedge starts at 0.
        let floor = 0.0
        switch q.hedge! {
        case .moreThan: return Interval(unit: base.unit, lo: base.lo, hi: .infinity, loOpen: true)
        case .atLeast: return Interval(unit: base.unit, lo: base.lo, hi: .infinity)
        case .lessThan, .nearly: return Interval(unit: base.unit, lo: min(floor, base.hi), hi: base.hi, hiOpen: true)
        // Below zero "as many as -5" allows no value, as "less than -5" does: lo > hi. (Taking
        // -5 as the floor made it exactly -5, firmer than a hedge, with `lower` above `upper`.)
        case .atMost: return Interval(unit: base.unit, lo: floor, hi: base.hi)
        case .about:
            let spread = abs(base.hi) * Hedge.approxSpread
            return Interval(unit: base.unit, lo: base.lo - spread, hi: base.hi + spread)
        }
    }
}

extension Interval {
    /// Every sum of a value of each.
    func plus(_ other: Interval) -> Interval {
        Interval(
            unit: unit, lo: lo + other.lo, hi: hi + other.hi, loOpen: loOpen || other.loOpen,
            hiOpen: hiOpen || other.hiOpen)
    }

    /// Every value, negated: the ends swap.
    var negated: Interval { Interval(unit: unit, lo: -hi, hi: -lo, loOpen: hiOpen, hiOpen: loOpen) }

    /// Every value times `k`; a negative `k` swaps the ends, and 0 leaves only 0.
    func scaled(by k: Double) -> Interval {
        if k == 0 { return Interval(unit: unit, lo: 0, hi: 0) }
        let s = Interval(unit: unit, lo: lo * k, hi: hi * k, loOpen: loOpen, hiOpen: hiOpen)
        return k > 0 ? s : Interval(unit: unit, lo: s.hi, hi: s.lo, loOpen: hiOpen, hiOpen: loOpen)
    }

    /// Whether this interval allows every value `other` allows. The ends may miss by a few
    /// units in the last place, the noise of adding decimals ("about" spreads are tenths).
    func holds(_ other: Interval) -> Bool {
        guard unit == other.unit else { return false }
        let loOK: Bool
        if lo == -.infinity {
            loOK = true
        } else {
            let slack = 8 * Swift.max(1, Swift.abs(other.lo)).ulp
            loOK = lo < other.lo - slack || (lo <= other.lo + slack && (!loOpen || other.loOpen || lo < other.lo))
        }
        let hiOK: Bool
        if other.hi == .infinity {
            hiOK = hi == .infinity
        } else if hi == .infinity {
            hiOK = true
        } else {
            let slack = 8 * Swift.max(1, Swift.abs(other.hi)).ulp
            hiOK = hi > other.hi + slack || (hi >= other.hi - slack && (!hiOpen || other.hiOpen || hi > other.hi))
        }
        return loOK && hiOK
    }

    /// The firmest figure that allows every value in this interval, in the kind of measure
    /// `template` is: `hedge` around `nominal` when that holds the interval (`about $6M`),
    /// else a one-sided hedge, else a stated range. Ends are rounded outward, never inward,
    /// so the figure is never firmer than the values it stands for.
    func figure(like template: Measure, preferring hedge: Hedge? = nil, nominal: Measure? = nil) throws -> Value {
        if isEmpty { throw ArithmeticError(message: "the figures allow no value at all") }
        // No hedge says "anything below": "less than" and its kin start at 0.
        if lo == -.infinity {
            throw ArithmeticError(
                message: "the result has no lower bound, which no figure can state",
                hint: "an open-ended figure (more than …) was negated or subtracted from")
        }
        if let h = hedge, let n = nominal {
            let q = Quantity(hedge: h, value: n, upper: nil)
            if Interval.of(q).holds(self) { return .quantity(q) }
        }
        if lo == hi { return .measure(try Interval.measure(lo, like: template, rounding: nil)) }
        let low = try Interval.measure(lo, like: template, rounding: .down)
        if hi == .infinity {
            return .quantity(Quantity(hedge: loOpen ? .moreThan : .atLeast, value: low, upper: nil))
        }
        let high = try Interval.measure(hi, like: template, rounding: .up)
        // The downward hedges start at 0 (see `of(_:)`), so they fit only an interval from 0.
        if lo == 0 { return .quantity(Quantity(hedge: hiOpen ? .lessThan : .atMost, value: high, upper: nil)) }
        return .quantity(Quantity(hedge: nil, value: low, upper: high))
    }

    /// A magnitude (cents for money, seconds for durations) as a measure of `template`'s kind.
    /// `rounding` says which way an end that the kind cannot hold exactly moves; with nil, an
    /// integer that is not whole becomes a decimal.
    static func measure(_ x: Double, like template: Measure, rounding: FloatingPointRoundingRule?) throws -> Measure {
        let whole = x.rounded(rounding ?? .toNearestOrAwayFromZero)
        switch template {
        case let .money(m):
            guard let cents = Int64(exactly: whole) else { throw ArithmeticError(message: "money amount overflows") }
            return .money(Money(currency: m.currency, cents: cents))
        case .decimal: return .decimal(x)
        case .int:
            if rounding == nil && whole != x { return .decimal(x) }
            if let n = Int64(exactly: rounding == nil ? x : whole) { return .int(n) }
            return .decimal(x)
        case .duration:
            guard let total = Int(exactly: whole), Swift.abs(total) < Duration.partLimit * 86400 else {
                throw ArithmeticError(message: "duration out of range")
            }
            var d = Duration()
            d.days = total / 86400
            d.hours = total % 86400 / 3600
            d.minutes = total % 3600 / 60
            d.seconds = total % 60
            return .duration(d)
        }
    }
}

/// Decimals print with at least one digit after the point so they read back as decimals.
func formatDecimal(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
    let s = String(d)  // the shortest text that reads back as d
    guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(s[s.index(after: e)...]) else {
        return s
    }
    // The language has no exponent notation: write 1e+21 as 1000000000000000000000.0 and
    // 1e-07 as 0.0000001, the same digits with the point moved.
    let mantissa = s[..<e].drop { $0 == "-" }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
    var point = parts[0].count + exponent
    if point <= 0 {
        digits = String(repeating: "0", count: 1 - point) + digits
        point = 1
    }
    if digits.count <= point { digits += String(repeating: "0", count: point - digits.count + 1) }
    var fraction = String(digits.dropFirst(point))
    while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
    return (d < 0 ? "-" : "") + digits.prefix(point) + "." + fraction
}
