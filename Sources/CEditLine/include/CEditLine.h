// A minimal C interface to libedit for the REPL. el_set() is variadic and cannot be called
// from Swift, so each setting the REPL needs has a small non-variadic wrapper here.
#ifndef CEDITLINE_H
#define CEDITLINE_H

/// Placeholder until the REPL lands: reports whether libedit is linked.
int cedit_available(void);

#endif
