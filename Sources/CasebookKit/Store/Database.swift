// All relations of a session, by name.

/// The relations of a session. Relations are created on first use with the program's arity.
public final class Database {
    public private(set) var relations: [String: Relation] = [:]
    /// The relation `relation(_:arity:)` returned last.
    private var last: Relation?

    public init() {}

    /// The relation with this name, created empty if it does not exist yet.
    public func relation(_ name: String, arity: Int) -> Relation {
        // Loading facts asks for the same relation over and over; skip the hashing then.
        if let r = last, r.name == name { return r }
        if let r = relations[name] {
            assert(r.arity == arity, "'\(name)' asked for with \(arity) columns, held with \(r.arity)")
            last = r
            return r
        }
        let r = Relation(name: name, arity: arity)
        relations[name] = r
        return r
    }

    public subscript(name: String) -> Relation? { relations[name] }

    /// Forgets one relation: a name the program no longer defines may come back with another
    /// arity, and its old rows, read at the new width, were garbage.
    public func remove(_ name: String) {
        relations[name] = nil
        if last?.name == name { last = nil }
    }

    /// Forgets everything (the REPL's :reset).
    public func removeAll() {
        relations.removeAll()
        last = nil
    }
}
