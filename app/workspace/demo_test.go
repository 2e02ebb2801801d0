package workspace

import (
	"errors"
	"testing"

	"github.com/mutual-coop/mutual/crdt"
)

func TestSeedDemo(t *testing.T) {
	w, err := Open(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c, err := w.SeedDemo("Sam")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name() != DemoCoopName || w.MyName() != "Sam" {
		t.Fatalf("co-op %q, me %q", c.Name(), w.MyName())
	}
	roster, err := c.Members()
	if err != nil {
		t.Fatal(err)
	}
	if len(roster.Members) != 12 || len(roster.Voters()) != 11 || len(roster.Rejected) != 0 {
		t.Fatalf("roster: %d members, %d voters, %d refused entries", len(roster.Members), len(roster.Voters()), len(roster.Rejected))
	}

	props, err := c.List("proposal")
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 5 {
		t.Fatalf("%d proposals, want 5", len(props))
	}
	results := map[string]TallyResult{}
	var outcomes, blocks, waiting, observerRejected int
	for _, s := range props {
		pv, err := c.Proposal(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		results[s.Title] = pv.Tally
		if pv.Outcome != nil {
			outcomes++
		}
		for _, o := range pv.Tally.Options {
			if o.ID == crdt.Block && o.Count > 0 {
				blocks++
			}
		}
		for _, id := range pv.Tally.NotVoted {
			if id == w.Me() && pv.Tally.Status == crdt.ProposalOpen {
				waiting++
			}
		}
		for _, r := range pv.Tally.Rejected {
			if r.Reason != crdt.RejectObserver {
				t.Errorf("%s: a stance was refused (%s): the demo's signatures must verify", s.Title, r.Reason)
			}
			observerRejected++
		}
	}
	if outcomes < 1 || blocks != 1 || waiting < 2 || observerRejected != 1 {
		t.Fatalf("outcomes %d, blocked %d, waiting for me %d, observer stances refused %d", outcomes, blocks, waiting, observerRejected)
	}
	if r := results["Ratify the 2025 bylaws revision"]; r.Result != crdt.ResultPassed || r.Participated != 11 {
		t.Fatalf("ratification proposal: %s with %d", r.Result, r.Participated)
	}
	if r := results["Where should our day-old bread go?"]; r.Result != crdt.ResultPassed || r.Status != crdt.ProposalClosed {
		t.Fatalf("bread poll: %s, %s", r.Result, r.Status)
	}

	// The bylaws: ratified, signed, with amendments in every state.
	agrs, err := c.List("agreement")
	if err != nil {
		t.Fatal(err)
	}
	var bylaws string
	for _, s := range agrs {
		if s.Title == "Bylaws" {
			bylaws = s.ID
		}
	}
	a, err := c.Agreement(bylaws)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := a.Status(); st != crdt.AgreementRatified {
		t.Fatalf("bylaws status %q", st)
	}
	rats, err := a.Ratifications(roster)
	if err != nil || len(rats) != 1 || len(rats[0].Signers) != 9 || len(rats[0].Rejected) != 0 {
		t.Fatalf("ratifications %+v, %v", rats, err)
	}
	ams, _ := a.Amendments()
	states := map[crdt.AmendmentStatus]int{}
	for _, am := range ams {
		states[am.Status]++
	}
	if states[crdt.AmendmentProposed] != 1 || states[crdt.AmendmentAccepted] != 1 || states[crdt.AmendmentRejected] != 1 {
		t.Fatalf("amendments %v", states)
	}

	// The rota: shifts booked, a conflict, a stand-in request on my shift.
	scheds, _ := c.List("schedule")
	var rota *crdt.Schedule
	for _, s := range scheds {
		if s.Title == "Bakery rota" {
			rota, _ = c.Schedule(s.ID)
		}
	}
	shifts, _ := rota.Shifts()
	conflicts, _ := rota.Conflicts()
	mine, askedOfMe := 0, 0
	for _, sh := range shifts {
		if sh.Has(w.Me()) {
			mine++
			for _, si := range sh.StandIns {
				if si.Open() && si.Requester != w.Me() {
					askedOfMe++
				}
			}
		}
	}
	if len(shifts) < 70 || len(conflicts) != 1 || conflicts[0].Kind != crdt.ConflictOverCapacity || mine < 5 || askedOfMe != 1 {
		t.Fatalf("rota: %d shifts, conflicts %+v, %d mine, %d stand-in requests on mine", len(shifts), conflicts, mine, askedOfMe)
	}

	// A second seeding is refused and changes nothing.
	before, _ := c.List("")
	if _, err := w.SeedDemo("Sam"); !errors.Is(err, ErrExists) {
		t.Fatalf("seeding again: %v", err)
	}
	after, _ := c.List("")
	if len(after) != len(before) || len(w.Coops()) != 1 {
		t.Fatalf("a refused seeding changed the directory: %d → %d docs, %d co-ops", len(before), len(after), len(w.Coops()))
	}
}

func TestSeedDemoMeetings(t *testing.T) {
	w, err := Open(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c, err := w.SeedDemo("Sam")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c.List("meeting")
	if err != nil || len(ms) != 2 {
		t.Fatalf("%d meetings, %v", len(ms), err)
	}
	var past, next MeetingInfo
	for _, s := range ms {
		info, err := c.Meeting(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if info.Phase == MeetingClosed {
			past = info
		} else {
			next = info
		}
	}
	if past.Quorum.Present != 10 || past.Quorum.Represented != 1 || past.MinutesStatus != MinutesApproved || len(past.Refused) != 0 {
		t.Fatalf("last month's meeting: quorum %+v, minutes %s, refused %+v", past.Quorum, past.MinutesStatus, past.Refused)
	}
	if next.Phase != MeetingPlanned || len(next.Agenda) != 1 || next.Agenda[0].Kind != AgendaActions || len(next.EarlierOpen) != 1 {
		t.Fatalf("next meeting: %s, agenda %+v, open %+v", next.Phase, next.Agenda, next.EarlierOpen)
	}
}
