package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/mutual-coop/mutual/app/node"
	"github.com/mutual-coop/mutual/app/workspace"
)

// startNode runs the real sync node on loopback for a window's workspace.
func startNode(t *testing.T, ws *workspace.Workspace) {
	t.Helper()
	if _, err := ws.EnsureIdentity(""); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n, err := node.Start(ctx, ws, node.Options{Listen: []string{"/ip4/127.0.0.1/tcp/0"}})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		n.Close()
		cancel()
	})
}

// syncOnce asks a window's sync layer to sync with every known member, as
// "Sync now" does, in the background.
func syncOnce(h *harness) {
	svc, coop := h.ws.Sync(), h.u.coop.ID()
	h.r.bg(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		svc.SyncNow(ctx, coop)
	})
}

// waitFor settles both windows until cond holds (bounded in time).
func waitFor(t *testing.T, what string, cond func() bool, hs ...*harness) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, h := range hs {
			h.settle()
		}
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// Two windows on one machine, two data directories, syncing on loopback:
// invite, join, a proposal made in one window and voted on in the other;
// both windows show the same tally.
func TestTwoWindowsInviteJoinVote(t *testing.T) {
	wsA, err := workspace.Open(workspace.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wsA.CreateCoop("Riverside Bakery", "Ana"); err != nil {
		t.Fatal(err)
	}
	startNode(t, wsA)
	wsB, err := workspace.Open(workspace.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	startNode(t, wsB)
	ana := openHarness(t, wsA, Options{})
	ben := openHarness(t, wsB, Options{})

	// Ana invites.
	mv := ana.membersView()
	test.Tap(mv.inviteB)
	waitFor(t, "the invite code", func() bool { return mv.code != nil }, ana)
	code := mv.code.Text

	// Ben joins from his first-run screen.
	f := ben.u.first
	test.Type(f.name, "Ben")
	test.Tap(f.next)
	ben.settle()
	f.code.SetText(code)
	test.Tap(f.join)
	waitFor(t, "Ben's window to open the co-op", func() bool { return ben.u.shell != nil }, ben, ana)
	if got := ben.u.shell.coopName.Text; got != "Riverside Bakery" {
		t.Fatalf("Ben's window shows co-op %q", got)
	}

	// Ana makes a proposal in her window.
	ana.u.shell.showSection(secProposals)
	ana.tap("New proposal")
	pf := ana.u.shell.proposalForm
	test.Type(pf.title, "Buy a second oven")
	test.Tap(pf.create)
	ana.settle()
	pid := ana.proposalView().id

	// It reaches Ben's window; he votes there.
	tries := 0
	waitFor(t, "the proposal in Ben's window", func() bool {
		if ben.u.shell.list.indexOf(pid) < 0 {
			if tries++; tries%20 == 1 {
				syncOnce(ben)
			}
			return false
		}
		return true
	}, ben, ana)
	ben.u.shell.list.open(pid)
	ben.settle()
	bv := ben.proposalView()
	bv.vote.radio.SetSelected("Agree")
	test.Type(bv.vote.reason, "Busy Saturdays")
	test.Tap(bv.vote.submit)
	ben.settle()

	// Both windows show the same tally.
	tries = 0
	waitFor(t, "Ben's vote in Ana's window", func() bool {
		if v, ok := ana.u.shell.view.(*proposalView); ok && v.data != nil && v.tally.shown["Agree"] == "1 vote" {
			return true
		}
		if tries++; tries%20 == 1 {
			syncOnce(ben)
		}
		return false
	}, ana, ben)
	a, b := ana.proposalView().tally, ben.proposalView().tally
	for label, count := range a.shown {
		if b.shown[label] != count {
			t.Fatalf("tallies differ for %s: Ana sees %q, Ben %q", label, count, b.shown[label])
		}
	}
	if a.quorumText.Text != b.quorumText.Text || !strings.HasPrefix(a.quorumText.Text, "1 of 2 voting members took part") {
		t.Fatalf("participation: Ana %q, Ben %q", a.quorumText.Text, b.quorumText.Text)
	}
	ana.wantText("Busy Saturdays")
}
