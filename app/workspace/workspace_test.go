package workspace

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

func openTest(t *testing.T, dir string) *Workspace {
	t.Helper()
	w, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	return w
}

func founded(t *testing.T) (*Workspace, *Coop, string) {
	t.Helper()
	dir := t.TempDir()
	w := openTest(t, dir)
	t.Cleanup(func() { w.Close() })
	c, err := w.CreateCoop("Riverside Bakery", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	return w, c, dir
}

func consent(title string) ProposalSpec {
	return ProposalSpec{Title: title, Process: crdt.ProcessConsent, ClosesAt: time.Now().Add(48 * time.Hour), Quorum: 0.5}
}

func TestCreateVoteReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, dir)
	c, err := w.CreateCoop("Riverside Bakery", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	pid, err := c.NewProposal(consent("Buy a second oven"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.VoteWords(pid, []string{"agree"}, "we need it"); err != nil {
		t.Fatal(err)
	}
	coopID := c.ID()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	w = openTest(t, dir)
	defer w.Close()
	c, err = w.Coop("")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID() != coopID || c.Name() != "Riverside Bakery" {
		t.Fatalf("reopened co-op %s %q", c.ID(), c.Name())
	}
	pv, err := c.Proposal(pid)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Tally.Participated != 1 || pv.Tally.Voters != 1 || !pv.Tally.QuorumMet {
		t.Fatalf("tally after reopen: %+v", pv.Tally)
	}
	list, err := c.List("")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != pid || list[0].Status != "open" || list[0].Title != "Buy a second oven" {
		t.Fatalf("list: %+v", list)
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	_, c, _ := founded(t)
	pid, err := c.NewProposal(consent("Close on Mondays"))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := c.History(pid)
	cases := []struct {
		name string
		do   func() error
		want error
	}{
		{"unknown id", func() error { return c.VoteWords("zzzzzzzz", []string{"agree"}, "") }, ErrUnknownDoc},
		{"bad stance", func() error { return c.VoteWords(pid, []string{"maybe-ish"}, "") }, crdt.ErrInvalid},
		{"unknown member", func() error { return c.RemoveMember("00ff") }, crdt.ErrNotFound},
		{"bad role", func() error { return c.SetRole(c.w.Me(), "king") }, crdt.ErrInvalid},
		{"schedule op on proposal", func() error { _, err := c.AddShift(pid, ShiftSpec{}); return err }, crdt.ErrWrongKind},
	}
	for _, tc := range cases {
		err := tc.do()
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	if err := c.CloseProposal(pid); err != nil {
		t.Fatal(err)
	}
	closed, _ := c.History(pid)
	if err := c.VoteWords(pid, []string{"agree"}, ""); !errors.Is(err, crdt.ErrClosed) {
		t.Fatalf("vote on closed proposal: %v", err)
	}
	after, _ := c.History(pid)
	if len(after) != len(closed) || len(closed) != len(before)+1 {
		t.Fatalf("history grew by a refused edit: %d -> %d -> %d", len(before), len(closed), len(after))
	}
}

func TestResolvePrefixes(t *testing.T) {
	_, c, _ := founded(t)
	id, err := c.NewSchedule("Rota")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Resolve(id[:6]); err != nil || got != id {
		t.Fatalf("prefix: %q %v", got, err)
	}
	if _, err := c.Resolve(id[:2]); !errors.Is(err, ErrUnknownDoc) {
		t.Fatalf("short prefix: %v", err)
	}
	if _, err := c.Resolve("nothinglikeit"); !errors.Is(err, ErrUnknownDoc) {
		t.Fatalf("unknown: %v", err)
	}
}

func TestConcurrentEditsAllDurable(t *testing.T) {
	dir := t.TempDir()
	w := openTest(t, dir)
	c, err := w.CreateCoop("Co", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	aid, err := c.NewAgreement("Bylaws", "")
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				errs <- c.SpliceAgreement(aid, 0, 0, fmt.Sprintf("<%d.%d>", g, i))
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	w = openTest(t, dir)
	defer w.Close()
	c, _ = w.Coop("")
	a, err := c.Agreement(aid)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := a.Body()
	for g := 0; g < writers; g++ {
		for i := 0; i < each; i++ {
			if want := fmt.Sprintf("<%d.%d>", g, i); !strings.Contains(body, want) {
				t.Fatalf("edit %s lost after reopen", want)
			}
		}
	}
}

func TestCompactionKeepsEveryChange(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(Options{Dir: dir, CompactAfterBytes: 512})
	if err != nil {
		t.Fatal(err)
	}
	c, err := w.CreateCoop("Co", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	aid, err := c.NewAgreement("Policy", "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if err := c.SpliceAgreement(aid, 0, 0, fmt.Sprintf("[%03d]", i)); err != nil {
			t.Fatal(err)
		}
	}
	hist, _ := c.History(aid)
	w.Close() // waits for background compaction
	w = openTest(t, dir)
	defer w.Close()
	c, _ = w.Coop("")
	_, incs, err := w.store.LoadDoc(c.ID(), aid)
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) >= 200 {
		t.Fatalf("no compaction happened: %d increments", len(incs))
	}
	after, err := c.History(aid)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(hist) {
		t.Fatalf("compaction lost changes: %d before, %d after", len(hist), len(after))
	}
	a, _ := c.Agreement(aid)
	body, _ := a.Body()
	for i := 0; i < 200; i++ {
		if !strings.Contains(body, fmt.Sprintf("[%03d]", i)) {
			t.Fatalf("edit %d lost", i)
		}
	}
}

func TestEventsOnEdit(t *testing.T) {
	w, c, _ := founded(t)
	events, cancel := w.Subscribe()
	defer cancel()
	id, err := c.NewSchedule("Rota")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-events:
		if e.Type != EventDocChanged || e.Doc != id || e.Remote {
			t.Fatalf("event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event for a new document")
	}
}

func TestSeveralCoopsNeedChoice(t *testing.T) {
	w, _, _ := founded(t)
	if _, err := w.CreateCoop("Second Co", "Ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Coop(""); !errors.Is(err, ErrNoCoop) {
		t.Fatalf("ambiguous co-op: %v", err)
	}
	c, err := w.Coop("second co")
	if err != nil || c.Name() != "Second Co" {
		t.Fatalf("by name: %v", err)
	}
	if _, err := w.CreateCoop("Second Co", "Ana"); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate name: %v", err)
	}
}
