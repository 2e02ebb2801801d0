package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

var roleNames = map[workspace.Role]string{
	workspace.RoleAdmin: "Admin", workspace.RoleMember: "Member", workspace.RoleObserver: "Observer",
}

var roleOrder = []string{"Admin", "Member", "Observer"}

func roleOf(name string) workspace.Role {
	for r, n := range roleNames {
		if n == name {
			return r
		}
	}
	return workspace.RoleMember
}

// membersView is the roster: who belongs, in which role. Admins change
// roles, remove members and invite; everyone else sees the same controls
// disabled, with the reason.
type membersView struct {
	u *UI

	title   *widget.Label
	why     *widget.Label
	rows    *fyne.Container
	invites *fyne.Container
	inviteB *widget.Button
	refused *fyne.Container

	// roles and removes are the controls per member (for tests).
	roles   map[workspace.MemberID]*widget.Select
	removes map[workspace.MemberID]*widget.Button
	code    *widget.Entry
	qr      fyne.CanvasObject
	gen     int
	root    fyne.CanvasObject
}

func newMembersView(u *UI) *membersView {
	v := &membersView{u: u, title: heading("Members"), why: para(""), rows: container.NewVBox(), invites: container.NewVBox(),
		refused: container.NewVBox()}
	v.inviteB = button("Invite someone…", theme.ContentAddIcon(), widget.HighImportance, v.invite)
	content := container.NewVBox(v.title, v.why, card("Roster", v.rows), card("Invite", container.NewVBox(
		para("An invite code lets one person join from their own computer. Send it privately, or let them scan the QR code here."),
		container.NewHBox(v.inviteB), v.invites)), v.refused, newCheckRecordsCard(u).box)
	v.root = scroller(container.NewPadded(content))
	return v
}

func (v *membersView) object() fyne.CanvasObject { return v.root }
func (v *membersView) docID() string             { return "" }
func (v *membersView) closeView()                {}

func (v *membersView) reload() {
	c := v.u.coop
	fetch(v.u, &v.gen, c.Members, func(r *workspace.RosterView, err error) {
		if err != nil {
			v.why.SetText("The roster cannot be read: " + friendly(err))
			return
		}
		v.u.roster = r
		v.render(r)
	})
}

func (v *membersView) render(r *workspace.RosterView) {
	admin := v.u.isAdmin()
	v.title.SetText("Members of " + r.Name)
	me, _ := r.Member(v.u.me())
	if admin {
		v.why.SetText("You are an admin: you can invite people, change roles and remove members.")
	} else {
		v.why.SetText("Only admins can invite people, change roles or remove members. Your role is " + roleNames[me.Role] + ".")
	}
	v.roles, v.removes = map[workspace.MemberID]*widget.Select{}, map[workspace.MemberID]*widget.Button{}
	active := 0
	var rows []fyne.CanvasObject
	now := v.u.now()
	for _, m := range r.Members {
		if !m.Active() {
			continue
		}
		active++
		name := m.Name
		if m.ID == v.u.me() {
			name += " (you)"
		}
		id := m.ID
		role := widget.NewSelect(roleOrder, nil)
		role.Selected = roleNames[m.Role]
		role.OnChanged = func(s string) { v.changeRole(id, s) }
		remove := button("Remove", theme.DeleteIcon(), widget.LowImportance, func() { v.remove(id) })
		enable(role, admin && m.ID != v.u.me())
		enable(remove, admin && m.ID != v.u.me())
		v.roles[id], v.removes[id] = role, remove
		info := container.NewVBox(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			note("member since "+dateOnly(m.AddedAt, now)))
		controls := container.NewCenter(container.NewHBox(container.New(&minWidth{w: 130}, role), remove))
		rows = append(rows, container.NewBorder(nil, nil, nil, controls, info), widget.NewSeparator())
	}
	rows = append([]fyne.CanvasObject{note(plural(active, "member") + ". Observers take part in discussions and rotas but do not vote.")}, rows...)
	v.rows.Objects = rows
	v.rows.Refresh()
	enable(v.inviteB, admin)
	var refused []fyne.CanvasObject
	for _, rj := range r.Rejected {
		refused = append(refused, chip("⚠ A change to "+rj.Entry.Name+" was refused: "+rj.Reason, widget.WarningImportance))
	}
	if len(refused) > 0 {
		refused = append([]fyne.CanvasObject{subheading("Refused roster changes")}, refused...)
	}
	v.refused.Objects = refused
	v.refused.Refresh()
}

func (v *membersView) changeRole(id workspace.MemberID, name string) {
	c := v.u.coop
	role := string(roleOf(name))
	who := v.u.nameOf(id)
	dialog.ShowConfirm("Change role?", "Make "+who+" "+name+"?", func(ok bool) {
		if !ok {
			v.reload() // put the select back
			return
		}
		v.u.do("change the role", func() error { return c.SetRole(id, role) }, nil)
	}, v.u.win)
}

func (v *membersView) remove(id workspace.MemberID) {
	c := v.u.coop
	who := v.u.nameOf(id)
	dialog.ShowConfirm("Remove "+who+"?", who+" will no longer vote or sign. Their past votes and edits stay in the history.", func(ok bool) {
		if ok {
			v.u.do("remove the member", func() error { return c.RemoveMember(id) }, nil)
		}
	}, v.u.win)
}
