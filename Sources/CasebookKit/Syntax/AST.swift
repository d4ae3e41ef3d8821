// The syntax tree: what the parser produces and the resolver checks.
//
// Nodes keep their spans so that every later error can point at the text it is about.

/// A term: a variable or a constant value.
public enum Term: Sendable {
    case variable(String, SourceSpan)
    case constant(Value, SourceSpan)
    /// A string constant in an `entity` column, resolved through aliases by the resolver.
    var span: SourceSpan {
        switch self {
        case let .variable(_, s), let .constant(_, s): return s
        }
    }
}

/// An argument of an atom, positional or named (`buyer: ice`).
public struct AtomArgument: Sendable {
    public var name: String?
    public var nameSpan: SourceSpan?
    public var term: Term
}

/// `name(args)`: a relation applied to arguments.
public struct Atom: Sendable {
    public var relation: String
    public var relationSpan: SourceSpan
    public var arguments: [AtomArgument]
    public var span: SourceSpan
}

/// An arithmetic expression in a comparison or assignment.
public indirect enum Expression: Sendable {
    case term(Term)
    case binary(Expression, ArithmeticOperator, Expression, SourceSpan)
    case negate(Expression, SourceSpan)
    case call(String, [Expression], SourceSpan)

    public var span: SourceSpan {
        switch self {
        case let .term(t): return t.span
        case let .binary(_, _, _, s), let .negate(_, s), let .call(_, _, s): return s
        }
    }

    /// Variables mentioned, in order of first appearance.
    func variables(into out: inout [String]) {
        switch self {
        case let .term(.variable(v, _)): if !out.contains(v) { out.append(v) }
        case .term: break
        case let .binary(l, _, r, _):
            l.variables(into: &out)
            r.variables(into: &out)
        case let .negate(e, _): e.variables(into: &out)
        case let .call(_, args, _): for a in args { a.variables(into: &out) }
        }
    }
}

/// The aggregate functions.
public enum AggregateFunction: String, Sendable, CaseIterable {
    case count, sum, min, max, mean
}

/// One literal of a rule body or query.
public enum Literal: Sendable {
    /// A positive atom; `claim` binds the claim behind a stated fact (`p(X) @ C`).
    case positive(Atom, claim: Term?)
    case negative(Atom, SourceSpan)
    case comparison(Expression, Comparator, Expression, possibly: Bool, SourceSpan)
    /// `V = count { body }`, `V = sum X { body }`.
    case aggregate(result: Term, AggregateFunction, Expression?, [Literal], SourceSpan)

    public var span: SourceSpan {
        switch self {
        case let .positive(a, claim): return claim.map { a.span.to($0.span) } ?? a.span
        case let .negative(_, s), let .comparison(_, _, _, _, s), let .aggregate(_, _, _, _, s): return s
        }
    }
}

/// Where a stated fact comes from: locators, the source inside the document, and how firmly.
public struct Annotation: Sendable {
    public var locators: [Locator]
    public var locatorSpans: [SourceSpan]
    public var by: Term?
    public var factuality: String?
    public var span: SourceSpan
}

/// A column of a declared relation.
public struct ColumnDeclaration: Sendable {
    public var name: String
    public var type: ColumnType
    public var span: SourceSpan
}

/// The types a declared column may have.
public enum ColumnType: String, Sendable, CaseIterable {
    case symbol, entity, string, int, decimal, number, date, money, duration, quantity, locator, any

    /// The value a rule's row holds in a column of this type: the value itself if the type
    /// admits it, an integer as a decimal in a decimal column, a year as a date in a date column
    /// (as stated facts are read); nil for a value of another type.
    func fitting(_ v: Value) -> Value? {
        if admits(v) { return v }
        switch (self, v.kind) {
        case let (.decimal, .int(n)) where Int64(exactly: Double(n)) == n: return .decimal(Double(n))
        case let (.date, .int(n)) where (1...9999).contains(n): return .time(.year(Int(n)))
        default: return nil
        }
    }

    /// Whether a value of this column can ever be equal to, or ordered with, `v`: a number
    /// with any number (an int column with `2.5`), an amount with zero, a date with a bare
    /// year, an entity with a string (one of its names). False where every comparison of the
    /// two is false (and `!=` true), as money and `5000000` are.
    func isComparable(with v: Value) -> Bool {
        switch (self, v.kind) {
        case (.any, _): return true
        case (.int, .int), (.int, .decimal), (.decimal, .int), (.decimal, .decimal), (.number, .int),
            (.number, .decimal):
            return true
        // A number column holds hedged figures of any unit (`about $5M`), which do compare
        // with amounts and durations.
        case (.number, .money), (.number, .duration), (.number, .quantity): return true
        case let (.int, .quantity(q)), let (.decimal, .quantity(q)):
            switch q.value {
            case .int, .decimal: return true
            default: return false
            }
        case (.entity, .string): return true
        case (.date, .int): return fitting(v) != nil
        default: return admits(v)
        }
    }

    /// Whether `fitting` may give back another value than it was given.
    var fittingChangesValues: Bool { self == .decimal || self == .date }

    /// Whether a value may be stored in a column of this type.
    func admits(_ v: Value) -> Bool {
        switch (self, v.kind) {
        case (.any, _): return true
        case (.symbol, .symbol), (.entity, .symbol), (.string, .string), (.int, .int), (.decimal, .decimal): return true
        case (.number, .int), (.number, .decimal), (.number, .quantity): return true
        case (.date, .time): return true
        case (.money, .money): return true
        case (.duration, .duration): return true
        // Zero is an amount of no currency and a duration of no length: what `sum` of no rows is.
        case (.money, .int(0)), (.duration, .int(0)): return true
        case (.quantity, .int), (.quantity, .decimal), (.quantity, .quantity), (.quantity, .money),
            (.quantity, .duration):
            return true
        case let (.money, .quantity(q)): if case .money = q.value { return true } else { return false }
        case let (.duration, .quantity(q)): if case .duration = q.value { return true } else { return false }
        case (.locator, .locator): return true
        default: return false
        }
    }
}

/// A top-level clause.
public enum Clause: Sendable {
    case declaration(name: String, columns: [ColumnDeclaration], span: SourceSpan)
    case alias(entity: String, names: [String], span: SourceSpan)
    case fact(Atom, Annotation?, span: SourceSpan)
    /// Plain facts of one relation, one after another, as the lexer read them.
    case facts(FactRun)
    case rule(head: Atom, body: [Literal], span: SourceSpan)
    case query(body: [Literal], why: Bool, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case let .declaration(_, _, s), let .alias(_, _, s), let .fact(_, _, s), let .rule(_, _, s),
            let .query(_, _, s):
            return s
        case let .facts(run): return run.span
        }
    }
}

/// Consecutive plain facts (`edge(1, 2).` `edge(2, 3).` `node(1).` …), kept as flat rows of
/// values per relation rather than one syntax tree each, so that a file of a million facts loads
/// in a fraction of the memory and time. Each fact's offset is kept so that, if any fact needs
/// more care (an entity column, a wrong arity), the run can be parsed again fact by fact.
public struct FactRun: Sendable {
    /// The relations stated, in order of first appearance, each with its arity.
    public let relations: [Relation]
    /// Where each fact starts in the source, in the order written.
    public let starts: [Int32]
    /// From the first fact's name to the last fact's '.'.
    public let span: SourceSpan

    /// One relation's facts in the run.
    public struct Relation: Sendable {
        public let name: String
        public let arity: Int
        /// Row-major: fact k's values are `values[k * arity ..< (k + 1) * arity]`.
        public var values: [UInt64]
        public var count: Int { arity == 0 ? 0 : values.count / arity }
    }

    public var count: Int { starts.count }
}
