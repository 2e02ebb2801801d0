package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// scheduleData is a schedule as read for one visible range.
type scheduleData struct {
	title     string
	createdBy workspace.MemberID
	shifts    []workspace.Shift
	events    map[string]workspace.CalendarEvent
	occs      []workspace.Occurrence
	conflicts []workspace.Conflict
	from, to  time.Time
}

// scheduleView shows a schedule by week or month: shifts with their places,
// events, stand-in requests, and conflicts with a way to resolve them.
type scheduleView struct {
	u  *UI
	id string

	title     *widget.Label
	mode      *widget.RadioGroup
	rangeText *widget.Label
	onlyMine  *widget.Check
	conflicts *fyne.Container
	grid      *fyne.Container
	scroll    *container.Scroll
	todayRow  fyne.CanvasObject // today's row in the week view, if shown
	scrolled  bool              // scrolled to today once

	anchor time.Time // the first day of the week or month shown
	// focus is the day the member is looking at (today, a picked date, a
	// shift): switching between week and month keeps it, so opening the
	// month on 2 December shows December, not the month of that week's
	// Monday.
	focus time.Time
	data  *scheduleData
	gen   int
	// cards are the shift cards drawn, by shift ID (for tests).
	cards map[string]*shiftCard
	root  fyne.CanvasObject
}

const (
	modeWeek  = "Week"
	modeMonth = "Month"
)

func newScheduleView(u *UI, id string) *scheduleView {
	now := u.now()
	v := &scheduleView{u: u, id: id, anchor: weekStart(now), focus: weekdayStart(now)}
	v.title = heading("")
	v.mode = widget.NewRadioGroup([]string{modeWeek, modeMonth}, func(string) { v.setAnchor(v.focus) })
	v.mode.Horizontal = true
	v.mode.Required = true
	v.mode.Selected = modeWeek
	v.rangeText = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.onlyMine = widget.NewCheck("Only my shifts", func(bool) { v.render() })
	prev := button("", theme.NavigateBackIcon(), widget.LowImportance, func() { v.step(-1) })
	next := button("", theme.NavigateNextIcon(), widget.LowImportance, func() { v.step(1) })
	today := button("Today", nil, widget.LowImportance, func() { v.setAnchor(v.u.now()) })
	addShift := button("Add shift", theme.ContentAddIcon(), widget.MediumImportance, func() { v.shiftForm() })
	addEvent := button("Add event", theme.CalendarIcon(), widget.MediumImportance, func() { v.eventForm(nil, time.Time{}) })
	export := button("Export .ics", theme.DownloadIcon(), widget.LowImportance, v.exportICS)
	v.conflicts = container.NewVBox()
	v.grid = container.NewVBox()
	toolbar := container.NewVBox(
		container.NewHBox(v.mode, prev, today, next, v.rangeText),
		container.NewHBox(v.onlyMine, addShift, addEvent, export))
	v.scroll = scroller(container.NewPadded(v.grid))
	v.root = container.NewBorder(container.NewVBox(container.NewPadded(v.title), toolbar, v.conflicts), nil, nil, nil, v.scroll)
	return v
}

func (v *scheduleView) object() fyne.CanvasObject { return v.root }
func (v *scheduleView) docID() string             { return v.id }
func (v *scheduleView) closeView()                {}

// weekStart is the Monday of t's week, at local midnight.
func weekStart(t time.Time) time.Time {
	t = t.Local()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// monthStart is the first of t's month, at local midnight.
func monthStart(t time.Time) time.Time {
	t = t.Local()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.Local)
}

// visible is the range shown: a week, or the weeks covering a month.
func (v *scheduleView) visible() (from, to time.Time) {
	if v.mode.Selected == modeMonth {
		from = weekStart(monthStart(v.anchor))
		end := monthStart(v.anchor).AddDate(0, 1, 0)
		to = weekStart(end.Add(-time.Hour)).AddDate(0, 0, 7)
		return from, to
	}
	return v.anchor, v.anchor.AddDate(0, 0, 7)
}

func (v *scheduleView) setAnchor(t time.Time) {
	v.focus = weekdayStart(t)
	if v.mode.Selected == modeMonth {
		v.anchor = monthStart(t)
	} else {
		v.anchor = weekStart(t)
	}
	v.reload()
}

// step moves a week or a month. Moving a month keeps the day of the month
// where it exists (31 January moves to the last day of February), so the
// focus never skips a month.
func (v *scheduleView) step(dir int) {
	if v.mode.Selected == modeMonth {
		first := monthStart(v.focus).AddDate(0, dir, 0)
		day := v.focus.Day()
		if last := first.AddDate(0, 1, -1).Day(); day > last {
			day = last
		}
		v.setAnchor(first.AddDate(0, 0, day-1))
	} else {
		v.setAnchor(v.focus.AddDate(0, 0, 7*dir))
	}
}

func (v *scheduleView) reload() {
	c, id := v.u.coop, v.id
	from, to := v.visible()
	fetch(v.u, &v.gen, func() (*scheduleData, error) {
		s, err := c.Schedule(id)
		if err != nil {
			return nil, err
		}
		h, err := s.Header()
		if err != nil {
			return nil, err
		}
		d := &scheduleData{title: h.Title, createdBy: h.CreatedBy, from: from, to: to, events: map[string]workspace.CalendarEvent{}}
		if d.shifts, err = s.Shifts(); err != nil {
			return nil, err
		}
		evs, err := s.Events()
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			d.events[e.ID] = e
		}
		if d.occs, err = s.Occurrences(from, to); err != nil {
			return nil, err
		}
		d.conflicts, err = s.Conflicts()
		return d, err
	}, func(d *scheduleData, err error) {
		if err != nil {
			v.title.SetText("This schedule cannot be shown")
			v.grid.Objects = []fyne.CanvasObject{para(friendly(err))}
			v.grid.Refresh()
			return
		}
		v.data = d
		v.render()
	})
}

// render draws the header, the conflicts and the grid.
func (v *scheduleView) render() {
	d := v.data
	if d == nil {
		return
	}
	v.title.SetText(d.title)
	if v.mode.Selected == modeMonth {
		v.rangeText.SetText(monthStart(v.anchor).Format("January 2006"))
	} else {
		last := v.anchor.AddDate(0, 0, 6)
		v.rangeText.SetText(v.anchor.Format("2 Jan") + " – " + last.Format("2 Jan 2006"))
	}
	v.renderConflicts()
	v.cards = map[string]*shiftCard{}
	v.todayRow = nil
	if v.mode.Selected == modeMonth {
		v.grid.Objects = []fyne.CanvasObject{v.monthGrid()}
	} else {
		v.grid.Objects = v.weekRows()
	}
	v.grid.Refresh()
	// The first time the week with today is shown, today is at the top.
	if row := v.todayRow; row != nil && !v.scrolled {
		v.scrolled = true
		v.u.run.after(100*time.Millisecond, func() { // once laid out
			v.scroll.Offset = fyne.NewPos(0, row.Position().Y)
			v.scroll.Refresh()
		})
	}
}

// shiftsOn lists the shifts starting on a local day, filtered.
func (v *scheduleView) shiftsOn(day time.Time) []workspace.Shift {
	next := day.AddDate(0, 0, 1)
	var out []workspace.Shift
	for _, sh := range v.data.shifts {
		st := sh.Start.Local()
		if st.Before(day) || !st.Before(next) {
			continue
		}
		if v.onlyMine.Checked && !sh.Has(v.u.me()) {
			continue
		}
		out = append(out, sh)
	}
	return out
}

// occsOn lists the event occurrences overlapping a local day.
func (v *scheduleView) occsOn(day time.Time) []workspace.Occurrence {
	next := day.AddDate(0, 0, 1)
	var out []workspace.Occurrence
	for _, o := range v.data.occs {
		if o.Start.Before(next) && o.End.After(day) {
			out = append(out, o)
		}
	}
	return out
}

// inConflict reports whether a shift is part of a conflict.
func (v *scheduleView) inConflict(id string) bool {
	for _, c := range v.data.conflicts {
		for _, s := range c.Shifts {
			if s == id {
				return true
			}
		}
	}
	return false
}
