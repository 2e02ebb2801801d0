package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// foldout is a part of a screen shown on demand (a document's history).
// Its content is drawn only while it is open, so a history of thousands of
// changes costs nothing while nobody looks at it — and nothing when a burst
// of remote changes refreshes the screen.
type foldout struct {
	title string
	fill  func(body *fyne.Container)
	btn   *widget.Button
	body  *fyne.Container
	open  bool
	box   fyne.CanvasObject
}

func newFoldout(title string, fill func(body *fyne.Container)) *foldout {
	f := &foldout{title: title, fill: fill, body: container.NewVBox()}
	f.btn = button("Show "+title, theme.MenuDropDownIcon(), widget.LowImportance, f.toggle)
	f.btn.Alignment = widget.ButtonAlignLeading
	f.box = container.NewVBox(f.btn, f.body)
	return f
}

func (f *foldout) object() fyne.CanvasObject { return f.box }

func (f *foldout) toggle() {
	f.open = !f.open
	if f.open {
		f.btn.SetText("Hide " + f.title)
		f.btn.SetIcon(theme.MenuDropUpIcon())
	} else {
		f.btn.SetText("Show " + f.title)
		f.btn.SetIcon(theme.MenuDropDownIcon())
	}
	f.refresh()
}

// refresh redraws the content if it is open.
func (f *foldout) refresh() {
	if f.open {
		f.fill(f.body)
	} else {
		f.body.Objects = nil
	}
	f.body.Refresh()
}
