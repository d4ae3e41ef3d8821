// Lessons: guided tours of a case, written by teachers as plain Markdown.
//
// A lesson is a Markdown file. Each `## heading` starts a step; the text under it is the
// narration. Fenced blocks tagged `casebook` are examples the tour offers to run; blocks
// tagged `casebook exercise` are questions for the learner, holding the solution query, its
// expected answers as `%>` lines (the same notation as scripts) and any `% hint:` lines:
//
//     ```casebook exercise
//     % hint: companies are entities of kind company
//     ?- kind(E, company).
//     %> E
//     %> amazon
//     ```
//
// Fences are CommonMark's (``` or ~~~, three or more). A fence tagged in a way the tour cannot
// read (`casebook exercize`, `casebook-exercise`) is an error, and a lesson with no step at all
// is one too.
//
// A line `<!-- casebook: case=NAME -->` loads a built-in case before the first step.

import Foundation

/// One fenced block of a lesson.
public struct LessonBlock: Sendable {
    public enum Kind: Sendable { case example, exercise }
    public var kind: Kind
    /// The block's text as a program, hints and expectations included (they are comments).
    public var code: String
    /// Line of the block's first code line in the lesson file (1-based).
    public var line: Int
    public var hints: [String]

    /// The block as a source file whose line numbers match the lesson's.
    public func source(lessonName: String) -> SourceFile {
        SourceFile(name: lessonName, text: code, firstLine: line)
    }
}

/// One step: a heading, its narration, and its blocks in order.
public struct LessonStep: Sendable {
    public var title: String
    /// Narration paragraphs and blocks in reading order.
    public var parts: [Part]
    public var line: Int

    public enum Part: Sendable {
        case text(String)
        case block(LessonBlock)
    }

    public var blocks: [LessonBlock] {
        parts.compactMap { if case let .block(b) = $0 { return b } else { return nil } }
    }
}

/// A parsed lesson.
public struct Lesson: Sendable {
    public var name: String
    public var title: String
    public var introduction: String
    public var caseName: String?
    public var steps: [LessonStep]

    /// Parses a lesson; the errors are unclosed or unknown code fences, an unknown case and no steps.
    public static func parse(name: String, text: String) -> (Lesson, [Diagnostic]) {
        var lesson = Lesson(name: name, title: name, introduction: "", caseName: nil, steps: [])
        var diagnostics: [Diagnostic] = []
        // Offsets below count in this text, with CRLF as LF: a diagnostic points into it.
        let unixText = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = unixText.split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        // Where each line starts in `unixText`, in bytes, for the diagnostics' places.
        var lineStarts: [Int] = []
        lineStarts.reserveCapacity(lines.count)
        var offset = 0
        for line in lines {
            lineStarts.append(offset)
            offset += line.utf8.count + 1
        }
        let file = SourceFile(name: name, text: unixText)
        var intro: [String] = []
        var paragraph: [String] = []
        var i = 0

        // The tour prints a lesson's prose as it stands, so its control characters are pictured
        // here (a lesson is input like any other: it must not drive the learner's terminal).
        // Blocks keep theirs, as code; the tour pictures them when it shows them.
        func prose(_ s: some StringProtocol) -> String { Value.pictured(String(s), keepingLayout: true) }

        func flushParagraph() {
            let text = prose(paragraph.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
            paragraph = []
            guard !text.isEmpty else { return }
            if lesson.steps.isEmpty {
                intro.append(text)
            } else {
                lesson.steps[lesson.steps.count - 1].parts.append(.text(text))
            }
        }

        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("<!--"), trimmed.contains("casebook:") {
                if let r = line.range(of: "case=") {
                    let rest = line[r.upperBound...].drop { $0 == " " }
                    let caseName = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                    lesson.caseName = caseName
                    // Said here, with its line, rather than when the tour starts with no place to point.
                    if CaseLibrary.texts[caseName] == nil {
                        let start = lineStarts[i] + line[..<rest.startIndex].utf8.count
                        let known = CaseLibrary.texts.keys.sorted().joined(separator: ", ")
                        diagnostics.append(
                            Diagnostic(
                                .error, "no built-in case '\(caseName)'", file: file,
                                span: SourceSpan(start, start + max(caseName.utf8.count, 1)),
                                hint: "the built-in cases are: \(known)"))
                    }
                }
                i += 1
                continue
            }
            if trimmed.hasPrefix("# ") && lesson.steps.isEmpty && lesson.title == name {
                lesson.title = prose(trimmed.dropFirst(2))
                i += 1
                continue
            }
            if trimmed.hasPrefix("## ") {
                flushParagraph()
                lesson.steps.append(LessonStep(title: prose(trimmed.dropFirst(3)), parts: [], line: i + 1))
                i += 1
                continue
            }
            if let fence = Fence(opening: line) {
                let start = i
                var body: [String] = []
                var closing: String?
                i += 1
                while i < lines.count {
                    if fence.isClosed(by: lines[i]) {
                        closing = lines[i]
                        break
                    }
                    body.append(lines[i])
                    i += 1
                }
                let fenceStart = lineStarts[start] + fence.indent
                if closing == nil {
                    diagnostics.append(
                        Diagnostic(
                            .error, "code block is never closed", file: file,
                            span: SourceSpan(fenceStart, fenceStart + fence.length),
                            hint: fence.length <= 10
                                ? "end the block with a line of \(fence.marks)"
                                : "end the block with a line of at least \(fence.length) \(fence.mark) marks"))
                }
                i += 1
                let tag: LessonBlock.Kind?
                switch fence.tag {
                case let .casebook(kind): tag = kind
                case .other: tag = nil
                case let .unknown(word, at, hint):
                    let wordStart = fenceStart + at
                    diagnostics.append(
                        Diagnostic(
                            .error, "the tour does not know the code block tag '\(word)'", file: file,
                            span: SourceSpan(wordStart, wordStart + word.utf8.count), hint: hint))
                    tag = nil
                }
                guard let kind = tag else {
                    paragraph.append(([lines[start]] + body + (closing.map { [$0] } ?? [])).joined(separator: "\n"))
                    continue
                }
                flushParagraph()
                let hints = body.compactMap { l -> String? in
                    let t = l.trimmingCharacters(in: .whitespaces)
                    guard t.hasPrefix("% hint:") else { return nil }
                    return prose(t.dropFirst("% hint:".count).trimmingCharacters(in: .whitespaces))
                }
                let block = LessonBlock(
                    kind: kind, code: body.joined(separator: "\n") + "\n", line: start + 2, hints: hints)
                if lesson.steps.isEmpty {
                    lesson.steps.append(LessonStep(title: lesson.title, parts: [], line: start + 1))
                }
                lesson.steps[lesson.steps.count - 1].parts.append(.block(block))
                continue
            }
            if trimmed.isEmpty {
                flushParagraph()
            } else {
                paragraph.append(line)
            }
            i += 1
        }
        flushParagraph()
        lesson.introduction = intro.joined(separator: "\n\n")
        // Checked "ok" and toured as a title and nothing else: almost surely not the file meant,
        // or one whose headings are not `## ` ones.
        if lesson.steps.isEmpty && diagnostics.isEmpty {
            diagnostics.append(
                .plain(
                    "the lesson '\(name)' has no steps",
                    hint: "a step starts at a '## ' heading; a ```casebook block before any heading makes one too"))
        }
        return (lesson, diagnostics)
    }
}

/// A fenced code block's opening line, read as CommonMark reads one: three or more backticks
/// or tildes, then an info string whose first word is the block's language. Words are parted by
/// spaces or tabs, so ```` ```casebook<TAB>exercise ```` is an exercise, as a Markdown viewer
/// shows it. Any indentation is taken, as before, so that a block may sit in a list item.
struct Fence {
    var mark: Character
    var length: Int
    /// Bytes of indentation before the fence.
    var indent: Int
    var tag: Tag

    enum Tag {
        case casebook(LessonBlock.Kind)
        /// Another language's block, or none: narration, shown as it stands.
        case other
        /// A tag meant for the tour that it cannot read (a typo such as `casebook exercize`,
        /// `casebook-exercise`): read as narration, it showed the learner the solution and
        /// checked "ok". `at` is the word's place in bytes from the fence.
        case unknown(word: String, at: Int, hint: String)
    }

    /// The fence itself, as a closing line must repeat it.
    var marks: String { String(repeating: mark, count: length) }

    init?(opening line: String) {
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        let rest = line.dropFirst(indentation.count)
        guard let mark = rest.first, mark == "`" || mark == "~" else { return nil }
        let run = rest.prefix { $0 == mark }
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count)
        // CommonMark: ```a``` on a line is inline code, not a fence.
        if mark == "`" && info.contains("`") { return nil }
        self.mark = mark
        length = run.count
        indent = indentation.utf8.count
        var words: [(String, Int)] = []
        var position = run.utf8.count
        var word = ""
        for c in info + " " {
            if c == " " || c == "\t" {
                if !word.isEmpty { words.append((word, position - word.utf8.count)) }
                word = ""
            } else {
                word.append(c)
            }
            position += c.utf8.count
        }
        let marks = String(repeating: mark, count: run.count)
        let known = "the tour runs blocks tagged \(marks)casebook and asks those tagged \(marks)casebook exercise"
        guard let (first, at) = words.first else {
            tag = .other
            return
        }
        if first.lowercased() == "casebook" {
            var kind = LessonBlock.Kind.example
            for (other, at) in words.dropFirst() {
                guard other.lowercased() == "exercise" else {
                    let close = closestMatch(to: other, in: ["exercise"]) != nil
                    tag = .unknown(word: other, at: at, hint: (close ? "did you mean 'exercise'? " : "") + known)
                    return
                }
                kind = .exercise
            }
            tag = .casebook(kind)
        } else if first.lowercased().contains("casebook") || first.lowercased() == "exercise" {
            tag = .unknown(word: first, at: at, hint: known + " (with a space or tab between the words)")
        } else {
            tag = .other
        }
    }

    /// Whether `line` closes this fence: the same mark, at least as many, and nothing after.
    func isClosed(by line: String) -> Bool {
        let rest = line.drop { $0 == " " || $0 == "\t" }
        let run = rest.prefix { $0 == mark }
        return run.count >= length && rest.dropFirst(run.count).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

/// What a learner's answers lack or add, compared with an exercise's expected answers.
public struct AnswerComparison: Sendable {
    public var missing: [[String]]
    public var extra: [[String]]
    /// Set when the learner's query has a different number of columns.
    public var columnCountDiffers: Bool
    public var matches: Bool { missing.isEmpty && extra.isEmpty && !columnCountDiffers }

    /// Compares answer sets by value, ignoring column names and, when that makes them agree,
    /// column order: `?- works_for(W, E, _)` and `?- works_for(X, Y, _)` are the same answer.
    public static func compare(actual: QueryResult, expected: Expectation) -> AnswerComparison {
        let rows = actual.rows.map { $0.map(\.literal) }
        let width = expected.columns?.count ?? expected.rows.first?.count ?? actual.columns.count
        if actual.isGround != (width == 0) || (!rows.isEmpty && rows[0].count != width) {
            return AnswerComparison(
                missing: expected.rows.sorted { $0.lexicographicallyPrecedes($1) }, extra: rows,
                columnCountDiffers: true)
        }
        var best: AnswerComparison?
        for order in permutations(width) {
            let reordered = Set(rows.map { row in order.map { row[$0] } })
            let c = AnswerComparison(
                missing: expected.rows.subtracting(reordered).sorted { $0.lexicographicallyPrecedes($1) },
                extra: reordered.subtracting(expected.rows).sorted { $0.lexicographicallyPrecedes($1) },
                columnCountDiffers: false)
            if c.matches { return c }
            if best == nil { best = c }
        }
        return best!
    }

    /// Column orders to try; beyond four columns only the order as written.
    static func permutations(_ n: Int) -> [[Int]] {
        guard n > 1, n <= 4 else { return [Array(0..<n)] }
        var out: [[Int]] = []
        func build(_ prefix: [Int], _ rest: [Int]) {
            if rest.isEmpty { out.append(prefix); return }
            for (k, x) in rest.enumerated() {
                var r = rest
                r.remove(at: k)
                build(prefix + [x], r)
            }
        }
        build([], Array(0..<n))
        return out
    }
}

/// Runs every block of a lesson and checks each exercise's solution: `casebook tour --check`.
public struct LessonChecker {
    /// The limits every block runs under, so that a runaway rule in a lesson stops with an error.
    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Problems found, each pointing at the lesson line; empty when the lesson is sound.
    public func check(_ lesson: Lesson) -> [String] {
        var problems: [String] = []
        let session = Session()
        session.limits = limits
        if let name = lesson.caseName {
            guard let source = CaseLibrary.source(name) else {
                return ["\(lesson.name): no built-in case '\(name)'"]
            }
            let d = session.load(source)
            if !d.isEmpty { return d.map { $0.render(color: false) } }
        }
        for (n, step) in lesson.steps.enumerated() {
            for block in step.blocks {
                let where_ = "\(lesson.name):\(block.line): step \(n + 1) (\(step.title))"
                let source = block.source(lessonName: lesson.name)
                let (expected, readProblems, _) = Expectations.read(source)
                problems += readProblems.map { $0.render(color: false) }
                // As strict as `run --check`: `%>` lines that no query owns would check nothing.
                problems += Expectations.strays(in: source).map { "\(where_): \($0.render(color: false))" }
                // One entry per query, nil where it failed, so each lines up with its own block:
                // keeping the successes alone moved every later query onto the block before.
                var results: [QueryResult?] = []
                let diagnostics = session.load(source) { outcome in
                    switch outcome {
                    case let .success(r): results.append(r)
                    case let .failure(e):
                        results.append(nil)
                        problems.append("\(where_): \(e.diagnostic.render(color: false))")
                    }
                    return true
                }
                for d in diagnostics { problems.append("\(where_): block does not run\n\(d.render(color: false))") }
                guard diagnostics.isEmpty else { continue }
                if block.kind == .exercise {
                    if results.isEmpty { problems.append("\(where_): exercise has no solution query") }
                    if expected.allSatisfy({ $0 == nil }) {
                        problems.append("\(where_): exercise has no expected answers (%> lines)")
                    }
                }
                for (k, r) in results.enumerated() where k < expected.count {
                    guard let r, let e = expected[k] else { continue }
                    if let misfit = Expectations.misfit(of: e, for: r) {
                        problems.append("\(where_): \(misfit.render(color: false))")
                    } else if let mismatch = Expectations.compare(r, with: e) {
                        problems.append("\(where_): \(mismatch.render())")
                    }
                }
            }
        }
        return problems
    }
}
