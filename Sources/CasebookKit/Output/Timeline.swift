// Timelines: dated answers drawn in order, as aligned text or as SVG.
//
// Precision is drawn honestly: a day is a point, a month, quarter or year is a span of its
// days, a range a bar from its first to its last day. Planned and possible dates are drawn
// differently from reported ones, so a picture never looks firmer than the source.

import Foundation

/// One dated item of a timeline.
public struct TimelineItem: Sendable {
    public var label: String
    public var when: TimeValue
    /// How firmly it is dated: `reported` (or `began`), `planned`, `possible`, …
    public var status: String
    /// Where the date comes from, e.g. `P10.S1`.
    public var locators: [String]

    public var isFirm: Bool { status != "planned" && status != "possible" && status != "expected" }
}

/// Builds and draws timelines.
public enum Timeline {
    /// Items from a query's answers: the date column (`dateColumn`) is the date, a column named
    /// `status` the status, the other columns the label. Answers with no date there are left
    /// out. `sources[i]` are the locators behind answer i, when known; nil if no answer holds a
    /// date.
    /// `stop` is called every few thousand answers, and may throw to give up (the REPL's Ctrl-C).
    public static func items(
        from result: QueryResult, sources: [[String]] = [], stop: () throws -> Void = {}
    ) rethrows -> [TimelineItem]? {
        guard !result.rows.isEmpty else { return [] }
        guard let dateColumn = dateColumn(of: result) else { return nil }
        let statusColumn = result.columns.firstIndex { $0.lowercased() == "status" }
        var out: [TimelineItem] = []
        for (k, row) in result.rows.enumerated() {
            if k & 4095 == 4095 { try stop() }
            guard case let .time(t) = row[dateColumn].kind else { continue }
            let label = row.enumerated().filter { $0.offset != dateColumn && $0.offset != statusColumn }
                .map { $0.element.display.replacingOccurrences(of: "_", with: " ") }
                // An empty text (a mention's hedge, most often) would show as a stray ", ".
                .filter { !$0.isEmpty }.joined(separator: ", ")
            let status = statusColumn.map { row[$0].display } ?? "reported"
            out.append(
                TimelineItem(label: label, when: t, status: status, locators: k < sources.count ? sources[k] : []))
        }
        return out.sorted {
            ($0.when.firstDay, $0.when.lastDay, $0.label) < ($1.when.firstDay, $1.when.lastDay, $1.label)
        }
    }

    /// The column that holds a date in the most answers (the first of equals), or nil if none
    /// does. All answers are counted, not the first: a column may hold `unknown` or a bare
    /// year (an integer) in some answers, and which answer comes first is an accident of order.
    public static func dateColumn(of result: QueryResult) -> Int? {
        var dated = Array(repeating: 0, count: result.columns.count)
        for row in result.rows {
            for (i, value) in row.enumerated() where i < dated.count {
                if case .time = value.kind { dated[i] += 1 }
            }
        }
        guard let most = dated.max(), most > 0 else { return nil }
        return dated.firstIndex(of: most)
    }

    static func year(ofDay d: Int) -> Int { civilFromDays(d).0 }

    /// The first year the axis shows and the year after its last, at least one year apart:
    /// a span that ends before it starts must not turn the axis around.
    static func years(_ items: [TimelineItem]) -> (Int, Int) {
        let y0 = items.map { year(ofDay: min($0.when.firstDay, $0.when.lastDay)) }.min()!
        let y1 = items.map { year(ofDay: max($0.when.firstDay, $0.when.lastDay)) }.max()! + 1
        return (y0, max(y1, y0 + 1))
    }
    static func firstDay(ofYear y: Int) -> Int { daysFromCivil(y, 1, 1) }

    /// Aligned text: date, a bar on a shared axis of years, label and source.
    public static func text(
        _ items: [TimelineItem], width: Int = 100, color: Bool = false, stop: () throws -> Void = {}
    ) rethrows -> String {
        guard !items.isEmpty else { return "(nothing dated)\n" }
        let (y0, y1) = years(items)
        let dateWidth = max(4, items.map { $0.when.literal.count }.max()!)
        let axisWidth = max(12, min(60, width - dateWidth - 34))
        let start = firstDay(ofYear: y0), end = firstDay(ofYear: y1)
        func column(_ day: Int) -> Int {
            min(axisWidth - 1, max(0, (day - start) * axisWidth / max(1, end - start)))
        }
        var out = ""
        // The axis: a tick and the year at the start of each year that is marked, with the year
        // written above it when it does not run into the one before.
        var axis = Array(repeating: Character("─"), count: axisWidth)
        var labels = Array(repeating: Character(" "), count: axisWidth + 4)
        var free = 0
        let step = yearStep(years: y1 - y0, room: Double(axisWidth), labelRoom: 5)
        for y in y0..<y1 where y == y0 || y % step == 0 {
            let c = column(firstDay(ofYear: y))
            axis[c] = "┼"
            guard c >= free else { continue }
            for (i, ch) in String(y).enumerated() where c + i < labels.count { labels[c + i] = ch }
            free = c + String(y).count + 1
        }
        let pad = String(repeating: " ", count: dateWidth + 2)
        out += pad + String(String(labels).reversed().drop { $0 == " " }.reversed()) + "\n"
        out += pad + String(axis) + "\n"
        let dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        for (k, item) in items.enumerated() {
            if k & 4095 == 4095 { try stop() }
            var bar = Array(repeating: Character(" "), count: axisWidth)
            let a = column(item.when.firstDay), b = column(item.when.lastDay)
            // Firm dates are solid; planned ones hollow; possible ones dotted.
            let (point, fill): (Character, Character) =
                item.status == "planned" || item.status == "expected"
                ? ("○", "░") : item.status == "possible" ? ("◌", "┄") : ("●", "█")
            if item.when.firstDay == item.when.lastDay {
                bar[a] = point
            } else {
                for c in a...max(a, b) { bar[c] = fill }
            }
            let date = item.when.literal.padding(toLength: dateWidth, withPad: " ", startingAt: 0)
            // A label is one line, and shows control characters as escapes (`Value.escaped`).
            var label = Value.escaped(item.label.replacingOccurrences(of: "\n", with: " "), quote: nil)
            if !item.isFirm || item.status == "began" { label += " (\(item.status))" }
            let source = item.locators.isEmpty ? "" : " \(dim)\(item.locators.joined(separator: ", "))\(reset)"
            out += "\(date)  \(String(bar))  \(label)\(source)\n"
        }
        out += "\(pad)\(dim)● day  █ month, quarter, year or range  ○░ planned  ◌┄ possible\(reset)\n"
        return out
    }

    /// How many years apart the marked years are: every year while each gets `labelRoom` of the
    /// axis's `room`, else every 2, 5, 10, 20, 50, … years. A case spanning centuries would
    /// otherwise write thousands of years over one another.
    static func yearStep(years: Int, room: Double, labelRoom: Double) -> Int {
        let perYear = room / Double(max(1, years))
        var step = 1
        while Double(step) * perYear < labelRoom && step < 10_000 {
            let digit = String(step).first!
            step = digit == "2" ? step / 2 * 5 : step * 2
        }
        return step
    }

    /// A standalone SVG picture: year marks along the top, one row per item.
    public static func svg(_ items: [TimelineItem], title: String) -> String {
        let rowHeight = 30, top = 70, left = 40, axisWidth = 640, labelGap = 14
        let (y0, y1) = items.isEmpty ? (2000, 2001) : years(items)
        let start = firstDay(ofYear: y0), end = firstDay(ofYear: y1)
        func x(_ day: Int) -> Double {
            Double(left) + Double(day - start) * Double(axisWidth) / Double(max(1, end - start))
        }
        let labelWidth = (items.map { $0.label.count + $0.status.count + 14 }.max() ?? 20) * 7
        let width = left + axisWidth + labelGap + labelWidth + 20
        let height = top + rowHeight * items.count + 50
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="Helvetica, Arial, sans-serif">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="28" font-size="18" font-weight="bold">\(xml(title))</text>

            """
        let step = yearStep(years: y1 - y0, room: Double(axisWidth), labelRoom: 40)
        var free = -Double.infinity
        for y in y0...y1 where y == y0 || y == y1 || y % step == 0 {
            let px = x(firstDay(ofYear: y))
            s += "<line x1=\"\(f(px))\" y1=\"\(top - 14)\" x2=\"\(f(px))\" y2=\"\(height - 40)\" stroke=\"#ddd\"/>\n"
            if y < y1, px >= free {
                s += "<text x=\"\(f(px + 4))\" y=\"\(top - 20)\" font-size=\"13\" fill=\"#555\">\(y)</text>\n"
                free = px + 40
            }
        }
        for (i, item) in items.enumerated() {
            let cy = top + i * rowHeight + rowHeight / 2
            let a = x(item.when.firstDay), b = x(item.when.lastDay + 1)
            let colour = item.status == "possible" ? "#b07d00" : item.isFirm ? "#1f5fa8" : "#2e8b57"
            let dash = item.isFirm ? "" : " stroke-dasharray=\"4 3\""
            let fill = item.isFirm ? colour : "white"
            if item.when.firstDay == item.when.lastDay {
                s +=
                    "<circle cx=\"\(f(a))\" cy=\"\(cy)\" r=\"6\" fill=\"\(fill)\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
            } else {
                let w = max(4, b - a)
                s +=
                    "<rect x=\"\(f(a))\" y=\"\(cy - 7)\" width=\"\(f(w))\" height=\"14\" rx=\"3\" fill=\"\(fill)\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
            }
            var label = "\(item.when.literal)  \(item.label)"
            if !item.isFirm || item.status == "began" { label += " (\(item.status))" }
            s += "<text x=\"\(left + axisWidth + labelGap)\" y=\"\(cy + 5)\" font-size=\"13\">\(xml(label))"
            if !item.locators.isEmpty {
                s +=
                    "<tspan dx=\"6\" fill=\"#888\" font-size=\"11\">\(xml(item.locators.joined(separator: ", ")))</tspan>"
            }
            s += "</text>\n"
        }
        let ly = height - 18
        s += """
            <g font-size="11" fill="#555">
            <rect x="\(left)" y="\(ly - 9)" width="14" height="10" fill="#1f5fa8"/><text x="\(left + 20)" y="\(ly)">reported (a span is the date's precision: month, quarter, year)</text>
            <rect x="\(left + 360)" y="\(ly - 9)" width="14" height="10" fill="white" stroke="#2e8b57" stroke-dasharray="4 3"/><text x="\(left + 380)" y="\(ly)">planned</text>
            <rect x="\(left + 440)" y="\(ly - 9)" width="14" height="10" fill="white" stroke="#b07d00" stroke-dasharray="4 3"/><text x="\(left + 460)" y="\(ly)">possible reading</text>
            </g>
            </svg>

            """
        return s
    }

    static func f(_ d: Double) -> String { String(format: "%.1f", d) }
}

/// Text made safe inside XML elements and attributes. XML may not hold most control characters
/// even escaped, so they become pictures.
func xml(_ s: String) -> String {
    Value.pictured(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
