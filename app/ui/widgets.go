package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Small building blocks shared by the screens, so that they look alike.

// heading is a screen's title.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// subheading titles a part of a screen.
func subheading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// para is wrapped body text.
func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// note is quieter wrapped text: explanations, dates. It is smaller rather
// than paler, so that it stays readable on the dark theme.
func note(text string) *widget.Label {
	l := para(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// caption is a short quiet label that does not wrap, for use in a row
// (a wrapping label in a row shrinks to one letter per line).
func caption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// chip is a short status word in the colour of its importance.
func chip(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Importance = imp
	return l
}

// setChip changes a chip in place.
func setChip(l *widget.Label, text string, imp widget.Importance) {
	l.Importance = imp
	l.SetText(text)
}

// emptyState fills a pane that has nothing to show yet, saying what to do.
func emptyState(icon fyne.Resource, title, msg string) fyne.CanvasObject {
	img := widget.NewIcon(icon)
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	m := widget.NewLabelWithStyle(msg, fyne.TextAlignCenter, fyne.TextStyle{})
	m.Wrapping = fyne.TextWrapWord
	m.Importance = widget.LowImportance
	box := container.NewVBox(container.NewCenter(container.New(&minWidth{w: 48}, img)), t, m)
	return container.NewBorder(layout.NewSpacer(), layout.NewSpacer(), nil, nil, container.NewCenter(container.New(&minWidth{w: 380}, box)))
}

// tinted puts a translucent background of a theme colour behind o, to
// mark it (a conflict, a block).
func tinted(name fyne.ThemeColorName, o fyne.CanvasObject) fyne.CanvasObject {
	c := theme.Color(name)
	r, g, b, _ := c.RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 48})
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewPadded(o))
}

// card groups a part of a screen under a title.
func card(title string, content fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewCard("", "", container.NewVBox(subheading(title), content))
}

// button makes a button with an icon and importance in one line.
func button(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Importance = imp
	return b
}

// enable enables or disables a widget.
func enable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// show shows or hides an object.
func show(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// scroller wraps a long view so that it scrolls vertically.
func scroller(o fyne.CanvasObject) *container.Scroll { return container.NewVScroll(o) }

// sidebarWidth keeps the sidebar a comfortable width whatever its labels.
func sidebarWidth(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minWidth{w: 200}, o)
}

// minWidth is a layout that gives its object at least w of width.
type minWidth struct{ w float32 }

func (m *minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (m *minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	min := fyne.NewSize(m.w, 0)
	for _, o := range objs {
		min = min.Max(o.MinSize())
	}
	return fyne.NewSize(max(min.Width, m.w), min.Height)
}
