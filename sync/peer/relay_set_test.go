package peer

import (
	"context"
	"strings"
	"testing"
	"time"

	ma "github.com/multiformats/go-multiaddr"
)

func hasCircuit(n *Node) bool {
	for _, s := range n.Addrs() {
		if strings.Contains(s, "/p2p-circuit") {
			return true
		}
	}
	return false
}

// TestRegisteredRelayUsedAndRetired: a node given its relay while running
// (as the roster registers the co-op's always-on node) holds a reservation
// on it and is reached through it; once the relay is no longer registered,
// the reservation and the circuit address go.
func TestRegisteredRelayUsedAndRetired(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 3)
	b, a, c := ms[0], ms[1], ms[2]
	doc := addAgreement(t, c, "C's notes", "only C has these")

	relayCfg := nodeConfig(b.id, b.kv)
	relayCfg.ServeRelay = true
	relayCfg.ListenAddrs = []string{"/ip4/127.0.0.1/tcp/0"}
	b.node = startNode(t, relayCfg, b.rep)
	relayAddr := addrOf(t, b.node, "tcp")

	c.node = startNode(t, nodeConfig(c.id, c.kv), c.rep)
	if hasCircuit(c.node) {
		t.Fatal("C has a circuit address before any relay is registered")
	}
	if err := c.node.SetRegisteredRelays([]string{relayAddr, "not a multiaddr"}); err == nil {
		t.Error("an unreadable registered address is not reported")
	}
	waitFor(t, 10*time.Second, "C's reservation on the registered relay", func() bool { return hasCircuit(c.node) })

	// A knows only the relay, registered the same way, and reaches C through it.
	a.node = newNode(t, nodeConfig(a.id, a.kv), a.rep)
	if err := a.node.SetRegisteredRelays([]string{relayAddr}); err != nil {
		t.Fatal(err)
	}
	circuit := relayAddr + "/p2p-circuit/p2p/" + c.node.PeerID().String()
	if _, err := a.node.SyncOnce(context.Background(), circuit); err != nil {
		t.Fatalf("sync through the registered relay: %v", err)
	}
	if got := body(a, doc); got != "only C has these" {
		t.Fatalf("A did not receive C's document through the relay: %q", got)
	}
	if r := a.node.routeTo(c.node.PeerID()); r != RouteNode {
		t.Errorf("A reaches C %q, want through the member's node", r)
	}
	if r := b.node.routeTo(c.node.PeerID()); r != RouteLAN {
		t.Errorf("the relay reaches C %q, want a direct link on this machine's network", r)
	}
	if got := a.node.dialAddrs(c.node.PeerID(), true); !strings.Contains(addrsText(got), b.node.PeerID().String()+"/p2p-circuit") {
		t.Errorf("A would not redial C through the registered relay: %v", got)
	}

	if err := c.node.SetRegisteredRelays(nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "C to drop its circuit address once the relay is retired", func() bool { return !hasCircuit(c.node) })
	if c.node.relayWanted(b.node.PeerID()) {
		t.Error("the retired relay is still wanted")
	}
}

func addrsText[T interface{ String() string }](as []T) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.String())
		b.WriteByte(' ')
	}
	return b.String()
}

// TestJoinThroughRegisteredNode: the inviter can be reached only through the
// co-op's always-on node (its invite carries just the circuit address, as
// for an inviter behind NAT); the newcomer joins through it.
func TestJoinThroughRegisteredNode(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	admin, node := ms[0], ms[1]
	relayCfg := nodeConfig(node.id, node.kv)
	relayCfg.ServeRelay = true
	node.node = startNode(t, relayCfg, node.rep)
	relayAddr := addrOf(t, node.node, "tcp")

	admin.node = startNode(t, nodeConfig(admin.id, admin.kv), admin.rep)
	if err := admin.node.SetRegisteredRelays([]string{relayAddr}); err != nil {
		t.Fatal(err)
	}
	// The code is made before the reservation is confirmed: it names the
	// co-op's node all the same.
	code, err := admin.node.CreateInvite(admin.rep.Coop(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the inviter's reservation on the node", func() bool { return hasCircuit(admin.node) })
	inv, err := ParseInvite(code)
	if err != nil {
		t.Fatal(err)
	}
	var circuits []ma.Multiaddr
	for _, a := range inv.Addrs {
		if isCircuit(a) {
			circuits = append(circuits, a)
		}
	}
	if len(circuits) == 0 {
		t.Fatalf("the invite carries no address through the co-op's node: %v", inv.Addrs)
	}
	inv.Addrs = circuits // as if the inviter's own addresses were behind NAT
	onlyCircuit, err := inv.Encode()
	if err != nil {
		t.Fatal(err)
	}
	j := newJoiner(t, nil)
	if _, err := j.node.Join(joinCtx(t), onlyCircuit, "Jo", j.newReplica); err != nil {
		t.Fatalf("joining through the co-op's node: %v", err)
	}
	for _, c := range j.node.host.Network().ConnsToPeer(admin.node.PeerID()) {
		if !isRelayed(c) {
			t.Fatalf("the newcomer reached the inviter directly (%s), not through the node", c.RemoteMultiaddr())
		}
	}
}

// TestNodesInTestsNeverDialOutsideLoopback: the guard every test node runs
// with refuses (and counts) a dial to an address outside loopback before a
// packet leaves, so a test that would reach a real network fails instead.
func TestNodesInTestsNeverDialOutsideLoopback(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	a, b := ms[0], ms[1]
	cfg := nodeConfig(a.id, a.kv)
	cfg.dialAllowed = onlyLoopback
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if err := n.AddCoop(a.rep); err != nil {
		t.Fatal(err)
	}
	// 192.0.2.1 is a documentation address: nothing would answer, and the
	// gate refuses before anything is sent.
	far := "/ip4/192.0.2.1/tcp/4001/p2p/" + peerIDOf(t, b.ID()).String()
	if _, err := n.SyncOnce(joinCtx(t), far); err == nil {
		t.Fatal("a dial outside loopback went through")
	}
	if n.offLimits.Load() == 0 {
		t.Fatal("the refused dial was not counted")
	}
	if !onlyLoopback(ma.StringCast("/ip4/127.0.0.1/tcp/1/p2p/" + peerIDOf(t, b.ID()).String() + "/p2p-circuit")) {
		t.Error("a circuit through a loopback relay is refused")
	}
	if onlyLoopback(ma.StringCast("/dns4/example.org/tcp/4001")) {
		t.Error("a DNS name is allowed (it would be resolved on the real network)")
	}
}
