// Tables fitted to the terminal: columns shrink (never below 8 characters); when even that is
// too wide, each answer is printed one field per line, as psql's expanded display does, so no
// line is wider than the terminal.

import Testing

@testable import CasebookKit

@Suite("Tables in a narrow terminal")
struct FormatterTests {
    static func result(_ query: String) -> QueryResult? {
        let session = Session()
        var out: QueryResult?
        let program = """
            deal(contract_one, "Immigration and Customs Enforcement", "Amazon Web Services", more than $100M, 2019-07).
            deal(contract_two, "Customs and Border Protection", "Microsoft", about $50M, 2021-Q3).
            """
        _ = session.load(SourceFile(name: "f.cb", text: program + "\n" + query)) { r in
            if case let .success(q) = r { out = q }
            return true
        }
        return out
    }

    @Test("an empty text is a quoted field in CSV, so its row is not an empty line")
    func emptyTextInCSV() throws {
        // Failed before: the row was an empty line, which CSV readers take for no row at all.
        let session = Session()
        var out: QueryResult?
        _ = session.load(SourceFile(name: "f.cb", text: "s(\"\"). s(\"a,b\"). s(\"x\\ry\").\n?- s(X).")) { r in
            if case let .success(q) = r { out = q }
            return true
        }
        let r = try #require(out)
        #expect(Formatter(format: .csv).render(r) == "X\n\"\"\n\"a,b\"\n\"x\ry\"\n")
        // TSV cannot quote: its carriage return is written `\r`, as PostgreSQL writes it.
        #expect(Formatter(format: .tsv).render(r) == "X\n\na,b\nx\\ry\n")
    }

    @Test("columns are narrowed as taking one character at a time from the widest would, in one pass")
    func narrowingMatchesTheOneAtATimeModel() {
        // The model: what the table did before, a pass over the columns per character taken
        // (4,000 columns on a terminal took 52 s).
        func model(_ widths: [Int], _ room: Int) -> [Int] {
            var widths = widths
            while widths.reduce(0, +) > room, let k = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[k] > 8
            {
                widths[k] -= 1
            }
            return widths
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let widths = (0..<Int.random(in: 1...7, using: &generator)).map { _ in
                Int.random(in: 1...40, using: &generator)
            }
            let room = Int.random(in: 0...(widths.reduce(0, +)), using: &generator)
            let expected = model(widths, room)
            // Only tables too wide are narrowed; the model stops at 8 as the table does.
            guard widths.reduce(0, +) > room else { continue }
            #expect(Formatter.narrowed(widths, toFit: room) == expected, "\(widths) into \(room)")
        }
        let wide = [Int](repeating: 2_000, count: 4_000)
        #expect(Formatter.narrowed(wide, toFit: 40_000) == [Int](repeating: 10, count: 4_000))
    }

    @Test("a table that cannot fit becomes one field per line, no line wider than the terminal")
    func expandedWhenTooWide() throws {
        let r = try #require(FormatterTests.result("?- deal(Name, Buyer, Seller, Amount, When)."))
        let text = Formatter(format: .table, width: 30).render(r)
        let lines = text.split(separator: "\n").map(String.init)
        for line in lines { #expect(displayWidth(line) <= 30, "\(line)") }
        #expect(lines.contains { $0.hasPrefix("-[ 1 ]") } && lines.contains { $0.hasPrefix("-[ 2 ]") }, "\(text)")
        #expect(lines.contains("Amount | more than $100M"), "\(text)")
        #expect(lines.contains("When   | 2021-Q3"), "\(text)")
        #expect(lines.last == "(2 answers)")
    }

    @Test("a table that fits once its widest columns shrink stays a table")
    func shrunkTable() throws {
        let r = try #require(FormatterTests.result("?- deal(Name, Buyer, _, _, _)."))
        let text = Formatter(format: .table, width: 40).render(r)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Name") == true, "\(text)")
        for line in lines { #expect(displayWidth(line) <= 40, "\(line)") }
        #expect(!text.contains("-[ 1 ]"))
    }
}
