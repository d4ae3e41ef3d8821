// Dates with the precision the source gave them.
//
// A `TimeValue` names a span of days: a day, a month, a quarter, a half, a season, a year, or a
// range between two of those. It is read as "some time within this span", so ordering is decided
// only when the spans do not overlap: a month is neither before nor after a day inside it.
// Values follow TIMEX3 (`2021-01-12`, `2019-10`, `2021-Q3`, `2019-SU`, `2018`).

/// A date with its precision, or a range of two such dates.
public indirect enum TimeValue: Hashable, Sendable {
    case day(Int, Int, Int)
    case month(Int, Int)
    case quarter(Int, Int)
    case half(Int, Int)
    /// Seasons of the northern hemisphere: SP, SU, FA, WI (winter runs into the next year).
    case season(Int, String)
    case year(Int)
    case range(TimeValue, TimeValue)

    /// First and last day of the span, as days since 1970-01-01.
    public var firstDay: Int {
        switch self {
        case let .day(y, m, d): return daysFromCivil(y, m, d)
        case let .month(y, m): return daysFromCivil(y, m, 1)
        case let .quarter(y, q): return daysFromCivil(y, (q - 1) * 3 + 1, 1)
        case let .half(y, h): return daysFromCivil(y, (h - 1) * 6 + 1, 1)
        case let .season(y, s):
            switch s {
            case "SP": return daysFromCivil(y, 3, 1)
            case "SU": return daysFromCivil(y, 6, 1)
            case "FA": return daysFromCivil(y, 9, 1)
            default: return daysFromCivil(y, 12, 1)
            }
        case let .year(y): return daysFromCivil(y, 1, 1)
        case let .range(a, _): return a.firstDay
        }
    }

    public var lastDay: Int {
        switch self {
        case let .day(y, m, d): return daysFromCivil(y, m, d)
        case let .month(y, m): return daysFromCivil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1
        case let .quarter(y, q): return q == 4 ? daysFromCivil(y + 1, 1, 1) - 1 : daysFromCivil(y, q * 3 + 1, 1) - 1
        case let .half(y, h): return h == 2 ? daysFromCivil(y + 1, 1, 1) - 1 : daysFromCivil(y, 7, 1) - 1
        case let .season(y, s):
            switch s {
            case "SP": return daysFromCivil(y, 6, 1) - 1
            case "SU": return daysFromCivil(y, 9, 1) - 1
            case "FA": return daysFromCivil(y, 12, 1) - 1
            default: return daysFromCivil(y + 1, 3, 1) - 1
            }
        case let .year(y): return daysFromCivil(y + 1, 1, 1) - 1
        case let .range(_, b): return b.lastDay
        }
    }

    /// The precision's name, as `precision(D)` returns it.
    public var precision: String {
        switch self {
        case .day: return "day"
        case .month: return "month"
        case .quarter: return "quarter"
        case .half: return "half"
        case .season: return "season"
        case .year: return "year"
        case .range: return "range"
        }
    }

    /// The date a range starts with (itself, if not a range): where a new range from it starts.
    var rangeStart: TimeValue {
        if case let .range(a, _) = self { return a }
        return self
    }

    /// The date a range ends with (itself, if not a range).
    var rangeEnd: TimeValue {
        if case let .range(_, b) = self { return b }
        return self
    }

    /// The year of the span's start.
    public var year: Int {
        switch self {
        case let .day(y, _, _), let .month(y, _), let .quarter(y, _), let .half(y, _), let .season(y, _),
            let .year(y):
            return y
        case let .range(a, _): return a.year
        }
    }

    /// The literal that reads back as this value.
    public var literal: String {
        func p2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func p4(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }
        switch self {
        case let .day(y, m, d): return "\(p4(y))-\(p2(m))-\(p2(d))"
        case let .month(y, m): return "\(p4(y))-\(p2(m))"
        case let .quarter(y, q): return "\(p4(y))-Q\(q)"
        case let .half(y, h): return "\(p4(y))-H\(h)"
        case let .season(y, s): return "\(p4(y))-\(s)"
        case let .year(y): return p4(y)
        case let .range(a, b): return "\(a.literal)..\(b.literal)"
        }
    }

    /// Validates the parts of a literal; returns a reason when they do not name a real date.
    static func check(year: Int, month: Int? = nil, day: Int? = nil) -> String? {
        if year < 1 || year > 9999 { return "year \(year) is outside 0001–9999" }
        if let m = month, m < 1 || m > 12 { return "month \(m) does not exist" }
        if let m = month, let d = day {
            let last = daysFromCivil(m == 12 ? year + 1 : year, m == 12 ? 1 : m + 1, 1) - daysFromCivil(year, m, 1)
            if d < 1 || d > last { return "day \(d) does not exist in \(year)-\(m < 10 ? "0" : "")\(m)" }
        }
        return nil
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

/// The calendar date of a day count.
func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}
