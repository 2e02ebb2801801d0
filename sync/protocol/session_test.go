package protocol

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWholeDocumentsReachAnEmptyPeer(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	for i := range 20 {
		addAgreement(t, a, "House rules "+string(rune('A'+i)), strings.Repeat("We share. ", i+1))
	}
	sa, sb := syncPair(t, b, a, Options{}) // the empty side dials, as after joining
	assertSame(t, a, b)
	if b.rep.Len() != 21 {
		t.Fatalf("b holds %d documents, want 21", b.rep.Len())
	}
	if sb.DocsSent != 20 || sa.DocsReceived != 20 {
		t.Fatalf("a sent %d, b received %d; want 20 each", sb.DocsSent, sa.DocsReceived)
	}
	if sa.RoundTrips > 2 {
		t.Fatalf("cold sync took %d round trips, want at most 2", sa.RoundTrips)
	}
}

func TestWholeDocumentsFromTheDialingSide(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	for i := range 15 {
		addAgreement(t, a, "Doc", strings.Repeat("x", i+1))
	}
	addAgreement(t, b, "Only on b", "b's text")
	syncPair(t, a, b, Options{})
	assertSame(t, a, b)
	if a.rep.Len() != 17 {
		t.Fatalf("a holds %d documents, want 17", a.rep.Len())
	}
}

func TestDivergentDocumentsConverge(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	var ids []string
	for range 30 {
		id := addAgreement(t, a, "Lease", "start.")
		copyDoc(t, a, b, id)
		ids = append(ids, id)
	}
	syncPair(t, a, b, Options{}) // in step, sync states saved
	for i, id := range ids {
		appendText(t, a, id, " a-edit")
		if i%2 == 0 {
			appendText(t, b, id, " b-edit")
		}
	}
	sa, sb := syncPair(t, a, b, Options{})
	assertSame(t, a, b)
	for i, id := range ids {
		got := body(t, b, id)
		if !strings.Contains(got, "a-edit") || (i%2 == 0 && !strings.Contains(got, "b-edit")) {
			t.Fatalf("doc %d lost an edit: %q", i, got)
		}
	}
	if sa.RoundTrips > 4 || sb.RoundTrips > 4 {
		t.Fatalf("divergent sync took %d/%d round trips, want at most 4", sa.RoundTrips, sb.RoundTrips)
	}
	if sa.DocsSent != 30 || sb.DocsReceived == 0 {
		t.Fatalf("stats: a sent %d docs, b received %d", sa.DocsSent, sb.DocsReceived)
	}
}

func TestDivergentWithoutSavedSyncState(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	id := addAgreement(t, a, "Lease", "start.")
	copyDoc(t, a, b, id)
	appendText(t, a, id, " from a")
	appendText(t, b, id, " from b")
	syncPair(t, b, a, Options{})
	assertSame(t, a, b)
}

func TestReconnectWithNothingChangedIsOneRoundTrip(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	for range 50 {
		addAgreement(t, a, "Doc", "text")
	}
	syncPair(t, a, b, Options{})
	sa, sb := syncPair(t, a, b, Options{})
	if sa.RoundTrips != 1 {
		t.Fatalf("initiator counted %d round trips, want 1", sa.RoundTrips)
	}
	if sa.DocsSent+sa.DocsReceived+sb.DocsSent+sb.DocsReceived != 0 {
		t.Fatalf("documents moved although nothing changed: %+v %+v", sa, sb)
	}
	if sa.BytesSent > 200 || sb.BytesSent > 200 {
		t.Fatalf("reconnect sent %d+%d bytes, want a HELLO each", sa.BytesSent, sb.BytesSent)
	}
}

func TestOneChangedDocumentAmongManyCostsLittle(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	var ids []string
	for range 400 {
		ids = append(ids, addAgreement(t, a, "Doc", "text"))
	}
	syncPair(t, a, b, Options{})
	appendText(t, b, ids[123], " changed")
	sa, sb := syncPair(t, a, b, Options{})
	assertSame(t, a, b)
	if sa.DocsReceived != 1 || sb.DocsSent != 1 {
		t.Fatalf("want exactly the changed document moved: %+v %+v", sa, sb)
	}
	// 256 bucket digests (2 KiB) and a handful of listed documents, not 400.
	if total := sa.BytesSent + sb.BytesSent; total > 4096 {
		t.Fatalf("one changed document cost %d bytes", total)
	}
}

func TestProgressEventsDuringALongSync(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	for i := range 60 {
		addAgreement(t, a, "Doc", strings.Repeat("text ", i+1))
	}
	var mu sync.Mutex
	var events []Progress
	opts := Options{ProgressEvery: time.Nanosecond, Progress: func(p Progress) {
		mu.Lock()
		events = append(events, p)
		mu.Unlock()
	}}
	syncPair(t, b, a, opts)
	mu.Lock()
	defer mu.Unlock()
	// Both sessions report; look at the receiver's (b's) events.
	var got []Progress
	for _, p := range events {
		if p.Peer == a.ID() {
			got = append(got, p)
		}
	}
	if len(got) < 3 {
		t.Fatalf("receiver reported %d progress events, want several", len(got))
	}
	last := got[len(got)-1]
	if !last.Done || last.DocsDone != 60 || last.DocsTotal != 60 || last.BytesReceived == 0 {
		t.Fatalf("last event %+v, want done with 60 of 60 documents", last)
	}
	for i := 1; i < len(got); i++ {
		if got[i].DocsDone < got[i-1].DocsDone || got[i].BytesReceived < got[i-1].BytesReceived {
			t.Fatalf("progress went backwards: %+v then %+v", got[i-1], got[i])
		}
		if got[i].DocsDone > got[i].DocsTotal {
			t.Fatalf("done exceeds total: %+v", got[i])
		}
		if got[i].Coop != a.rep.Coop() {
			t.Fatalf("event for co-op %q", got[i].Coop)
		}
	}
}

func TestCancelledContextStopsTheInitialSync(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ra, rb := runPair(t, ctx, a, b, Options{ReadTimeout: 2 * time.Second})
	if !errors.Is(ra.err, context.Canceled) || rb.err == nil {
		t.Fatalf("got %v / %v, want the initiator cancelled and the responder failing", ra.err, rb.err)
	}
}

func TestDocumentLargerThanAFrameIsSkipped(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	rng := rand.New(rand.NewPCG(3, 4))
	var text strings.Builder
	for range 12000 { // random letters: Automerge cannot compress them below 4 KiB
		text.WriteByte(byte('a' + rng.IntN(26)))
	}
	big := addAgreement(t, a, "Huge", text.String())
	if raw, _ := a.rep.DocBytes(big); len(raw) < 4096 {
		t.Fatalf("test document is only %d bytes", len(raw))
	}
	small := addAgreement(t, a, "Small", "fits")
	syncPair(t, b, a, Options{MaxFrame: 4096})
	if _, err := b.rep.Doc(small); err != nil {
		t.Fatalf("the small document did not arrive: %v", err)
	}
	if _, err := b.rep.Doc(big); !errors.Is(err, ErrUnknownDoc) {
		t.Fatalf("a document over the frame limit was sent (%v)", err)
	}
}
