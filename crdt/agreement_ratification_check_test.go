package crdt

import (
	"errors"
	"strings"
	"testing"

	"github.com/automerge/automerge-go"
)

// TestCheckedStatusRefusesRatificationsNoVoteBacks: a ratification record
// counts only when the proposal it names passed, put this version to the
// vote and pinned this text. Each case is written as a member's modified
// copy would write it, with raw Automerge operations and no forged
// signature.
func TestCheckedStatusRefusesRatificationsNoVoteBacks(t *testing.T) {
	f, v1 := agreementRatifiedFixture(t)
	recs, err := f.a.RatificationRecords()
	if err != nil || len(recs) != 1 {
		t.Fatalf("fixture: %v %v", recs, err)
	}
	ver, err := f.a.Version(v1)
	if err != nil {
		t.Fatal(err)
	}
	honest := RatifyingProposal{Passed: true, Link: &RatifyLink{Agreement: f.a.ID(), Version: v1, SHA256: ver.SHA256}}
	lookupOf := func(p RatifyingProposal) ProposalLookup {
		return func(id string) (RatifyingProposal, error) {
			if id != recs[0].Proposal {
				return RatifyingProposal{}, errors.New("not held")
			}
			return p, nil
		}
	}
	if st, refused, err := f.a.CheckedStatus(lookupOf(honest)); err != nil || st != AgreementRatified || len(refused) != 0 {
		t.Fatalf("honest ratification: %q %v %v", st, refused, err)
	}

	cases := []struct {
		name   string
		lookup ProposalLookup
		tamper func(root *automerge.Map) error
		reason string
	}{
		{name: "the proposal did not pass", lookup: lookupOf(RatifyingProposal{Link: honest.Link}), reason: "did not pass"},
		{name: "the proposal is not held", lookup: func(string) (RatifyingProposal, error) { return RatifyingProposal{}, errors.New("no") }, reason: "not on this computer"},
		{name: "the proposal ratified another agreement", lookup: lookupOf(RatifyingProposal{Passed: true, Link: &RatifyLink{Agreement: NewID(), Version: v1}}), reason: "did not put this version"},
		{name: "the proposal pinned other text", lookup: lookupOf(RatifyingProposal{Passed: true, Link: &RatifyLink{Agreement: f.a.ID(), Version: v1, SHA256: strings.Repeat("0", 64)}}), reason: "not the one the proposal put to the vote"},
		{name: "body rewritten together with the record's hash", lookup: lookupOf(honest), tamper: func(root *automerge.Map) error {
			if err := setText(root, "body", "# Bylaws\n\nThe treasurer decides alone.\n"); err != nil {
				return err
			}
			var r reader
			rec := r.mapAt(r.mapAt(root, "ratifications"), v1)
			if r.err != nil || rec == nil {
				return errors.New("no record")
			}
			return rec.Set("sha256", agreementSHA("# Bylaws\n\nThe treasurer decides alone.\n"))
		}, reason: "does not match its hash"},
		{name: "an unsigned record naming an invented proposal", lookup: lookupOf(honest), tamper: func(root *automerge.Map) error {
			var r reader
			rec := r.mapAt(r.mapAt(root, "ratifications"), v1)
			if r.err != nil || rec == nil {
				return errors.New("no record")
			}
			return rec.Set("proposal", NewID())
		}, reason: "not on this computer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := f.replica(t, f.carol)
			if c.tamper != nil {
				agreementRawWrite(t, a, c.tamper)
			}
			st, refused, err := a.CheckedStatus(c.lookup)
			if err != nil {
				t.Fatal(err)
			}
			if st == AgreementRatified {
				t.Fatalf("%s: still shown as ratified", c.name)
			}
			if len(refused) != 1 || !strings.Contains(refused[0].Reason, c.reason) {
				t.Fatalf("%s: refused %+v, want a reason with %q", c.name, refused, c.reason)
			}
		})
	}
}
