package workspace

import (
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// TestAdminClosingAnothersProposalShowsClosedInTheList: the list status is
// read with the roster, so an admin's signed close of a member's proposal
// counts there as it does in the tally.
func TestAdminClosingAnothersProposalShowsClosedInTheList(t *testing.T) {
	w, c := uiTestCoop(t)
	bo, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddMember(bo.Member(), "Bo", "member"); err != nil {
		t.Fatal(err)
	}
	p, err := crdt.NewProposal(c.ID(), ProposalSpec{Title: "Paint the shop", Process: crdt.ProcessConsent,
		ClosesAt: w.Now().Add(72 * time.Hour)}, bo, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Import(p.Save(), "proposal.automerge", ""); err != nil {
		t.Fatal(err)
	}
	if err := c.CloseProposal(p.ID()); err != nil {
		t.Fatalf("the admin closes Bo's proposal: %v", err)
	}
	pv, err := c.Proposal(p.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !pv.Tally.Closed {
		t.Fatal("the tally does not count the admin's close")
	}
	s, err := c.Summary(p.ID())
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != "closed" {
		t.Fatalf("the list says %q for a proposal the admin closed", s.Status)
	}
}
