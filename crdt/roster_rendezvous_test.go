package crdt

import (
	"bytes"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

func TestRendezvousKeys(t *testing.T) {
	f := newPropFixture(t)
	now := propT0
	keys, err := f.roster.RendezvousKeys(now)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || len(keys[0]) != 32 || bytes.Equal(keys[0], keys[1]) {
		t.Fatalf("keys: %x", keys)
	}
	// Every member's copy computes the same keys.
	ben := rosterAs(t, f.roster, f.ids["ben"])
	if got, _ := ben.RendezvousKeys(now); !bytes.Equal(got[0], keys[0]) {
		t.Error("two members' copies compute different keys")
	}
	// The next period's previous key is this period's key.
	next, _ := f.roster.RendezvousKeys(now.Add(RendezvousPeriod))
	if !bytes.Equal(next[1], keys[0]) || bytes.Equal(next[0], keys[0]) {
		t.Error("keys do not roll over by period")
	}
	// Another co-op meets elsewhere.
	other, err := NewRoster("Garden", "Ada", f.ids["ada"], propT0)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := other.RendezvousKeys(now); bytes.Equal(got[0], keys[0]) {
		t.Error("two co-ops share a rendezvous key")
	}
}

// A copy that overwrote the nonce does not move the co-op's rendezvous: the
// overwrite is undone (the founding values are bound to the co-op ID), and a
// roster whose values do not match its ID gives no key at all.
func TestRendezvousKeysAfterTampering(t *testing.T) {
	f := newPropFixture(t)
	want, _ := f.roster.RendezvousKeys(propT0)
	bad := attackerWrite(t, f.roster.Doc, f.ids["ben"], func(root *automerge.Map) error { return root.Set("nonce", "00ff") })
	if err := f.roster.Merge(bad); err != nil {
		t.Fatal(err)
	}
	got, err := f.roster.RendezvousKeys(propT0)
	if err != nil || !bytes.Equal(got[0], want[0]) {
		t.Fatalf("after a nonce overwrite was merged: %x, %v", got, err)
	}
	badRoster, err := AsRoster(bad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := badRoster.RendezvousKeys(time.Now()); err == nil {
		t.Error("the tampered copy itself still yields a key")
	}
}
