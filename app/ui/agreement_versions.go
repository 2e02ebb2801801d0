package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

const currentText = "The text now"

// versionsPanel lists an agreement's named versions and compares any two
// (or a version with the text now), side by side or inline.
type versionsPanel struct {
	v *agreementView

	list    *fyne.Container
	from    *widget.Select
	to      *widget.Select
	unit    *widget.RadioGroup
	layout  *widget.RadioGroup
	summary *widget.Label
	diff    *fyne.Container

	ids map[string]string // version label → ID
	ops []workspace.DiffOp
	gen int
	box fyne.CanvasObject
}

func newVersionsPanel(v *agreementView) *versionsPanel {
	p := &versionsPanel{v: v, list: container.NewVBox(), summary: note(""), diff: container.NewVBox(), ids: map[string]string{}}
	p.from = widget.NewSelect(nil, func(string) { p.compare() })
	p.to = widget.NewSelect(nil, func(string) { p.compare() })
	p.unit = widget.NewRadioGroup([]string{"Words", "Lines"}, func(string) { p.compare() })
	p.unit.Horizontal, p.unit.Required, p.unit.Selected = true, true, "Words"
	p.layout = widget.NewRadioGroup([]string{"Side by side", "Inline"}, func(string) { p.draw() })
	p.layout.Horizontal, p.layout.Required, p.layout.Selected = true, true, "Side by side"
	controls := container.NewVBox(
		container.NewGridWithColumns(2, container.NewBorder(nil, nil, widget.NewLabel("Compare"), nil, p.from),
			container.NewBorder(nil, nil, widget.NewLabel("with"), nil, p.to)),
		container.NewHBox(p.unit, widget.NewSeparator(), p.layout))
	p.box = scroller(container.NewPadded(container.NewVBox(subheading("Versions"), p.list, widget.NewSeparator(),
		subheading("What changed"), controls, p.summary, p.diff)))
	return p
}

func (p *versionsPanel) object() fyne.CanvasObject { return p.box }

func (p *versionsPanel) show(d *agreementData) {
	now := p.v.u.now()
	var rows []fyne.CanvasObject
	labels := []string{}
	p.ids = map[string]string{}
	for i := len(d.versions) - 1; i >= 0; i-- {
		ver := d.versions[i]
		label := ver.Name + " (" + dateOnly(ver.At, now) + ")"
		p.ids[label] = ver.ID
		labels = append(labels, label)
		rows = append(rows, container.NewHBox(widget.NewLabelWithStyle(ver.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			caption("saved by "+p.v.u.nameOf(ver.By)+", "+dateTime(ver.At, now))))
	}
	if len(rows) == 0 {
		rows = append(rows, note("No versions yet. Save a version to compare later changes with it, or to put it to a vote."))
	}
	p.list.Objects = rows
	p.list.Refresh()
	p.from.Options = labels
	p.to.Options = append([]string{currentText}, labels...)
	if _, ok := p.ids[p.from.Selected]; !ok && len(labels) > 0 {
		// At first: what changed since the latest version — or, when the
		// text is still that version, what that version changed.
		p.from.Selected, p.to.Selected = labels[0], currentText
		if len(labels) > 1 && unchangedSince(d.body, d.versions[len(d.versions)-1]) {
			p.from.Selected, p.to.Selected = labels[1], labels[0]
		}
	}
	if p.to.Selected == "" {
		p.to.Selected = currentText
	}
	p.from.Refresh()
	p.to.Refresh()
	p.compare()
}

// compare computes the diff off the UI goroutine.
func (p *versionsPanel) compare() {
	from, ok := p.ids[p.from.Selected]
	if !ok {
		p.ops = nil
		p.summary.SetText("")
		p.draw()
		return
	}
	to := p.ids[p.to.Selected] // "" for the text now
	unit := workspace.DiffByWord
	if p.unit.Selected == "Lines" {
		unit = workspace.DiffByLine
	}
	c, id := p.v.u.coop, p.v.id
	fetch(p.v.u, &p.gen, func() ([]workspace.DiffOp, error) {
		return c.Diff(id, from, to, unit)
	}, func(ops []workspace.DiffOp, err error) {
		if err != nil {
			p.summary.SetText("Cannot compare: " + friendly(err))
			return
		}
		p.ops = ops
		p.draw()
	})
}

// draw shows the diff: deletions in red, insertions in green.
func (p *versionsPanel) draw() {
	added, removed := 0, 0
	for _, op := range p.ops {
		switch op.Op {
		case workspace.DiffInsert:
			added += len(strings.Fields(op.Text))
		case workspace.DiffDelete:
			removed += len(strings.Fields(op.Text))
		}
	}
	switch {
	case len(p.ops) == 0:
		p.summary.SetText("")
	case added == 0 && removed == 0:
		p.summary.SetText("No differences.")
	default:
		p.summary.SetText(plural(added, "word") + " added, " + plural(removed, "word") + " removed.")
	}
	if p.layout.Selected == "Inline" {
		p.diff.Objects = []fyne.CanvasObject{diffText(p.ops, true, true)}
	} else {
		p.diff.Objects = []fyne.CanvasObject{container.NewGridWithColumns(2,
			container.NewVBox(subheading("Before"), diffText(p.ops, true, false)),
			container.NewVBox(subheading("After"), diffText(p.ops, false, true)))}
	}
	p.diff.Refresh()
}

// diffText renders diff runs, with deletions and/or insertions marked.
func diffText(ops []workspace.DiffOp, deletions, insertions bool) *widget.RichText {
	var segs []widget.RichTextSegment
	for _, op := range ops {
		style := widget.RichTextStyleInline
		switch op.Op {
		case workspace.DiffDelete:
			if !deletions {
				continue
			}
			style.ColorName = theme.ColorNameError
			style.TextStyle = fyne.TextStyle{Bold: true, Italic: true}
		case workspace.DiffInsert:
			if !insertions {
				continue
			}
			style.ColorName = theme.ColorNameSuccess
			style.TextStyle = fyne.TextStyle{Bold: true}
		}
		text := op.Text
		if op.Op == workspace.DiffEqual {
			text = elide(text, 2)
		}
		segs = append(segs, &widget.TextSegment{Text: text, Style: style})
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// unchangedSince reports whether body is exactly the text of version v.
func unchangedSince(body string, v workspace.Version) bool {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:]) == v.SHA256
}

// elide shortens unchanged text to the lines next to the changes: keep
// lines of context before and after, "⋯" for what is left out.
func elide(text string, keep int) string {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) <= 2*keep+2 {
		return text
	}
	head := strings.Join(lines[:keep], "")
	tail := strings.Join(lines[len(lines)-keep:], "")
	return head + "⋯\n" + tail
}
