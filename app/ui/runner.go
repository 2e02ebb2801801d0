package ui

import (
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// runner decides where work runs. The window uses fyneRunner; tests use a
// queue they drain themselves, the benchmarks a goroutine that plays the
// UI thread and measures how late it gets.
type runner interface {
	// ui runs fn on the UI goroutine.
	ui(fn func())
	// bg runs fn off the UI goroutine (disk, network).
	bg(fn func())
	// after runs fn on the UI goroutine once d has passed, unless stopped
	// first. A stop that races with the timer may still let fn run, so fn
	// checks that it is still wanted.
	after(d time.Duration, fn func()) (stop func())
}

// fyneRunner is the real thing: fyne.Do and goroutines. Once the window
// has closed, work for the UI goroutine is dropped: Fyne's event loop is
// shutting down and the views are gone.
type fyneRunner struct{ closed *atomic.Bool }

func newFyneRunner() fyneRunner { return fyneRunner{closed: new(atomic.Bool)} }

func (r fyneRunner) ui(fn func()) {
	if !r.closed.Load() {
		fyne.Do(fn)
	}
}

func (fyneRunner) bg(fn func()) { go fn() }

func (r fyneRunner) after(d time.Duration, fn func()) func() {
	t := time.AfterFunc(d, func() { r.ui(fn) })
	return func() { t.Stop() }
}
