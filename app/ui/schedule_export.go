package ui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// exportICS saves the schedule as an iCalendar file the member can import
// into their own calendar.
func (v *scheduleView) exportICS() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			v.u.showError("Could not export", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		v.exportTo(w)
	}, v.u.win)
	name := "schedule"
	if v.data != nil {
		name = safeFileName(v.data.title)
	}
	d.SetFileName(name + ".ics")
	d.Show()
}

// exportTo writes the .ics off the UI goroutine and closes w.
func (v *scheduleView) exportTo(w io.WriteCloser) {
	c, id := v.u.coop, v.id
	v.u.do("export the calendar", func() error {
		data, err := c.Export(id, "ics")
		if err == nil {
			_, err = w.Write(data)
		}
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write the file: %w", cerr)
		}
		return err
	}, nil)
}

// safeFileName keeps letters, digits and a few separators.
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	if b.Len() == 0 {
		return "schedule"
	}
	return b.String()
}
