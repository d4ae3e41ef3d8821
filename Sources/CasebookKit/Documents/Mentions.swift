// Mentions: the dates, figures and names a document states, found without hand-written facts.
//
// Each sentence is cut into tokens and read left to right by small pattern readers, in this order,
// each one claiming the tokens it uses so that no token belongs to two mentions:
//
//   1. explicit dates: "Jan. 12, 2021", "June 2018", "third quarter of 2021", "2018", "mid-2022",
//      and ranges built from two of them ("between April 2018 and August 2020", "from 2014 to 2019");
//   2. relative dates: "earlier this month", "last week", "on Tuesday", "five years ago",
//      "previously", "recently";
//   3. money: "$100M", "more than $8 million", "€1.2 billion", "12 million dollars", and stated
//      ranges ("$5-8 million", "between £8 million and £10 million");
//   4. durations: "nearly five-year", "more than two years", "16-hour", "another decade",
//      "two to three years", "two and a half years", "a year and a half";
//   5. counts: a number followed by what it counts ("33 adults", "at least seven children",
//      "1,000 to 2,000 people", "two thousand five hundred tenants");
//   6. names: capitalised sequences, classified as org, person or place from title words
//      ("CEO", "President-elect"), role nouns ("lawyer", "treasurer"), organisation and place
//      head words ("Department", "Services", "County"), small gazetteers and the rest of the
//      document ("Sollis" after "Miriam Sollis" is the same person).
//
// Values use the language's literals: dates are TIMEX3 values (`2021-01-12`, `2019-10`,
// `2021-Q3`, `2018`, `2018-04..2020-08`), figures keep their hedge (`more than $8M`,
// `as many as 666`, `nearly P5Y`, `between 1000 and 2000`). Three kinds of date are kept as
// text because the document alone does not fix them:
//   - a date without a year is written TIMEX3-style with `XXXX` for the year: `XXXX-09-14`;
//   - a relative expression is `relative:` and the phrase in lower case: `relative:last week`;
//   - a fiscal year is `FY2022` (`FY2021-Q3`, `FY2020-21` for one written with both years,
//     `FY2020..FY2022` for a range of them), whose months depend on who keeps it.
// Given the document's own date (`anchor`), both are resolved where the arithmetic is certain
// ("last month", "yesterday", "three years ago", "Sept. 14"), and the rest stay relative.
//
// The hedge is the TIMEX3 `mod`: MORE_THAN, EQUAL_OR_MORE, LESS_THAN, EQUAL_OR_LESS, APPROX for
// figures (RANGE for a stated range), and for dates START, MID, END ("early 2020", "mid-2022",
// "late 2019") and BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER ("before 2019", "after March 2020",
// "by 2025", "since 2015").
//
// A figure also keeps what the hedge cannot say: its rate ("$5 million a year" is per `P1Y`) and,
// when a modal, a word of expectation or intention, hearsay or a negation governs it ("could
// reach $3 million", "reportedly paid", "did not spend"), its FactBank factuality (`PS+`, `Uu`,
// `CT-`), so that it is never read as a one-off total or as a fact. So does a date ("is
// intended to be opened in the second quarter of 2026" is `Uu`).

import Foundation

/// One thing a document states: a date, an amount, a count, a duration or a name.
public struct Mention: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case date, money, count, duration, org, person, place

        public var isName: Bool { self == .org || self == .person || self == .place }
    }

    public var kind: Kind
    public var locator: Locator
    /// The span exactly as written in the sentence.
    public var text: String
    /// The normalised value: a date, money, duration, count (hedged or not), or a string for
    /// names, year-less dates (`XXXX-09-14`) and relative dates (`relative:last week`).
    public var value: Value
    /// The TIMEX3 `mod` of the hedge, if the text gives one.
    public var mod: String?
    /// What a count counts ("children"), when the text says.
    public var subject: String?
    /// For an acronym, the full name the document gives for it elsewhere.
    public var acronymOf: String?
    /// A title written before a person's name ("CEO", "President-elect", "lawyer").
    public var title: String?
    /// Where the span starts in its sentence, in characters.
    public var offset: Int
    /// How firmly the sentence states a figure or a date, as FactBank factuality, when less than as fact:
    /// `PS+` ("could reach $3 million"), `PR+` ("is expected to cost"), `Uu` ("plans to hire
    /// 300 workers", "reportedly paid", "denied paying"), `PS-` and `PR-` negated ("may not
    /// reach", "is not expected to"), `CT-` for a plain negation ("did not spend", "failed to pay").
    public var factuality: String?
    /// What a figure is a rate of: a duration for "$5 million a year" (`P1Y`), "annually",
    /// "per month", or the thing for "$40 per share" (`share`) and "$500 each" (`each`).
    public var per: Value?

    /// The value as text: a literal for dates and figures, the bare string otherwise.
    public var valueText: String { value.display }

    /// One JSON object on one line: kind, text, locator, value, hedge, then any extra fields.
    public var json: String {
        // The same JSON string escaping as query results (Formatter's jsonString).
        let q = jsonString
        var fields = [
            "\"kind\": \(q(kind.rawValue))", "\"text\": \(q(text))", "\"locator\": \(q(locator.literal))",
            "\"value\": \(q(valueText))", "\"hedge\": \(mod.map(q) ?? "null")",
        ]
        if let s = subject { fields.append("\"subject\": \(q(s))") }
        if let a = acronymOf { fields.append("\"acronym_of\": \(q(a))") }
        if let t = title { fields.append("\"title\": \(q(t))") }
        if let f = factuality { fields.append("\"factuality\": \(q(f))") }
        if let p = per { fields.append("\"per\": \(q(p.display))") }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// Finds the mentions in a document's sentences.
public struct MentionExtractor {
    /// The document's own date, when known: relative and year-less dates are resolved against it.
    public var anchor: TimeValue?

    public init(anchor: TimeValue? = nil) {
        self.anchor = anchor
    }

    /// Every mention in the document, in reading order.
    public func mentions(in document: Document) -> [Mention] { mentions(in: document, checking: {}) }

    /// `check` is called before each sentence, so that a caller can stop a long document
    /// (Ctrl-C in the REPL) by throwing from it.
    public func mentions(in document: Document, checking check: () throws -> Void) rethrows -> [Mention] {
        // Only each sentence's figures and name runs are kept for the second pass: its scan,
        // with a Character and a token of two strings per few bytes, took 50 bytes per byte of
        // the document when kept whole.
        var read: [(figures: [Mention], runs: [NameRun])] = []
        for (p, sentences) in document.paragraphs.enumerated() {
            for (k, text) in sentences.enumerated() {
                try check()
                let scan = SentenceScan(text: text, locator: Locator(paragraph: p + 1, sentence: k + 1), anchor: anchor)
                scan.readFigures()
                scan.readNameRuns()
                read.append((scan.figures, scan.runs))
            }
        }
        let names = NameClassifier(runs: read.flatMap(\.runs))
        var out: [Mention] = []
        for (figures, runs) in read {
            var found = figures
            for run in runs {
                if let m = names.mention(for: run) { found.append(m) }
            }
            found.sort { $0.offset < $1.offset }
            out += found
        }
        return out
    }

    /// The mentions in one sentence read on its own (names are classified without the rest of a document).
    public func mentions(inSentence text: String, locator: Locator = Locator(paragraph: 1, sentence: 1)) -> [Mention] {
        mentions(in: Document(name: "<sentence>", text: text)).map {
            var m = $0
            m.locator = locator
            return m
        }
    }
}

// MARK: - Tokens

struct MToken {
    var text: String
    var lower: String
    var start: Int
    var end: Int
    var spaceBefore: Bool

    var isWord: Bool { text.first.map { $0.isLetter || $0.isNumber } ?? false }
    var isAlpha: Bool { text.first?.isLetter ?? false }
    var isCap: Bool { text.first?.isUppercase ?? false }
    var isDigits: Bool {
        !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "," || $0 == "." } && text.first!.isNumber
    }
    /// The word without a possessive ending.
    var bare: String {
        for suffix in ["'s", "’s"] where text.hasSuffix(suffix) && text.count > 2 { return String(text.dropLast(2)) }
        if text.hasSuffix("s'") || text.hasSuffix("s’") { return String(text.dropLast()) }
        return text
    }
    var isPossessive: Bool { bare != text }
    /// All capitals (with optional dots): "ICE", "U.S.", "N.V.".
    var isAcronym: Bool {
        let letters = bare.filter { $0.isLetter }
        return letters.count >= 2 && letters.allSatisfy { $0.isUppercase }
            && bare.allSatisfy { $0.isLetter || $0 == "." || $0 == "&" }
    }
}

enum Tokenizer {
    static let abbreviations: Set<String> = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr",
        "prof",
        "sen", "rep", "gov", "gen", "st", "jr", "sr", "inc", "corp", "co", "ltd", "mt", "ft", "col", "capt", "lt",
        "sgt",
        "rev", "no", "vs",
    ]

    static func tokens(_ chars: [Character]) -> [MToken] {
        var out: [MToken] = []
        var i = 0
        var space = true
        func isApostrophe(_ c: Character) -> Bool { c == "'" || c == "’" }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                space = true
                i += 1
                continue
            }
            let start = i
            if c.isLetter || c.isNumber {
                i += 1
                while i < chars.count {
                    let d = chars[i]
                    if d.isLetter || d.isNumber {
                        i += 1
                    } else if d == ".", i + 1 < chars.count,
                        (chars[i - 1].isLetter && chars[i + 1].isLetter)
                            || (chars[i - 1].isNumber && chars[i + 1].isNumber)
                    {
                        i += 1  // "U.S", "N.V", "4.5"
                    } else if d == ",", chars[i - 1].isNumber, i + 3 < chars.count,
                        (1...3).allSatisfy({ chars[i + $0].isNumber }), !(i + 4 < chars.count && chars[i + 4].isNumber)
                    {
                        i += 1  // "61,000"
                    } else if isApostrophe(d), i + 1 < chars.count, chars[i + 1].isLetter, chars[i - 1].isLetter {
                        i += 1  // "Brigid's", "wasn't"
                    } else {
                        break
                    }
                }
                var word = String(chars[start..<i])
                // A dot closes an abbreviation or an initialism ("Jan.", "Inc.", "U.S.", "J.").
                if i < chars.count, chars[i] == "." {
                    let lower = word.lowercased()
                    if word.contains(".") && word.first!.isLetter || abbreviations.contains(lower)
                        || (word.count == 1 && word.first!.isUppercase)
                    {
                        i += 1
                        word += "."
                    }
                }
                out.append(MToken(text: word, lower: word.lowercased(), start: start, end: i, spaceBefore: space))
            } else {
                i += 1
                out.append(MToken(text: String(c), lower: String(c), start: start, end: i, spaceBefore: space))
            }
            space = false
        }
        return out
    }
}

// MARK: - Lexicon

enum Lexicon {
    static let smallNumbers: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let scales: [String: Double] = [
        "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3,
        "b": 1e9, "mln": 1e6, "bln": 1e9,
    ]
    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    ]
    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12, "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4,
        "jun.": 6, "jul.": 7, "aug.": 8, "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
    ]
    static let weekdays: [String: Int] = [
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    ]
    static let seasons: [String: String] = [
        "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
    ]

    /// Duration units, singular and plural, as (years, months, weeks, days, hours, minutes).
    static func durationUnit(_ w: String) -> Duration? {
        switch w {
        case "year", "years", "yr", "yrs": return Duration(years: 1)
        case "month", "months": return Duration(months: 1)
        case "week", "weeks": return Duration(weeks: 1)
        case "day", "days": return Duration(days: 1)
        case "hour", "hours": return Duration(hours: 1)
        case "minute", "minutes": return Duration(minutes: 1)
        case "decade", "decades": return Duration(years: 10)
        case "century", "centuries": return Duration(years: 100)
        default: return nil
        }
    }

    /// Hedge phrases, longest first. The Hedge family keeps the words' sense; `mod` is TIMEX3.
    static let hedges: [([String], Hedge)] = [
        (["in", "the", "region", "of"], .about), (["on", "the", "order", "of"], .about),
        (["in", "the", "neighborhood", "of"], .about), (["in", "the", "neighbourhood", "of"], .about),
        (["more", "or", "less"], .about), (["give", "or", "take"], .about), (["as", "low", "as"], .atLeast),
        (["as", "few", "as"], .atLeast), (["as", "little", "as"], .atLeast), (["as", "high", "as"], .atMost),
        (["as", "large", "as"], .atMost), (["just", "short", "of"], .nearly), (["at", "a", "minimum"], .atLeast),
        (["at", "a", "maximum"], .atMost), (["upward", "of"], .moreThan), (["north", "of"], .moreThan),
        (["close", "to"], .nearly), (["shy", "of"], .nearly), (["not", "quite"], .nearly),
        (["not", "even"], .lessThan),
        (["something", "like"], .about), (["more", "like"], .about), (["at", "minimum"], .atLeast),
        (["at", "maximum"], .atMost), (["approaching"], .nearly),
        (["no", "fewer", "than"], .atLeast), (["no", "less", "than"], .atLeast), (["not", "less", "than"], .atLeast),
        (["no", "more", "than"], .atMost), (["not", "more", "than"], .atMost), (["as", "many", "as"], .atMost),
        (["as", "much", "as"], .atMost), (["as", "long", "as"], .atMost), (["in", "excess", "of"], .moreThan),
        (["a", "minimum", "of"], .atLeast), (["a", "maximum", "of"], .atMost),
        (["more", "than"], .moreThan), (["well", "over"], .moreThan), (["just", "over"], .moreThan),
        (["upwards", "of"], .moreThan), (["at", "least"], .atLeast), (["less", "than"], .lessThan),
        (["fewer", "than"], .lessThan), (["just", "under"], .nearly), (["just", "below"], .nearly),
        (["just", "shy", "of"], .nearly), (["up", "to"], .atMost), (["at", "most"], .atMost),
        (["an", "estimated"], .about), (["an", "approximate"], .about), (["~"], .about), (["≈"], .about),
        ([">"], .moreThan), (["<"], .lessThan), (["≥"], .atLeast), (["≤"], .atMost), (["over"], .moreThan),
        (["above"], .moreThan), (["under"], .lessThan),
        (["below"], .lessThan), (["nearly"], .nearly), (["almost"], .nearly), (["about"], .about),
        (["around"], .about), (["roughly"], .about), (["approximately"], .about), (["some"], .about),
        (["approx."], .about), (["circa"], .about),
    ]

    /// Words that end a noun phrase or cannot begin one.
    static let functionWords: Set<String> = [
        "the", "a", "an", "of", "in", "at", "on", "to", "for", "from", "by", "with", "and", "or", "but", "nor", "as",
        "than", "that", "which", "who", "whom", "whose", "were", "was", "are", "is", "be", "been", "being", "have",
        "has",
        "had", "will", "would", "could", "should", "may", "might", "must", "can", "said", "says", "say", "did", "do",
        "does", "not", "no", "while", "when", "where", "since", "before", "after", "during", "per", "its", "their",
        "his", "her", "our", "your", "my", "this", "these", "those", "such", "it", "they", "we", "he", "she", "there",
        "here", "also", "more", "over", "under", "about", "into", "onto", "between", "among", "including",
        "according", "so", "if", "because", "each", "every", "all", "both", "some", "any", "other", "than", "them",
        "us", "you", "i", "me", "him", "if", "then", "yet", "still", "only", "just", "even", "ago", "earlier", "later",
        "until", "through", "via", "up", "down", "out", "off",
    ]

    /// Words that bound a date, longest first, with their TIMEX3 mod. "by 2025" and "until
    /// 2027" allow the date itself (ON_OR_BEFORE); "until at least 2056" bounds it from below.
    static let timeHedges: [([String], String)] = [
        (["until", "at", "least"], "ON_OR_AFTER"), (["till", "at", "least"], "ON_OR_AFTER"),
        (["on", "or", "before"], "ON_OR_BEFORE"), (["on", "or", "after"], "ON_OR_AFTER"),
        (["in", "or", "before"], "ON_OR_BEFORE"), (["in", "or", "after"], "ON_OR_AFTER"),
        (["during", "or", "before"], "ON_OR_BEFORE"), (["during", "or", "after"], "ON_OR_AFTER"),
        (["at", "or", "before"], "ON_OR_BEFORE"), (["at", "or", "after"], "ON_OR_AFTER"),
        (["no", "later", "than"], "ON_OR_BEFORE"), (["not", "later", "than"], "ON_OR_BEFORE"),
        (["no", "earlier", "than"], "ON_OR_AFTER"), (["not", "earlier", "than"], "ON_OR_AFTER"),
        (["at", "the", "latest"], "ON_OR_BEFORE"), (["prior", "to"], "BEFORE"), (["earlier", "than"], "BEFORE"),
        (["later", "than"], "AFTER"), (["up", "to"], "ON_OR_BEFORE"), (["up", "until"], "ON_OR_BEFORE"),
        (["ever", "since"], "ON_OR_AFTER"), (["before"], "BEFORE"), (["after"], "AFTER"), (["since"], "ON_OR_AFTER"),
        (["by"], "ON_OR_BEFORE"), (["until"], "ON_OR_BEFORE"), (["till"], "ON_OR_BEFORE"),
        (["through"], "ON_OR_BEFORE"), (["beyond"], "AFTER"),
    ]

    /// Verbs of change: "rose from 1,000 to 2,000" names two figures, not a range.
    static let changeVerbs: Set<String> = [
        "rose", "risen", "rise", "rises", "rising", "fell", "fallen", "fall", "falls", "falling", "grew", "grown",
        "grow", "grows", "growing", "increased", "increase", "increases", "increasing", "decreased", "decrease",
        "decreasing", "dropped", "drop", "drops", "dropping", "climbed", "climb", "climbing", "jumped", "jump",
        "declined", "decline", "declining", "went", "gone", "going", "cut", "cuts", "cutting", "raised", "raise",
        "raising", "reduced", "reduce", "reducing", "lowered", "lower", "shrank", "shrunk", "shrink", "swelled",
        "swollen", "expanded", "expand", "doubled", "tripled", "halved", "slipped", "soared", "surged", "plunged",
        "slid", "sank", "dipped", "edged", "moved", "changed", "boosted", "trimmed", "slashed",
    ]

    /// Units of measure: a number before one of these is a measurement, not a count.
    static let measureWords: Set<String> = [
        "percent", "per", "percentage", "times", "fold", "points", "point", "miles", "mile", "kilometres", "kilometers",
        "km", "metres", "meters", "m", "feet", "foot", "ft", "inches", "inch", "acres", "acre", "hectares", "tons",
        "tonnes", "ton", "tonne", "pounds", "lbs", "lb", "kilograms", "kg", "grams", "g", "litres", "liters", "gallons",
        "barrels", "degrees", "square", "cubic", "cents", "dollars", "euros", "yen", "mph", "kph", "gigawatts",
        "megawatts", "watts", "bytes", "gb", "mb", "to",
    ]

    /// Currencies named in words: a number before one is an amount of money, never a count.
    static let currencyNouns: Set<String> = [
        "dollars", "dollar", "euros", "euro", "pounds", "francs", "pesos", "rupees", "rubles", "roubles", "kronor",
        "kroner", "kronur", "shekels", "dinars", "dirhams", "riyals", "rials", "reais", "yuan", "yen", "renminbi",
        "rand", "lira", "lire", "zlotys", "forints", "ringgit", "bahts", "cents", "pence", "sterling",
    ]

    static let irregularPlurals = [
        "children", "people", "men", "women", "staff", "personnel", "police", "feet", "cattle", "crew", "youth",
        "clergy",
    ]

    static func isPluralNoun(_ w: String) -> Bool {
        if irregularPlurals.contains(where: { w.hasSuffix($0) }) { return true }
        guard w.count > 3, w.hasSuffix("s"), !functionWords.contains(w) else { return false }
        return !w.hasSuffix("ss") && !w.hasSuffix("us") && !w.hasSuffix("is") && !w.hasSuffix("ous")
    }

    // Names.

    /// Titles written before a person's name, capitalised.
    static let titles: Set<String> = [
        "president", "vice", "premier", "prime", "minister", "judge", "senator", "sen.", "rep.", "representative",
        "gov.", "governor", "mayor", "chancellor", "secretary", "director", "chairman", "chairwoman", "chair",
        "commissioner", "sheriff", "inspector", "general", "gen.", "colonel", "col.", "captain", "capt.", "lt.",
        "sgt.", "sergeant", "officer", "detective", "dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss",
        "prof.", "professor", "rev.", "reverend", "father", "sister", "pope", "king", "queen", "prince", "princess",
        "lord", "lady", "sir", "dame", "ceo", "cfo", "coo", "cto", "speaker", "ambassador", "councillor",
        "councilman", "councilwoman", "alderman", "superintendent", "coach", "pastor", "rabbi", "imam", "bishop",
        "cardinal", "attorney", "justice", "chief", "executive", "founder", "dean", "lieutenant", "trustee",
        "councilor", "assemblyman", "assemblywoman", "congressman", "congresswoman", "deputy", "magistrate",
        "constable", "marshal", "admiral", "major", "chancellor", "provost", "rector", "ombudsman", "registrar",
    ]

    /// Role nouns: written just before a name ("lawyer Ana Ruiz"), or after it in apposition
    /// ("Ana Ruiz, a lawyer"), they mark a person.
    static let roles: Set<String> = [
        "chair", "chairman", "chairwoman", "president", "executive", "officer", "director", "founder", "co-founder",
        "cofounder", "treasurer", "secretary", "spokesperson", "spokesman", "spokeswoman", "lawyer", "attorney",
        "employee", "engineer", "analyst", "economist", "professor", "minister", "senator", "judge", "mayor",
        "governor", "manager", "editor", "reporter", "journalist", "researcher", "scientist", "author", "activist",
        "resident", "nurse", "doctor", "physician", "official", "leader", "head", "owner", "investor", "ceo", "cfo",
        "coo", "cto", "councillor", "commissioner", "chief", "worker", "student", "teacher", "prosecutor",
        "detective", "candidate", "lawmaker", "representative", "consultant", "adviser", "advisor", "organiser",
        "organizer", "volunteer", "member", "partner", "mother", "father", "son", "daughter", "wife", "husband",
        "farmer", "pilot", "developer", "designer", "programmer", "superintendent", "sheriff", "historian",
        "spokesperson", "accountant", "banker", "trader", "clerk", "auditor", "inspector", "administrator",
        "vice-president", "deputy", "aide", "staffer", "whistleblower", "plaintiff", "defendant", "witness",
    ]

    /// Words that make a name an organisation's.
    static let orgWords: Set<String> = [
        "agency", "administration", "authority", "association", "bank", "board", "bureau", "commission", "committee",
        "company", "co.", "corp.", "corp", "corporation", "council", "court", "department", "foundation", "fund",
        "group", "holding", "holdings", "inc.", "inc", "institute", "llc", "llp", "lp", "ltd.", "ltd", "plc", "n.v.",
        "s.a.", "ag", "gmbh", "ministry", "news", "office", "organization", "organisation", "party", "service",
        "services", "society", "systems", "technologies", "technology", "times", "post", "union", "university",
        "college", "school", "academy", "hospital", "clinic", "centre", "center", "capital", "partners", "ventures",
        "labs", "laboratories", "industries", "enterprises", "solutions", "consulting", "utilities", "airlines",
        "airways", "motors", "pharmaceuticals", "robotics", "energy", "media", "network", "networks", "studios",
        "records", "press", "journal", "herald", "tribune", "gazette", "federation", "league", "alliance",
        "coalition", "program", "programme", "trust", "reserve", "exchange", "secretariat", "parliament",
        "congress", "senate", "assembly", "cabinet", "house", "army", "navy", "guard", "corps", "museum", "library",
        "church", "brands", "foods", "stores", "markets", "insurance", "bancorp", "software", "electronics",
        "communications", "telecom", "railways", "railway", "police", "forces", "institution", "commission",
        "tribunal", "directorate", "bureau", "command", "council", "club", "team", "cooperative", "co-op",
        "collective", "caucus", "firm", "platforms", "therapeutics", "biosciences", "analytics", "logistics",
        "dynamics", "aerospace", "shipping", "mining", "petroleum", "oil", "gas", "steel", "chemicals", "motors",
        "entertainment", "pictures", "works", "elementary", "academy", "seminary", "polytechnic", "kindergarten",
        "broadcasting", "radio", "television", "tv", "magazine", "review", "wire",
    ]

    /// Words that make a name a place's.
    static let placeWords: Set<String> = [
        "county", "city", "valley", "river", "lake", "bay", "harbor", "harbour", "island", "islands", "mountain",
        "mountains", "mount", "mt.", "province", "state", "region", "district", "coast", "beach", "heights",
        "springs", "falls", "creek", "hills", "village", "town", "township", "borough", "parish", "peninsula",
        "desert", "forest", "canyon", "port", "gulf", "sea", "ocean", "street", "avenue", "road", "square", "strait",
        "territory", "territories", "prefecture", "oblast", "republic", "kingdom", "emirates", "plains", "basin",
        "field", "stadium", "arena", "airport", "station", "bridge", "plaza", "mall", "tower", "dam", "pier",
    ]

    /// Place words written before the rest of the name.
    static let placePrefixes: Set<String> = [
        "port", "mount", "mt.", "lake", "fort", "cape", "isle", "lake", "point", "glen",
    ]

    /// Words that join capitalised words into one name when an organisation or place word precedes.
    static let ofHeads: Set<String> = orgWords.union(placeWords).union([
        "secretary", "friends", "sisters", "daughters", "sons", "chamber", "bank", "isle", "united",
    ])

    /// Countries, states, continents, regions and large cities.
    static let places: Set<String> = {
        let list = """
            Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain \
            Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei Bulgaria \
            Burundi Cambodia Cameroon Canada Chad Chile China Colombia Congo Croatia Cuba Cyprus Czechia Denmark \
            Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia \
            Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India \
            Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait \
            Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar \
            Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia \
            Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria Norway \
            Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania Russia \
            Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden \
            Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu \
            Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe America Britain \
            England Scotland Wales Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida \
            Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan \
            Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee \
            Texas Utah Vermont Virginia Washington Wisconsin Wyoming Ontario Quebec Alberta Manitoba Saskatchewan \
            Europe Asia Africa Oceania Antarctica Australasia Scandinavia Balkans Caribbean Arctic London Paris \
            Berlin Brussels Madrid Rome Vienna Amsterdam Dublin Lisbon Athens Warsaw Prague Budapest Stockholm Oslo \
            Copenhagen Helsinki Moscow Kyiv Kiev Istanbul Ankara Cairo Lagos Nairobi Johannesburg Tokyo Beijing \
            Shanghai Seoul Delhi Mumbai Bangalore Karachi Dhaka Jakarta Manila Bangkok Hanoi Sydney Melbourne \
            Auckland Toronto Montreal Vancouver Ottawa Chicago Boston Seattle Houston Dallas Atlanta Miami Denver \
            Phoenix Philadelphia Detroit Baltimore Portland Austin Geneva Zurich Frankfurt Munich Hamburg Milan \
            Barcelona Edinburgh Glasgow Manchester Birmingham Liverpool Belfast Jerusalem Tehran Baghdad Riyadh \
            Dubai Doha Singapore Brooklyn Manhattan Silicon Hollywood Wall Baltimore Ottawa Havana Lima Bogota \
            Santiago Caracas Quito
            """
        var set = Set(list.split(separator: " ").map(String.init))
        for multi in [
            "New York", "New Jersey", "New Mexico", "New Hampshire", "North Carolina", "South Carolina", "North Dakota",
            "South Dakota", "West Virginia", "Rhode Island", "New Zealand", "South Africa", "South Korea",
            "North Korea", "Saudi Arabia", "United States", "United Kingdom", "Sri Lanka", "Costa Rica",
            "El Salvador", "Puerto Rico", "Hong Kong", "Los Angeles", "San Francisco", "San Diego", "San Jose",
            "Las Vegas", "New Orleans", "Washington D.C.", "Mexico City", "North America", "South America",
            "Latin America", "Central America", "Middle East", "Southeast Asia", "East Asia", "South Asia",
            "Central Asia", "West Africa", "East Africa", "Sub-Saharan Africa", "Western Europe", "Eastern Europe",
            "Silicon Valley", "British Columbia", "Nova Scotia", "Buenos Aires", "Rio de Janeiro", "Sao Paulo",
            "Tel Aviv", "Abu Dhabi", "Kuala Lumpur", "Cape Town", "St. Louis", "Ivory Coast", "Gaza Strip",
            "West Bank",
        ] { set.insert(multi) }
        return set
    }()

    /// Abbreviated places written in capitals.
    static let placeAcronyms: Set<String> = [
        "U.S.", "US", "USA", "U.S.A.", "U.K.", "UK", "UAE", "D.C.", "NYC", "L.A.", "EU", "E.U.",
    ]

    /// Capitalised abbreviations that are not names.
    static let commonAcronyms: Set<String> = [
        "CEO", "CFO", "COO", "CTO", "CIO", "IT", "TV", "AI", "PR", "HR", "ID", "OK", "GDP", "PDF", "FAQ", "USB", "DNA",
        "COVID", "AM", "PM", "GMT", "EST", "PST", "UTC", "VAT", "IPO", "ETF", "ATM", "SUV", "NGO", "LGBT", "LGBTQ",
        "CCTV", "ICU", "ER", "VIP", "FY", "Q1", "Q2", "Q3", "Q4", "AP", "OR", "A.M.", "P.M.", "I", "A", "II", "III",
        "IV", "LLC", "INC", "SA", "NV", "ESG", "API", "SaaS", "PhD", "MBA", "MP", "MPS",
    ]

    /// Capitalised words that begin sentences without being names.
    static let sentenceStarters: Set<String> = [
        "the", "a", "an", "in", "on", "at", "under", "over", "it", "its", "her", "his", "their", "our", "my", "your",
        "we", "they", "he", "she", "i", "you", "this", "that", "these", "those", "such", "neither", "either",
        "both", "whether", "meanwhile", "however", "earlier", "later", "last", "next", "each", "every", "some",
        "many", "most", "several", "after", "before", "during", "despite", "according", "continuing", "former",
        "now", "then", "there", "here", "while", "when", "where", "why", "how", "what", "who", "which", "but", "and",
        "or", "so", "yet", "if", "as", "also", "still", "since", "until", "for", "from", "with", "without", "by",
        "to", "of", "about", "among", "between", "nobody", "no", "not", "all", "any", "one", "other", "another",
        "more", "less", "few", "much", "instead", "indeed", "though", "although", "because", "once", "even",
        "only", "just", "new", "old", "officials", "critics", "supporters", "experts", "analysts", "sources",
        "police", "prosecutors", "residents", "workers", "employees", "others", "people", "asked", "told",
        "said", "says", "like", "unlike", "following", "along", "amid", "against", "beyond", "within", "upon",
        "whose", "first", "second", "third", "finally", "separately", "currently", "recently", "previously",
    ]

    /// Demonyms: "Dutch group", "European regulators" are not names of anything.
    static func isDemonym(_ w: String) -> Bool {
        let l = w.lowercased()
        if [
            "dutch", "french", "swiss", "thai", "greek", "british", "irish", "welsh", "scottish", "english", "danish",
            "finnish", "polish", "swedish", "turkish", "spanish", "german", "chinese", "japanese", "european",
            "american", "african", "asian", "canadian", "mexican", "russian", "italian", "indian", "australian",
            "brazilian", "korean", "israeli", "iranian", "iraqi", "saudi", "pakistani", "ukrainian", "nigerian",
            "kenyan", "egyptian", "federal", "national", "international", "global", "western", "eastern",
            "northern", "southern", "central", "democratic", "republican", "muslim", "christian", "jewish",
            "catholic", "protestant", "latino", "hispanic", "arab", "kurdish", "palestinian",
        ].contains(l) {
            return true
        }
        return false
    }

    static let particles: Set<String> = [
        "van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al", "ter", "dos", "das",
    ]
}

// MARK: - Reading one sentence

/// A capitalised sequence, with what its context says about it.
struct NameRun {
    var locator: Locator
    var text: String
    var tokens: [String]
    var offset: Int
    var title: String?
    var joined = false  // joined by "and", "of", "&"
    var initial = false  // begins its sentence
    var roleCue = false
    var placeCue = false
    var orgCue = false
    var productCue = false
    var personCue = false
    var afterThe = false
    var parenAcronymOf: String?  // "(LVWA)" right after a full name: the name it abbreviates
    var isAcronym: Bool {
        tokens.count == 1 && MToken(text: tokens[0], lower: "", start: 0, end: 0, spaceBefore: false).isAcronym
    }
}

final class SentenceScan {
    /// Figures above this (a thousand million million) are not read as mentions: no article
    /// states one, and past it money in cents and counts no longer fit the integer types.
    static let largestFigure = 1e15
    /// Nor are spans of more units than this ("a million years ago" is not a date).
    static let largestSpan = 10_000.0
    /// Nor is a run of more capitalised words than this a name: names run to five or six words
    /// ("Larkspur Valley Water Authority"), while a heading or a paragraph in capitals can run to
    /// thousands, and classifying a run costs its length squared.
    static let longestName = 12

    let text: String
    let chars: [Character]
    let toks: [MToken]
    let locator: Locator
    let anchor: TimeValue?
    var used: [Bool]
    var figures: [Mention] = []
    var runs: [NameRun] = []
    /// Where each date read so far starts, by its last token.
    var dateStarts: [Int: Int] = [:]

    init(text: String, locator: Locator, anchor: TimeValue?) {
        self.text = text
        self.chars = Array(text)
        self.toks = Tokenizer.tokens(chars)
        self.locator = locator
        self.anchor = anchor
        self.used = Array(repeating: false, count: toks.count)
    }

    var n: Int { toks.count }
    func lower(_ i: Int) -> String { i >= 0 && i < n ? toks[i].lower : "" }
    func span(_ a: Int, _ b: Int) -> String { String(chars[toks[a].start..<toks[b - 1].end]) }
    func free(_ a: Int, _ b: Int) -> Bool { a >= 0 && b <= n && a < b && !used[a..<b].contains(true) }
    /// Whether token i is joined to the one before it with no space ("five-year").
    func tight(_ i: Int) -> Bool { i < n && !toks[i].spaceBefore }

    func add(_ kind: Mention.Kind, _ a: Int, _ b0: Int, _ value: Value, mod: String? = nil, subject: String? = nil) {
        var b = b0
        var per: Value?
        var factuality: String?
        if [.money, .count, .duration].contains(kind) {
            // "$5 million a year" is no one-off total, and "could reach $3 million" no fact: the
            // rate and the modality go with the figure, and the rate's words into its span.
            if let (p, e) = rate(after: b, money: kind == .money) { (per, b) = (p, e) }
            factuality =
                self.factuality(before: a, end: b) ?? self.subjectFactuality(after: b) ?? expectedByClause(a, after: b)
            // "If the deal closes, Acme will pay $5 million", "Acme will pay $5 million if it
            // closes": the author commits to neither clause, as FactBank reads a conditional.
            if isUnderCondition(a, b) { factuality = "Uu" }
        } else if kind == .date {
            factuality = dateFactuality(a, b)
            // "was not open before 2019" moves the bound ("from 2019 on"); it does not deny a date.
            if factuality == "CT-", ["BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"].contains(mod ?? "") {
                factuality = nil
            }
        }
        for k in a..<b { used[k] = true }
        if kind == .date { dateStarts[b - 1] = a }
        figures.append(
            Mention(
                kind: kind, locator: locator, text: span(a, b), value: value, mod: mod, subject: subject,
                acronymOf: nil, title: nil, offset: toks[a].start, factuality: factuality, per: per))
    }

    /// How firmly the sentence states the date from token a to b, as a figure's factuality: "is
    /// intended to be opened in the second quarter of 2026" is `Uu`, "could close in 2025" `PS+`,
    /// "is expected to reopen in March 2024" `PR+`, "if the deal closes in 2027" `Uu`, "did not
    /// file in 2018" `CT-`. The verb is found across the preposition before the date ("in", "on",
    /// "during") and an object of a determiner and a noun ("plans to open a depot in 2026").
    /// "Not until 2019" is no denial of 2019, so a "not" right before the date is not taken as
    /// one, as it is before a figure ("not $23 million but $24 million").
    func dateFactuality(_ a: Int, _ b: Int) -> String? {
        if SentenceScan.negates(lower(a - 1)) { return nil }
        let start = ["in", "on", "during", "at", "within", "throughout"].contains(lower(a - 1)) ? a - 1 : a
        // "closed in 2021, not in early 2022": the date itself is denied, as a figure corrected
        // away is ("not $23 million").
        if start == a - 1, lower(start - 1) == "not" { return "CT-" }
        if SentenceScan.negates(lower(start - 1)) { return nil }
        if isUnderCondition(a, b) { return "Uu" }
        if let f = factuality(before: start, end: b, date: true) { return f }
        let determiners: Set<String> = ["a", "an", "the", "its", "their", "his", "her", "our", "new"]
        if start == a - 1, start >= 3, toks[start - 1].isAlpha, !toks[start - 1].isCap,
            !Lexicon.functionWords.contains(lower(start - 1)), determiners.contains(lower(start - 2))
        {
            return factuality(before: start - 2, end: b, date: true)
        }
        return nil
    }

    /// A rate written after a figure that ends before token b: "a year", "per month", "annually",
    /// "every week", "per share", and for money "each" or "apiece": (what it is per, end).
    func rate(after b: Int, money: Bool) -> (Value, Int)? {
        guard b < n, !used[b] else { return nil }
        let w = lower(b)
        let adverbs: [String: Duration] = [
            "annually": Duration(years: 1), "yearly": Duration(years: 1), "monthly": Duration(months: 1),
            "weekly": Duration(weeks: 1), "daily": Duration(days: 1), "hourly": Duration(hours: 1),
        ]
        if let d = adverbs[w] { return (.measure(.duration(d)), b + 1) }
        if money, ["each", "apiece"].contains(w) { return (.string("each"), b + 1) }
        guard ["a", "an", "per", "each", "every"].contains(w), b + 1 < n, !used[b + 1], toks[b + 1].isAlpha else {
            return nil
        }
        let u = lower(b + 1)
        if w == "per", u == "annum" { return (.measure(.duration(Duration(years: 1))), b + 2) }
        var unit = Lexicon.durationUnit(u)
        if u == "quarter" { unit = Duration(months: 3) }
        if let d = unit, !u.hasSuffix("s") {
            // "a year earlier", "a year ago": a date before or after, not a rate.
            let relative: Set<String> = [
                "earlier", "later", "ago", "before", "after", "prior", "previously", "back", "since",
            ]
            if relative.contains(lower(b + 2)) { return nil }
            // "a year and a half ago", "a year or two ago", "a month or so earlier"
            if ["and", "or"].contains(lower(b + 2)),
                (b + 3..<min(n, b + 6)).contains(where: { relative.contains(lower($0)) })
            {
                return nil
            }
            return (.measure(.duration(d)), b + 2)
        }
        // "per share", "per person"; not "per cent", which makes it no figure of these kinds.
        if w == "per", !["cent", "centum"].contains(u), !Lexicon.functionWords.contains(u) {
            return (.string(u), b + 2)
        }
        if w == "a", ["head", "piece"].contains(u) { return (.string(u), b + 2) }
        // "earned $1.11 a share", "$3.89 a gallon", "$82 a barrel": a price, not a total.
        if money, ["a", "an"].contains(w), SentenceScan.pricedUnits.contains(u) { return (.string(u), b + 2) }
        return nil
    }

    /// What money is often priced per with "a" or "an" ("$1.11 a share"); a closed list, since
    /// "paid $3 million a company" is no English, but a noun after "a" may begin another phrase.
    static let pricedUnits: Set<String> = [
        "share", "gallon", "litre", "liter", "barrel", "ton", "tonne", "pound", "ounce", "kilo", "kilogram",
        "bushel", "night", "person", "seat", "ticket", "passenger", "student", "pupil", "patient", "resident",
        "household", "family", "acre", "hectare", "unit", "dose", "mile",
    ]

    /// How firmly the sentence states the figure that starts at token a, when a modal verb, a
    /// word of expectation or intention, hearsay or a negation governs it (FactBank
    /// factuality, as claims take it): "could reach $3 million" is `PS+`, "is expected to cost"
    /// `PR+`, "plans to hire 300 workers" `Uu` (an intention is an event of its own, not the
    /// outcome), as are "reportedly paid", "denied paying" and "if the city pays" (a condition
    /// outside the figure's clause is `isUnderCondition`, which `add` applies); negated "may
    /// not reach" is `PS-`, "is not expected to" and "is expected not to" `PR-`, and "did not
    /// spend", "will never pay", "failed to pay", "has yet to pay" `CT-`. A reported "would"
    /// ("said it would pay") is the speaker's "will", not a possibility. Nil where nothing
    /// such governs it, as stated fact.
    ///
    /// Walked back from the figure: a preposition ("rise to"), or an object ("cost taxpayers",
    /// "cost the city"), then the verb, adverbs and auxiliaries ("could eventually have cost"),
    /// then the trigger. A clause in between ("a firm that may be sold paid $3 million") has two
    /// verbs and is not taken.
    ///
    /// `end`: where the figure ends; `date`: it is a date, which says when, not what the verb
    /// expects or intends ("promised lower costs five years ago").
    func factuality(before a: Int, end b: Int, date: Bool = false) -> String? {
        // "not $23 million but $24 million", "$24 million, not $23 million", "rather than $23
        // million", "instead of $23 million": the figure itself is denied, as a correction.
        if lower(a - 1) == "not" || (lower(a - 2), lower(a - 1)) == ("rather", "than")
            || (lower(a - 2), lower(a - 1)) == ("instead", "of")
        {
            return "CT-"
        }
        // "a reported $4 million", "an alleged $2 million in bribes", "a possible $4 million
        // fine", "a projected $9 million": a word before the figure says how firmly it is held,
        // as the verb would ("reportedly paid", "could pay", "is projected to cost").
        // As verbs most say the same ("sought $4 million", "forecast $9 million"), but "Acme
        // reported $4 million in revenue" is Acme's own statement, as "said" is: "reported" is
        // taken only after an article or a possessive.
        if let f = SentenceScan.figureAdjectives[lower(a - 1)],
            lower(a - 1) != "reported" || ["a", "an", "the", "its", "their", "his", "her"].contains(lower(a - 2))
        {
            return f
        }
        let determiners: Set<String> = ["the", "a", "an", "its", "their", "his", "her", "our", "each"]
        var k = a - 1
        // "could pay the $5 million", "did not pay the $5 million": the verb governs the figure
        // across its determiner. Not where the figure describes a noun after it ("to be part of
        // a $100 million deal"): the deal's size is stated, whatever becomes of the deal.
        let describes = b < n && toks[b].isAlpha && !toks[b].isCap && !Lexicon.functionWords.contains(lower(b))
        // Nor where a verb follows the figure ("did not know the $5 million had been paid"): it
        // is the subject of a clause of its own, which the verb before it does not govern.
        let opensClause =
            b < n
            && [
                "had", "has", "have", "was", "were", "is", "are", "will", "would", "could", "might", "may", "must",
                "should",
            ].contains(lower(b))
        if determiners.contains(lower(k)), !describes, !opensClause { k -= 1 }
        // "rose more than expected to $5 billion", "beat what was expected by $1 billion": a verb
        // of expectation before "to" or "by" does not take the figure as its object.
        var itself = !date
        if ["to", "by", "at", "for", "around", "about", "than"].contains(lower(k)) {
            if ["to", "by", "for", "than"].contains(lower(k)) { itself = false }
            k -= 1
        }
        // "could face fines of up to $4 million", "faces a fine of $2 million": the figure
        // measures a noun, and the verb before the noun governs it.
        if lower(k) == "of", k >= 2, toks[k - 1].isAlpha, !Lexicon.functionWords.contains(lower(k - 1)) {
            k -= 2
            if ["a", "an", "the"].contains(lower(k)) { k -= 1 }
        }
        // "cost taxpayers $8 million", "cost the city $2 million", "would cost local businesses
        // $4 million", "reduce its fiscal 2022 earnings by 30 cents": the verb comes before an
        // object of a few words, which ends at k. Each word of it is tried as the verb in turn,
        // back to a determiner, before which the verb must be.
        var verbs = [k]
        if Lexicon.isPluralNoun(lower(k)) || ["them", "us", "him", "her", "it"].contains(lower(k))
            || (k - 3..<k).contains(where: { determiners.contains(lower($0)) })
        {
            var j = k - 1
            while j >= 0, j > k - 5 {
                if determiners.contains(lower(j)) {
                    verbs.append(j - 1)
                    break
                }
                guard used[j] || (toks[j].isAlpha && !toks[j].isCap && !Lexicon.functionWords.contains(lower(j)))
                else { break }
                verbs.append(j)
                j -= 1
            }
        }
        for v in verbs {
            if let f = modality(verb: v, itself: itself) { return f }
        }
        return nil
    }

    /// Adjectives written right before a figure that say how firmly it is held, with the
    /// FactBank value each gives it.
    static let figureAdjectives: [String: String] = [
        "reported": "Uu", "alleged": "Uu", "rumored": "Uu", "rumoured": "Uu", "purported": "Uu", "supposed": "Uu",
        "claimed": "Uu", "proposed": "Uu", "planned": "Uu", "promised": "Uu", "pledged": "Uu", "requested": "Uu",
        "sought": "Uu", "seeking": "Uu", "seeks": "Uu", "possible": "PS+", "potential": "PS+", "expected": "PR+",
        "projected": "PR+",
        "anticipated": "PR+", "forecast": "PR+", "predicted": "PR+", "likely": "PR+", "probable": "PR+",
    ]

    /// How firmly the sentence states a figure that is the subject of the clause after it,
    /// ending before token b: "Up to 300 workers may lose their jobs" is `PS+`, "$3 million
    /// could be saved" `PS+`, "300 workers are expected to leave" `PR+`, "300 workers were
    /// reportedly fired" `Uu`, "$2 million is unlikely to be spent" `PR-`. A plain negation
    /// ("300 workers did not return") is left alone: it often denies what the subject did, not
    /// the figure ("a count of those who did not return").
    func subjectFactuality(after b: Int) -> String? {
        var k = b
        var negated = false
        var steps = 0
        var modal: (String, Bool)?
        while k < n, steps < 6 {
            let w = lower(k).replacingOccurrences(of: "’", with: "'")
            if SentenceScan.hearsay.contains(w) { return "Uu" }
            if modal == nil, toks[k].text == "may" || SentenceScan.modals[w] != nil {
                // "would" after a subject states a hypothetical, as before a figure.
                modal = toks[k].text == "may" ? ("PS", false) : SentenceScan.modals[w]
            } else if SentenceScan.negates(w) {
                negated.toggle()
            } else if ["expected", "likely", "projected", "forecast", "set", "due", "poised", "slated"].contains(w),
                lower(k + 1) == "to"
            {
                return (modal == nil ? "PR" : "PS") + (negated ? "-" : "+")
            } else if w == "unlikely", lower(k + 1) == "to", steps > 0 {
                return negated ? "PR+" : "PR-"
            } else if ["said", "reported", "believed", "thought", "rumored", "rumoured", "alleged"].contains(w),
                lower(k + 1) == "to", steps > 0, ["is", "are", "was", "were"].contains(lower(k - 1))
            {
                return "Uu"
            } else if !SentenceScan.auxiliaries.contains(w) || ["will", "shall"].contains(w) && modal != nil {
                break
            }
            k += 1
            steps += 1
        }
        guard let (f, neg) = modal else { return nil }
        return f + ((negated != neg) ? "-" : "+")
    }

    /// "short of the $5.75 billion analysts had expected", "the $5.75 billion that Wall Street
    /// forecast": a clause after the figure says it is what someone expects (`PR+`), not what
    /// came. Its subject is a few words that are no function words but for a determiner or a
    /// pronoun, so "paid $5 million as expected" stays a fact.
    func expectedByClause(_ a: Int, after b: Int) -> String? {
        // "Acme paid the $7 million analysts had expected" says it was paid: the clause marks the
        // figure as an expectation only where nothing before it says what came of it, as after
        // "short of", "topped", "compares with" or at the start of the sentence.
        var j = a - 1
        while j >= 0, ["the", "its", "their", "his", "her", "our", "a", "an"].contains(lower(j)) { j -= 1 }
        if j >= 0, toks[j].isAlpha {
            let w = lower(j)
            let comparing: Set<String> = [
                "beat", "beats", "beating", "topped", "tops", "topping", "missed", "misses", "missing", "exceeded",
                "exceeds", "exceeding", "surpassed", "surpasses", "surpassing", "trailed", "trails", "trailing",
                "above", "below", "beyond", "versus", "vs", "against",
            ]
            let asserting = SentenceScan.auxiliaries.contains(w) || !Lexicon.functionWords.contains(w)
            if asserting, !comparing.contains(w) { return nil }
        }
        var k = b
        if ["that", "which"].contains(lower(k)) { k += 1 }
        let start = k
        let allowed: Set<String> = [
            "the", "a", "an", "its", "their", "his", "her", "our", "it", "they", "we", "he", "she",
        ]
        while k < n, k < start + 3, toks[k].isAlpha, !SentenceScan.auxiliaries.contains(lower(k)),
            !SentenceScan.expectationVerbs.contains(lower(k)),
            allowed.contains(lower(k)) || !Lexicon.functionWords.contains(lower(k))
        {
            k += 1
        }
        guard k > start else { return nil }
        while k < n, k < start + 6, ["had", "has", "have", "were", "was", "been"].contains(lower(k)) { k += 1 }
        let expected: Set<String> = ["expected", "forecast", "estimated", "projected", "predicted", "anticipated"]
        return k < n && expected.contains(lower(k)) ? "PR+" : nil
    }

    /// Modal words, with the FactBank value they give and whether they negate it.
    static let modals: [String: (String, Bool)] = [
        "could": ("PS", false), "might": ("PS", false), "would": ("PS", false), "can": ("PS", false),
        "could've": ("PS", false), "might've": ("PS", false), "would've": ("PS", false), "cannot": ("PS", true),
        "can't": ("PS", true), "couldn't": ("PS", true), "wouldn't": ("PS", true), "mightn't": ("PS", true),
        "possibly": ("PS", false), "perhaps": ("PS", false), "potentially": ("PS", false),
        "likely": ("PR", false), "probably": ("PR", false), "unlikely": ("PR", true), "should": ("PR", false),
        "shouldn't": ("PR", true), "should've": ("PR", false), "must": ("PR", false), "mustn't": ("PR", true),
    ]

    /// Words that may stand between a verb and what governs it without changing how firmly it
    /// is stated ("could eventually have cost", "will pay", "has paid").
    static let auxiliaries: Set<String> = [
        "have", "has", "had", "having", "be", "been", "being", "is", "are", "was", "were", "will", "shall", "did",
        "does", "do", "also", "still", "even", "eventually", "ultimately", "soon", "now", "easily", "well", "further",
        "yet", "only", "actually", "then", "quickly", "together", "all", "both", "already", "ever", "again",
        "finally", "just", "widely", "generally",
    ]

    /// Whether a word (one token: the tokenizer keeps "wasn't" whole) is "not", "never" or
    /// ends in "n't", with either apostrophe.
    static func negates(_ word: String) -> Bool {
        let w = word.replacingOccurrences(of: "’", with: "'")
        return w == "not" || w == "never" || w.hasSuffix("n't")
    }

    /// Adverbs by which the author passes a claim on without committing to it.
    static let hearsay: Set<String> = [
        "reportedly", "allegedly", "supposedly", "purportedly", "ostensibly", "reputedly",
    ]

    /// Walks back from token k over auxiliaries, negations and hearsay adverbs, at most `limit`
    /// words: (the first token before them, whether they negate, whether one is hearsay).
    /// `modalsNegate`: a negated modal ("couldn't") counts as a negation rather than stopping
    /// the walk, as it does before a word of expectation ("couldn't be expected to").
    func walkBack(from k0: Int, limit: Int, modalsNegate: Bool = false) -> (Int, Bool, Bool) {
        var k = k0
        var negated = false
        var heard = false
        var steps = 0
        while k >= 0, steps < limit {
            let w = lower(k).replacingOccurrences(of: "’", with: "'")
            let modal = SentenceScan.modals[w]
            if w == "longer", lower(k - 1) == "no" {
                // "no longer expected"
                negated.toggle()
                k -= 1
            } else if ["hardly", "scarcely"].contains(w) || (SentenceScan.negates(w) && modal == nil)
                || (modalsNegate && modal?.1 == true)
            {
                // "not only paid $3 million" does not deny the payment.
                if !(w == "not" && ["only", "just"].contains(lower(k + 1))) { negated.toggle() }
            } else if SentenceScan.hearsay.contains(w) {
                heard = true
            } else if !SentenceScan.auxiliaries.contains(w) {
                break
            }
            k -= 1
            steps += 1
        }
        return (k, negated, heard)
    }

    /// `itself`: whether the verb itself may say it is expected or intended ("expects earnings
    /// of $4.20").
    private func modality(verb v: Int, itself: Bool = true) -> String? {
        guard v > 0, v < n, !used[v], toks[v].isAlpha, !toks[v].isCap else { return nil }
        let verb = lower(v)
        if Lexicon.functionWords.contains(verb), !["be", "been", "have", "do"].contains(verb) { return nil }
        func sign(_ f: String, _ neg: Bool) -> String { f == "Uu" ? f : f + (neg ? "-" : "+") }
        let (k, negated, heard) = walkBack(from: v - 1, limit: 5)
        // "reportedly paid", "allegedly had paid": passed on, not stated.
        if heard { return "Uu" }
        // "now expects earnings of $4.20", "forecast revenue of $5 billion", "offered a raise of
        // $2": the verb that governs the figure is itself an expectation or an intention.
        if itself, SentenceScan.expectationVerbs.contains(verb) { return sign("PR", negated) }
        if itself, SentenceScan.intentionVerbs.contains(verb) { return "Uu" }
        // Plainly negated ("did not spend", "will never pay", "hasn't paid"): certain it is not so.
        let plain = negated ? "CT-" : nil
        guard k >= 0 else { return plain }
        let w = lower(k).replacingOccurrences(of: "’", with: "'")
        // "may" the verb, not "May" the month.
        if toks[k].text == "may" { return sign("PS", negated) }
        // "said it would pay": reported speech moves "will" back to "would", which then says
        // what the speaker said will happen, not what might.
        if ["would", "wouldn't"].contains(w), let f = reported(would: k, negated: negated != (w == "wouldn't")) {
            return f
        }
        if let (f, neg) = SentenceScan.modals[w] { return sign(f, negated != neg) }
        // "denied paying $8 million", "denies having paid": the subject's word, which the author
        // passes on without committing to it.
        if ["denied", "denies", "deny", "denying"].contains(w) { return "Uu" }
        if w == "to", k > 0 { return governedByTo(k, negated: negated) }
        if let f = governedByThat(before: k, negated: negated) { return f }
        // "if the city pays $3 million", "unless it does not pay": a condition, not a fact.
        if isConditional(at: k) { return "Uu" }
        return plain
    }

    /// Verbs that report what someone said, after which "would" is a reported "will".
    static let reportingVerbs: Set<String> = [
        "said", "says", "say", "told", "tells", "announced", "announces", "stated", "states", "added", "confirmed",
        "confirms", "wrote", "writes", "noted", "explained", "insisted", "insists", "agreed", "agrees", "declared",
        "reported", "testified",
    ]

    /// The factuality of a figure governed by "would" at k, when "would" reports a "will": "the
    /// company said it would pay" states it as the company said it, as "will pay" would (a
    /// fact, so `.some(nil)`, or `CT-` negated); "analysts estimated it would cost" is `PR+`,
    /// as "is estimated to cost" is; "promised it would pay" `Uu`, as "promised to pay" is. Nil
    /// where no reporting verb, with at most a subject and "that" after it, comes before the
    /// "would" ("the plan would cost": a hypothetical).
    private func reported(would k: Int, negated: Bool) -> String?? {
        var j = k - 1
        var steps = 0
        while j >= 0, steps < 7, toks[j].isWord {
            let w = lower(j)
            let expectation: Set<String> = [
                "expected", "expects", "estimated", "estimates", "projected", "projects", "predicted", "predicts",
                "forecast", "believed", "believes", "thought", "thinks",
            ]
            let intention: Set<String> = ["promised", "promises", "pledged", "pledges", "vowed", "vows"]
            if SentenceScan.reportingVerbs.contains(w) || expectation.contains(w) || intention.contains(w) {
                // "did not say it would pay": not said, so nothing about the paying.
                if SentenceScan.negates(lower(j - 1)) { return "Uu" }
                if intention.contains(w) { return "Uu" }
                if expectation.contains(w) { return negated ? "PR-" : "PR+" }
                // "said that if the deal closes it would pay": still a condition.
                if isConditional(at: k - 1) { return "Uu" }
                return .some(negated ? "CT-" : nil)
            }
            if ["if", "unless", "whether", "and", "but", "or", "which", "who", "because", "when", "while"].contains(w) {
                return nil
            }
            j -= 1
            steps += 1
        }
        return nil
    }

    /// The factuality that "expected to", "plans to", "failed to" and the like at k - 1 give the
    /// verb after the "to" at k. `negated`: the verb itself is ("expected to not pay").
    private func governedByTo(_ k: Int, negated: Bool) -> String? {
        func sign(_ f: String, _ neg: Bool) -> String { f + (neg ? "-" : "+") }
        var t = k - 1
        var inner = false
        // "is expected not to pay", "plans never to pay"
        if ["not", "never"].contains(lower(t)) {
            inner = true
            t -= 1
        }
        t = before(timeEndingAt: t)
        guard t >= 0 else { return negated != inner ? "CT-" : nil }
        let trigger = lower(t)
        // "could not be expected to", "was never expected to", "no longer expected to",
        // "hardly expected to", "isn't expected to"
        let (_, outer, heard) = walkBack(from: t - 1, limit: 4, modalsNegate: true)
        let neg = (negated != inner) != outer
        let expectation: Set<String> = [
            "expected", "expects", "expect", "likely", "projected", "forecast", "predicted", "poised", "set", "due",
            "going", "slated", "scheduled", "estimated", "stands", "stand", "stood",
        ]
        let intention: Set<String> = [
            "plans", "plan", "planned", "planning", "intends", "intend", "intended", "aims", "aim", "aimed", "hopes",
            "hope", "hoped", "wants", "want", "wanted", "seeks", "seek", "sought", "proposes", "proposed", "promised",
            "pledged", "vowed", "offered", "threatened", "tried", "tries", "try", "trying", "attempted", "attempts",
            "attempt", "supposed",
            // A commitment, an order or a request to pay is an event of its own, not the payment.
            "agreed", "agrees", "agree", "ordered", "required", "obliged", "obligated", "asked", "urged", "told",
            "directed", "instructed",
        ]
        // Verbs that say the thing did not happen: "failed to pay", "refused to pay".
        let unfulfilled: Set<String> = [
            "failed", "fails", "fail", "refused", "refuses", "refuse", "declined", "declines", "decline",
        ]
        if heard { return "Uu" }
        // "is said to have paid", "was reported to owe", "are widely believed to have spent":
        // hearsay in the passive, passed on without a source that commits to it.
        let hearsay: Set<String> = [
            "said", "reported", "rumored", "rumoured", "alleged", "believed", "thought", "understood", "claimed",
            "reputed", "purported",
        ]
        let be: Set<String> = [
            "is", "are", "was", "were", "be", "been", "being", "isn't", "wasn't", "aren't", "weren't",
        ]
        if hearsay.contains(trigger),
            be.contains(lower(t - 1)) || (be.contains(lower(t - 2)) && lower(t - 1).hasSuffix("ly"))
        {
            return "Uu"
        }
        // "may have to pay", "could need to pay", "will have to pay": an obligation, as firm
        // as the modal before it; without one ("has to pay") as firm as the verb. Not having
        // to pay ("did not have to pay") says nothing of paying.
        if ["have", "has", "had", "having", "need", "needs", "needed"].contains(trigger) {
            if neg { return "Uu" }
            let (m, _, _) = walkBack(from: t - 1, limit: 4)
            if m >= 0, toks[m].text == "may" { return "PS+" }
            if m >= 0, let (f, fneg) = SentenceScan.modals[lower(m).replacingOccurrences(of: "’", with: "'")] {
                return fneg ? "Uu" : sign(f, false)
            }
            return nil
        }
        if trigger == "unlikely" { return sign("PR", !neg) }
        if expectation.contains(trigger) { return sign("PR", neg) }
        if trigger == "able" { return sign("PS", neg) }
        // An intention is an event of its own, whatever the outcome ("plans not to pay" too).
        if intention.contains(trigger) { return "Uu" }
        // "did not fail to pay" need not mean it paid: the author does not say.
        if unfulfilled.contains(trigger) { return neg ? "Uu" : "CT-" }
        // "has yet to pay $3 million"
        if trigger == "yet", ["has", "have", "had", "is", "are", "was", "were"].contains(lower(t - 1)) {
            return neg ? "Uu" : "CT-"
        }
        // "expects the payment to reduce earnings by 30 cents", "asked the city to pay": an
        // object of a few words between the verb and its "to".
        var j = t
        while j >= 0, j > t - 4, toks[j].isWord,
            !["and", "but", "or", "that", "which", "who", "to", "if", "when", "while", "said", "says"].contains(
                lower(j))
        {
            let w = lower(j)
            if SentenceScan.expectationVerbs.contains(w) || SentenceScan.askingVerbs.contains(w) {
                guard j < t else { break }
                let (_, outer, heard) = walkBack(from: j - 1, limit: 4)
                if heard || SentenceScan.askingVerbs.contains(w) { return "Uu" }
                return sign("PR", negated != outer)
            }
            j -= 1
        }
        return negated ? "CT-" : nil
    }

    /// Verbs whose object is what someone expects: "expects revenue of $5 billion", "expects
    /// the deal to cost $3 million".
    static let expectationVerbs: Set<String> = [
        "expects", "expect", "expected", "expecting", "forecasts", "forecast", "projects", "projected", "predicts",
        "predicted", "anticipates", "anticipated",
    ]
    /// Verbs whose object is what someone intends or offers: "proposed a cut of $2 million".
    static let intentionVerbs: Set<String> = [
        "proposed", "proposes", "propose", "offered", "offers", "offer", "promised", "promises", "pledged", "pledges",
        "seeks", "sought", "requested", "requests", "demanded", "demands", "wants", "wanted",
    ]
    /// Verbs that ask or order someone to do what the "to" after their object says.
    static let askingVerbs: Set<String> = [
        "asked", "asks", "ordered", "orders", "told", "urged", "urges", "required", "requires", "wants", "wanted",
        "directed", "instructed", "pressed", "called",
    ]

    /// The token before a date that ends at token t, and before the preposition that
    /// introduces it: "agreed on Tuesday to pay", "plans next year to hire" say when the
    /// agreeing or the planning was, and the verb before the date governs the "to". Token t
    /// itself where no date ends there.
    func before(timeEndingAt t: Int) -> Int {
        guard var j = dateStarts[t] else { return t }
        j -= 1
        if ["on", "in", "at", "during", "this"].contains(lower(j)) { j -= 1 }
        return j
    }

    /// "It is unlikely that the state will spend $6 million": a word of likelihood, or of a
    /// claim the author does not make, governing a clause whose subject ends at k.
    private func governedByThat(before k: Int, negated: Bool) -> String? {
        var j = k
        var steps = 0
        while j >= 0, steps < 5, toks[j].isWord, lower(j) != "that" {
            // "The suit alleges Acme paid", "Acme denies it paid": the same without "that".
            if j < k, let f = reportedClause(verb: j) { return f }
            j -= 1
            steps += 1
        }
        guard j > 0, lower(j) == "that", j < k else { return nil }
        let trigger = lower(j - 1)
        let (_, outer, _) = walkBack(from: j - 2, limit: 4, modalsNegate: true)
        let neg = negated != outer
        switch trigger {
        case "unlikely", "doubtful", "improbable": return neg ? "PR+" : "PR-"
        case "likely", "probable": return neg ? "PR-" : "PR+"
        case "possible", "conceivable": return neg ? "PS-" : "PS+"
        default: return reportedClause(verb: j - 1)
        }
    }

    /// How the verb at j holds the clause it reports: "alleges", "claims" and "denies" pass it
    /// on without committing to it (`Uu`), as does what "an earlier version of this story said",
    /// which a correction takes back; "incorrectly said" and "wrongly reported" deny it (`CT-`).
    /// Nil for any other word: "Acme said it paid" is Acme's statement, credited by `by`.
    func reportedClause(verb j: Int) -> String? {
        let w = lower(j)
        // "The claims Acme paid totaled $3 million": after a determiner, "claims" is a noun.
        if ["claims", "claim"].contains(w),
            ["the", "a", "its", "their", "his", "her", "our", "these", "those", "such", "any", "all", "some"]
                .contains(lower(j - 1))
        {
            return nil
        }
        if SentenceScan.claimVerbs.contains(w) { return "Uu" }
        guard SentenceScan.reportingVerbs.contains(w) else { return nil }
        if ["incorrectly", "wrongly", "erroneously", "mistakenly", "falsely"].contains(lower(j - 1)) { return "CT-" }
        var s = j - 1
        while s > 0, s > j - 8, toks[s].isWord {
            if lower(s) == "version", ["earlier", "previous", "prior", "original"].contains(lower(s - 1)) {
                return "Uu"
            }
            s -= 1
        }
        return nil
    }

    /// Verbs by which someone claims or denies what the clause after them says.
    static let claimVerbs: Set<String> = [
        "denied", "denies", "deny", "alleged", "alleges", "allege", "claimed", "claims", "claim", "contends",
        "contended", "asserts", "asserted",
    ]

    /// Words that open a condition.
    static let conditions: Set<String> = ["if", "unless", "provided", "providing", "assuming"]

    /// Whether a condition governs the clause of the figure at tokens a..<b from outside it: an
    /// if-clause before it, ended by a comma or "then" ("If the deal closes, Acme will pay"), or
    /// one right after it ("will pay $5 million if the deal closes", "…, unless it fails").
    /// Not "even if" (the figure holds either way), "as if", "if anything" or "if not".
    func isUnderCondition(_ a: Int, _ b: Int) -> Bool {
        func opens(_ j: Int) -> Bool {
            guard SentenceScan.conditions.contains(lower(j)) else { return false }
            if ["even", "as"].contains(lower(j - 1)) { return false }
            if lower(j) == "if", ["anything", "not", "only"].contains(lower(j + 1)) { return false }
            // "provided" and "assuming" open a condition only with "that" or a clause after them.
            if ["provided", "providing", "assuming"].contains(lower(j)), lower(j + 1) != "that" { return false }
            return true
        }
        // Before: back to the comma or "then" that ends the clause before the figure's, then on
        // back through that clause to its start.
        var j = a - 1
        var steps = 0
        while j >= 0, steps < 12, lower(j) != ",", lower(j) != "then" {
            if [";", ":", "and", "but", "which", "who", "that", "while", "because"].contains(lower(j)) || opens(j) {
                break
            }
            j -= 1
            steps += 1
        }
        if j >= 0, lower(j) == "," || lower(j) == "then" {
            var k = j - 1
            steps = 0
            while k >= 0, steps < 20, ![",", ";", ":", "and", "but"].contains(lower(k)) {
                if opens(k) { return true }
                k -= 1
                steps += 1
            }
        }
        // After: "if" or "unless" within a few words, with at most a comma right before it.
        var e = b
        steps = 0
        while e < n, steps < 8 {
            if opens(e) { return true }
            if lower(e) == ",", opens(e + 1) { return true }
            if !toks[e].isWord
                || [
                    "and", "but", "or", "which", "who", "that", "while", "because", "when", "after", "before", "since",
                ].contains(lower(e))
            {
                return false
            }
            e += 1
            steps += 1
        }
        return false
    }

    /// Whether the clause whose subject ends at k is a condition: "if the city pays".
    private func isConditional(at k: Int) -> Bool {
        var j = k
        var steps = 0
        while j >= 0, steps < 5, toks[j].isWord {
            if ["if", "unless", "whether"].contains(lower(j)) { return true }
            if ["that", "which", "who", "and", "but", "or"].contains(lower(j)) { return false }
            j -= 1
            steps += 1
        }
        return false
    }

    func readFigures() {
        readDates()
        readRelative()
        readMoney()
        readDurations()
        readCounts()
    }

    // MARK: Numbers

    /// A number at i, digits or words, with a scale word after it: (value, end).
    func number(at i: Int, allowScale: Bool = true) -> (Double, Int)? {
        guard i < n, !used[i] else { return nil }
        let value: Double
        let j: Int
        if let (f, k) = fraction(at: i) {
            // "half a million", "a quarter of a million", "half a dozen": the fraction of the
            // number after it, or nothing where that is no whole number ("two-thirds of a
            // million"). Read from the "a", it was the whole million.
            guard let (whole, e) = fractionOf(at: k, allowScale: allowScale) else { return nil }
            let v = whole * f
            guard v == v.rounded(), v <= SentenceScan.largestFigure else { return nil }
            return (v, e)
        }
        // The "a million" of "half a million" is no number of its own.
        if ["a", "an"].contains(lower(i)), isAfterFraction(i) { return nil }
        if toks[i].isDigits {
            guard var v = Double(toks[i].text.replacingOccurrences(of: ",", with: "")) else { return nil }
            var e = i + 1
            if v < 1000, lower(e) == "hundred" {
                v *= 100
                e += 1
            }
            if lower(e) == "dozen" {
                v *= 12
                e += 1
            }
            if allowScale, let s = bigScale(e) {
                v *= s
                e += 1
            }
            (value, j) = (v, e)
        } else {
            guard let (v, e) = numberWords(at: i, allowScale: allowScale) else { return nil }
            (value, j) = (v, e)
        }
        // "one and a half million", "two and a quarter billion": the whole and the fraction of
        // the scale after them. Read from the "a", it was the half million alone.
        if lower(j) == "and", let (f, k) = fraction(at: j + 1, afterAnd: true) {
            guard allowScale, let s = bigScale(k), value == value.rounded(), value < 1000 else { return nil }
            let v = (value + f) * s
            guard v == v.rounded(), v <= SentenceScan.largestFigure else { return nil }
            return (v, k + 1)
        }
        guard value <= SentenceScan.largestFigure else { return nil }
        return (value, j)
    }

    static let denominators: [String: Double] = [
        "half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5, "tenth": 10,
        "tenths": 10,
    ]

    /// A fraction written in words at i before a number in words: "half", "a half", "a quarter
    /// of", "three quarters of", "two-thirds of": (the fraction, where the number starts). The
    /// number must follow as "a million", "a dozen" or a bare scale word ("a half million").
    func fraction(at i: Int, afterAnd: Bool = false) -> (Double, Int)? {
        guard i < n, !used[i] else { return nil }
        // The "a half million" of "one and a half million" belongs to the number before it.
        if !afterAnd, lower(i - 1) == "and", i >= 2, toks[i - 2].isDigits || Lexicon.smallNumbers[lower(i - 2)] != nil {
            return nil
        }
        var k = i
        var numerator: Double?
        if ["a", "an", "one"].contains(lower(k)) {
            numerator = 1
            k += 1
        } else if let v = Lexicon.smallNumbers[lower(k)], (2...9).contains(v) {
            numerator = Double(v)
            k += 1
        }
        if numerator != nil, ["-", "–"].contains(lower(k)), tight(k), tight(k + 1) { k += 1 }
        guard k < n, !used[k], let d = SentenceScan.denominators[lower(k)] else { return nil }
        let w = lower(k)
        let plural = w.hasSuffix("s")
        let num = numerator ?? 1
        // "half" may stand alone; "third" and "quarter" need their count ("the third quarter").
        if numerator == nil, w != "half" { return nil }
        if plural != (num > 1) { return nil }
        k += 1
        if lower(k) == "of" { k += 1 }
        guard k < n, !used[k] else { return nil }
        if ["a", "an"].contains(lower(k)), ["hundred", "dozen"].contains(lower(k + 1)) || bigScale(k + 1) != nil {
            return (num / d, k)
        }
        if bigScale(k) != nil || lower(k) == "dozen", lower(k - 1) != "of" { return (num / d, k) }
        return nil
    }

    /// The number a fraction is of: "a million", "a dozen", or a bare "million" ("a half million").
    func fractionOf(at k: Int, allowScale: Bool) -> (Double, Int)? {
        if let s = bigScale(k) { return allowScale ? (s, k + 1) : nil }
        if lower(k) == "dozen" { return (12, k + 1) }
        return numberWords(at: k, allowScale: allowScale)
    }

    /// Whether the article at i follows a fraction: the "a" of "half a million", "a quarter of a million".
    func isAfterFraction(_ i: Int) -> Bool {
        if lower(i - 1) == "half" { return true }
        return lower(i - 1) == "of" && SentenceScan.denominators[lower(i - 2)] != nil
    }

    /// The value of a scale word that multiplies a whole number before it ("thousand", not "k").
    func bigScale(_ i: Int) -> Double? {
        ["thousand", "million", "billion", "trillion"].contains(lower(i)) ? Lexicon.scales[lower(i)] : nil
    }

    /// A number written in words, read as a whole: "two thousand five hundred" is 2500, "one
    /// hundred and twenty" 120, "a thousand" 1000, "three million two hundred thousand"
    /// 3,200,000. Read a group at a time, each group stopping at its scale word, it was 2000
    /// and then a second number, "five hundred", with nothing counted after it.
    /// `below`: in a number's continuation, the scale before it, which this part must stay under.
    func numberWords(at i: Int, allowScale: Bool, below: Double = .infinity) -> (Double, Int)? {
        var g: Double
        var e: Int
        // "a hundred", "a thousand", "a dozen": the article is one, but only before such a word.
        if ["a", "an"].contains(lower(i)), !used[i],
            ["hundred", "dozen"].contains(lower(i + 1)) || (allowScale && bigScale(i + 1) != nil)
        {
            (g, e) = (1, i + 1)
        } else if let (u, ue) = numberUnit(at: i) {
            (g, e) = (u, ue)
        } else {
            return nil
        }
        if lower(e) == "hundred" {
            g *= 100
            e += 1
            // "one hundred and twenty", "two hundred fifty"; not the "and" of "two hundred and
            // three hundred", which joins two numbers.
            let k = lower(e) == "and" ? e + 1 : e
            if let (u, ue) = numberUnit(at: k), u < 100, lower(ue) != "hundred" {
                g += u
                e = ue
            }
        } else if lower(e) == "dozen" {
            g *= 12
            e += 1
        }
        guard allowScale, let s = bigScale(e) else { return (g, e) }
        // "two thousand two thousand": a scale not below the one before starts another number,
        // so this part belongs to none. Checked before going on, it bounds the recursion below
        // to one level a scale; checked after, "two thousand" repeated 20,000 times recursed
        // once a repeat and overflowed the stack.
        guard s < below else { return nil }
        let head = g * s
        // "two thousand five hundred", "a thousand and one": a group below the scale continues
        // the number.
        let k = lower(e + 1) == "and" ? e + 2 : e + 1
        if numberUnit(at: k) != nil, let (rest, re) = numberWords(at: k, allowScale: true, below: s), rest < s {
            return (head + rest, re)
        }
        return (head, e + 1)
    }

    /// One to ninety-nine in words: "seven", "forty", "twenty-five".
    func numberUnit(at i: Int) -> (Double, Int)? {
        guard i < n, !used[i] else { return nil }
        if let v = Lexicon.smallNumbers[lower(i)] { return (Double(v), i + 1) }
        guard let v = Lexicon.tens[lower(i)] else { return nil }
        if i + 2 < n, lower(i + 1) == "-" || lower(i + 1) == "–", tight(i + 1), tight(i + 2),
            let u = Lexicon.smallNumbers[lower(i + 2)], u < 10
        {
            return (Double(v + u), i + 3)
        }
        // "twenty five", written without its hyphen
        if i + 1 < n, !used[i + 1], toks[i + 1].spaceBefore, let u = Lexicon.smallNumbers[lower(i + 1)],
            (1...9).contains(u)
        {
            return (Double(v + u), i + 2)
        }
        return (Double(v), i + 1)
    }

    /// A hedge phrase ending just before token i: (hedge, start of the phrase).
    func hedge(before i0: Int, duration: Bool = false) -> (Hedge, Int)? {
        // "at least another two years", "more than an additional 300 workers": the hedge is
        // written before the word that says the figure comes on top of another.
        var i = i0
        if lower(i - 1) == "another", free(i - 1, i) {
            i -= 1
        } else if ["additional", "extra", "further"].contains(lower(i - 1)), ["a", "an"].contains(lower(i - 2)),
            free(i - 2, i)
        {
            i -= 2
        }
        // "within two years": no longer than that.
        if duration, i > 0, lower(i - 1) == "within", free(i - 1, i) { return (.atMost, i - 1) }
        for (words, h) in Lexicon.hedges {
            let a = i - words.count
            guard a >= 0, free(a, i) else { continue }
            if (0..<words.count).allSatisfy({ toks[a + $0].lower == words[$0] }) {
                // "spread over three years": before a length of time and after a verb, "over" is
                // a preposition, not a hedge ("housed over 300 people" keeps it).
                if duration, words == ["over"] || words == ["under"] {
                    let prev = lower(a - 1)
                    // "lasted over two years", "waited under a year": a verb of lasting takes a length.
                    let lasting: Set<String> = [
                        "lasted", "last", "lasts", "waited", "wait", "waits", "remained", "stayed", "served", "spent",
                        "endured", "persisted", "continued", "took", "lived", "worked",
                    ]
                    if !lasting.contains(prev),
                        prev.hasSuffix("ed") || ["spread", "run", "talks", "place", "out"].contains(prev)
                    {
                        return nil
                    }
                    // "$250 million over five years": after a figure, "over" spreads it in time.
                    if a > 0, used[a - 1] || toks[a - 1].isDigits || Lexicon.scales[prev] != nil || prev == "%" {
                        return nil
                    }
                }
                if words == ["some"], i < n,
                    !toks[i].isDigits && Lexicon.smallNumbers[toks[i].lower] == nil
                        && Lexicon.tens[toks[i].lower] == nil && !["$", "€", "£"].contains(toks[i].text)
                        && !(["us", "usd", "eur", "gbp"].contains(toks[i].lower))
                {
                    return nil
                }
                return (h, a)
            }
        }
        // "revenue exceeded $4 million", "could top $4 million": the verb says more than the
        // figure. The verb stays out of the span, since what governs it is read before it.
        let exceeding: Set<String> = [
            "exceeded", "exceeds", "exceed", "exceeding", "surpassed", "surpasses", "surpass", "surpassing", "topped",
            "tops", "topping",
        ]
        if exceeding.contains(lower(i0 - 1))
            || (lower(i0 - 1) == "top"
                && (SentenceScan.modals[lower(i0 - 2)] != nil || ["to", "will", "may"].contains(lower(i0 - 2))))
        {
            return (.moreThan, i0)
        }
        return nil
    }

    /// A hedge written after a figure ending at e: "$12 million or more", "$4 million or
    /// less", "300 or fewer", "$3 million or so", "$100m-plus", "five years or longer":
    /// (hedge, where it ends). Not the "or more than" that begins another figure.
    func hedge(after e: Int) -> (Hedge, Int)? {
        guard e < n, !used[e] else { return nil }
        if ["-", "–"].contains(lower(e)), tight(e), tight(e + 1), lower(e + 1) == "plus" { return (.atLeast, e + 2) }
        if lower(e) == "+", tight(e) { return (.atLeast, e + 1) }
        if let g = giveOrTake(after: e) { return g }
        guard lower(e) == "or", e + 1 < n, !used[e + 1], lower(e + 2) != "than" else { return nil }
        switch lower(e + 1) {
        case "more", "higher", "greater", "longer", "above", "over": return (.atLeast, e + 2)
        case "less", "fewer", "lower", "shorter", "under", "below": return (.atMost, e + 2)
        case "so", "thereabouts": return (.about, e + 2)
        default: return nil
        }
    }

    /// "$4 million, give or take", "give or take a little": after a figure ending at e.
    func giveOrTake(after e: Int) -> (Hedge, Int)? {
        let k = lower(e) == "," ? e + 1 : e
        guard free(e, k + 3), lower(k) == "give", lower(k + 1) == "or", lower(k + 2) == "take" else { return nil }
        return (.about, k + 3)
    }

    /// A figure's hedge from the words before it and after it: nil when the two disagree
    /// ("up to $4 million or more"), for then the text does not bound it clearly.
    static func combine(_ before: Hedge?, _ after: Hedge?) -> Hedge?? {
        guard let after else { return .some(before) }
        guard let before else { return .some(after) }
        return before == after ? .some(before) : nil
    }

    static func figure(_ m: Measure, _ h: Hedge?) -> Value {
        guard let h else { return .measure(m) }
        return .quantity(Quantity(hedge: h, value: m, upper: nil))
    }

    // MARK: Dates

    struct DateParts {
        var year: Int?
        var month: Int?
        var day: Int?
        var quarter: Int?
        var half: Int?
        var season: String?
        var decade: Int?
        /// "2024-25": a school or fiscal year running into the next.
        var toYear: Int?
        /// "fiscal 2022", "FY2022": a fiscal year, whose months the document does not give.
        var fiscal = false
        /// "fiscal years 2020 through 2022": the years after it are fiscal too.
        var fiscalYears = false
        var mod: String?

        func value(anchorYear: Int?) -> Value {
            var parts = self
            if parts.year == nil, let y = anchorYear, parts.decade == nil { parts.year = y }
            if let t = parts.time { return .time(t) }
            return .string(parts.partialLiteral)
        }

        var time: TimeValue? {
            if let d = decade { return .range(.year(d), .year(d + 9)) }
            // A fiscal year labelled 2022 may run from 2021 into 2022 (the US government's), or
            // from 2022 into 2023 (Japan's): as the calendar year it would be stated more firmly
            // than the document states it, so it stays the text `FY2022`; written with both
            // years ("fiscal 2020-21") it stays the text `FY2020-21`, a fiscal year still.
            guard let y = year, !fiscal else { return nil }
            if let y2 = toYear { return .range(.year(y), .year(y2)) }
            if let m = month {
                if let d = day {
                    return TimeValue.check(year: y, month: m, day: d) == nil ? .day(y, m, d) : nil
                }
                return .month(y, m)
            }
            if let q = quarter { return .quarter(y, q) }
            if let h = half { return .half(y, h) }
            if let s = season { return .season(y, s) }
            return .year(y)
        }

        /// TIMEX3 style with the unknown year written XXXX.
        var partialLiteral: String {
            func p2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            var s = (fiscal ? "FY" : "") + (year.map(String.init) ?? "XXXX")
            if fiscal, let y2 = toYear { s += "-\(p2(y2 % 100))" }
            if let m = month { s += "-\(p2(m))" }
            if let d = day { s += "-\(p2(d))" }
            if let q = quarter { s += "-Q\(q)" }
            if let h = half { s += "-H\(h)" }
            if let se = season { s += "-\(se)" }
            return s
        }
    }

    func yearAt(_ i: Int) -> Int? {
        guard i < n, !used[i], toks[i].text.count == 4, toks[i].text.allSatisfy(\.isNumber), let y = Int(toks[i].text),
            (1800...2100).contains(y)
        else { return nil }
        // A four-digit number after a currency sign or before a percent sign is no year.
        if i > 0, ["$", "€", "£", "#"].contains(toks[i - 1].text) { return nil }
        if ["%", "percent"].contains(lower(i + 1)) { return nil }
        if !isYearBefore(i + 1, after: i - 1) { return nil }
        return y
    }

    /// Whether a year-like number between tokens `prev` and `next` may be a year by what
    /// follows it: before a unit ("rose by 2015 points") it measures, and before what it
    /// counts ("has 2020 employees", "up to 2020 people") it counts, unless the word before it
    /// makes it a date ("in 2020 people", "the 2020 elections", "March 2020 floods").
    func isYearBefore(_ next: Int, after prev: Int) -> Bool {
        guard next < n, toks[next].isAlpha, !toks[next].isCap else { return true }
        let w = lower(next)
        // "in 2020 dollars" is money of that year.
        let currencies: Set<String> = ["to", "per", "dollars", "cents", "euros", "pounds", "yen"]
        if Lexicon.measureWords.contains(w), !currencies.contains(w) { return false }
        guard Lexicon.isPluralNoun(w) else { return true }
        guard prev >= 0 else { return false }
        let p = lower(prev)
        let dateContext: Set<String> = [
            "in", "during", "since", "of", "until", "till", "before", "after", "from", "through", "between", "and",
            "or", "the", "its", "their", "his", "her", "our", "this", "that", "for", "early", "late", "mid", "-",
            "–", ",", "fiscal", "financial", "year", "fy", "last", "next", "until", "ahead",
        ]
        return dateContext.contains(p) || toks[prev].isPossessive || Lexicon.months[p] != nil
            || Lexicon.seasons[p] != nil || Lexicon.ordinals[p] != nil || p.hasPrefix("q")
    }

    /// A fiscal year named at i: "fiscal 2022", "fiscal year 2022", "financial year 2022",
    /// "FY2022", "FY22", "FY 2022": (year, end).
    func fiscalYear(at i: Int) -> (Int, Int)? {
        guard i < n, !used[i] else { return nil }
        if ["fiscal", "financial"].contains(lower(i)) {
            let e = ["year", "years"].contains(lower(i + 1)) ? i + 2 : i + 1
            if lower(i) == "financial" && e == i + 1 { return nil }
            if let y = yearAt(e) { return (y, e + 1) }
            return nil
        }
        let t = toks[i].text
        guard t.hasPrefix("FY") else { return nil }
        if t == "FY", let y = yearAt(i + 1) { return (y, i + 2) }
        let digits = t.dropFirst(2)
        guard digits.allSatisfy(\.isNumber), let v = Int(digits) else { return nil }
        if digits.count == 4, (1800...2100).contains(v) { return (v, i + 1) }
        if digits.count == 2 { return (2000 + v, i + 1) }
        return nil
    }

    func monthAt(_ i: Int) -> Int? {
        guard i < n, !used[i], toks[i].isCap, let m = Lexicon.months[toks[i].lower] else { return nil }
        return m
    }

    func dayAt(_ i: Int) -> Int? {
        guard i < n, !used[i] else { return nil }
        var s = toks[i].lower
        for suf in ["st", "nd", "rd", "th"] where s.hasSuffix(suf) && s.count > 2 { s.removeLast(2) }
        guard s.count <= 2, s.allSatisfy(\.isNumber), let d = Int(s), (1...31).contains(d) else { return nil }
        return d
    }

    /// One explicit date at i: (parts, end). `afterPrefix`: i follows "early", "the end of" and
    /// the like, so the date may not have one of its own: a prefix takes only a plain date,
    /// and looking for more prefixes would recurse once per word of "early early early …",
    /// deep enough at a thousand words to overflow the stack.
    func date(at i0: Int, afterPrefix: Bool = false) -> (DateParts, Int)? {
        var i = i0
        var p = DateParts()
        // "early", "mid-", "late", "the end of", "the start of", "the middle of"
        let prefix: [([String], String)] = [
            (["the", "end", "of"], "END"), (["the", "start", "of"], "START"), (["the", "beginning", "of"], "START"),
            (["the", "middle", "of"], "MID"), (["early"], "START"), (["mid", "-"], "MID"), (["mid"], "MID"),
            (["late"], "END"),
        ]
        for (words, mod) in prefix where !afterPrefix {
            if free(i, i + words.count), (0..<words.count).allSatisfy({ lower(i + $0) == words[$0] }) {
                if let (inner, end) = date(at: i + words.count, afterPrefix: true), inner.mod == nil, inner.day == nil {
                    var q = inner
                    q.mod = mod
                    return (q, end)
                }
            }
        }
        // "(the) third quarter of 2021", "the first half of 2022", "Q3 2021"
        var k = i
        if lower(k) == "the" { k += 1 }
        if let ord = Lexicon.ordinals[lower(k)], ["quarter", "half"].contains(lower(k + 1)) {
            var e = k + 2
            if lower(e) == "of" { e += 1 }
            if let (y, fe) = fiscalYear(at: e), lower(e + 1) != "years", free(i, fe) {
                if lower(k + 1) == "quarter" { p.quarter = ord } else if ord <= 2 { p.half = ord } else { return nil }
                p.year = y
                p.fiscal = true
                return (p, fe)
            }
            if let y = yearAt(e), free(i, e + 1) {
                if lower(k + 1) == "quarter" { p.quarter = ord } else if ord <= 2 { p.half = ord } else { return nil }
                p.year = y
                return (p, e + 1)
            }
            // "the third quarter", with its year left to the reader (or the anchor)
            if k > i, lower(e) != "of", !(lower(e).first?.isNumber ?? false), free(i, k + 2) {
                if lower(k + 1) == "quarter" { p.quarter = ord } else if ord <= 2 { p.half = ord } else { return nil }
                return (p, k + 2)
            }
        }
        if toks.indices.contains(i), ["q1", "q2", "q3", "q4"].contains(lower(i)) {
            var e = i + 1
            if lower(e) == "of" { e += 1 }
            if let (y, fe) = fiscalYear(at: e) {
                p.quarter = Int(String(lower(i).last!))
                p.year = y
                p.fiscal = true
                return (p, fe)
            }
            if let y = yearAt(e) {
                p.quarter = Int(String(lower(i).last!))
                p.year = y
                return (p, e + 1)
            }
        }
        // "fiscal 2022", "fiscal year 2022", "FY2022", "fiscal 2021-22", "fiscal years 2020 to 2022"
        if let (y, e) = fiscalYear(at: i) {
            p.year = y
            p.fiscal = true
            p.fiscalYears = lower(i + 1) == "years"
            if !p.fiscalYears, ["-", "–", "/"].contains(lower(e)), tight(e), tight(e + 1), e + 1 < n,
                (toks[e + 1].text.count == 2 && Int(toks[e + 1].text) == (y + 1) % 100)
                    || (toks[e + 1].text.count == 4 && Int(toks[e + 1].text) == y + 1)
            {
                // Written with both years, one fiscal year running from the first into the second.
                p.toYear = y + 1
                return (p, e + 2)
            }
            return (p, e)
        }
        // seasons: "summer 2019", "the spring of 2020"
        if let s = Lexicon.seasons[lower(i)] {
            var e = i + 1
            if lower(e) == "of" { e += 1 }
            if let y = yearAt(e) { p.season = s; p.year = y; return (p, e + 1) }
        }
        // "12 January 2021", "12th of January"
        if let d = dayAt(i) {
            var e = i + 1
            if lower(e) == "of" { e += 1 }
            if let m = monthAt(e) {
                p.day = d
                p.month = m
                e += 1
                if let y = yearAt(e) {
                    p.year = y; e += 1
                } else if lower(e) == ",", let y = yearAt(e + 1) {
                    p.year = y; e += 2
                }
                return (p, e)
            }
        }
        if let m = monthAt(i) {
            p.month = m
            i += 1
            if let d = dayAt(i), !["%", "percent"].contains(lower(i + 1)), !Lexicon.isPluralNoun(lower(i + 1)) {
                p.day = d
                i += 1
                if lower(i) == ",", let y = yearAt(i + 1) {
                    p.year = y
                    i += 2
                } else if let y = yearAt(i) {
                    p.year = y
                    i += 1
                }
                return (p, i)
            }
            if let y = yearAt(i) { p.year = y; return (p, i + 1) }
            if lower(i) == ",", let y = yearAt(i + 1) { p.year = y; return (p, i + 2) }
            if lower(i) == "of", let y = yearAt(i + 1) { p.year = y; return (p, i + 2) }
            // A month on its own: not "May" the verb, nor "June" the first name.
            let name = lower(i0)
            let before = lower(i0 - 1)
            let contextual = [
                "in", "since", "by", "until", "till", "of", "from", "to", "between", "and", "through", "early", "late",
                "mid", "-", "last", "next", "this", "during", "before", "after", "or", "until", "each", "every",
            ].contains(before)
            if (name == "may" || name == "march") && !contextual { return nil }
            if i < n, toks[i].isCap, !used[i], toks[i].isAlpha { return nil }
            return (p, i)
        }
        // decades: "the 1990s"
        if i < n, toks[i].lower.count == 5, toks[i].lower.hasSuffix("s"), let y = Int(toks[i].lower.dropLast()),
            y % 10 == 0, (1800...2090).contains(y)
        {
            p.decade = y
            return (p, i + 1)
        }
        if let y = yearAt(i) {
            p.year = y
            var e = i + 1
            if ["-", "–", "/"].contains(lower(e)), tight(e), tight(e + 1), e + 1 < n, toks[e + 1].text.count == 2,
                Int(toks[e + 1].text) == (y + 1) % 100
            {
                p.toYear = y + 1
                e += 2
            }
            if lower(e) == "school", lower(e + 1) == "year" { e += 2 }
            // "the 2022 fiscal year" and "the 2024-25 fiscal year" are fiscal years.
            if ["fiscal", "financial"].contains(lower(e)), lower(e + 1) == "year" {
                e += 2
                p.fiscal = true
            }
            return (p, e)
        }
        return nil
    }

    func readDates() {
        var found: [(DateParts, Int, Int)] = []
        var i = 0
        while i < n {
            if !used[i], let (p, end) = date(at: i), free(i, end) {
                // "a 2,300" cannot reach here; "in 2020 people" stays a date.
                found.append((p, i, end))
                i = end
            } else {
                i += 1
            }
        }
        // Ranges: "between A and B", "from A to B", "A-B".
        var k = 0
        var out: [(Value, String?, Int, Int)] = []
        let anchorYear = anchor?.year
        while k < found.count {
            let (a, s, e) = found[k]
            if k + 1 < found.count {
                var (b, s2, e2) = found[k + 1]
                let between = (e..<s2).map { lower($0) }
                // "fiscal years 2020 through 2022", "from fiscal 2019 to 2021", "FY2020 and
                // 2021": a bare year after a fiscal one is fiscal too, not the calendar year.
                let plainYear =
                    b.year != nil && b.month == nil && b.quarter == nil && b.half == nil
                    && b.season == nil && b.decade == nil && !b.fiscal
                if a.fiscal, plainYear, between.count == 1,
                    ["to", "through", "until", "till", "-", "–", "and", "or", ","].contains(between[0])
                {
                    b.fiscal = true
                    found[k + 1].0.fiscal = true
                }
                var start: Int?
                if a.fiscalYears, b.fiscal, ["to", "through", "until", "till", "-", "–"].contains(between.first ?? ""),
                    between.count == 1
                {
                    start = s
                }
                if between == ["and"], lower(s - 1) == "between" { start = s - 1 }
                if ["to", "until", "through", "till", "-", "–", "and"].contains(between.first ?? ""),
                    between.count == 1,
                    lower(s - 1) == "from"
                {
                    start = s - 1
                }
                if between == ["-"] || between == ["–"], a.year != nil, b.year != nil, a.month == nil, b.month == nil,
                    tight(e), tight(s2)
                {
                    start = s
                }
                // "in 2019 or 2020", "in March or April 2021": one of the two, so no more than
                // the span of both. Read apart, each was stated as the date.
                if between == ["or"], a.fiscal == b.fiscal, timeHedge(before: s, end: e, mod: nil).0 == nil {
                    start = s
                }
                if let st = start {
                    var a2 = a
                    var b2 = b
                    a2.mod = nil
                    b2.mod = nil
                    if a2.year == nil, let y = b2.year { a2.year = (a2.month ?? 0) > (b2.month ?? 13) ? y - 1 : y }
                    let va = a2.value(anchorYear: anchorYear)
                    let vb = b2.value(anchorYear: anchorYear)
                    var value: Value?
                    if case var .time(ta) = va.kind, case var .time(tb) = vb.kind {
                        // An end that is itself a span ("from 2019-20 to 2021-22") gives its own
                        // first or last part: a range of ranges has no literal, so a recording
                        // of it could not be read back.
                        if case let .range(first, _) = ta { ta = first }
                        if case let .range(_, last) = tb { tb = last }
                        // "from 2021 to 2019" is not a span: the two dates stay apart, as the
                        // language refuses such a range (a timeline of one trapped).
                        if ta.firstDay <= tb.lastDay { value = .time(.range(ta, tb)) }
                    } else {
                        value = .string("\(va.display)..\(vb.display)")
                    }
                    if let value {
                        out.append((value, nil, st, e2))
                        k += 2
                        continue
                    }
                }
            }
            out.append((a.value(anchorYear: anchorYear), a.mod, s, e))
            k += 1
        }
        for (v, mod, s, e) in out {
            let (hedgedMod, start, end) = timeHedge(before: s, end: e, mod: mod)
            add(.date, start, end, v, mod: hedgedMod)
        }
    }

    /// Words after a date that bound it: "2020 or later", "2020 onwards", "2020 or earlier":
    /// (the TIMEX3 mod, where they end).
    func timeBound(after e: Int) -> (String, Int)? {
        guard e < n, !used[e] else { return nil }
        if ["onwards", "onward"].contains(lower(e)) { return ("ON_OR_AFTER", e + 1) }
        guard ["or", "and"].contains(lower(e)), e + 1 < n, !used[e + 1] else { return nil }
        switch lower(e + 1) {
        case "later", "after", "beyond": return ("ON_OR_AFTER", e + 2)
        case "earlier", "before", "sooner": return ("ON_OR_BEFORE", e + 2)
        default: return nil
        }
    }

    /// The TIMEX3 mod of a date with the words before it that bound it ("before 2019", "since
    /// 2015", "by 2025", "until March"), and where the mention then starts. Without them the
    /// date was stated bare: "before 2019" read as the year 2019 itself.
    ///
    /// A bound on a date with START, MID or END ("before late 2019") keeps the bound and drops
    /// the part, taking in the whole date: late 2019 may be December, so "before late 2019" is
    /// ON_OR_BEFORE 2019, never BEFORE it. So does a date that may name something in it
    /// ("before 2019 elections": the elections were in 2019, and what came before them may be too).
    ///
    /// Words after the date bound it too ("2020 or later" is ON_OR_AFTER 2020), when none before
    /// it does: (mod, start, end of the mention).
    func timeHedge(before s: Int, end e: Int, mod: String?) -> (String?, Int, Int) {
        // "around 2015", "circa 1990", "in or around March 2020", "in about 2015": near the
        // date, not on it (TIMEX3 APPROX). "about" alone is more often "concerning" ("a report
        // about 2019 spending"), so it is taken only after a preposition of time.
        let approximate: [[String]] = [
            ["in", "or", "around"], ["at", "or", "around"], ["or", "around"], ["on", "or", "about"],
            ["in", "or", "about"], ["around"], ["circa"], ["c."],
            ["approximately"], ["roughly"], ["about"],
        ]
        for words in approximate {
            let a = s - words.count
            guard a >= 0, free(a, s), (0..<words.count).allSatisfy({ lower(a + $0) == words[$0] }) else { continue }
            if words == ["about"], !["in", "from", "since", "until", "till", "by", "to", "at"].contains(lower(a - 1)) {
                continue
            }
            return ("APPROX", a, e)
        }
        for (words, bound) in Lexicon.timeHedges {
            let a = s - words.count
            guard a >= 0, free(a, s), (0..<words.count).allSatisfy({ lower(a + $0) == words[$0] }) else { continue }
            // "It wasn't until 2019 that Acme paid", "did not pay until 2019": the event came
            // then, not before.
            if ["until", "till"].contains(words[0]),
                SentenceScan.negates(lower(a - 1)) || SentenceScan.negates(lower(a - 2))
            {
                return (mod, s, e)
            }
            let modifier = e < n && toks[e].isAlpha && !toks[e].isCap && !Lexicon.functionWords.contains(lower(e))
            if mod != nil || modifier {
                return (bound.contains("BEFORE") ? "ON_OR_BEFORE" : "ON_OR_AFTER", a, e)
            }
            return (bound, a, e)
        }
        // "early 2020 or later" may be any time from early 2020 on.
        if let (bound, end) = timeBound(after: e) { return (bound, s, end) }
        return (mod, s, e)
    }

    // MARK: Relative dates

    func readRelative() {
        let units: Set<String> = [
            "week", "month", "year", "quarter", "weekend", "spring", "summer", "fall", "autumn", "winter", "morning",
            "afternoon", "evening", "night",
        ]
        var i = 0
        while i < n {
            guard !used[i] else { i += 1; continue }
            var j = i
            if ["earlier", "later", "early", "late"].contains(lower(j)) { j += 1 }
            var end: Int?
            if ["this", "last", "next"].contains(lower(j)), units.contains(lower(j + 1)) {
                end = j + 2
            } else if ["today", "yesterday", "tomorrow", "tonight"].contains(lower(j)) {
                end = j + 1
            } else if Lexicon.weekdays[lower(j)] != nil, toks[j].isCap {
                end = j + 1
            } else if ["this", "last", "next"].contains(lower(j)), Lexicon.weekdays[lower(j + 1)] != nil {
                end = j + 2
            } else if j == i, ["previously", "recently"].contains(lower(j)),
                !["most", "more", "until", "only"].contains(lower(j - 1))
            {
                end = j + 1
            } else if j == i, lower(j) == "the", ["end", "start", "beginning", "middle"].contains(lower(j + 1)),
                lower(j + 2) == "of",
                ["the", "this", "next", "last"].contains(lower(j + 3)), units.contains(lower(j + 4))
            {
                end = j + 5
            } else if j == i {
                // "five years ago", "a week ago", "five to ten years ago"
                var numEnd: Int?
                if let (v, e) = number(at: j, allowScale: false) {
                    numEnd = e
                    // "five to ten years ago", "two or three years ago": the whole range, not
                    // its second end as if it were the whole.
                    if isRangeSeparator(e, first: j), let (v1, e1) = number(at: e + 1, allowScale: false), v < v1 {
                        numEnd = e1
                    }
                } else if ["a", "an", "several", "few"].contains(lower(j)), !isAfterFraction(j) {
                    // Not the "a century ago" of "half a century ago", which this reader does not reckon.
                    numEnd = j + 1
                }
                if let e = numEnd, Lexicon.durationUnit(lower(e)) != nil, lower(e + 1) == "ago" { end = e + 2 }
            }
            if var e = end, free(i, e) {
                if Lexicon.weekdays[lower(e - 1)] != nil,
                    ["morning", "afternoon", "evening", "night"].contains(lower(e))
                {
                    e += 1
                }
                let phrase = span(i, e).lowercased()
                let (mod, start, end) = timeHedge(before: i, end: e, mod: nil)
                add(.date, start, end, resolve(i, e) ?? .string("relative:" + phrase), mod: mod)
                i = end
            } else {
                i += 1
            }
        }
    }

    /// A relative expression resolved against the anchor, where that is certain: never finer than
    /// the anchor allows ("last month" needs an anchor's month, "three days ago" its day), and never
    /// outside the calendar's years 0001–9999.
    func resolve(_ a: Int, _ b: Int) -> Value? {
        guard let t = resolvedTime(a, b), TimeValue.check(year: t.year) == nil else { return nil }
        return .time(t)
    }

    private func resolvedTime(_ a: Int, _ b: Int) -> TimeValue? {
        guard let anchor else { return nil }
        let words = (a..<b).map { lower($0) }
        let day0 = anchor.firstDay
        let (y, m, _) = civilFromDays(day0)
        // How finely the anchor is known: a month's shift needs its month, a quarter's its quarter.
        var knowsMonth = false
        var knowsQuarter = false
        var knowsYear = true
        switch anchor {
        case .day, .month: (knowsMonth, knowsQuarter) = (true, true)
        case .quarter: knowsQuarter = true
        case .range: knowsYear = false
        default: break
        }
        func shiftMonth(_ k: Int) -> TimeValue? {
            guard knowsMonth else { return nil }
            let total = y * 12 + (m - 1) + k
            return .month(Int(floor(Double(total) / 12)), ((total % 12) + 12) % 12 + 1)
        }
        let unit = words.last!
        if case .day = anchor {
            switch unit {
            case "today", "tonight": return anchor
            case "yesterday": let (yy, mm, dd) = civilFromDays(day0 - 1); return .day(yy, mm, dd)
            case "tomorrow": let (yy, mm, dd) = civilFromDays(day0 + 1); return .day(yy, mm, dd)
            default: break
            }
        }
        guard knowsYear else { return nil }
        let rel =
            words.contains("last")
            ? -1
            : words.contains("next") ? 1 : words.contains("this") || (words.count == 5 && words[3] == "the") ? 0 : nil
        if let r = rel {
            switch unit {
            case "month": return shiftMonth(r)
            case "year": return .year(y + r)
            case "quarter":
                guard knowsQuarter else { return nil }
                let q = (m - 1) / 3 + r
                return .quarter(y + Int(floor(Double(q) / 4)), ((q % 4) + 4) % 4 + 1)
            default: break
            }
        }
        if unit == "ago", words.count >= 3,
            let (k, ke) = number(at: a, allowScale: false) ?? (["a", "an"].contains(words[0]) ? (1, a + 1) : nil),
            k <= SentenceScan.largestSpan
        {
            func back(_ count: Int) -> TimeValue? {
                switch words[words.count - 2] {
                case "year", "years": return .year(y - count)
                case "month", "months": return shiftMonth(-count)
                case "day", "days", "week", "weeks":
                    guard case .day = anchor else { return nil }
                    let days = words[words.count - 2].hasPrefix("week") ? 7 * count : count
                    let (yy, mm, dd) = civilFromDays(day0 - days)
                    return .day(yy, mm, dd)
                default: return nil
                }
            }
            // "five to ten years ago" runs from ten years back to five.
            if ke < b - 2, let (k1, _) = number(at: ke + 1, allowScale: false), k1 <= SentenceScan.largestSpan {
                guard let from = back(Int(k1)), let to = back(Int(k)) else { return nil }
                return .range(from, to)
            }
            return back(Int(k))
        }
        return nil
    }

    // MARK: Money

    /// An amount written in digits at i, with its scale: "100M", "2.3", "1.5 billion", "450,000":
    /// (amount, end, the scale if one was written).
    func amount(at i: Int) -> (Double, Int, Double?)? {
        guard i < n, !used[i] else { return nil }
        let word = toks[i].text
        let digits = word.prefix { $0.isNumber || $0 == "." || $0 == "," }
        let suffix = word.dropFirst(digits.count).lowercased()
        guard !digits.isEmpty, digits.first!.isNumber, let v = Double(digits.replacingOccurrences(of: ",", with: ""))
        else { return nil }
        if suffix.isEmpty {
            if let s = Lexicon.scales[lower(i + 1)],
                ["thousand", "million", "billion", "trillion", "bn", "mn", "m", "k", "b", "mln", "bln"].contains(
                    lower(i + 1))
            {
                return (v * s, i + 2, s)
            }
            // "the $5.5-million project": the scale joined by a hyphen.
            if lower(i + 1) == "-", tight(i + 1), tight(i + 2),
                ["thousand", "million", "billion", "trillion"].contains(lower(i + 2)),
                let s = Lexicon.scales[lower(i + 2)]
            {
                return (v * s, i + 3, s)
            }
            return (v, i + 1, nil)
        }
        if let s = Lexicon.scales[String(suffix)] { return (v * s, i + 1, s) }
        return nil
    }

    /// A currency written as a word after a number at e: "dollars", "euros", "pounds sterling",
    /// "cents", "pence": (currency, end, what the number is divided by to make the amount).
    func wordCurrency(at e: Int) -> (String, Int, Double)? {
        guard e < n, !used[e] else { return nil }
        switch lower(e) {
        case "dollars": return ("USD", e + 1, 1)
        case "us",
            "u.s." where lower(e + 1) == "dollars":
            return ("USD", e + 2, 1)
        case "euros": return ("EUR", e + 1, 1)
        case "pounds" where lower(e + 1) == "sterling": return ("GBP", e + 2, 1)
        case "pence": return ("GBP", e + 1, 100)
        case "cents": return ("USD", e + 1, 100)
        default: return nil
        }
    }

    /// Whether the words at e name dollars other than US dollars, after an amount in dollars
    /// ("$9 million Canadian", "(Canadian)", "Canadian dollars"): a country's adjective, then "dollars" or
    /// the end of the phrase. Before another noun ("a $9 million Canadian contract") it names
    /// what the money is for, and does not count.
    func namesOtherDollars(at e: Int) -> Bool {
        var k = lower(e) == "(" ? e + 1 : e
        switch lower(k) {
        case "canadian", "australian", "singapore", "singaporean", "mexican", "taiwanese", "jamaican", "fijian",
            "namibian", "liberian", "bahamian", "barbadian", "guyanese", "zimbabwean", "cdn":
            k += 1
        case "hong" where lower(k + 1) == "kong", "new" where lower(k + 1) == "zealand":
            k += 2
        default:
            return false
        }
        return k >= n || !toks[k].isWord || ["dollars", "dollar", "currency"].contains(lower(k))
    }

    /// Whether the token at e separates the two ends of a stated range whose first number
    /// starts at i: "to", "or", a dash ("10-20", or "10 - 20" between digits), or the "and" of
    /// "between … and".
    func isRangeSeparator(_ e: Int, first i: Int) -> Bool {
        let sep = lower(e)
        if sep == "to" || sep == "or" { return true }
        if sep == "and" { return lower(i - 1) == "between" }
        guard sep == "-" || sep == "–", e + 1 < n else { return false }
        if tight(e) && tight(e + 1) { return true }
        return toks[i].isDigits && toks[e + 1].isDigits && !tight(e) && !tight(e + 1)
    }

    /// A range of money in words or with its currency written once after both ends: "2 to 3
    /// million dollars", "five or six hundred thousand dollars", "between 2,000 and 3,000
    /// dollars": (first end, second end, currency, the mention's end, divisor).
    func wordMoneyRange(at i: Int, _ v0: Double, _ e: Int) -> (Double, Double, String, Int, Double)? {
        guard isRangeSeparator(e, first: i), !isChangeFrom(i), lower(i - 1) != "by",
            let (v1, e1) = number(at: e + 1), let (cur, ce, per) = wordCurrency(at: e1)
        else { return nil }
        let low = sharedScale(v0, first: i, e, second: e + 1, e1, v1)
        guard low < v1 else { return nil }
        return (low, v1, cur, ce, per)
    }

    /// What a scale word multiplies by: "hundred", "dozen", "thousand", "million", …
    func scaleFactor(_ k: Int) -> Double? {
        switch lower(k) {
        case "hundred": return 100
        case "dozen": return 12
        default: return bigScale(k)
        }
    }

    /// The first end of a range whose scale is written once, after the second end: "2 to 3
    /// million" (2,000,000), "three or four hundred thousand" (300,000), "ninety to one hundred
    /// million" (90,000,000). The first end (tokens i..<e, value v0) must have no scale word of
    /// its own; it takes the longest run of the second end's closing scale words (tokens
    /// s..<e2, value v1) that keeps it no larger than the second.
    func sharedScale(_ v0: Double, first i: Int, _ e: Int, second s: Int, _ e2: Int, _ v1: Double) -> Double {
        guard !(i..<e).contains(where: { scaleFactor($0) != nil }) else { return v0 }
        var best = v0
        var m = 1.0
        var k = e2 - 1
        while k > s, let f = scaleFactor(k) {
            m *= f
            if v0 * m <= v1 { best = v0 * m }
            k -= 1
        }
        return best
    }

    /// Whether the figure at i follows a verb of change and "from": "rose from 1,000 to 2,000"
    /// gives two figures at two times, not a range.
    func isChangeFrom(_ i: Int) -> Bool {
        guard lower(i - 1) == "from" else { return false }
        var k = i - 2
        // "fell sharply from", "has grown steadily from"
        if lower(k).hasSuffix("ly") { k -= 1 }
        let w = lower(k)
        return Lexicon.changeVerbs.contains(w)
    }

    /// Whether the amount at i, of size `change`, is the size of a change written right after
    /// its verb, and `result` what it came to: "Shares fell 5 cents to $1.05", "the fund shrank
    /// $2 million to $8 million". A verb of movement may also take a range ("prices rose 10 to
    /// 15 cents"), whose ends are near each other, so only a result more than three times the
    /// change is taken for one.
    func isChange(_ i: Int, of change: Int64, to result: Int64) -> Bool {
        var k = i - 1
        // "fell sharply 5 cents to"
        if lower(k).hasSuffix("ly") { k -= 1 }
        let movements: Set<String> = [
            "rose", "rise", "rises", "risen", "fell", "fall", "falls", "fallen", "climbed", "dropped", "slipped",
            "slid", "sank", "dipped", "jumped", "gained", "declined", "tumbled", "surged", "soared", "plunged",
            "edged", "shrank", "grew", "increased", "decreased", "eased", "advanced", "lost",
        ]
        return movements.contains(lower(k)) && result / 3 > change
    }

    /// A stated range as one figure, `between 1000 and 2000` with mod RANGE, its ends put in
    /// order. A hedge before it only widens it: "about 1,000 to 2,000" allows what "about 1,000"
    /// and "about 2,000" allow at its ends; "at least 5 to 8" is at least 5; "up to 5 to 8" is
    /// as many as 8.
    static func range(_ a: Measure, _ b: Measure, _ hedge: Hedge?) -> (Value, String) {
        let (low, high) = a.bounds.0 <= b.bounds.0 ? (a, b) : (b, a)
        guard let h = hedge else { return (.quantity(Quantity(hedge: nil, value: low, upper: high)), "RANGE") }
        switch h {
        case .moreThan, .atLeast: return (figure(low, h), h.mod)
        case .lessThan, .nearly, .atMost: return (figure(high, h), h.mod)
        case .about:
            let lo = Interval.of(Quantity(hedge: .about, value: low, upper: nil))
            let hi = Interval.of(Quantity(hedge: .about, value: high, upper: nil))
            let wide = Interval(unit: lo.unit, lo: lo.lo, hi: hi.hi)
            return ((try? wide.figure(like: low)) ?? figure(high, .atMost), h.mod)
        }
    }

    func readMoney() {
        struct Found {
            var start: Int
            var end: Int
            var money: Money
            var scale: Double?
            var upper: Money?
        }
        var found: [Found] = []
        var i = 0
        while i < n {
            guard !used[i] else { i += 1; continue }
            var currency: String?
            var numStart = i
            var start = i
            let t = toks[i].text
            if ["$", "€", "£"].contains(t) {
                // "C$3 million", "A$", "NZ$", "HK$": dollars, but not US dollars, which are the
                // only dollars the language's money has; read as "$" they were stated as US
                // dollars, so they are not read at all.
                let otherDollars: Set<String> = [
                    "a", "c", "nz", "hk", "s", "r", "nt", "mx", "ca", "au", "can", "aud", "cad", "sg", "z", "j", "bd",
                    "fj", "tt", "ec", "cdn",
                ]
                if t == "$", i > 0, otherDollars.contains(lower(i - 1)), tight(i) {
                    i += 1
                    continue
                }
                // "C $12 million", "CDN $9 million": the same, written apart, in capitals. "A" is
                // the article unless a word comes before it ("paid A $12 million").
                if t == "$", i > 0, !tight(i), otherDollars.contains(lower(i - 1)),
                    toks[i - 1].text == toks[i - 1].text.uppercased(),
                    toks[i - 1].text != "A" || (i > 1 && toks[i - 2].isWord)
                {
                    i += 1
                    continue
                }
                currency = t == "€" ? "EUR" : t == "£" ? "GBP" : "USD"
                numStart = i + 1
                if i > 0, ["us", "u.s."].contains(lower(i - 1)), tight(i), !used[i - 1] {
                    start = i - 1
                }
            } else if ["usd", "eur", "gbp"].contains(lower(i)), i + 1 < n, toks[i + 1].isDigits {
                currency = lower(i).uppercased()
                numStart = i + 1
            }
            var amount: Double?
            var scale: Double?
            var end = numStart
            var upper: Double?
            if currency != nil, let (v, e, s) = self.amount(at: numStart) {
                // "$100M", "$2.3m", "$1.5bn", "$20K", "$1.2 million"
                (amount, end, scale) = (v, e, s)
                // "$5-8 million", "$5 to 8 million", "between $5 and 8 million": the second end
                // is written without its sign, and a scale written once belongs to both.
                let sep = lower(end)
                if ["-", "–", "to"].contains(sep) || (sep == "and" && lower(start - 1) == "between"),
                    end + 1 < n, toks[end + 1].text.first?.isNumber == true,
                    let (v2, e2, s2) = self.amount(at: end + 1), !isChangeFrom(start), lower(start - 1) != "by"
                {
                    var low = v
                    if s == nil, let s2, low * s2 <= v2 { low *= s2 }
                    // "$500 to 800 workers" pays each of 800 workers $500: the second number counts.
                    if low < v2, countedThing(after: e2, number: v2) == nil {
                        (amount, upper, end, scale) = (low, v2, e2, s2)
                    }
                }
            } else if currency == nil, let (v, e) = number(at: i) {
                if let (low, v1, cur, ce, per) = wordMoneyRange(at: i, v, e) {
                    // "2 to 3 million dollars", "between two and three million dollars": the
                    // currency written once after both ends. Read an end at a time, the second
                    // was an exact amount.
                    (currency, amount, upper, end) = (cur, low / per, v1 / per, ce)
                    if ["between", "from"].contains(lower(i - 1)), !used[i - 1] { start = i - 1 }
                } else if let (cur, ce, per) = wordCurrency(at: e) {
                    (currency, amount, end) = (cur, v / per, ce)
                }
            }
            guard let cur = currency, let amt = amount, amt <= SentenceScan.largestFigure,
                (upper ?? 0) <= SentenceScan.largestFigure
            else {
                i += 1
                continue
            }
            // "$9 million Canadian", "9 million dollars Canadian": dollars, but not US dollars.
            if cur == "USD", namesOtherDollars(at: end) {
                i = end
                continue
            }
            func money(_ x: Double) -> Money { Money(currency: cur, cents: Int64((x * 100).rounded())) }
            found.append(Found(start: start, end: end, money: money(amt), scale: scale, upper: upper.map(money)))
            i = end
        }
        // "between £8 million and £10 million", "$5 million to $8 million": one stated range. A
        // range whose second end has no sign of its own was joined above.
        var k = 0
        while k < found.count {
            var a = found[k]
            func scaledChange(_ cents: Int64, _ scale: Double?, _ b: Found) -> Int64 {
                guard scale == nil, let s = b.scale, Double(cents) * s <= Double(b.money.cents) else { return cents }
                return Int64((Double(cents) * s).rounded())
            }
            if a.upper == nil, k + 1 < found.count, found[k + 1].upper == nil, found[k + 1].start == a.end + 1,
                a.money.currency == found[k + 1].money.currency, !isChangeFrom(a.start), lower(a.start - 1) != "by",
                // "$5 to $8 million": the change is weighed at the scale written once for both.
                !isChange(
                    a.start, of: scaledChange(a.money.cents, a.scale, found[k + 1]), to: found[k + 1].money.cents),
                (lower(a.start - 1) == "between" && lower(a.end) == "and")
                    || ["to", "-", "–", "or"].contains(lower(a.end))
            {
                var b = found[k + 1]
                // "$5 million or $6 million": one of the two, so the range from the less to the
                // greater; each read as a plain figure was a fact the text does not state.
                if lower(a.end) == "or", a.money.cents > b.money.cents, (a.scale == nil) == (b.scale == nil) {
                    swap(&a.money, &b.money)
                }
                // "$5 to $8 million": the scale written once belongs to both ends.
                if a.scale == nil, let s = b.scale, Double(a.money.cents) * s <= Double(b.money.cents) {
                    a.money.cents = Int64((Double(a.money.cents) * s).rounded())
                }
                if ["between", "from"].contains(lower(a.start - 1)) { a.start -= 1 }
                a.upper = b.money
                a.end = b.end
                k += 1
            }
            var start = a.start
            let h = hedge(before: start)
            if let (_, hs) = h { start = hs }
            let after = hedge(after: a.end)
            guard let hv = SentenceScan.combine(h?.0, after?.0) else {
                k += 1
                continue
            }
            let end = after?.1 ?? a.end
            if let up = a.upper {
                // "between $10 million and $8 million" is the same range: taken in the order
                // written, it allowed no value at all, so every comparison with it was false.
                let (value, mod) = SentenceScan.range(.money(a.money), .money(up), hv)
                add(.money, start, end, value, mod: mod)
            } else {
                add(.money, start, end, SentenceScan.figure(.money(a.money), hv), mod: hv?.mod)
            }
            k += 1
        }
    }

    // MARK: Durations

    func readDurations() {
        var i = 0
        while i < n {
            guard !used[i] else { i += 1; continue }
            var count: Double?
            var unitAt = 0
            var article = false
            var numberEnd = i
            if let (v, e) = number(at: i, allowScale: false), !(i > 0 && ["$", "€", "£"].contains(toks[i - 1].text)) {
                count = v
                unitAt = e
                numberEnd = e
                if (lower(unitAt) == "-" || lower(unitAt) == "–"), tight(unitAt), tight(unitAt + 1) { unitAt += 1 }
            } else if ["a", "an", "another", "one"].contains(lower(i)) {
                count = 1
                unitAt = i + 1
                article = true
            }
            if let c = count, !article, let end = readDurationRange(at: i, c, numberEnd) {
                i = end
                continue
            }
            // "two and a half years", "a two-and-a-half-year contract": the whole and its fraction.
            var fractionAdded = false
            if var c = count, !article, let (f, k) = andAFraction(at: unitAt) {
                c += f
                (count, unitAt, fractionAdded) = (c, k, true)
                if ["-", "–"].contains(lower(unitAt)), tight(unitAt), tight(unitAt + 1) { unitAt += 1 }
            }
            guard var c = count, let unit = Lexicon.durationUnit(lower(unitAt)), !used[unitAt] else { i += 1; continue }
            var end = unitAt + 1
            // "a year and a half", "three years and a half", "a decade and a half": the fraction
            // after the unit adds to it. Read without it, the span was stated shorter and exact.
            if !fractionAdded, lower(end) == "and" {
                guard !(article && isAfterFraction(i)), let (f, k) = andAFraction(at: end) else { i = end; continue }
                c += f
                end = k
                fractionAdded = true
            }
            // "One day the city will pay": at the head of a clause, "one day" says when, not how long.
            if lower(i) == "one", !article, unitAt == i + 1, !lower(unitAt).hasSuffix("s"),
                isInitialPosition(i) || [",", ";", "and", "but", "then", "until", "that"].contains(lower(i - 1))
            {
                i = end; continue
            }
            // Not an age ("34-year-old", "58 years old"), a frequency ("every two years"), a date
            // relative to another event ("two years later"), or a month count in a date ("one day").
            let next = lower(end)
            if next == "old" || (next == "-" && lower(end + 1) == "old") || ["ago", "later", "earlier"].contains(next) {
                i = end; continue
            }
            if ["every", "per", "each", "once", "twice", "times"].contains(lower(i - 1)) { i = end; continue }
            var start = i
            var hedgeValue: Hedge?
            if let (h, a) = hedge(before: i, duration: true) {
                hedgeValue = h
                start = a
            } else if article, !fractionAdded {
                // "a year" is a duration only where a length is meant: "for a year", "another decade";
                // "a year and a half" is one wherever it stands.
                let before = lower(i - 1)
                if !(lower(i) == "another" || ["for", "within", "lasting", "spanning", "than"].contains(before)) {
                    i = end; continue
                }
            }
            if hedgeValue == nil, i >= 2,
                ["past", "last", "next", "previous", "first", "coming", "following"].contains(lower(i - 1)),
                lower(i - 2) == "the" || ["his", "her", "its", "their", "our"].contains(lower(i - 2)), free(i - 2, i)
            {
                start = i - 2
            }
            if lower(end) == "-", tight(end) { end = end + 0 }  // "five-year-long" keeps only "five-year"
            // "five years or longer"
            if !article, let (h, e2) = hedge(after: end), lower(end) == "or" {
                guard let combined = SentenceScan.combine(hedgeValue, h) else { i = e2; continue }
                hedgeValue = combined
                end = e2
            }
            guard let d = scaled(unit, by: c) else { i = end; continue }
            add(.duration, start, end, SentenceScan.figure(.duration(d), hedgeValue), mod: hedgeValue?.mod)
            i = end
        }
    }

    /// "two to three years", "between 10 and 12 days": one duration of the stated range (see
    /// `readCountRange`); the end of the mention, or nil.
    func readDurationRange(at i: Int, _ v0: Double, _ e0: Int) -> Int? {
        var e = e0
        var second = e0 + 1
        // "a five-to-seven-year plan", "a two- to three-year plan": the "to" after the hyphen
        // that joins the first end to the unit written once.
        if ["-", "–"].contains(lower(e)), tight(e), lower(e + 1) == "to" {
            if ["-", "–"].contains(lower(e + 2)), tight(e + 1), tight(e + 2), tight(e + 3) {
                (e, second) = (e + 1, e + 3)
            } else if !tight(e + 1) {
                (e, second) = (e + 1, e + 2)
            }
        }
        let sep = lower(e)
        let between = lower(i - 1) == "between"
        guard isRangeSeparator(e, first: i) else { return nil }
        guard !isChangeFrom(i), lower(i - 1) != "by", let (v1, end1) = number(at: second, allowScale: false), v0 < v1
        else { return nil }
        // "five-to-seven-year", "two- to three-year": the second end joined to its unit.
        var e2 = end1
        if ["-", "–"].contains(lower(e2)), tight(e2), tight(e2 + 1) { e2 += 1 }
        guard e2 < n, !used[e2], let unit = Lexicon.durationUnit(lower(e2)) else { return nil }
        // Not an age, a relative date or a frequency: "five to six years old", "two to three
        // years ago", "every two to three years".
        let next = lower(e2 + 1)
        if next == "old" || (next == "-" && lower(e2 + 2) == "old") || ["ago", "later", "earlier"].contains(next)
            || ["every", "per", "each", "once", "twice", "times"].contains(lower(i - 1))
        {
            return nil
        }
        guard let lo = scaled(unit, by: v0), let hi = scaled(unit, by: v1) else { return nil }
        var start = i
        if (between && sep == "and") || (lower(i - 1) == "from" && sep == "to") { start = i - 1 }
        let h = hedge(before: start, duration: true)
        if let (_, hs) = h { start = hs }
        let (value, mod) = SentenceScan.range(.duration(lo), .duration(hi), h?.0)
        add(.duration, start, e2 + 1, value, mod: mod)
        return e2 + 1
    }

    /// "and a half", "and a quarter" at k, spaced or hyphenated ("two-and-a-half-year"): (the
    /// fraction, where it ends).
    func andAFraction(at k0: Int) -> (Double, Int)? {
        var k = k0
        var words: [String] = []
        while k < n, words.count < 3, !used[k] {
            if ["-", "–"].contains(lower(k)), !words.isEmpty, tight(k), tight(k + 1) {
                k += 1
                continue
            }
            words.append(lower(k))
            k += 1
        }
        guard words.count == 3, words[0] == "and", ["a", "an"].contains(words[1]),
            let d = SentenceScan.denominators[words[2]], ["half", "quarter"].contains(words[2])
        else { return nil }
        return (1 / d, k)
    }

    func scaled(_ unit: Duration, by c: Double) -> Duration? {
        guard c <= SentenceScan.largestSpan * 1000 else { return nil }
        var d = Duration()
        if c == c.rounded() {
            let k = Int(c)
            d.years = unit.years * k
            d.months = unit.months * k
            d.weeks = unit.weeks * k
            d.days = unit.days * k
            d.hours = unit.hours * k
            d.minutes = unit.minutes * k
            // "10000000 centuries" would be a billion years, past what a duration literal holds.
            return d.fitsLiteral ? d : nil
        }
        // "1.5 decades" is 15 years, "1.5 years" 18 months; other fractions are not kept.
        if unit.years > 0, c * Double(unit.years) == (c * Double(unit.years)).rounded() {
            d.years = Int(c * Double(unit.years))
            return d.fitsLiteral ? d : nil
        }
        if unit.years > 0, (c * 12) == (c * 12).rounded() {
            d.months = Int(c * 12) * unit.years
            return d.fitsLiteral ? d : nil
        }
        if unit.days > 0 || unit.hours > 0, (c * 24) == (c * 24).rounded(), unit.days > 0 {
            d.hours = Int(c * 24)
            return d.fitsLiteral ? d : nil
        }
        return nil
    }

    /// The numbers in digits that no figure took and a hedge comes before: "about 31,000
    /// acres", "down from nearly 60 on Sunday", "It covered about 2,300." The reader cannot say
    /// what they count, so they are no mentions; but a claim citing one is held, as a count
    /// is, to its hedge (a bare `31000` is firmer than "about 31,000").
    func hedgedNumbers() -> [Mention] {
        var out: [Mention] = []
        // Every hedge ends in a word, so a number after another number is not looked at: a
        // sentence of 100,000 numbers costs one comparison each.
        for i in 1..<max(n, 1) where !used[i] && toks[i].isDigits && toks[i - 1].isAlpha {
            guard let (h, s) = hedge(before: i), let (v, e) = number(at: i), free(i, e),
                v <= SentenceScan.largestFigure
            else { continue }
            let m: Measure = v == v.rounded() ? .int(Int64(v)) : .decimal(v)
            out.append(
                Mention(
                    kind: .count, locator: locator, text: span(s, e), value: SentenceScan.figure(m, h), mod: h.mod,
                    subject: nil, acronymOf: nil, title: nil, offset: toks[s].start))
        }
        return out
    }

    // MARK: Counts

    func readCounts() {
        var i = 0
        while i < n {
            guard !used[i], let (v, e) = number(at: i) else { i += 1; continue }
            let t = toks[i]
            // Not money, a score ("5-0"), a percentage, a measurement, a multiplier, a decimal
            // without a scale, a year, or a number in a name ("Route 66").
            if i > 0, ["$", "€", "£", "#", "-", "–", "/", ":"].contains(toks[i - 1].text), !toks[i].spaceBefore {
                i = e; continue
            }
            if i > 0,
                ["no.", "route", "highway", "page", "section", "article", "room", "flight", "number"].contains(
                    lower(i - 1))
            {
                i = e; continue
            }
            // "one in five workers", "three out of four voters": a proportion, not five workers.
            func isNumber(_ j: Int) -> Bool {
                j >= 0 && (toks[j].isDigits || Lexicon.smallNumbers[lower(j)] != nil || Lexicon.tens[lower(j)] != nil)
            }
            if (lower(i - 1) == "in" && isNumber(i - 2))
                || (lower(i - 1) == "of" && lower(i - 2) == "out" && isNumber(i - 3))
            {
                i = e; continue
            }
            if let end = readCountRange(at: i, v, e) { i = end; continue }
            // "no one", "not one worker" (none at all), "that one", "this one", "each one": a
            // pronoun or a denial, no count of one.
            if lower(i) == "one", e == i + 1,
                ["no", "not", "that", "this", "which", "each", "every", "any", "the", "no-one", "someone", "anyone"]
                    .contains(lower(i - 1))
            {
                i = e; continue
            }
            // "300 or more workers", "100-plus workers"
            var after = hedge(after: e)
            if after == nil, e < n, ["-", "–", "/", ":", "%", "."].contains(toks[e].text), tight(e) { i = e; continue }
            let numberEnd = after?.1 ?? e
            if Lexicon.measureWords.contains(lower(numberEnd)) || Lexicon.durationUnit(lower(numberEnd)) != nil {
                i = numberEnd; continue
            }
            if t.isDigits, t.text.contains("."), e == i + 1 { i = e; continue }
            var start = i
            let before = hedge(before: i)
            if let (_, a) = before { start = a }
            // A bare four-digit number may be a year, unless what follows makes it a count
            // ("has 2020 employees"); after "by" it may still be a year ("by 2025 workers will").
            if t.isDigits, t.text.count == 4, !t.text.contains(","), before == nil, after == nil, e == i + 1,
                isYearBefore(e, after: i - 1) || lower(i - 1) == "by"
            {
                i = e; continue
            }
            guard let (subject, found) = countedThing(after: numberEnd, number: v) else { i = e; continue }
            var end = found
            // "300 workers or more"
            if after == nil, let a2 = hedge(after: end) {
                after = a2
                end = a2.1
            }
            guard let hedgeValue = SentenceScan.combine(before?.0, after?.0) else { i = end; continue }
            if hedgeValue == nil, i > 0, lower(i - 1) == "all" { start = i }
            let m: Measure = v == v.rounded() ? .int(Int64(v)) : .decimal(v)
            add(.count, start, end, SentenceScan.figure(m, hedgeValue), mod: hedgeValue?.mod, subject: subject)
            // "212 of Maresfield's employees": the name inside the count is still a name.
            for k in start..<end where toks[k].isCap && toks[k].isPossessive { used[k] = false }
            i = end
        }
    }

    /// "1,000 to 2,000 people", "between 300 and 400 workers", "10-12 boats", "two or three
    /// staff": one count of the stated range; the end of the mention, or nil. Read a number at a
    /// time, the first had nothing counted after it and the second was an exact count, firmer
    /// than the source.
    func readCountRange(at i: Int, _ v0: Double, _ e: Int) -> Int? {
        let sep = lower(e)
        let between = lower(i - 1) == "between"
        // "10-20 workers", "10 - 20 workers", not "twenty-five".
        guard isRangeSeparator(e, first: i) else { return nil }
        if sep == "-" || sep == "–" {
            guard toks[i].isDigits else { return nil }
        }
        guard !isChangeFrom(i), lower(i - 1) != "by", let (v1, e2) = number(at: e + 1) else { return nil }
        // A year is not an end: "2,000 to 2020 levels".
        if toks[e + 1].isDigits, toks[e + 1].text.count == 4, !toks[e + 1].text.contains(","), e2 == e + 2 {
            return nil
        }
        // "1 to 2 million people", "three or four hundred people", "three or four hundred
        // thousand people": the scale written once belongs to both ends, all of it.
        let v = sharedScale(v0, first: i, e, second: e + 1, e2, v1)
        guard v < v1, let (subject, end) = countedThing(after: e2, number: v1) else { return nil }
        var start = i
        if (between && sep == "and") || (lower(i - 1) == "from" && sep == "to") { start = i - 1 }
        let h = hedge(before: start)
        if let (_, hs) = h { start = hs }
        func measure(_ x: Double) -> Measure { x == x.rounded() ? .int(Int64(x)) : .decimal(x) }
        let (value, mod) = SentenceScan.range(measure(v), measure(v1), h?.0)
        add(.count, start, end, value, mod: mod, subject: subject)
        return end
    }

    /// What a number counts: the words up to the first plural noun ("treatment plants"), after an
    /// optional "of the" / "of NAME's". "of them" counts without naming the thing.
    func countedThing(after e0: Int, number: Double) -> (String?, Int)? {
        var e = e0
        if lower(e) == "of" {
            if ["them", "those", "these", "us", "whom"].contains(lower(e + 1)) { return (nil, e + 2) }
            e += 1
            if ["the", "its", "their", "his", "her", "our", "these", "those"].contains(lower(e)) {
                e += 1
            } else if e < n, toks[e].isCap, toks[e].isPossessive {
                e += 1
            } else {
                return nil
            }
        }
        var words: [String] = []
        var k = e
        while k < n, k < e + 4 {
            let t = toks[k]
            guard t.isAlpha, !used[k] else { break }
            let w = t.lower
            if Lexicon.functionWords.contains(w) { break }
            words.append(t.text)
            // "9 million Canadian dollars", "500 Swiss francs": an amount of money, not a count.
            if Lexicon.currencyNouns.contains(w) { return nil }
            if Lexicon.isPluralNoun(w) { return (words.joined(separator: " ").lowercased(), k + 1) }
            // a hyphenated modifier: "chain-link", "low-income"
            if k + 2 < n, lower(k + 1) == "-", tight(k + 1), tight(k + 2), toks[k + 2].isAlpha {
                words[words.count - 1] += "-" + toks[k + 2].text
                if Lexicon.isPluralNoun(lower(k + 2)) { return (words.joined(separator: " ").lowercased(), k + 3) }
                k += 3
                continue
            }
            k += 1
        }
        // "one vendor": a single thing in the singular; not a verb ("only one won", "one said").
        let verbs: Set<String> = [
            "won", "lost", "said", "went", "came", "left", "made", "got", "took", "paid", "told", "saw", "knew", "ran",
            "put", "set", "hit", "let", "sold", "bought", "spent", "gave", "held", "kept", "met", "felt", "stood",
            "says", "wins", "gets", "goes", "knows", "thinks", "thought", "remains", "seems",
        ]
        if number == 1, let w = words.first, !w.hasSuffix("ly"), !w.first!.isUppercase, e < n,
            toks[e].lower != "another", !w.lowercased().hasSuffix("ed"), !verbs.contains(w.lowercased())
        {
            return (w.lowercased(), e + 1)
        }
        return nil
    }

    // MARK: Names

    func isNameToken(_ i: Int) -> Bool {
        guard i < n, !used[i] else { return false }
        let t = toks[i]
        guard t.isCap, t.isAlpha else { return false }
        return true
    }

    /// Whether token i begins the sentence or a quotation, where any word is capitalised.
    func isInitialPosition(_ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, ["\"", "“", "‘", "'", "(", "["].contains(toks[k].text) {
            if toks[k].text != "(" && k > 0 { return true }  // an opening quotation mark mid-sentence
            k -= 1
        }
        return k < 0
    }

    func readNameRuns() {
        var i = 0
        while i < n {
            guard isNameToken(i) else { i += 1; continue }
            let initial = isInitialPosition(i)
            // Sentence-initial common words ("The", "Former") are not names.
            if initial, Lexicon.sentenceStarters.contains(toks[i].lower) {
                i += 1
                continue
            }
            var a = i
            var title: [String] = []
            // Titles: "CEO Jeff Bezos", "President-elect Joe Biden", "Judge Renata Oduya".
            var b = a
            while b < n, isNameToken(b), Lexicon.titles.contains(toks[b].lower) {
                title.append(toks[b].text)
                b += 1
                if lower(b) == "-", tight(b), ["elect", "designate"].contains(lower(b + 1)) {
                    title[title.count - 1] += "-" + toks[b + 1].text
                    b += 2
                }
            }
            if !title.isEmpty {
                if b < n, isNameToken(b) {
                    // A title stands before a person's name, not before an organisation's or a
                    // place's ("Justice Department", "King County").
                    let (rest, _) = collectRun(from: b)
                    let restWords = rest.map { toks[$0].lower }
                    let restText = rest.isEmpty ? "" : span(rest.first!, rest.last! + 1)
                    if !restWords.contains(where: { Lexicon.orgWords.contains($0) }),
                        !(restWords.count == 1 && Lexicon.placeWords.contains(restWords[0])),
                        !Lexicon.places.contains(restText)
                    {
                        a = b
                    } else {
                        title = []
                    }
                } else {
                    i = b
                    continue
                }
            }
            let (idx, joined) = collectRun(from: a)
            guard !idx.isEmpty else { i += 1; continue }
            if idx.count > SentenceScan.longestName {
                i = idx.last! + 1
                continue
            }
            var tokensIdx = idx
            // Demonyms and sentence-initial words at the head of a run without a head word.
            while tokensIdx.count > 1, Lexicon.isDemonym(toks[tokensIdx[0]].text), title.isEmpty,
                !tokensIdx.map({ toks[$0].lower }).contains(where: { Lexicon.orgWords.contains($0) })
            {
                tokensIdx.removeFirst()
            }
            // "Nigerian-American", "Franco-German": adjectives, not names.
            let alphabetic = tokensIdx.filter { toks[$0].isAlpha }
            if alphabetic.isEmpty || (title.isEmpty && alphabetic.allSatisfy { Lexicon.isDemonym(toks[$0].text) })
                || !toks[tokensIdx[0]].isAlpha
            {
                i = (idx.last ?? i) + 1
                continue
            }
            let first = tokensIdx.first!
            let last = tokensIdx.last!
            var text = span(first, last + 1)
            let lastTok = toks[last]
            let saint = ["st.", "saint"].contains(toks[first].lower)
            if lastTok.isPossessive && !saint { text = String(text.dropLast(lastTok.text.count - lastTok.bare.count)) }
            let words = tokensIdx.map { toks[$0].bare }
            if tokensIdx.count == 1, Lexicon.isDemonym(words[0]) || (words[0].count == 1) {
                i = last + 1
                continue
            }
            var run = NameRun(locator: locator, text: text, tokens: words, offset: toks[first].start)
            run.title = title.isEmpty ? nil : title.joined(separator: " ")
            run.joined = joined
            run.initial = first == a && isInitialPosition(first) && title.isEmpty
            fillCues(&run, first: first, last: last)
            // "Larkspur Valley Water Authority (LVWA)"
            if lower(last + 1) == "(", last + 3 < n, toks[last + 2].isAcronym, lower(last + 3) == ")",
                tokensIdx.count > 1
            {
                runs.append(run)
                var acro = NameRun(
                    locator: locator, text: toks[last + 2].text, tokens: [toks[last + 2].text],
                    offset: toks[last + 2].start)
                acro.parenAcronymOf = text
                runs.append(acro)
                i = last + 4
                continue
            }
            runs.append(run)
            i = last + 1
        }
    }

    /// The tokens of a capitalised sequence from a, and whether a joining word was taken in.
    func collectRun(from a: Int) -> ([Int], Bool) {
        var idx: [Int] = []
        var joined = false
        var k = a
        func capsFrom(_ s: Int) -> [Int] {
            var out: [Int] = []
            var j = s
            while j < n, isNameToken(j) || (j < n && !used[j] && toks[j].isAcronym) {
                out.append(j)
                if toks[j].isPossessive { break }
                j += 1
            }
            return out
        }
        while k < n {
            if isNameToken(k) || (!used[k] && toks[k].isAcronym && toks[k].isCap) {
                idx.append(k)
                if toks[k].isPossessive {
                    let saint = ["st.", "saint"].contains(toks[idx[0]].lower)
                    if saint, isNameToken(k + 1) { k += 1; continue }
                    // "King's College London": a possessive inside an institution's name.
                    if idx.count == 1, !toks[k].isAcronym, isNameToken(k + 1),
                        capsFrom(k + 1).contains(where: { Lexicon.orgWords.contains(toks[$0].lower) })
                    {
                        k += 1
                        continue
                    }
                    break
                }
                // "Hewlett-Packard", but not "U.S.-Mexico"
                if lower(k + 1) == "-", tight(k + 1), tight(k + 2), isNameToken(k + 2),
                    !Lexicon.placeAcronyms.contains(toks[k].text), !Lexicon.places.contains(toks[k].text),
                    !Lexicon.places.contains(toks[k + 2].bare)
                {
                    idx.append(k + 1)
                    k += 2
                    continue
                }
                k += 1
                continue
            }
            guard !idx.isEmpty, k + 1 < n else { break }
            let w = lower(k)
            // A run already too long for a name is skipped whole (`readNameRuns`): its joins are
            // taken without weighing each, which copied the run every time (a sentence of 10,000
            // "Acme &" took 17 s).
            if idx.count > SentenceScan.longestName, ["&", "of", "for", "and"].contains(w) {
                let s = lower(k + 1) == "the" ? k + 2 : k + 1
                guard s < n, isNameToken(s) || toks[s].isAcronym else { break }
                idx += Array(k..<s)
                joined = true
                k = s
                continue
            }
            let left = idx.map { toks[$0] }
            let leftWords = left.filter(\.isWord).map(\.lower)
            if w == "&", isNameToken(k + 1) || toks[k + 1].isAcronym {
                idx.append(k)
                joined = true
                k += 1
                continue
            }
            if w == "of" || w == "for" {
                guard let lastLeft = leftWords.last, Lexicon.ofHeads.contains(lastLeft) else { break }
                var s = k + 1
                if lower(s) == "the" { s += 1 }
                let right = capsFrom(s)
                guard !right.isEmpty else { break }
                idx += Array(k..<s)
                joined = true
                k = s
                continue
            }
            if w == "and" {
                let right = capsFrom(k + 1)
                guard !right.isEmpty, !left.contains(where: { $0.isAcronym || $0.text == "&" }),
                    !left.last!.isPossessive
                else { break }
                let leftText = left.map(\.text).joined(separator: " ")
                if Lexicon.places.contains(leftText) { break }
                let rightWords = right.map { toks[$0].lower }
                let rightOrg = rightWords.last.map { Lexicon.orgWords.contains($0) } ?? false
                let leftOrg = leftWords.last.map { Lexicon.orgWords.contains($0) } ?? false
                if (leftWords.count == 1 && right.count >= 2 && !Lexicon.isDemonym(left[0].text))
                    || (rightOrg && !leftOrg)
                {
                    idx.append(k)
                    joined = true
                    k += 1
                    continue
                }
                break
            }
            if Lexicon.particles.contains(toks[k].text), idx.count == 1, isNameToken(k + 1) {
                idx.append(k)
                k += 1
                continue
            }
            break
        }
        return (idx, joined)
    }

    func fillCues(_ run: inout NameRun, first: Int, last: Int) {
        var p = first - 1
        if p >= 0, toks[p].text == "," { p -= 1 }
        let prev = lower(p)
        if p >= 0, Lexicon.roles.contains(prev) || (prev == "-" && lower(p - 1) == "co") { run.roleCue = true }
        if ["in", "near", "outside", "across", "throughout", "toward", "towards", "into"].contains(lower(first - 1)),
            ![
                "shares", "stake", "stakes", "investment", "investments", "invested", "interest", "role", "job", "jobs",
                "work", "worked", "career", "position",
            ].contains(lower(first - 2))
        {
            run.placeCue = true
        }
        // "the drug Calvexa", "its app Tally": a product, which this extractor does not list.
        if [
            "drug", "drugs", "medicine", "vaccine", "product", "products", "app", "software", "device", "model",
            "brand", "platform", "system", "tool", "chatbot", "game", "film", "book", "album", "song", "show", "series",
            "treatment", "pill",
        ].contains(lower(first - 1)) {
            run.productCue = true
        }
        if lower(first - 1) == "of",
            [
                "neighbourhoods", "neighborhoods", "outskirts", "suburbs", "streets", "parts", "residents", "people",
                "centre", "center", "north", "south", "east", "west", "heart", "mayor", "citizens",
            ].contains(lower(first - 2))
        {
            run.placeCue = true
        }
        if lower(first - 1) == "of",
            ["town", "city", "village", "county", "state", "province", "region", "island", "capital", "suburb", "port"]
                .contains(lower(first - 2))
        {
            run.placeCue = true
        }
        if lower(last + 1) == "-", tight(last + 1), ["based", "born", "area"].contains(lower(last + 2)) {
            run.placeCue = true
        }
        if lower(last + 1) == ",", last + 2 < n, Lexicon.places.contains(toks[last + 2].bare) { run.placeCue = true }
        if lower(first - 1) == "the" { run.afterThe = true }
        let next = last + 1 < n ? toks[last + 1].bare.lowercased() : ""
        if [
            "employees", "workers", "staff", "shares", "spokesperson", "spokesman", "spokeswoman", "executives",
            "officials", "stock", "shareholders", "customers", "subsidiary", "headquarters", "executive", "board",
            "engineers", "employee",
        ].contains(next) {
            run.orgCue = true
        }
        // "the group Clean Taps Now", "a shell company called Greyfen"
        if [
            "group", "company", "firm", "charity", "coalition", "startup", "start-up", "organisation", "organization",
            "campaign", "movement", "nonprofit", "agency", "subsidiary", "bank", "insurer", "retailer", "brand",
            "chain", "union",
        ].contains(lower(first - 1)) {
            run.orgCue = true
        }
        if ["like", "called", "named"].contains(lower(first - 1))
            && [
                "companies", "firms", "company", "firm", "groups", "group", "organizations", "organisations", "startup",
            ].contains(lower(first - 2))
        {
            run.orgCue = true
        }
        if ["administration", "campaign", "government"].contains(next) { run.personCue = true }
        // Apposition: "Harlan Mbeki, a retired engineer", "Miriam Sollis, 58,".
        if next == "," {
            var k = last + 2
            if k < n, toks[k].isDigits, lower(k + 1) == "," || lower(k + 1) == "" || lower(k + 1) == "." {
                run.personCue = true
            }
            if ["a", "an", "the", "who", "his", "her"].contains(lower(k)) {
                if lower(k) == "who" { run.personCue = true }
                k += 1
                let stop = min(n, k + 4)
                while k < stop {
                    if Lexicon.roles.contains(lower(k)) { run.personCue = true; break }
                    if [",", ".", "of", "at"].contains(lower(k)) { break }
                    k += 1
                }
            }
        }
        if ["said", "says", "told", "added", "wrote", "argued", "noted"].contains(next), run.tokens.count >= 2 {
            run.personCue = true
        }
    }
}

// MARK: - Classifying names with the whole document in view

struct NameClassifier {
    var runs: [NameRun]
    var surnames: Set<String> = []
    var orgNames: Set<String> = []
    var orgFirstWords: Set<String> = []
    var standaloneOrgs: Set<String> = []
    var midSentence: Set<String> = []
    var expansions: [String: (String, Mention.Kind)] = [:]
    var kinds: [String: Mention.Kind] = [:]
    /// The proper prefixes of multi-word organisation and place names, with their kind.
    var namePrefixes: [[String]: Mention.Kind] = [:]
    /// Words that begin a place-like name ("Dunmore" of "Dunmore Valley Red Cross").
    var placeFirstWords: Set<String> = []
    var placeNames: Set<String> = []
    var orgLastWords: Set<String> = []
    var productNames: Set<String> = []

    init(runs: [NameRun]) {
        self.runs = runs
        // Words used as names away from a sentence's start.
        for r in runs where !r.initial { midSentence.insert(r.tokens[0]) }
        // First pass: what each run is on its own.
        let first = NameClassifier(plain: runs, midSentence: midSentence)
        for r in runs {
            guard let k = first.classify(r) else { continue }
            if k == .person, r.tokens.count >= 2,
                !r.tokens.contains(where: { Lexicon.orgWords.contains($0.lowercased()) })
            {
                surnames.insert(r.tokens.last!)
            }
            // A lone word is an organisation's name by default; only a cue ("Chef employees")
            // makes that evidence for its other uses.
            if k == .org {
                if r.tokens.count == 1 { standaloneOrgs.insert(r.text) } else { orgFirstWords.insert(r.tokens[0]) }
                if r.tokens.count > 1 || r.orgCue || r.isAcronym { orgNames.insert(r.text) }
            }
            if k == .place, r.tokens.count == 1 { placeNames.insert(r.text) }
            if k == .org, r.tokens.count > 1, let lastWord = r.tokens.last,
                !Lexicon.orgWords.contains(lastWord.lowercased()),
                !Lexicon.placeWords.contains(lastWord.lowercased()), lastWord.first?.isUppercase == true,
                !r.tokens.contains("&")
            {
                orgLastWords.insert(lastWord)
            }
            if r.tokens.count > 1, Lexicon.placeWords.contains(r.tokens[1].lowercased()) {
                placeFirstWords.insert(r.tokens[0])
            }
            if r.tokens.count > 1 {
                kinds[r.text] = k
                if k != .person {
                    for len in 1..<r.tokens.count where namePrefixes[Array(r.tokens.prefix(len))] == nil {
                        namePrefixes[Array(r.tokens.prefix(len))] = k
                    }
                }
            }
        }
        // Acronyms the document spells out: initials of multi-word names, or "(LVWA)" after one.
        for r in runs where r.tokens.count > 1 {
            let sig = r.tokens.filter { !["of", "and", "the", "for", "&", "-", "de", "la"].contains($0.lowercased()) }
            let initials = String(sig.compactMap { $0.first }).uppercased()
            if initials.count >= 2, expansions[initials] == nil {
                expansions[initials] = (r.text, kinds[r.text] ?? .org)
            }
        }
        for r in runs where r.productCue && r.tokens.count == 1 { productNames.insert(r.text) }
        for r in runs {
            if let full = r.parenAcronymOf {
                expansions[r.text.replacingOccurrences(of: ".", with: "")] = (full, kinds[full] ?? .org)
            }
        }
    }

    private init(plain runs: [NameRun], midSentence: Set<String>) {
        self.runs = runs
        self.midSentence = midSentence
    }

    func mention(for run: NameRun) -> Mention? {
        guard let kind = classify(run) else { return nil }
        var acronymOf: String?
        if run.isAcronym {
            let key = run.text.replacingOccurrences(of: ".", with: "")
            acronymOf = run.parenAcronymOf ?? expansions[key]?.0
        }
        return Mention(
            kind: kind, locator: run.locator, text: run.text, value: .string(run.text), mod: nil, subject: nil,
            acronymOf: acronymOf, title: run.title, offset: run.offset)
    }

    func classify(_ r: NameRun) -> Mention.Kind? {
        let words = r.tokens.map { $0.lowercased() }
        let single = r.tokens.count == 1
        if r.isAcronym {
            let key = r.text.replacingOccurrences(of: ".", with: "")
            if Lexicon.commonAcronyms.contains(r.text) || Lexicon.commonAcronyms.contains(key) { return nil }
            if Lexicon.placeAcronyms.contains(r.text) || Lexicon.placeAcronyms.contains(key) { return .place }
            if let full = r.parenAcronymOf { return kinds[full] ?? .org }
            if let (_, k) = expansions[key] { return k == .person ? .org : k }
            return .org
        }
        if r.title != nil { return .person }
        // A word that only begins a sentence ("Board chair", "Hospital management") names nothing,
        // unless the document uses it as a name elsewhere.
        if single, r.initial, !midSentence.contains(r.tokens[0]), !orgNames.contains(r.tokens[0]),
            !orgFirstWords.contains(r.tokens[0]), !surnames.contains(r.tokens[0]), !Lexicon.places.contains(r.text)
        {
            return nil
        }
        if words.contains(where: { Lexicon.orgWords.contains($0) }) || words.contains("&") {
            // "Tarrow County Board" is an organisation; "Harbour City" a place.
            return .org
        }
        if Lexicon.places.contains(r.text) { return .place }
        if let lastWord = words.last,
            Lexicon.placeWords.contains(lastWord) || (r.tokens.count > 1 && Lexicon.places.contains(r.tokens.last!))
        {
            return .place
        }
        if r.joined { return .org }
        if single {
            // The document's own evidence first: "Sollis" after "Miriam Sollis", "the Hawks" after
            // "the Harbor Hawks", "Calvexa" after "the drug Calvexa".
            let w = r.tokens[0]
            if surnames.contains(w) { return .person }
            if orgLastWords.contains(w) { return .org }
            if r.productCue || productNames.contains(w) { return nil }
            if r.placeCue || placeNames.contains(w) || placeFirstWords.contains(w) { return .place }
            if r.roleCue || r.personCue { return .person }
            return .org
        }
        if r.roleCue || r.personCue { return .person }
        if r.productCue { return nil }
        // "Port Calder", "Lake Placid", "Fort Worth", "Mount Kenya"
        if Lexicon.placePrefixes.contains(words[0]) { return .place }
        // A short form of a longer name in the document ("St. Brigid's" for "St. Brigid's Medical Centre").
        if let k = namePrefixes[r.tokens] { return k }
        if standaloneOrgs.contains(r.tokens[0]) || r.orgCue { return .org }
        if r.placeCue { return .place }
        if r.afterThe { return .org }
        return r.tokens.count <= 3 ? .person : .org
    }
}
