// Runs programs non-interactively: `casebook run`, `casebook -e` and piped standard input.

import CasebookKit
import Foundation

/// Loads sources into one session and prints each query's answers.
struct ScriptRunner {
    let options: EvaluationOptions
    let session = Session()
    let colorErrors = isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    init(options: EvaluationOptions) {
        self.options = options
        session.limits = Limits(timeout: options.timeout, maxDerivedFacts: options.maxFacts)
    }

    func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics { FileHandle.standardError.write((d.render(color: colorErrors) + "\n").data(using: .utf8)!) }
    }

    /// Runs every source in order; returns the exit status.
    func run(sources: [SourceFile]) -> Int32 {
        var formatter = Formatter(format: options.format)
        for path in options.doc {
            switch loadDocument(path) {
            case let .success(d): formatter.documents.append(d)
            case let .failure(e):
                report([e])
                return 1
            }
        }
        var status: Int32 = 0
        var first = true
        let out = FileHandle.standardOutput
        for source in sources {
            let diagnostics = session.load(source) { outcome in
                switch outcome {
                case let .success(result):
                    var text = ""
                    if options.format == .table || options.format == .markdown {
                        if !first { text += "\n" }
                        text += options.format == .table ? "\(result.text)\n" : ""
                    } else if (options.format == .csv || options.format == .tsv) && !first {
                        text += "\n"
                    }
                    first = false
                    text += formatter.render(result)
                    out.write(text.data(using: .utf8)!)
                    return true
                case let .failure(error):
                    var d = error.diagnostic
                    if d.file == nil {
                        d.message = d.message
                    }
                    report([d])
                    status = 1
                    return false
                }
            }
            if !diagnostics.isEmpty {
                report(diagnostics)
                let errors = diagnostics.filter { $0.severity == .error }.count
                if errors > 1 { FileHandle.standardError.write("\(errors) errors in \(source.name)\n".data(using: .utf8)!) }
                return 1
            }
            if status != 0 { return status }
        }
        return status
    }
}

/// Reads a program file, turning every way it can fail into a diagnostic.
func readSource(_ path: String) -> Result<SourceFile, Diagnostic> {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        return .failure(.plain("cannot open '\(path)': no such file"))
    }
    if isDir.boolValue { return .failure(.plain("cannot read '\(path)': it is a directory", hint: "name the .cb files inside it")) }
    guard let data = FileManager.default.contents(atPath: path) else {
        return .failure(.plain("cannot read '\(path)': permission denied or unreadable"))
    }
    return .success(SourceFile(name: path, bytes: [UInt8](data)))
}

/// Loads a document for citations and source sentences.
func loadDocument(_ path: String) -> Result<Document, Diagnostic> {
    switch readSource(path) {
    case let .failure(d): return .failure(d)
    case let .success(file):
        let text = String(decoding: file.bytes, as: UTF8.self)
        return .success(Document(name: path, text: text))
    }
}
