package peer

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"
	libp2pproto "github.com/libp2p/go-libp2p/core/protocol"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// addMemberTo admits m into rep's co-op (rep's identity must be an admin).
func addMemberTo(t testing.TB, rep *protocol.MemReplica, m crdt.MemberID, name string) {
	t.Helper()
	err := rep.Edit(rep.Coop(), func(d *crdt.Doc) error {
		r, err := crdt.AsRoster(d)
		if err != nil {
			return err
		}
		return r.AddMember(m, name, crdt.RoleMember)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// probe opens a raw stream from `from` to `to` with protocol proto, sends a
// preamble naming coop, and returns how many bytes came back before the
// stream ended, and the error that ended it.
func probe(t testing.TB, from, to *Node, proto, coop string) (int64, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := from.host.NewStream(ctx, to.PeerID(), libp2pproto.ID(proto))
	if err != nil {
		return 0, err
	}
	defer s.Close()
	_ = s.SetDeadline(time.Now().Add(10 * time.Second))
	if err := writePreamble(s, coop); err != nil {
		return 0, err
	}
	return io.Copy(io.Discard, bufio.NewReader(s))
}

// TestNonMemberRefused: a stranger's connection is refused by the gater even
// though the stranger's own roster lists the member; with an invite open the
// stranger can connect, but sync and peer exchange streams are reset before
// a single byte is sent.
func TestNonMemberRefused(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	addAgreement(t, ms[0], "Secret plans", "the recipe")
	start(t, ms, nil)
	coop := ms[0].rep.Coop()
	before := state(t, ms[0].rep)

	out := newCoopMembers(t, "Strangers", 1)[0]
	addMemberTo(t, out.rep, ms[0].ID(), "victim") // its own gate would admit m0
	out.node = startNode(t, nodeConfig(out.id, out.kv), out.rep)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	target := lpeer.AddrInfo{ID: ms[0].node.PeerID(), Addrs: ms[0].node.host.Addrs()}
	// The dialler may finish its side of the handshake before the member's
	// gater refuses, so what counts is the member's side and the streams.
	_ = out.node.host.Connect(ctx, target)
	if connectedTo(ms[0].node, out.node) {
		t.Fatal("the member accepted a non-member's connection with no invite open")
	}
	if n, err := probe(t, out.node, ms[0].node, protocol.ID, coop); n != 0 || err == nil {
		t.Fatalf("with no invite open a non-member read %d bytes (err %v)", n, err)
	}
	if _, err := out.node.SyncOnce(ctx, addrOf(t, ms[0].node, "tcp")); err == nil {
		t.Fatal("a non-member's sync succeeded")
	}
	if _, err := out.node.SyncOnce(ctx, addrOf(t, ms[0].node, "quic-v1")); err == nil {
		t.Fatal("a non-member's sync over QUIC succeeded")
	}

	// An open invite lets strangers connect — to the join protocol only.
	if _, err := ms[0].node.CreateInvite(coop, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := out.node.host.Connect(ctx, target); err != nil {
		t.Fatalf("with an invite open, a stranger should reach the join protocol: %v", err)
	}
	waitFor(t, 5*time.Second, "the member to hold the stranger's connection", func() bool {
		return connectedTo(ms[0].node, out.node)
	})
	for _, proto := range []string{protocol.ID, pexID} {
		n, err := probe(t, out.node, ms[0].node, proto, coop)
		if n != 0 || err == nil {
			t.Fatalf("%s: a non-member read %d bytes (err %v); want a reset and nothing", proto, n, err)
		}
	}
	if got := state(t, ms[0].rep); got != before {
		t.Fatal("the member's documents changed")
	}
	if ids := out.rep.IDs(); len(ids) != 1 {
		t.Fatalf("the stranger holds %v", ids)
	}
	// Revoking the only open invite closes the stranger's connection.
	list, err := ms[0].node.Invites(coop)
	if err != nil || len(list) != 1 {
		t.Fatalf("invites: %v %v", list, err)
	}
	if err := ms[0].node.RevokeInvite(list[0].ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the stranger to be disconnected", func() bool { return !connectedTo(ms[0].node, out.node) })
}

// TestMemberOfAnotherCoopRefused: a node serving two co-ops refuses a member
// of one co-op who asks to sync the other.
func TestMemberOfAnotherCoopRefused(t *testing.T) {
	bakery := newCoopMembers(t, "Bakery", 1)
	addAgreement(t, bakery[0], "Bakery plans", "secret")
	garden := newCoopMembers(t, "Garden", 1)
	hub := bakery[0] // in both co-ops; the gardener only in the garden
	gardener := &member{name: "g", id: newIdentities(t, 1)[0], kv: newMemKV()}
	// hub joins the garden co-op as a member, gardener too.
	addMemberTo(t, garden[0].rep, hub.ID(), "hub")
	addMemberTo(t, garden[0].rep, gardener.ID(), "gardener")
	gardenRoster := mustDoc(t, garden[0].rep, garden[0].rep.Coop()).Save()
	hubGarden := replicaFrom(t, gardenRoster, hub.id)
	gardener.rep = replicaFrom(t, gardenRoster, gardener.id)

	hub.node = startNode(t, nodeConfig(hub.id, hub.kv), hub.rep, hubGarden)
	gardener.node = startNode(t, nodeConfig(gardener.id, gardener.kv), gardener.rep)

	if _, err := gardener.node.SyncOnce(context.Background(), addrOf(t, hub.node, "tcp")); err != nil {
		t.Fatalf("the gardener may sync the garden: %v", err)
	}
	n, err := probe(t, gardener.node, hub.node, protocol.ID, hub.rep.Coop())
	if n != 0 || err == nil {
		t.Fatalf("a member of another co-op read %d bytes of the bakery (err %v)", n, err)
	}
	n, err = probe(t, gardener.node, hub.node, protocol.ID, "aaaaaaaaaaaaaaaaaaaaaaaaaa")
	if n != 0 || err == nil {
		t.Fatalf("an unknown co-op answered %d bytes (err %v)", n, err)
	}
}

func mustDoc(t testing.TB, r protocol.Replica, id string) *crdt.Doc {
	t.Helper()
	d, err := r.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRemovedMemberGetsNothingNew: after an admin removes m2, no edit or
// document made after the removal (by a peer that knows of it) reaches m2,
// its connections are closed and it cannot sync again.
func TestRemovedMemberGetsNothingNew(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 3)
	shared := addAgreement(t, ms[0], "Rota", "start")
	shareDoc(t, ms[0], ms, shared)
	start(t, ms, nil)
	admin, stays, gone := ms[0], ms[1], ms[2]
	coop := admin.rep.Coop()
	for _, m := range ms[1:] {
		if _, err := m.node.SyncOnce(context.Background(), addrOf(t, admin.node, "tcp")); err != nil {
			t.Fatal(err)
		}
	}
	if err := typeInto(gone, shared, "[before]"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 15*time.Second, "everyone in step and connected", func() bool {
		return converged(t, ms) && connectedTo(stays.node, gone.node) && strings.Contains(body(admin, shared), "[before]")
	})

	err := admin.rep.Edit(coop, func(d *crdt.Doc) error {
		r, err := crdt.AsRoster(d)
		if err != nil {
			return err
		}
		return r.RemoveMember(gone.ID())
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the remaining member to learn of the removal", func() bool {
		v, err := stays.rep.Roster()
		return err == nil && !v.IsActive(gone.ID())
	})

	// Made after the removal, by peers that know of it.
	if err := typeInto(admin, shared, "[after-admin]"); err != nil {
		t.Fatal(err)
	}
	if err := typeInto(stays, shared, "[after-member]"); err != nil {
		t.Fatal(err)
	}
	fresh := addAgreement(t, stays, "New secret", "only for members")
	waitFor(t, 10*time.Second, "the remaining members to converge", func() bool {
		return converged(t, ms[:2]) && strings.Contains(body(admin, shared), "[after-member]") && body(admin, fresh) != ""
	})
	waitFor(t, 10*time.Second, "the removed member to be disconnected", func() bool {
		return !connectedTo(admin.node, gone.node) && !connectedTo(stays.node, gone.node)
	})
	if _, err := gone.node.SyncOnce(context.Background(), addrOf(t, admin.node, "tcp")); err == nil {
		t.Fatal("the removed member could sync again")
	}
	if got := body(gone, shared); strings.Contains(got, "[after") {
		t.Fatalf("the removed member received an edit made after its removal: %q", got)
	}
	if _, err := gone.rep.Doc(fresh); err == nil {
		t.Fatal("the removed member received a document created after its removal")
	}
	if !strings.Contains(body(gone, shared), "[before]") {
		t.Fatal("test is broken: the removed member never synced")
	}
}
