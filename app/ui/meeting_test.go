package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/mutual-coop/mutual/app/workspace"
)

func (h *harness) meetingView() *meetingView {
	h.t.Helper()
	v, ok := h.u.shell.view.(*meetingView)
	if !ok || v.data == nil {
		h.t.Fatalf("no meeting is open (view %T)", h.u.shell.view)
	}
	return v
}

func (h *harness) meetingMode() *meetingMode {
	h.t.Helper()
	v, ok := h.u.shell.view.(*meetingMode)
	if !ok || v.data == nil {
		h.t.Fatalf("not in meeting mode (view %T)", h.u.shell.view)
	}
	return v
}

func (h *harness) meetingInfo(id string) workspace.MeetingInfo {
	h.t.Helper()
	info, err := h.coop().Meeting(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return info
}

// TestMeetingMode: Ana calls a meeting in the window with a proposal to
// decide there, starts it and goes to meeting mode; Bo's presence arrives
// by sync and shows in the roll call; she confirms her own, moves to the
// proposal, both vote, she closes the vote, writes the minutes, closes the
// meeting and approves the minutes.
func TestMeetingMode(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	bo := newColleague(t, h, "Bo", "member")
	c := h.coop()
	pid, err := c.NewProposal(workspace.ProposalSpec{Title: "Buy a second oven", Process: workspace.ProcessConsent,
		PassRule: workspace.PassMajority, Quorum: 0.5, ClosesAt: time.Now().Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h.u.shell.showSection(secMeetings)
	h.settle()
	h.tap("New meeting")
	f := h.u.shell.meetingForm
	test.Type(f.title, "March meeting")
	f.place.SetText("Back room")
	test.Tap(f.create)
	h.settle()
	v := h.meetingView()
	mid := v.id
	if got := h.meetingInfo(mid); got.Title != "March meeting" || got.Place != "Back room" || !got.AmChair {
		t.Fatalf("the meeting called: %+v", got.MeetingView)
	}

	// The agenda: the proposal, to decide at the meeting.
	v.tabs.SelectIndex(1)
	v.agenda.proposal.SetSelected("Buy a second oven")
	v.agenda.decide.SetChecked(true)
	test.Tap(v.agenda.add)
	h.settle()
	if info := h.meetingInfo(mid); len(info.Agenda) != 1 || len(info.Decisions) != 1 || !info.Decisions[0].DecidedHere {
		t.Fatalf("agenda %+v, decisions %+v", info.Agenda, info.Decisions)
	}

	v.tabs.SelectIndex(0)
	if ms := h.win.Content().MinSize(); ms.Width > 1024 || ms.Height > 640 {
		t.Fatalf("the meeting screen needs %v: it does not fit 1024x640", ms)
	}
	h.tap("Start the meeting")
	h.tap("Meeting mode")
	m := h.meetingMode()
	if m.count.Text != "0 of 2 here" {
		t.Fatalf("roll call shows %q", m.count.Text)
	}

	// Bo's device gets the roll call by sync; he confirms.
	bo.receive(t, c, mid)
	bo.receive(t, c, pid)
	if err := bo.coop.ConfirmPresence(mid); err != nil {
		t.Fatal(err)
	}
	bo.send(t, c, mid)
	h.settle()
	if m.count.Text != "1 of 2 here" || !strings.Contains(h.text(), "Bo") {
		t.Fatalf("after Bo's presence the roll call shows %q:\n%s", m.count.Text, h.text())
	}
	h.tap("I'm here")
	if m.count.Text != "2 of 2 here" {
		t.Fatalf("after mine the roll call shows %q", m.count.Text)
	}

	// The chair moves to the proposal; the vote happens on the big screen.
	h.tap("Next item")
	if m.item.Text != "Buy a second oven" || m.data.pv == nil {
		t.Fatalf("current item %q", m.item.Text)
	}
	h.wantText("Quorum for this decision: 1 of 2 — reached.")
	if ms := h.win.Content().MinSize(); ms.Width > 1024 || ms.Height > 640 {
		t.Fatalf("meeting mode needs %v: it does not fit 1024x640", ms)
	}
	h.tap("Agree")
	bo.receive(t, c, pid)
	if err := bo.coop.VoteWords(pid, []string{"agree"}, ""); err != nil {
		t.Fatal(err)
	}
	bo.send(t, c, pid)
	h.settle()
	if got := m.data.pv.Tally.Participated; got != 2 {
		t.Fatalf("the live tally counts %d", got)
	}
	time.Sleep(2 * time.Millisecond) // the close is later than the last vote
	h.tap("Close the vote")
	if pv := m.data.pv; pv.Tally.Result != workspace.ResultPassed || pv.Meeting == nil || pv.Meeting.Present != 2 {
		t.Fatalf("after the close: %+v / %+v", pv.Tally, pv.Meeting)
	}
	h.wantText("Passed.")

	// The minutes, typed on the meeting screen.
	m.minutes.startEdit()
	m.minutes.entry.SetText(m.minutes.entry.Text + "We buy the oven in April.\n")
	test.Tap(m.minutes.saveBtn)
	h.settle()
	if info := h.meetingInfo(mid); !strings.Contains(info.Minutes, "## Buy a second oven\n\nWe buy the oven in April.") {
		t.Fatalf("minutes saved: %q", info.Minutes)
	}

	h.tap("Close the meeting")
	h.tap("Yes")
	if m.closed.Text != "The meeting has closed." || h.meetingInfo(mid).Phase != workspace.MeetingClosed {
		t.Fatalf("after closing: %q", m.closed.Text)
	}
	h.tap("Leave meeting mode")
	h.settle()
	v = h.meetingView()
	h.tap("Approve the minutes")
	if info := h.meetingInfo(mid); info.MinutesStatus != workspace.MinutesApproved {
		t.Fatalf("minutes %s", info.MinutesStatus)
	}
	if text, _ := statusText(workspace.DocSummary{Kind: "meeting", Status: workspace.MeetingStatusApproved}, false, workspace.TallyResult{}); text != "Minutes approved" {
		t.Fatalf("list status %q", text)
	}
	if !v.minutes.edit.Disabled() {
		t.Fatal("approved minutes can be edited without amending")
	}
}

// TestRollCallAsksMemberToConfirm: a meeting Bo chairs starts on his
// machine; on Ana's the roll call arrives by sync, she is told, the
// Meetings section shows it needs her, and one click records her present.
func TestRollCallAsksMemberToConfirm(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	bo := newColleague(t, h, "Bo", "admin")
	mid, err := bo.coop.NewMeeting(workspace.MeetingSpec{Title: "March meeting", Start: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := bo.coop.StartMeeting(mid); err != nil {
		t.Fatal(err)
	}
	// A document new to Ana's machine arrives as its bytes (send hands over
	// Bo's own copy, which signs as Bo).
	b, err := bo.coop.Export(mid, "automerge")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.ws.Import(b, "meeting.automerge", ""); err != nil {
		t.Fatal(err)
	}
	h.settle()
	found := false
	for _, n := range h.notes {
		found = found || strings.HasPrefix(n, "Are you at the meeting?: March meeting has started")
	}
	if !found {
		t.Fatalf("no notification; notes %v", h.notes)
	}
	if h.u.shell.badges[secMeetings] != "1" {
		t.Fatalf("Meetings badge %q", h.u.shell.badges[secMeetings])
	}
	h.u.shell.opened(secMeetings, mid)
	h.settle()
	v := h.meetingView()
	if !v.here.Visible() {
		t.Fatal("the roll call's \"I'm here\" is not shown")
	}
	test.Tap(v.hereBtn)
	h.settle()
	if info := h.meetingInfo(mid); !info.AmPresent || v.here.Visible() {
		t.Fatalf("after I'm here: present %v, still asking %v (%s)", info.AmPresent, v.here.Visible(), h.u.shell.lastError)
	}
	if h.u.shell.badges[secMeetings] != "" {
		t.Fatalf("Meetings badge after confirming %q", h.u.shell.badges[secMeetings])
	}
	// The chair's record of someone without a laptop is not Ana's to make.
	v.tabs.SelectIndex(2)
	h.settle()
	if v.attendance.record.Visible() {
		t.Fatal("a member who is not the chair is offered to record others present")
	}
}

func TestMeetingListFiltersAndOrder(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	docs := []workspace.DocSummary{
		{ID: "a", Kind: "meeting", Status: workspace.MeetingStatusApproved, Deadline: now.AddDate(0, -1, 0)},
		{ID: "b", Kind: "meeting", Status: workspace.MeetingStatusPlanned, Deadline: now.AddDate(0, 0, 7)},
		{ID: "c", Kind: "meeting", Status: workspace.MeetingStatusClosed, Deadline: now.AddDate(0, 0, -3)},
	}
	sortDocs(docs, now)
	if docs[0].ID != "b" || docs[1].ID != "c" || docs[2].ID != "a" {
		t.Fatalf("order %v %v %v, want the latest meeting first", docs[0].ID, docs[1].ID, docs[2].ID)
	}
	if got := filterDocs(docs, "", filterComing, listMarks{}); len(got) != 1 || got[0].ID != "b" {
		t.Fatalf("coming up: %+v", got)
	}
	if got := filterDocs(docs, "", filterPast, listMarks{}); len(got) != 2 {
		t.Fatalf("past: %+v", got)
	}
	if text, _ := statusText(docs[0], false, workspace.TallyResult{}); text != "Planned" {
		t.Fatalf("status %q", text)
	}
}
