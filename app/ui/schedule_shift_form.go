package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// shiftForm adds shifts: one, or the same shift weekly for some weeks.
type shiftForm struct {
	role, date, start, end, notes *widget.Entry
	capacity, weeks               *widget.Select
	nextDay                       *widget.Check
	save                          *widget.Button
	dlg                           dialog.Dialog
}

var weekChoices = []string{"Just once", "Weekly for 4 weeks", "Weekly for 8 weeks", "Weekly for 12 weeks"}

func (v *scheduleView) shiftForm() {
	f := &shiftForm{role: widget.NewEntry(), date: widget.NewEntry(), start: widget.NewEntry(), end: widget.NewEntry(), notes: widget.NewEntry()}
	f.role.SetPlaceHolder("e.g. Morning bake")
	f.date.SetText(v.anchor.Format("2006-01-02"))
	f.start.SetText("09:00")
	f.end.SetText("13:00")
	f.nextDay = widget.NewCheck(nextDayLabel, nil)
	var caps []string
	for i := 1; i <= 12; i++ {
		caps = append(caps, strconv.Itoa(i))
	}
	f.capacity = widget.NewSelect(caps, nil)
	f.capacity.SetSelected("2")
	f.weeks = widget.NewSelect(weekChoices, nil)
	f.weeks.SetSelected(weekChoices[0])
	f.save = button("Add", theme.ContentAddIcon(), widget.HighImportance, func() { v.saveShifts(f) })
	v.u.shell.shiftForm = f
	form := widget.NewForm(widget.NewFormItem("Role", f.role), widget.NewFormItem("Date", f.date),
		widget.NewFormItem("Starts", f.start), widget.NewFormItem("Ends", f.end), widget.NewFormItem("", f.nextDay),
		widget.NewFormItem("People needed", f.capacity), widget.NewFormItem("Repeat", f.weeks), widget.NewFormItem("Notes", f.notes))
	cancel := button("Cancel", theme.CancelIcon(), widget.LowImportance, func() { f.dlg.Hide() })
	f.dlg = dialog.NewCustomWithoutButtons("Add a shift", container.NewBorder(nil, container.NewHBox(cancel, f.save), nil, nil, form), v.u.win)
	f.dlg.Resize(fyne.NewSize(480, 420))
	f.dlg.Show()
}

func (f *shiftForm) specs() ([]workspace.ShiftSpec, error) {
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(f.date.Text), time.Local)
	if err != nil {
		return nil, fmt.Errorf("write the date like 2025-03-14")
	}
	start, end, err := formSpan(day, f.start.Text, f.end.Text, f.nextDay.Checked)
	if err != nil {
		return nil, err
	}
	n, _ := strconv.Atoi(f.capacity.Selected)
	weeks := map[string]int{"Just once": 1, "Weekly for 4 weeks": 4, "Weekly for 8 weeks": 8, "Weekly for 12 weeks": 12}[f.weeks.Selected]
	var out []workspace.ShiftSpec
	for w := 0; w < max(weeks, 1); w++ {
		out = append(out, workspace.ShiftSpec{Role: strings.TrimSpace(f.role.Text), Start: start.AddDate(0, 0, 7*w),
			End: end.AddDate(0, 0, 7*w), Capacity: n, Notes: f.notes.Text})
	}
	return out, nil
}

func (v *scheduleView) saveShifts(f *shiftForm) {
	specs, err := f.specs()
	if err != nil {
		v.u.showError("Could not add the shift", err)
		return
	}
	c, id := v.u.coop, v.id
	v.u.do("add the shift", func() error {
		zone := workspace.LocalZone()
		for _, s := range specs {
			s.TimeZone = zone
			if _, err := c.AddShift(id, s); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		f.dlg.Hide()
		if len(specs) > 0 && v.mode.Selected == modeWeek {
			v.setAnchor(specs[0].Start)
		}
	})
}
