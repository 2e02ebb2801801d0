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

// TestRatifiedStatusFollowsItsProposal: an agreement's checked status is
// kept between saves, but not past a change to the proposal it rests on:
// reopening that proposal makes the agreement "not ratified" at once, and
// typing in the body still turns it "amended".
func TestRatifiedStatusFollowsItsProposal(t *testing.T) {
	w, c := uiTestCoop(t)
	aid, err := c.NewAgreement("Bylaws", "# Bylaws\n\nMembers meet monthly.\n")
	if err != nil {
		t.Fatal(err)
	}
	ver, err := c.SaveVersion(aid, "2026")
	if err != nil {
		t.Fatal(err)
	}
	pid, err := c.NewProposal(ProposalSpec{Title: "Ratify the bylaws", Process: crdt.ProcessConsent,
		ClosesAt: w.Now().Add(48 * time.Hour), Ratifies: &crdt.RatifyLink{Agreement: aid, Version: ver}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.VoteWords(pid, []string{"agree"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := c.CloseProposal(pid); err != nil {
		t.Fatal(err)
	}
	if err := c.Ratify(aid, ver, pid); err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		s, err := c.Summary(aid)
		if err != nil {
			t.Fatal(err)
		}
		return s.Status
	}
	if got := status(); got != string(AgreementRatified) {
		t.Fatalf("after ratifying: %q", got)
	}
	if _, err := c.CommitAgreementText(aid, "# Bylaws\n\nMembers meet monthly.\n", "# Bylaws\n\nMembers meet weekly.\n"); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != string(AgreementAmended) {
		t.Fatalf("after an edit: %q", got)
	}
	if _, err := c.CommitAgreementText(aid, "# Bylaws\n\nMembers meet weekly.\n", "# Bylaws\n\nMembers meet monthly.\n"); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != string(AgreementRatified) {
		t.Fatalf("with the ratified text back: %q", got)
	}
	if err := c.ReopenProposal(pid, w.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	a, err := c.Agreement(aid)
	if err != nil {
		t.Fatal(err)
	}
	st, refused, err := c.AgreementStatusOf(a)
	if err != nil || st != AgreementDraft || len(refused) != 1 || refused[0].Reason != "the proposal it names did not pass" {
		t.Fatalf("after reopening its proposal: %q %+v %v", st, refused, err)
	}
}

// TestMembersIsKeptUntilTheRosterChanges: the roster view is evaluated once
// per roster state, and a roster change is seen at once.
func TestMembersIsKeptUntilTheRosterChanges(t *testing.T) {
	_, c := uiTestCoop(t)
	first, err := c.Members()
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Members()
	if err != nil || again != first {
		t.Fatalf("the unchanged roster was evaluated again (%v)", err)
	}
	bo, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddMember(bo.Member(), "Bo", "member"); err != nil {
		t.Fatal(err)
	}
	after, err := c.Members()
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := after.Member(bo.Member()); !ok || !m.Active() {
		t.Fatal("a member added to the roster is not in the view")
	}
}
