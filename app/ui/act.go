package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/dialog"
)

// do runs an edit off the UI goroutine. A failure is shown to the member,
// titled with what they tried ("Could not vote"); on success done (if any)
// runs on the UI goroutine. Views refresh from the change event, not here.
func (u *UI) do(what string, fn func() error, done func()) {
	u.run.bg(func() {
		err := fn()
		u.run.ui(func() {
			if err != nil {
				u.showError("Could not "+what, err)
				return
			}
			if done != nil {
				done()
			}
		})
	})
}

// fetch reads off the UI goroutine and shows the result on it. gen guards
// against stale results: a fetch started earlier that finishes later is
// dropped when *gen moved on meanwhile.
func fetch[T any](u *UI, gen *int, read func() (T, error), show func(T, error)) {
	*gen++
	mine := *gen
	u.run.bg(func() {
		v, err := read()
		u.run.ui(func() {
			if *gen != mine {
				return
			}
			show(v, err)
		})
	})
}

// throttle runs fn once, d after the first request for key, however many
// requests arrive meanwhile: a burst of remote changes costs one refresh.
func (u *UI) throttle(key string, d time.Duration, fn func()) {
	if _, waiting := u.pending[key]; waiting {
		u.pending[key] = fn
		return
	}
	u.pending[key] = fn
	u.run.after(d, func() {
		f := u.pending[key]
		delete(u.pending, key)
		if f != nil {
			f()
		}
	})
}

// showError tells the member what went wrong, in a dialog.
func (u *UI) showError(title string, err error) {
	msg := friendly(err)
	u.log.Info("shown to member", "title", title, "err", err)
	if u.shell != nil {
		u.shell.lastError = title + ": " + msg
	}
	if u.first != nil {
		u.first.lastError = title + ": " + msg
	}
	dialog.ShowInformation(title, msg, u.win)
}

// friendly turns an error into a sentence for a member: the workspace's
// messages are written for people, but end in a technical category
// (": invalid", ": not allowed") that says nothing new.
func friendly(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	for _, suffix := range []string{": invalid", ": not allowed", ": not found", ": proposal is closed", ": already exists"} {
		msg = strings.TrimSuffix(msg, suffix)
	}
	var we interface{ Unwrap() []error }
	if errors.As(err, &we) && len(we.Unwrap()) > 1 {
		msg = strings.ReplaceAll(msg, "\n", "; ")
	}
	msg = sentence(msg)
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
