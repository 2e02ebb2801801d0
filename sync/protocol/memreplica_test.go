package protocol

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

func TestMemReplicaSubscribeNeverDrops(t *testing.T) {
	m := newCoop(t, 1)[0]
	changes, cancel := m.rep.Subscribe()
	var ids []string
	for range 300 { // far more than the channel buffers, unread meanwhile
		ids = append(ids, addAgreement(t, m, "Doc", "x"))
	}
	appendText(t, m, ids[0], " again")
	seen := map[string]bool{}
	deadline := time.After(10 * time.Second)
	for len(seen) < len(ids) {
		select {
		case id := <-changes:
			seen[id] = true
		case <-deadline:
			t.Fatalf("only %d of %d changes delivered", len(seen), len(ids))
		}
	}
	cancel()
	cancel() // idempotent
	select {
	case _, ok := <-changes:
		for ok {
			_, ok = <-changes
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the channel was not closed after cancel")
	}
}

func TestMemReplicaRefusesOtherCoops(t *testing.T) {
	m := newCoop(t, 1)[0]
	other := newCoop(t, 1)[0]
	a, err := crdt.NewAgreement(other.rep.Coop(), "Theirs", "x", other.id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.rep.Add(a.Doc); !errors.Is(err, crdt.ErrInvalid) {
		t.Fatalf("Add: got %v", err)
	}
	if err := m.rep.PutDoc(a.Doc); !errors.Is(err, crdt.ErrInvalid) {
		t.Fatalf("PutDoc: got %v", err)
	}
	if _, err := m.rep.Doc(a.ID()); !errors.Is(err, ErrUnknownDoc) {
		t.Fatalf("Doc: got %v", err)
	}
	if m.rep.Len() != 1 {
		t.Fatalf("holds %d documents", m.rep.Len())
	}
}

func TestMemReplicaSummaryFollowsEdits(t *testing.T) {
	m := newCoop(t, 1)[0]
	id := addAgreement(t, m, "Doc", "x")
	before, _ := m.rep.Summary()
	appendText(t, m, id, "y")
	after, _ := m.rep.Summary()
	if len(before) != 2 || len(after) != 2 {
		t.Fatalf("summaries of %d and %d documents", len(before), len(after))
	}
	for i := range after {
		if after[i].ID == id && strings.Join(after[i].Heads, ",") == strings.Join(before[i].Heads, ",") {
			t.Fatal("the summary did not follow the edit")
		}
	}
	b, err := m.rep.DocBytes(id)
	if err != nil {
		t.Fatal(err)
	}
	d, err := crdt.Load(b, nil)
	if err != nil || strings.Join(d.Heads(), ",") != strings.Join(mustDoc(t, m, id).Heads(), ",") {
		t.Fatalf("DocBytes is stale after an edit (%v)", err)
	}
}
