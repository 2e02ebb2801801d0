// Package daemon is the one place that starts what runs behind a front end:
// the control socket that answers other `mutual` processes on the same data
// directory, then the sync node, then the front end itself (the window, the
// `serve` loop, a one-off join or sync), and stops them in the reverse order.
//
// The command line opens the store (every command needs it) and decides
// which front end to run; it never starts a socket or a node itself, so the
// order and the shutdown are the same for the window and for `serve`.
package daemon
