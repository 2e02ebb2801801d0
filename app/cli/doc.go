// Package cli is Mutual's command line: `mutual [global flags] COMMAND ...`.
// The same commands run in three ways: directly against a data directory;
// forwarded over the control socket to the Mutual process that holds the
// directory open (a window or `mutual serve`); and, on that process's side,
// executed for a forwarded request. Every error is one line on stderr with a
// non-zero exit; nothing panics at the user.
package cli
