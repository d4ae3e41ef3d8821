// Relationship graphs: who is tied to whom, as text, as DOT for Graphviz, or as SVG through it.
//
// Any query whose answers are pairs can be drawn: the first two columns are the ends of an
// edge, a third (if any) its label.

import Foundation

/// A labelled, directed edge between two entities.
public struct GraphEdge: Hashable, Sendable {
    public var from: String
    public var to: String
    public var label: String
}

/// Builds and draws relationship graphs.
public enum Graph {
    /// Edges from a query's answers; nil if the answers are not pairs.
    public static func edges(from result: QueryResult) -> [GraphEdge]? {
        guard result.columns.count >= 2 else { return nil }
        let edges = result.rows.map { row in
            GraphEdge(
                from: row[0].display, to: row[1].display,
                label: row.count > 2 ? row.dropFirst(2).map(\.display).joined(separator: ", ") : "")
        }
        return Array(Set(edges)).sorted { ($0.from, $0.to, $0.label) < ($1.from, $1.to, $1.label) }
    }

    /// The edges within `depth` steps of `center`, following edges either way.
    public static func neighbourhood(_ edges: [GraphEdge], around center: String, depth: Int) -> [GraphEdge] {
        // Each node's neighbours, either way: a step then looks only at the frontier's own edges
        // (going through every edge at every step took 37 s for a chain of 20,000).
        var neighbours: [String: [String]] = [:]
        for e in edges {
            neighbours[e.from, default: []].append(e.to)
            neighbours[e.to, default: []].append(e.from)
        }
        var reached: Set<String> = [center]
        var frontier: [String] = [center]
        var steps = 0
        // Stops when nothing new is reached: a depth of a billion steps is the whole component.
        while steps < depth && !frontier.isEmpty {
            steps += 1
            var next: [String] = []
            for node in frontier {
                for other in neighbours[node] ?? [] where reached.insert(other).inserted { next.append(other) }
            }
            frontier = next
        }
        return edges.filter { reached.contains($0.from) && reached.contains($0.to) }
    }

    /// Graphviz DOT text; node names are quoted so any symbol is a valid id.
    public static func dot(_ edges: [GraphEdge], title: String, center: String? = nil, kinds: [String: String] = [:])
        -> String
    {
        var out = "digraph \"\(escape(title))\" {\n"
        out +=
            "  graph [rankdir=LR, fontname=\"Helvetica\", label=\"\(escape(title))\", labelloc=t, fontsize=18, overlap=false];\n"
        out +=
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#1f5fa8\", fontname=\"Helvetica\"];\n"
        out += "  edge [color=\"#555555\", fontname=\"Helvetica\", fontsize=10];\n"
        let nodes = Set(edges.flatMap { [$0.from, $0.to] }).sorted()
        for n in nodes {
            var attributes = ["label=\"\(escape(n.replacingOccurrences(of: "_", with: " ")))\""]
            if let kind = kinds[n] {
                attributes[0] = "label=\"\(escape(n.replacingOccurrences(of: "_", with: " ")))\\n(\(escape(kind)))\""
            }
            if n == center { attributes.append("fillcolor=\"#1f5fa8\", fontcolor=white") }
            if kinds[n] == "person" { attributes.append("shape=ellipse") }
            out += "  \"\(escape(n))\" [\(attributes.joined(separator: ", "))];\n"
        }
        for e in edges {
            let label =
                e.label.isEmpty ? "" : " [label=\"\(escape(e.label.replacingOccurrences(of: "_", with: " ")))\"]"
            out += "  \"\(escape(e.from))\" -> \"\(escape(e.to))\"\(label);\n"
        }
        return out + "}\n"
    }

    /// Text: each entity's ties, one line per edge, grouped by the entity they start from.
    public static func text(_ edges: [GraphEdge]) -> String {
        guard !edges.isEmpty else { return "(no ties)\n" }
        // One line per tie, whatever the names hold: line breaks and tabs become spaces, other
        // control characters their escapes, and names are padded by the columns they take on
        // screen, not by their characters.
        func line(_ s: String) -> String {
            Value.escaped(
                String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" ? " " : $0 }), quote: nil)
        }
        let width = edges.map { displayWidth(line($0.from)) }.max() ?? 0
        var out = ""
        var previous = ""
        for e in edges {
            let name = line(e.from)
            let from =
                e.from == previous
                ? String(repeating: " ", count: width)
                : name + String(repeating: " ", count: width - displayWidth(name))
            previous = e.from
            let label = line(e.label)
            out += "\(from) ──\(label.isEmpty ? "" : " \(label) ")──▶ \(line(e.to))\n"
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
