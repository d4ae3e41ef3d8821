// A document loaded at run time: its paragraphs and sentences, addressed by locator.
//
// Paragraphs are blocks of non-blank lines, numbered from 1 (the headline is P1); sentences are
// numbered within their paragraph. Page furniture (a photo credit, a "Latest Podcasts" line) is
// recognised and kept out of the numbering.

import Foundation

/// A plain-text or Markdown document split into located sentences.
public struct Document {
    public var name: String
    public var paragraphs: [[String]]
    /// Lines recognised as page furniture, with the paragraph they sat in.
    public var furniture: [(paragraph: Int, text: String)]

    /// The text at a locator (a sentence, or a whole paragraph), if it exists.
    public func text(at loc: Locator) -> String? {
        guard loc.paragraph >= 1, loc.paragraph <= paragraphs.count else { return nil }
        let p = paragraphs[loc.paragraph - 1]
        if loc.sentence == 0 { return p.joined(separator: " ") }
        guard loc.sentence <= p.count else { return nil }
        return p[loc.sentence - 1]
    }

    public init(name: String, text: String) { self.init(name: name, text: text, checking: {}) }

    /// `check` is called before each line, so that a caller can stop a long document (Ctrl-C in
    /// the REPL) by throwing from it.
    public init(name: String, text: String, checking check: () throws -> Void) rethrows {
        self.name = name
        var paragraphs: [[String]] = []
        var furniture: [(Int, String)] = []
        var block: [String] = []
        func flush() {
            guard !block.isEmpty else { return }
            var content: [String] = []
            for line in block {
                if Document.isFurniture(line) {
                    furniture.append((paragraphs.count + 1, line))
                } else {
                    content.append(line)
                }
            }
            block = []
            if content.isEmpty {
                // A block that is all furniture still occupies its paragraph number.
                paragraphs.append([])
                return
            }
            // No-break and other odd spaces separate sentences as well as a plain space does.
            let joined = content.map { Document.stripMarkdown($0) }.joined(separator: " ")
                .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
            paragraphs.append(Document.sentences(joined))
        }
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            try check()
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush() } else { block.append(line) }
        }
        flush()
        self.paragraphs = paragraphs
        self.furniture = furniture
    }

    static let furniturePatterns = [
        "latest podcasts", "related articles", "read more", "advertisement", "sign up for", "subscribe",
    ]

    /// Page furniture is a short line that is not a sentence: a line that ends as a sentence
    /// ends (".", "!", "?", inside parentheses too) is kept, and a pattern must be a whole word.
    /// Without these, "Subscribers sued ICE in 2019.", "Read more than 5 reports in 2020." and
    /// "(ICE paid $5 million in 2021.)" were dropped, and claims citing them were errors.
    static func isFurniture(_ line: String) -> Bool {
        let l = line.lowercased()
        var end = Substring(l)
        if end.hasSuffix(")") { end = end.dropLast() }
        if let last = end.last, ".!?".contains(last) { return false }
        if line.hasPrefix("(") && line.hasSuffix(")") && line.count < 80 { return true }  // photo credits
        if l.hasPrefix("photo:") || l.hasPrefix("image:") || l.hasPrefix("credit:") { return true }
        return furniturePatterns.contains { pattern in
            guard l.hasPrefix(pattern), l.count < 40 || l == pattern else { return false }
            return l.dropFirst(pattern.count).first.map { !$0.isLetter } ?? true
        }
    }

    static func stripMarkdown(_ line: String) -> String {
        // Dropped at once: one `#` at a time cost the line's length each (800,000 took 7.5 s).
        var s = String(line.drop { $0 == "#" })
        if s.hasPrefix("> ") { s.removeFirst(2) }
        return s.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "").trimmingCharacters(
            in: .whitespaces)
    }

    static let abbreviations: Set<String> = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr",
        "prof", "sen", "rep", "gov", "gen", "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "u.s", "u.k",
        "u.n",
        "e.g", "i.e", "etc", "a.m", "p.m", "d.c",
    ]

    /// US states as AP style abbreviates them after a city: a dateline's "PORTLAND, Ore. (AP) —"
    /// goes on after the state, while "She moved to Salem, Ore. The city …" ends there.
    static let states: Set<String> = [
        "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md",
        "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "okla",
        "ore", "pa", "r.i", "s.c", "s.d", "tenn", "vt", "va", "wash", "w.va", "wis", "wyo",
    ]

    /// Splits a paragraph into sentences; abbreviations, initials and decimals do not end one.
    static func sentences(_ text: String) -> [String] {
        let chars = Array(text)
        var out: [String] = []
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "." || c == "?" || c == "!" {
                var j = i + 1
                while j < chars.count, "\"'”’)".contains(chars[j]) { j += 1 }
                let atEnd = j >= chars.count
                let followedBySpace = !atEnd && chars[j] == " "
                if atEnd || followedBySpace {
                    var k = j
                    while k < chars.count && chars[k] == " " { k += 1 }
                    let nextUpper =
                        k < chars.count && (chars[k].isUppercase || "\"“‘'(".contains(chars[k]) || chars[k].isNumber)
                    // The word before the dot.
                    var w = i - 1
                    while w >= 0 && chars[w] != " " { w -= 1 }
                    let word = String(chars[(w + 1)..<i]).lowercased().trimmingCharacters(
                        in: CharacterSet(charactersIn: "(\"“"))
                    // "PORTLAND, Ore. (Tidewater Wire) —": a state after "City," before the
                    // dateline's credit.
                    let isDateline =
                        states.contains(word) && k < chars.count && chars[k] == "(" && w > 0 && chars[w - 1] == ","
                    let isAbbreviation =
                        c == "."
                        && (abbreviations.contains(word) || (word.count == 1 && word.first!.isLetter) || isDateline)
                    if atEnd || (nextUpper && !isAbbreviation) {
                        out.append(String(chars[start..<j]).trimmingCharacters(in: .whitespaces))
                        start = k
                        i = k
                        continue
                    }
                }
            }
            i += 1
        }
        let rest = String(chars[min(start, chars.count)...]).trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { out.append(rest) }
        return out
    }
}
