package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// meetingForm calls a meeting: title, day and time, place, chair and
// note-taker. Its agenda starts with the last minutes to approve and the
// open actions, which the workspace adds.
type meetingForm struct {
	title, place, start, end *widget.Entry
	date                     *widget.DateEntry
	chair, notes             *widget.Select
	create                   *widget.Button
	dlg                      dialog.Dialog
	byName                   map[string]workspace.MemberID
}

const nobody = "(nobody yet)"

func (u *UI) newMeetingForm() {
	f := &meetingForm{title: widget.NewEntry(), place: widget.NewEntry(), start: widget.NewEntry(), end: widget.NewEntry(),
		date: widget.NewDateEntry(), byName: map[string]workspace.MemberID{}}
	f.title.SetPlaceHolder("e.g. March general meeting")
	f.place.SetPlaceHolder("e.g. The back room")
	f.start.SetText("18:00")
	f.end.SetText("20:00")
	day := u.now().AddDate(0, 0, 7)
	f.date.SetDate(&day)
	var names []string
	if u.roster != nil {
		for _, m := range u.roster.Members {
			if m.Active() {
				f.byName[m.Name] = m.ID
				names = append(names, m.Name)
			}
		}
	}
	f.chair = widget.NewSelect(names, nil)
	f.notes = widget.NewSelect(append([]string{nobody}, names...), nil)
	if m, ok := u.roster.Member(u.me()); ok {
		f.chair.SetSelected(m.Name)
	}
	f.notes.SetSelected(nobody)
	f.create = button("Call the meeting", theme.ConfirmIcon(), widget.HighImportance, func() { f.submit(u) })
	cancel := button("Cancel", theme.CancelIcon(), widget.LowImportance, func() { f.dlg.Hide() })
	form := widget.NewForm(widget.NewFormItem("Title", f.title), widget.NewFormItem("Day", f.date),
		widget.NewFormItem("Starts", f.start), widget.NewFormItem("Ends", f.end), widget.NewFormItem("Where", f.place),
		widget.NewFormItem("Chair", f.chair), widget.NewFormItem("Notes by", f.notes))
	f.dlg = dialog.NewCustomWithoutButtons("New meeting", container.NewBorder(nil, container.NewHBox(cancel, f.create), nil, nil, form), u.win)
	f.dlg.Resize(fyne.NewSize(560, 460))
	u.shell.meetingForm = f
	f.dlg.Show()
	u.win.Canvas().Focus(f.title)
}

// spec reads the form; an error says what to fix.
func (f *meetingForm) spec() (workspace.MeetingSpec, error) {
	s := workspace.MeetingSpec{Title: strings.TrimSpace(f.title.Text), Place: strings.TrimSpace(f.place.Text)}
	if s.Title == "" {
		return s, fmt.Errorf("give the meeting a title")
	}
	if f.date.Date == nil {
		return s, fmt.Errorf("choose the day of the meeting")
	}
	at := func(hhmm string) (time.Time, error) {
		t, err := time.Parse("15:04", strings.TrimSpace(hhmm))
		if err != nil {
			return time.Time{}, fmt.Errorf("write times as 18:30")
		}
		d := *f.date.Date
		return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, time.Local), nil
	}
	var err error
	if s.Start, err = at(f.start.Text); err != nil {
		return s, err
	}
	if strings.TrimSpace(f.end.Text) != "" {
		if s.End, err = at(f.end.Text); err != nil {
			return s, err
		}
	}
	s.Chair = f.byName[f.chair.Selected]
	s.NoteTaker = f.byName[f.notes.Selected]
	return s, nil
}

func (f *meetingForm) submit(u *UI) {
	spec, err := f.spec()
	if err != nil {
		u.showError("Could not call the meeting", err)
		return
	}
	c := u.coop
	f.create.Disable()
	u.run.bg(func() {
		id, err := c.NewMeeting(spec)
		u.run.ui(func() {
			f.create.Enable()
			if err != nil {
				u.showError("Could not call the meeting", err)
				return
			}
			f.dlg.Hide()
			u.shell.opened(secMeetings, id)
		})
	})
}
