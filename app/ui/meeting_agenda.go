package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// agendaPanel shows the agenda and adds to it: a point in words, or a
// proposal to discuss or to decide at the meeting.
type agendaPanel struct {
	u  *UI
	id string

	items    *fyne.Container
	title    *widget.Entry
	proposal *widget.Select
	decide   *widget.Check
	add      *widget.Button
	addBox   *fyne.Container
	byTitle  map[string]string // proposal title → ID
	box      fyne.CanvasObject
}

const noProposal = "(a point in words)"

func newAgendaPanel(u *UI, id string) *agendaPanel {
	p := &agendaPanel{u: u, id: id, items: container.NewVBox(), title: widget.NewEntry()}
	p.title.SetPlaceHolder("e.g. Summer opening hours")
	p.proposal = widget.NewSelect(nil, func(s string) { enable(p.decide, s != noProposal && s != "") })
	p.decide = widget.NewCheck("Decided at this meeting: those present count for its quorum", nil)
	p.decide.Disable()
	p.add = button("Add to the agenda", theme.ContentAddIcon(), widget.HighImportance, p.addItem)
	p.addBox = container.NewVBox(subheading("Add an item"),
		widget.NewForm(widget.NewFormItem("Title", p.title), widget.NewFormItem("About", p.proposal)),
		p.decide, container.NewHBox(p.add))
	p.box = scroller(container.NewPadded(container.NewVBox(p.items, widget.NewSeparator(), p.addBox)))
	return p
}

func (p *agendaPanel) object() fyne.CanvasObject { return p.box }

func (p *agendaPanel) show(d *meetingData) {
	m := d.info
	var rows []fyne.CanvasObject
	for i, it := range m.Agenda {
		text := fmt.Sprintf("%d. %s", i+1, it.Title)
		if w := agendaKindWords(it, m); w != "" {
			text += " — " + w
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		if it.ID == m.Current {
			l.TextStyle.Bold = true
			l.SetText("▶ " + text)
		}
		row := fyne.CanvasObject(l)
		if m.AmChair && m.Phase != workspace.MeetingClosed {
			item := it.ID
			rm := button("", theme.DeleteIcon(), widget.LowImportance, func() {
				p.u.do("take it off the agenda", func() error { return p.u.coop.RemoveAgendaItem(p.id, item) }, nil)
			})
			row = container.NewBorder(nil, nil, nil, rm, l)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		rows = append(rows, note("Nothing on the agenda yet."))
	}
	p.items.Objects = rows
	p.items.Refresh()
	p.byTitle = map[string]string{}
	opts := []string{noProposal}
	for _, pr := range d.proposals {
		p.byTitle[pr.Title] = pr.ID
		opts = append(opts, pr.Title)
	}
	p.proposal.Options = opts
	if p.proposal.Selected == "" {
		p.proposal.SetSelected(noProposal)
	}
	show(p.addBox, m.Phase != workspace.MeetingClosed && p.u.isMember())
}

// agendaKindWords says what an item is about.
func agendaKindWords(it workspace.AgendaItem, m workspace.MeetingInfo) string {
	switch it.Kind {
	case workspace.AgendaProposal:
		for _, d := range m.Decisions {
			if d.Item == it.ID && d.DecidedHere {
				return "to decide here"
			}
		}
		return "a proposal"
	case workspace.AgendaMinutes:
		return "approve the minutes"
	case workspace.AgendaActions:
		return fmt.Sprintf("%d open", len(m.EarlierOpen))
	case workspace.AgendaReview:
		return "its review date has come"
	case workspace.AgendaAgreement, workspace.AgendaAmendment:
		return "an agreement"
	}
	return ""
}

func (p *agendaPanel) addItem() {
	spec := workspace.AgendaSpec{Title: strings.TrimSpace(p.title.Text), Kind: workspace.AgendaText}
	decide := false
	if pid, ok := p.byTitle[p.proposal.Selected]; ok {
		spec.Kind, spec.Ref, decide = workspace.AgendaProposal, pid, p.decide.Checked
	} else if spec.Title == "" {
		return
	}
	p.add.Disable()
	c, id := p.u.coop, p.id
	p.u.run.bg(func() {
		_, err := c.AddAgendaItem(id, spec, decide)
		p.u.run.ui(func() {
			p.add.Enable()
			if err != nil {
				p.u.showError("Could not add it to the agenda", err)
				return
			}
			p.title.SetText("")
			p.proposal.SetSelected(noProposal)
			p.decide.SetChecked(false)
		})
	})
}
