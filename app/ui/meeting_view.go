package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/mutual-coop/mutual/app/workspace"
)

// meetingData is a meeting as read in one go, with what its forms offer.
type meetingData struct {
	info      workspace.MeetingInfo
	proposals []workspace.DocSummary // proposals not closed, for the agenda
}

// meetingView is one meeting: when and where, the roll call with its
// "I'm here", proxies, the agenda, the minutes and the actions. "Meeting
// mode" puts the meeting on the whole window, for the room's screen.
type meetingView struct {
	u  *UI
	id string

	title, status, when, who *widget.Label
	here                     *fyne.Container // the roll call waits for this member
	hereBtn                  *widget.Button
	quorum                   *widget.Label
	start, mode, end, approv *widget.Button
	proxy                    *proxyPanel
	attendance               *attendancePanel
	agenda                   *agendaPanel
	minutes                  *bodyEditor
	minutesNote              *widget.Label
	amend                    bool
	actions                  *actionsPanel
	tabs                     *container.AppTabs

	data *meetingData
	gen  int
	root fyne.CanvasObject
}

func newMeetingView(u *UI, id string) *meetingView {
	v := &meetingView{u: u, id: id}
	v.title = heading("")
	v.status = chip("", widget.LowImportance)
	v.when, v.who, v.quorum = widget.NewLabel(""), note(""), widget.NewLabel("")
	v.hereBtn = button("I'm here", theme.ConfirmIcon(), widget.HighImportance, v.confirmHere)
	v.here = container.NewVBox(card("The roll call is open", container.NewVBox(
		para("Are you at the meeting? Confirm it, and your presence counts for the decisions taken there."), v.hereBtn)))
	v.start = button("Start the meeting", theme.MediaPlayIcon(), widget.HighImportance, func() {
		u.do("start the meeting", func() error { return u.coop.StartMeeting(id) }, nil)
	})
	v.mode = button("Meeting mode", theme.ViewFullScreenIcon(), widget.HighImportance, func() { u.shell.showMeetingMode(id) })
	v.end = button("Close the meeting", theme.MediaStopIcon(), widget.DangerImportance, func() { confirmCloseMeeting(u, id) })
	v.approv = button("Approve the minutes", theme.ConfirmIcon(), widget.HighImportance, func() {
		u.do("approve the minutes", func() error { return u.coop.ApproveMinutes(id) }, nil)
	})
	v.proxy = newProxyPanel(u, id)
	v.attendance = newAttendancePanel(u, id)
	v.agenda = newAgendaPanel(u, id)
	v.minutes = newBodyEditor(u, "minutes", func(md string) error { return u.coop.SetMinutes(id, md, v.amend) })
	v.minutesNote = note("")
	amendBtn := button("Amend the approved minutes…", theme.DocumentCreateIcon(), widget.LowImportance, func() {
		v.amend = true
		v.show(v.data)
		v.minutes.startEdit()
	})
	v.actions = newActionsPanel(u, id)
	overview := container.NewVBox(v.here, v.quorum, container.NewHBox(v.start, v.mode, v.end, v.approv), v.proxy.object())
	v.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Meeting", theme.InfoIcon(), scroller(container.NewPadded(overview))),
		container.NewTabItemWithIcon("Agenda", theme.ListIcon(), v.agenda.object()),
		container.NewTabItemWithIcon("Attendance", theme.AccountIcon(), scroller(container.NewPadded(v.attendance.object()))),
		container.NewTabItemWithIcon("Minutes", theme.DocumentIcon(), scroller(container.NewPadded(
			container.NewVBox(v.minutesNote, v.minutes.object(), container.NewHBox(amendBtn))))),
		container.NewTabItemWithIcon("Actions", theme.ConfirmIcon(), scroller(container.NewPadded(v.actions.object()))),
	)
	v.root = container.NewBorder(container.NewVBox(v.title, container.NewHBox(v.status, v.when), v.who), nil, nil, nil, v.tabs)
	return v
}

func (v *meetingView) object() fyne.CanvasObject { return v.root }
func (v *meetingView) docID() string             { return v.id }
func (v *meetingView) closeView()                {}

func (v *meetingView) reload() {
	c, id := v.u.coop, v.id
	fetch(v.u, &v.gen, func() (*meetingData, error) { return readMeeting(c, id) }, func(d *meetingData, err error) {
		if err != nil {
			v.u.showError("Could not open the meeting", err)
			return
		}
		v.show(d)
	})
}

// readMeeting reads a meeting and the proposals its agenda may take.
func readMeeting(c *workspace.Coop, id string) (*meetingData, error) {
	info, err := c.Meeting(id)
	if err != nil {
		return nil, err
	}
	d := &meetingData{info: info}
	props, err := c.List("proposal")
	if err != nil {
		return nil, err
	}
	for _, p := range props {
		if p.Status != "closed" {
			d.proposals = append(d.proposals, p)
		}
	}
	return d, nil
}

func (v *meetingView) show(d *meetingData) {
	if d == nil {
		return
	}
	v.data = d
	m := d.info
	v.title.SetText(m.Title)
	text, imp := meetingPhaseText(m)
	setChip(v.status, text, imp)
	when := dateTime(m.Start, v.u.now())
	if m.Place != "" {
		when += " · " + m.Place
	}
	v.when.SetText(when)
	who := "Chair: " + v.u.nameOf(m.Chair)
	if m.NoteTaker != "" {
		who += " · Notes: " + v.u.nameOf(m.NoteTaker)
	}
	v.who.SetText(who)
	started := m.Phase == workspace.MeetingStarted
	show(v.here, started && !m.AmPresent && v.u.isMember())
	v.quorum.SetText(quorumSentence(m))
	show(v.start, m.Phase == workspace.MeetingPlanned && m.AmChair)
	show(v.mode, started)
	show(v.end, started && m.AmChair)
	show(v.approv, m.Phase == workspace.MeetingClosed && m.Approval == nil && (m.AmChair || v.u.isAdmin()))
	v.proxy.show(m)
	v.attendance.show(m)
	v.agenda.show(d)
	v.actions.show(m)
	v.showMinutes(m)
}

func (v *meetingView) showMinutes(m workspace.MeetingInfo) {
	approved := m.Approval != nil
	switch {
	case approved && m.MinutesStatus == workspace.MinutesAmended:
		v.minutesNote.SetText("Changed since they were approved on " + dateOnly(m.Approval.At, v.u.now()) + ": the chair can approve them again.")
	case approved:
		v.minutesNote.SetText("Approved by " + v.u.nameOf(m.Approval.By) + " on " + dateOnly(m.Approval.At, v.u.now()) + ".")
	default:
		v.minutesNote.SetText("Everyone can write the minutes; each agenda item has its own section.")
	}
	v.minutes.show(m.Minutes, !approved || v.amend, "Approved minutes change only by an amendment.")
}

func (v *meetingView) confirmHere() {
	v.hereBtn.Disable()
	v.u.do("confirm you're here", func() error { return v.u.coop.ConfirmPresence(v.id) }, func() { v.hereBtn.Enable() })
}

// meetingPhaseText is a meeting's state in words, and how loud.
func meetingPhaseText(m workspace.MeetingInfo) (string, widget.Importance) {
	switch {
	case m.Phase == workspace.MeetingPlanned:
		return "Planned", widget.LowImportance
	case m.Phase == workspace.MeetingStarted:
		return "In progress", widget.HighImportance
	case m.Approval == nil:
		return "Minutes to approve", widget.WarningImportance
	case m.MinutesStatus == workspace.MinutesAmended:
		return "Minutes changed since approved", widget.WarningImportance
	}
	return "Minutes approved", widget.SuccessImportance
}

// meetingStatusText is the list's word for a meeting's index status.
func meetingStatusText(status string) (string, widget.Importance) {
	switch status {
	case workspace.MeetingStatusStarted:
		return "In progress", widget.HighImportance
	case workspace.MeetingStatusClosed:
		return "Minutes to approve", widget.WarningImportance
	case workspace.MeetingStatusApproved:
		return "Minutes approved", widget.SuccessImportance
	case workspace.MeetingStatusAmended:
		return "Minutes changed since approved", widget.WarningImportance
	}
	return "Planned", widget.LowImportance
}

// quorumSentence says who is there, in words.
func quorumSentence(m workspace.MeetingInfo) string {
	q := m.Quorum
	if m.Phase == workspace.MeetingPlanned {
		if n := len(m.Proxies); n > 0 {
			if n == 1 {
				return "1 proxy given so far."
			}
			return fmt.Sprintf("%d proxies given so far.", n)
		}
		return "The roll call opens when the chair starts the meeting."
	}
	s := fmt.Sprintf("%d of %d voting members here", q.Present, q.Voters)
	if q.Represented > 0 {
		s += fmt.Sprintf(", %d more by proxy", q.Represented)
	}
	return s + "."
}

// isMember reports whether this member is active in the co-op.
func (u *UI) isMember() bool {
	m, ok := u.roster.Member(u.me())
	return ok && m.Active()
}
