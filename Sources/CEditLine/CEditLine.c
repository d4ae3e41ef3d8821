// The libedit wrapper behind CEditLine.h. See the header for what each function is for; the
// comments here explain the parts of libedit's behaviour the wrapper works around.

#define _GNU_SOURCE  // ppoll

#include "CEditLine.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

struct cedit {
    EditLine *el;
    History *history;
    HistEvent event;
    char *prompt;
    char *line;
    cedit_complete_fn complete;
    void *complete_context;
    /// Whether libedit edits lines: only with both standard input and output on a terminal.
    /// Otherwise (`casebook | tee log`) it reads plain lines, and the terminal keeps its own
    /// line mode: it echoes what is typed, and Ctrl-D ends the input.
    int editing;
};

// ---------------------------------------------------------------------------------------------
// Signals

static volatile sig_atomic_t sigint_seen = 0;
static volatile sig_atomic_t sigcont_seen = 0;
static int sigint_pipe[2] = {-1, -1};
/// Which signals have handlers of ours, to put back while the prompt waits (take_back_signals).
static volatile sig_atomic_t sigint_ours = 0, sigquit_ours = 0, termination_ours = 0;

static void on_sigint(int signo) {
    (void)signo;
    int saved = errno;
    sigint_seen = 1;
    if (sigint_pipe[1] >= 0) {
        char byte = 1;
        // The write end is non-blocking: if the pipe is full the watcher has wakeups enough.
        ssize_t ignored = write(sigint_pipe[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int cedit_install_sigint_handler(void) {
    if (sigint_pipe[0] < 0) {
        if (pipe(sigint_pipe) != 0) return -1;
        for (int k = 0; k < 2; k++) fcntl(sigint_pipe[k], F_SETFD, FD_CLOEXEC);
        fcntl(sigint_pipe[1], F_SETFL, fcntl(sigint_pipe[1], F_GETFL) | O_NONBLOCK);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    // SA_RESTART keeps Ctrl-C from failing a write() while answers print. The prompt still
    // notices at once: it waits in ppoll(), which a signal always interrupts (see read_char).
    action.sa_flags = SA_RESTART;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    sigint_ours = 1;
    // A blocked signal mask is inherited through exec: a parent that blocks SIGINT (some test
    // runners and process supervisors do) would otherwise leave Ctrl-C dead here.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    return sigint_pipe[0];
}

// After Ctrl-Z and `fg` the prompt must be drawn again. libedit's SIGCONT handling lives in its
// own reader, which this file replaces, so a handler here notes the event for the reader.
static int install(int signo, void (*handler)(int), int flags);

static void on_sigcont(int signo) {
    (void)signo;
    sigcont_seen = 1;
}

static int sigcont_pipe[2] = {-1, -1};
static void on_sigcont_to_pipe(int signo) {
    (void)signo;
    int saved = errno;
    char byte = 1;
    ssize_t ignored = write(sigcont_pipe[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

int cedit_install_sigcont_pipe(void) {
    if (sigcont_pipe[0] < 0) {
        if (pipe(sigcont_pipe) != 0) return -1;
        for (int k = 0; k < 2; k++) fcntl(sigcont_pipe[k], F_SETFD, FD_CLOEXEC);
        fcntl(sigcont_pipe[1], F_SETFL, fcntl(sigcont_pipe[1], F_GETFL) | O_NONBLOCK);
    }
    if (install(SIGCONT, on_sigcont_to_pipe, SA_RESTART) != 0) return -1;
    return sigcont_pipe[0];
}

// Ctrl-\ (SIGQUIT) quits at once, as terminal users expect of it, but quietly: the terminal
// is put back as it was when the editor opened (it may be in raw mode at the prompt), and
// there is no core dump or crash report (the Swift runtime reports SIGQUIT as a crash).
static struct termios saved_terminal;
static volatile sig_atomic_t terminal_saved = 0;

/// Puts the terminal back as it was, if this process is in its foreground. From the background
/// (a stopped job sent SIGTERM by `kill %1`, which wakes it with SIGCONT) the terminal is the
/// shell's, and setting its modes would stop this process again with SIGTTOU, so the signal
/// meant to end it left it stopped.
static void restore_terminal(int when) {
    if (terminal_saved && tcgetpgrp(STDIN_FILENO) == getpgrp()) tcsetattr(STDIN_FILENO, when, &saved_terminal);
}

static void on_sigquit(int signo) {
    (void)signo;
    signal(SIGTTOU, SIG_IGN);  // as in on_termination
    restore_terminal(TCSANOW);
    static const char message[] = "\ncasebook: quit (Ctrl-\\)\n";
    ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
    _exit(128 + SIGQUIT);
}

int cedit_install_sigquit_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigquit;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGQUIT, &action, NULL) != 0) return -1;
    sigquit_ours = 1;
    // As for SIGINT: a parent that blocks SIGQUIT would leave it pending here for good.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGQUIT);
    return sigprocmask(SIG_UNBLOCK, &mask, NULL);
}

// SIGTERM and SIGHUP end the session as SIGQUIT does: the terminal put back, status 128 + N.
// (History is written entry by entry, so nothing typed before is lost.)
static void on_termination(int signo) {
    signal(SIGTTOU, SIG_IGN);  // the message below must not stop a background job (stty tostop)
    restore_terminal(TCSANOW);
    if (signo == SIGTERM) {
        static const char message[] = "\ncasebook: terminated (SIGTERM)\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
    }
    _exit(128 + signo);
}

static int install(int signo, void (*handler)(int), int flags) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = flags;
    return sigaction(signo, &action, NULL);
}

// Ctrl-Z (SIGTSTP) at the prompt: the terminal is put back as it was when the editor opened,
// and this process alone stops. libedit's own handler does that only the first time in a
// prompt (it then puts back the action it found, the default), so a second Ctrl-Z and `fg` at
// the same prompt left the terminal in its line mode: keys echoed twice, and arrows, Tab and
// Ctrl-R did nothing until Enter. It also stopped the whole process group, a parent shell
// without job control included. The reader sets raw mode again once the process goes on.
static volatile sig_atomic_t sigtstp_ours = 0;
static void on_sigtstp(int signo) {
    int saved = errno;
    restore_terminal(TCSADRAIN);
    signal(signo, SIG_DFL);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, signo);
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    kill(getpid(), signo);  // stops here until `fg` (ignored in an orphaned process group)
    sigprocmask(SIG_BLOCK, &mask, NULL);
    install(signo, on_sigtstp, SA_RESTART);
    sigcont_seen = 1;
    errno = saved;
}

int cedit_install_termination_handlers(void) {
    if (install(SIGTERM, on_termination, 0) != 0 || install(SIGHUP, on_termination, 0) != 0) return -1;
    termination_ours = 1;
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGHUP);
    return sigprocmask(SIG_UNBLOCK, &mask, NULL);
}

// libedit's EL_SIGNAL handling installs its own handler for these signals on every el_gets, and
// that handler passes the signal on with kill(0, signo): to the whole process group, so a shell
// running casebook got the SIGTERM or SIGINT sent to casebook alone. While the prompt waits,
// ours are put back (libedit restores them when el_gets returns, as the ones it found), and
// Ctrl-Z is ours too (see on_sigtstp). SIGCONT and window resizes stay libedit's.
static void take_back_signals(void) {
    if (sigint_ours) install(SIGINT, on_sigint, SA_RESTART);
    if (sigtstp_ours) install(SIGTSTP, on_sigtstp, SA_RESTART);
    if (sigquit_ours) install(SIGQUIT, on_sigquit, 0);
    if (termination_ours) {
        install(SIGTERM, on_termination, 0);
        install(SIGHUP, on_termination, 0);
    }
}

int cedit_sigint_pending(void) { return sigint_seen; }

int cedit_take_sigint(void) {
    int seen = sigint_seen;
    sigint_seen = 0;
    return seen;
}

// ---------------------------------------------------------------------------------------------
// Reading characters
//
// libedit's own reader retries a read() that fails with EINTR once, so the first Ctrl-C at the
// prompt would be swallowed until the next key. This reader gives up when SIGINT has arrived
// (any other signal, e.g. SIGWINCH, just retries), which makes el_gets return at once.
// A Ctrl-C can come just before the reader starts to wait (the prompt is already drawn), so the
// flag is checked with SIGINT blocked and ppoll() unblocks it only while waiting: no gap.
// The reader decodes UTF-8 itself, independently of the C library's multibyte state.

static cedit *editor_of(EditLine *el);
static void show_plain_prompt(const cedit *c);

/// Whether this process may set the terminal's modes now. Woken in the background (`bg`, or
/// `kill -CONT` after Ctrl-Z), it stops itself as a terminal write there would (SIGTTOU), but
/// before libedit has half set the modes: that stop, inside libedit, left it drawing the line
/// twice over after `fg`. False once, after such a stop, so that the caller checks again; a
/// SIGTTOU that is ignored, blocked or discarded (an orphaned group) stops nothing, and then
/// the modes are set as before.
static int in_foreground_once(void) {
    static int stopped_once = 0;
    if (!terminal_saved || tcgetpgrp(STDIN_FILENO) == getpgrp() || stopped_once) {
        stopped_once = 0;
        return 1;
    }
    struct sigaction current;
    sigset_t blocked;
    if (sigaction(SIGTTOU, NULL, &current) != 0 || current.sa_handler != SIG_DFL) return 1;
    if (pthread_sigmask(SIG_BLOCK, NULL, &blocked) != 0 || sigismember(&blocked, SIGTTOU)) return 1;
    stopped_once = 1;
    kill(getpid(), SIGTTOU);
    return 0;
}

/// Waits until stdin has a byte; returns 0, or -1 with errno EINTR once SIGINT has arrived.
static int wait_for_input(EditLine *el) {
    take_back_signals();
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    for (;;) {
        if (sigcont_seen) {
            cedit *c = editor_of(el);
            if (c && c->editing && !in_foreground_once()) continue;  // stopped there until `fg`
            sigcont_seen = 0;
            if (c && c->editing) {
                // Whatever the terminal was set to while this process was stopped (the shell's
                // own modes), raw mode again: libedit believes it never left it.
                el_set(el, EL_PREP_TERM, 0);
                el_set(el, EL_PREP_TERM, 1);
                el_set(el, EL_REFRESH);
            } else if (c) {
                // Reading plain lines (`casebook > out.txt`), libedit's refresh would write the
                // prompt into the output; the plain prompt goes where it went before.
                show_plain_prompt(c);
            }
        }
        pthread_sigmask(SIG_BLOCK, &block, &old);
        if (sigint_seen) {
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            errno = EINTR;
            return -1;
        }
        sigset_t waiting = old;
        sigdelset(&waiting, SIGINT);
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN, .revents = 0};
        int ready = ppoll(&p, 1, NULL, &waiting);
        int e = errno;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (ready > 0) return 0;
        if (ready < 0 && e != EINTR) return 0;  // let read() report the error
    }
}

static int read_char(EditLine *el, wchar_t *out) {
    wchar_t code = 0;
    int need = 0, have = 0;
    for (;;) {
        unsigned char b;
        if (wait_for_input(el) < 0) {
            *out = 0;
            return -1;
        }
        ssize_t n = read(STDIN_FILENO, &b, 1);
        if (n == 0) {
            *out = 0;
            return 0;
        }
        if (n < 0) {
            if (errno == EINTR) continue;  // wait_for_input decides whether it was Ctrl-C
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                // Someone left stdin non-blocking; make it blocking again and carry on.
                fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) & ~O_NONBLOCK);
                continue;
            }
            *out = 0;
            return -1;
        }
    again:
        if (have == 0) {
            if (b < 0x80) {
                *out = (wchar_t)b;
                return 1;
            } else if ((b & 0xE0) == 0xC0) {
                need = 2, code = b & 0x1F;
            } else if ((b & 0xF0) == 0xE0) {
                need = 3, code = b & 0x0F;
            } else if ((b & 0xF8) == 0xF0) {
                need = 4, code = b & 0x07;
            } else {
                continue;  // a stray continuation byte or an invalid lead byte: drop it
            }
            have = 1;
        } else if ((b & 0xC0) != 0x80) {
            have = 0;  // the sequence broke off: drop it and read this byte afresh
            goto again;
        } else {
            code = (code << 6) | (b & 0x3F);
            if (++have == need) {
                *out = code;
                return 1;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Prompt and completion callbacks: libedit passes only the EditLine, so the wrapper is found
// through EL_CLIENTDATA.

static cedit *editor_of(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return (cedit *)data;
}

static char *prompt_of(EditLine *el) {
    cedit *c = editor_of(el);
    return c && c->prompt ? c->prompt : (char *)"";
}

static unsigned char complete(EditLine *el, int ch) {
    (void)ch;
    cedit *c = editor_of(el);
    if (!c || !c->complete) return CC_ERROR;
    const LineInfo *info = el_line(el);
    size_t length = (size_t)(info->cursor - info->buffer);
    char *before = malloc(length + 1);
    if (!before) return CC_ERROR;
    memcpy(before, info->buffer, length);
    before[length] = '\0';
    char *listing = NULL;
    char *insert = c->complete(c->complete_context, before, &listing);
    free(before);

    unsigned char result = CC_REFRESH_BEEP;
    if (insert && *insert) {
        if (el_insertstr(el, insert) == 0) result = CC_REFRESH;
    }
    if (listing) {
        // Candidates go under the line; CC_REDISPLAY then draws the prompt and line afresh.
        fputs("\n", stdout);
        fputs(listing, stdout);
        fflush(stdout);
        result = CC_REDISPLAY;
    }
    free(insert);
    free(listing);
    return result;
}

/// The marks a terminal puts around pasted text in bracketed-paste mode (`ESC [200~` and
/// `ESC [201~`): nothing to do. casebook never asks for that mode, but a program before it may
/// have left it on, and libedit, which does not know the marks, typed "00~" and "01~" into the
/// line around every paste.
static unsigned char ignore_paste_mark(EditLine *el, int ch) {
    (void)el;
    (void)ch;
    return CC_NORM;
}

// ---------------------------------------------------------------------------------------------
// The editor

/// libedit edits non-ASCII text only under a UTF-8 LC_CTYPE; Swift programs start in "C".
static void use_utf8_ctype(void) {
    const char *set = setlocale(LC_CTYPE, "");
    const char *codeset = set ? nl_langinfo(CODESET) : NULL;
    if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return;
    if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "C.utf8");
}

cedit *cedit_open(const char *program_name) {
    use_utf8_ctype();
    cedit *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->editing = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    if (!terminal_saved && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_terminal) == 0) terminal_saved = 1;
    c->history = history_init();
    c->el = el_init(program_name, stdin, stdout, stderr);
    if (!c->history || !c->el) {
        cedit_close(c);
        return NULL;
    }
    history(c->history, &c->event, H_SETSIZE, 1000);
    // Typing the same entry twice in a row keeps one history entry, like bash's ignoredups.
    history(c->history, &c->event, H_SETUNIQUE, 1);

    struct sigaction cont;
    memset(&cont, 0, sizeof cont);
    cont.sa_handler = on_sigcont;
    sigemptyset(&cont.sa_mask);
    cont.sa_flags = SA_RESTART;
    sigaction(SIGCONT, &cont, NULL);
    sigtstp_ours = 1;

    el_set(c->el, EL_CLIENTDATA, (void *)c);
    el_set(c->el, EL_EDITOR, "emacs");
    el_set(c->el, EL_SIGNAL, 1);
    el_set(c->el, EL_GETCFN, read_char);
    el_set(c->el, EL_PROMPT_ESC, prompt_of, '\1');
    el_set(c->el, EL_HIST, history, c->history);

    el_set(c->el, EL_ADDFN, "casebook-complete", "Complete a command, relation, column, name or file", complete);
    el_set(c->el, EL_BIND, "^I", "casebook-complete", NULL);
    // Ctrl-R searches history backwards as you type, as in bash, psql and sqlite3.
    el_set(c->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_set(c->el, EL_BIND, "^S", "em-inc-search-next", NULL);
    // Ctrl-W deletes the word before the cursor (libedit's emacs default kills the region).
    el_set(c->el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
    // Keys terminals send that libedit does not always bind: Ctrl-arrows, Home, End, Delete.
    el_set(c->el, EL_BIND, "\033[1;5D", "ed-prev-word", NULL);
    el_set(c->el, EL_BIND, "\033[1;5C", "em-next-word", NULL);
    el_set(c->el, EL_BIND, "\033[H", "ed-move-to-beg", NULL);
    el_set(c->el, EL_BIND, "\033[F", "ed-move-to-end", NULL);
    el_set(c->el, EL_BIND, "\033[1~", "ed-move-to-beg", NULL);
    el_set(c->el, EL_BIND, "\033[4~", "ed-move-to-end", NULL);
    el_set(c->el, EL_BIND, "\033[3~", "ed-delete-next-char", NULL);

    el_set(c->el, EL_ADDFN, "casebook-paste-mark", "Ignore a bracketed-paste mark", ignore_paste_mark);
    el_set(c->el, EL_BIND, "\033[200~", "casebook-paste-mark", NULL);
    el_set(c->el, EL_BIND, "\033[201~", "casebook-paste-mark", NULL);
    // The user's ~/.editrc (or $EDITRC) comes last, so their own bindings win.
    el_source(c->el, NULL);
    return c;
}

void cedit_close(cedit *c) {
    if (c->el) el_end(c->el);
    if (c->history) history_end(c->history);
    free(c->prompt);
    free(c->line);
    free(c);
}

void cedit_set_prompt(cedit *c, const char *prompt) {
    char *copy = strdup(prompt);
    if (!copy) return;
    free(c->prompt);
    c->prompt = copy;
}

/// The prompt without its invisible parts (escape sequences between the \1 marks), on standard
/// error when it is a terminal: for reading without editing, when libedit draws no prompt.
static void show_plain_prompt(const cedit *c) {
    if (!c->prompt || !isatty(STDERR_FILENO)) return;
    size_t n = strlen(c->prompt), used = 0;
    char *plain = malloc(n + 1);
    if (!plain) return;
    int hidden = 0;
    for (size_t k = 0; k < n; k++) {
        if (c->prompt[k] == '\1') {
            hidden = !hidden;
        } else if (!hidden) {
            plain[used++] = c->prompt[k];
        }
    }
    size_t done = 0;
    while (done < used) {
        ssize_t w = write(STDERR_FILENO, plain + done, used - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        done += (size_t)w;
    }
    free(plain);
}

int cedit_is_editing(const cedit *c) { return c->editing; }

const char *cedit_gets(cedit *c, cedit_status *status) {
    sigint_seen = 0;
    if (c->editing) {
        // Raw mode before the prompt is drawn, not after as el_gets does: keys typed the moment
        // the prompt appears (Ctrl-D, Ctrl-R, Ctrl-U, Ctrl-W) would otherwise reach the
        // terminal's own line editing, which swallows them.
        el_set(c->el, EL_PREP_TERM, 1);
    } else {
        // Not editing, libedit reads plain lines: the terminal's own line mode must stay, or
        // nothing typed is echoed and Ctrl-D is read as a character. (A stop before this prompt
        // needs no second one.)
        sigcont_seen = 0;
        show_plain_prompt(c);
    }
    int count = 0;
    const char *line = el_gets(c->el, &count);
    if (!line || count <= 0) {
        if (cedit_take_sigint()) {
            *status = CEDIT_INTERRUPTED;
        } else if (count == 0) {
            *status = CEDIT_EOF;
        } else {
            *status = CEDIT_ERROR;
        }
        return NULL;
    }
    free(c->line);
    c->line = strdup(line);
    if (!c->line) {
        *status = CEDIT_ERROR;
        return NULL;
    }
    size_t n = strlen(c->line);
    while (n > 0 && (c->line[n - 1] == '\n' || c->line[n - 1] == '\r')) c->line[--n] = '\0';
    *status = CEDIT_LINE;
    return c->line;
}

void cedit_history_set_size(cedit *c, int size) { history(c->history, &c->event, H_SETSIZE, size); }

void cedit_history_add(cedit *c, const char *line) { history(c->history, &c->event, H_ENTER, line); }

void cedit_history_clear(cedit *c) { history(c->history, &c->event, H_CLEAR); }

void cedit_set_completer(cedit *c, cedit_complete_fn complete, void *context) {
    c->complete = complete;
    c->complete_context = context;
}

int cedit_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 0;
}
