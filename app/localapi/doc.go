// Package localapi lets the command line reach the Mutual process that holds
// a data directory open (a desktop window or `mutual serve`), in the spirit
// of Tailscale's LocalAPI: Badger allows one process per directory, so a
// second `mutual new ...` forwards its arguments over a Unix socket in the
// data directory and prints what the running process answers.
//
// The socket is created owner-only (0600, in a 0700 directory) and, on
// Linux, each connection's peer credentials must match our own user.
package localapi
