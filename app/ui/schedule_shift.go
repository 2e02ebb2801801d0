package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// shiftCard is one shift: its places, who is on it, and what this member
// can do — sign up, withdraw, ask for or offer a stand-in.
type shiftCard struct {
	v  *scheduleView
	sh workspace.Shift

	places *widget.Label
	fill   *meter
	signUp *widget.Button
	leave  *widget.Button
	box    fyne.CanvasObject
}

func newShiftCard(v *scheduleView, sh workspace.Shift) *shiftCard {
	c := &shiftCard{v: v, sh: sh}
	me := v.u.me()
	mine := sh.Has(me)
	title := widget.NewLabelWithStyle(sh.Role, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	when := widget.NewLabel(clock(sh.Start) + "–" + clock(sh.End))
	c.places = widget.NewLabel(placesText(sh))
	c.fill = newMeter()
	color := theme.ColorNamePrimary
	if sh.Free() < 0 {
		c.places.Importance = widget.DangerImportance
		color = theme.ColorNameError
	}
	c.fill.set(float64(len(sh.SignUps)), float64(max(sh.Capacity, 1)), color)
	var who []string
	for _, s := range sh.SignUps {
		who = append(who, v.u.nameOf(s.Member))
	}
	people := para(names(who))
	if len(who) == 0 {
		people = note("Nobody yet.")
	}
	items := []fyne.CanvasObject{title, when, c.places, c.fill, people}
	if sh.Notes != "" {
		items = append(items, note(sh.Notes))
	}
	c.signUp = button("Sign up", theme.ContentAddIcon(), widget.HighImportance, c.doSignUp)
	c.leave = button("Withdraw", theme.ContentRemoveIcon(), widget.LowImportance, c.doWithdraw)
	past := sh.End.Before(v.u.now())
	switch {
	case past:
		items = append(items, note("This shift is over."))
	case mine:
		items = append(items, container.NewHBox(c.leave))
		items = append(items, c.myStandIn()...)
	case sh.Free() > 0:
		items = append(items, container.NewHBox(c.signUp))
	default:
		items = append(items, note("Full."))
	}
	if !past {
		items = append(items, c.othersStandIns()...)
	}
	body := container.NewVBox(items...)
	switch {
	case v.inConflict(sh.ID):
		c.box = tinted(theme.ColorNameError, body)
	case mine:
		c.box = tinted(theme.ColorNameSuccess, body)
	default:
		c.box = widget.NewCard("", "", body)
	}
	return c
}

func (c *shiftCard) object() fyne.CanvasObject { return c.box }

// placesText says how full a shift is: "1 of 2 places taken".
func placesText(sh workspace.Shift) string {
	n := len(sh.SignUps)
	if n > sh.Capacity {
		return fmt.Sprintf("%d signed up for %s", n, plural(sh.Capacity, "place"))
	}
	return fmt.Sprintf("%d of %s taken", n, plural(sh.Capacity, "place"))
}

// myStandIn shows this member's stand-in request and its offers.
func (c *shiftCard) myStandIn() []fyne.CanvasObject {
	u, sh := c.v.u, c.sh
	si, open := sh.OpenStandIn(u.me())
	if !open {
		return []fyne.CanvasObject{button("Ask for a stand-in", theme.MailSendIcon(), widget.LowImportance, c.askStandIn)}
	}
	out := []fyne.CanvasObject{chip("You asked for a stand-in", widget.WarningImportance)}
	for _, o := range si.Offers {
		offerer := o.Member
		out = append(out, container.NewHBox(widget.NewLabel(u.nameOf(offerer)+" offers"),
			button("Accept", theme.ConfirmIcon(), widget.HighImportance, func() {
				c.act("accept the stand-in", func() error { return u.coop.AcceptStandIn(c.v.id, sh.ID, offerer) })
			})))
	}
	if len(si.Offers) == 0 {
		out = append(out, note("No offers yet."))
	}
	out = append(out, button("Cancel request", theme.CancelIcon(), widget.LowImportance, func() {
		c.act("cancel the request", func() error { return u.coop.CancelStandIn(c.v.id, sh.ID) })
	}))
	return out
}

// othersStandIns shows colleagues' requests, with an offer button.
func (c *shiftCard) othersStandIns() []fyne.CanvasObject {
	u, sh := c.v.u, c.sh
	var out []fyne.CanvasObject
	for _, si := range sh.StandIns {
		if !si.Open() || si.Requester == u.me() {
			continue
		}
		text := u.nameOf(si.Requester) + " asks for a stand-in"
		if si.Note != "" {
			text += ": “" + si.Note + "”"
		}
		out = append(out, chip(text, widget.WarningImportance))
		switch {
		case si.Offered(u.me()):
			out = append(out, note("You offered to stand in."))
		case !sh.Has(u.me()):
			requester := si.Requester
			out = append(out, button("Offer to stand in", theme.MailReplyIcon(), widget.MediumImportance, func() {
				c.act("offer to stand in", func() error { return u.coop.OfferStandIn(c.v.id, sh.ID, requester) })
			}))
		}
	}
	return out
}

func (c *shiftCard) doSignUp() {
	c.signUp.Disable()
	u, id, sid := c.v.u, c.v.id, c.sh.ID
	c.act("sign up", func() error { return u.coop.SignUp(id, sid) })
}

func (c *shiftCard) doWithdraw() {
	u, id, sid := c.v.u, c.v.id, c.sh.ID
	c.act("withdraw", func() error { return u.coop.Withdraw(id, sid) })
}

func (c *shiftCard) askStandIn() {
	u, id, sid := c.v.u, c.v.id, c.sh.ID
	msg := widget.NewEntry()
	msg.SetPlaceHolder("A note for the others (optional)")
	dialog.ShowCustomConfirm("Ask for a stand-in", "Ask", "Cancel", container.NewVBox(
		para("Everyone sees your request and can offer to take your place. You stay on the shift until you accept an offer."), msg),
		func(ok bool) {
			if ok {
				note := strings.TrimSpace(msg.Text)
				c.act("ask for a stand-in", func() error { return u.coop.RequestStandIn(id, sid, note) })
			}
		}, u.win)
}

// act runs a schedule edit; the change event redraws the schedule, and so
// does a failure (re-enabling what was pressed).
func (c *shiftCard) act(what string, fn func() error) {
	u, v := c.v.u, c.v
	u.run.bg(func() {
		err := fn()
		u.run.ui(func() {
			if err != nil {
				u.showError("Could not "+what, err)
				v.reload()
			}
		})
	})
}
