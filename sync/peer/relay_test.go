package peer

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestRelayBetweenMembers: A and C are connected only to the always-on
// member B, which relays; A reaches C through B and syncs.
func TestRelayBetweenMembers(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 4)
	b, a, c, d := ms[0], ms[1], ms[2], ms[3]
	doc := addAgreement(t, c, "C's notes", "only C has these")

	relayCfg := nodeConfig(b.id, b.kv)
	relayCfg.ServeRelay = true
	relayCfg.ListenAddrs = []string{"/ip4/127.0.0.1/tcp/0"}
	b.node = startNode(t, relayCfg, b.rep)
	relayAddr := addrOf(t, b.node, "tcp")

	cCfg := nodeConfig(c.id, c.kv)
	cCfg.Relays = []string{relayAddr}
	c.node = startNode(t, cCfg, c.rep)
	waitFor(t, 10*time.Second, "C's reservation on the relay", func() bool {
		for _, s := range c.node.Addrs() {
			if strings.Contains(s, "/p2p-circuit/") {
				return true
			}
		}
		return false
	})

	// A is not started: nothing but this SyncOnce dials anyone.
	aCfg := nodeConfig(a.id, a.kv)
	aCfg.Relays = []string{relayAddr}
	a.node = newNode(t, aCfg, a.rep)
	circuit := relayAddr + "/p2p-circuit/p2p/" + c.node.PeerID().String()
	st, err := a.node.SyncOnce(context.Background(), circuit)
	if err != nil {
		t.Fatalf("sync through the relay: %v", err)
	}
	if got := body(a, doc); got != "only C has these" {
		t.Fatalf("A did not receive C's document through the relay (%q, stats %+v)", got, st)
	}
	conns := a.node.host.Network().ConnsToPeer(c.node.PeerID())
	if len(conns) == 0 {
		t.Fatal("A has no connection to C")
	}
	for _, conn := range conns {
		if !isRelayed(conn) {
			t.Fatalf("A reached C directly (%s), not through the relay", conn.RemoteMultiaddr())
		}
	}

	// D is given no address at all, only the relay: it redials the member C
	// through the relay by itself (peer exchange is off here, so the relay
	// cannot tell it C's direct addresses), and C's edits reach it live.
	dCfg := nodeConfig(d.id, d.kv)
	dCfg.Relays = []string{relayAddr}
	d.node = newNode(t, dCfg, d.rep)
	d.node.o.noPEX = true
	if err := d.node.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "D to reach C through the relay", func() bool {
		return connectedTo(d.node, c.node)
	})
	waitFor(t, 20*time.Second, "C's document to reach D", func() bool {
		return body(d, doc) == "only C has these"
	})
	if err := typeInto(c, doc, "[live] "); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "C's edit to reach D", func() bool { return strings.Contains(body(d, doc), "[live]") })
	conns = d.node.host.Network().ConnsToPeer(c.node.PeerID())
	if len(conns) == 0 {
		t.Fatal("D lost its connection to C")
	}
	for _, conn := range conns {
		if !isRelayed(conn) {
			t.Fatalf("D reached C directly (%s), not through the relay", conn.RemoteMultiaddr())
		}
	}
}

// TestRelayACL: the relay serves members of the co-ops it serves only, and
// relays only between members of the same co-op.
func TestRelayACL(t *testing.T) {
	bakery := newCoopMembers(t, "Bakery", 2)
	garden := newCoopMembers(t, "Garden", 1)
	relay, baker := bakery[0], bakery[1]
	gardener := garden[0]
	addMemberTo(t, garden[0].rep, relay.ID(), "relay")
	hubGarden := replicaFrom(t, mustDoc(t, garden[0].rep, garden[0].rep.Coop()).Save(), relay.id)
	cfg := nodeConfig(relay.id, relay.kv)
	cfg.ServeRelay = true
	relay.node = startNode(t, cfg, relay.rep, hubGarden)
	acl := memberRelayACL{relay.node}
	stranger := newIdentities(t, 1)[0]

	bp, gp, sp := peerIDOf(t, baker.ID()), peerIDOf(t, gardener.ID()), peerIDOf(t, stranger.Member())
	if !acl.AllowReserve(bp, nil) || !acl.AllowReserve(gp, nil) {
		t.Fatal("members of served co-ops may reserve")
	}
	if acl.AllowReserve(sp, nil) {
		t.Fatal("a stranger may not reserve")
	}
	if acl.AllowConnect(bp, nil, gp) || acl.AllowConnect(gp, nil, bp) {
		t.Fatal("members of different co-ops must not be relayed to each other")
	}
	if !acl.AllowConnect(sp, nil, bp) {
		t.Fatal("a newcomer must be relayed to a member (whose gate admits it only with an invite open)")
	}
	if acl.AllowConnect(sp, nil, peerIDOf(t, newIdentities(t, 1)[0].Member())) {
		t.Fatal("a stranger must not be relayed to another stranger")
	}
	if !acl.AllowConnect(bp, nil, peerIDOf(t, relay.ID())) {
		t.Fatal("two bakery members may be relayed")
	}
}
