// Package cli is Mutual's command line: `mutual [global flags] COMMAND ...`.
// The same commands run in three ways: directly against a data directory;
// forwarded over the control socket to the Mutual process that holds the
// directory open (a window or `mutual serve`); and, on that process's side,
// executed for a forwarded request. Every error is one line on stderr with a
// non-zero exit; nothing panics at the user.
//
// Parsing is github.com/spf13/pflag: main.go takes the global flags from
// anywhere on the line (the data directory must be known before the
// workspace opens), each command parses its own flags with r.parse, and a
// new command is one register(&command{...}) in its own cmd_*.go file.
package cli
