// Keeping Grammar/ true: every example in the language reference parses, resolves and runs, and
// the EBNF names only what the lexer and parser know.
//
//   - Each ```casebook block of Grammar/*.md is loaded, in order, into one session per file (so a
//     later example may use relations an earlier one defined). A block followed directly by an
//     ```output block must print exactly that, as `casebook run` prints tables.
//   - Each ```casebook block of the top-level README.md runs on its own, as the README promises.
//   - Every .cb file under samples/ loads without errors; a folder's case.cb is loaded first,
//     since the other files of the folder ask questions about it.
//   - Every conformance program loads without errors.
//   - Every quoted terminal of Grammar/casebook.ebnf is a token the lexer reads cleanly, and the
//     language's word lists (keywords, column types, aggregates, hedges) all appear in it.

import CasebookKit
import Foundation
import Testing

/// A fenced code block of a Markdown file.
struct FencedBlock {
    var language: String
    var text: String
    /// 1-based line of the opening fence.
    var line: Int
}

/// The fenced blocks of a Markdown text, in order.
func fencedBlocks(_ markdown: String) -> [FencedBlock] {
    var blocks: [FencedBlock] = []
    var current: FencedBlock?
    for (k, line) in markdown.components(separatedBy: "\n").enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if var block = current {
            if trimmed == "```" {
                if block.text.hasSuffix("\n") { block.text.removeLast() }
                blocks.append(block)
                current = nil
            } else {
                block.text += line + "\n"
                current = block
            }
        } else if trimmed.hasPrefix("```") {
            let language = String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            current = FencedBlock(language: language, text: "", line: k + 1)
        }
    }
    return blocks
}

/// Loads one source into a session; returns the problems as text, and the printed answers.
func loadReporting(_ session: Session, _ file: SourceFile) -> (problems: [String], output: String) {
    var problems: [String] = []
    var output = ""
    let formatter = Formatter(format: .table)
    let diagnostics = session.load(file) { outcome in
        switch outcome {
        case let .success(r):
            if !output.isEmpty { output += "\n" }
            output += r.text + "\n" + formatter.render(r)
        case let .failure(e):
            problems.append(e.diagnostic.description)
        }
        return true
    }
    problems += diagnostics.filter { $0.severity == .error }.map(\.description)
    return (problems, output)
}

struct GrammarTests {
    static let root = CLI.packageRoot
    static let grammar = root.appendingPathComponent("Grammar")

    static func markdownFiles() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: grammar.path)) ?? []
        return files.filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test("every casebook example in Grammar/ parses and runs", arguments: markdownFiles())
    func grammarExamples(_ name: String) throws {
        let text = try String(contentsOf: GrammarTests.grammar.appendingPathComponent(name), encoding: .utf8)
        let blocks = fencedBlocks(text)
        let examples = blocks.filter { $0.language == "casebook" }
        #expect(!examples.isEmpty, "\(name) has no ```casebook examples")
        let session = Session()
        for (k, block) in blocks.enumerated() where block.language == "casebook" {
            let file = SourceFile(name: "example", text: block.text)
            let (problems, output) = loadReporting(session, file)
            #expect(problems.isEmpty, "example at \(name):\(block.line):\n\(problems.joined(separator: "\n"))")
            if k + 1 < blocks.count, blocks[k + 1].language == "output" {
                #expect(output == blocks[k + 1].text + "\n", "output of the example at \(name):\(block.line)")
            }
        }
    }

    @Test("every casebook example in README.md runs as it stands")
    func readmeExamples() throws {
        let url = GrammarTests.root.appendingPathComponent("README.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }  // no README yet
        for block in fencedBlocks(text) where block.language == "casebook" {
            let (problems, _) = loadReporting(Session(), SourceFile(name: "example", text: block.text))
            #expect(problems.isEmpty, "example at README.md:\(block.line):\n\(problems.joined(separator: "\n"))")
        }
    }

    /// The folders under samples/ that hold .cb files, relative to samples/.
    static func sampleFolders() -> [String] {
        let samples = root.appendingPathComponent("samples")
        guard let walker = FileManager.default.enumerator(atPath: samples.path) else { return [] }
        var folders = Set<String>()
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(".cb") { folders.insert(path.split(separator: "/").dropLast().joined(separator: "/")) }
        }
        return folders.sorted()
    }

    @Test("samples exist")
    func samplesExist() {
        #expect(!GrammarTests.sampleFolders().isEmpty)
    }

    @Test("every program under samples/ loads without errors", arguments: sampleFolders())
    func samples(_ folder: String) throws {
        let dir = GrammarTests.root.appendingPathComponent("samples").appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".cb") }
        let ordered = files.filter { $0 == "case.cb" } + files.filter { $0 != "case.cb" }.sorted()
        let session = Session()
        for file in ordered {
            let bytes = try Data(contentsOf: dir.appendingPathComponent(file))
            let (problems, _) = loadReporting(
                session, SourceFile(name: "samples/\(folder)/\(file)", bytes: [UInt8](bytes)))
            #expect(problems.isEmpty, "samples/\(folder)/\(file):\n\(problems.joined(separator: "\n"))")
        }
    }

    @Test("every conformance program loads without errors", arguments: ConformanceTests.programs())
    func conformancePrograms(_ name: String) throws {
        let url = ConformanceTests.folder.appendingPathComponent("programs/\(name).cb")
        let (problems, _) = loadReporting(
            Session(), SourceFile(name: "\(name).cb", bytes: [UInt8](try Data(contentsOf: url))))
        #expect(problems.isEmpty, "\(name).cb:\n\(problems.joined(separator: "\n"))")
    }

    // MARK: The EBNF

    /// The quoted terminals of the EBNF, outside its (* comments *).
    static func ebnfTerminals() throws -> [String] {
        var text = try String(contentsOf: grammar.appendingPathComponent("casebook.ebnf"), encoding: .utf8)
        while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex)
        {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var terminals: [String] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" || c == "'", let end = text[text.index(after: i)...].firstIndex(of: c) {
                terminals.append(String(text[text.index(after: i)..<end]))
                i = text.index(after: end)
            } else {
                i = text.index(after: i)
            }
        }
        return terminals
    }

    @Test("every terminal of the EBNF is a token the lexer reads")
    func terminalsLex() throws {
        let terminals = try GrammarTests.ebnfTerminals()
        #expect(terminals.count > 40)
        for t in terminals {
            // A multi-word terminal such as "more than" lexes as several names; none may be an error.
            var lexer = Lexer(SourceFile(name: "<terminal>", text: t))
            let tokens = lexer.tokenize()
            #expect(lexer.diagnostics.isEmpty, "the lexer rejects the terminal \"\(t)\"")
            #expect(!tokens.contains { $0.kind == .error }, "the lexer rejects the terminal \"\(t)\"")
        }
    }

    @Test("the EBNF names every keyword, type, aggregate and hedge of the language")
    func vocabularyCovered() throws {
        let terminals = Set(try GrammarTests.ebnfTerminals())
        for k in Lexer.keywords { #expect(terminals.contains(k), "keyword \(k)") }
        for t in ColumnType.allCases { #expect(terminals.contains(t.rawValue), "column type \(t.rawValue)") }
        for f in AggregateFunction.allCases { #expect(terminals.contains(f.rawValue), "aggregate \(f.rawValue)") }
        for h in Hedge.allCases { #expect(terminals.contains(h.words), "hedge \(h.words)") }
        for d in [".decl", ".alias", "?-", ":-", "@", "by", "as", "between", "and"] {
            #expect(terminals.contains(d), "\(d)")
        }
    }

    @Test("every hedge phrase of the EBNF reads as a hedge")
    func hedgePhrasesParse() throws {
        // The hedge production lists its phrases between `hedge =` and the next ';'.
        let text = try String(contentsOf: GrammarTests.grammar.appendingPathComponent("casebook.ebnf"), encoding: .utf8)
        let start = try #require(text.range(of: #"(?m)^hedge\s*="#, options: .regularExpression))
        let end = try #require(text.range(of: ";", range: start.upperBound..<text.endIndex))
        let phrases = text[start.upperBound..<end.lowerBound].split(separator: "\"").enumerated().filter {
            $0.offset % 2 == 1
        }.map { String($0.element) }
        #expect(phrases.count >= 15)
        for p in phrases {
            #expect(holds("hedge(\(p) 5) != \"NONE\""), "'\(p) 5' is not read as a hedged figure")
        }
    }

    @Test("every built-in function is documented in Grammar/README.md")
    func builtinsDocumented() throws {
        let text = try String(contentsOf: GrammarTests.grammar.appendingPathComponent("README.md"), encoding: .utf8)
        for f in Builtin.allCases { #expect(text.contains("`\(f.rawValue)("), "\(f.rawValue)() is not documented") }
    }

    @Test("fenced blocks are found with their lines")
    func fences() {
        let md = "intro\n```casebook\np(1).\n?- p(X).\n```\ntext\n```output\nX\n```\n"
        let blocks = fencedBlocks(md)
        #expect(blocks.count == 2)
        #expect(blocks.first?.language == "casebook")
        #expect(blocks.first?.text == "p(1).\n?- p(X).")
        #expect(blocks.first?.line == 2)
        #expect(blocks.last?.text == "X")
    }
}
