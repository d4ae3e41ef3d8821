// A minimal C interface to libedit for the REPL. el_set() and history() are variadic and cannot
// be called from Swift, so each setting the REPL needs has a small non-variadic wrapper here.
//
// The editor is always on the process's standard input and output. Besides line editing it owns
// the REPL's SIGINT handling: a Ctrl-C at the prompt ends `cedit_gets` with
// CEDIT_INTERRUPTED, and every Ctrl-C (at the prompt or while a query runs) also writes one byte
// to a pipe that the REPL's watcher thread reads to cancel the running query.
#ifndef CEDITLINE_H
#define CEDITLINE_H

#pragma clang assume_nonnull begin

/// One line editor (an EditLine with its History), opaque to Swift.
typedef struct cedit cedit;

/// How `cedit_gets` ended.
typedef enum {
    /// A line was read (Enter).
    CEDIT_LINE = 0,
    /// End of input: Ctrl-D on an empty line, or the terminal went away.
    CEDIT_EOF = 1,
    /// Ctrl-C: the line typed so far was discarded.
    CEDIT_INTERRUPTED = 2,
    /// A read error other than an interruption (errno says which).
    CEDIT_ERROR = 3,
} cedit_status;

/// The completion callback, called on Tab with the text of the line before the cursor (UTF-8).
/// It returns text to insert at the cursor or NULL, and may set `*listing` to text to print
/// under the line (the candidates, when there is no unique completion). Both are allocated with
/// malloc (e.g. strdup); the editor frees them.
typedef char *_Nullable (*cedit_complete_fn)(void *_Nullable context, const char *before_cursor,
                                             char *_Nullable *_Nonnull listing);

/// Opens an editor on stdin/stdout in emacs mode, with Tab bound to the completion callback,
/// Ctrl-R to incremental reverse search and libedit's own signal handling (EL_SIGNAL) on, then
/// reads ~/.editrc so the user's bindings win. Also switches LC_CTYPE to a UTF-8 locale, which
/// libedit needs to edit non-ASCII text. Returns NULL if libedit cannot start.
cedit *_Nullable cedit_open(const char *program_name);
void cedit_close(cedit *editor);

/// Sets the prompt (copied). Invisible sequences such as colours go between '\1' characters.
void cedit_set_prompt(cedit *editor, const char *prompt);

/// Reads one line with editing. Returns the line without its newline (valid until the next
/// call) and CEDIT_LINE, or NULL and the reason in `*status`.
const char *_Nullable cedit_gets(cedit *editor, cedit_status *status);

/// The in-memory history that Up, Down and Ctrl-R search. The REPL keeps the file itself.
void cedit_history_set_size(cedit *editor, int size);
void cedit_history_add(cedit *editor, const char *line);
void cedit_history_clear(cedit *editor);

void cedit_set_completer(cedit *editor, cedit_complete_fn _Nullable complete, void *_Nullable context);

/// Installs the process's SIGINT handler and returns the read end of the pipe it writes one
/// byte to per Ctrl-C, or -1 on failure. Also unblocks SIGINT, in case the parent blocked it.
/// Safe to call more than once; later calls return the same descriptor.
int cedit_install_sigint_handler(void);

/// Whether a SIGINT arrived since the last call, clearing the flag.
int cedit_take_sigint(void);
/// Whether a SIGINT arrived at the prompt, leaving the flag for the reader (which then drops
/// the line): long work done on a key, such as completion, looks at it to give up.
int cedit_sigint_pending(void);

/// For a reader of plain lines (the tour): installs a SIGCONT handler and returns the read end
/// of a pipe it writes one byte to each time the process goes on after a stop (`fg`), or -1.
/// Not for use with the line editor, which has a SIGCONT handler of its own.
int cedit_install_sigcont_pipe(void);

/// Makes Ctrl-\ (SIGQUIT) quit quietly, with the terminal restored: status 131.
int cedit_install_sigquit_handler(void);
/// Makes SIGTERM and SIGHUP end the process with the terminal restored: status 143 and 129.
/// At the prompt they are not passed on to the process group, as libedit's handler does.
int cedit_install_termination_handlers(void);

/// Whether the editor edits lines (standard input and output both terminals), or reads plain
/// lines in the terminal's own line mode.
int cedit_is_editing(const cedit *editor);

/// Columns of the terminal on `fd`, or 0 when it is not a terminal or does not say.
int cedit_terminal_columns(int fd);

#pragma clang assume_nonnull end

#endif
