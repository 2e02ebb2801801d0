package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// renderConflicts lists booking conflicts that merging offline edits
// produced, each with the ways this member can resolve it: withdraw
// themself, or — as the organiser — take someone off the shift.
func (v *scheduleView) renderConflicts() {
	d := v.data
	var objs []fyne.CanvasObject
	for _, c := range d.conflicts {
		objs = append(objs, v.conflictRow(c))
	}
	if len(objs) > 0 {
		head := chip("⚠ "+plural(len(d.conflicts), "booking conflict")+" to resolve", widget.DangerImportance)
		expl := para("These happened when members booked on different computers before syncing. Nothing was dropped: decide together who stays.")
		objs = append([]fyne.CanvasObject{head, expl}, objs...)
		v.conflicts.Objects = []fyne.CanvasObject{tinted(theme.ColorNameError, container.NewVBox(objs...))}
	} else {
		v.conflicts.Objects = nil
	}
	v.conflicts.Refresh()
}

func (v *scheduleView) shiftByID(id string) (workspace.Shift, bool) {
	for _, sh := range v.data.shifts {
		if sh.ID == id {
			return sh, true
		}
	}
	return workspace.Shift{}, false
}

func (v *scheduleView) conflictRow(c workspace.Conflict) fyne.CanvasObject {
	u := v.u
	me := u.me()
	now := u.now()
	describe := func(sh workspace.Shift) string { return sh.Role + " (" + dateTime(sh.Start, now) + ")" }
	var who []string
	for _, m := range c.Members {
		who = append(who, u.nameOf(m))
	}
	text := c.Detail
	if sh, ok := v.shiftByID(c.Shift); ok && c.Kind == workspace.ConflictOverCapacity {
		text = describe(sh) + ": " + placesText(sh) + " (" + names(who) + ")."
	}
	if c.Kind == workspace.ConflictOverlap && len(c.Shifts) == 2 {
		a, okA := v.shiftByID(c.Shifts[0])
		b, okB := v.shiftByID(c.Shifts[1])
		if okA && okB {
			text = names(who) + " booked into both " + describe(a) + " and " + describe(b) + ", which overlap."
		}
	}
	var actions []fyne.CanvasObject
	for _, sid := range c.Shifts {
		sh, ok := v.shiftByID(sid)
		if !ok {
			continue
		}
		organiser := me == v.data.createdBy || me == sh.CreatedBy
		for _, m := range c.Members {
			if !sh.Has(m) {
				continue
			}
			member, shiftID := m, sid
			switch {
			case m == me:
				actions = append(actions, button("Withdraw me from "+sh.Role+" "+clock(sh.Start), theme.ContentRemoveIcon(), widget.MediumImportance, func() {
					v.u.do("withdraw", func() error { return u.coop.Withdraw(v.id, shiftID) }, nil)
				}))
			case organiser:
				actions = append(actions, button("Take "+u.nameOf(m)+" off "+sh.Role+" "+clock(sh.Start), theme.ContentRemoveIcon(), widget.LowImportance, func() {
					v.u.do("take them off the shift", func() error { return u.coop.RemoveSignUp(v.id, shiftID, member) }, nil)
				}))
			}
		}
	}
	if len(actions) == 0 {
		actions = append(actions, note("The people involved or the rota's organiser can resolve this."))
	}
	rows := []fyne.CanvasObject{para(text)}
	for _, a := range actions {
		rows = append(rows, container.NewHBox(a))
	}
	return container.NewVBox(rows...)
}
