// Checking a case's citations against the document they cite.
//
// A locator that points nowhere is an error: the claim cannot be traced. A claim whose names or
// figures cannot be found in the sentences it cites is only a warning, since the case states
// facts in its own words and a sentence may say "the agency" for ICE or "seven" for 7; the
// warning names the value and the locator so a person can look.
//
// Money is held to what the sentence states, not to its digits: `$12K`, `$12B` and `more than
// $12M` are three other figures than "$12 million", and a bare `$12M` is firmer than "more than
// $12 million" (the vocabulary's rule: the two are different statements). A money claim passes
// when a figure the mention reader finds in the cited text allows exactly the values the claim
// allows: the same amount, currency and hedge ("nearly" and "less than" share TIMEX3's
// LESS_THAN, and the same interval). So the check sees money as `casebook mentions` shows it.
//
// A figure is also held to how firmly the sentence states it: a claim (CT+ unless it says
// otherwise) of "could pay $3 million", which the mention reader reads as PS+, is firmer than its
// source and warned about (`isFirmer`). Counts and durations are found by their digits, or where
// the text has not their digits ("nearly 2.1 million passengers", "a year and a half") as the
// mention reader reads them; either way, where the reader reads a figure of their kind at their
// size, they are held, as money is, to that figure, hedge and all: a bare `7` is firmer than "at
// least seven children", and `about 666` another figure than "as many as 666". So is a figure the
// sentence states as a rate ("$5 million a year"): a claim that does not name the rate is warned
// about.
//
// Dates are found by their digits, then held to the bound the sentence puts on them: a bare
// `2019` against "before 2019" (the mention reader's TIMEX3 mod BEFORE) is firmer than the source,
// and so is `2015` against "around 2015" (APPROX). Nor may a date be more precise than the
// sentence's: `2019-07-15` against "in July 2019" is warned about, `2019` passes. And a date
// the sentence states only as planned or possible ("is intended to be opened in the second
// quarter of 2026", `Uu`) is held to that as a figure is, unless the claim names the plan.
//
// A claim credited to a source (`by dockside_radio`) is warned about when the sentence credits
// what it says to other named sources only ("According to the Port Authority, …"). And where
// the case gives its entities kinds (`kind(acme, company)`), a claim whose entity the sentence
// does not name, naming instead another of that kind, is warned about: `owns(acme, kestrel)`
// against "Brill Marine owns the Kestrel dock".

import Foundation

/// Checks every claim's locators and key values against a loaded document.
struct CitationChecker {
    let document: Document
    let program: Program
    let documentText: String
    let namesByEntity: [String: [String]]
    let allNames: Set<String>

    init(document: Document, program: Program) {
        self.document = document
        self.program = program
        var names: [String: [String]] = [:]
        for (entity, name) in program.aliasList { names[entity, default: []].append(name) }
        namesByEntity = names
        allNames = Set(program.aliasList.map(\.name))
        let text = CitationChecker.normalise(document.paragraphs.joined().joined(separator: " "))
        documentText = text
        // Once per entity, not once per claim: each test searches the whole document, and a
        // long document times a case's hundreds of claims took over a minute.
        let chars = Array(text)
        documentNames = Set(
            names.filter {
                $0.value.contains {
                    let name = CitationChecker.normalise($0)
                    return text.contains(name) && CitationChecker.contains(Array(name), in: chars, notNextTo: \.isWordy)
                }
            }.keys)
    }

    /// The entities the document names somewhere, by any of their aliases.
    let documentNames: Set<String>

    func check(_ claims: [ClaimRecord]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // Many claims cite the same sentences; each is normalised once.
        var normalised: [String: String] = [:]
        // The figures and dates the cited sentences state, read only for claims that cite one.
        var read: [String: [Mention]] = [:]
        // The entities each is stated together with, in any claim of the program: worked out only
        // for a claim whose sentence credits another than its source.
        lazy var kinds: [String: Set<String>] = {
            var out: [String: Set<String>] = [:]
            for c in program.claims where c.relation == "kind" && c.row.count == 2 {
                if case let .symbol(e) = c.row[0].kind, case let .symbol(k) = c.row[1].kind {
                    out[e, default: []].insert(k)
                }
            }
            return out
        }()
        lazy var related: [String: Set<String>] = {
            var out: [String: Set<String>] = [:]
            for c in program.claims {
                let symbols = c.row.compactMap { v -> String? in
                    if case let .symbol(s) = v.kind { return s }
                    return nil
                }
                for a in symbols { out[a, default: []].formUnion(symbols) }
            }
            return out
        }()
        for claim in claims {
            var cited = ""
            var missingLocator = false
            for loc in claim.locators {
                if let text = document.text(at: loc), !text.isEmpty {
                    cited += " " + text
                } else {
                    missingLocator = true
                    out.append(
                        Diagnostic(
                            .error, "\(claim.relation) cites \(loc.literal), which \(document.name) does not have",
                            file: claim.file, span: claim.span, hint: hint(for: loc)))
                }
            }
            guard !missingLocator, !cited.isEmpty else { continue }
            let key = claim.locators.map(\.literal).joined(separator: ",")
            let haystack = normalised[key] ?? normalise(cited)
            normalised[key] = haystack
            let where_ = "\(claim.locators.map(\.literal).joined(separator: ", ")) of \(document.name)"
            // A sentence may name one party and refer to another ("both companies"), so names
            // are flagged only when the sentence names none of the claim's entities.
            let entities = claim.row.filter(isDocumentName)
            if !entities.isEmpty,
                !entities.contains(where: { occurs($0, in: haystack) || refersBack(to: $0, in: haystack) })
            {
                let list = entities.map(\.literal).joined(separator: ", ")
                out.append(
                    Diagnostic(
                        .warning, "\(claim.relation): \(where_) names none of \(list)", file: claim.file,
                        span: claim.span,
                        hint: "check the locator, or cite the sentence that names them"))
            }
            if let problem = substituted(claim, entities, haystack, at: where_, kinds: { kinds }) {
                out.append(problem)
            }
            if let problem = misattributed(claim, haystack, at: where_, related: { related }) {
                out.append(problem)
            }
            func mentions() -> [Mention] {
                if let found = read[key] { return found }
                let found = claim.locators.compactMap { document.text(at: $0) }.flatMap { mentionsStated(in: $0) }
                read[key] = found
                return found
            }
            for value in claim.row where isKeyValue(value) {
                var hint = "check the locator, or that the value is what the sentence says"
                if let figure = moneyFigure(value) {
                    let stated = mentions().filter { $0.kind == .money }
                    let same = stated.filter { $0.value.figure?.interval == figure }
                    if !same.isEmpty {
                        if let problem = overstatement(of: value, in: claim, against: same, at: where_) {
                            out.append(problem)
                        }
                        continue
                    }
                    if !stated.isEmpty {
                        let shown = stated.prefix(5).map(\.value.literal).joined(separator: ", ")
                        hint =
                            "the cited text states \(shown)\(stated.count > 5 ? ", …" : ""): cite a figure as it is stated, at its scale and with its hedge or none"
                    }
                } else if case .duration = value.kind, mentions().contains(where: { $0.per?.kind == value.kind }) {
                    // The period of a rate the sentence states: `P1Y` for "$5 million a year".
                    continue
                } else if occurs(value, in: haystack) {
                    // A count or duration is found by its digits; where the mention reader reads
                    // a figure of its kind at its size, it is held, as money is, to that figure:
                    // its hedge (a bare `7` is firmer than "at least seven") and how firmly it is
                    // stated. A number the reader reads as no such figure (a year, a part of a
                    // date, an ordinal) is left to its digits.
                    if let figure = value.figure?.interval, case let stated = statedFigures(like: value, mentions()),
                        !stated.isEmpty
                    {
                        let same = stated.filter { $0.value.figure?.interval == figure }
                        guard !same.isEmpty else {
                            let shown = stated.prefix(5).map(\.value.literal).joined(separator: ", ")
                            out.append(
                                Diagnostic(
                                    .warning, "\(claim.relation): \(value.literal) does not occur in \(where_)",
                                    file: claim.file, span: claim.span,
                                    hint:
                                        "the cited text states \(shown)\(stated.count > 5 ? ", …" : ""): cite a figure as it is stated, with its hedge or none"
                                ))
                            continue
                        }
                        if let problem = overstatement(of: value, in: claim, against: same, at: where_) {
                            out.append(problem)
                        }
                    }
                    // A date found by its digits is held to the bound the sentence puts on it; so is
                    // a year in a column not declared a date, which holds it as a number.
                    var date: TimeValue?
                    if case let .time(t) = value.kind { date = t }
                    if case let .int(n) = value.kind, (1000...2999).contains(n) { date = .year(Int(n)) }
                    if let t = date, let problem = bounded(t, value, in: claim, mentions(), at: where_) {
                        out.append(problem)
                    } else if case let .time(t) = value.kind,
                        let problem = elsewhere(t, value, in: claim, mentions(), at: where_)
                            ?? finer(t, value, in: claim, mentions(), at: where_)
                    {
                        out.append(problem)
                    }
                    if let t = date, let problem = lessFirmly(t, value, in: claim, mentions(), at: where_) {
                        out.append(problem)
                    }
                    continue
                } else if let figure = value.figure?.interval, case let stated = statedFigures(like: value, mentions()),
                    !stated.isEmpty
                {
                    // "nearly 2.1 million passengers", "a year and a half": a count or duration
                    // written with a scale word or a fraction, whose digits the text does not have.
                    // The mention reader finds it, and holds it to its hedge, as money is held.
                    let same = stated.filter { $0.value.figure?.interval == figure }
                    if !same.isEmpty {
                        if let problem = overstatement(of: value, in: claim, against: same, at: where_) {
                            out.append(problem)
                        }
                        continue
                    }
                    let shown = stated.prefix(5).map(\.value.literal).joined(separator: ", ")
                    hint =
                        "the cited text states \(shown)\(stated.count > 5 ? ", …" : ""): cite a figure as it is stated, with its hedge or none"
                }
                out.append(
                    Diagnostic(
                        .warning, "\(claim.relation): \(value.literal) does not occur in \(where_)",
                        file: claim.file, span: claim.span, hint: hint))
            }
        }
        return out
    }

    /// A warning when an entity of the claim that the document names is not named in the cited
    /// text, and the text names instead another entity of its kind (`kind(amazon, company)`,
    /// `kind(microsoft, company)`) that the claim does not name: `owns(amazon, github)` cited to
    /// "the Microsoft-owned site GitHub". A sentence that names no other entity of that kind may
    /// refer to the missing one ("both companies", "the agency"), and says nothing either way.
    func substituted(
        _ claim: ClaimRecord, _ entities: [Value], _ text: String, at where_: String, kinds: () -> [String: Set<String>]
    ) -> Diagnostic? {
        let missing = entities.filter { !occurs($0, in: text) }
        guard !missing.isEmpty, missing.count < entities.count else { return nil }
        let inRow = Set(
            claim.row.compactMap { v -> String? in
                if case let .symbol(s) = v.kind { return s }
                return nil
            })
        let kinds = kinds()
        for m in missing {
            guard case let .symbol(name) = m.kind, let k = kinds[name], !k.isEmpty else { continue }
            let others = documentNames.filter {
                !inRow.contains($0) && !(kinds[$0] ?? []).isDisjoint(with: k) && occurs(.symbol($0), in: text)
            }.sorted()
            guard !others.isEmpty else { continue }
            return Diagnostic(
                .warning, "\(claim.relation): \(where_) names \(others.joined(separator: ", ")), not \(name)",
                file: claim.file, span: claim.span,
                hint:
                    "check the entity and the locator: the sentence names another \(k.sorted().joined(separator: " or ")) than \(name)"
            )
        }
        return nil
    }

    /// Verbs by which a sentence credits what it says to a named source ("BBC News reported").
    static let reportingVerbs = [
        "reported", "reports", "said", "says", "told", "found", "finds", "announced", "announces", "stated", "states",
        "claimed", "claims", "wrote", "writes", "alleged", "alleges", "estimated", "estimates", "testified",
        "disclosed", "confirmed", "confirms",
    ]

    /// A warning when a claim credited to a source (`by dockside_radio`) cites text that credits
    /// what it says to other named sources only ("Port Authority said …", "according to the
    /// Port Authority") and not to it. A source named together with the one credited in a claim
    /// of the case (`actor(ice_reporting, ice, agent)` for "according to the agency's
    /// reporting") is taken as the same. Text that credits no named source says nothing either
    /// way: the source may be given in another sentence, or referred to ("the agency said").
    func misattributed(_ claim: ClaimRecord, _ text: String, at where_: String, related: () -> [String: Set<String>])
        -> Diagnostic?
    {
        guard case let .symbol(source) = claim.by.kind, source != "author" else { return nil }
        var credited: [String] = []
        for (entity, names) in namesByEntity.sorted(by: { $0.key < $1.key }) {
            // Only names the text has are spelled out with each verb.
            let forms = names.map(normalise).filter { text.contains($0) }.flatMap { name -> [String] in
                let bare = name.hasPrefix("the ") ? String(name.dropFirst(4)) : name
                return ["according to \(bare)", "according to the \(bare)"]
                    + Self.reportingVerbs.flatMap { ["\(name) \($0)", "\(name) has \($0)", "\(name) had \($0)"] }
            }
            if forms.contains(where: { text.contains($0) && Self.containsName($0, in: text) }) {
                credited.append(entity)
            }
        }
        guard !credited.isEmpty, !credited.contains(source) else { return nil }
        let near = related()[source] ?? []
        if credited.contains(where: { near.contains($0) }) { return nil }
        return Diagnostic(
            .warning,
            "\(claim.relation): \(where_) credits it to \(credited.joined(separator: ", ")), not \(source)",
            file: claim.file, span: claim.span,
            hint:
                "check the source: credit the claim `by` the one the sentence names, or cite the sentence that credits \(source)"
        )
    }

    /// An entity the document itself names somewhere (by any of its aliases).
    func isDocumentName(_ value: Value) -> Bool {
        guard case let .symbol(s) = value.kind else { return false }
        return documentNames.contains(s)
    }

    /// Whether a sentence refers back to an entity the document names elsewhere, by the common
    /// noun one of its names ends in: "the contract" to "ICE cloud contract", "employees at both
    /// companies" to "Microsoft employees". News text names a party once and then says "the
    /// deal", so only a sentence that names none of a claim's entities, not even so, is flagged.
    func refersBack(to value: Value, in text: String) -> Bool {
        guard case let .symbol(s) = value.kind else { return false }
        return (namesByEntity[s] ?? []).contains { name in
            let words = name.split(separator: " ")
            guard words.count > 1, let noun = words.last, noun.allSatisfy({ $0.isLetter && $0.isLowercase }) else {
                return false
            }
            return Self.containsName(String(noun), in: text) || Self.containsName(noun + "s", in: text)
        }
    }

    /// Figures, dates and names written as strings: what must appear in a cited sentence.
    /// Descriptive strings are the case's own words and are not looked for.
    func isKeyValue(_ value: Value) -> Bool {
        switch value.kind {
        case let .string(s): return allNames.contains(s)
        case .int, .decimal, .money, .quantity, .duration, .time: return true
        default: return false
        }
    }

    func hint(for loc: Locator) -> String {
        guard loc.paragraph >= 1, loc.paragraph <= document.paragraphs.count else {
            switch document.paragraphs.count {
            case 0: return "the document has no paragraphs: is it the right file?"
            case 1: return "the document has one paragraph, P1"
            case let n: return "the document has paragraphs P1 to P\(n)"
            }
        }
        let n = document.paragraphs[loc.paragraph - 1].count
        if n == 0 { return "P\(loc.paragraph) holds only page furniture" }
        return "P\(loc.paragraph) has sentences S1 to S\(n)"
    }

    /// Whether a value is, as far as text matching can tell, mentioned in the cited text.
    /// Values that are the case's own vocabulary (kinds, statuses) are not looked for.
    func occurs(_ value: Value, in text: String) -> Bool {
        switch value.kind {
        case let .string(s):
            return Self.containsName(normalise(s), in: text)
        case let .symbol(s):
            // Only entities with names can be looked for; other symbols are classifications.
            let names = namesByEntity[s] ?? []
            if names.isEmpty { return true }
            return names.contains { Self.containsName(normalise($0), in: text) }
        case let .int(n):
            return mentionsNumber(Double(n), in: text)
        case .decimal, .money, .quantity, .duration:
            return numbers(of: value).contains { mentionsNumber($0, in: text) }
        case let .time(t):
            return mentions(t, in: text)
        default:
            return true
        }
    }

    /// The plain numbers a figure is written with: `nearly P5Y` → 5. Money is looked for as
    /// a figure (`moneyFigure`); only an amount too large for that is looked for by its digits.
    func numbers(of value: Value) -> [Double] {
        func of(_ m: Measure) -> [Double] {
            switch m {
            case let .int(n): return [Double(n)]
            case let .decimal(d): return [d]
            case let .money(money):
                return [Double(money.cents) / 100]
            case let .duration(d):
                return d.literal.split(whereSeparator: { !$0.isNumber && $0 != "." }).compactMap { Double($0) }
            }
        }
        switch value.kind {
        case let .quantity(q): return of(q.value) + (q.upper.map(of) ?? [])
        default: return value.asMeasure.map(of) ?? []
        }
    }

    /// The values a money claim allows, by size: "a loss of $5 million" states a negative
    /// amount by its size. Nil for a value that is not money.
    func moneyFigure(_ value: Value) -> Interval? {
        func size(_ m: Measure) -> Measure? {
            guard case let .money(x) = m, let cents = Int64(exactly: x.cents.magnitude) else { return nil }
            return .money(Money(currency: x.currency, cents: cents))
        }
        switch value.kind {
        case let .money(m):
            return size(.money(m)).map { Interval.of($0) }
        case let .quantity(q):
            guard let low = size(q.value) else { return nil }
            guard let upper = q.upper else { return Interval.of(Quantity(hedge: q.hedge, value: low, upper: nil)) }
            guard let high = size(upper) else { return nil }
            let (a, b) = low.bounds.0 <= high.bounds.0 ? (low, high) : (high, low)
            return Interval.of(Quantity(hedge: nil, value: a, upper: b))
        default:
            return nil
        }
    }

    /// The dates and figures a text states, as the mention reader finds them.
    func mentionsStated(in text: String) -> [Mention] {
        let scan = SentenceScan(text: text, locator: Locator(paragraph: 1, sentence: 1), anchor: nil)
        scan.readFigures()
        return scan.figures + scan.hedgedNumbers()
    }

    /// The counts or durations (as the value is one or the other) the mention reader finds in
    /// the cited text at the value's size, whatever their hedges: `2100000` and `nearly 2100000`
    /// both find "nearly 2.1 million passengers". Not money (`moneyFigure`).
    func statedFigures(like value: Value, _ mentions: [Mention]) -> [Mention] {
        let measure: Measure?
        switch value.kind {
        case let .quantity(q): measure = q.upper == nil ? q.value : nil
        case .int, .decimal, .duration: measure = value.asMeasure
        default: measure = nil
        }
        guard let m = measure else {
            // A range is found by either end.
            guard case let .quantity(q) = value.kind, let up = q.upper else { return [] }
            return statedFigures(like: .measure(q.value), mentions) + statedFigures(like: .measure(up), mentions)
        }
        if case .money = m { return [] }
        let kind: Mention.Kind
        if case .duration = m { kind = .duration } else { kind = .count }
        let size = Interval.of(m)
        return mentions.filter { mention in
            guard mention.kind == kind else { return false }
            if case let .quantity(q) = mention.value.kind {
                return Interval.of(q.value) == size || q.upper.map(Interval.of) == size
            }
            return mention.value.asMeasure.map(Interval.of) == size
        }
    }

    /// FactBank's values by how firmly each states: strength 3 for certain (CT), 2 probable
    /// (PR), 1 possible (PS), 0 uncommitted (Uu); polarity `+`, `-`, or nil for `CTu` and `Uu`
    /// (the source does not say which way).
    static func factbank(_ value: String) -> (strength: Int, polarity: Character?) {
        let strength = ["CT": 3, "PR": 2, "PS": 1][String(value.prefix(2))] ?? 0
        let last = value.last
        return (strength, last == "+" || last == "-" ? last : nil)
    }

    /// How a hint names a FactBank value.
    static let factbankWords = [
        "CT+": "says certainly", "CT-": "says certainly not", "PR+": "says probably", "PR-": "says probably not",
        "PS+": "says possibly", "PS-": "says possibly not", "CTu": "says certainly, but not which way",
        "Uu": "does not commit to it",
    ]

    /// Whether a claim of factuality `claimed` states more firmly than the text states a figure
    /// of factuality `stated` (nil: nothing weaker governs the figure, so it is stated as fact).
    ///
    /// Weaker is not overstating: `as PS+` against a plain statement passes, as does `Uu`
    /// against anything. A claim is firmer when it is more certain (`CT+` against "could pay",
    /// PS+), when it says which way the source leaves open (`CT+` against `CTu`), or when it
    /// turns round the polarity the text gives the figure (`CT+` against "did not pay", CT-).
    /// A negative claim against a figure stated plainly passes: the "not" may govern another
    /// part of the sentence than the figure ("Acme won the $3 million contract; Brill did not").
    static func isFirmer(_ claimed: String, than stated: String?) -> Bool {
        let c = factbank(claimed)
        let s = factbank(stated ?? "CT+")
        if c.strength > s.strength { return true }
        if c.strength == 0 { return false }
        if s.polarity == nil { return c.polarity != nil }
        guard stated != nil, let cp = c.polarity else { return false }
        return cp != s.polarity
    }

    /// A warning when every figure the cited text states as the claim's value is stated less
    /// firmly than the claim ("could pay $3 million" is PS+, "did not pay" CT-), or as a rate
    /// ("$5 million a year") the claim does not name.
    func overstatement(of value: Value, in claim: ClaimRecord, against same: [Mention], at where_: String)
        -> Diagnostic?
    {
        let allowed = same.filter { !Self.isFirmer(claim.factuality, than: $0.factuality) }
        guard let first = allowed.first else {
            guard let first = same.first else { return nil }
            let stated = first.factuality ?? "CT+"
            let words = Self.factbankWords[stated] ?? "says \(stated)"
            let turned = Self.factbank(claim.factuality).strength <= Self.factbank(stated).strength
            let message =
                turned
                ? "\(claim.relation): \(value.literal) is claimed as \(claim.factuality), but \(where_) states it as \(stated)"
                : "\(claim.relation): \(value.literal) is claimed as \(claim.factuality), more firmly than \(where_) states it"
            return Diagnostic(
                .warning, message, file: claim.file, span: claim.span,
                hint: "the cited text \(words) (\(stated)): cite it `as \(stated)`")
        }
        guard allowed.allSatisfy({ $0.per != nil }), let per = first.per, !states(rate: per, claim) else { return nil }
        let (phrase, example) = Self.rate(per)
        return Diagnostic(
            .warning, "\(claim.relation): \(where_) states \(value.literal) \(phrase), and the claim names no rate",
            file: claim.file, span: claim.span,
            hint:
                "the figure is \(phrase) (\"\(first.text)\"): say so in the claim, \(example)")
    }

    /// How a message names a figure's rate, and how a claim may name it: `P1Y` is "per year",
    /// named by the duration in the claim's row or by a relation such as `paid_per_year`.
    static func rate(_ per: Value) -> (phrase: String, example: String) {
        if case let .duration(d) = per.kind {
            let unit = rateUnits.first { $0.duration == d }?.unit
            return (
                "per \(unit ?? d.literal)",
                "with the period in its row (`\(d.literal)`)"
                    + (unit.map { " or in its relation's name (`…_per_\($0)`)" } ?? "")
            )
        }
        let what = per.display
        if what == "each" { return ("each", "in its relation's name (`…_each`)") }
        return ("per \(what)", "in its relation's name (`…_per_\(what)`)")
    }

    /// The units of the rates the mention reader reads, with the words a claim may name them by.
    static let rateUnits: [(duration: Duration, unit: String, words: Set<String>)] = [
        (Duration(years: 1), "year", ["year", "years", "annual", "annually", "yearly", "annum"]),
        (Duration(months: 3), "quarter", ["quarter", "quarters", "quarterly"]),
        (Duration(months: 1), "month", ["month", "months", "monthly"]),
        (Duration(weeks: 1), "week", ["week", "weeks", "weekly"]),
        (Duration(days: 1), "day", ["day", "days", "daily"]),
        (Duration(hours: 1), "hour", ["hour", "hours", "hourly"]),
    ]

    /// Whether the claim names a figure's rate: by the period in its row (`P1Y`), or by a word of
    /// its relation's name or of a symbol or string in its row (`paid_per_year`, `annual_rent`,
    /// `price_per_share`, `rate`).
    func states(rate per: Value, _ claim: ClaimRecord) -> Bool {
        var words: Set<String> = ["per", "rate", "rates", "each", "apiece", "every"]
        if case let .duration(d) = per.kind {
            if claim.row.contains(where: { $0.kind == .duration(d) }) { return true }
            words.formUnion(Self.rateUnits.first { $0.duration == d }?.words ?? [])
        } else {
            words.formUnion([per.display.lowercased(), per.display.lowercased() + "s"])
        }
        return !Self.words(of: claim).isDisjoint(with: words)
    }

    /// The words of a claim's relation name and of the symbols and strings in its row, in lower case.
    static func words(of claim: ClaimRecord) -> Set<String> {
        var texts = [claim.relation]
        for value in claim.row {
            switch value.kind {
            case let .symbol(s), let .string(s): texts.append(s)
            default: break
            }
        }
        return Set(texts.flatMap { $0.lowercased().split { !$0.isLetter }.map(String.init) })
    }

    /// The TIMEX3 mods of a date the sentence bounds rather than states, with the word a hint
    /// suggests for each and the words by which a claim names a bound of that side.
    /// "By" and "from" name a bound only where the date is allowed ("by 2025", "from 2015 on"):
    /// a relation such as `acquired_by` names no bound on "before 2019".
    static let dateBounds: [String: (word: String, side: Set<String>)] = [
        "BEFORE": ("before", beforeWords), "ON_OR_BEFORE": ("by", beforeWords.union(["by"])),
        "AFTER": ("after", afterWords), "ON_OR_AFTER": ("since", afterWords.union(["from"])),
        // Not a bound but as loose: "around 2015" may be 2014 or 2016.
        "APPROX": ("around", approxWords),
    ]
    static let approxWords: Set<String> = [
        "around", "about", "circa", "approximately", "approximate", "approx", "roughly", "estimated", "estimate",
    ]
    static let beforeWords: Set<String> = [
        "before", "until", "till", "through", "prior", "deadline", "due", "latest", "end", "ended", "ends", "ending",
        "bound", "bounded",
    ]
    static let afterWords: Set<String> = [
        "after", "since", "onward", "onwards", "earliest", "beyond", "began", "begin", "begins", "start", "started",
        "starts", "starting", "bound", "bounded",
    ]

    /// A warning when every date the mention reader reads in the cited text at the claimed date
    /// is bounded rather than stated ("before 2019", "by June 2023", "since 2015"), and the
    /// claim does not name the bound: a bare date is firmer than the sentence. A date stated as
    /// such, in a range ("from 2014 to 2019") or with START, MID or END ("early 2020"), passes,
    /// as does a date the reader does not read (a relative one, "last year"), which is looked
    /// for by its digits alone.
    func bounded(_ t: TimeValue, _ value: Value, in claim: ClaimRecord, _ mentions: [Mention], at where_: String)
        -> Diagnostic?
    {
        let dates = Self.dates(overlapping: t, in: mentions)
        guard let first = dates.first, let mod = first.mod, let bound = Self.dateBounds[mod],
            dates.allSatisfy({ Self.dateBounds[$0.mod ?? ""] != nil })
        else { return nil }
        // The hint suggests the sentence's own word ("until", "after") where a claim may name the
        // bound by it, and the mod's otherwise ("no later than" → "by").
        let said = first.text.lowercased().split { !$0.isLetter }.first.map(String.init) ?? ""
        let word = bound.side.contains(said) ? said : bound.word
        let named = Self.words(of: claim)
        if dates.contains(where: { !named.isDisjoint(with: Self.dateBounds[$0.mod ?? ""]?.side ?? []) }) { return nil }
        // "served until 2018, when she resigned", "since 2015, when Acme was founded": the date
        // bounds the main clause and dates the one after it, which a claim may state.
        let cited = claim.locators.compactMap { document.text(at: $0) }.joined(separator: " ")
        if dates.contains(where: { cited.contains($0.text + ", when") }) { return nil }
        let (states, what) =
            mod == "APPROX"
            ? ("gives \(value.literal) only roughly", "that it is approximate")
            : ("bounds \(value.literal)", "the bound")
        return Diagnostic(
            .warning,
            "\(claim.relation): \(where_) \(states) (\"\(first.text)\", \(mod)), and the claim states it bare",
            file: claim.file, span: claim.span,
            hint:
                "a bare date is firmer than \"\(first.text)\": name \(what) in the claim, in its relation's name (`…_\(word)`) or as a value in its row (`\(word)`)"
        )
    }

    /// The dates among `mentions` whose span meets the claimed date's: the ones it may be citing.
    static func dates(overlapping t: TimeValue, in mentions: [Mention]) -> [Mention] {
        mentions.filter {
            guard $0.kind == .date, case let .time(v) = $0.value.kind else { return false }
            return v.firstDay <= t.lastDay && t.firstDay <= v.lastDay
        }
    }

    /// A warning when the mention reader reads dates in the cited text and none of them
    /// overlaps the claimed one: the year matched, but "March 14, 2023" does not state
    /// 2023-03-15 or 2023-04. A date coarser than the sentence's (2023-03 for March 14) overlaps
    /// it and passes; so does any date where the reader reads none (a relative one).
    func elsewhere(_ t: TimeValue, _ value: Value, in claim: ClaimRecord, _ mentions: [Mention], at where_: String)
        -> Diagnostic?
    {
        let dates: [TimeValue] = mentions.compactMap {
            guard $0.kind == .date, case let .time(v) = $0.value.kind else { return nil }
            return v
        }
        guard !dates.isEmpty, !dates.contains(where: { $0.firstDay <= t.lastDay && t.firstDay <= $0.lastDay })
        else { return nil }
        let shown = dates.prefix(5).map(\.literal).joined(separator: ", ")
        return Diagnostic(
            .warning, "\(claim.relation): \(where_) states \(shown), not \(value.literal)", file: claim.file,
            span: claim.span, hint: "check the date: the year matches, but the day or month the sentence gives does not"
        )
    }

    /// Words by which a claim's relation or values name a date as planned, expected or possible
    /// rather than as what happened: `planned_for(award, 2021-Q3)` states the plan, which
    /// "is intended to be opened in the second quarter of 2026" states as fact.
    static let plannedWords: Set<String> = [
        "plan", "plans", "planned", "planning", "intended", "intends", "intent", "intention", "expected", "expects",
        "expectation", "scheduled", "schedule", "due", "target", "targeted", "targets", "proposed", "proposal", "aim",
        "aimed", "aims", "goal", "projected", "projection", "forecast", "slated", "possible", "possibly", "potential",
        "likely", "probable", "probably", "may", "might", "could", "would", "hoped", "hopes",
    ]

    /// A warning when every date the mention reader reads in the cited text at the claimed one is
    /// stated less firmly than the claim states it ("is intended to be opened in the second
    /// quarter of 2026" is `Uu`, "could close in 2025" `PS+`), and the claim does not name the
    /// plan or the possibility (`plannedWords`): a date cited as an occurrence is held, as a
    /// figure is, to how firmly the sentence states it.
    func lessFirmly(_ t: TimeValue, _ value: Value, in claim: ClaimRecord, _ mentions: [Mention], at where_: String)
        -> Diagnostic?
    {
        let dates = Self.dates(overlapping: t, in: mentions)
        guard !dates.isEmpty, dates.allSatisfy({ Self.isFirmer(claim.factuality, than: $0.factuality) }) else {
            return nil
        }
        // A date the sentence denies ("did not file in 2018", CT-) is no plan a claim may name.
        let planned = dates.allSatisfy { Self.factbank($0.factuality ?? "CT+").strength < 3 }
        if planned, !Self.words(of: claim).isDisjoint(with: Self.plannedWords) { return nil }
        guard var problem = overstatement(of: value, in: claim, against: dates, at: where_) else { return nil }
        if planned {
            problem.hint = (problem.hint ?? "") + ", or name the plan or the possibility in the claim (`planned_…`)"
        }
        return problem
    }

    /// A warning when the claimed date is more precise than every date the mention reader reads
    /// in the cited text at it: `2019-07-15` against "in July 2019", `2021-09` against "the third
    /// quarter of 2021", `2018..2019-04` against "between 2018 and May 2019", or a day inside a
    /// range the sentence gives. A date that holds one the sentence states (`2019` for "July
    /// 2019") passes, as does a single date that holds an end of a stated range (`2014` for
    /// "from 2014 to 2019"). Where the cited text has a date the reader cannot place (a relative
    /// one, "last week", or one without its year), it may be the finer date, and nothing is said.
    func finer(_ t: TimeValue, _ value: Value, in claim: ClaimRecord, _ mentions: [Mention], at where_: String)
        -> Diagnostic?
    {
        let read = mentions.filter { $0.kind == .date }
        var dates: [(mention: Mention, value: TimeValue)] = []
        for m in read {
            guard case let .time(v) = m.value.kind else { return nil }
            if v.firstDay <= t.lastDay && t.firstDay <= v.lastDay { dates.append((m, v)) }
        }
        func holds(_ v: TimeValue) -> Bool { t.firstDay <= v.firstDay && v.lastDay <= t.lastDay }
        let claimedRange: Bool
        if case .range = t { claimedRange = true } else { claimedRange = false }
        let stated = dates.contains { _, v in
            if holds(v) { return true }
            guard !claimedRange, case let .range(a, b) = v else { return false }
            return holds(a) || holds(b)
        }
        guard let first = dates.first, !stated else { return nil }
        let shown = dates.prefix(3).map { "\"\($0.mention.text)\" (\($0.value.literal))" }.joined(separator: ", ")
        return Diagnostic(
            .warning, "\(claim.relation): \(value.literal) is more precise than \(where_) states it",
            file: claim.file, span: claim.span,
            hint:
                "the cited text gives the date as \(shown): cite it as stated (`\(first.value.literal)`) or as a coarser date that holds it"
        )
    }

    static let numberWords = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ]

    /// Whether the text writes the number: in digits (grouped or not), with its decimals as
    /// they are or to two places ("2.35", "2.50"), or as a word up to twelve. A negative number is
    /// looked for by its size, since articles write "a loss of $5 million" as often as "-5".
    func mentionsNumber(_ value: Double, in text: String) -> Bool {
        let n = value.magnitude
        guard n.isFinite else { return false }
        if n == n.rounded() {
            if n < Double(Self.numberWords.count), containsWord(Self.numberWords[Int(n)], in: text) { return true }
            // A whole number past 64 bits (9.2e18) is written in no article; converting it would trap.
            guard let whole = Int64(exactly: n) else { return false }
            let grouped = whole.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
            return containsNumber(String(whole), in: text) || containsNumber(grouped, in: text)
        }
        // The shortest digits that give the number back (2.35, not 2.3500000000000001); only
        // plain decimals, not exponent forms, are written in articles.
        var forms = [String(n)]
        if (n * 100).rounded() == n * 100 { forms.append(String(format: "%.2f", n)) }
        forms += forms.compactMap { $0.hasPrefix("0.") ? String($0.dropFirst()) : nil }
        return forms.contains { !$0.contains("e") && containsNumber($0, in: text) }
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    /// A date is mentioned if its year is, or (for dates the text gives relative to itself,
    /// such as "in June") its month's name, when the text names no other year: "March 2020"
    /// does not mention 2019-03.
    func mentions(_ t: TimeValue, in text: String) -> Bool {
        let (y, m, _) = civilFromDays(t.firstDay)
        let (y2, _, _) = civilFromDays(t.lastDay)
        if containsNumber(String(y), in: text) || containsNumber(String(y2), in: text) { return true }
        if namesAYear(text) { return false }
        if case .month = t { return containsWord(Self.monthNames[m - 1], in: text) }
        if case .day = t {
            return containsWord(Self.monthNames[m - 1], in: text)
                || text.contains(Self.monthNames[m - 1].prefix(3) + ".")
        }
        return false
    }

    /// Whether the text has a whole number of four digits from 1000 to 2999, as a year is written.
    func namesAYear(_ text: String) -> Bool {
        var run = 0
        var value = 0
        for c in text + " " {
            if let d = c.wholeNumberValue, c.isASCII {
                run += 1
                value = run <= 4 ? value * 10 + d : value
            } else {
                if run == 4 && (1000...2999).contains(value) { return true }
                run = 0
                value = 0
            }
        }
        return false
    }

    /// `digits` occurs in `text` as a whole number, not inside a longer one ("33" is not in "333").
    func containsNumber(_ digits: String, in text: String) -> Bool {
        contains(digits, in: text, notNextTo: \.isNumber)
    }

    /// `word` occurs in `text` as a whole word.
    func containsWord(_ word: String, in text: String) -> Bool {
        contains(word, in: text, notNextTo: \.isLetter)
    }

    /// A name occurs as whole words: "ICE" is not in "Justice" or "services".
    static func containsName(_ name: String, in text: String) -> Bool {
        text.contains(name) && contains(Array(name), in: Array(text), notNextTo: \.isWordy)
    }

    func contains(_ needle: String, in text: String, notNextTo joins: (Character) -> Bool) -> Bool {
        Self.contains(Array(needle), in: Array(text), notNextTo: joins)
    }

    static func contains(_ want: [Character], in chars: [Character], notNextTo joins: (Character) -> Bool) -> Bool {
        // One pass over the text's characters. Foundation's `range(of:)` on what was left of the
        // text cost that rest's length for every occurrence, so a long sentence of digits was
        // quadratic (a claim against a sentence of 320,000 "11": 34 s).
        guard let first = want.first, want.count <= chars.count else { return false }
        var i = 0
        while i + want.count <= chars.count {
            if chars[i] == first, chars[i..<(i + want.count)].elementsEqual(want) {
                let before = i == 0 ? nil : chars[i - 1]
                let after = i + want.count == chars.count ? nil : chars[i + want.count]
                if !(before.map(joins) ?? false) && !(after.map(joins) ?? false) { return true }
            }
            i += 1
        }
        return false
    }

    /// Lower case with typographic quotes and dashes made plain, so "ICE’s" matches "ice's".
    func normalise(_ s: String) -> String { CitationChecker.normalise(s) }

    static func normalise(_ s: String) -> String {
        // One pass over the scalars: six replacingOccurrences passes over a long document were
        // most of the time of loading it.
        var scalars = String.UnicodeScalarView()
        for c in s.lowercased().unicodeScalars {
            switch c {
            case "\u{2019}", "\u{2018}": scalars.append("'")
            case "\u{201C}", "\u{201D}": scalars.append("\"")
            case "\u{2013}", "\u{2014}": scalars.append("-")
            default: scalars.append(c)
            }
        }
        return String(scalars)
    }
}

extension Character {
    /// A letter or digit: what a name must not run into on either side to be the name itself.
    fileprivate var isWordy: Bool { isLetter || isNumber }
}
