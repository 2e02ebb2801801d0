package crdt

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

func rosterAs(t *testing.T, r *Roster, id *Identity) *Roster {
	t.Helper()
	d, err := r.CloneAs(id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := AsRoster(d)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func nodesOf(t *testing.T, r *Roster) []CoopNode {
	t.Helper()
	ns, err := r.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func TestRegisterNode(t *testing.T) {
	f := newPropFixture(t)
	obs := f.member("obs")
	if err := f.roster.RegisterNode(obs, []string{"/dns4/coop.example.org/tcp/4001", "/ip4/203.0.113.5/udp/4001/quic-v1"}); err != nil {
		t.Fatal(err)
	}
	ns := nodesOf(t, f.roster)
	if len(ns) != 1 || ns[0].Member != obs || len(ns[0].Addrs) != 2 || ns[0].By != f.member("ada") {
		t.Fatalf("nodes = %+v", ns)
	}
	// New addresses replace the old ones.
	if err := f.roster.RegisterNode(obs, []string{"/dns4/new.example.org/tcp/4001"}); err != nil {
		t.Fatal(err)
	}
	if ns := nodesOf(t, f.roster); len(ns) != 1 || len(ns[0].Addrs) != 1 || ns[0].Addrs[0] != "/dns4/new.example.org/tcp/4001" {
		t.Fatalf("after the update: %+v", ns)
	}
	if err := f.roster.UnregisterNode(obs); err != nil {
		t.Fatal(err)
	}
	if ns := nodesOf(t, f.roster); len(ns) != 0 {
		t.Fatalf("after unregistering: %+v", ns)
	}
	if err := f.roster.UnregisterNode(obs); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unregistering twice: %v", err)
	}
}

func TestRegisterNodeRefused(t *testing.T) {
	good := []string{"/ip4/203.0.113.5/tcp/4001"}
	many := make([]string, maxNodeAddrs+1)
	for i := range many {
		many[i] = "/ip4/203.0.113.5/tcp/" + string(rune('1'+i))
	}
	f := newPropFixture(t)
	for _, c := range []struct {
		name   string
		roster *Roster
		member MemberID
		addrs  []string
		want   error
	}{
		{"by a member who is not an admin", rosterAs(t, f.roster, f.ids["ben"]), f.member("obs"), good, ErrNotAllowed},
		{"a device that is not a member", f.roster, f.ids["eve"].Member(), good, ErrInvalid},
		{"no address", f.roster, f.member("obs"), nil, ErrInvalid},
		{"an address naming a peer", f.roster, f.member("obs"), []string{"/ip4/1.2.3.4/tcp/1/p2p/12D3KooW"}, ErrInvalid},
		{"not a multiaddr", f.roster, f.member("obs"), []string{"coop.example.org:4001"}, ErrInvalid},
		{"too many addresses", f.roster, f.member("obs"), many, ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := c.roster.Heads()
			if err := c.roster.RegisterNode(c.member, c.addrs); !errors.Is(err, c.want) {
				t.Fatalf("RegisterNode = %v, want %v", err, c.want)
			}
			if !slices.Equal(before, c.roster.Heads()) {
				t.Error("a refused registration changed the roster")
			}
		})
	}
}

// A member's modified copy can write a registration record signed with
// their own key; it does not count, so nobody's device is made to dial (and
// relay through) an address of the member's choosing.
func TestForgedNodeRegistrationIgnored(t *testing.T) {
	f := newPropFixture(t)
	ben := f.ids["ben"]
	bad := attackerWrite(t, f.roster.Doc, ben, func(root *automerge.Map) error {
		rec, err := sealRecord(recordCoopNode, f.roster.ID(), ben, f.now.UnixMilli(),
			coopNodeBody{Member: ben.Member(), Addrs: []string{"/ip4/198.51.100.9/tcp/4001"}, Active: true})
		if err != nil {
			return err
		}
		return putRecord(root, rec)
	})
	if err := f.roster.Merge(bad); err != nil {
		t.Fatal(err)
	}
	if ns := nodesOf(t, f.roster); len(ns) != 0 {
		t.Fatalf("a registration signed by a non-admin counts: %+v", ns)
	}
}

// Deleting the registration in another copy does not retire the node: the
// signed record is put back, like every other one.
func TestDeletedNodeRegistrationComesBack(t *testing.T) {
	f := newPropFixture(t)
	obs := f.member("obs")
	if err := f.roster.RegisterNode(obs, []string{"/ip4/203.0.113.5/tcp/4001"}); err != nil {
		t.Fatal(err)
	}
	bad := attackerWrite(t, f.roster.Doc, f.ids["ben"], func(root *automerge.Map) error {
		return root.Delete(recordsKey)
	})
	if err := f.roster.Merge(bad); err != nil {
		t.Fatal(err)
	}
	if len(f.roster.TakeRestored()) == 0 {
		t.Error("the deleted registration was not reported as put back")
	}
	if ns := nodesOf(t, f.roster); len(ns) != 1 || ns[0].Member != obs {
		t.Fatalf("nodes after the deletion: %+v", ns)
	}
}

// A registered node whose device is removed from the roster is no longer
// used: the roster, not the registration, says who may sync.
func TestRemovedMembersNodeIsNotUsed(t *testing.T) {
	f := newPropFixture(t)
	obs := f.member("obs")
	if err := f.roster.RegisterNode(obs, []string{"/ip4/203.0.113.5/tcp/4001"}); err != nil {
		t.Fatal(err)
	}
	if err := f.roster.RemoveMember(obs); err != nil {
		t.Fatal(err)
	}
	if ns := nodesOf(t, f.roster); len(ns) != 0 {
		t.Fatalf("a removed member's node is still used: %+v", ns)
	}
}

// A member added in the very millisecond the co-op was founded is admitted:
// the entry is dated after the founder's, so the replay keeps their order.
func TestAddMemberInTheFoundingMillisecond(t *testing.T) {
	ada, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRoster("Bakery", "Ada", ada, propT0)
	if err != nil {
		t.Fatal(err)
	}
	r.SetClock(func() time.Time { return propT0 }) // the clock stands still
	for range 5 { // several, so one sorts before the founder by ID
		id, err := NewIdentity()
		if err != nil {
			t.Fatal(err)
		}
		if err := r.AddMember(id.Member(), "m", RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	v, err := r.View()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Members) != 6 || len(v.Rejected) != 0 {
		t.Fatalf("members %d, refused %+v", len(v.Members), v.Rejected)
	}
}
