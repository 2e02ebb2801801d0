package ui

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// icon.png is the app's icon (FyneApp.toml names it for `fyne package`):
// three linked rings on a warm tile, for members holding something together.
//
//go:embed icon.png
var iconPNG []byte

var appIcon = fyne.NewStaticResource("icon.png", iconPNG)
