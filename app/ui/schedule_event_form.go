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

// Repeat choices for events, as iCalendar rules.
var repeats = []struct{ label, rule string }{
	{"Does not repeat", ""},
	{"Every day", "FREQ=DAILY"},
	{"Every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
	{"Every week", "FREQ=WEEKLY"},
	{"Every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"},
	{"Every month", "FREQ=MONTHLY"},
	{"Custom rule", ""},
}

func repeatLabels() []string {
	var out []string
	for _, r := range repeats {
		out = append(out, r.label)
	}
	return out
}

// eventForm adds or edits an event, with its recurrence.
type eventForm struct {
	title, location, date, start, end, until, rule, desc *widget.Entry
	allDay, nextDay                                      *widget.Check
	repeat                                               *widget.Select
	save                                                 *widget.Button
	dlg                                                  dialog.Dialog
}

// eventForm opens the event editor; ev nil adds a new event, and at is the
// occurrence that was tapped (for "skip this date").
func (v *scheduleView) eventForm(ev *workspace.CalendarEvent, at time.Time) {
	f := &eventForm{title: widget.NewEntry(), location: widget.NewEntry(), date: widget.NewEntry(), start: widget.NewEntry(),
		end: widget.NewEntry(), until: widget.NewEntry(), rule: widget.NewEntry(), desc: widget.NewMultiLineEntry()}
	f.allDay = widget.NewCheck("All day", nil)
	f.nextDay = widget.NewCheck(nextDayLabel, nil)
	f.repeat = widget.NewSelect(repeatLabels(), func(s string) { enable(f.rule, s == "Custom rule") })
	f.date.SetPlaceHolder("YYYY-MM-DD")
	f.until.SetPlaceHolder("YYYY-MM-DD (optional)")
	f.rule.SetPlaceHolder("FREQ=MONTHLY;BYDAY=1TU")
	day := v.anchor
	if !at.IsZero() {
		day = at
	}
	f.date.SetText(day.Local().Format("2006-01-02"))
	f.start.SetText("19:00")
	f.end.SetText("20:00")
	f.repeat.SetSelected(repeats[0].label)
	heading := "Add an event"
	if ev != nil {
		heading = "Edit event"
		f.fill(*ev)
	}
	v.u.shell.eventForm = f
	f.save = button("Save", theme.DocumentSaveIcon(), widget.HighImportance, func() { v.saveEvent(f, ev) })
	buttons := []fyne.CanvasObject{button("Cancel", theme.CancelIcon(), widget.LowImportance, func() { f.dlg.Hide() })}
	if ev != nil {
		id := ev.ID
		buttons = append(buttons, button("Delete event", theme.DeleteIcon(), widget.DangerImportance, func() {
			f.dlg.Hide()
			v.u.do("delete the event", func() error { return v.u.coop.DeleteEvent(v.id, id) }, nil)
		}))
		if ev.RRule != "" && !at.IsZero() {
			buttons = append(buttons, button("Skip this date", theme.ContentRemoveIcon(), widget.MediumImportance, func() {
				f.dlg.Hide()
				v.u.do("skip the date", func() error { return v.u.coop.SkipOccurrence(v.id, id, at) }, nil)
			}))
		}
	}
	buttons = append(buttons, f.save)
	form := widget.NewForm(
		widget.NewFormItem("Title", f.title), widget.NewFormItem("Where", f.location),
		widget.NewFormItem("Date", f.date), widget.NewFormItem("", f.allDay),
		widget.NewFormItem("Starts", f.start), widget.NewFormItem("Ends", f.end), widget.NewFormItem("", f.nextDay),
		widget.NewFormItem("Repeats", f.repeat), widget.NewFormItem("Rule", f.rule), widget.NewFormItem("Until", f.until),
		widget.NewFormItem("Notes", f.desc))
	f.dlg = dialog.NewCustomWithoutButtons(heading, container.NewBorder(nil, container.NewHBox(buttons...), nil, nil, form), v.u.win)
	f.dlg.Resize(fyne.NewSize(560, 560))
	f.dlg.Show()
}

// fill shows an event in the form.
func (f *eventForm) fill(e workspace.CalendarEvent) {
	f.title.SetText(e.Title)
	f.location.SetText(e.Location)
	f.desc.SetText(e.Description)
	f.date.SetText(e.Start.Local().Format("2006-01-02"))
	f.start.SetText(clock(e.Start))
	f.end.SetText(clock(e.End))
	f.allDay.SetChecked(e.AllDay)
	f.nextDay.SetChecked(!e.AllDay && weekdayStart(e.End).After(weekdayStart(e.Start)))
	rule, until, _ := strings.Cut(e.RRule, ";UNTIL=")
	if i := strings.Index(until, ";"); i >= 0 {
		rule += until[i:]
		until = until[:i]
	}
	if t, err := time.Parse("20060102T150405Z", until); err == nil {
		f.until.SetText(t.Local().Format("2006-01-02"))
	}
	f.repeat.SetSelected("Custom rule")
	f.rule.SetText(e.RRule)
	for _, r := range repeats[:len(repeats)-1] {
		if r.rule == rule {
			f.repeat.SetSelected(r.label)
			f.rule.SetText("")
		}
	}
}

// spec reads the form as an event in local time (its zone is named off the
// UI goroutine, when saving: naming it may read a file).
func (f *eventForm) spec() (workspace.EventSpec, error) {
	s := workspace.EventSpec{Title: strings.TrimSpace(f.title.Text), Location: f.location.Text, Description: f.desc.Text,
		AllDay: f.allDay.Checked}
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(f.date.Text), time.Local)
	if err != nil {
		return s, fmt.Errorf("write the date like 2025-03-14")
	}
	if s.AllDay {
		s.Start, s.End = day, day.AddDate(0, 0, 1)
	} else {
		if s.Start, s.End, err = formSpan(day, f.start.Text, f.end.Text, f.nextDay.Checked); err != nil {
			return s, err
		}
	}
	for _, r := range repeats {
		if r.label == f.repeat.Selected {
			s.RRule = r.rule
		}
	}
	if f.repeat.Selected == "Custom rule" {
		s.RRule = strings.TrimSpace(f.rule.Text)
	}
	if u := strings.TrimSpace(f.until.Text); u != "" && s.RRule != "" {
		t, err := time.ParseInLocation("2006-01-02", u, time.Local)
		if err != nil {
			return s, fmt.Errorf("write the end of the repeats like 2025-12-31")
		}
		s.RRule += ";UNTIL=" + t.AddDate(0, 0, 1).Add(-time.Second).UTC().Format("20060102T150405Z")
	}
	return s, nil
}

// atClock is "HH:MM" on a local day.
func atClock(day time.Time, hhmm string) (time.Time, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(hhmm))
	if err != nil {
		return time.Time{}, fmt.Errorf("write times like 19:30, not %q", hhmm)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, time.Local), nil
}

func (v *scheduleView) saveEvent(f *eventForm, ev *workspace.CalendarEvent) {
	spec, err := f.spec()
	if err != nil {
		v.u.showError("Could not save the event", err)
		return
	}
	c, id := v.u.coop, v.id
	v.u.do("save the event", func() error {
		spec.TimeZone = workspace.LocalZone() // repeats keep local wall-clock time
		if ev != nil {
			return c.EditEvent(id, ev.ID, spec)
		}
		_, err := c.AddEvent(id, spec)
		return err
	}, func() { f.dlg.Hide() })
}
