// Relationship graphs: who is tied to whom, as text, as DOT for Graphviz, or as SVG through it.
//
// Any query whose answers are pairs can be drawn: the first two columns are the ends of an
// edge, a third (if any) its label.

import Foundation

/// A labelled, directed edge between two values, most often entities.
public struct GraphEdge: Hashable, Sendable {
    public var from: Value
    public var to: Value
    public var label: String
}

/// Builds and draws relationship graphs.
public enum Graph {
    /// Edges from a query's answers; nil if the answers are not pairs.
    public static func edges(from result: QueryResult) -> [GraphEdge]? {
        guard result.columns.count >= 2 else { return nil }
        let edges = result.rows.map { row in
            GraphEdge(
                from: row[0], to: row[1],
                // Empty columns (a mention's empty hedge) are left out, as in timeline labels.
                label: row.dropFirst(2).map(\.display).filter { !$0.isEmpty }.joined(separator: ", "))
        }
        return ordered(Array(Set(edges)), names: names(edges))
    }

    /// Each node's name in a picture: its text as a table shows it, or, where two nodes would
    /// show alike (the symbol `a` and the string "a", the integer 1 and the string "1"), as the
    /// language writes it. Named by their text alone, they would be drawn as one node.
    public static func names(_ edges: [GraphEdge]) -> [Value: String] {
        let nodes = Set(edges.flatMap { [$0.from, $0.to] })
        let shown = Dictionary(grouping: nodes, by: \.display)
        var names: [Value: String] = [:]
        for n in nodes { names[n] = shown[n.display]!.count > 1 ? n.literal : n.display }
        // A literal may still read like another node's plain text (the symbol '"a"' shows as
        // "a"); then every node is written as the language writes it, which no two share.
        if Set(names.values).count < names.count {
            for n in nodes { names[n] = n.literal }
        }
        return names
    }

    /// The node a user's `name` stands for: the value written so (`"a"` is the string), else one
    /// shown so (`a`, `北京市`).
    public static func node(named name: String, in edges: [GraphEdge]) -> Value? {
        let nodes = Set(edges.flatMap { [$0.from, $0.to] })
        return nodes.first { $0.literal == name } ?? nodes.filter { $0.display == name }.min { $0.literal < $1.literal }
    }

    static func ordered(_ edges: [GraphEdge], names: [Value: String]) -> [GraphEdge] {
        edges.sorted { (names[$0.from]!, names[$0.to]!, $0.label) < (names[$1.from]!, names[$1.to]!, $1.label) }
    }

    /// The edges within `depth` steps of `center`, following edges either way.
    public static func neighbourhood(
        _ edges: [GraphEdge], around center: Value, depth: Int, stop: () throws -> Void = {}
    ) rethrows -> [GraphEdge] {
        // Each node's neighbours, either way: a step then looks only at the frontier's own edges
        // (going through every edge at every step took 37 s for a chain of 20,000).
        var neighbours: [Value: [Value]] = [:]
        for e in edges {
            neighbours[e.from, default: []].append(e.to)
            neighbours[e.to, default: []].append(e.from)
        }
        var reached: Set<Value> = [center]
        var frontier: [Value] = [center]
        var steps = 0
        // Stops when nothing new is reached: a depth of a billion steps is the whole component.
        while steps < depth && !frontier.isEmpty {
            steps += 1
            var next: [Value] = []
            for (k, node) in frontier.enumerated() {
                if k & 4095 == 4095 { try stop() }
                for other in neighbours[node] ?? [] where reached.insert(other).inserted { next.append(other) }
            }
            frontier = next
        }
        return edges.filter { reached.contains($0.from) && reached.contains($0.to) }
    }

    /// Graphviz DOT text; node names are quoted so any name is a valid id.
    public static func dot(_ edges: [GraphEdge], title: String, center: Value? = nil, kinds: [Value: String] = [:])
        -> String
    {
        let names = names(edges)
        var out = "digraph \"\(escape(title))\" {\n"
        out +=
            "  graph [rankdir=LR, fontname=\"Helvetica\", label=\"\(escape(title))\", labelloc=t, fontsize=18, overlap=false];\n"
        out +=
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#1f5fa8\", fontname=\"Helvetica\"];\n"
        out += "  edge [color=\"#555555\", fontname=\"Helvetica\", fontsize=10];\n"
        for (n, name) in names.sorted(by: { $0.value < $1.value }) {
            var label = escape(name.replacingOccurrences(of: "_", with: " "))
            if let kind = kinds[n] { label += "\\n(\(escape(kind)))" }
            var attributes = ["label=\"\(label)\""]
            if n == center { attributes.append("fillcolor=\"#1f5fa8\", fontcolor=white") }
            if kinds[n] == "person" { attributes.append("shape=ellipse") }
            out += "  \"\(escape(name))\" [\(attributes.joined(separator: ", "))];\n"
        }
        for e in ordered(edges, names: names) {
            let label =
                e.label.isEmpty ? "" : " [label=\"\(escape(e.label.replacingOccurrences(of: "_", with: " ")))\"]"
            out += "  \"\(escape(names[e.from]!))\" -> \"\(escape(names[e.to]!))\"\(label);\n"
        }
        return out + "}\n"
    }

    /// Text: each entity's ties, one line per edge, grouped by the entity they start from.
    /// `stop` is called every few thousand lines, and may throw to give up (the REPL's Ctrl-C).
    public static func text(_ edges: [GraphEdge], stop: () throws -> Void = {}) rethrows -> String {
        guard !edges.isEmpty else { return "(no ties)\n" }
        // One line per tie, whatever the names hold: line breaks and tabs become spaces, other
        // control characters their escapes, and names are padded by the columns they take on
        // screen, not by their characters.
        func line(_ s: String) -> String {
            Value.escaped(
                String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" ? " " : $0 }), quote: nil)
        }
        let names = names(edges)
        let width = edges.map { displayWidth(line(names[$0.from]!)) }.max() ?? 0
        var out = ""
        var previous: Value?
        for (k, e) in ordered(edges, names: names).enumerated() {
            if k & 4095 == 4095 { try stop() }
            let name = line(names[e.from]!)
            let from =
                e.from == previous
                ? String(repeating: " ", count: width)
                : name + String(repeating: " ", count: width - displayWidth(name))
            previous = e.from
            let label = line(e.label)
            out += "\(from) ──\(label.isEmpty ? "" : " \(label) ")──▶ \(line(names[e.to]!))\n"
        }
        return out
    }

    /// A DOT string's contents; a control character becomes its picture (`Value.pictured`).
    /// Graphviz reads `&…;` in a string as a character reference and copies it into the SVG as
    /// it stands, so `&#0;` in a name would make the SVG ill-formed: every `&` is given to it as
    /// `&amp;`, which it shows as `&`.
    static func escape(_ s: String) -> String {
        Value.pictured(s).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "&", with: "&amp;")
    }
}
