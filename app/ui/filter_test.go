package ui

import (
	"testing"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

func TestFilterAndSortDocs(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	docs := []workspace.DocSummary{
		{ID: "a", Kind: "proposal", Title: "Buy an oven", Status: "open", Deadline: now.Add(72 * time.Hour), Updated: now.Add(-time.Hour)},
		{ID: "b", Kind: "proposal", Title: "Oven cleaning", Status: "open", Deadline: now.Add(5 * time.Hour), Updated: now.Add(-48 * time.Hour)},
		{ID: "c", Kind: "proposal", Title: "New logo", Status: "closed", Updated: now},
		{ID: "d", Kind: "proposal", Title: "Old question", Status: "closed", Updated: now.Add(-100 * time.Hour)},
	}
	sortDocs(docs, now)
	var order string
	for _, d := range docs {
		order += d.ID
	}
	if order != "bacd" {
		t.Fatalf("order %q: open ones first by deadline, then newest", order)
	}
	marks := listMarks{waiting: map[string]bool{"a": true}}
	for _, c := range []struct {
		query, filter string
		want          int
	}{
		{"", filterAll, 4}, {"oven", filterAll, 2}, {"OVEN clean", filterAll, 1}, {"", filterOpen, 2},
		{"", filterClosed, 2}, {"", filterWaiting, 1}, {"logo", filterOpen, 0},
	} {
		if got := filterDocs(docs, c.query, c.filter, marks); len(got) != c.want {
			t.Errorf("query %q filter %q: %d docs, want %d", c.query, c.filter, len(got), c.want)
		}
	}
	if text, _ := statusText(docs[1], true, workspace.TallyResult{}); text != "Waiting for your vote" {
		t.Errorf("status of an open proposal waiting for me: %q", text)
	}
	closed := workspace.DocSummary{Kind: "proposal", Status: "closed"}
	for result, want := range map[string]string{workspace.ResultPassed: "Passed", workspace.ResultFailed: "Did not pass",
		workspace.ResultBlocked: "Blocked", workspace.ResultNoQuorum: "Too few took part", "": "Closed"} {
		if text, _ := statusText(closed, false, workspace.TallyResult{Result: result, Process: workspace.ProcessConsent}); text != want {
			t.Errorf("closed proposal with result %q shows %q, want %q", result, text, want)
		}
	}
}

func TestParseSlot(t *testing.T) {
	o, err := parseSlot("2025-07-07 19:00-21:00")
	if err != nil {
		t.Fatal(err)
	}
	if o.Start.Hour() != 19 || o.End.Sub(o.Start) != 2*time.Hour {
		t.Fatalf("slot %v – %v", o.Start, o.End)
	}
	if _, err := parseSlot("next Tuesday"); err == nil {
		t.Fatal("a slot without times was accepted")
	}
	if o, err := parseSlot("2025-07-07 23:00-01:00"); err != nil || o.End.Sub(o.Start) != 2*time.Hour {
		t.Fatalf("a slot past midnight: %v %v", o, err)
	}
}

func TestElideKeepsContextAroundChanges(t *testing.T) {
	text := "1\n2\n3\n4\n5\n6\n7\n8\n"
	if got := elide(text, 2); got != "1\n2\n⋯\n8\n" {
		t.Fatalf("elide = %q", got)
	}
	if got := elide("a\nb\n", 2); got != "a\nb\n" {
		t.Fatalf("short text changed: %q", got)
	}
}

// TestSearchFindsWordsInTextAndComments: the search box used to match
// titles only; a word in a body, an outcome-free proposal's text or a
// comment finds its document too, and editing the text updates the result.
func TestSearchFindsWordsInTextAndComments(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	closes := h.ws.Now().Add(72 * time.Hour)
	oven, err := c.NewProposal(workspace.ProposalSpec{Title: "Buy a second oven", Body: "The old one is failing.", Process: workspace.ProcessConsent, ClosesAt: closes})
	if err != nil {
		t.Fatal(err)
	}
	holidays, err := c.NewProposal(workspace.ProposalSpec{Title: "Holidays", Body: "Two weeks in August.", Process: workspace.ProcessConsent, ClosesAt: closes})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddComment(holidays, "", "Who bakes the sourdough then?"); err != nil {
		t.Fatal(err)
	}
	h.u.shell.showSection(secProposals)
	h.settle()
	shown := func(query string) []string {
		t.Helper()
		h.u.shell.list.search.SetText(query)
		h.settle()
		var ids []string
		for _, d := range h.u.shell.list.shown {
			ids = append(ids, d.ID)
		}
		return ids
	}
	if got := shown("failing"); len(got) != 1 || got[0] != oven {
		t.Fatalf("a word of a proposal's text found %v, want the oven proposal", got)
	}
	if got := shown("SOURDOUGH"); len(got) != 1 || got[0] != holidays {
		t.Fatalf("a word of a comment found %v, want the holidays proposal", got)
	}
	if got := shown("oven"); len(got) != 1 || got[0] != oven {
		t.Fatalf("a title word found %v", got)
	}
	if got := shown("croissant"); len(got) != 0 {
		t.Fatalf("a word in no document found %v", got)
	}
	if err := c.SetProposalBody(oven, "Croissants need a convection oven."); err != nil {
		t.Fatal(err)
	}
	h.settle()
	if got := shown("croissant"); len(got) != 1 || got[0] != oven {
		t.Fatalf("after an edit, the new text found %v", got)
	}
}

// TestClosedProposalsShowTheirResultInTheList: the list said a faint
// "Closed" for every ended proposal; it now says how each ended.
func TestClosedProposalsShowTheirResultInTheList(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	closes := h.ws.Now().Add(48 * time.Hour)
	passed, err := c.NewProposal(workspace.ProposalSpec{Title: "Buy flour", Process: workspace.ProcessConsent, ClosesAt: closes})
	if err != nil {
		t.Fatal(err)
	}
	blocked, err := c.NewProposal(workspace.ProposalSpec{Title: "Close on Saturdays", Process: workspace.ProcessConsent, ClosesAt: closes, PassRule: workspace.PassConsensus})
	if err != nil {
		t.Fatal(err)
	}
	for id, vote := range map[string]string{passed: "agree", blocked: "block"} {
		if err := c.VoteWords(id, []string{vote}, "because"); err != nil {
			t.Fatal(err)
		}
		if err := c.CloseProposal(id); err != nil {
			t.Fatal(err)
		}
	}
	h.u.shell.showSection(secProposals)
	h.settle()
	h.u.refreshFacts()
	h.settle()
	for id, want := range map[string]string{passed: "Passed", blocked: "Blocked"} {
		var row workspace.DocSummary
		for _, d := range h.u.shell.list.shown {
			if d.ID == id {
				row = d
			}
		}
		if got, _ := statusText(row, h.u.facts.waiting[id], h.u.facts.results[id]); got != want {
			t.Errorf("the list shows %q for a proposal that ended %q", got, want)
		}
	}
}
