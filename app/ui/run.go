package ui

import (
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/mutual-coop/mutual/app/workspace"
)

// AppID is the application ID (FyneApp.toml), under which Fyne keeps the
// window's preferences.
const AppID = "coop.mutual.app"

// Run opens the window on an open workspace and returns when it closes.
// MUTUAL_SCREEN chooses the first screen (proposals, schedules, agreements,
// members, sync), as `make screenshots` does.
func Run(ws *workspace.Workspace) error {
	return RunWith(ws, Options{Screen: os.Getenv("MUTUAL_SCREEN")})
}

// RunWith is Run with options.
func RunWith(ws *workspace.Workspace, opts Options) error {
	a := app.NewWithID(AppID)
	a.SetIcon(appIcon)
	w := a.NewWindow("Mutual")
	w.SetIcon(appIcon)
	w.Resize(fyne.NewSize(1180, 760))
	r := newFyneRunner()
	u := newUI(a, w, ws, r, opts)
	w.SetMaster()
	w.SetOnClosed(func() { r.closed.Store(true) })
	u.start(true)
	// Ctrl-C or a polite kill closes the window the normal way, so typing
	// is saved and the data directory is closed cleanly.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	u.closing = true // save what is being typed before the workspace closes
	u.close()
	return nil
}
