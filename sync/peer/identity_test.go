package peer

import (
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/libp2p/go-libp2p/core/crypto"
	lpeer "github.com/libp2p/go-libp2p/core/peer"
)

func TestPeerIDIsTheMember(t *testing.T) {
	id := newIdentities(t, 1)[0]
	p, err := PeerFromMember(id.Member())
	if err != nil {
		t.Fatal(err)
	}
	m, err := MemberFromPeer(p)
	if err != nil {
		t.Fatal(err)
	}
	if m != id.Member() {
		t.Fatalf("round trip: got %s, want %s", m, id.Member())
	}
	// The host built from the identity has that same peer ID.
	n := newNode(t, nodeConfig(id, newMemKV()))
	if n.PeerID() != p {
		t.Fatalf("host peer ID %s, want %s", n.PeerID(), p)
	}
	if got := n.Addrs(); len(got) == 0 {
		t.Fatal("node has no addresses")
	}
}

func TestNonEd25519PeersAreNotMembers(t *testing.T) {
	sk, _, err := crypto.GenerateSecp256k1Key(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lpeer.IDFromPrivateKey(sk)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MemberFromPeer(p); !errors.Is(err, ErrNotMutualPeer) {
		t.Fatalf("secp256k1 peer: got %v, want ErrNotMutualPeer", err)
	}
	if _, err := PeerFromMember("not-hex"); err == nil {
		t.Fatal("a malformed member ID gave a peer ID")
	}
}

func TestConfigErrors(t *testing.T) {
	id := newIdentities(t, 1)[0]
	bad := map[string]Config{
		"no identity":  {KV: newMemKV(), ListenAddrs: loopback},
		"no kv":        {Identity: id, ListenAddrs: loopback},
		"bad listen":   {Identity: id, KV: newMemKV(), ListenAddrs: []string{"127.0.0.1:80"}},
		"relay no p2p": {Identity: id, KV: newMemKV(), ListenAddrs: loopback, Relays: []string{"/ip4/127.0.0.1/tcp/1"}},
	}
	for name, cfg := range bad {
		if _, err := New(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: got %v, want ErrConfig", name, err)
		}
	}
}

func TestMDNSServiceNameHidesTheCoop(t *testing.T) {
	ms := newCoopMembers(t, "Secret Society of Bakers", 1)
	coop := ms[0].rep.Coop()
	name := MDNSServiceName(coop)
	if name != MDNSServiceName(coop) {
		t.Fatal("the service name is not deterministic: members would not find each other")
	}
	if !strings.HasPrefix(name, "mutual-") || len(name) != len("mutual-")+16 {
		t.Fatalf("service name %q: want mutual- and 16 hex digits", name)
	}
	lower := strings.ToLower(name)
	for _, leak := range []string{coop, coop[:8], "secret", "baker"} {
		if strings.Contains(lower, strings.ToLower(leak)) {
			t.Fatalf("service name %q reveals %q", name, leak)
		}
	}
	other := newCoopMembers(t, "Other", 1)[0].rep.Coop()
	if MDNSServiceName(other) == name {
		t.Fatal("two co-ops share a service name")
	}
}
