// Conformance: plain Datalog programs whose answers an independent engine (clingo) produced.
//
// For each Tests/Conformance/programs/NAME.cb, `casebook run --format json` must print one JSON
// object per query with the same query text (whitespace aside), the same columns, and the same
// answers as Tests/Conformance/expected/NAME.json. Answers are compared as sets: the order rows
// are printed in is Casebook's own choice. See Tests/Conformance/README.md for how the expected
// files are regenerated.

import Foundation
import Testing

/// One answer cell as JSON holds it: integers are numbers, symbols and strings are strings.
enum Cell: Decodable, Hashable, CustomStringConvertible {
    case int(Int64)
    case text(String)

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int64.self) {
            self = .int(n)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    var description: String {
        switch self {
        case let .int(n): return String(n)
        case let .text(s): return "\"\(s)\""
        }
    }
}

/// One query's answers, as both `casebook --format json` and the expected files write them.
struct QueryAnswers: Decodable {
    var query: String
    var columns: [String]
    var rows: [[Cell]]

    /// The query text with runs of whitespace collapsed, as the comparison sees it.
    var normalizedQuery: String { query.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
}

struct ConformanceTests {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/Conformance")

    /// The program names (without .cb), sorted.
    static func programs() -> [String] {
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("programs").path)) ?? []
        return files.filter { $0.hasSuffix(".cb") }.map { String($0.dropLast(3)) }.sorted()
    }

    @Test("the suite has programs, each with expected answers")
    func suiteIsComplete() {
        let names = ConformanceTests.programs()
        #expect(names.count >= 10)
        for name in names {
            let expected = ConformanceTests.folder.appendingPathComponent("expected/\(name).json")
            #expect(FileManager.default.fileExists(atPath: expected.path), "\(name) has no expected/\(name).json")
        }
    }

    @Test("answers match the peer engine's", arguments: programs())
    func program(_ name: String) throws {
        let expectedData = try Data(contentsOf: ConformanceTests.folder.appendingPathComponent("expected/\(name).json"))
        let expected = try JSONDecoder().decode([QueryAnswers].self, from: expectedData)

        let result = try CLI.run(["run", "--format", "json", "programs/\(name).cb"], in: ConformanceTests.folder)
        try #require(result.status == 0, "casebook failed:\n\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let actual = try result.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(QueryAnswers.self, from: Data($0.utf8))
        }

        try #require(actual.count == expected.count, "\(actual.count) queries answered, \(expected.count) expected")
        for (a, e) in zip(actual, expected) {
            #expect(a.normalizedQuery == e.normalizedQuery)
            #expect(a.columns == e.columns, "columns of \(e.query)")
            // An answer set prints each answer once.
            #expect(Set(a.rows).count == a.rows.count, "duplicate answers to \(e.query)")
            let missing = Set(e.rows).subtracting(a.rows)
            let extra = Set(a.rows).subtracting(e.rows)
            #expect(
                missing.isEmpty && extra.isEmpty,
                "\(e.query): missing \(missing.sorted(by: rowText)), extra \(extra.sorted(by: rowText))")
        }
    }
}

private func rowText(_ a: [Cell], _ b: [Cell]) -> Bool { a.description < b.description }
