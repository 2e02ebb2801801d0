package crdt

import (
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// signAs builds a stance filed under member, signed by signer's key.
func propSignAs(doc string, member MemberID, signer *Identity, choices []Choice, reason string, at time.Time) Stance {
	s := Stance{Member: member, Choices: canonicalChoices(choices), Reason: reason, At: at.UTC().Truncate(time.Millisecond)}
	s.Sig = signer.Sign(s.signedBytes(doc))
	return s
}

// plant writes a stance straight into the document, as any peer could.
func propPlant(t *testing.T, p *Proposal, s Stance) {
	t.Helper()
	propRawWrite(t, p.Doc, func(root *automerge.Map) error { return appendStance(root, s) })
}

func TestTallyRejects(t *testing.T) {
	hour := func(h int) time.Time { return propT0.Add(time.Duration(h) * time.Hour) }
	cases := []struct {
		name    string
		setup   func(t *testing.T, f *propFixture, p *Proposal)
		who     string
		reasons []string // the member's rejected stances, oldest first
		counted string   // their counted position, "" for none
	}{
		{"forged by another member", func(t *testing.T, f *propFixture, p *Proposal) {
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["cy"], propOne(Block), "", hour(1)))
		}, "ben", []string{RejectForged}, ""},
		{"forged by an outsider", func(t *testing.T, f *propFixture, p *Proposal) {
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["eve"], propOne(Block), "", hour(1)))
		}, "ben", []string{RejectAltered}, ""},
		{"forgery cannot mask the real vote", func(t *testing.T, f *propFixture, p *Proposal) {
			f.vote(t, p, "ben", propOne(Agree), "")
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["cy"], propOne(Block), "", hour(5)))
		}, "ben", []string{RejectForged}, Agree},
		{"altered choice", func(t *testing.T, f *propFixture, p *Proposal) {
			s := propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(1))
			s.Choices = propOne(Block)
			propPlant(t, p, s)
		}, "ben", []string{RejectAltered}, ""},
		{"altered reason", func(t *testing.T, f *propFixture, p *Proposal) {
			s := propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Disagree), "too dear", hour(1))
			s.Reason = "I love it"
			propPlant(t, p, s)
		}, "ben", []string{RejectAltered}, ""},
		{"altered time", func(t *testing.T, f *propFixture, p *Proposal) {
			s := propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(1))
			s.At = hour(2)
			propPlant(t, p, s)
		}, "ben", []string{RejectAltered}, ""},
		{"replayed from another proposal", func(t *testing.T, f *propFixture, p *Proposal) {
			propPlant(t, p, propSignAs("someotherproposal", f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(1)))
		}, "ben", []string{RejectAltered}, ""},
		{"observer", func(t *testing.T, f *propFixture, p *Proposal) {
			f.vote(t, p, "obs", propOne(Agree), "")
		}, "obs", []string{RejectObserver}, ""},
		{"not a member", func(t *testing.T, f *propFixture, p *Proposal) {
			f.vote(t, p, "eve", propOne(Agree), "")
		}, "eve", []string{RejectNotMember}, ""},
		{"removed member", func(t *testing.T, f *propFixture, p *Proposal) {
			f.vote(t, p, "ben", propOne(Agree), "")
			if err := f.roster.RemoveMember(f.member("ben")); err != nil {
				t.Fatal(err)
			}
		}, "ben", []string{RejectRemovedMember}, ""},
		{"late stance", func(t *testing.T, f *propFixture, p *Proposal) {
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(7*24)))
		}, "ben", []string{RejectLate}, ""},
		{"late change keeps the timely vote", func(t *testing.T, f *propFixture, p *Proposal) {
			f.vote(t, p, "ben", propOne(Agree), "")
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Block), "", hour(7*24+1)))
		}, "ben", []string{RejectLate}, Agree},
		{"just before the deadline", func(t *testing.T, f *propFixture, p *Proposal) {
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(7*24).Add(-time.Millisecond)))
		}, "ben", nil, Agree},
		{"before the opening", func(t *testing.T, f *propFixture, p *Proposal) {
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", propT0.Add(-time.Millisecond)))
		}, "ben", []string{RejectEarly}, ""},
		{"after an early close", func(t *testing.T, f *propFixture, p *Proposal) {
			f.now = hour(2)
			if err := p.Close(f.view(t)); err != nil {
				t.Fatal(err)
			}
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(3)))
		}, "ben", []string{RejectLate}, ""},
		{"reopening clears the early close", func(t *testing.T, f *propFixture, p *Proposal) {
			f.now = hour(2)
			if err := p.Close(f.view(t)); err != nil {
				t.Fatal(err)
			}
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(3)))
			f.now = hour(4)
			if err := p.Reopen(f.view(t), hour(6*24)); err != nil {
				t.Fatal(err)
			}
		}, "ben", nil, Agree},
		{"invalid choice", func(t *testing.T, f *propFixture, p *Proposal) {
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], []Choice{{Agree, 1}, {Block, 1}}, "", hour(1)))
		}, "ben", []string{RejectInvalidChoice}, ""},
		{"invalid latest stance does not fall back", func(t *testing.T, f *propFixture, p *Proposal) {
			f.vote(t, p, "ben", propOne(Agree), "")
			propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne("maybe"), "", hour(1)))
		}, "ben", []string{RejectInvalidChoice}, ""},
		{"malformed", func(t *testing.T, f *propFixture, p *Proposal) {
			f.vote(t, p, "cy", propOne(Agree), "")
			propRawWrite(t, p.Doc, func(root *automerge.Map) error {
				var r reader
				l := r.listAt(r.mapAt(root, "stances"), string(f.member("cy")))
				v, err := l.Get(0)
				if err != nil {
					return err
				}
				return v.Map().Set("at", "noon")
			})
		}, "cy", []string{RejectMalformed}, ""},
		{"malformed list", func(t *testing.T, f *propFixture, p *Proposal) {
			propRawWrite(t, p.Doc, func(root *automerge.Map) error {
				var r reader
				return r.mapAt(root, "stances").Set(string(f.member("dee")), "agree")
			})
		}, "dee", []string{RejectMalformed}, ""},
		{"duplicated stance counts once", func(t *testing.T, f *propFixture, p *Proposal) {
			s := propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Agree), "", hour(1))
			propPlant(t, p, s)
			propPlant(t, p, s)
		}, "ben", nil, Agree},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			p := f.propose(t, propSpec(ProcessConsent))
			c.setup(t, f, p)
			f.now = propT0.Add(30 * 24 * time.Hour)
			res := f.tally(t, p)
			got := propReasons(res)[f.member(c.who)]
			if propJoin(got) != propJoin(c.reasons) {
				t.Fatalf("rejected %v, want %v (all: %+v)", got, c.reasons, res.Rejected)
			}
			counted := ""
			for _, s := range res.Counted {
				if s.Member == f.member(c.who) {
					counted = s.Choices[0].Option
				}
			}
			if counted != c.counted {
				t.Fatalf("counted %q, want %q", counted, c.counted)
			}
			if res.Participated != len(res.Counted) || res.Participated > res.Voters {
				t.Fatalf("participated %d of %d voters, %d counted", res.Participated, res.Voters, len(res.Counted))
			}
		})
	}
}

func TestTallyRemovedOption(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessChooseOne, "Rye", "Spelt", "Wheat"))
	ids := propOptionIDs(t, p)
	f.vote(t, p, "ben", propOne(ids[2]), "")
	f.vote(t, p, "cy", propOne(ids[0]), "")
	if err := p.RemoveOption(f.view(t), ids[2]); err != nil {
		t.Fatal(err)
	}
	res := f.tally(t, p)
	if r := propReasons(res)[f.member("ben")]; propJoin(r) != RejectRemovedOption {
		t.Fatalf("ben's stance for a removed option: %v", r)
	}
	if len(res.Options) != 2 || res.Participated != 1 {
		t.Fatalf("options %+v, participated %d", res.Options, res.Participated)
	}
	notVoted := map[MemberID]bool{}
	for _, m := range res.NotVoted {
		notVoted[m] = true
	}
	if !notVoted[f.member("ben")] {
		t.Fatal("ben must be asked to vote again")
	}
	if err := f.tryVote(t, p, "ben", propOne(ids[2]), ""); err == nil {
		t.Fatal("voted for a removed option")
	}
	f.vote(t, p, "ben", propOne(ids[1]), "")
	res = f.tally(t, p)
	// The replaced stance is history now, no longer a problem to report.
	if res.Participated != 2 || len(res.Rejected) != 0 {
		t.Fatalf("after re-voting: participated %d, rejected %+v", res.Participated, res.Rejected)
	}
}

func TestTallyMissingReason(t *testing.T) {
	f := newPropFixture(t)
	s := propSpec(ProcessConsent)
	s.ReasonMode = ReasonForObjection
	p := f.propose(t, s)
	propPlant(t, p, propSignAs(p.ID(), f.member("ben"), f.ids["ben"], propOne(Block), "", propT0.Add(time.Hour)))
	propPlant(t, p, propSignAs(p.ID(), f.member("cy"), f.ids["cy"], propOne(Agree), "", propT0.Add(time.Hour)))
	res := f.tally(t, p)
	if r := propReasons(res); propJoin(r[f.member("ben")]) != RejectMissingReason || len(r[f.member("cy")]) != 0 {
		t.Fatalf("rejections %v", r)
	}
}
