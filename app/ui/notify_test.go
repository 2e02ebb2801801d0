package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

func countNotes(h *harness, prefix string) int {
	n := 0
	for _, s := range h.notes {
		if strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}

func TestNotifiesProposalClosingSoonOnce(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	soon, err := c.NewProposal(workspace.ProposalSpec{Title: "Order flour", Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(5 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.NewProposal(workspace.ProposalSpec{Title: "Later question", Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	h.settle()
	if countNotes(h, "Your vote is needed: Order flour closes in 4 hours") != 1 && countNotes(h, "Your vote is needed: Order flour closes in 5 hours") != 1 {
		t.Fatalf("notifications: %q", h.notes)
	}
	if countNotes(h, "Your vote is needed: Later") != 0 {
		t.Fatalf("a proposal closing in 3 days was notified: %q", h.notes)
	}
	if h.u.shell.badges[secProposals] != "2" {
		t.Fatalf("proposals badge %q, want 2 waiting", h.u.shell.badges[secProposals])
	}
	// Further changes do not repeat it; voting clears the badge.
	if err := c.VoteWords(soon, []string{"agree"}, ""); err != nil {
		t.Fatal(err)
	}
	h.settle()
	if countNotes(h, "Your vote is needed: Order flour") != 1 {
		t.Fatalf("told more than once: %q", h.notes)
	}
	if h.u.shell.badges[secProposals] != "1" {
		t.Fatalf("badge after voting %q", h.u.shell.badges[secProposals])
	}
	// The filter follows.
	h.u.shell.list.filter.SetSelected(filterWaiting)
	h.settle()
	if got := h.u.shell.list.shown; len(got) != 1 || got[0].Title != "Later question" {
		t.Fatalf("waiting for my vote lists %+v", got)
	}
}

func TestNotifiesColleaguesNewProposal(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	bo := newColleague(t, h, "Bo", "member")
	id, err := bo.coop.NewProposal(workspace.ProposalSpec{Title: "Team outing", Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(72 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	bo.send(t, h.coop(), id)
	h.settle()
	if countNotes(h, "New proposal: Team outing") != 1 {
		t.Fatalf("notifications: %q", h.notes)
	}
	// My own new proposals are not news to me.
	if _, err := h.coop().NewProposal(workspace.ProposalSpec{Title: "Mine", Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	h.settle()
	if countNotes(h, "New proposal: Mine") != 0 {
		t.Fatalf("notified of my own proposal: %q", h.notes)
	}
}
