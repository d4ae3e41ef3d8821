// Reading typed input just far enough to know whether an entry is finished, what the cursor is
// inside of (for completion), and how to store a multi-line entry as one history line.
//
// The real lexer reports problems; this scanner never does. It only follows strings, comments
// and brackets, so that a '.' inside "U.S.", a comment, 1.5 or P4.S1 does not end a clause.

import Foundation

/// What the scanner knows about a piece of REPL input.
struct InputScanner {
    /// An open bracket, and for '(' the relation name written right before it.
    struct Open {
        var bracket: UInt8
        var relation: String?
    }

    enum State: Equatable {
        case code
        /// Inside a string or quoted symbol that opened at this byte offset.
        case quoted(quote: UInt8, start: Int)
        case lineComment
        case blockComment
    }

    private(set) var state: State = .code
    /// Brackets open at the end, innermost last.
    private(set) var open: [Open] = []
    /// Whether a closing bracket came without its opening one (the parser will say where).
    private(set) var unbalanced = false
    /// Whether the text holds anything but whitespace and comments.
    private(set) var hasContent = false
    /// Whether the clause being written at the end has begun (false right after a final '.').
    private(set) var clauseOpen = false
    /// The directive the last clause started with (`.decl` and `.alias` need no final '.').
    private(set) var directive: String?
    /// The last byte outside whitespace and comments.
    private(set) var last: UInt8 = 0

    init(_ text: String) {
        scan(Array(text.utf8))
    }

    /// Whether the entry can be sent: not inside a string or comment, brackets closed, and the
    /// last clause ended with its '.' (or is a `.decl`/`.alias` that is complete without one).
    var isComplete: Bool {
        guard hasContent else { return false }
        switch state {
        case .quoted, .blockComment: return false
        case .code, .lineComment: break
        }
        if unbalanced { return true }
        guard open.isEmpty else { return false }
        if !clauseOpen { return true }
        // `.alias ice: "ICE"` may end without a dot, but not after a ',' or ':'.
        return directive == "alias" && (last == UInt8(ascii: "\"") || last == UInt8(ascii: "'"))
    }

    private mutating func scan(_ b: [UInt8]) {
        func at(_ k: Int) -> UInt8 { k >= 0 && k < b.count ? b[k] : 0 }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isIdent(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 97 && c | 0x20 <= 122) || c == 95 }
        var i = 0
        while i < b.count {
            let c = b[i]
            switch state {
            case .lineComment:
                if c == 10 { state = .code }
                i += 1
                continue
            case .blockComment:
                if c == UInt8(ascii: "*") && at(i + 1) == UInt8(ascii: "/") {
                    state = .code
                    i += 2
                } else {
                    i += 1
                }
                continue
            case let .quoted(quote, _):
                if c == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                // A newline does not close a string here: the lexer will point at it if it is
                // still open when the entry is sent.
                if c == quote {
                    state = .code
                    last = c
                }
                i += 1
                continue
            case .code:
                break
            }
            switch c {
            case 32, 9, 10, 13, 12:
                i += 1
                continue
            case UInt8(ascii: "%"):
                state = .lineComment
                i += 1
                continue
            case UInt8(ascii: "/") where at(i + 1) == UInt8(ascii: "*"):
                state = .blockComment
                i += 2
                continue
            default:
                break
            }
            hasContent = true
            if !clauseOpen {
                clauseOpen = true
                directive = nil
                if c == UInt8(ascii: ".") {
                    var j = i + 1
                    while j < b.count && isIdent(b[j]) { j += 1 }
                    let word = String(decoding: b[(i + 1)..<j], as: UTF8.self)
                    if word == "decl" || word == "alias" {
                        directive = word
                        last = b[j - 1]
                        i = j
                        continue
                    }
                }
            }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                state = .quoted(quote: c, start: i)
            case UInt8(ascii: "("):
                // The relation an argument list belongs to: the name right before the '('.
                var j = i
                while j > 0 && isIdent(b[j - 1]) { j -= 1 }
                let name = j < i ? String(decoding: b[j..<i], as: UTF8.self) : nil
                open.append(Open(bracket: c, relation: name))
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(Open(bracket: c, relation: nil))
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if open.isEmpty {
                    unbalanced = true
                } else {
                    open.removeLast()
                    // `.decl p(a: int)` is complete at its ')'.
                    if open.isEmpty && directive == "decl" && c == UInt8(ascii: ")") { clauseOpen = false }
                }
            case UInt8(ascii: "."):
                let prev = at(i - 1)
                let next = at(i + 1)
                let inNumber = isDigit(prev) && isDigit(next)  // 1.5, $1.5M
                let inLocator = next == UInt8(ascii: "S") && isDigit(at(i + 2))  // P4.S1
                let range = prev == UInt8(ascii: ".") || next == UInt8(ascii: ".")  // 2018..2019
                if !inNumber && !inLocator && !range && open.isEmpty { clauseOpen = false }
            default:
                break
            }
            last = c
            i += 1
        }
    }

    /// One line for the history file: line comments dropped, lines joined with spaces, so that
    /// a multi-line entry comes back whole with Up.
    static func historyLine(_ entry: String) -> String {
        var out: [UInt8] = []
        var state = State.code
        let b = Array(entry.utf8)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 10 || c == 13 {
                if state == .lineComment { state = .code }
                // Lines are joined by one space, without the next line's indentation.
                while let l = out.last, l == 32 || l == 9 { out.removeLast() }
                if !out.isEmpty { out.append(32) }
                i += 1
                while i < b.count && (b[i] == 32 || b[i] == 9) { i += 1 }
                continue
            }
            switch state {
            case .lineComment:
                i += 1
                continue
            case .blockComment:
                if c == UInt8(ascii: "*") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "/") {
                    out.append(contentsOf: [c, b[i + 1]])
                    state = .code
                    i += 2
                    continue
                }
            case let .quoted(quote, _):
                if c == UInt8(ascii: "\\"), i + 1 < b.count, b[i + 1] != 10 {
                    out.append(contentsOf: [c, b[i + 1]])
                    i += 2
                    continue
                }
                if c == quote { state = .code }
            case .code:
                if c == UInt8(ascii: "%") {
                    state = .lineComment
                    i += 1
                    continue
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    state = .quoted(quote: c, start: i)
                } else if c == UInt8(ascii: "/") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "*") {
                    out.append(contentsOf: [c, b[i + 1]])
                    state = .blockComment
                    i += 2
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }
}
