package crdt

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// attackerWrite writes raw Automerge operations into a copy of d held by the
// member named, under that member's own actor, as a modified client would:
// no signature is forged. It returns the attacker's copy.
func attackerWrite(t *testing.T, d *Doc, attacker *Identity, fn func(root *automerge.Map) error) *Doc {
	t.Helper()
	c, err := d.CloneAs(attacker)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.change("tamper", fn); err != nil {
		t.Fatalf("attacker's write: %v", err)
	}
	return c
}

// tamperedProposal is a consent proposal by Ada with Ada agreeing and Cy
// blocking, closed: the honest result is blocked.
func tamperedProposal(t *testing.T, f *propFixture) *Proposal {
	t.Helper()
	p := f.propose(t, propSpec(ProcessConsent))
	f.vote(t, p, "ada", propOne(Agree), "")
	f.vote(t, p, "ben", propOne(Agree), "")
	f.vote(t, p, "cy", propOne(Block), "it would ruin us")
	return p
}

func TestTamperedProposalIsUndone(t *testing.T) {
	cases := []struct {
		name string
		edit func(root *automerge.Map, f *propFixture) error
	}{
		{"delete a block", func(root *automerge.Map, f *propFixture) error {
			var r reader
			return r.mapAt(root, "stances").Delete(string(f.member("cy")))
		}},
		{"overwrite a block's choice", func(root *automerge.Map, f *propFixture) error {
			var r reader
			st := r.maps(r.listAt(r.mapAt(root, "stances"), string(f.member("cy"))), "")[0]
			c := r.maps(r.listAt(st, "choices"), "")[0]
			return c.Set("option", Agree)
		}},
		{"overwrite the pass rule", func(root *automerge.Map, f *propFixture) error {
			return root.Set("passRule", string(PassMajority))
		}},
		{"out-of-range quorum", func(root *automerge.Map, f *propFixture) error { return root.Set("quorum", 7.0) }},
		{"move the deadline", func(root *automerge.Map, f *propFixture) error {
			return root.Set("closesAt", propT0.Add(-time.Minute).UnixMilli())
		}},
		{"close early", func(root *automerge.Map, f *propFixture) error {
			return root.Set("closedAt", propT0.UnixMilli())
		}},
		{"delete the settings records", func(root *automerge.Map, f *propFixture) error {
			return root.Set(recordsKey, automerge.NewMap())
		}},
		{"overwrite the outcome", func(root *automerge.Map, f *propFixture) error {
			var r reader
			return r.mapAt(root, "outcome").Set("statement", "Passed unanimously")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			p := tamperedProposal(t, f)
			honest := f.tally(t, p)
			bad := attackerWrite(t, p.Doc, f.ids["ben"], func(root *automerge.Map) error { return c.edit(root, f) })
			if err := p.Merge(bad); err != nil {
				t.Fatalf("merge: %v", err)
			}
			got := f.tally(t, p)
			if got.Result != honest.Result || got.Closed != honest.Closed || len(got.Counted) != len(honest.Counted) ||
				got.PassRule != honest.PassRule || got.Quorum != honest.Quorum || !got.ClosesAt.Equal(honest.ClosesAt) {
				t.Fatalf("after %s: %+v, want %+v", c.name, got, honest)
			}
			if len(p.TakeRestored()) == 0 && len(got.Problems) == 0 {
				t.Fatalf("%s was neither undone nor reported", c.name)
			}
		})
	}
}

func TestNonManagerSignedSettingsIgnored(t *testing.T) {
	f := newPropFixture(t)
	p := tamperedProposal(t, f)
	honest := f.tally(t, p)
	// Ben signs a settings record of his own (a valid signature, no right).
	bad := attackerWrite(t, p.Doc, f.ids["ben"], func(root *automerge.Map) error {
		st, err := readProposalCache(root)
		if err != nil {
			return err
		}
		st.settings.PassRule = PassMajority
		b, err := sealRecord(recordProposalSettings, p.ID(), f.ids["ben"], propT0.Add(time.Hour).UnixMilli(), snapshotOf(st))
		if err != nil {
			return err
		}
		return putRecord(root, b)
	})
	if err := p.Merge(bad); err != nil {
		t.Fatal(err)
	}
	got := f.tally(t, p)
	if got.Result != honest.Result || got.PassRule != PassConsensus {
		t.Fatalf("non-manager's signed settings counted: %+v", got)
	}
	if !problemsMention(got.Problems, "neither the proposal's author nor an admin") {
		t.Fatalf("not reported: %+v", got.Problems)
	}
}

func TestAdminManagesAnothersProposal(t *testing.T) {
	f := newPropFixture(t)
	p, err := NewProposal(f.roster.ID(), propSpec(ProcessConsent), f.ids["ben"], f.now)
	if err != nil {
		t.Fatal(err)
	}
	p.SetClock(f.clock)
	admin := f.replica(t, p, "ada")
	admin.SetClock(f.clock)
	if err := admin.Close(f.view(t)); err != nil {
		t.Fatal(err)
	}
	if err := p.Merge(admin.Doc); err != nil {
		t.Fatal(err)
	}
	if res := f.tally(t, p); !res.Closed || len(res.Problems) != 0 {
		t.Fatalf("admin's close: closed %v, problems %v", res.Closed, res.Problems)
	}
	// Cy (a member, not the author) cannot close it by writing a record.
	q, err := NewProposal(f.roster.ID(), propSpec(ProcessConsent), f.ids["ben"], f.now)
	if err != nil {
		t.Fatal(err)
	}
	cy := f.replica(t, q, "cy")
	if err := cy.Close(f.view(t)); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("member closes another's proposal: %v", err)
	}
}

func problemsMention(ps []Problem, s string) bool {
	for _, p := range ps {
		if strings.Contains(p.Reason, s) {
			return true
		}
	}
	return false
}

func TestDeletedStanceComesBackOnEveryReplica(t *testing.T) {
	f := newPropFixture(t)
	p := tamperedProposal(t, f)
	honest := f.tally(t, p)
	var replicas []*Proposal
	for _, n := range []string{"ada", "cy", "dee"} {
		replicas = append(replicas, f.replica(t, p, n))
	}
	bad := attackerWrite(t, p.Doc, f.ids["ben"], func(root *automerge.Map) error {
		var r reader
		return r.mapAt(root, "stances").Delete(string(f.member("cy")))
	})
	for i, q := range replicas {
		if err := q.Merge(bad); err != nil {
			t.Fatal(err)
		}
		put := q.TakeRestored()
		if len(put) == 0 || put[0].Author != f.member("cy") || put[0].What != "vote" {
			t.Fatalf("replica %d restored %+v", i, put)
		}
		if got := f.tally(t, q); got.Result != honest.Result {
			t.Fatalf("replica %d: %s, want %s", i, got.Result, honest.Result)
		}
	}
	// Merging the replicas with one another and with the attacker again
	// keeps the block.
	for _, q := range replicas[1:] {
		if err := replicas[0].Merge(q.Doc); err != nil {
			t.Fatal(err)
		}
	}
	if err := replicas[0].Merge(bad); err != nil {
		t.Fatal(err)
	}
	if got := f.tally(t, replicas[0]); got.Result != honest.Result {
		t.Fatalf("after merging all: %s", got.Result)
	}
}

func TestTamperedRosterIsUndone(t *testing.T) {
	cases := []struct {
		name string
		edit func(root *automerge.Map) error
	}{
		{"delete the founder's entry", func(root *automerge.Map) error {
			var r reader
			return r.listAt(root, "entries").Delete(0)
		}},
		{"delete every entry", func(root *automerge.Map) error { return root.Set("entries", automerge.NewList()) }},
		{"overwrite the founder", func(root *automerge.Map) error { return root.Set("founder", strings.Repeat("ab", 32)) }},
		{"overwrite the nonce", func(root *automerge.Map) error { return root.Set("nonce", "00") }},
		{"delete the removal", func(root *automerge.Map) error {
			var r reader
			l := r.listAt(root, "entries")
			return l.Delete(int(l.Len()) - 1)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			if err := f.roster.RemoveMember(f.member("dee")); err != nil {
				t.Fatal(err)
			}
			honest := f.view(t)
			bad := attackerWrite(t, f.roster.Doc, f.ids["ben"], c.edit)
			if err := f.roster.Merge(bad); err != nil {
				t.Fatal(err)
			}
			if len(f.roster.TakeRestored()) == 0 {
				t.Fatal("nothing was put back")
			}
			got := f.view(t)
			if !sameJSON(got.Members, honest.Members) {
				t.Fatalf("roster after %s:\n%v\nwant\n%v", c.name, got.Members, honest.Members)
			}
		})
	}
}

func TestForeignHistoryRefused(t *testing.T) {
	f := newPropFixture(t)
	p := tamperedProposal(t, f)
	honest := f.tally(t, p)
	// A document with its own first change that carries p's ID, co-op and kind.
	am := automerge.New()
	root := am.RootMap()
	for k, v := range map[string]any{
		"id": p.ID(), "coop": p.Coop(), "kind": string(KindProposal), "schema": int64(1),
		"createdBy": string(f.member("ben")), "createdAt": propT0.UnixMilli(), "title": "Buy a new oven",
		"process": "consent", "passRule": "majority", "quorum": 0.0, "reasonMode": "optional",
		"opensAt": propT0.UnixMilli(), "closesAt": propT0.Add(time.Hour).UnixMilli(),
	} {
		if err := root.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := am.Commit("forged"); err != nil {
		t.Fatal(err)
	}
	foreign, err := wrapDoc(am, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Merge(foreign); !errors.Is(err, ErrForeignHistory) {
		t.Fatalf("merge of a foreign history: %v", err)
	}
	if err := p.LoadIncremental(am.Save()); !errors.Is(err, ErrForeignHistory) {
		t.Fatalf("load of a foreign history: %v", err)
	}
	if got := f.tally(t, p); !sameJSON(got, honest) {
		t.Fatalf("tally changed: %+v", got)
	}
}

// TestDeletedStanceThroughSyncMessages: the same attack carried by
// Automerge sync messages, the path the sync protocol uses, leaves the
// honest replica's tally as it was, and the attacker's copy gets the vote
// back from the honest one.
func TestDeletedStanceThroughSyncMessages(t *testing.T) {
	f := newPropFixture(t)
	p := tamperedProposal(t, f)
	honest := f.tally(t, p)
	bad := attackerWrite(t, p.Doc, f.ids["ben"], func(root *automerge.Map) error {
		var r reader
		return r.mapAt(root, "stances").Delete(string(f.member("cy")))
	})
	mine, theirs := p.NewSyncState(), bad.NewSyncState()
	for round := 0; round < 20; round++ {
		moved := false
		if msg, ok := theirs.Generate(); ok {
			moved = true
			if err := mine.Receive(msg); err != nil {
				t.Fatal(err)
			}
		}
		if msg, ok := mine.Generate(); ok {
			moved = true
			if err := theirs.Receive(msg); err != nil {
				t.Fatal(err)
			}
		}
		if !moved {
			break
		}
	}
	if got := f.tally(t, p); got.Result != honest.Result || len(got.Counted) != len(honest.Counted) {
		t.Fatalf("after syncing with the tampered copy: %s with %d counted, want %s with %d", got.Result, len(got.Counted), honest.Result, len(honest.Counted))
	}
	if put := p.TakeRestored(); len(put) == 0 || put[0].Author != f.member("cy") {
		t.Fatalf("the deletion was not reported: %+v", put)
	}
	back, err := AsProposal(bad)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.tally(t, back); got.Result != honest.Result {
		t.Fatalf("the attacker's copy, after syncing back: %s, want %s", got.Result, honest.Result)
	}
}

// TestShortSignatureStanceIsRefusedNotAPanic: the records kept around a
// merge are read without verifying signatures, so a stance whose signature
// is too short to key must be skipped there, then refused by the tally.
func TestShortSignatureStanceIsRefusedNotAPanic(t *testing.T) {
	f := newPropFixture(t)
	p := tamperedProposal(t, f)
	honest := f.tally(t, p)
	bad := attackerWrite(t, p.Doc, f.ids["ben"], func(root *automerge.Map) error {
		return appendStance(root, Stance{Member: f.member("ben"), Choices: propOne(Block), At: propT0, Sig: []byte{1, 2}})
	})
	if err := p.Merge(bad); err != nil {
		t.Fatalf("merge: %v", err)
	}
	if err := bad.Merge(p.Doc); err != nil {
		t.Fatalf("merge back: %v", err)
	}
	got := f.tally(t, p)
	if got.Result != honest.Result || len(got.Counted) != len(honest.Counted) || len(got.Rejected) != len(honest.Rejected)+1 {
		t.Fatalf("after a short-signature stance: %s, %d counted, %d rejected; want %s, %d, %d+1",
			got.Result, len(got.Counted), len(got.Rejected), honest.Result, len(honest.Counted), len(honest.Rejected))
	}
}

// TestOverwrittenRatifiesLinkIsIgnored: which agreement version a proposal
// ratifies, and the text hash it pinned, decide a ratification; a copy that
// overwrites them in the root does not change what the proposal's signed
// settings say.
func TestOverwrittenRatifiesLinkIsIgnored(t *testing.T) {
	f := newPropFixture(t)
	spec := propSpec(ProcessConsent)
	link := RatifyLink{Agreement: NewID(), Version: NewID(), SHA256: strings.Repeat("a", 64)}
	spec.Ratifies = &link
	p := f.propose(t, spec)
	bad := attackerWrite(t, p.Doc, f.ids["ben"], func(root *automerge.Map) error {
		var r reader
		m := r.mapAt(root, "ratifies")
		if r.err != nil || m == nil {
			return errors.New("no ratifies map")
		}
		if err := m.Set("version", NewID()); err != nil {
			return err
		}
		return m.Set("sha256", strings.Repeat("b", 64))
	})
	if err := p.Merge(bad); err != nil {
		t.Fatal(err)
	}
	st, err := p.SettingsIn(f.view(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []*RatifyLink{st.Ratifies, mustJSON(t, p).Ratifies} {
		if got == nil || *got != link {
			t.Fatalf("after the overwrite the proposal ratifies %+v, want %+v", got, link)
		}
	}
}

func mustJSON(t *testing.T, p *Proposal) ProposalJSON {
	t.Helper()
	j, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return j
}
