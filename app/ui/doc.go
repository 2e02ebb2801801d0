// Package ui is Mutual's desktop window, built with Fyne. It talks only to
// the workspace facade (app/workspace): it never touches storage, the
// network or documents' internals, which the root imports_test.go enforces.
//
// Everything that can take time — reading or saving a document, syncing,
// exporting — runs off the UI goroutine and hands its result back with
// fyne.Do, so the window never waits for a disk or a network. Workspace
// change events (a colleague's edit arriving by sync, a local edit from the
// command line) refresh the affected views, coalesced so that a burst of
// remote changes costs one redraw.
//
// Run opens the window. Tests build the same UI on Fyne's test driver with a
// runner that queues UI work, so every step is deterministic and race-free.
package ui
