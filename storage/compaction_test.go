package storage

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func appendN(t testing.TB, s *Store, coop, id, tag string, n int) []string {
	t.Helper()
	var out []string
	for i := range n {
		p := fmt.Sprintf("%s-%03d", tag, i)
		if err := s.AppendChange(testMeta(coop, id), []byte(p)); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestCompactNowKeepsEveryChange(t *testing.T) {
	s := openTestStore(t, Options{InMemory: true, Compact: concatCompact, CompactAfterBytes: 1 << 30})
	if err := s.PutDoc(testMeta("c", "d"), []byte("base")); err != nil {
		t.Fatal(err)
	}
	want := append([]string{"base"}, appendN(t, s, "c", "d", "e", 100)...)
	if err := s.CompactNow("c", "d"); err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	if len(incs) != 0 {
		t.Fatalf("%d increments left after CompactNow", len(incs))
	}
	checkAllOnce(t, docTokens(snap, incs), want)
	m, err := s.Meta("c", "d")
	if err != nil || m.Bytes != len(snap) {
		t.Fatalf("Meta after compaction: Bytes %d (snapshot %d), %v", m.Bytes, len(snap), err)
	}
	if n := countIncrementKeys(t, s, "c", "d"); n != 0 {
		t.Fatalf("%d increment keys left", n)
	}
	// Nothing to do is fine, and compacts nothing twice.
	if err := s.CompactNow("c", "d"); err != nil {
		t.Fatal(err)
	}
	again, _ := mustLoad(t, s, "c", "d")
	if string(again) != string(snap) {
		t.Fatal("second CompactNow changed the snapshot")
	}
}

func TestCompactNowWithoutCompactor(t *testing.T) {
	s := memStore(t)
	appendN(t, s, "c", "d", "e", 1)
	wantErr(t, s.CompactNow("c", "d"), ErrNoCompactor)
}

// blockingCompactor pauses inside Compact until released, so a test can act
// while a compaction is in progress.
type blockingCompactor struct {
	started chan struct{}
	release chan struct{}
	calls   atomic.Int32
}

func newBlockingCompactor() *blockingCompactor {
	return &blockingCompactor{started: make(chan struct{}, 16), release: make(chan struct{})}
}

func (b *blockingCompactor) compact(snapshot []byte, increments [][]byte) ([]byte, error) {
	b.calls.Add(1)
	b.started <- struct{}{}
	<-b.release
	return concatCompact(snapshot, increments)
}

func waitStarted(t *testing.T, b *blockingCompactor) {
	t.Helper()
	select {
	case <-b.started:
	case <-time.After(30 * time.Second):
		t.Fatal("compaction did not start")
	}
}

func TestCompactionKeepsIncrementsAppendedMeanwhile(t *testing.T) {
	bc := newBlockingCompactor()
	s := openTestStore(t, Options{Dir: t.TempDir(), Compact: bc.compact, CompactAfterBytes: 1 << 30})
	before := appendN(t, s, "c", "d", "before", 30)
	done := make(chan error, 1)
	go func() { done <- s.CompactNow("c", "d") }()
	waitStarted(t, bc)
	during := appendN(t, s, "c", "d", "during", 20)
	close(bc.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	checkAllOnce(t, docTokens(snap, nil), before)
	if len(incs) != len(during) {
		t.Fatalf("%d increments survive, want the %d appended during compaction", len(incs), len(during))
	}
	for i, p := range during {
		if string(incs[i]) != p {
			t.Fatalf("increment %d = %q, want %q", i, incs[i], p)
		}
	}
}

func TestCompactionDiscardedWhenSnapshotReplaced(t *testing.T) {
	bc := newBlockingCompactor()
	s := openTestStore(t, Options{InMemory: true, Compact: bc.compact, CompactAfterBytes: 1 << 30})
	appendN(t, s, "c", "d", "old", 10)
	done := make(chan error, 1)
	go func() { done <- s.CompactNow("c", "d") }()
	waitStarted(t, bc)
	if err := s.PutDoc(testMeta("c", "d"), []byte("replacement")); err != nil {
		t.Fatal(err)
	}
	close(bc.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	snap, incs := mustLoad(t, s, "c", "d")
	if string(snap) != "replacement" || len(incs) != 0 {
		t.Fatalf("stale compaction overwrote PutDoc: %q, %q", snap, incs)
	}
}

func TestCompactErrorOrPanicKeepsIncrements(t *testing.T) {
	for name, fn := range map[string]func([]byte, [][]byte) ([]byte, error){
		"error": func([]byte, [][]byte) ([]byte, error) { return nil, errors.New("automerge says no") },
		"panic": func([]byte, [][]byte) ([]byte, error) { panic("automerge panicked") },
		"empty": func([]byte, [][]byte) ([]byte, error) { return nil, nil },
	} {
		t.Run(name, func(t *testing.T) {
			s := openTestStore(t, Options{InMemory: true, Compact: fn, CompactAfterBytes: 1 << 30})
			if err := s.PutDoc(testMeta("c", "d"), []byte("base")); err != nil {
				t.Fatal(err)
			}
			want := appendN(t, s, "c", "d", "e", 10)
			if err := s.CompactNow("c", "d"); err == nil {
				t.Fatal("CompactNow succeeded with a failing Compact")
			}
			snap, incs := mustLoad(t, s, "c", "d")
			if string(snap) != "base" || len(incs) != len(want) {
				t.Fatalf("after failed compaction: %q, %d increments", snap, len(incs))
			}
		})
	}
}

// Writers append while the background worker compacts (tiny threshold, so
// it runs many times); every change must end up exactly once in the
// snapshot or the increments, also after reopening.
func TestBackgroundCompactionUnderConcurrentAppends(t *testing.T) {
	dir := t.TempDir()
	var compactions atomic.Int32
	compact := func(snap []byte, incs [][]byte) ([]byte, error) {
		compactions.Add(1)
		return concatCompact(snap, incs)
	}
	s, err := Open(Options{Dir: dir, Compact: compact, CompactAfterBytes: 200, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	const writers, edits = 4, 150
	var mu sync.Mutex
	var want []string
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range edits {
				p := fmt.Sprintf("w%d-%03d", w, i)
				if err := s.AppendChange(testMeta("c", "d"), []byte(p)); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				want = append(want, p)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	snap, incs := mustLoad(t, s, "c", "d")
	checkAllOnce(t, docTokens(snap, incs), want)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if compactions.Load() == 0 {
		t.Fatal("background compaction never ran")
	}
	s = openTestStore(t, Options{Dir: dir})
	snap, incs = mustLoad(t, s, "c", "d")
	checkAllOnce(t, docTokens(snap, incs), want)
	if got := len(docTokens(snap, incs)); got != len(want) {
		t.Fatalf("%d changes stored, want %d", got, len(want))
	}
}

func TestBackgroundCompactionIsScheduledByAppend(t *testing.T) {
	s := openTestStore(t, Options{InMemory: true, Compact: concatCompact, CompactAfterBytes: 100})
	want := appendN(t, s, "c", "d", "edit", 20) // 8 bytes each: crosses 100 bytes
	deadline := time.Now().Add(30 * time.Second)
	for {
		snap, incs := mustLoad(t, s, "c", "d")
		if len(snap) > 0 {
			checkAllOnce(t, docTokens(snap, incs), want)
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no background compaction after crossing CompactAfterBytes")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCloseWaitsForRunningCompaction(t *testing.T) {
	dir := t.TempDir()
	bc := newBlockingCompactor()
	s, err := Open(Options{Dir: dir, Compact: bc.compact, CompactAfterBytes: 10, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	want := appendN(t, s, "c", "d", "e", 3)
	waitStarted(t, bc)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a compaction was running", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(bc.release)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, Options{Dir: dir})
	snap, incs := mustLoad(t, s, "c", "d")
	if len(incs) != 0 {
		t.Fatalf("compaction finished by Close was not committed: %d increments left", len(incs))
	}
	checkAllOnce(t, docTokens(snap, incs), want)
}
