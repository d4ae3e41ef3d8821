// Diagnostics are values: every stage returns them and the caller decides how to print them.
//
// Rendering follows rustc and swift-syntax: `file:line:column: error: message`, the source line,
// then a caret line under the span, then an optional hint.

/// One problem found in a program or its input, with the place it points at.
public struct Diagnostic: Error, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var file: SourceFile?
    public var span: SourceSpan
    public var hint: String?
    /// Set on the one diagnostic of a load that Ctrl-C stopped before anything was added.
    public private(set) var isCancellation = false
    /// With `isCancellation`: part of the file was added before Ctrl-C was heard.
    public private(set) var keptSome = false

    public init(
        _ severity: Severity = .error, _ message: String, file: SourceFile?, span: SourceSpan,
        hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.span = span
        self.hint = hint
    }

    /// A diagnostic with no place in a source (a missing file, a usage error).
    public static func plain(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, file: nil, span: .none, hint: hint)
    }

    /// Ctrl-C while a file was read, parsed or checked: nothing of it was added.
    public static func cancelledLoad(_ file: SourceFile) -> Diagnostic {
        var d = Diagnostic.plain("cancelled; \(file.name) was not loaded")
        d.isCancellation = true
        return d
    }

    /// Ctrl-C while a file's clauses were being added: those above `line` stay.
    public static func cancelledLoad(_ file: SourceFile, before line: Int?, withDeclarations: Bool = false)
        -> Diagnostic
    {
        let part = line.map { "the clauses above line \($0)" } ?? "part of it"
        let headers = withDeclarations ? " (with all its .decl and .alias lines, which apply to the whole file)" : ""
        var d = Diagnostic.plain("cancelled; \(part) of \(file.name) were added\(headers), the rest were not")
        d.isCancellation = true
        d.keptSome = true
        return d
    }

    /// How many diagnostics of one batch are shown; the rest are counted. Like a compiler's
    /// error limit: a file of a hundred thousand bad clauses would otherwise print for minutes,
    /// and the first errors are the ones that explain the rest.
    public static let shownLimit = 100

    /// A batch of diagnostics as shown, each followed by a newline: the first `shownLimit`,
    /// then a line saying how many more there are.
    public static func rendered(_ diagnostics: [Diagnostic], color: Bool) -> String {
        var text = ""
        for d in diagnostics.prefix(shownLimit) { text += d.render(color: color) + "\n" }
        if diagnostics.count > shownLimit {
            text += "… and \(diagnostics.count - shownLimit) more, not shown\n"
        }
        return text
    }

    public var description: String { render(color: false) }

    /// The full text: header, source line, caret line and hint.
    public func render(color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let red = color ? (severity == .error ? "\u{1B}[31m" : "\u{1B}[35m") : ""
        let green = color ? "\u{1B}[32m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        // Messages quote values and file names, which may hold control characters: pictured,
        // like the source line below, so that the terminal does not act on them.
        let message = Value.pictured(message, keepingLayout: true)
        let hint = hint.map { Value.pictured($0, keepingLayout: true) }
        guard let file = file else {
            var out = "\(bold)casebook: \(red)\(severity.rawValue):\(reset)\(bold) \(message)\(reset)"
            if let hint = hint { out += "\n  hint: \(hint)" }
            return out
        }
        let (line, column) = file.location(of: span.start)
        var out =
            "\(bold)\(Value.pictured(file.name)):\(line):\(column): \(red)\(severity.rawValue):\(reset)\(bold) \(message)\(reset)\n"
        // Control characters are shown by their pictures, one column each, so that the caret
        // stays under its place and the terminal does not act on them.
        let text = Value.pictured(file.lineText(line).replacingOccurrences(of: "\t", with: " "))
        // Long lines (a 50 MB line is possible) are clipped around the caret.
        let chars = Array(text)
        var from = 0
        if column > 100 { from = column - 60 }
        let to = min(chars.count, from + 160)
        let shown =
            (from > 0 ? "…" : "") + String(chars[min(from, chars.count)..<max(min(from, chars.count), to)])
            + (to < chars.count ? "…" : "")
        out += "  \(shown)\n"
        let (endLine, endColumn) = file.location(of: span.end)
        // Pad and underline by the columns the characters take, not their number: a wide
        // character (東, 😀) takes two, and the caret fell short by one for each before it.
        let start = min(max(0, column - 1), chars.count)
        let end = endLine == line ? min(max(start, endColumn - 1), chars.count) : chars.count
        let width = min(max(1, displayWidth(String(chars[start..<end]))), 160)
        let lead = displayWidth(String(chars[min(from, start)..<start]))
        let pad = String(repeating: " ", count: lead + (from > 0 ? 1 : 0))
        out += "  \(pad)\(green)^\(String(repeating: "~", count: width - 1))\(reset)"
        if let hint = hint { out += "\n  hint: \(hint)" }
        return out
    }
}

/// Several diagnostics at once: the parser recovers and reports every error of a file in one run.
public struct DiagnosticList: Error, CustomStringConvertible {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
    public var description: String { items.map(\.description).joined(separator: "\n") }
}

/// "Did you mean …?": the closest candidate by edit distance, if it is close enough to be a likely typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
    let w = Array(word.lowercased())
    // The distance takes time in the product of the lengths: two names of 20,000 characters
    // took half a minute. A name that long is not a typo of anything, and a candidate whose
    // length differs by more than the distance allowed cannot be close enough.
    guard w.count <= 100 else { return nil }
    let allowed = max(1, w.count / 3)
    var best: (String, Int)?
    for c in candidates where abs(c.count - w.count) <= allowed {
        let d = distance(w, Array(c.lowercased()))
        if w.count > 2 && d <= max(1, w.count / 3), best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
}
