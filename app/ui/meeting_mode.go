package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// meetingModeData is what meeting mode shows: the meeting and, when the
// chair is on a proposal, that proposal with its live tally.
type meetingModeData struct {
	info    workspace.MeetingInfo
	current *workspace.AgendaItem
	number  int // of the current item, from 1
	pv      *workspace.ProposalView
}

// meetingMode is a meeting on the whole window, big enough for the room's
// screen: the agenda item the chair is on, the roll call as it arrives,
// the live quorum and, for a proposal, its tally and the vote.
type meetingMode struct {
	u  *UI
	id string

	title   *widget.Label
	item    *canvas.Text
	itemOf  *widget.Label
	prev    *widget.Button
	next    *widget.Button
	here    *widget.Button
	count   *canvas.Text
	quorum  *widget.Label
	people  *fyne.Container
	record  *attendancePanel
	vote    *fyne.Container
	tally   *tallyPanel
	closeV  *widget.Button
	decided *fyne.Container
	minutes *bodyEditor
	end     *widget.Button
	closed  *widget.Label

	data *meetingModeData
	gen  int
	root fyne.CanvasObject
}

func newMeetingMode(u *UI, id string) *meetingMode {
	v := &meetingMode{u: u, id: id, people: container.NewVBox(), vote: container.NewHBox()}
	v.title = heading("")
	v.item = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	v.item.TextSize, v.item.TextStyle = 30, fyne.TextStyle{Bold: true}
	v.itemOf = note("")
	v.prev = button("Previous item", theme.NavigateBackIcon(), widget.MediumImportance, func() { v.step(-1) })
	v.next = button("Next item", theme.NavigateNextIcon(), widget.HighImportance, func() { v.step(1) })
	v.here = button("I'm here", theme.ConfirmIcon(), widget.HighImportance, func() {
		u.do("confirm you're here", func() error { return u.coop.ConfirmPresence(id) }, nil)
	})
	v.count = canvas.NewText("", theme.Color(theme.ColorNamePrimary))
	v.count.TextSize, v.count.TextStyle = 26, fyne.TextStyle{Bold: true}
	v.quorum = para("")
	v.record = newAttendancePanel(u, id)
	v.tally = newTallyPanel(u)
	v.closeV = button("Close the vote", theme.MediaStopIcon(), widget.DangerImportance, v.closeVote)
	v.decided = container.NewVBox(v.tally.object(), v.vote, container.NewHBox(v.closeV))
	v.minutes = newBodyEditor(u, "minutes", func(md string) error { return u.coop.SetMinutes(id, md, false) })
	v.end = button("Close the meeting", theme.MediaStopIcon(), widget.DangerImportance, func() { confirmCloseMeeting(u, id) })
	v.closed = para("")
	leave := button("Leave meeting mode", theme.ViewRestoreIcon(), widget.LowImportance, func() { u.shell.leaveMeetingMode(id) })

	now := container.NewVBox(v.itemOf, v.item, container.NewHBox(v.prev, v.next), v.decided)
	roll := container.NewVBox(v.count, v.quorum, v.here, v.people)
	left := container.NewVScroll(container.NewPadded(container.NewVBox(card("Now", now), card("Minutes", v.minutes.object()))))
	right := container.NewVScroll(container.NewPadded(container.NewVBox(card("Roll call", roll), v.record.record)))
	split := container.NewHSplit(left, right)
	split.Offset = 0.62
	top := container.NewBorder(nil, nil, nil, container.NewHBox(v.end, leave), container.NewVBox(v.title, v.closed))
	v.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	return v
}

func (v *meetingMode) object() fyne.CanvasObject { return v.root }
func (v *meetingMode) docID() string             { return v.id }
func (v *meetingMode) closeView()                {}

// watches: the proposal on screen changes with every vote.
func (v *meetingMode) watches(doc string) bool {
	return v.data != nil && v.data.pv != nil && v.data.pv.ID == doc
}

func (v *meetingMode) reload() {
	c, id := v.u.coop, v.id
	fetch(v.u, &v.gen, func() (*meetingModeData, error) {
		info, err := c.Meeting(id)
		if err != nil {
			return nil, err
		}
		d := &meetingModeData{info: info}
		for i, it := range info.Agenda {
			if it.ID == info.Current {
				d.current, d.number = &info.Agenda[i], i+1
			}
		}
		if d.current != nil && (d.current.Kind == workspace.AgendaProposal || d.current.Kind == workspace.AgendaReview) {
			if pv, err := c.Proposal(d.current.Ref); err == nil {
				d.pv = &pv
			}
		}
		return d, nil
	}, func(d *meetingModeData, err error) {
		if err != nil {
			v.u.showError("Could not read the meeting", err)
			return
		}
		v.show(d)
	})
}

func (v *meetingMode) show(d *meetingModeData) {
	v.data = d
	m := d.info
	v.title.SetText(m.Title)
	live := m.Phase == workspace.MeetingStarted
	v.closed.SetText("")
	if m.Phase == workspace.MeetingClosed {
		v.closed.SetText("The meeting has closed.")
	}
	if d.current == nil {
		v.item.Text = "Not started on the agenda yet"
		v.itemOf.SetText(plural(len(m.Agenda), "item") + " on the agenda")
	} else {
		v.item.Text = d.current.Title
		v.itemOf.SetText(fmt.Sprintf("Item %d of %d", d.number, len(m.Agenda)))
	}
	v.item.Color = theme.Color(theme.ColorNameForeground)
	v.item.Refresh()
	show(v.prev, m.AmChair && live && d.number > 1)
	show(v.next, m.AmChair && live && d.number < len(m.Agenda))
	show(v.end, m.AmChair && live)
	show(v.here, live && !m.AmPresent && v.u.isMember())
	v.showRollCall(m)
	v.record.show(m)
	v.showDecision(d)
	v.minutes.show(m.Minutes, m.Approval == nil, "The minutes are approved.")
}

func (v *meetingMode) showRollCall(m workspace.MeetingInfo) {
	q := m.Quorum
	v.count.Text = fmt.Sprintf("%d of %d here", q.Present, q.Voters)
	v.count.Refresh()
	text := ""
	if q.Represented > 0 {
		text = fmt.Sprintf("%d more represented by proxy. ", q.Represented)
	}
	if pv := v.data.pv; pv != nil && pv.Tally.Quorum > 0 {
		need := int(float64(q.Voters)*pv.Tally.Quorum + 0.999999)
		state := "not reached"
		if q.Met(pv.Tally.Quorum) {
			state = "reached"
		}
		text += fmt.Sprintf("Quorum for this decision: %d of %d — %s.", need, q.Voters, state)
	}
	v.quorum.SetText(text)
	var rows []fyne.CanvasObject
	for _, p := range m.Present {
		l := widget.NewLabelWithStyle(v.u.nameOf(p.Member), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		rows = append(rows, container.NewHBox(l, note(presenceText(v.u, p))))
	}
	v.people.Objects = rows
	v.people.Refresh()
}

// showDecision shows the current proposal's tally and, for a consent
// decision, the vote itself.
func (v *meetingMode) showDecision(d *meetingModeData) {
	show(v.decided, d.pv != nil)
	if d.pv == nil {
		return
	}
	pv := *d.pv
	v.tally.show(pv)
	open := pv.Tally.Status == workspace.ProposalOpen
	v.vote.Objects = nil
	if open && pv.Process == workspace.ProcessConsent && v.u.canVote() {
		for i, label := range consentLabels {
			word := []string{workspace.ConsentAgree, workspace.ConsentAbstain, workspace.ConsentDisagree, workspace.ConsentBlock}[i]
			imp := widget.MediumImportance
			if word == workspace.ConsentAgree {
				imp = widget.HighImportance
			}
			b := button(label, nil, imp, func() {
				v.u.do("vote", func() error { return v.u.coop.VoteWords(pv.ID, []string{word}, "") }, nil)
			})
			v.vote.Objects = append(v.vote.Objects, b)
		}
	} else if open {
		v.vote.Objects = []fyne.CanvasObject{note("Vote on the proposal's own page.")}
	}
	v.vote.Refresh()
	show(v.closeV, open && d.info.AmChair)
}

func (v *meetingMode) closeVote() {
	if v.data == nil || v.data.pv == nil {
		return
	}
	pid := v.data.pv.ID
	v.u.do("close the vote", func() error { return v.u.coop.CloseProposal(pid) }, nil)
}

// step moves the meeting on (or back) one agenda item.
func (v *meetingMode) step(by int) {
	if v.data == nil {
		return
	}
	agenda := v.data.info.Agenda
	i := v.data.number - 1 + by // number is 0 before the first item
	if v.data.current == nil {
		i = 0
	}
	if i < 0 || i >= len(agenda) {
		return
	}
	item := agenda[i].ID
	v.u.do("move on", func() error { return v.u.coop.SetCurrentItem(v.id, item) }, nil)
}

// showMeetingMode puts a meeting on the whole window; any section shown
// afterwards puts the shell back (see restoreShell).
func (s *shell) showMeetingMode(id string) {
	s.closeDetail()
	v := newMeetingMode(s.u, id)
	s.view = v
	s.u.root.Objects = []fyne.CanvasObject{v.object()}
	s.u.root.Refresh()
	v.reload()
}

// leaveMeetingMode goes back to the meeting in the Meetings section.
func (s *shell) leaveMeetingMode(id string) {
	s.showSection(secMeetings) // puts the shell back on the window
	s.list.open(id)
}

// restoreShell puts the shell back on the window after meeting mode.
func (s *shell) restoreShell() {
	if len(s.u.root.Objects) == 1 && s.u.root.Objects[0] != s.content {
		s.u.root.Objects = []fyne.CanvasObject{s.content}
		s.u.root.Refresh()
	}
}
