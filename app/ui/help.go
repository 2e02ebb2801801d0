package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// showHelp is the Help/About dialog: what Mutual is, where the data lives,
// and the keyboard shortcuts.
func showHelp(u *UI) {
	logo := canvas.NewImageFromResource(appIcon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(64, 64))
	version := u.app.Metadata().Version
	if version == "" {
		version = "development build"
	}
	rows := []fyne.CanvasObject{}
	for _, sc := range shortcutHelp {
		rows = append(rows, widget.NewLabelWithStyle(sc[0], fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}), widget.NewLabel(sc[1]))
	}
	content := container.NewVBox(
		container.NewHBox(logo, container.NewVBox(heading("Mutual"), caption("Version "+version))),
		para("Proposals, rotas and shared agreements for your co-op. Everything is kept on this computer and "+
			"shared directly with the other members' computers — there is no server in the middle."),
		note("Your data is in "+u.ws.Dir()+". Back it up by copying that folder while Mutual is closed."),
		subheading("Keyboard shortcuts"),
		container.NewGridWithColumns(2, rows...),
	)
	d := dialog.NewCustom("Help", "Close", content, u.win)
	d.Resize(fyne.NewSize(620, 480))
	d.Show()
}
