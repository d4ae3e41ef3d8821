// Line editing at the prompt: a Swift face on the CEditLine shim over libedit.

import CEditLine
import Foundation

/// What one call to `LineEditor.readLine` produced.
enum LineInput {
    case line(String)
    /// Ctrl-C: whatever was typed on the line is gone.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal closed.
    case endOfInput
}

/// Reads lines from the terminal with libedit: emacs keys, history, Ctrl-R and Tab completion.
final class LineEditor {
    private let editor: OpaquePointer
    /// Called on Tab with the text of the line before the cursor; see `Completer`.
    var complete: ((String) -> CompletionResult)?

    init?() {
        guard let e = cedit_open("casebook") else { return nil }
        editor = e
        // The C callback finds this object again through the context pointer. The editor lives
        // as long as the REPL, so an unretained reference is enough.
        cedit_set_completer(
            editor,
            { context, before, listing in
                guard let context = context else { return nil }
                let me = Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue()
                guard let complete = me.complete else { return nil }
                let result = complete(String(cString: before))
                if let text = result.listing { listing.pointee = strdup(text) }
                return result.insert.isEmpty ? nil : strdup(result.insert)
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { cedit_close(editor) }

    func readLine(prompt: String) -> LineInput {
        cedit_set_prompt(editor, prompt)
        var status = CEDIT_LINE
        guard let line = cedit_gets(editor, &status) else {
            return status == CEDIT_INTERRUPTED ? .interrupted : .endOfInput
        }
        return .line(String(cString: line))
    }

    /// Whether libedit edits the line (and draws the prompt on standard output); when standard
    /// output is not a terminal it reads plain lines, and the prompt goes to standard error.
    var isEditing: Bool { cedit_is_editing(editor) != 0 }

    func setHistorySize(_ n: Int) { cedit_history_set_size(editor, Int32(n)) }
    func addHistory(_ line: String) { cedit_history_add(editor, line) }
    func clearHistory() { cedit_history_clear(editor) }
}

/// The width of the terminal on standard output, or nil when it is not a terminal.
func terminalColumns() -> Int? {
    let n = Int(cedit_terminal_columns(1))
    return n > 0 ? n : nil
}
