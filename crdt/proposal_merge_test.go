package crdt

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// mustJSON marshals a proposal's export.
func propJSON(t *testing.T, p *Proposal) []byte {
	t.Helper()
	j, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestProposalMergeConcurrentVotes(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessChooseMany, "Rye", "Spelt", "Wheat"))
	ids := propOptionIDs(t, p)
	ada := p
	ben := f.replica(t, p, "ben")
	cy := f.replica(t, p, "cy")
	v := f.view(t)

	// Offline, at the same moment: ada votes and adds an option, ben votes
	// and comments, cy votes twice.
	f.now = propT0.Add(time.Hour)
	if err := ada.Vote([]Choice{{ids[0], 1}, {ids[1], 1}}, "both"); err != nil {
		t.Fatal(err)
	}
	barley, err := ada.AddOption(v, OptionSpec{Label: "Barley"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ben.Vote([]Choice{{ids[1], 1}}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ben.AddComment("", "Spelt is lovely"); err != nil {
		t.Fatal(err)
	}
	if err := cy.Vote([]Choice{{ids[2], 1}}, ""); err != nil {
		t.Fatal(err)
	}
	f.now = propT0.Add(2 * time.Hour)
	if err := cy.Vote([]Choice{{ids[1], 1}, {ids[2], 1}}, "changed my mind"); err != nil {
		t.Fatal(err)
	}

	// Merge in different orders on each side.
	for _, m := range []struct{ into, from *Proposal }{{ada, ben}, {ada, cy}, {cy, ada}, {ben, cy}, {ben, ada}} {
		if err := m.into.Merge(m.from.Doc); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []*Proposal{ada, ben, cy} {
		current, history, err := r.Stances()
		if err != nil {
			t.Fatal(err)
		}
		if len(current) != 3 || len(history) != 4 {
			t.Fatalf("replica sees %d current, %d in history", len(current), len(history))
		}
	}
	want := f.tally(t, ada)
	wantJSON := propJSON(t, ada)
	for name, r := range map[string]*Proposal{"ben": ben, "cy": cy} {
		got := f.tally(t, r)
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		if !bytes.Equal(a, b) {
			t.Fatalf("%s's tally differs:\n%s\n%s", name, a, b)
		}
		if j := propJSON(t, r); !bytes.Equal(j, wantJSON) {
			t.Fatalf("%s's JSON differs:\n%s\n%s", name, wantJSON, j)
		}
	}
	if want.Participated != 3 || want.Options[1].Count != 3 || want.Options[3].ID != barley {
		t.Fatalf("merged tally %+v", want)
	}
	// A clone of a merged replica, saved and loaded, exports the same bytes.
	c, err := ada.Clone()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadProposal(c.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if j := propJSON(t, loaded); !bytes.Equal(j, wantJSON) {
		t.Fatal("a saved and loaded clone exports different JSON")
	}
}

func TestProposalMergeCloseAndVote(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessConsent))
	ben := f.replica(t, p, "ben")
	cy := f.replica(t, p, "cy")
	f.now = propT0.Add(time.Hour)
	if err := ben.Vote(propOne(Agree), ""); err != nil { // before the close
		t.Fatal(err)
	}
	f.now = propT0.Add(2 * time.Hour)
	if err := p.Close(f.view(t)); err != nil {
		t.Fatal(err)
	}
	f.now = propT0.Add(3 * time.Hour) // cy has not heard of the close yet
	if err := cy.Vote(propOne(Block), "no"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Proposal{ben, cy} {
		if err := p.Merge(r.Doc); err != nil {
			t.Fatal(err)
		}
	}
	if err := cy.Merge(p.Doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Proposal{p, cy} {
		res := f.tally(t, r)
		if res.Result != ResultPassed || res.Participated != 1 || propJoin(propReasons(res)[f.member("cy")]) != RejectLate {
			t.Fatalf("after merging a close with a later vote: %s, %d counted, rejected %+v", res.Result, res.Participated, res.Rejected)
		}
	}
}

func TestProposalMergeRemovedOptionVote(t *testing.T) {
	f := newPropFixture(t)
	p := f.propose(t, propSpec(ProcessChooseOne, "Rye", "Spelt", "Wheat"))
	ids := propOptionIDs(t, p)
	ben := f.replica(t, p, "ben")
	if err := p.RemoveOption(f.view(t), ids[2]); err != nil {
		t.Fatal(err)
	}
	if err := ben.Vote(propOne(ids[2]), ""); err != nil { // ben has not seen the removal
		t.Fatal(err)
	}
	if err := p.Merge(ben.Doc); err != nil {
		t.Fatal(err)
	}
	res := f.tally(t, p)
	if propJoin(propReasons(res)[f.member("ben")]) != RejectRemovedOption || res.Participated != 0 {
		t.Fatalf("vote for an option removed concurrently: %+v", res.Rejected)
	}
}
