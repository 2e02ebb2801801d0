package crdt

import (
	"encoding/json"
	"flag"
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// propertyChecks is how many random cases TestReplicasConverge runs; the
// issue asks for at least 1,000 in the normal test run.
var propertyChecks = flag.Int("mutual.property-checks", 1000, "cases for TestReplicasConverge")

// replica is one member's copy of a co-op's documents.
type replica struct {
	me       *Identity
	roster   *Roster
	proposal *Proposal
	poll     *Proposal
	schedule *Schedule
	shift    string
	body     *Agreement
}

// world is a co-op of 2 to 5 members, each with a replica.
type world struct {
	base     time.Time
	replicas []*replica
	options  []string
}

func newWorld(t *rapid.T, n int) *world {
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ids := make([]*Identity, n)
	for i := range ids {
		id, err := NewIdentity()
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	roster, err := NewRoster("Property Co", "m0", ids[0], base)
	if err != nil {
		t.Fatal(err)
	}
	roster.SetClock(func() time.Time { return base })
	for i := 1; i < n; i++ {
		if err := roster.AddMember(ids[i].Member(), fmt.Sprintf("m%d", i), RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	closes := base.Add(30 * 24 * time.Hour)
	prop, err := NewProposal(roster.ID(), ProposalSpec{Title: "Consent", Process: ProcessConsent, ClosesAt: closes, Quorum: 0.5, PassRule: PassConsensus}, ids[0], base)
	if err != nil {
		t.Fatal(err)
	}
	poll, err := NewProposal(roster.ID(), ProposalSpec{Title: "Pick", Process: ProcessRanked, ClosesAt: closes, Options: Labels("a", "b", "c")}, ids[0], base)
	if err != nil {
		t.Fatal(err)
	}
	sched, err := NewSchedule(roster.ID(), "Rota", ids[0], base)
	if err != nil {
		t.Fatal(err)
	}
	shift, err := sched.AddShift(ShiftSpec{Role: "Till", Start: base.Add(24 * time.Hour), End: base.Add(28 * time.Hour), Capacity: 2})
	if err != nil {
		t.Fatal(err)
	}
	agr, err := NewAgreement(roster.ID(), "Bylaws", "Members meet monthly.", ids[0], base)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := poll.Options()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{base: base}
	for _, o := range opts {
		w.options = append(w.options, o.ID)
	}
	for i, id := range ids {
		r := &replica{me: id, shift: shift}
		clock := func(i int) func() time.Time {
			tick := 0
			return func() time.Time { tick++; return base.Add(time.Duration(tick*1000+i) * time.Millisecond) }
		}(i)
		load := func(d *Doc) *Doc {
			c, err := Load(d.Save(), id)
			if err != nil {
				t.Fatal(err)
			}
			c.SetClock(clock)
			return c
		}
		r.roster = &Roster{load(roster.Doc)}
		r.proposal = &Proposal{load(prop.Doc)}
		r.poll = &Proposal{load(poll.Doc)}
		r.schedule = &Schedule{Doc: load(sched.Doc)}
		r.body = &Agreement{load(agr.Doc)}
		w.replicas = append(w.replicas, r)
	}
	return w
}

func (r *replica) docs() []*Doc {
	return []*Doc{r.roster.Doc, r.proposal.Doc, r.poll.Doc, r.schedule.Doc, r.body.Doc}
}

func (r *replica) merge(t *rapid.T, o *replica) {
	theirs := o.docs()
	for i, d := range r.docs() {
		if err := d.Merge(theirs[i]); err != nil {
			t.Fatalf("merge: %v", err)
		}
	}
}

// step applies one random domain operation; operations may legitimately
// fail (a full shift, a withdrawal without a sign-up): what matters is that
// replicas agree afterwards.
func (w *world) step(t *rapid.T) {
	r := w.replicas[rapid.IntRange(0, len(w.replicas)-1).Draw(t, "who")]
	switch rapid.IntRange(0, 7).Draw(t, "op") {
	case 0:
		stance := rapid.SampledFrom([]string{"agree", "abstain", "disagree", "block"}).Draw(t, "stance")
		_ = r.proposal.Vote([]Choice{{Option: stance, Value: 1}}, rapid.SampledFrom([]string{"", "because"}).Draw(t, "reason"))
	case 1:
		perm := rapid.Permutation(w.options).Draw(t, "ranking")
		k := rapid.IntRange(1, len(perm)).Draw(t, "ranked")
		var cs []Choice
		for i, o := range perm[:k] {
			cs = append(cs, Choice{Option: o, Value: i + 1})
		}
		_ = r.poll.Vote(cs, "")
	case 2:
		_ = r.schedule.SignUp(r.shift)
	case 3:
		_ = r.schedule.Withdraw(r.shift)
	case 4:
		body, err := r.body.Body()
		if err != nil {
			t.Fatal(err)
		}
		n := len([]rune(body))
		pos := rapid.IntRange(0, n).Draw(t, "pos")
		del := rapid.IntRange(0, min(3, n-pos)).Draw(t, "del")
		if err := r.body.SpliceBody(pos, del, rapid.StringMatching(`[a-z ]{0,4}`).Draw(t, "text")); err != nil {
			t.Fatalf("splice %d %d of %d: %v", pos, del, n, err)
		}
	case 5:
		_, _ = r.proposal.AddComment("", "a thought")
	case 6, 7:
		o := w.replicas[rapid.IntRange(0, len(w.replicas)-1).Draw(t, "from")]
		if o != r {
			r.merge(t, o)
		}
	}
}

// snapshot is everything a member sees, as JSON.
func (w *world) snapshot(t *rapid.T, r *replica) string {
	now := w.base.Add(24 * time.Hour)
	v, err := r.roster.View()
	if err != nil {
		t.Fatal(err)
	}
	var parts []any
	for _, p := range []*Proposal{r.proposal, r.poll} {
		j, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		tally, err := Tally(p, v, now)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, j, tally)
	}
	sj, err := r.schedule.JSON()
	if err != nil {
		t.Fatal(err)
	}
	aj, err := r.body.JSON()
	if err != nil {
		t.Fatal(err)
	}
	rj, err := r.roster.JSON()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(append(parts, sj, aj, rj))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReplicasConverge: 2 to 5 replicas apply random operations from the
// domain API and merge in random orders; once every replica has merged
// every other, all export identical JSON and identical tallies.
func TestReplicasConverge(t *testing.T) {
	checks := *propertyChecks
	if testing.Short() {
		checks = 100
	}
	for i := 0; i < checks/100; i++ {
		rapid.Check(t, func(t *rapid.T) {
			w := newWorld(t, rapid.IntRange(2, 5).Draw(t, "replicas"))
			steps := rapid.IntRange(1, 16).Draw(t, "steps")
			for s := 0; s < steps; s++ {
				w.step(t)
			}
			// Gossip along a random order and back: afterwards every
			// replica has merged, directly or through others, every change.
			order := rapid.Permutation(w.replicas).Draw(t, "merge order")
			for i := 1; i < len(order); i++ {
				order[i].merge(t, order[i-1])
			}
			for i := len(order) - 2; i >= 0; i-- {
				order[i].merge(t, order[i+1])
			}
			want := w.snapshot(t, w.replicas[0])
			for i, r := range w.replicas[1:] {
				if got := w.snapshot(t, r); got != want {
					t.Fatalf("replica %d differs from replica 0:\n%s\n---\n%s", i+1, got, want)
				}
			}
		})
	}
}
