package protocol

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

// editWhileSyncing has every member type into the shared documents from its
// own goroutine while syncs run along the given edges, then stops editing
// and syncs until in step; every replica must end identical.
func editWhileSyncing(t *testing.T, n int, edges [][2]int) {
	ms := newCoop(t, n)
	var ids []string
	for i := range 6 {
		id := addAgreement(t, ms[i%n], fmt.Sprintf("Doc %d", i), "Shared text.")
		ids = append(ids, id)
	}
	const editsEach = 25
	var wg sync.WaitGroup
	made := make([][]edit, n) // per member, the edits it made
	for mi, m := range ms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(mi), 7))
			for e := range editsEach {
				held := m.rep.IDs()
				id := held[rng.IntN(len(held))]
				if id == m.rep.Coop() {
					continue // the roster is not an agreement
				}
				mark := fmt.Sprintf(" %s#%d", m.name, e)
				if err := tryAppend(m, id, mark); err != nil {
					t.Error(err)
					return
				}
				made[mi] = append(made[mi], edit{id, mark})
				time.Sleep(time.Millisecond)
			}
		}()
	}
	// Sync rounds run while the members type.
	for range 4 {
		for _, e := range edges {
			syncPair(t, ms[e[0]], ms[e[1]], Options{})
		}
	}
	wg.Wait()
	// n passes over the edges carry every edit across any tree of edges.
	for range n {
		for _, e := range edges {
			syncPair(t, ms[e[0]], ms[e[1]], Options{})
		}
	}
	assertSame(t, ms...)
	for _, m := range ms {
		if got := m.rep.Len(); got != len(ids)+1 {
			t.Fatalf("%s holds %d documents, want %d", m.name, got, len(ids)+1)
		}
	}
	for mi, edits := range made {
		if len(edits) == 0 {
			t.Fatalf("%s made no edit", ms[mi].name)
		}
		for _, e := range edits {
			if !strings.Contains(body(t, ms[0], e.id), e.mark) {
				t.Fatalf("edit %q of %s is missing", e.mark, ms[mi].name)
			}
		}
	}
}

type edit struct{ id, mark string }

func TestTwoReplicasConvergeWhileEditing(t *testing.T) {
	editWhileSyncing(t, 2, [][2]int{{0, 1}})
}

func TestThreeReplicasPairwise(t *testing.T) {
	editWhileSyncing(t, 3, [][2]int{{0, 1}, {1, 2}, {2, 0}})
}

func TestFiveReplicasStar(t *testing.T) {
	editWhileSyncing(t, 5, [][2]int{{1, 0}, {2, 0}, {3, 0}, {4, 0}})
}

func TestFiveReplicasChain(t *testing.T) {
	editWhileSyncing(t, 5, [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}})
}
