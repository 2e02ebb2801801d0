package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/mutual-coop/mutual/app/workspace"
)

// openProposal returns the proposal view that is open.
func (h *harness) proposalView() *proposalView {
	h.t.Helper()
	v, ok := h.u.shell.view.(*proposalView)
	if !ok || v.data == nil {
		h.t.Fatalf("no proposal is open (view %T)", h.u.shell.view)
	}
	return v
}

func TestCreateProposalVoteAndSeeTheTallyChange(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	newColleague(t, h, "Bo", "member")

	// Write a proposal through the New form.
	h.tap("New proposal")
	f := h.u.shell.proposalForm
	test.Type(f.title, "Buy a second oven")
	test.Type(f.body, "It pays for itself in **two years**.")
	test.Tap(f.create)
	h.settle()

	if got := h.u.shell.list.shown; len(got) != 1 || got[0].Title != "Buy a second oven" {
		t.Fatalf("list shows %+v, want the new proposal", got)
	}
	v := h.proposalView()
	if v.title.Text != "Buy a second oven" {
		t.Fatalf("title %q", v.title.Text)
	}
	if !strings.Contains(v.body.rich.String(), "two years") {
		t.Fatalf("body not rendered: %q", v.body.rich.String())
	}
	if got := v.tally.shown["Agree"]; got != "0 votes" {
		t.Fatalf("Agree before voting shows %q", got)
	}
	if !strings.Contains(v.tally.notVoted.Text, "Bo") || !strings.Contains(v.tally.notVoted.Text, "you") {
		t.Fatalf("not voted: %q", v.tally.notVoted.Text)
	}

	// Vote with a reason: the tally counts it at once.
	v.vote.radio.SetSelected("Agree")
	test.Type(v.vote.reason, "We turn customers away")
	test.Tap(v.vote.submit)
	h.settle()
	v = h.proposalView()
	if got := v.tally.shown["Agree"]; got != "1 vote" {
		t.Fatalf("Agree after voting shows %q, want 1 vote", got)
	}
	if !strings.Contains(v.tally.quorumText.Text, "1 of 2 voting members") {
		t.Fatalf("participation: %q", v.tally.quorumText.Text)
	}
	if strings.Contains(v.tally.notVoted.Text, "you") || !strings.Contains(v.tally.notVoted.Text, "Bo") {
		t.Fatalf("not voted after my vote: %q", v.tally.notVoted.Text)
	}
	if !strings.Contains(v.vote.current.Text, "Agree") {
		t.Fatalf("my vote shows %q", v.vote.current.Text)
	}
	h.wantText("We turn customers away")

	// Change the vote: the count moves.
	v.vote.radio.SetSelected("Disagree")
	test.Tap(v.vote.submit)
	h.settle()
	v = h.proposalView()
	if v.tally.shown["Agree"] != "0 votes" || v.tally.shown["Disagree"] != "1 vote" {
		t.Fatalf("after changing: %v", v.tally.shown)
	}
}

func TestColleaguesVoteArrivesLive(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	bo := newColleague(t, h, "Bo", "member")
	c := h.coop()
	id, err := c.NewProposal(workspace.ProposalSpec{Title: "Paint the shop", Process: workspace.ProcessChooseOne,
		Options: []workspace.OptionSpec{{Label: "Blue"}, {Label: "Green"}}, ClosesAt: time.Now().Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h.settle()
	v := h.proposalView()
	if v.id != id {
		t.Fatalf("the new proposal is not open")
	}
	if v.tally.shown["Green"] != "0 votes" {
		t.Fatalf("before: %v", v.tally.shown)
	}

	bo.receive(t, c, id)
	if err := bo.coop.VoteWords(id, []string{"Green"}, "Calmer"); err != nil {
		t.Fatal(err)
	}
	// I am choosing meanwhile: my choice must survive the refresh.
	v.vote.radio.SetSelected("Blue")
	bo.send(t, c, id)
	h.settle()
	v = h.proposalView()
	if v.tally.shown["Green"] != "1 vote · leading" {
		t.Fatalf("after Bo's vote: %v", v.tally.shown)
	}
	if v.vote.radio.Selected != "Blue" {
		t.Fatalf("my unsent choice was reset to %q", v.vote.radio.Selected)
	}
	h.wantText("Calmer")
}

func TestProposalManageCloseReopenAndOutcome(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	id, err := c.NewProposal(workspace.ProposalSpec{Title: "Open on Sundays", Process: workspace.ProcessConsent,
		ClosesAt: time.Now().Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	h.settle()
	if err := c.VoteWords(id, []string{"agree"}, ""); err != nil {
		t.Fatal(err)
	}
	h.settle()
	v := h.proposalView()
	v.manage.closeNow()
	h.settle()
	v = h.proposalView()
	if v.status.Text != "Passed" {
		t.Fatalf("status after closing: %q", v.status.Text)
	}
	if v.voteCard.Visible() {
		t.Fatal("the vote form is still shown on a closed proposal")
	}
	test.Type(v.manage.outcome, "We open on Sundays from May.")
	test.Tap(v.manage.saveOutcome)
	h.settle()
	h.wantText("We open on Sundays from May.")

	v = h.proposalView()
	v.manage.setDeadline(true, 24*time.Hour)
	h.settle()
	v = h.proposalView()
	if v.status.Text != "Open" || !v.voteCard.Visible() {
		t.Fatalf("after reopening: status %q, vote shown %v", v.status.Text, v.voteCard.Visible())
	}
	if !strings.Contains(v.countdown.Text, "closes in") {
		t.Fatalf("countdown: %q", v.countdown.Text)
	}
}

func TestProposalBodyEditMode(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	if _, err := h.coop().NewProposal(workspace.ProposalSpec{Title: "Hours", Body: "Open *9 to 5*.",
		Process: workspace.ProcessConsent, ClosesAt: time.Now().Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	h.settle()
	v := h.proposalView()
	h.tap("Edit text")
	if v.body.entry.Text != "Open *9 to 5*." {
		t.Fatalf("edit mode shows %q", v.body.entry.Text)
	}
	v.body.entry.SetText("Open **8 to 6**.")
	h.tap("Save")
	v = h.proposalView()
	if v.body.editing || !strings.Contains(v.body.rich.String(), "8 to 6") {
		t.Fatalf("after saving: editing %v, text %q", v.body.editing, v.body.rich.String())
	}
}

func TestProposalStanceReplyAndComments(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	id, err := c.NewProposal(workspace.ProposalSpec{Title: "New logo", Process: workspace.ProcessConsent,
		ClosesAt: time.Now().Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.VoteWords(id, []string{"disagree"}, "Too pink"); err != nil {
		t.Fatal(err)
	}
	h.settle()
	v := h.proposalView()
	test.Type(v.comments.entry, "Can we see other drafts?")
	test.Tap(v.comments.post)
	h.settle()
	h.wantText("Can we see other drafts?")
	v = h.proposalView()
	if v.comments.entry.Text != "" {
		t.Fatalf("the comment box kept %q", v.comments.entry.Text)
	}

	// Reply to the reason of a stance.
	v.comments.openReply(workspace.StanceParent(h.u.me()))
	h.settle()
	test.Type(v.comments.replyEntry, "Fair, we will try green")
	test.Tap(v.comments.replyPost)
	h.settle()
	cs, err := c.Comments(id)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cm := range cs {
		if cm.Body == "Fair, we will try green" && strings.HasPrefix(cm.Parent, "stance:") {
			found = true
		}
	}
	if !found {
		t.Fatalf("the reply to the stance was not saved: %+v", cs)
	}
	h.wantText("Fair, we will try green")
}
