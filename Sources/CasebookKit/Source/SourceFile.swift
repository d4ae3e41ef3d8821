// Source text and positions in it.
//
// Every token, AST node and diagnostic refers to its text by a `SourceSpan`: byte offsets into
// a `SourceFile`. Lines and columns are computed only when a diagnostic is rendered, so the lexer
// and parser never track them.

/// A named piece of program text: a file, a `-e` argument or a line typed at the REPL.
public final class SourceFile {
    public let name: String
    /// The text as UTF-8 bytes; the lexer works on bytes, not Characters, for speed.
    public let bytes: [UInt8]
    /// The line number of the text's first line: a block cut out of a lesson keeps the lesson's
    /// line numbers without being padded with thousands of empty lines.
    public let firstLine: Int
    /// Offset of the first byte of each line, computed lazily for rendering.
    private lazy var lineStarts: [Int] = {
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        return starts
    }()

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.firstLine = firstLine
    }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.firstLine = 1
    }

    /// The text of a span, decoded leniently (invalid UTF-8 becomes U+FFFD).
    public func text(_ span: SourceSpan) -> String {
        let lo = max(0, min(span.start, bytes.count))
        let hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let column = String(decoding: bytes[start..<offset], as: UTF8.self).count + 1
        return (lo + firstLine, column)
    }

    /// The text of a line (numbered as `location` numbers it) without its line terminator.
    public func lineText(_ numbered: Int) -> String {
        let line = numbered - firstLine + 1
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A half-open range of byte offsets in a `SourceFile`.
public struct SourceSpan: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func to(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }

    public static let none = SourceSpan(0, 0)
}

extension SourceFile {
    /// Why the bytes are not UTF-8 text, if they are not: one diagnostic for the whole file.
    /// A document is read as text only if this is nil (a UTF-16 file read leniently is a string
    /// of NULs in which no sentence or mention is found, and nothing says why).
    public var encodingProblem: Diagnostic? {
        if let mark = byteOrderMarkProblem { return mark }
        if let nul = bytes.firstIndex(of: 0) {
            return Diagnostic(
                .error, "NUL byte in the input", file: self, span: SourceSpan(nul, nul + 1),
                hint: "the file may be binary or corrupt; Casebook reads UTF-8 text")
        }
        return firstInvalidUTF8(bytes).map(invalidUTF8)
    }

    /// The file starts with a UTF-16 or UTF-32 byte-order mark: a program gets this one error
    /// instead of one for nearly every byte.
    var byteOrderMarkProblem: Diagnostic? {
        guard bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) else { return nil }
        let utf32 = bytes.starts(with: [0xFF, 0xFE, 0, 0])
        let encoding = utf32 ? "UTF-32" : "UTF-16"
        return Diagnostic(
            .error, "\(name) is \(encoding) text (it starts with a \(encoding) byte-order mark), not UTF-8",
            file: self, span: SourceSpan(0, utf32 ? 4 : 2),
            hint: "convert it: iconv -f \(encoding) -t UTF-8 '\(name)' > converted.txt")
    }

    /// The error for a byte that is not valid UTF-8.
    func invalidUTF8(at offset: Int) -> Diagnostic {
        Diagnostic(
            .error, "invalid UTF-8 in the input", file: self, span: SourceSpan(offset, offset + 1),
            hint: "save the file as UTF-8")
    }
}
