// Package workspace is the one facade every front end of Mutual uses — the
// desktop window, the command line, the local control socket and sync. It
// owns a data directory: the device identity, the co-ops this member belongs
// to and their documents, persisted through storage/ and edited through
// crdt/. It knows nothing of Fyne.
//
// Every edit is durable when the call returns: the change is appended to the
// store (fsynced) before the caller hears it worked, and a change event is
// published so that windows can refresh.
//
// The window imports only this package and Fyne, so the view types it needs
// are re-exported here as aliases (types.go).
package workspace
