package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// liveEditor is the agreement's Markdown editor. Typing is saved a moment
// after the member pauses (debounce); a colleague's edit arriving meanwhile
// is merged into the text on screen without losing the member's words or
// moving their cursor:
//
//   - base is the body as last saved or read; the entry holds base plus the
//     member's unsaved typing.
//   - Saving sends (base, entry text): the workspace replays the member's
//     change onto the body as it is now (CommitAgreementText), so remote
//     edits in the document survive, and returns the merged body.
//   - A remote body arriving while the member has unsaved typing is merged
//     on screen the same way (workspace.MergeText), and saved at the next
//     pause; arriving while a save is under way it waits for the save.
//   - Whenever the text on screen is replaced, the cursor is carried
//     through the change (transformOffset).
type liveEditor struct {
	u  *UI
	id string

	entry *widget.Entry
	state *widget.Label

	base      string
	loaded    bool
	dirty     bool   // the entry holds typing not yet sent
	inFlight  bool   // a save is under way
	waiting   string // a remote body that arrived during a save
	hasWait   bool
	applying  bool // the editor itself is changing the entry's text
	stopTimer func()
	afterSave []func()
	// The save under way: what it sent, and a channel closed when it has
	// returned (with its error in flightErr), for the last save at exit.
	sent      string
	flight    chan struct{}
	flightErr error
	onText    func(string) // the preview follows the text
}

func newLiveEditor(u *UI, id string) *liveEditor {
	e := &liveEditor{u: u, id: id}
	e.entry = widget.NewMultiLineEntry()
	e.entry.Wrapping = fyne.TextWrapWord
	e.entry.SetMinRowsVisible(18)
	e.entry.OnChanged = e.typed
	e.state = note("")
	return e
}

// typed runs for every change the member makes.
func (e *liveEditor) typed(string) {
	if e.applying || !e.loaded {
		return
	}
	e.dirty = true
	e.state.SetText("Editing…")
	if e.stopTimer != nil {
		e.stopTimer()
	}
	e.stopTimer = e.u.run.after(e.u.debounce, func() {
		e.stopTimer = nil
		e.commit()
	})
}

// commit sends the member's typing.
func (e *liveEditor) commit() {
	if !e.dirty {
		if !e.inFlight {
			e.runAfterSave()
		}
		return
	}
	if e.inFlight {
		return // the running save commits again when it finishes
	}
	if e.stopTimer != nil {
		e.stopTimer()
		e.stopTimer = nil
	}
	c, id, base, mine := e.u.coop, e.id, e.base, e.entry.Text
	e.inFlight, e.dirty = true, false
	e.sent = mine
	flight := make(chan struct{})
	e.flight = flight
	e.state.SetText("Saving…")
	e.u.run.bg(func() {
		saved, err := c.CommitAgreementText(id, base, mine)
		e.flightErr = err
		close(flight)
		e.u.run.ui(func() {
			e.inFlight = false
			if err != nil {
				e.dirty = true
				e.state.SetText("Not saved: " + friendly(err))
				e.afterSave = nil
				return
			}
			e.saved(saved, mine)
		})
	})
}

// saved takes the body as saved, keeping what was typed while saving.
func (e *liveEditor) saved(body, sent string) {
	cur := e.entry.Text
	shown := body
	if cur != sent { // typed on while the save ran
		shown = workspace.MergeText(sent, cur, body)
		e.dirty = true
	}
	e.base = body
	e.apply(shown)
	if e.hasWait {
		w := e.waiting
		e.hasWait, e.waiting = false, ""
		e.remote(w)
	}
	if e.dirty {
		e.commit()
		return
	}
	e.state.SetText("All changes saved.")
	e.runAfterSave()
}

func (e *liveEditor) runAfterSave() {
	fns := e.afterSave
	e.afterSave = nil
	for _, fn := range fns {
		fn()
	}
}

// remote shows the body as the document now has it (after a colleague's
// edit, or the first read).
func (e *liveEditor) remote(body string) {
	switch {
	case !e.loaded:
		e.loaded = true
		e.base = body
		e.apply(body)
		e.state.SetText("Changes save as you type.")
	case body == e.base:
		// nothing new: typically the echo of our own save
	case e.inFlight:
		e.waiting, e.hasWait = body, true
	case e.dirty:
		merged := workspace.MergeText(e.base, e.entry.Text, body)
		e.base = body
		e.apply(merged)
	default:
		e.base = body
		e.apply(body)
	}
}

// apply replaces the text on screen, carrying the cursor through the change.
func (e *liveEditor) apply(text string) {
	old := e.entry.Text
	if old == text {
		return
	}
	pos := transformOffset(old, text, e.entry.CursorTextOffset())
	e.applying = true
	e.entry.SetText(text)
	e.applying = false
	setCursorOffset(e.entry, pos)
	if e.onText != nil {
		e.onText(text)
	}
}

// flush saves pending typing now and then runs fn (e.g. naming a version).
func (e *liveEditor) flush(fn func()) {
	if fn != nil {
		e.afterSave = append(e.afterSave, fn)
	}
	if !e.dirty && !e.inFlight {
		e.runAfterSave()
		return
	}
	e.commit()
}

// closeNow saves what is pending before returning: the window is closing.
// A save under way is waited for (briefly) so that this one builds on it.
func (e *liveEditor) closeNow() {
	if e.stopTimer != nil {
		e.stopTimer()
		e.stopTimer = nil
	}
	base := e.base
	if e.inFlight {
		select {
		case <-e.flight:
			if e.flightErr == nil {
				base = e.sent // saved: what remains is the typing since
			}
		case <-time.After(5 * time.Second):
		}
	}
	if !e.loaded || e.entry.Text == base {
		return
	}
	if _, err := e.u.coop.CommitAgreementText(e.id, base, e.entry.Text); err != nil {
		e.u.log.Error("unsaved agreement text lost at exit", "doc", e.id, "err", err)
	}
}

// close saves what is pending; the save finishes in the background.
func (e *liveEditor) close() {
	if e.stopTimer != nil {
		e.stopTimer()
		e.stopTimer = nil
	}
	if e.dirty {
		e.commit()
	}
}
