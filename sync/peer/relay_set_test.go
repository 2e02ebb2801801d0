package peer

import (
	"context"
	"strings"
	"testing"
	"time"
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
