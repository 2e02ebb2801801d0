package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bodyEditor shows Markdown rendered, with an Edit mode for those allowed.
// While editing, a colleague's change to the text does not overwrite what
// is being typed; it shows once the edit is saved or cancelled.
type bodyEditor struct {
	u    *UI
	what string
	save func(md string) error

	rich    *widget.RichText
	edit    *widget.Button
	entry   *widget.Entry
	saveBtn *widget.Button
	cancel  *widget.Button
	why     *widget.Label

	text    string
	shown   string // the text rendered now
	editing bool
	box     *fyne.Container
}

func newBodyEditor(u *UI, what string, save func(md string) error) *bodyEditor {
	b := &bodyEditor{u: u, what: what, save: save, box: container.NewVBox()}
	b.rich = widget.NewRichTextFromMarkdown("")
	b.rich.Wrapping = fyne.TextWrapWord
	b.edit = button("Edit text", theme.DocumentCreateIcon(), widget.LowImportance, b.startEdit)
	b.entry = widget.NewMultiLineEntry()
	b.entry.Wrapping = fyne.TextWrapWord
	b.entry.SetMinRowsVisible(10)
	b.saveBtn = button("Save", theme.DocumentSaveIcon(), widget.HighImportance, b.finishEdit)
	b.cancel = button("Cancel", theme.CancelIcon(), widget.LowImportance, b.stopEdit)
	b.why = note("")
	b.layout()
	return b
}

func (b *bodyEditor) object() fyne.CanvasObject { return b.box }

// show sets the text (kept aside while editing) and whether it may be edited.
func (b *bodyEditor) show(md string, canEdit bool, whyNot string) {
	b.text = md
	enable(b.edit, canEdit)
	b.why.SetText("")
	if !canEdit {
		b.why.SetText(whyNot)
	}
	if !b.editing && b.shown != md {
		b.shown = md
		b.rich.ParseMarkdown(orNothing(md))
	}
}

func orNothing(md string) string {
	if md == "" {
		return "*No text yet.*"
	}
	return md
}

func (b *bodyEditor) layout() {
	if b.editing {
		b.box.Objects = []fyne.CanvasObject{b.entry, container.NewHBox(b.saveBtn, b.cancel)}
	} else {
		b.box.Objects = []fyne.CanvasObject{b.rich, container.NewBorder(nil, nil, b.edit, nil, b.why)}
	}
	b.box.Refresh()
}

func (b *bodyEditor) startEdit() {
	b.editing = true
	b.entry.SetText(b.text)
	b.layout()
	if c := b.u.win.Canvas(); c != nil {
		c.Focus(b.entry)
	}
}

func (b *bodyEditor) stopEdit() {
	b.editing = false
	b.shown = b.text
	b.rich.ParseMarkdown(orNothing(b.text))
	b.layout()
}

func (b *bodyEditor) finishEdit() {
	md := b.entry.Text
	b.saveBtn.Disable()
	b.u.run.bg(func() {
		err := b.save(md)
		b.u.run.ui(func() {
			b.saveBtn.Enable()
			if err != nil {
				b.u.showError("Could not save the "+b.what, err)
				return
			}
			b.text = md
			b.stopEdit()
		})
	})
}
