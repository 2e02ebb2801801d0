package storage

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// While one edit's commit is held up, edits arriving meanwhile must be
// committed together in a single transaction.
func TestConcurrentAppendsShareOneCommit(t *testing.T) {
	s := memStore(t)
	var mu sync.Mutex
	var batches []int
	s.batchHook = func(n int) { mu.Lock(); batches = append(batches, n); mu.Unlock() }

	// Hold document A's lock so the first editor (the leader) waits in
	// its commit while the others queue behind it.
	release := s.lockDoc("c", "A")
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	appendAsync := func(id string) {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- s.AppendChange(testMeta("c", id), []byte("edit-"+id)) }()
	}
	appendAsync("A")
	waitFor(t, "leader to start committing", func() bool {
		s.appends.mu.Lock()
		defer s.appends.mu.Unlock()
		return s.appends.leading && len(s.appends.pending) == 0
	})
	for _, id := range []string{"B", "C", "D", "E"} {
		appendAsync(id)
	}
	waitFor(t, "4 queued edits", func() bool {
		s.appends.mu.Lock()
		defer s.appends.mu.Unlock()
		return len(s.appends.pending) == 4
	})
	release()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(batches, []int{1, 4}) {
		t.Fatalf("commit batch sizes %v, want [1 4]", batches)
	}
	for _, id := range []string{"A", "B", "C", "D", "E"} {
		if _, incs := mustLoad(t, s, "c", id); len(incs) != 1 || string(incs[0]) != "edit-"+id {
			t.Fatalf("doc %s: %q", id, incs)
		}
	}
}

// A bad document in a batch fails only its own edit.
func TestBatchWithCorruptDocumentFailsOnlyThatEdit(t *testing.T) {
	s := memStore(t)
	appendN(t, s, "c", "bad", "e", 1)
	setRaw(t, s.db, metaKey("c", "bad"), []byte("garbage"))
	reqs := []*appendReq{
		{meta: testMeta("c", "good1"), inc: []byte("g1"), wake: make(chan struct{}, 1)},
		{meta: testMeta("c", "bad"), inc: []byte("b"), wake: make(chan struct{}, 1)},
		{meta: testMeta("c", "good1"), inc: []byte("g2"), wake: make(chan struct{}, 1)},
	}
	s.commitAppends(reqs)
	if reqs[0].err != nil || reqs[2].err != nil {
		t.Fatalf("good edits failed: %v, %v", reqs[0].err, reqs[2].err)
	}
	wantErr(t, reqs[1].err, ErrCorrupt)
	for _, r := range reqs {
		if !r.completed {
			t.Fatal("request not marked completed")
		}
	}
	if _, incs := mustLoad(t, s, "c", "good1"); len(incs) != 2 || string(incs[0]) != "g1" || string(incs[1]) != "g2" {
		t.Fatalf("good doc = %q", incs)
	}
}

// Several edits of one document in one batch keep their order.
func TestBatchKeepsOrderWithinDocument(t *testing.T) {
	s := memStore(t)
	var reqs []*appendReq
	for i := range 10 {
		reqs = append(reqs, &appendReq{meta: testMeta("c", "d"), inc: []byte(fmt.Sprint(i)), wake: make(chan struct{}, 1)})
	}
	s.commitAppends(reqs)
	_, incs := mustLoad(t, s, "c", "d")
	for i, inc := range incs {
		if string(inc) != fmt.Sprint(i) || reqs[i].err != nil {
			t.Fatalf("increment %d = %q (%v)", i, inc, reqs[i].err)
		}
	}
	if len(incs) != 10 {
		t.Fatalf("%d increments", len(incs))
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
