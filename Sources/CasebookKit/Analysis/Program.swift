// What a session knows about its program: relations and their columns, rules, aliases and claims.
//
// Clauses arrive a file (or a REPL entry) at a time; `Resolver` checks each batch against the
// program so far and, only when the whole batch is sound, `Session` adds it here.

/// The schema of one relation, declared or inferred from its first use.
public final class RelationInfo {
    public let name: String
    public let arity: Int
    /// Named, typed columns when the relation was declared with `.decl`.
    public var columns: [ColumnDeclaration]?
    public var declaredAt: (SourceFile, SourceSpan)?
    /// Whether facts or rules define it (an undeclared relation that nothing defines is a typo).
    public var hasFacts = false
    public var hasRules = false
    /// Built-in relations are filled by the session (claims, aliases, documents).
    public var builtin = false

    init(name: String, arity: Int, columns: [ColumnDeclaration]? = nil) {
        self.name = name
        self.arity = arity
        self.columns = columns
    }

    public var columnNames: [String] {
        columns?.map(\.name) ?? (0..<arity).map { "c\($0 + 1)" }
    }

    var isDefined: Bool { hasFacts || hasRules || columns != nil || builtin }
}

/// An atom after named arguments are placed: one term per column.
public struct ResolvedAtom {
    public var relation: String
    public var terms: [Term]
    public var span: SourceSpan
}

/// A body literal over resolved atoms.
public indirect enum ResolvedLiteral {
    case positive(ResolvedAtom, claim: Term?)
    case negative(ResolvedAtom, SourceSpan)
    case comparison(Expression, Comparator, Expression, possibly: Bool, SourceSpan)
    case aggregate(result: Term, AggregateFunction, Expression?, [ResolvedLiteral], SourceSpan)
}

/// A rule ready for planning.
public struct ResolvedRule {
    public var head: ResolvedAtom
    public var body: [ResolvedLiteral]
    public var file: SourceFile
    public var span: SourceSpan
}

/// A query ready for planning: the output columns are its named variables.
public struct ResolvedQuery {
    public var body: [ResolvedLiteral]
    public var columns: [String]
    public var why: Bool
    public var file: SourceFile
    public var span: SourceSpan
    public var text: String

    /// Every relation the query reads, under `not` and inside aggregates too: the ones that
    /// must be up to date before it runs.
    var reads: Set<String> { relationsRead(by: body) }
}

/// One stated fact's provenance: where in the document, who says so, how firmly.
public struct ClaimRecord {
    public var id: Int
    public var relation: String
    public var row: [Value]
    public var locators: [Locator]
    public var by: Value
    public var factuality: String
    public var file: SourceFile
    public var span: SourceSpan

    public var text: String {
        row.isEmpty ? relation : "\(relation)(\(row.map(\.literal).joined(separator: ", ")))"
    }
}

/// The program so far.
public final class Program {
    public internal(set) var relations: [String: RelationInfo] = [:]
    public internal(set) var rules: [ResolvedRule] = []
    /// Lower-cased alias → entity symbol.
    public internal(set) var aliases: [String: String] = [:]
    public internal(set) var aliasList: [(entity: String, name: String)] = []
    public internal(set) var claims: [ClaimRecord] = []

    init() {
        let builtins: [(String, [(String, ColumnType)])] = [
            (
                "claim",
                [
                    ("id", .any), ("relation", .symbol), ("text", .string), ("locator", .locator), ("by", .entity),
                    ("factuality", .string),
                ]
            ),
            ("alias", [("entity", .entity), ("name", .string)]),
            ("sentence", [("doc", .string), ("locator", .locator), ("text", .string)]),
            // Mentions found in loaded documents (Documents/Mentions.swift): hedge is a TIMEX3 mod or "".
            // `at` is where the mention starts in its sentence, in characters: with the document
            // and locator it tells apart the same text said twice in one sentence ("paid $3
            // million last year and could pay $3 million next year"), and joins the relations.
            (
                "mention",
                [
                    ("doc", .string), ("locator", .locator), ("at", .int), ("kind", .symbol), ("text", .string),
                    ("value", .any), ("hedge", .string),
                ]
            ),
            (
                "mention_subject",
                [("doc", .string), ("locator", .locator), ("at", .int), ("text", .string), ("subject", .string)]
            ),
            ("mention_acronym", [("doc", .string), ("short", .string), ("full", .string)]),
            // A figure's rate ("a year": P1Y; "per share": "share") and, when it is stated less
            // firmly than as fact ("could reach"), its FactBank factuality.
            (
                "mention_rate",
                [("doc", .string), ("locator", .locator), ("at", .int), ("text", .string), ("per", .any)]
            ),
            (
                "mention_factuality",
                [("doc", .string), ("locator", .locator), ("at", .int), ("text", .string), ("factuality", .string)]
            ),
        ]
        for (name, cols) in builtins {
            let info = RelationInfo(
                name: name, arity: cols.count,
                columns: cols.map { ColumnDeclaration(name: $0.0, type: $0.1, span: .none) })
            info.builtin = true
            relations[name] = info
        }
    }

    /// Declares a built-in relation the session fills itself (documents add theirs).
    func addBuiltin(_ name: String, _ cols: [(String, ColumnType)]) {
        let info = RelationInfo(
            name: name, arity: cols.count, columns: cols.map { ColumnDeclaration(name: $0.0, type: $0.1, span: .none) })
        info.builtin = true
        relations[name] = info
    }
}

/// Every relation a body reads, under `not` and inside aggregates too.
func relationsRead(by body: [ResolvedLiteral]) -> Set<String> {
    var names = Set<String>()
    func visit(_ literals: [ResolvedLiteral]) {
        for literal in literals {
            switch literal {
            case let .positive(atom, _), let .negative(atom, _): names.insert(atom.relation)
            case let .aggregate(_, _, _, inner, _): visit(inner)
            case .comparison: break
            }
        }
    }
    visit(body)
    return names
}
