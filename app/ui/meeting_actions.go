package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// actionsPanel lists what the meeting decided someone will do, ticks them
// off, and adds new ones; it also shows what earlier meetings left open.
type actionsPanel struct {
	u  *UI
	id string

	list    *fyne.Container
	earlier *fyne.Container
	what    *widget.Entry
	who     *widget.Select
	due     *widget.DateEntry
	add     *widget.Button
	byName  map[string]workspace.MemberID
	box     *fyne.Container
}

func newActionsPanel(u *UI, id string) *actionsPanel {
	p := &actionsPanel{u: u, id: id, list: container.NewVBox(), earlier: container.NewVBox(), what: widget.NewEntry()}
	p.what.SetPlaceHolder("e.g. Ask three bakers for a quote")
	p.who = widget.NewSelect(nil, nil)
	p.who.PlaceHolder = "Who does it"
	p.due = widget.NewDateEntry()
	p.add = button("Add the action", theme.ContentAddIcon(), widget.HighImportance, p.addAction)
	form := widget.NewForm(widget.NewFormItem("What", p.what), widget.NewFormItem("Who", p.who), widget.NewFormItem("By", p.due))
	p.box = container.NewVBox(p.list, p.earlier, widget.NewSeparator(), subheading("Add an action"), form, container.NewHBox(p.add))
	return p
}

func (p *actionsPanel) object() fyne.CanvasObject { return p.box }

func (p *actionsPanel) show(m workspace.MeetingInfo) {
	now := p.u.now()
	p.list.Objects = p.rows(m.Actions, now)
	if len(m.Actions) == 0 {
		p.list.Objects = []fyne.CanvasObject{note("No actions yet.")}
	}
	p.list.Refresh()
	p.earlier.Objects = nil
	if len(m.EarlierOpen) > 0 {
		p.earlier.Objects = append([]fyne.CanvasObject{subheading("Still open from earlier meetings")}, p.rows(m.EarlierOpen, now)...)
	}
	p.earlier.Refresh()
	p.byName = map[string]workspace.MemberID{}
	var opts []string
	if p.u.roster != nil {
		for _, mem := range p.u.roster.Members {
			if mem.Active() {
				p.byName[mem.Name] = mem.ID
				opts = append(opts, mem.Name)
			}
		}
	}
	p.who.Options = opts
}

// rows draws actions with a tick box each; the box is live for those who
// may tick it (the member it is for, its author, the chair, an admin: the
// workspace refuses anyone else).
func (p *actionsPanel) rows(acts []workspace.ActionItem, now time.Time) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, a := range acts {
		a := a
		text := a.What + " — " + p.u.nameOf(a.Who)
		if !a.Due.IsZero() {
			text += ", by " + dateOnly(a.Due, now)
		}
		check := widget.NewCheck(text, nil)
		check.SetChecked(a.Done)
		check.OnChanged = func(done bool) {
			p.u.do("tick off the action", func() error { return p.u.coop.SetActionDone(a.Meeting, a.ID, done) }, nil)
		}
		row := fyne.CanvasObject(check)
		if a.Overdue(now) {
			row = container.NewHBox(check, chip("Overdue", widget.DangerImportance))
		}
		out = append(out, row)
	}
	return out
}

func (p *actionsPanel) addAction() {
	spec := workspace.ActionSpec{What: strings.TrimSpace(p.what.Text), Who: p.byName[p.who.Selected]}
	if spec.What == "" || spec.Who == "" {
		return
	}
	if p.due.Date != nil {
		d := *p.due.Date
		spec.Due = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, time.Local)
	}
	c, id := p.u.coop, p.id
	p.add.Disable()
	p.u.run.bg(func() {
		_, err := c.AddAction(id, spec)
		p.u.run.ui(func() {
			p.add.Enable()
			if err != nil {
				p.u.showError("Could not add the action", err)
				return
			}
			p.what.SetText("")
			p.who.ClearSelected()
			p.due.SetDate(nil)
		})
	})
}
