package node

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

var loopback = Options{Listen: []string{"/ip4/127.0.0.1/tcp/0"}}

func openWS(t *testing.T) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.Open(workspace.Options{Dir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func start(t *testing.T, ws *workspace.Workspace, o Options) *Node {
	t.Helper()
	n, err := Start(context.Background(), ws, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func circuitThrough(n *Node, relay string) bool {
	for _, a := range n.Addrs() {
		if strings.Contains(a, "/p2p/"+relay+"/p2p-circuit") {
			return true
		}
	}
	return false
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A node an admin registers in the roster is used by the member's running
// node at once (a reservation on it), and dropped when it is removed: no
// restart, nothing configured on the member's device.
func TestRegisteredNodeIsUsedWhileRunning(t *testing.T) {
	ana, srv := openWS(t), openWS(t)
	coop, err := ana.CreateCoop("Riverside Bakery", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	srvID, err := srv.EnsureIdentity("Bakery server")
	if err != nil {
		t.Fatal(err)
	}
	if err := coop.AddMember(srvID.Member(), "Bakery server", "observer"); err != nil {
		t.Fatal(err)
	}
	roster, err := coop.Export(coop.ID(), "automerge")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.Import(roster, "roster.automerge", ""); err != nil {
		t.Fatal(err)
	}
	relay := start(t, srv, Options{Listen: loopback.Listen, ServeRelay: true})
	var relayAddr string
	for _, a := range relay.Addrs() {
		if strings.Contains(a, "/127.0.0.1/tcp/") {
			relayAddr = strings.TrimSuffix(a, "/p2p/"+relay.PeerID())
		}
	}
	if relayAddr == "" {
		t.Fatalf("the relay has no loopback TCP address: %v", relay.Addrs())
	}

	n := start(t, ana, loopback)
	if circuitThrough(n, relay.PeerID()) {
		t.Fatal("a reservation before any node is registered")
	}
	if err := coop.RegisterNode(srvID.Member(), []string{relayAddr}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "a reservation on the newly registered node", func() bool { return circuitThrough(n, relay.PeerID()) })
	if err := coop.UnregisterNode(srvID.Member()); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the reservation to go with the registration", func() bool { return !circuitThrough(n, relay.PeerID()) })
}
