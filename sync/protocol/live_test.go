package protocol

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// liveSession runs a live session between a (dialing) and b until stop;
// aDone is closed when a's session ended by itself.
func liveSession(t *testing.T, a, b *member) (stop func() (result, result), aDone chan struct{}) {
	t.Helper()
	ca, cb := tcpPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	opts := Options{Live: true, ReadTimeout: 3 * time.Second, Logger: testLogger}
	var wg sync.WaitGroup
	var ra, rb result
	aDone = make(chan struct{})
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(aDone)
		ra.stats, ra.err = RunSession(ctx, ca, a.rep, a.ID(), b.ID(), true, opts)
	}()
	go func() {
		defer wg.Done()
		rb.stats, rb.err = RunSession(ctx, cb, b.rep, b.ID(), a.ID(), false, opts)
	}()
	return func() (result, result) {
		cancel()
		wg.Wait()
		return ra, rb
	}, aDone
}

func TestLiveEditsArrive(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	id := addAgreement(t, a, "Shifts", "Monday: Ana.")
	stop, _ := liveSession(t, a, b)
	eventually(t, 10*time.Second, "the initial sync", func() bool { return b.rep.Len() == 2 })

	appendText(t, a, id, " Tuesday: Ben.")
	eventually(t, 10*time.Second, "a's edit on b", func() bool { return strings.Contains(body(t, b, id), "Tuesday: Ben.") })

	appendText(t, b, id, " Wednesday: Cy.")
	eventually(t, 10*time.Second, "b's edit on a", func() bool { return strings.Contains(body(t, a, id), "Wednesday: Cy.") })

	created := addAgreement(t, b, "New while connected", "fresh")
	eventually(t, 10*time.Second, "a document created on b", func() bool {
		_, err := a.rep.Doc(created)
		return err == nil
	})
	appendText(t, a, created, " and edited")
	eventually(t, 10*time.Second, "an edit to the new document", func() bool {
		return strings.Contains(body(t, b, created), "fresh and edited")
	})

	// Both type at once; both sides end identical.
	var wg sync.WaitGroup
	for _, m := range []*member{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				if err := tryAppend(m, id, " "+m.name+string(rune('a'+i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	eventually(t, 10*time.Second, "convergence after concurrent typing", func() bool {
		return strings.Join(mustDoc(t, a, id).Heads(), ",") == strings.Join(mustDoc(t, b, id).Heads(), ",")
	})
	assertSame(t, a, b)

	ra, rb := stop()
	if ra.err != nil || rb.err != nil {
		t.Fatalf("live sessions ended with %v / %v", ra.err, rb.err)
	}
}

func mustDoc(t testing.TB, m *member, id string) *crdt.Doc {
	t.Helper()
	d, err := m.rep.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLiveRemovalStopsEverything(t *testing.T) {
	ms := newCoop(t, 2)
	admin, gone := ms[0], ms[1]
	id := addAgreement(t, admin, "Plans", "v1")
	stop, adminDone := liveSession(t, admin, gone)
	eventually(t, 10*time.Second, "the initial sync", func() bool { return gone.rep.Len() == 2 })
	rosterBefore := strings.Join(mustDoc(t, gone, gone.rep.Coop()).Heads(), ",")

	if err := admin.rep.Edit(admin.rep.Coop(), func(d *crdt.Doc) error {
		r, err := crdt.AsRoster(d)
		if err != nil {
			return err
		}
		return r.RemoveMember(gone.ID())
	}); err != nil {
		t.Fatal(err)
	}
	appendText(t, admin, id, " after the removal")
	select {
	case <-adminDone:
	case <-time.After(10 * time.Second):
		t.Fatal("the admin's session kept serving a removed member")
	}
	ra, _ := stop()
	if !errors.Is(ra.err, ErrNotMember) {
		t.Fatalf("admin's session ended with %v, want ErrNotMember", ra.err)
	}
	if strings.Contains(body(t, gone, id), "after the removal") {
		t.Fatal("a removed member received an edit made after the removal")
	}
	if got := strings.Join(mustDoc(t, gone, gone.rep.Coop()).Heads(), ","); got != rosterBefore {
		t.Fatal("a removed member received the roster change")
	}
}
