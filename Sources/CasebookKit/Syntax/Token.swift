// The tokens of the language.

/// What kind of token: punctuation, a name, or a literal of one of the domain types.
public enum TokenKind: UInt8, Sendable {
    case name  // lowercase identifier: a symbol, relation, keyword or function
    case variable  // Capitalised or _-prefixed identifier
    case integer, decimal, string, quotedSymbol
    case date  // 2021-01-12, 2019-10, 2021-Q3, 2021-H1, 2019-SU
    case money  // $20M, $100 million
    case duration  // P5Y
    case locator  // P4.S1
    case directive  // .decl, .alias
    case lparen, rparen, lbrace, rbrace, lbracket, rbracket
    case comma, dot, colon, implies, query, at, dotdot
    case eq, ne, lt, le, gt, ge
    case plus, minus, star, slash, notPlus  // notPlus is Prolog's \+
    case facts  // a run of plain facts the lexer read straight into values (`Lexer.factRuns`)
    case eof
    case error  // the lexer's diagnostics say what went wrong

    /// How the parser names the token in "expected …" messages.
    var description: String {
        switch self {
        case .name: return "a name"
        case .variable: return "a variable"
        case .integer: return "an integer"
        case .decimal: return "a decimal"
        case .string: return "a string"
        case .quotedSymbol: return "a quoted symbol"
        case .date: return "a date"
        case .money: return "an amount of money"
        case .duration: return "a duration"
        case .locator: return "a locator"
        case .directive: return "a directive"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .lbrace: return "'{'"
        case .rbrace: return "'}'"
        case .lbracket: return "'['"
        case .rbracket: return "']'"
        case .comma: return "','"
        case .dot: return "'.'"
        case .colon: return "':'"
        case .implies: return "':-'"
        case .query: return "'?-'"
        case .at: return "'@'"
        case .dotdot: return "'..'"
        case .eq: return "'='"
        case .ne: return "'!='"
        case .lt: return "'<'"
        case .le: return "'<='"
        case .gt: return "'>'"
        case .ge: return "'>='"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .notPlus: return "'\\+'"
        case .facts: return "a fact"
        case .eof: return "end of input"
        case .error: return "an invalid token"
        }
    }
}

/// One token: its kind and where it is. The text is read from the source through the span.
public struct Token: Sendable {
    public var kind: TokenKind
    public var span: SourceSpan
    /// True when whitespace or a comment came right before; `P4.S1` and `.decl` need adjacency.
    public var spaceBefore: Bool
}
