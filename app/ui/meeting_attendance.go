package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// attendancePanel lists who is here and how it was recorded, the proxies,
// and the records that do not count; the chair records members who have no
// laptop with them or who joined by call.
type attendancePanel struct {
	u  *UI
	id string

	list    *fyne.Container
	pick    *widget.Select
	byID    map[string]workspace.MemberID
	record  *fyne.Container
	refused *fyne.Container
	box     *fyne.Container
}

func newAttendancePanel(u *UI, id string) *attendancePanel {
	p := &attendancePanel{u: u, id: id, list: container.NewVBox(), refused: container.NewVBox()}
	p.pick = widget.NewSelect(nil, nil)
	p.pick.PlaceHolder = "Someone not marked here yet"
	room := button("Here in the room", theme.AccountIcon(), widget.MediumImportance, func() { p.recordPresent(workspace.PresentInRoom) })
	call := button("Here by call", theme.MediaRecordIcon(), widget.MediumImportance, func() { p.recordPresent(workspace.PresentByCall) })
	p.record = container.NewVBox(subheading("Record a member present"),
		note("For members without a laptop here, or joining by phone or video call."), p.pick, container.NewHBox(room, call))
	p.box = container.NewVBox(subheading("Who is here"), p.list, p.record, p.refused)
	return p
}

func (p *attendancePanel) object() fyne.CanvasObject { return p.box }

func (p *attendancePanel) show(m workspace.MeetingInfo) {
	var rows []fyne.CanvasObject
	for _, pr := range m.Present {
		line := p.u.nameOf(pr.Member) + " — " + presenceText(p.u, pr)
		if !pr.Voting {
			line += " (observer, does not vote)"
		}
		rows = append(rows, widget.NewLabel(line))
	}
	if len(rows) == 0 {
		rows = append(rows, note("Nobody yet."))
	}
	for _, px := range m.Proxies {
		if px.Status == workspace.ProxyValid {
			rows = append(rows, note(p.u.nameOf(px.Giver)+"'s vote is held by "+p.u.nameOf(px.Holder)+"."))
		}
	}
	p.list.Objects = rows
	p.list.Refresh()
	p.byID = map[string]workspace.MemberID{}
	var opts []string
	if p.u.roster != nil {
		for _, mem := range p.u.roster.Members {
			if mem.Active() && !m.IsPresent(mem.ID) {
				p.byID[mem.Name] = mem.ID
				opts = append(opts, mem.Name)
			}
		}
	}
	p.pick.Options = opts
	p.pick.ClearSelected()
	show(p.record, m.AmChair && m.Phase == workspace.MeetingStarted && len(opts) > 0)
	var bad []fyne.CanvasObject
	for _, r := range m.Refused {
		who := r.Member
		if who == "" {
			who = r.Signer
		}
		bad = append(bad, chip("⚠ A "+r.What+" for "+p.u.nameOf(who)+" does not count: "+r.Reason, widget.WarningImportance))
	}
	p.refused.Objects = bad
	p.refused.Refresh()
}

// presenceText says how a presence was recorded.
func presenceText(u *UI, pr workspace.Presence) string {
	switch pr.How {
	case workspace.PresentInRoom:
		return "in the room, marked by the chair at " + clock(pr.At)
	case workspace.PresentByCall:
		return "by call, marked by the chair at " + clock(pr.At)
	}
	return "confirmed at " + clock(pr.At)
}

func (p *attendancePanel) recordPresent(how string) {
	who, ok := p.byID[p.pick.Selected]
	if !ok {
		return
	}
	p.u.do("record them present", func() error { return p.u.coop.RecordPresent(p.id, who, how) }, nil)
}

// proxyPanel lets a member give their vote at this meeting to another, or
// withdraw it, until the meeting starts.
type proxyPanel struct {
	u    *UI
	id   string
	text *widget.Label
	pick *widget.Select
	give *widget.Button
	back *widget.Button
	byID map[string]workspace.MemberID
	box  *fyne.Container
}

func newProxyPanel(u *UI, id string) *proxyPanel {
	p := &proxyPanel{u: u, id: id, text: para("")}
	p.pick = widget.NewSelect(nil, nil)
	p.pick.PlaceHolder = "Who votes for you"
	p.give = button("Give my vote", theme.MailForwardIcon(), widget.MediumImportance, func() {
		who, ok := p.byID[p.pick.Selected]
		if !ok {
			return
		}
		u.do("give your vote", func() error { return u.coop.GiveProxy(id, who) }, nil)
	})
	p.back = button("Take my vote back", theme.ContentUndoIcon(), widget.LowImportance, func() {
		u.do("take your vote back", func() error { return u.coop.RevokeProxy(id) }, nil)
	})
	p.box = container.NewVBox(subheading("Can't come?"), p.text, container.NewBorder(nil, nil, nil, container.NewHBox(p.give, p.back), p.pick))
	return p
}

func (p *proxyPanel) object() fyne.CanvasObject { return p.box }

func (p *proxyPanel) show(m workspace.MeetingInfo) {
	me, ok := p.u.roster.Member(p.u.me())
	planned := m.Phase == workspace.MeetingPlanned
	show(p.box, planned && ok && me.CanVote())
	p.byID = map[string]workspace.MemberID{}
	var opts []string
	if p.u.roster != nil {
		for _, mem := range p.u.roster.Members {
			if mem.CanVote() && mem.ID != p.u.me() {
				p.byID[mem.Name] = mem.ID
				opts = append(opts, mem.Name)
			}
		}
	}
	p.pick.Options = opts
	if m.MyProxyHolder != "" {
		p.text.SetText(p.u.nameOf(m.MyProxyHolder) + " will vote for you at this meeting. You can take it back until the meeting starts.")
	} else {
		p.text.SetText("Give your vote at this meeting to another member. You can take it back until the meeting starts.")
	}
	show(p.back, m.MyProxyHolder != "")
}

// confirmCloseMeeting asks before closing: nothing can be recorded after.
func confirmCloseMeeting(u *UI, id string) {
	dialog.ShowConfirm("Close the meeting?", "After this no one can be marked present and no vote by proxy counts. The minutes can still be written.",
		func(yes bool) {
			if yes {
				u.do("close the meeting", func() error { return u.coop.CloseMeeting(id) }, nil)
			}
		}, u.win)
}
