package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// inviteTTL is how long an invite code from the window stays valid.
const inviteTTL = 7 * 24 * time.Hour

// invite creates an invite code and shows it with its QR code. Inviting
// needs the network side: the new member's machine contacts this one.
func (v *membersView) invite() {
	if !v.u.isAdmin() {
		return
	}
	svc := v.u.ws.Sync()
	if svc == nil {
		v.invites.Objects = []fyne.CanvasObject{chip("Inviting needs the network layer, which is not running in this window. "+
			"Start Mutual with its network on (or run `mutual serve`), then invite again.", widget.WarningImportance)}
		v.invites.Refresh()
		return
	}
	coop := v.u.coop.ID()
	type invite struct {
		code string
		png  []byte
	}
	v.inviteB.Disable()
	v.u.run.bg(func() {
		var in invite
		code, err := svc.Invite(coop, inviteTTL)
		if err == nil {
			in.code = code
			in.png, err = workspace.QRCode(code, 256)
		}
		v.u.run.ui(func() {
			enable(v.inviteB, v.u.isAdmin())
			if err != nil {
				v.u.showError("Could not create an invite", err)
				return
			}
			v.showInvite(in.code, in.png)
		})
	})
}

func (v *membersView) showInvite(code string, png []byte) {
	v.code = widget.NewMultiLineEntry()
	v.code.Wrapping = fyne.TextWrapBreak
	v.code.SetText(code)
	v.code.SetMinRowsVisible(3)
	img := canvas.NewImageFromResource(fyne.NewStaticResource("invite-qr.png", png))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(200, 200))
	v.qr = img
	copyB := button("Copy code", theme.ContentCopyIcon(), widget.MediumImportance, func() {
		v.u.app.Clipboard().SetContent(code)
	})
	v.invites.Objects = []fyne.CanvasObject{
		subheading("Invite code (valid for 7 days, for one person)"),
		container.NewBorder(nil, nil, nil, img, container.NewVBox(v.code, container.NewHBox(copyB),
			note("The new member pastes this code on Mutual's first screen. Your Mutual needs to be open and online when they do."))),
	}
	v.invites.Refresh()
}
