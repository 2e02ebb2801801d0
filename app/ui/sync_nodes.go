package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// renderNodes lists the co-op's always-on computers (registered by an
// admin): members' computers sync through them between meetings. Admins can
// add one or stop using one.
func (v *syncView) renderNodes() {
	admin := v.u.isAdmin()
	var rows []fyne.CanvasObject
	for _, n := range v.data.nodes {
		state := chip("● not connected", widget.LowImportance)
		for _, p := range v.data.peers {
			if p.Member == n.Member && p.Connected {
				state = chip("● connected", widget.SuccessImportance)
			}
		}
		right := fyne.CanvasObject(state)
		if admin {
			member := n.Member
			right = container.NewHBox(state, button("Stop using", nil, widget.LowImportance, func() { v.removeNode(member) }))
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, right,
			container.NewVBox(widget.NewLabelWithStyle(v.u.nameOf(n.Member), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
				note("added by "+v.u.nameOf(n.By)+" · members' computers sync through it between meetings"))))
	}
	if len(rows) == 0 {
		rows = append(rows, note("None. A co-op can keep one computer always on (a small home server, say) so that members "+
			"sync between meetings; an admin adds it here once it has joined the co-op."))
	}
	v.nodes.Objects = rows
	v.nodes.Refresh()
	enable(v.addNodeB, admin)
	if admin {
		v.addNodeB.Show()
	} else {
		v.addNodeB.Hide()
	}
}

// addNode asks which member's computer is always on and at what address.
func (v *syncView) addNode() {
	c := v.u.coop
	roster, err := c.Members()
	if err != nil {
		v.u.showError("Could not read the members", err)
		return
	}
	byName := map[string]workspace.MemberID{}
	var names []string
	for _, m := range roster.Members {
		if m.Active() && m.ID != v.u.ws.Me() {
			byName[m.Name] = m.ID
			names = append(names, m.Name)
		}
	}
	if len(names) == 0 {
		v.u.showError("No computer to add", errNoOtherMember)
		return
	}
	who := widget.NewSelect(names, nil)
	who.PlaceHolder = "Choose the computer"
	addr := widget.NewEntry()
	addr.SetPlaceHolder("coop.example.org:4001")
	form := widget.NewForm(
		widget.NewFormItem("Computer", who),
		widget.NewFormItem("Its internet address", addr))
	d := dialog.NewCustomConfirm("Add an always-on computer", "Add", "Cancel", container.NewVBox(
		para("The computer must have joined the co-op already (as an observer, for example) and run Mutual all the time."), form),
		func(ok bool) {
			if !ok {
				return
			}
			member, known := byName[who.Selected]
			if !known {
				v.u.showError("Could not add the computer", errChooseComputer)
				return
			}
			a, err := workspace.NodeAddress(addr.Text)
			if err != nil {
				v.u.showError("Could not add the computer", err)
				return
			}
			v.u.do("add the always-on computer", func() error { return c.RegisterNode(member, []string{a}) }, v.reload)
		}, v.u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

func (v *syncView) removeNode(member workspace.MemberID) {
	c := v.u.coop
	who := v.u.nameOf(member)
	dialog.ShowConfirm("Stop using "+who+"?", "Members' computers will no longer sync through "+who+
		". They still sync with each other on the same network.", func(ok bool) {
		if ok {
			v.u.do("stop using the computer", func() error { return c.UnregisterNode(member) }, v.reload)
		}
	}, v.u.win)
}

var (
	errNoOtherMember  = errors.New("the always-on computer joins the co-op first, like a member: invite it from the Members screen")
	errChooseComputer = errors.New("choose which member's computer it is")
)
