package crdt

import (
	"errors"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// propT0 is the fixtures' "now": proposals open here and close a week later.
var propT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// propFixture is a co-op with an admin (ada, the proposals' author unless
// said otherwise), members ben, cy and dee, and an observer, obs.
type propFixture struct {
	roster *Roster
	ids    map[string]*Identity
	now    time.Time
}

func newPropFixture(t *testing.T) *propFixture {
	t.Helper()
	f := &propFixture{ids: map[string]*Identity{}, now: propT0}
	for _, n := range []string{"ada", "ben", "cy", "dee", "obs", "eve"} {
		id, err := NewIdentity()
		if err != nil {
			t.Fatal(err)
		}
		f.ids[n] = id
	}
	r, err := NewRoster("Bakery", "Ada", f.ids["ada"], propT0.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for n, role := range map[string]Role{"ben": RoleMember, "cy": RoleMember, "dee": RoleMember, "obs": RoleObserver} {
		if err := r.AddMember(f.ids[n].Member(), n, role); err != nil {
			t.Fatal(err)
		}
	}
	f.roster = r
	return f
}

func (f *propFixture) clock() time.Time { return f.now }

func (f *propFixture) view(t *testing.T) *RosterView {
	t.Helper()
	v, err := f.roster.View()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (f *propFixture) member(name string) MemberID { return f.ids[name].Member() }

// spec fills in a title and a deadline a week away.
func propSpec(p Process, options ...string) ProposalSpec {
	s := ProposalSpec{Title: "Buy a new oven", Body: "We need it.", Process: p, ClosesAt: propT0.Add(7 * 24 * time.Hour)}
	if len(options) > 0 {
		s.Options = Labels(options...)
	}
	return s
}

// propose creates a proposal by ada on the fixture's clock.
func (f *propFixture) propose(t *testing.T, s ProposalSpec) *Proposal {
	t.Helper()
	p, err := NewProposal(f.roster.ID(), s, f.ids["ada"], f.now)
	if err != nil {
		t.Fatalf("NewProposal: %v", err)
	}
	p.SetClock(f.clock)
	return p
}

// replica is p as opened on name's machine, on the fixture's clock.
func (f *propFixture) replica(t *testing.T, p *Proposal, name string) *Proposal {
	t.Helper()
	q, err := LoadProposal(p.Save(), f.ids[name])
	if err != nil {
		t.Fatal(err)
	}
	q.SetClock(f.clock)
	return q
}

// vote casts name's stance on a replica and merges it back into p.
func (f *propFixture) vote(t *testing.T, p *Proposal, name string, choices []Choice, reason string) {
	t.Helper()
	if err := f.tryVote(t, p, name, choices, reason); err != nil {
		t.Fatalf("%s votes %v: %v", name, choices, err)
	}
}

func (f *propFixture) tryVote(t *testing.T, p *Proposal, name string, choices []Choice, reason string) error {
	t.Helper()
	q := f.replica(t, p, name)
	if err := q.Vote(choices, reason); err != nil {
		return err
	}
	if err := p.Merge(q.Doc); err != nil {
		t.Fatal(err)
	}
	return nil
}

func (f *propFixture) tally(t *testing.T, p *Proposal) TallyResult {
	t.Helper()
	res, err := Tally(p, f.view(t), f.now)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// optionIDs returns a poll's live option IDs in order.
func propOptionIDs(t *testing.T, p *Proposal) []string {
	t.Helper()
	opts, err := p.Options()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range opts {
		if !o.Removed {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

func propOne(option string) []Choice { return []Choice{{Option: option, Value: 1}} }

// propRawWrite changes the document behind the API, as a hostile or buggy
// peer could; the change is authored by the document's identity.
func propRawWrite(t *testing.T, d *Doc, fn func(root *automerge.Map) error) {
	t.Helper()
	if err := d.change("raw write", fn); err != nil {
		t.Fatalf("raw write: %v", err)
	}
}

func propWantErr(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("error %v, want %v", err, want)
	}
}

func propReasons(res TallyResult) map[MemberID][]string {
	out := map[MemberID][]string{}
	for _, r := range res.Rejected {
		out[r.Stance.Member] = append(out[r.Stance.Member], r.Reason)
	}
	return out
}
