// Arithmetic and built-in functions over values.
//
// Integers are 64-bit and never wrap: overflow is an error, as is division by zero. Money adds to
// money of the same currency and scales by plain numbers. A hedged figure keeps its hedge through
// scaling by a positive number and through adding an exact amount; anything that would lose the
// hedge is an error rather than a silently firmer figure.

/// Why an arithmetic step failed; the evaluator adds the span.
public struct ArithmeticError: Error {
    public var message: String
    public var hint: String?
}

/// An arithmetic operator of the language.
public enum ArithmeticOperator: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "mod"
}

func arithmetic(_ a: Value, _ op: ArithmeticOperator, _ b: Value) throws -> Value {
    if a.isInlineInt && b.isInlineInt { return try intOp(a.inlineInt, op, b.inlineInt) }
    if op == .add || op == .sub {
        if let zero = a.zero(like: b) { return try arithmetic(zero, op, b) }
        if let zero = b.zero(like: a) { return try arithmetic(a, op, zero) }
    }
    switch (a.kind, b.kind) {
    case let (.int(x), .int(y)): return try intOp(x, op, y)
    case (.int, .decimal), (.decimal, .int), (.decimal, .decimal):
        let x = a.asDouble!, y = b.asDouble!
        let r: Double
        switch op {
        case .add: r = x + y
        case .sub: r = x - y
        case .mul: r = x * y
        case .div:
            if y == 0 { throw ArithmeticError(message: "division by zero") }
            r = x / y
        case .mod:
            if y == 0 { throw ArithmeticError(message: "division by zero") }
            r = x.truncatingRemainder(dividingBy: y)
        }
        // Past the largest double the result would be "inf", a value no source states.
        guard r.isFinite else {
            throw ArithmeticError(
                message: "decimal overflow in \(a.display) \(op.rawValue) \(b.display)",
                hint: "decimals are 64-bit floating point and end near 1.8 × 10^308")
        }
        return .decimal(r)
    case let (.money(x), .money(y)):
        guard x.currency == y.currency else {
            throw ArithmeticError(
                message: "cannot combine \(x.currency) and \(y.currency) amounts",
                hint: "amounts in different currencies never add or compare; keep one currency per sum, "
                    + "or group by currency")
        }
        switch op {
        case .add, .sub:
            let (r, o) =
                op == .add ? x.cents.addingReportingOverflow(y.cents) : x.cents.subtractingReportingOverflow(y.cents)
            if o { throw ArithmeticError(message: "money amount overflows") }
            return .measure(.money(Money(currency: x.currency, cents: r)))
        case .div:
            if y.cents == 0 { throw ArithmeticError(message: "division by zero") }
            return .decimal(Double(x.cents) / Double(y.cents))
        default:
            throw ArithmeticError(
                message: "cannot \(op == .mul ? "multiply" : "take the remainder of") two money amounts")
        }
    case let (.duration(x), .duration(y)) where op == .add || op == .sub:
        return .measure(.duration(try combineDurations(x, y, subtract: op == .sub)))
    case let (.duration(x), .int(k)) where op == .mul, let (.int(k), .duration(x)) where op == .mul:
        return .measure(.duration(try scaleDuration(x, by: k)))
    case let (.duration(x), .int(k)) where op == .div:
        return .measure(.duration(try divideDuration(x, by: k)))
    case let (.money(x), _) where b.asDouble != nil && (op == .mul || op == .div):
        return try scaleMoney(x, by: b, divide: op == .div)
    case let (_, .money(y)) where a.asDouble != nil && op == .mul:
        return try scaleMoney(y, by: a, divide: false)
    case let (.quantity(q), _):
        return try hedgedOp(q, op, b, quantityOnLeft: true)
    case let (_, .quantity(q)):
        return try hedgedOp(q, op, a, quantityOnLeft: false)
    default:
        throw ArithmeticError(
            message: "cannot apply '\(op.rawValue)' to \(a.typeName) \(a.literal) and \(b.typeName) \(b.literal)")
    }
}

/// Durations add part by part (`P1Y2M + P3D` is `P1Y2M3D`): a month's length in days depends on
/// which month, so parts are never converted into each other. A difference must leave every
/// part at zero or more; `P1M - P1D` is 27 to 30 days, which no duration states.
private func combineDurations(_ x: Duration, _ y: Duration, subtract: Bool) throws -> Duration {
    let sign = subtract ? -1 : 1
    var r = Duration()
    r.years = x.years + sign * y.years
    r.months = x.months + sign * y.months
    r.weeks = x.weeks + sign * y.weeks
    r.days = x.days + sign * y.days
    r.hours = x.hours + sign * y.hours
    r.minutes = x.minutes + sign * y.minutes
    r.seconds = x.seconds + sign * y.seconds
    let parts = [r.years, r.months, r.weeks, r.days, r.hours, r.minutes, r.seconds]
    if parts.allSatisfy({ $0 <= 0 }) && parts.contains(where: { $0 < 0 }) {
        throw ArithmeticError(message: "\(x.literal) - \(y.literal) would be negative, and a duration cannot be")
    }
    if parts.contains(where: { $0 < 0 }) {
        throw ArithmeticError(
            message: "\(x.literal) - \(y.literal) has no one length",
            hint: "durations subtract part by part, and a month or year is not a fixed number of days; "
                + "compare them instead (P1M > P27D)")
    }
    guard r.fitsLiteral else { throw ArithmeticError(message: "duration out of range") }
    return r
}

/// A duration times a whole number, part by part; a fraction of a month has no one length.
private func scaleDuration(_ x: Duration, by k: Int64) throws -> Duration {
    guard k >= 0, k < Duration.partLimit else {
        throw ArithmeticError(
            message: k < 0 ? "a duration cannot be negative" : "duration out of range",
            hint: k < 0 ? nil : "each part of a duration is below \(Duration.partLimit)")
    }
    let n = Int(k)
    var r = Duration()
    (r.years, r.months, r.weeks, r.days) = (x.years * n, x.months * n, x.weeks * n, x.days * n)
    (r.hours, r.minutes, r.seconds) = (x.hours * n, x.minutes * n, x.seconds * n)
    guard r.fitsLiteral else { throw ArithmeticError(message: "duration out of range") }
    return r
}

/// A duration divided by a whole number, when the result is a whole number of months and of
/// seconds: `P1Y / 2` is `P6M`, `P3D / 2` is `P1DT12H`; `P1M / 3` has no one length.
private func divideDuration(_ x: Duration, by k: Int64) throws -> Duration {
    guard k > 0 else {
        throw ArithmeticError(message: k == 0 ? "division by zero" : "a duration cannot be negative")
    }
    let n = Int(clamping: k)
    var r = Duration()
    let months = x.years * 12 + x.months
    let fixed = (((x.weeks * 7 + x.days) * 24 + x.hours) * 60 + x.minutes) * 60 + x.seconds
    guard months % n == 0, fixed % n == 0 else {
        throw ArithmeticError(
            message: "\(x.literal) / \(k) has no one length",
            hint: "a duration divides into whole months and whole seconds only")
    }
    if x.years % n == 0 && x.months % n == 0 {
        (r.years, r.months) = (x.years / n, x.months / n)
    } else {
        r.months = months / n
    }
    if x.weeks % n == 0 && x.days % n == 0 && x.hours % n == 0 && x.minutes % n == 0 && x.seconds % n == 0 {
        (r.weeks, r.days, r.hours, r.minutes, r.seconds) = (
            x.weeks / n, x.days / n, x.hours / n, x.minutes / n, x.seconds / n
        )
    } else {
        let total = fixed / n
        (r.days, r.hours, r.minutes, r.seconds) = (total / 86400, total % 86400 / 3600, total % 3600 / 60, total % 60)
    }
    return r
}

private func intOp(_ x: Int64, _ op: ArithmeticOperator, _ y: Int64) throws -> Value {
    let r: (Int64, Bool)
    switch op {
    case .add: r = x.addingReportingOverflow(y)
    case .sub: r = x.subtractingReportingOverflow(y)
    case .mul: r = x.multipliedReportingOverflow(by: y)
    case .div:
        if y == 0 { throw ArithmeticError(message: "division by zero", hint: "guard the divisor, e.g. Y != 0") }
        r = x.dividedReportingOverflow(by: y)
    case .mod:
        if y == 0 { throw ArithmeticError(message: "division by zero", hint: "guard the divisor, e.g. Y != 0") }
        // The remainder of the smallest integer by -1 is 0; only the quotient overflows.
        if y == -1 { return .int(0) }
        r = x.remainderReportingOverflow(dividingBy: y)
    }
    if r.1 {
        throw ArithmeticError(
            message: "integer overflow in \(x) \(op.rawValue) \(y)", hint: "integers are 64-bit and never wrap")
    }
    return .int(r.0)
}

/// An amount times or divided by a number, worked out exactly in cents: the decimal is taken as
/// the digits it is written with (`0.0825` is 825/10000). An amount that falls between two
/// cents is those two cents, `between $0.33 and $0.34`: rounding to one of them would state it
/// exactly, and `$1M / 3` times 3 would be certainly below $1M.
private func scaleMoney(_ m: Money, by factor: Value, divide: Bool) throws -> Value {
    if factor.asDouble == 0 && divide { throw ArithmeticError(message: "division by zero") }
    guard let (num, den) = factor.exactRatio else {
        return try scaleMoneyApproximately(m, by: factor.asDouble!, divide: divide)
    }
    var (p, q) = divide ? (Int128(den), Int128(num)) : (Int128(num), Int128(den))
    if q < 0 { (p, q) = (-p, -q) }
    let (quotient, remainder) = (Int128(m.cents) * p).quotientAndRemainder(dividingBy: q)
    let lo = remainder < 0 ? quotient - 1 : quotient
    guard let low = Int64(exactly: lo), let high = Int64(exactly: remainder == 0 ? lo : lo + 1) else {
        throw ArithmeticError(message: "money amount overflows")
    }
    if low == high { return .measure(.money(Money(currency: m.currency, cents: low))) }
    return .quantity(
        Quantity(
            hedge: nil, value: .money(Money(currency: m.currency, cents: low)),
            upper: .money(Money(currency: m.currency, cents: high))))
}

/// `scaleMoney` for a decimal of more digits than 64-bit integers hold: through doubles, with
/// a result within a few units in the last place of a whole cent taken as that cent.
private func scaleMoneyApproximately(_ m: Money, by k: Double, divide: Bool) throws -> Value {
    let cents = divide ? Double(m.cents) / k : Double(m.cents) * k
    guard cents.isFinite, abs(cents) < 9.2e18 else { throw ArithmeticError(message: "money amount overflows") }
    let whole = cents.rounded()
    // Within rounding noise of the cents themselves, not of one cent: `$5 * 1e-19` is 5e-17
    // of a cent, between $0 and $0.01, which a tolerance of a cent's ulp made exactly $0.
    if abs(cents - whole) <= 8 * abs(cents).ulp {
        return .measure(.money(Money(currency: m.currency, cents: Int64(whole))))
    }
    let lo = Money(currency: m.currency, cents: Int64(cents.rounded(.down)))
    let hi = Money(currency: m.currency, cents: Int64(cents.rounded(.up)))
    return .quantity(Quantity(hedge: nil, value: .money(lo), upper: .money(hi)))
}

extension Value {
    /// The integer 0 as the zero of `other`'s unit (`$0`, `€0`, `P0D`): zero is the same amount
    /// in any unit, so the 0 that `sum` gives for no rows compares and adds with money and
    /// durations. Nil unless this is 0 and `other` is money or a duration, hedged or not.
    func zero(like other: Value) -> Value? {
        guard self == .int(0) else { return nil }
        let measure: Measure
        switch other.kind {
        case let .money(m): measure = .money(m)
        case let .duration(d): measure = .duration(d)
        case let .quantity(q): measure = q.value
        default: return nil
        }
        switch measure {
        case let .money(m): return .measure(.money(Money(currency: m.currency, cents: 0)))
        case .duration: return .measure(.duration(Duration()))
        default: return nil
        }
    }

    /// An integer, or a decimal as the digits its shortest text has, as numerator and
    /// denominator; nil when they do not fit in 64 bits.
    var exactRatio: (Int64, Int64)? {
        switch kind {
        case let .int(n): return (n, 1)
        case let .decimal(d):
            guard d.isFinite else { return nil }
            // `description` is the shortest text that reads back as d: "0.0825", "1e-05", "2.5e+20".
            let text = d.description.lowercased()
            let parts = text.split(separator: "e")
            var exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            var digits = String(parts[0])
            let negative = digits.hasPrefix("-")
            if negative { digits.removeFirst() }
            if let point = digits.firstIndex(of: ".") {
                exponent -= digits.distance(from: point, to: digits.endIndex) - 1
                digits.remove(at: point)
            }
            guard var num = Int64(digits) else { return nil }
            var den: Int64 = 1
            while exponent > 0 {
                guard case let (n, false) = num.multipliedReportingOverflow(by: 10) else { return nil }
                num = n
                exponent -= 1
            }
            while exponent < 0 {
                guard case let (n, false) = den.multipliedReportingOverflow(by: 10) else { return nil }
                den = n
                exponent += 1
            }
            return (negative ? -num : num, den)
        default: return nil
        }
    }
}

/// Arithmetic on a hedged figure or a stated range. The result is read off the interval of
/// values the operation can give, so it is never firmer than its operands: `about $5M + $1M`
/// stays `about $6M`, but `about 100 - 95`, whose values run from -5 to 15, is `between -5 and
/// 15` rather than `about 5`. Figures add and subtract, are scaled by any number, and are
/// divided by an amount of their own unit (a ratio); two figures do not multiply or divide.
private func hedgedOp(_ q: Quantity, _ op: ArithmeticOperator, _ other: Value, quantityOnLeft: Bool) throws -> Value {
    if case let .quantity(r) = other.kind {
        let (left, right) = quantityOnLeft ? (q, r) : (r, q)
        return try twoFigures(left, op, right)
    }
    switch op {
    case .add, .sub: break
    case .mul, .div:
        let ratio =
            op == .div && quantityOnLeft && other.asMeasure.map { Interval.of($0).unit == Interval.of(q).unit } == true
        guard other.asDouble != nil || ratio, op == .mul || quantityOnLeft else {
            throw ArithmeticError(
                message: op == .div && !quantityOnLeft
                    ? "cannot divide by the hedged figure \(q.literal)"
                    : "a hedged figure can only be scaled by a number")
        }
    default:
        throw ArithmeticError(message: "cannot apply '\(op.rawValue)' to the hedged figure \(q.literal)")
    }
    let interval = Interval.of(q)
    if interval.isEmpty { throw ArithmeticError(message: "\(q.literal) allows no value") }
    // Unlike units are named with the whole figure: checked below through the figure's stated
    // measure alone, the error named that (`money $3.33` for `between $3.33 and $3.34`).
    let otherUnit = other.asMeasure.map { Interval.of($0).unit }
    if (op == .add || op == .sub) && otherUnit != interval.unit {
        let (a, b) = quantityOnLeft ? (Value.quantity(q), other) : (other, Value.quantity(q))
        throw ArithmeticError(
            message: "cannot apply '\(op.rawValue)' to \(a.typeName) \(a.literal) and \(b.typeName) \(b.literal)")
    }
    // The figure as stated, put through the operation: this checks the units, and is the
    // figure the hedge is kept around when it can be. An integer divided unevenly becomes a
    // decimal, since "nearly 7" halved is "nearly 3.5", not "nearly 3".
    var stated = Value.measure(q.value)
    if op == .div, case let .int(n) = q.value, case let .int(k) = other.kind, n % k != 0 {
        stated = .decimal(Double(n))
    }
    let nominal = quantityOnLeft ? try arithmetic(stated, op, other) : try arithmetic(other, op, stated)
    if let up = q.upper { _ = try arithmetic(.measure(up), op, other) }  // overflow, reported as such
    // Money that does not divide into whole cents comes back as the two cents it lies between.
    var measure = nominal.asMeasure
    if measure == nil, case let .quantity(between) = nominal.kind, between.upper != nil { measure = between.value }
    guard let template = measure else {
        throw ArithmeticError(message: "result \(nominal.literal) cannot carry a hedge")
    }
    var result: Interval
    let x = Interval.of(other.asMeasure!)
    switch op {
    case .add: result = interval.plus(x)
    case .sub: result = quantityOnLeft ? interval.plus(x.negated) : x.plus(interval.negated)
    default:
        // A ratio of like amounts divides by the amount's magnitude, into a plain number.
        let k = other.asDouble ?? x.lo
        result = interval.scaled(by: op == .mul ? k : 1 / k)
    }
    result.unit = Interval.of(template).unit
    // The hedge is kept only where the figure keeps its direction.
    let keeps = op == .add || (op == .sub && quantityOnLeft) || (other.asDouble ?? 1) > 0
    return try result.figure(
        like: template, preferring: keeps ? q.hedge : nil, nominal: q.upper == nil && keeps ? template : nil)
}

/// `a + b` or `a - b` of two figures, by their intervals; they do not multiply or divide.
private func twoFigures(_ a: Quantity, _ op: ArithmeticOperator, _ b: Quantity) throws -> Value {
    guard op == .add || op == .sub else {
        throw ArithmeticError(message: "cannot apply '\(op.rawValue)' to two hedged figures")
    }
    if op == .add { return try hedgedSum([.quantity(a), .quantity(b)]) }
    let (x, y) = (Interval.of(a), Interval.of(b))
    guard x.unit == y.unit else {
        throw ArithmeticError(message: "cannot subtract \(b.literal) from \(a.literal): they measure different things")
    }
    for (q, i) in [(a, x), (b, y)] where i.isEmpty { throw ArithmeticError(message: "\(q.literal) allows no value") }
    return try x.plus(y.negated).figure(like: Measure.widened(a.value, by: b.value))
}

/// Adds figures some of which are hedged, by their bounds: at least 7 + 33 = at least 40.
func hedgedSum(_ values: [Value]) throws -> Value {
    var total = Interval(unit: .number, lo: 0, hi: 0)
    var unit: Unit?
    var allApprox = true
    var nominal = 0.0
    var template: Measure?
    var statedDuration: Duration?
    var hedges: Set<Hedge?> = []
    for v in values {
        guard let (interval, m) = v.figure else {
            throw ArithmeticError(message: "cannot sum \(v.typeName) \(v.literal)")
        }
        if case let .quantity(q) = v.kind {
            if q.hedge != .about { allApprox = false }
            hedges.insert(q.upper == nil ? q.hedge : nil)
            if interval.isEmpty { throw ArithmeticError(message: "cannot sum \(q.literal): it allows no value") }
        }
        if let u = unit, u != interval.unit {
            throw ArithmeticError(
                message: "cannot sum figures of different units: \(values[0].literal) and \(v.literal)",
                hint: "a sum adds figures of one unit: numbers, amounts of one currency, or durations")
        }
        unit = interval.unit
        // The stated durations add part by part, so that months stay months (see below).
        if case let .duration(d) = m {
            statedDuration = try combineDurations(statedDuration ?? Duration(), d, subtract: false)
        }
        template = Measure.widened(template, by: m)
        total.lo += interval.lo
        total.hi += interval.hi
        total.loOpen = total.loOpen || interval.loOpen
        total.hiOpen = total.hiOpen || interval.hiOpen
        nominal += m.bounds.0
    }
    total.unit = unit!
    // A duration's magnitude is a span of seconds (a month is 28 to 31 days); the stated sum
    // keeps its parts, "about P1M + P1M" being "about P2M", not some number of days.
    let stated =
        try statedDuration.map { Measure.duration($0) } ?? Interval.measure(nominal, like: template!, rounding: nil)
    // Durations keep a hedge they all share ("more than P1Y" + P6M is "more than P1Y6M"), for
    // the same reason; other figures are written from their interval.
    var preferred: Hedge? = allApprox ? .about : nil
    if preferred == nil, statedDuration != nil, hedges.count == 1, let h = hedges.first! { preferred = h }
    return try total.figure(like: template!, preferring: preferred, nominal: stated)
}

/// The larger (or smaller) of figures one of which at least is hedged, or nil when they are not
/// all figures of one unit. Its interval runs from the largest lower end to the largest upper
/// end: the larger of "$6M" and "more than $3M" is "at least $6M", since the hedged one may be
/// the larger.
/// The least or greatest of `values` (nil for none), never more certain than they are: the value
/// certainly at least (most) every other when there is one; else, for figures, what the intervals
/// of them all allow (`between 3 and 5`), and for dates the span the extreme may fall in
/// (`2019-10-15..2019`). Values of unlike kinds are never ordered, so their extreme is an error.
func extreme(_ values: [Value], largest: Bool) throws -> Value? {
    guard var best = values.first else { return nil }
    let beyond: Comparator = largest ? .gt : .lt
    for v in values.dropFirst() where compare(v, beyond, best) { best = v }
    if values.allSatisfy({ $0 == best || compare(best, beyond, $0) }) { return best }
    if values.contains(where: \.isTime) {
        var spans: [TimeValue] = []
        for v in values {
            switch v.kind {
            case let .time(t): spans.append(t)
            case let .int(n) where (1...9999).contains(n): spans.append(.year(Int(n)))
            default: throw unlikeKinds(values, largest: largest)
            }
        }
        // The extreme lies between the extreme first day and the extreme last day. The result
        // must not depend on the order of the values: a value that spans exactly that is it,
        // else the range's ends are the finest dates that start and end it.
        let first = largest ? spans.map(\.firstDay).max()! : spans.map(\.firstDay).min()!
        let last = largest ? spans.map(\.lastDay).max()! : spans.map(\.lastDay).min()!
        let exact = zip(values, spans).filter { $0.1.firstDay == first && $0.1.lastDay == last }.map(\.0)
        if let v = exact.min(by: valueOrder) { return v }
        func finest(_ dates: [TimeValue]) -> TimeValue {
            dates.min { ($0.lastDay - $0.firstDay, $0.literal) < ($1.lastDay - $1.firstDay, $1.literal) }!
        }
        let from = finest(spans.map(\.rangeStart).filter { $0.firstDay == first })
        let to = finest(spans.map(\.rangeEnd).filter { $0.lastDay == last })
        return .time(from == to ? from : .range(from, to))
    }
    // The 0 of an empty sum among amounts is their zero (see `zero(like:)`).
    let unit = values.first { Value.int(0).zero(like: $0) != nil }
    let figures = unit.map { u in values.map { $0.zero(like: u) ?? $0 } } ?? values
    for v in figures {
        if case let .quantity(q) = v.kind, Interval.of(q).isEmpty {
            throw ArithmeticError(message: "\(q.literal) allows no value")
        }
    }
    // Durations in whole years and months are weighed in months, as `compare` does, so that the
    // extreme stays in years and months rather than a range of days.
    let months = figures.compactMap(\.inCalendarMonths)
    if months.count == figures.count, let m = try hedgedExtreme(months, largest: largest),
        let d = m.fromCalendarMonths
    {
        return d
    }
    if let figure = try hedgedExtreme(figures, largest: largest) { return figure }
    // Texts, claims and locators each have an order of their own.
    let kinds = Set(values.map(\.typeName))
    guard kinds.count == 1, ["symbol", "string", "claim", "locator"].contains(kinds.first!) else {
        throw unlikeKinds(values, largest: largest)
    }
    return largest ? values.max(by: valueOrder) : values.min(by: valueOrder)
}

private func unlikeKinds(_ values: [Value], largest: Bool) -> ArithmeticError {
    let a = values[0]
    let b = values.first { $0.typeName != a.typeName } ?? values[1]
    return ArithmeticError(
        message:
            "\(largest ? "max" : "min") of values that are never ordered: \(a.typeName) \(a.literal) and \(b.typeName) \(b.literal)",
        hint: "values of different kinds (or money in different currencies) have no order; keep one kind per column")
}

/// The least or greatest of figures, hedged or plain (numbers, money, durations), read off the
/// interval each allows; nil when they are not all figures of one unit, or one allows no value.
func hedgedExtreme(_ values: [Value], largest: Bool) throws -> Value? {
    var intervals: [Interval] = []
    var template: Measure?
    for v in values {
        guard let (i, m) = v.figure, intervals.first.map({ $0.unit == i.unit }) ?? true, !i.isEmpty else {
            return nil
        }
        template = Measure.widened(template, by: m)
        intervals.append(i)
    }
    // An end is open when the value that sets it may not reach it: for the largest of several,
    // the lower end is open if any figure at that end lies strictly above it, the upper end if
    // every figure at that end lies strictly below it.
    func end(_ ends: [(Double, Bool)], highest: Bool, openIfAny: Bool) -> (Double, Bool) {
        let x = highest ? ends.map(\.0).max()! : ends.map(\.0).min()!
        let atX = ends.filter { $0.0 == x }.map(\.1)
        return (x, openIfAny ? atX.contains(true) : atX.allSatisfy { $0 })
    }
    let (lo, loOpen) = end(intervals.map { ($0.lo, $0.loOpen) }, highest: largest, openIfAny: largest)
    let (hi, hiOpen) = end(intervals.map { ($0.hi, $0.hiOpen) }, highest: largest, openIfAny: !largest)
    let result = Interval(unit: intervals[0].unit, lo: lo, hi: hi, loOpen: loOpen, hiOpen: hiOpen)
    // A figure given in the input that is exactly the result keeps its own words; of several
    // (`5` and `5.0`, `about 5` and `between 4.5 and 5.5`), the first in the output order, so
    // that the result does not depend on the order the rows were stated in.
    if let v = zip(values, intervals).filter({ $0.1 == result }).map(\.0).min(by: valueOrder) { return v }
    return try result.figure(like: template!)
}

extension Value {
    var asDouble: Double? {
        switch kind {
        case let .int(n): return Double(n)
        case let .decimal(d): return d
        default: return nil
        }
    }

    var asMeasure: Measure? {
        switch kind {
        case let .int(n): return .int(n)
        case let .decimal(d): return .decimal(d)
        case let .money(m): return .money(m)
        case let .duration(d): return .duration(d)
        default: return nil
        }
    }
}

/// The built-in functions, by name and arity; `Resolver` checks calls against this table.
public enum Builtin: String, CaseIterable, Sendable {
    case abs, year, start, end, precision, lower, upper, amount, hedge, text, length, lowercase, concat, min, max

    var arity: Int {
        switch self {
        case .concat, .min, .max: return 2
        default: return 1
        }
    }

    var summary: String {
        switch self {
        case .abs: return "abs(N): absolute value of a number, amount or figure"
        case .year: return "year(D): the year a date starts in"
        case .start: return "start(D): first day of a date's span"
        case .end: return "end(D): last day of a date's span"
        case .precision: return "precision(D): \"day\", \"month\", \"quarter\", \"year\", \"range\", …"
        case .lower: return "lower(X): the lower bound of a hedged figure (fails if unbounded)"
        case .upper: return "upper(X): the upper bound of a hedged figure (fails if unbounded)"
        case .amount: return "amount(X): the figure a hedge qualifies, without the hedge"
        case .hedge: return "hedge(X): the TIMEX3 mod of a figure (\"MORE_THAN\", …, \"NONE\")"
        case .text: return "text(X): the value written as a string"
        case .length: return "length(S): characters in a string or symbol"
        case .lowercase: return "lowercase(S): a string in lower case"
        case .concat: return "concat(A, B): two values' texts joined"
        case .min: return "min(A, B): the smaller of two numbers"
        case .max: return "max(A, B): the larger of two numbers"
        }
    }
}

extension Builtin {
    /// Whether the function reads or makes a text, in time that grows with its length.
    var readsText: Bool {
        switch self {
        case .text, .length, .lowercase, .concat, .min, .max: return true
        default: return false
        }
    }
}

extension Value {
    /// A string or symbol long enough that handling it takes a noticeable time (64 KiB).
    var isLongText: Bool {
        guard !isInlineInt else { return false }
        switch kind {
        case let .string(s), let .symbol(s): return s.utf8.count > 1 << 16
        default: return false
        }
    }
}

/// The longest text `concat` makes: far beyond any name or quote, well short of memory.
let maxDerivedTextBytes = 64 << 20

/// Applies a built-in; nil means the function has no value here (the rule does not fire).
func applyBuiltin(_ f: Builtin, _ args: [Value]) throws -> Value? {
    let a = args[0]
    switch f {
    case .abs:
        switch a.kind {
        case let .int(n):
            if n == Int64.min { throw ArithmeticError(message: "integer overflow in abs(\(n))") }
            return .int(Swift.abs(n))
        case let .decimal(d): return .decimal(Swift.abs(d))
        case let .money(m):
            if m.cents == Int64.min { throw ArithmeticError(message: "money amount overflows") }
            return .measure(.money(Money(currency: m.currency, cents: Swift.abs(m.cents))))
        case .duration: return a  // no arithmetic makes a duration negative
        case let .quantity(q): return try absoluteFigure(q)
        default: throw ArithmeticError(message: "abs() needs a number, not \(a.typeName) \(a.literal)")
        }
    case .year, .start, .end, .precision:
        var t: TimeValue
        switch a.kind {
        case let .time(x): t = x
        case let .int(n) where (1...9999).contains(n): t = .year(Int(n))
        default: throw ArithmeticError(message: "\(f.rawValue)() needs a date, not \(a.typeName) \(a.literal)")
        }
        switch f {
        case .year: return .int(Int64(t.year))
        case .precision: return .string(t.precision)
        case .start:
            let (y, m, d) = civilFromDays(t.firstDay)
            return .time(.day(y, m, d))
        default:
            let (y, m, d) = civilFromDays(t.lastDay)
            // Winter 9999 ends in February 10000, a day no date literal can name: printed, or
            // recorded as an expected answer, it could not be read back.
            guard y <= 9999 else {
                throw ArithmeticError(
                    message: "end(\(t.literal)) falls after 9999-12-31, the last day a date can name")
            }
            return .time(.day(y, m, d))
        }
    case .lower, .upper:
        guard case let .quantity(q) = a.kind else {
            if a.asMeasure != nil { return a }
            throw ArithmeticError(message: "\(f.rawValue)() needs a figure, not \(a.typeName) \(a.literal)")
        }
        if let up = q.upper { return .measure(f == .lower ? q.value : up) }
        // The bound itself, whether or not the figure may reach it (hedge() tells which);
        // only an unbounded end has no value.
        switch (q.hedge!, f) {
        case (.atLeast, .lower), (.moreThan, .lower), (.atMost, .upper), (.lessThan, .upper),
            (.nearly, .upper):
            return .measure(q.value)
        case (.atMost, .lower), (.nearly, .lower), (.lessThan, .lower):
            return .measure(zero(like: q.value))
        case (.about, _):
            // "about X" spans ±10%. The ends keep X's unit: a number's end may be a decimal
            // ("about 7" runs from 6.3 to 7.7); money's and a duration's round outward.
            let i = Interval.of(q)
            var rounding: FloatingPointRoundingRule? = f == .lower ? .down : .up
            if case .int = q.value { rounding = nil }
            return .measure(try Interval.measure(f == .lower ? i.lo : i.hi, like: q.value, rounding: rounding))
        default: return nil
        }
    case .amount:
        // A range has no one amount: either end alone would state it exactly, so it stays whole.
        if case let .quantity(q) = a.kind, q.upper == nil { return .measure(q.value) }
        return a
    case .hedge:
        if case let .quantity(q) = a.kind { return .string(q.mod) }
        return .string("NONE")
    case .text: return .string(a.display)
    case .length:
        switch a.kind {
        case let .string(s), let .symbol(s): return .int(Int64(s.count))
        default: throw ArithmeticError(message: "length() needs a string, not \(a.typeName) \(a.literal)")
        }
    case .lowercase:
        switch a.kind {
        case let .string(s), let .symbol(s): return .string(s.lowercased())
        default: throw ArithmeticError(message: "lowercase() needs a string, not \(a.typeName) \(a.literal)")
        }
    case .concat:
        let (x, y) = (a.display, args[1].display)
        // A recursive rule can double a text every round; the fact limit counts texts, not their
        // bytes, so without this the doubling exhausts memory within thirty rounds.
        guard x.utf8.count + y.utf8.count <= maxDerivedTextBytes else {
            throw ArithmeticError(
                message: "concat would make a text of more than \(describeBytes(maxDerivedTextBytes))",
                hint: "a rule that joins a text to itself grows it without end")
        }
        return .string(x + y)
    case .min, .max:
        return try extreme([a, args[1]], largest: f == .max)
    }
}

/// The absolute value of a figure: every magnitude a value it allows may have. A figure wholly
/// below zero turns round (`about -$5` is `about $5`); one that spans zero runs from zero to
/// its farther end (`between -3 and 5` is `between 0 and 5`).
private func absoluteFigure(_ q: Quantity) throws -> Value {
    let i = Interval.of(q)
    if i.isEmpty { throw ArithmeticError(message: "\(q.literal) allows no value") }
    if i.lo >= 0 { return .quantity(q) }
    var r = Interval(unit: i.unit, lo: 0, hi: Swift.max(-i.lo, i.hi))
    if i.hi <= 0 { (r.lo, r.loOpen) = (-i.hi, i.hiOpen) }
    r.hiOpen = -i.lo > i.hi ? i.loOpen : i.hi > -i.lo ? i.hiOpen : i.loOpen && i.hiOpen
    let nominal = try Interval.measure(Swift.abs(q.value.bounds.0), like: q.value, rounding: nil)
    return try r.figure(like: q.value, preferring: q.hedge == .about ? .about : nil, nominal: nominal)
}

private func zero(like m: Measure) -> Measure {
    switch m {
    case .int: return .int(0)
    case .decimal: return .decimal(0)
    case let .money(x): return .money(Money(currency: x.currency, cents: 0))
    case .duration: return .duration(Duration())
    }
}
