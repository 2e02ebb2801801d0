package crdt

import (
	"errors"
	"testing"
	"time"
)

// atMeeting is a consent proposal by Ada, open from propT0 for a week, to
// be decided at a meeting chaired by Ada that opens at meetT0; proxy
// holders may carry two.
func (f *propFixture) atMeeting(t *testing.T, quorum float64, rule PassRule) (*Proposal, *Meeting) {
	t.Helper()
	spec := propSpec(ProcessConsent)
	spec.Quorum, spec.PassRule = quorum, rule
	p := f.propose(t, spec)
	ms := f.meetingSpec()
	ms.MaxProxies = 2
	m := f.meeting(t, ms)
	if err := p.DecideAtMeeting(f.view(t), m.ID()); err != nil {
		t.Fatalf("DecideAtMeeting: %v", err)
	}
	return p, m
}

func (f *propFixture) proxyVote(t *testing.T, p *Proposal, m *Meeting, holder, giver string, choice string) {
	t.Helper()
	q := f.replica(t, p, holder)
	if err := q.VoteByProxy(f.member(giver), m.ID(), propOne(choice), ""); err != nil {
		t.Fatalf("%s votes for %s: %v", holder, giver, err)
	}
	if err := p.Merge(q.Doc); err != nil {
		t.Fatal(err)
	}
}

// step names what happens, in order, before the proposal closes at
// meetT0 + 30m.
type meetStep func(t *testing.T, f *propFixture, p *Proposal, m *Meeting)

func present(names ...string) meetStep {
	return func(t *testing.T, f *propFixture, _ *Proposal, m *Meeting) {
		for _, n := range names {
			f.must(t, m, n, confirm(f.view(t)))
		}
	}
}

func proxyTo(giver, holder string) meetStep {
	return func(t *testing.T, f *propFixture, _ *Proposal, m *Meeting) {
		f.must(t, m, giver, giveProxy(f, t, holder))
	}
}

func votes(name, choice string) meetStep {
	return func(t *testing.T, f *propFixture, p *Proposal, _ *Meeting) { f.vote(t, p, name, propOne(choice), "") }
}

func byProxy(holder, giver, choice string) meetStep {
	return func(t *testing.T, f *propFixture, p *Proposal, m *Meeting) {
		f.proxyVote(t, p, m, holder, giver, choice)
	}
}

func TestTallyAtMeeting(t *testing.T) {
	cases := []struct {
		name            string
		quorum          float64
		rule            PassRule
		before, during  []meetStep // before: ahead of the meeting's start; during: after it
		result          string
		participated    int
		present, repres int
		byProxy         []string // givers whose proxy vote counted
		rejected        string   // the one reason a stance or proxy vote was refused
	}{
		{name: "two of four present: below a 3/4 quorum", quorum: 0.75, rule: PassMajority,
			during: []meetStep{present("ada", "ben"), votes("ada", Agree), votes("ben", Agree)},
			result: ResultNoQuorum, participated: 2, present: 2},
		{name: "a proxy brings it to the threshold", quorum: 0.75, rule: PassMajority,
			before: []meetStep{proxyTo("dee", "ben")},
			during: []meetStep{present("ada", "ben"), votes("ada", Agree), votes("ben", Agree), byProxy("ben", "dee", Agree)},
			result: ResultPassed, participated: 3, present: 2, repres: 1, byProxy: []string{"dee"}},
		{name: "represented but the holder cast no vote for them: still part of the quorum", quorum: 0.75, rule: PassMajority,
			before: []meetStep{proxyTo("dee", "ben")},
			during: []meetStep{present("ada", "ben"), votes("ada", Agree), votes("ben", Agree)},
			result: ResultPassed, participated: 3, present: 2, repres: 1},
		{name: "a vote cast before the meeting by an absent member counts", quorum: 0.75, rule: PassMajority,
			before: []meetStep{votes("cy", Agree)},
			during: []meetStep{present("ada", "ben"), votes("ada", Agree), votes("ben", Disagree)},
			result: ResultPassed, participated: 3, present: 2},
		{name: "a vote cast during the meeting by an absent member does not", quorum: 0.75, rule: PassMajority,
			during: []meetStep{present("ada", "ben"), votes("ada", Agree), votes("ben", Agree), votes("cy", Agree)},
			result: ResultNoQuorum, participated: 2, present: 2, rejected: RejectNotPresent},
		{name: "the proxy holder is absent", quorum: 0.75, rule: PassMajority,
			before: []meetStep{proxyTo("dee", "cy")},
			during: []meetStep{present("ada", "ben"), votes("ada", Agree), byProxy("cy", "dee", Agree)},
			result: ResultNoQuorum, participated: 2, present: 2, rejected: RejectHolderAbsent},
		{name: "the giver came after all and votes themself", quorum: 0.5, rule: PassMajority,
			before: []meetStep{proxyTo("dee", "ben")},
			during: []meetStep{present("ada", "ben", "dee"), votes("dee", Disagree), byProxy("ben", "dee", Agree), votes("ada", Agree), votes("ben", Agree)},
			result: ResultPassed, participated: 3, present: 3, rejected: RejectGiverPresent},
		{name: "a revoked proxy is no proxy", quorum: 0.5, rule: PassMajority,
			before: []meetStep{proxyTo("dee", "ben"), func(t *testing.T, f *propFixture, _ *Proposal, m *Meeting) {
				f.now = f.now.Add(time.Minute)
				f.must(t, m, "dee", func(q *Meeting) error { return q.RevokeProxy(f.view(t)) })
			}},
			during: []meetStep{present("ada", "ben"), votes("ada", Agree), votes("ben", Agree), byProxy("ben", "dee", Agree)},
			result: ResultPassed, participated: 2, present: 2, rejected: RejectNoProxy},
		{name: "majority of those present: silence is not support", quorum: 0.5, rule: PassMajority,
			during: []meetStep{present("ada", "ben", "cy"), votes("ada", Agree), votes("ben", Abstain)},
			result: ResultFailed, participated: 3, present: 3},
		{name: "majority of those present: two of three agree", quorum: 0.5, rule: PassMajority,
			during: []meetStep{present("ada", "ben", "cy"), votes("ada", Agree), votes("ben", Agree)},
			result: ResultPassed, participated: 3, present: 3},
		{name: "two thirds exactly", quorum: 0.5, rule: PassTwoThirds,
			during: []meetStep{present("ada", "ben", "cy"), votes("ada", Agree), votes("ben", Agree), votes("cy", Disagree)},
			result: ResultPassed, participated: 3, present: 3},
		{name: "unanimity of those present", quorum: 0.5, rule: PassUnanimity,
			during: []meetStep{present("ada", "ben", "cy"), votes("ada", Agree), votes("ben", Agree)},
			result: ResultFailed, participated: 3, present: 3},
		{name: "consensus: a block blocks", quorum: 0.5, rule: PassConsensus,
			during: []meetStep{present("ada", "ben", "cy"), votes("ada", Agree), votes("ben", Agree), votes("cy", Block)},
			result: ResultBlocked, participated: 3, present: 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			p, m := f.atMeeting(t, c.quorum, c.rule)
			f.now = propT0.Add(10 * time.Minute)
			for _, s := range c.before {
				s(t, f, p, m)
			}
			f.now = meetT0
			if err := m.Start(f.view(t)); err != nil {
				t.Fatal(err)
			}
			for i, s := range c.during {
				f.now = meetT0.Add(time.Duration(i+1) * time.Minute)
				s(t, f, p, m)
			}
			f.now = meetT0.Add(30 * time.Minute)
			if err := p.Close(f.view(t)); err != nil {
				t.Fatal(err)
			}
			res, mc, err := TallyAtMeeting(p, f.view(t), m, f.now)
			if err != nil {
				t.Fatal(err)
			}
			if res.Result != c.result || res.Participated != c.participated || mc.Present != c.present || mc.Represented != c.repres {
				t.Fatalf("result %s, participated %d, present %d, represented %d; want %s, %d, %d, %d (options %+v, rejected %+v, proxies %+v)",
					res.Result, res.Participated, mc.Present, mc.Represented, c.result, c.participated, c.present, c.repres, res.Options, res.Rejected, mc.Refused)
			}
			var proxied []string
			for _, v := range mc.ByProxy {
				proxied = append(proxied, f.nameOf(v.Giver))
			}
			if len(proxied) != len(c.byProxy) || (len(proxied) > 0 && proxied[0] != c.byProxy[0]) {
				t.Errorf("counted by proxy %v, want %v", proxied, c.byProxy)
			}
			var reasons []string
			for _, r := range append(res.Rejected, mc.Refused...) {
				reasons = append(reasons, r.Reason)
			}
			if (c.rejected == "") != (len(reasons) == 0) || (c.rejected != "" && (len(reasons) != 1 || reasons[0] != c.rejected)) {
				t.Errorf("refused %v, want %q", reasons, c.rejected)
			}
		})
	}
}

// TestTallyAtMeetingQuorumThreshold: with four voters and a quorum of 3/4,
// three attending meets it and two does not, whether the third is present
// or represented.
func TestTallyAtMeetingQuorumThreshold(t *testing.T) {
	for _, n := range []int{2, 3, 4} {
		f := newPropFixture(t)
		p, m := f.atMeeting(t, 0.75, PassConsensus)
		f.now = meetT0
		if err := m.Start(f.view(t)); err != nil {
			t.Fatal(err)
		}
		names := []string{"ada", "ben", "cy", "dee"}[:n]
		f.now = meetT0.Add(time.Minute)
		present(names...)(t, f, p, m)
		votes("ada", Agree)(t, f, p, m)
		f.now = meetT0.Add(time.Hour)
		if err := p.Close(f.view(t)); err != nil {
			t.Fatal(err)
		}
		res, _, err := TallyAtMeeting(p, f.view(t), m, f.now)
		if err != nil {
			t.Fatal(err)
		}
		if met := n >= 3; res.QuorumMet != met || (met && res.Result != ResultPassed) || (!met && res.Result != ResultNoQuorum) {
			t.Errorf("%d present: quorum met %v, result %s", n, res.QuorumMet, res.Result)
		}
	}
}

func TestTallyAtMeetingNeedsTheProposalsOwnLink(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	m := f.meeting(t, f.meetingSpec())
	if _, _, err := TallyAtMeeting(p, f.view(t), m, f.now); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a proposal not linked to the meeting was tallied at it: %v", err)
	}
	// Ben, neither author nor admin, cannot link it; a link he signs on his
	// copy anyway does not count.
	q := f.replica(t, p, "ben")
	if err := q.DecideAtMeeting(f.view(t), m.ID()); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("Ben linked Ada's proposal: %v", err)
	}
	f.signRecord(t, p.Doc, "ben", recDecideAtMeeting, p.ID(), f.now, decideAtRec{Meeting: m.ID()})
	if got, err := p.DecidedAt(f.view(t)); err != nil || got != "" {
		t.Fatalf("DecidedAt = %q, %v: Ben's link counted", got, err)
	}
	if err := p.DecideAtMeeting(f.view(t), m.ID()); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.DecidedAt(f.view(t)); got != m.ID() {
		t.Fatalf("DecidedAt = %q after Ada linked it", got)
	}
	// A proxy vote for another meeting is refused.
	other := f.meeting(t, f.meetingSpec())
	f.now = meetT0
	if err := m.Start(f.view(t)); err != nil {
		t.Fatal(err)
	}
	f.now = meetT0.Add(time.Minute)
	f.must(t, m, "ben", confirm(f.view(t)))
	f.proxyVote(t, p, other, "ben", "cy", Agree)
	_, mc, err := TallyAtMeeting(p, f.view(t), m, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(mc.Refused) != 1 || mc.Refused[0].Reason != RejectProxyElsewhere {
		t.Fatalf("refused = %+v", mc.Refused)
	}
}
