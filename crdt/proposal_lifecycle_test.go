package crdt

import (
	"errors"
	"testing"
	"time"
)

func TestProposalLifecycle(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	v := f.view(t)
	deadline := propT0.Add(7 * 24 * time.Hour)
	status := func() ProposalStatus {
		s, err := p.Status(f.now)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	steps := []struct {
		name       string
		at         time.Duration // after propT0
		do         func() error
		want       error
		wantStatus ProposalStatus
	}{
		{"outcome while open", time.Hour, func() error { return p.SetOutcome(v, "Bought", time.Time{}) }, ErrInvalid, ProposalOpen},
		{"extend into the past", time.Hour, func() error { return p.Extend(v, propT0) }, ErrInvalid, ProposalOpen},
		{"extend to now", time.Hour, func() error { return p.Extend(v, propT0.Add(time.Hour)) }, ErrInvalid, ProposalOpen},
		{"extend", time.Hour, func() error { deadline = deadline.Add(24 * time.Hour); return p.Extend(v, deadline) }, nil, ProposalOpen},
		{"shorten, still in the future", time.Hour, func() error { deadline = propT0.Add(3 * 24 * time.Hour); return p.Extend(v, deadline) }, nil, ProposalOpen},
		{"reopen while open", time.Hour, func() error { return p.Reopen(v, propT0.Add(10*24*time.Hour)) }, ErrInvalid, ProposalOpen},
		{"close early", 2 * time.Hour, func() error { return p.Close(v) }, nil, ProposalClosed},
		{"close again", 2 * time.Hour, func() error { return p.Close(v) }, ErrClosed, ProposalClosed},
		{"extend after close", 2 * time.Hour, func() error { return p.Extend(v, propT0.Add(5*24*time.Hour)) }, ErrClosed, ProposalClosed},
		{"outcome without text", 3 * time.Hour, func() error { return p.SetOutcome(v, " ", time.Time{}) }, ErrInvalid, ProposalClosed},
		{"outcome reviewed in the past", 3 * time.Hour, func() error { return p.SetOutcome(v, "Bought", propT0) }, ErrInvalid, ProposalClosed},
		{"outcome", 3 * time.Hour, func() error { return p.SetOutcome(v, "We bought the oven.", propT0.Add(90*24*time.Hour)) }, nil, ProposalClosed},
		{"outcome restated", 3 * time.Hour, func() error { return p.SetOutcome(v, "We bought the gas oven.", time.Time{}) }, nil, ProposalClosed},
		{"reopen into the past", 4 * time.Hour, func() error { return p.Reopen(v, propT0) }, ErrInvalid, ProposalClosed},
		{"reopen", 4 * time.Hour, func() error { deadline = propT0.Add(2 * 24 * time.Hour); return p.Reopen(v, deadline) }, nil, ProposalOpen},
		{"deadline passes", 2 * 24 * time.Hour, func() error { return nil }, nil, ProposalClosed},
		{"reopen after the deadline", 2*24*time.Hour + time.Minute, func() error { deadline = propT0.Add(4 * 24 * time.Hour); return p.Reopen(v, deadline) }, nil, ProposalOpen},
	}
	for _, s := range steps {
		f.now = propT0.Add(s.at)
		err := s.do()
		if s.want == nil && err != nil || s.want != nil && !errors.Is(err, s.want) {
			t.Fatalf("%s: %v, want %v", s.name, err, s.want)
		}
		if got := status(); got != s.wantStatus {
			t.Fatalf("%s: status %s, want %s", s.name, got, s.wantStatus)
		}
		switch s.name {
		case "outcome restated":
			o, ok, err := p.Outcome()
			if err != nil || !ok || o.Statement != "We bought the gas oven." || !o.ReviewAt.IsZero() || o.By != f.member("ada") || !o.At.Equal(f.now) {
				t.Fatalf("outcome %+v %v %v", o, ok, err)
			}
		case "reopen":
			if _, ok, _ := p.Outcome(); ok {
				t.Fatal("reopening kept the outcome of a result that no longer stands")
			}
			st, _ := p.Settings()
			if !st.ClosedAt.IsZero() || !st.Deadline().Equal(deadline) {
				t.Fatalf("after reopen: %+v", st)
			}
		}
	}
	hist, err := p.History()
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, c := range hist[2:] {
		msgs = append(msgs, c.Message)
	}
	want := "move the deadline to 2026-03-10 09:00 UTC,move the deadline to 2026-03-05 09:00 UTC,close early,state the outcome,state the outcome,reopen until 2026-03-04 09:00 UTC,reopen until 2026-03-06 09:00 UTC"
	if got := propJoin(msgs); got != want {
		t.Fatalf("history\n%s\nwant\n%s", got, want)
	}
}

func TestProposalDraftClose(t *testing.T) {
	f := newPropFixture(t)
	s := propSpec(ProcessConsent)
	s.OpensAt = propT0.Add(24 * time.Hour)
	p := f.propose(t, s)
	v := f.view(t)
	if err := f.tryVote(t, p, "ben", propOne(Agree), ""); !errors.Is(err, ErrClosed) {
		t.Fatalf("vote in draft: %v", err)
	}
	if err := p.Close(v); err != nil {
		t.Fatalf("withdraw a draft: %v", err)
	}
	if st, _ := p.Status(propT0.Add(2 * 24 * time.Hour)); st != ProposalClosed {
		t.Fatalf("withdrawn draft is %s", st)
	}
	if err := p.Reopen(v, propT0.Add(12*time.Hour)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("reopen before the opening: %v", err)
	}
}

// A vote followed at once by "close now", in the same millisecond, counts.
func TestCloseRightAfterAVoteKeepsIt(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	f.vote(t, p, "cy", propOne(Block), "no")
	// The fixture's clock stands still: the close is signed in the very
	// millisecond of the vote.
	if err := p.Close(f.view(t)); err != nil {
		t.Fatal(err)
	}
	res, err := Tally(p, f.view(t), f.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Counted) != 1 || res.Result != ResultBlocked {
		t.Fatalf("the vote cast in the closing millisecond: counted %d, result %s, rejected %+v", len(res.Counted), res.Result, res.Rejected)
	}
}
