package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// amendmentsPanel lists proposed changes to an agreement, with what each
// would change word by word, and lets the author or an admin accept (which
// applies it) or reject it with a reason. Anyone may propose one.
type amendmentsPanel struct {
	v    *agreementView
	list *fyne.Container
	box  fyne.CanvasObject
}

const passageChoice = "A passage I paste…"

func newAmendmentsPanel(v *agreementView) *amendmentsPanel {
	p := &amendmentsPanel{v: v, list: container.NewVBox()}
	propose := button("Propose an amendment…", theme.ContentAddIcon(), widget.MediumImportance, p.proposeForm)
	p.box = scroller(container.NewPadded(container.NewVBox(container.NewHBox(propose), p.list)))
	return p
}

func (p *amendmentsPanel) object() fyne.CanvasObject { return p.box }

func (p *amendmentsPanel) show(d *agreementData) {
	var pending, decided []fyne.CanvasObject
	for _, am := range d.amendments {
		if am.Status == workspace.AmendmentProposed {
			pending = append(pending, p.row(am), widget.NewSeparator())
		} else {
			decided = append(decided, p.row(am), widget.NewSeparator())
		}
	}
	objs := []fyne.CanvasObject{subheading("Waiting for a decision")}
	if len(pending) == 0 {
		pending = []fyne.CanvasObject{note("None.")}
	}
	objs = append(objs, pending...)
	if len(decided) > 0 {
		objs = append(objs, subheading("Decided"))
		objs = append(objs, decided...)
	}
	p.list.Objects = objs
	p.list.Refresh()
}

func (p *amendmentsPanel) row(am workspace.Amendment) fyne.CanvasObject {
	u := p.v.u
	now := u.now()
	where := "A passage"
	if am.Section != "" {
		where = "Section “" + am.Section + "”"
	}
	head := container.NewHBox(widget.NewLabelWithStyle(where, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		caption("proposed by "+u.nameOf(am.By)+", "+dateOnly(am.At, now)))
	items := []fyne.CanvasObject{head, diffText(workspace.DiffText(am.Original, am.Replacement, workspace.DiffByWord), true, true)}
	if am.Reason != "" {
		items = append(items, para("Why: "+am.Reason))
	}
	switch am.Status {
	case workspace.AmendmentAccepted:
		items = append(items, chip("Accepted by "+u.nameOf(am.DecidedBy)+", "+dateOnly(am.DecidedAt, now), widget.SuccessImportance))
	case workspace.AmendmentRejected:
		text := "Rejected by " + u.nameOf(am.DecidedBy)
		if am.DecisionReason != "" {
			text += ": " + am.DecisionReason
		}
		items = append(items, chip(text, widget.WarningImportance))
	default:
		id := am.ID
		accept := button("Accept", theme.ConfirmIcon(), widget.HighImportance, func() { p.decide(id, true, "") })
		reject := button("Reject…", theme.CancelIcon(), widget.MediumImportance, func() { p.askReject(id) })
		can := p.v.canDecide()
		enable(accept, can)
		enable(reject, can)
		row := container.NewHBox(accept, reject)
		if !can {
			row.Add(caption("Only the agreement's author or an admin decides amendments."))
		}
		items = append(items, row)
	}
	return container.NewVBox(items...)
}

func (p *amendmentsPanel) decide(id string, accept bool, reason string) {
	c, doc := p.v.u.coop, p.v.id
	what := "accept the amendment"
	if !accept {
		what = "reject the amendment"
	}
	p.v.editor.flush(func() {
		p.v.u.do(what, func() error { return c.DecideAmendment(doc, id, accept, reason) }, nil)
	})
}

func (p *amendmentsPanel) askReject(id string) {
	reason := widget.NewEntry()
	reason.SetPlaceHolder("Why not? (the proposer will see this)")
	dialog.ShowCustomConfirm("Reject the amendment", "Reject", "Cancel", reason, func(ok bool) {
		if ok {
			p.decide(id, false, strings.TrimSpace(reason.Text))
		}
	}, p.v.u.win)
}

// sections lists the Markdown headings of a text.
func sections(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			if h := strings.TrimSpace(strings.TrimLeft(t, "#")); h != "" {
				out = append(out, h)
			}
		}
	}
	return out
}

// proposeForm asks for an amendment: a section's new text, or a passage
// and its replacement.
func (p *amendmentsPanel) proposeForm() {
	body := p.v.editor.entry.Text
	target := widget.NewSelect(append(sections(body), passageChoice), nil)
	original := widget.NewMultiLineEntry()
	original.SetPlaceHolder("The exact passage to change, copied from the text")
	original.Wrapping = fyne.TextWrapWord
	replacement := widget.NewMultiLineEntry()
	replacement.Wrapping = fyne.TextWrapWord
	replacement.SetMinRowsVisible(5)
	reason := widget.NewEntry()
	target.OnChanged = func(s string) { enable(original, s == passageChoice) }
	target.SetSelected(passageChoice)
	form := widget.NewForm(widget.NewFormItem("Change", target), widget.NewFormItem("Passage", original),
		widget.NewFormItem("New text", replacement), widget.NewFormItem("Why", reason))
	d := dialog.NewCustomConfirm("Propose an amendment", "Propose", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		spec := workspace.AmendmentSpec{Replacement: replacement.Text, Reason: reason.Text}
		if target.Selected == passageChoice {
			spec.Original = original.Text
		} else {
			spec.Section = target.Selected
		}
		c, id := p.v.u.coop, p.v.id
		p.v.editor.flush(func() {
			p.v.u.do("propose the amendment", func() error {
				_, err := c.ProposeAmendment(id, spec)
				return err
			}, nil)
		})
	}, p.v.u.win)
	d.Resize(fyne.NewSize(620, 480))
	d.Show()
}
