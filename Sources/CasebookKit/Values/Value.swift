// The one representation every stage shares: a `Value` is 64 bits.
//
// Joins, deduplication and indexes compare raw 64-bit words, so every value must have exactly
// one encoding. Small integers are stored inline; symbols by their intern number; everything else
// (strings, big integers, decimals, dates, money, durations, hedged figures, claims, locators) is
// interned once in the `Universe` and referred to by number. Two values are the same value exactly
// when their words are equal: that is the identity `=` and unification test.

import Synchronization

/// A value of the language, encoded in one machine word.
public struct Value: Hashable, Sendable {
    public var raw: UInt64

    @inline(__always) init(raw: UInt64) { self.raw = raw }

    static let tagShift: UInt64 = 60
    static let payloadMask: UInt64 = (1 << 60) - 1
    static let intTag: UInt64 = 0
    static let symbolTag: UInt64 = 1
    static let boxedTag: UInt64 = 2

    @inline(__always) var tag: UInt64 { raw >> Value.tagShift }

    /// Integers in ±2^59 inline, larger ones boxed; either way one encoding per integer.
    public static func int(_ n: Int64) -> Value {
        if n >= -(1 << 59) && n < (1 << 59) {
            return Value(raw: UInt64(bitPattern: n) & payloadMask)
        }
        return Universe.shared.box(.bigInt(n))
    }

    public static func symbol(_ name: String) -> Value {
        Value(raw: (symbolTag << tagShift) | UInt64(Universe.shared.intern(name)))
    }

    public static func string(_ s: String) -> Value { Universe.shared.box(.string(s)) }
    public static func decimal(_ d: Double) -> Value { Universe.shared.box(.decimal(d == 0 ? 0 : d)) }
    public static func time(_ t: TimeValue) -> Value { Universe.shared.box(.time(t)) }
    public static func measure(_ m: Measure) -> Value {
        switch m {
        case let .int(n): return .int(n)
        case let .decimal(d): return .decimal(d)
        case let .money(x): return Universe.shared.box(.money(x))
        case let .duration(x): return Universe.shared.box(.duration(x))
        }
    }
    public static func quantity(_ q: Quantity) -> Value { Universe.shared.box(.quantity(q)) }
    public static func claim(_ id: Int) -> Value { Universe.shared.box(.claim(id)) }
    public static func locator(_ l: Locator) -> Value { Universe.shared.box(.locator(l)) }

    @inline(__always) public var isInlineInt: Bool { tag == Value.intTag }

    /// The inline integer payload, sign-extended from 60 bits.
    @inline(__always) var inlineInt: Int64 { Int64(bitPattern: raw << 4) >> 4 }

    /// The structured form of the value, for everything but the hot paths.
    public var kind: Kind {
        switch tag {
        case Value.intTag: return .int(inlineInt)
        case Value.symbolTag: return .symbol(Universe.shared.symbolName(Int(raw & Value.payloadMask)))
        default:
            switch Universe.shared.boxed(Int(raw & Value.payloadMask)) {
            case let .bigInt(n): return .int(n)
            case let .string(s): return .string(s)
            case let .decimal(d): return .decimal(d)
            case let .time(t): return .time(t)
            case let .money(m): return .money(m)
            case let .duration(d): return .duration(d)
            case let .quantity(q): return .quantity(q)
            case let .claim(c): return .claim(c)
            case let .locator(l): return .locator(l)
            }
        }
    }

    /// The decoded shape of a value.
    public enum Kind: Hashable {
        case int(Int64)
        case symbol(String)
        case string(String)
        case decimal(Double)
        case time(TimeValue)
        case money(Money)
        case duration(Duration)
        case quantity(Quantity)
        case claim(Int)
        case locator(Locator)
    }

    /// The literal that reads back as this value (strings quoted and escaped).
    public var literal: String {
        switch kind {
        case let .int(n): return String(n)
        case let .symbol(s): return Value.symbolLiteral(s)
        case let .string(s): return Value.quote(s)
        case let .decimal(d): return formatDecimal(d)
        case let .time(t): return t.literal
        case let .money(m): return m.literal
        case let .duration(d): return d.literal
        case let .quantity(q): return q.literal
        case let .claim(c): return "#\(c)"
        case let .locator(l): return l.literal
        }
    }

    /// The text for tables and CSV: like `literal`, but strings and symbols unquoted.
    public var display: String {
        switch kind {
        case let .string(s): return s
        case let .symbol(s): return s
        default: return literal
        }
    }

    /// The name of the value's type, as used in declarations and messages.
    public var typeName: String {
        switch kind {
        case .int: return "int"
        case .symbol: return "symbol"
        case .string: return "string"
        case .decimal: return "decimal"
        case .time: return "date"
        case .money: return "money"
        case .duration: return "duration"
        case .quantity: return "quantity"
        case .claim: return "claim"
        case .locator: return "locator"
        }
    }

    /// `display` with control characters escaped (`\u{1B}`, `\r`), as a table cell shows it: for
    /// any other place a value is printed to a terminal.
    public var printable: String { Value.escaped(display, quote: nil) }

    static func quote(_ s: String) -> String { "\"" + escaped(s, quote: "\"") + "\"" }

    /// The text with every control character escaped, as a literal writes them, and, for a
    /// literal, `\\` and its quote character too (a table cell shows them as they are). No control
    /// character is printed as itself: a carriage return or an escape sequence in a case's data
    /// would otherwise rewrite what the terminal shows.
    static func escaped(_ s: String, quote: Unicode.Scalar?) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case quote where quote != nil: out += "\\" + String(ch)
            case "\\" where quote != nil: out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isControl(ch) {
                    out += "\\u{" + String(ch.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }

    /// The text with each control character replaced by its picture (U+2400 on; U+FFFD for the
    /// C1 and bidirectional controls, which have none, and for noncharacters), one column each:
    /// for a diagnostic's source line, whose caret must stay in place; for DOT and SVG, which may
    /// not hold them at all; and, `keepingLayout` (line breaks and tabs), for source text and
    /// prose shown as written: a query echoed above its answers, a lesson's narration, a
    /// document's sentence.
    public static func pictured(_ s: String, keepingLayout: Bool = false) -> String {
        guard s.unicodeScalars.contains(where: { isControl($0) || isNoncharacter($0) }) else { return s }
        var out = String.UnicodeScalarView()
        for ch in s.unicodeScalars {
            if keepingLayout && (ch == "\n" || ch == "\t") {
                out.append(ch)
            } else if ch.value < 0x20 {
                out.append(Unicode.Scalar(0x2400 + ch.value)!)
            } else if ch.value == 0x7F {
                out.append("\u{2421}")
            } else if (isControl(ch) && ch.value >= 0x80) || isNoncharacter(ch) {
                out.append("\u{FFFD}")
            } else {
                out.append(ch)
            }
        }
        return String(out)
    }

    /// C0 and C1 control characters and DEL, which a terminal may act on; and the explicit
    /// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
    /// make a terminal that lays out right-to-left text show what follows them reordered: a
    /// value could then appear to be another, or to sit in another column ("Trojan Source";
    /// rustc refuses them in source for the same reason).
    static func isControl(_ ch: Unicode.Scalar) -> Bool {
        ch.value < 0x20 || (ch.value >= 0x7F && ch.value < 0xA0) || (ch.value >= 0x202A && ch.value <= 0x202E)
            || (ch.value >= 0x2066 && ch.value <= 0x2069)
    }

    /// The 66 code points Unicode keeps out of interchange (U+FDD0–U+FDEF and the last two of
    /// every plane). XML 1.0 forbids U+FFFE and U+FFFF even as a reference, so an SVG holding
    /// one is not well-formed, and discourages the rest. (Surrogates, which XML forbids too,
    /// cannot occur in a Swift string.)
    static func isNoncharacter(_ ch: Unicode.Scalar) -> Bool {
        (ch.value >= 0xFDD0 && ch.value <= 0xFDEF) || ch.value & 0xFFFE == 0xFFFE
    }

    /// Symbols that are not plain lowercase identifiers are written in single quotes.
    static func symbolLiteral(_ s: String) -> String {
        let bytes = Array(s.utf8)
        let plain =
            !bytes.isEmpty && bytes[0] >= UInt8(ascii: "a") && bytes[0] <= UInt8(ascii: "z")
            && bytes.allSatisfy {
                ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95
            }
            && !Lexer.keywords.contains(s)
        if plain { return s }
        return "'" + escaped(s, quote: "'") + "'"
    }
}

/// A place in a document: paragraph, and sentence within it (0 = the whole paragraph).
public struct Locator: Hashable, Sendable, Comparable {
    public var paragraph: Int
    public var sentence: Int

    public init(paragraph: Int, sentence: Int) {
        self.paragraph = paragraph
        self.sentence = sentence
    }

    public var literal: String { sentence == 0 ? "P\(paragraph)" : "P\(paragraph).S\(sentence)" }

    public static func < (a: Locator, b: Locator) -> Bool {
        (a.paragraph, a.sentence) < (b.paragraph, b.sentence)
    }

    /// Parses `P4` or `P4.S1`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let p = parts.first, p.first == "P", let pn = Int(p.dropFirst()), pn > 0 else {
            return nil
        }
        paragraph = pn
        sentence = 0
        if parts.count == 2 {
            guard parts[1].first == "S", let sn = Int(parts[1].dropFirst()), sn > 0 else { return nil }
            sentence = sn
        }
    }
}

/// Values that do not fit inline, interned so each has one number.
enum Boxed: Hashable {
    case bigInt(Int64)
    case string(String)
    case decimal(Double)
    case time(TimeValue)
    case money(Money)
    case duration(Duration)
    case quantity(Quantity)
    case claim(Int)
    case locator(Locator)
}

/// The intern tables behind `Value`. One per process: values move freely between sessions.
public final class Universe {
    nonisolated(unsafe) public static let shared = Universe()

    /// Values are made on whichever thread evaluates (tests run in parallel; the REPL evaluates
    /// off its input thread), so every table access holds this lock.
    private let lock = Mutex<Void>(())
    nonisolated(unsafe) private var symbolIndex: [String: Int] = [:]
    nonisolated(unsafe) private var symbols: [String] = []
    nonisolated(unsafe) private var boxIndex: [Boxed: Int] = [:]
    /// Strings, the commonest boxed values, by themselves: hashing a `String` key is much
    /// cheaper than hashing it inside a `Boxed` (a file of a million quoted names showed it).
    nonisolated(unsafe) private var stringIndex: [String: Int] = [:]
    nonisolated(unsafe) private var boxes: [Boxed] = []

    func intern(_ name: String) -> Int {
        lock.withLock { _ in
            if let i = symbolIndex[name] { return i }
            let i = symbols.count
            symbols.append(name)
            symbolIndex[name] = i
            return i
        }
    }

    /// Interns a symbol given as UTF-8 bytes, avoiding a String when it is already known.
    func intern(bytes: ArraySlice<UInt8>) -> Int {
        intern(String(decoding: bytes, as: UTF8.self))
    }

    func symbolName(_ i: Int) -> String { lock.withLock { _ in symbols[i] } }

    func box(_ b: Boxed) -> Value {
        let i: Int = lock.withLock { _ in
            if case let .string(text) = b {
                if let j = stringIndex[text] { return j }
                let j = boxes.count
                boxes.append(b)
                stringIndex[text] = j
                textBytes += text.utf8.count
                return j
            }
            if let j = boxIndex[b] { return j }
            let j = boxes.count
            boxes.append(b)
            boxIndex[b] = j
            return j
        }
        return Value(raw: (Value.boxedTag << Value.tagShift) | UInt64(i))
    }

    func boxed(_ i: Int) -> Boxed { lock.withLock { _ in boxes[i] } }

    /// Bytes of all the distinct texts made so far. An evaluation's budget watches how much this
    /// grows: texts built by rules take memory that the fact limit does not count.
    nonisolated(unsafe) private var textBytes = 0
    var textBytesMade: Int { lock.withLock { _ in textBytes } }

    /// How many distinct boxed values (decimals, amounts, dates, figures, texts, …) have been
    /// made so far. They are kept for good, so an evaluation's budget watches this grow too.
    var valuesMade: Int { lock.withLock { _ in boxes.count } }
}
