package peer

import (
	"context"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/host"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
	libp2pproto "github.com/libp2p/go-libp2p/core/protocol"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// testDHT is the test's own DHT bootstrap node on loopback: the public
// network's stand-in, never the real one.
func testDHT(t *testing.T) (host.Host, *dht.IpfsDHT, string) {
	t.Helper()
	h, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
	if err != nil {
		t.Fatal(err)
	}
	d, err := dht.New(h, dht.Mode(dht.ModeServer))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close(); h.Close() })
	return h, d, h.Addrs()[0].String() + "/p2p/" + h.ID().String()
}

func internetConfig(m *member, bootstrap string) Config {
	cfg := nodeConfig(m.id, m.kv)
	cfg.Internet = true
	cfg.Bootstrap = []string{bootstrap}
	return cfg
}

// Two members' devices that know no address of each other find each other
// through the rendezvous on a DHT (the test's own) and sync.
func TestMembersMeetOnTheRendezvous(t *testing.T) {
	_, _, bootstrap := testDHT(t)
	ms := newCoopMembers(t, "Bakery", 2)
	a, b := ms[0], ms[1]
	doc := addAgreement(t, a, "House rules", "found on the rendezvous")
	a.node = startNode(t, internetConfig(a, bootstrap), a.rep)
	b.node = startNode(t, internetConfig(b, bootstrap), b.rep)
	waitFor(t, 60*time.Second, "the members to find each other", func() bool { return connectedTo(a.node, b.node) })
	waitFor(t, 30*time.Second, "the document to reach the other member", func() bool { return body(b, doc) == "found on the rendezvous" })
}

// A stranger who somehow learns the rendezvous key finds the members'
// devices, but cannot connect to them, open a Mutual protocol or receive a
// byte; a node with internet discovery off never dials the bootstrap node.
func TestStrangerOnTheRendezvousGetsNothing(t *testing.T) {
	bh, _, bootstrap := testDHT(t)
	ms := newCoopMembers(t, "Bakery", 2)
	a := ms[0]
	addAgreement(t, a, "Secret plans", "the recipe")
	a.node = startNode(t, internetConfig(a, bootstrap), a.rep)

	off := ms[1]
	offCfg := nodeConfig(off.id, off.kv)
	offCfg.Bootstrap = []string{bootstrap} // named, but internet discovery is off
	off.node = startNode(t, offCfg, off.rep)

	// The stranger runs a plain DHT client and looks the key up itself.
	sh, err := libp2p.New(libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.DisableMetrics())
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	sd, err := dht.New(sh, dht.Mode(dht.ModeClient), dht.BootstrapPeers(lpeer.AddrInfo{ID: bh.ID(), Addrs: bh.Addrs()}))
	if err != nil {
		t.Fatal(err)
	}
	defer sd.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := sh.Connect(ctx, lpeer.AddrInfo{ID: bh.ID(), Addrs: bh.Addrs()}); err != nil {
		t.Fatal(err)
	}
	c := a.node.coop(a.rep.Coop())
	keys := a.node.rendezvousCIDs(c)
	if len(keys) == 0 {
		t.Fatal("no rendezvous key")
	}
	var found *lpeer.AddrInfo
	waitFor(t, 60*time.Second, "the member's device to be listed under the key", func() bool {
		qctx, qcancel := context.WithTimeout(ctx, 5*time.Second)
		defer qcancel()
		for ai := range sd.FindProvidersAsync(qctx, keys[0], 10) {
			if ai.ID == a.node.PeerID() {
				found = &ai
				return true
			}
		}
		return false
	})
	if len(found.Addrs) == 0 {
		found.Addrs = a.node.host.Addrs()
	}
	_ = sh.Connect(ctx, *found) // the dialler may finish its half of the handshake
	waitFor(t, 5*time.Second, "the member to refuse the stranger", func() bool {
		return len(a.node.host.Network().ConnsToPeer(sh.ID())) == 0
	})
	if s, err := sh.NewStream(ctx, a.node.PeerID(), libp2pproto.ID(protocol.ID)); err == nil {
		buf := make([]byte, 1)
		_ = s.SetReadDeadline(time.Now().Add(5 * time.Second))
		if n, _ := s.Read(buf); n > 0 {
			t.Fatal("the stranger read from the sync protocol")
		}
		s.Close()
	}
	for _, conn := range bh.Network().ConnsToPeer(off.node.PeerID()) {
		t.Fatalf("a node with internet discovery off is connected to the bootstrap node (%s)", conn.RemoteMultiaddr())
	}
	if len(off.node.host.Network().ConnsToPeer(bh.ID())) != 0 {
		t.Fatal("a node with internet discovery off dialled the bootstrap node")
	}
}

// A co-op whose admin turned internet discovery off sends nothing to the
// public network: its device never dials the bootstrap node.
func TestCoopWithInternetOffStaysOff(t *testing.T) {
	bh, _, bootstrap := testDHT(t)
	ms := newCoopMembers(t, "Bakery", 1)
	a := ms[0]
	err := a.rep.Edit(a.rep.Coop(), func(d *crdt.Doc) error {
		r, err := crdt.AsRoster(d)
		if err != nil {
			return err
		}
		return r.SetSettings(crdt.CoopSettings{InternetDiscovery: false})
	})
	if err != nil {
		t.Fatal(err)
	}
	a.node = startNode(t, internetConfig(a, bootstrap), a.rep)
	if got := a.node.rendezvousRound(a.node.dht); got != 0 {
		t.Fatalf("found %d on a rendezvous that should not run", got)
	}
	if len(a.node.host.Network().ConnsToPeer(bh.ID())) != 0 {
		t.Fatal("a device of a co-op with internet discovery off dialled the bootstrap node")
	}
}
