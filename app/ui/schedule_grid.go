package ui

import (
	"fmt"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// monthCellItems is how many entries a month cell lists before "+N more".
const monthCellItems = 3

// weekRows draws a week as one row per day, each with its events and shift
// cards side by side.
func (v *scheduleView) weekRows() []fyne.CanvasObject {
	today := weekdayStart(v.u.now())
	var rows []fyne.CanvasObject
	for i := 0; i < 7; i++ {
		day := v.anchor.AddDate(0, 0, i)
		label := widget.NewLabelWithStyle(day.Format("Mon")+"\n"+day.Format("2 Jan"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		if day.Equal(today) {
			label.Importance = widget.HighImportance
			label.SetText("Today\n" + day.Format("2 Jan"))
		}
		var items []fyne.CanvasObject
		for _, o := range v.occsOn(day) {
			items = append(items, v.eventCard(o))
		}
		for _, sh := range v.shiftsOn(day) {
			c := newShiftCard(v, sh)
			v.cards[sh.ID] = c
			items = append(items, c.object())
		}
		var body fyne.CanvasObject = note("Nothing planned.")
		if len(items) > 0 {
			body = container.NewGridWithColumns(3, items...)
		}
		row := container.NewBorder(nil, nil, container.New(&minWidth{w: 70}, label), nil, body)
		if day.Equal(today) {
			v.todayRow = row
		}
		rows = append(rows, row, widget.NewSeparator())
	}
	return rows
}

// weekdayStart is local midnight of t's day.
func weekdayStart(t time.Time) time.Time {
	t = t.Local()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.Local)
}

// eventCard is an event occurrence; tapping it opens the event to edit.
func (v *scheduleView) eventCard(o workspace.Occurrence) fyne.CanvasObject {
	when := clock(o.Start) + "–" + clock(o.End)
	if o.AllDay {
		when = "All day"
	}
	text := when + "\n" + o.Title
	if o.Location != "" {
		text += "\n" + o.Location
	}
	ev, known := v.data.events[o.EventID]
	b := widget.NewButtonWithIcon(text, theme.CalendarIcon(), func() {
		if known {
			v.eventForm(&ev, o.Start)
		}
	})
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	return tinted(theme.ColorNamePrimary, b)
}

// monthGrid draws a month as a grid of days with their entries; a day opens
// its week.
func (v *scheduleView) monthGrid() fyne.CanvasObject {
	from, to := v.visible()
	month := monthStart(v.anchor).Month()
	today := weekdayStart(v.u.now())
	var head, cells []fyne.CanvasObject
	for _, d := range []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"} {
		head = append(head, widget.NewLabelWithStyle(d, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		cells = append(cells, v.monthCell(day, day.Month() == month, day.Equal(today)))
	}
	return container.NewVBox(container.NewGridWithColumns(7, head...), container.NewGridWithColumns(7, cells...))
}

type monthEntry struct {
	at    time.Time
	text  string
	color fyne.ThemeColorName
}

func (v *scheduleView) monthCell(day time.Time, inMonth, today bool) fyne.CanvasObject {
	num := widget.NewLabelWithStyle(fmt.Sprint(day.Day()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if !inMonth {
		num.Importance = widget.LowImportance
	}
	if today {
		num.Importance = widget.HighImportance
	}
	var entries []monthEntry
	for _, o := range v.occsOn(day) {
		entries = append(entries, monthEntry{o.Start, clock(o.Start) + " " + o.Title, theme.ColorNameForeground})
	}
	conflict := false
	for _, sh := range v.shiftsOn(day) {
		color := theme.ColorNameForeground
		text := fmt.Sprintf("%s %s %d/%d", clock(sh.Start), sh.Role, len(sh.SignUps), sh.Capacity)
		switch {
		case v.inConflict(sh.ID):
			color, conflict = theme.ColorNameError, true
		case sh.Has(v.u.me()):
			color, text = theme.ColorNamePrimary, "★ "+text
		}
		entries = append(entries, monthEntry{sh.Start, text, color})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].at.Before(entries[j].at) })
	// One rich text for all lines: labels would each add their padding.
	var lines []widget.RichTextSegment
	for i, e := range entries {
		if i == monthCellItems {
			e = monthEntry{text: fmt.Sprintf("+%d more", len(entries)-monthCellItems), color: theme.ColorNameForeground}
		}
		lines = append(lines, &widget.TextSegment{Text: e.text,
			Style: widget.RichTextStyle{ColorName: e.color, SizeName: theme.SizeNameCaptionText}})
		if i == monthCellItems {
			break
		}
	}
	text := widget.NewRichText(lines...)
	text.Truncation = fyne.TextTruncateEllipsis
	items := []fyne.CanvasObject{num, text}
	open := widget.NewButton("", func() {
		v.mode.SetSelected(modeWeek)
		v.setAnchor(day)
	})
	open.Importance = widget.LowImportance
	cell := container.NewStack(open, container.NewVBox(items...))
	if conflict {
		return tinted(theme.ColorNameError, cell)
	}
	return cell
}
