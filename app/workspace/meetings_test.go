package workspace

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// testClock is one clock for several members' workspaces.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// meetingCoop is Ana's co-op (she founded it) and two members' copies, Bo
// and Cy, each in a workspace of its own on one clock. carry passes a
// document from one copy to another as sync would.
type meetingCoop struct {
	clk               *testClock
	ana, bo, cy       *Coop
	anaW, boW, cyW    *Workspace
	anaID, boID, cyID MemberID
}

func newMeetingCoop(t *testing.T) *meetingCoop {
	t.Helper()
	mc := &meetingCoop{clk: &testClock{t: time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)}}
	open := func() *Workspace {
		w, err := Open(Options{Dir: t.TempDir(), Clock: mc.clk.now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Close() })
		return w
	}
	mc.anaW = open()
	var err error
	if mc.ana, err = mc.anaW.CreateCoop("Riverside Bakery", "Ana"); err != nil {
		t.Fatal(err)
	}
	mc.anaID = mc.anaW.Me()
	mc.clk.add(time.Second) // members added after the founding, never in its millisecond
	join := func(name string) (*Workspace, MemberID) {
		w := open()
		id, err := w.EnsureIdentity(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := mc.ana.AddMember(id.Member(), name, "member"); err != nil {
			t.Fatal(err)
		}
		return w, id.Member()
	}
	mc.boW, mc.boID = join("Bo")
	mc.cyW, mc.cyID = join("Cy")
	for _, w := range []*Workspace{mc.boW, mc.cyW} {
		d, err := mc.ana.Doc(mc.ana.ID())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.Import(d.Save(), "roster.automerge", ""); err != nil {
			t.Fatal(err)
		}
	}
	if mc.bo, err = mc.boW.Coop(""); err != nil {
		t.Fatal(err)
	}
	if mc.cy, err = mc.cyW.Coop(""); err != nil {
		t.Fatal(err)
	}
	return mc
}

func carry(t *testing.T, from, to *Coop, id string) {
	t.Helper()
	d, err := from.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := to.Workspace().Import(d.Save(), "doc.automerge", ""); err != nil {
		t.Fatalf("carry %s: %v", id, err)
	}
}

func attentionKinds(t *testing.T, c *Coop) []string {
	t.Helper()
	as, err := c.NeedsAttention()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		out = append(out, a.Kind+":"+a.Title)
	}
	return out
}

func TestMeetingThroughTheFacade(t *testing.T) {
	mc := newMeetingCoop(t)
	ana, bo, cy := mc.ana, mc.bo, mc.cy
	start := mc.clk.now().Add(time.Hour)
	mid, err := ana.NewMeeting(MeetingSpec{Title: "March meeting", Start: start, Place: "Back room", NoteTaker: mc.boID})
	if err != nil {
		t.Fatal(err)
	}
	pid, err := ana.NewProposal(ProposalSpec{Title: "Buy a second oven", Process: crdt.ProcessConsent,
		PassRule: crdt.PassMajority, Quorum: 0.6, ClosesAt: start.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ana.AddAgendaItem(mid, AgendaSpec{Kind: AgendaProposal, Ref: pid[:6]}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := ana.AddAgendaItem(mid, AgendaSpec{Title: "Anything else"}, true); !errors.Is(err, crdt.ErrInvalid) {
		t.Fatalf("a free-text item decided at the meeting: %v", err)
	}
	for _, c := range []*Coop{bo, cy} {
		carry(t, ana, c, mid)
		carry(t, ana, c, pid)
	}
	// Cy cannot come: her vote goes to Bo.
	if err := cy.GiveProxy(mid, mc.boID); err != nil {
		t.Fatal(err)
	}
	carry(t, cy, ana, mid)
	carry(t, ana, bo, mid)

	mc.clk.add(time.Hour)
	if got := attentionKinds(t, bo); len(got) != 0 {
		t.Fatalf("Bo's attention before the meeting: %v", got)
	}
	if err := bo.StartMeeting(mid); !errors.Is(err, crdt.ErrNotAllowed) {
		t.Fatalf("Bo, not the chair, started the meeting: %v", err)
	}
	if err := ana.StartMeeting(mid); err != nil {
		t.Fatal(err)
	}
	carry(t, ana, bo, mid)
	if got := attentionKinds(t, bo); len(got) != 1 || got[0] != "presence:March meeting" {
		t.Fatalf("Bo's attention once the roll call opened: %v", got)
	}
	if err := bo.VoteByProxy(pid, mc.cyID, []string{"agree"}, ""); err == nil {
		t.Fatal("voted by proxy before confirming presence")
	}
	mc.clk.add(time.Minute)
	if err := bo.ConfirmPresence(mid); err != nil {
		t.Fatal(err)
	}
	if got := attentionKinds(t, bo); len(got) != 0 {
		t.Fatalf("Bo's attention after confirming: %v", got)
	}
	carry(t, bo, ana, mid)
	if err := ana.ConfirmPresence(mid); err != nil {
		t.Fatal(err)
	}
	info, err := ana.Meeting(mid)
	if err != nil {
		t.Fatal(err)
	}
	if info.Quorum.Present != 2 || info.Quorum.Represented != 1 || info.Quorum.Voters != 3 || !info.AmChair || !info.AmPresent {
		t.Fatalf("meeting info: quorum %+v, chair %v, present %v", info.Quorum, info.AmChair, info.AmPresent)
	}

	// The vote at the meeting: Ana agrees, Bo agrees and casts Cy's vote.
	mc.clk.add(time.Minute)
	if err := ana.VoteWords(pid, []string{"agree"}, ""); err != nil {
		t.Fatal(err)
	}
	carry(t, ana, bo, pid)
	carry(t, ana, bo, mid)
	if err := bo.VoteWords(pid, []string{"disagree"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := bo.VoteByProxy(pid, mc.cyID, []string{"agree"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := bo.VoteByProxy(pid, mc.anaID, []string{"agree"}, ""); !errors.Is(err, crdt.ErrNotAllowed) {
		t.Fatalf("Bo voted with a proxy he does not hold: %v", err)
	}
	carry(t, bo, ana, pid)
	mc.clk.add(time.Minute)
	if err := ana.CloseProposal(pid); err != nil {
		t.Fatal(err)
	}
	pv, err := ana.Proposal(pid)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Meeting == nil || pv.Tally.Result != crdt.ResultPassed || pv.Tally.Participated != 3 ||
		len(pv.Meeting.ByProxy) != 1 || pv.Meeting.ByProxy[0].Giver != mc.cyID || pv.Meeting.ByProxy[0].Holder != mc.boID {
		t.Fatalf("tally at the meeting: %+v / %+v", pv.Tally, pv.Meeting)
	}

	// Minutes, an action, the close and the approval.
	info, _ = ana.Meeting(mid)
	if err := ana.SetMinutes(mid, info.Minutes+"We buy the oven in April.\n", false); err != nil {
		t.Fatal(err)
	}
	due := mc.clk.now().Add(14 * 24 * time.Hour)
	aid, err := ana.AddAction(mid, ActionSpec{What: "Order the oven", Who: mc.boID, Due: due})
	if err != nil {
		t.Fatal(err)
	}
	mc.clk.add(time.Hour)
	if err := ana.CloseMeeting(mid); err != nil {
		t.Fatal(err)
	}
	if err := ana.ApproveMinutes(mid); err != nil {
		t.Fatal(err)
	}
	if err := ana.SetMinutes(mid, "Nothing happened.", false); !errors.Is(err, ErrMinutesApproved) {
		t.Fatalf("edited approved minutes: %v", err)
	}
	if s, _ := ana.Summary(mid); s.Status != MeetingStatusApproved || !s.Deadline.Equal(start) {
		t.Fatalf("list status %q, date %v", s.Status, s.Deadline)
	}
	carry(t, ana, bo, mid)
	if got := attentionKinds(t, bo); len(got) != 1 || got[0] != "action:Order the oven" {
		t.Fatalf("Bo's attention with an action: %v", got)
	}
	if a, err := bo.FindAction(aid[:5]); err != nil || a.Meeting != mid {
		t.Fatalf("FindAction: %+v %v", a, err)
	}
	if err := bo.SetActionDone(mid, aid, true); err != nil {
		t.Fatal(err)
	}
	if open, _ := bo.Actions(true, true); len(open) != 0 {
		t.Fatalf("open actions after done: %+v", open)
	}

	md, err := ana.Export(mid, "md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# March meeting", "**Where:** Back room", "2 of 3 voting members present, 1 more represented by proxy",
		"Ana — confirmed on their own device", "Cy's vote held by Bo (valid", "We buy the oven in April.",
		"### Buy a second oven", "**Passed** — 3 of 3 voting members took part", "Cy's vote cast by proxy by Bo",
		"[ ] Order the oven — Bo", "approved by Ana"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the Markdown minutes lack %q:\n%s", want, md)
		}
	}
	pdf, err := ana.Export(mid, "pdf")
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 1000 {
		t.Fatalf("PDF: %d bytes, %v", len(pdf), err)
	}
	rep, err := ana.Verify()
	if err != nil || !rep.OK() || rep.Decisions < 2 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	if found, _ := ana.Search("meeting", "april"); !found[mid] {
		t.Error("the minutes' words are not found by search")
	}
}

// TestNextMeetingStartsWithTheLastMinutesAndOpenActions.
func TestNextMeetingStartsWithTheLastMinutesAndOpenActions(t *testing.T) {
	mc := newMeetingCoop(t)
	ana := mc.ana
	start := mc.clk.now().Add(time.Hour)
	first, err := ana.NewMeeting(MeetingSpec{Title: "February meeting", Start: start})
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := ana.Meeting(first); len(info.Agenda) != 0 {
		t.Fatalf("the first meeting's agenda: %+v", info.Agenda)
	}
	if _, err := ana.AddAction(first, ActionSpec{What: "Fix the door", Who: mc.anaID}); err != nil {
		t.Fatal(err)
	}
	mc.clk.add(time.Hour)
	if err := ana.StartMeeting(first); err != nil {
		t.Fatal(err)
	}
	mc.clk.add(time.Hour)
	if err := ana.CloseMeeting(first); err != nil {
		t.Fatal(err)
	}
	next, err := ana.NewMeeting(MeetingSpec{Title: "March meeting", Start: start.Add(30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	info, err := ana.Meeting(next)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Agenda) != 2 || info.Agenda[0].Kind != AgendaMinutes || info.Agenda[0].Ref != first || info.Agenda[1].Kind != AgendaActions {
		t.Fatalf("the next meeting's agenda: %+v", info.Agenda)
	}
	if len(info.EarlierOpen) != 1 || info.EarlierOpen[0].What != "Fix the door" {
		t.Fatalf("open actions from earlier meetings: %+v", info.EarlierOpen)
	}
}

// TestVerifyNotesALateHonestPresence: a click on a copy that had not yet
// heard of the close is noted, not a problem.
func TestVerifyNotesALateHonestPresence(t *testing.T) {
	mc := newMeetingCoop(t)
	mid, err := mc.ana.NewMeeting(MeetingSpec{Title: "March meeting", Start: mc.clk.now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := mc.ana.StartMeeting(mid); err != nil {
		t.Fatal(err)
	}
	carry(t, mc.ana, mc.bo, mid)
	mc.clk.add(time.Hour)
	if err := mc.ana.CloseMeeting(mid); err != nil {
		t.Fatal(err)
	}
	mc.clk.add(time.Minute)
	if err := mc.bo.ConfirmPresence(mid); err != nil {
		t.Fatal(err)
	}
	carry(t, mc.bo, mc.ana, mid)
	rep, err := mc.ana.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0].Reason, "after the meeting closed") || rep.Notes[0].Name != "Bo" {
		t.Fatalf("verify: %+v", rep)
	}
}
