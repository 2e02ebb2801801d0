package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// meter is a thin bar showing Value out of Max: places taken on a shift,
// votes for an option. Lighter than a progress bar, it reads at a glance
// in a list of many.
type meter struct {
	widget.BaseWidget
	Value, Max float64
	// Color is the fill's theme colour (primary when empty).
	Color fyne.ThemeColorName
}

func newMeter() *meter {
	m := &meter{Max: 1}
	m.ExtendBaseWidget(m)
	return m
}

// set changes the bar.
func (m *meter) set(value, maxValue float64, color fyne.ThemeColorName) {
	if m.Value == value && m.Max == maxValue && m.Color == color {
		return
	}
	m.Value, m.Max, m.Color = value, maxValue, color
	m.Refresh()
}

// fraction is how full the bar is, 0..1.
func (m *meter) fraction() float32 {
	if m.Max <= 0 {
		return 0
	}
	return float32(max(0, min(1, m.Value/m.Max)))
}

func (m *meter) CreateRenderer() fyne.WidgetRenderer {
	r := &meterRenderer{m: m, bg: canvas.NewRectangle(nil), fg: canvas.NewRectangle(nil)}
	r.Refresh()
	return r
}

type meterRenderer struct {
	m      *meter
	bg, fg *canvas.Rectangle
}

const meterHeight = 8

func (r *meterRenderer) Layout(size fyne.Size) {
	y := (size.Height - meterHeight) / 2
	r.bg.Move(fyne.NewPos(0, y))
	r.bg.Resize(fyne.NewSize(size.Width, meterHeight))
	r.fg.Move(fyne.NewPos(0, y))
	r.fg.Resize(fyne.NewSize(size.Width*r.m.fraction(), meterHeight))
}

func (r *meterRenderer) MinSize() fyne.Size { return fyne.NewSize(40, meterHeight+4) }

func (r *meterRenderer) Refresh() {
	color := r.m.Color
	if color == "" {
		color = theme.ColorNamePrimary
	}
	r.bg.FillColor = theme.Color(theme.ColorNameInputBorder)
	r.fg.FillColor = theme.Color(color)
	r.bg.CornerRadius, r.fg.CornerRadius = meterHeight/2, meterHeight/2
	r.Layout(r.m.Size())
	r.bg.Refresh()
	r.fg.Refresh()
}

func (r *meterRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.fg} }
func (r *meterRenderer) Destroy()                     {}
