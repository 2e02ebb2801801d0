package peer

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// TestMembersConverge runs 2, 3 and 5 nodes on loopback. Every member starts
// with the same agreement; they connect (each new member only dials the
// first, peer exchange does the rest), and while the sessions run every
// member types into the shared agreement and creates a document of its own.
// All replicas must end with identical documents.
func TestMembersConverge(t *testing.T) {
	for _, n := range []int{2, 3, 5} {
		t.Run(fmt.Sprintf("%d nodes", n), func(t *testing.T) {
			ms := newCoopMembers(t, "Bakery", n)
			shared := addAgreement(t, ms[0], "House rules", "Be kind.")
			shareDoc(t, ms[0], ms, shared)
			start(t, ms, nil)

			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var wg sync.WaitGroup
			errs := make(chan error, 4*n)
			for i, m := range ms {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if i > 0 {
						if _, err := m.node.SyncOnce(ctx, addrOf(t, ms[0].node, "tcp")); err != nil {
							errs <- fmt.Errorf("%s: sync with m0: %w", m.name, err)
						}
					}
				}()
				wg.Add(1)
				go func() { // edits race with the sessions
					defer wg.Done()
					for k := range 5 {
						if err := typeInto(m, shared, fmt.Sprintf("[%s#%d]", m.name, k)); err != nil {
							errs <- err
							return
						}
						time.Sleep(10 * time.Millisecond)
					}
					a, err := crdt.NewAgreement(m.rep.Coop(), "Notes of "+m.name, "draft", m.id, testNow)
					if err == nil {
						err = m.rep.Add(a.Doc)
					}
					if err != nil {
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			waitFor(t, 45*time.Second, "all replicas to converge", func() bool { return converged(t, ms) })

			want := body(ms[0], shared)
			for _, m := range ms {
				if got := body(m, shared); got != want {
					t.Fatalf("%s body %q, m0 body %q", m.name, got, want)
				}
				for _, o := range ms { // every member's typing is in
					for k := range 5 {
						if tag := fmt.Sprintf("[%s#%d]", o.name, k); !strings.Contains(want, tag) {
							t.Fatalf("converged body lacks %s: %q", tag, want)
						}
					}
				}
				if got := len(m.rep.IDs()); got != 2+n {
					t.Fatalf("%s holds %d documents, want roster + shared + %d notes", m.name, got, n)
				}
			}
		})
	}
}

// TestLiveEditArrives: once in step, an edit is pushed to a connected member
// without anyone asking for a sync.
func TestLiveEditArrives(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	shared := addAgreement(t, ms[0], "Minutes", "")
	shareDoc(t, ms[0], ms, shared)
	start(t, ms, nil)
	// Connecting is enough: the member with the smaller ID then opens the
	// live session, whichever side dialled.
	if _, err := ms[1].node.SyncOnce(context.Background(), addrOf(t, ms[0].node, "tcp")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "a live session", func() bool {
		lo, hi := ms[0], ms[1]
		if hi.ID() < lo.ID() {
			lo, hi = hi, lo
		}
		return lo.node.sessions.count(sessionKey{lo.rep.Coop(), hi.ID()}) > 0
	})
	if err := typeInto(ms[0], shared, "live!"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the edit to arrive", func() bool { return strings.Contains(body(ms[1], shared), "live!") })
	if err := typeInto(ms[1], shared, "back "); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the reply to arrive", func() bool { return strings.Contains(body(ms[0], shared), "back ") })
}

// TestSyncOnceOverQUIC: QUIC alone carries a session (no PSK involved), and
// SyncOnce reports what moved; Peers and Events reflect the sync.
func TestSyncOnceOverQUIC(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	doc := addAgreement(t, ms[0], "Lease", strings.Repeat("clause. ", 200))
	quicOnly := func(c *Config) { c.ListenAddrs = []string{"/ip4/127.0.0.1/udp/0/quic-v1"} }
	start(t, ms, quicOnly)

	addr := addrOf(t, ms[0].node, "quic-v1")
	st, err := ms[1].node.SyncOnce(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	if body(ms[1], doc) != body(ms[0], doc) {
		t.Fatal("document did not arrive over QUIC")
	}
	if st.DocsReceived < 1 || st.BytesReceived == 0 || st.RoundTrips < 1 {
		t.Fatalf("stats do not show the transfer: %+v", st)
	}
	peers := ms[1].node.Peers(ms[1].rep.Coop())
	if len(peers) != 1 || peers[0].Member != ms[0].ID() || peers[0].Name != "m0" {
		t.Fatalf("Peers: %+v", peers)
	}
	if peers[0].LastSynced.IsZero() || len(peers[0].Addrs) == 0 {
		t.Fatalf("Peers lacks last sync time or addresses: %+v", peers[0])
	}
	seen := map[EventKind]bool{}
	timeout := time.After(5 * time.Second)
	for !seen[EventSynced] || !seen[EventPeerConnected] {
		select {
		case e := <-ms[1].node.Events():
			seen[e.Kind] = true
		case <-timeout:
			t.Fatalf("events seen: %v; want synced and peer-connected", seen)
		}
	}
}

// TestReconnectToKnownPeer: a node restarted with its KV redials the member
// it knew, without being given an address, and receives what changed.
func TestReconnectToKnownPeer(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	doc := addAgreement(t, ms[0], "Rota", "")
	start(t, ms, nil)
	if _, err := ms[1].node.SyncOnce(context.Background(), addrOf(t, ms[0].node, "tcp")); err != nil {
		t.Fatal(err)
	}
	// Identify stores m0's listen addresses in m1's KV.
	waitFor(t, 5*time.Second, "m0's addresses in m1's KV", func() bool {
		return len(ms[1].node.book.record(ms[0].node.PeerID()).Addrs) > 0
	})
	if err := ms[1].node.Close(); err != nil {
		t.Fatal(err)
	}
	if err := typeInto(ms[0], doc, "while you were away"); err != nil {
		t.Fatal(err)
	}
	restarted := startNode(t, nodeConfig(ms[1].id, ms[1].kv), ms[1].rep)
	waitFor(t, 15*time.Second, "the edit after reconnecting", func() bool {
		return strings.Contains(body(ms[1], doc), "while you were away")
	})
	if !restarted.connected(ms[0].node.PeerID()) {
		t.Fatal("restarted node is not connected to the known peer")
	}
}

// TestPeerExchange: m1 and m2 each know only m0; peer exchange tells them
// about each other and they connect directly.
func TestPeerExchange(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 3)
	start(t, ms, nil)
	for _, m := range ms[1:] {
		if _, err := m.node.SyncOnce(context.Background(), addrOf(t, ms[0].node, "tcp")); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 15*time.Second, "m1 and m2 to connect to each other", func() bool {
		return connectedTo(ms[1].node, ms[2].node) || connectedTo(ms[2].node, ms[1].node)
	})
}

// TestRestartedPeerCanAlwaysConnect: a member restarting again and again
// comes back on new ports each time, while the other member keeps redialling
// the addresses it knew. Its connection must still be accepted every time:
// redials of dead addresses must not use up the slots libp2p grants a peer.
func TestRestartedPeerCanAlwaysConnect(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	doc := addAgreement(t, ms[0], "Rota", "")
	full := startNode(t, nodeConfig(ms[0].id, ms[0].kv), ms[0].rep)
	rosterBytes := mustDoc(t, ms[0].rep, ms[0].rep.Coop()).Save()
	for i := range 12 {
		transport := []string{"tcp", "quic-v1"}[i%2]
		rep := replicaFrom(t, rosterBytes, ms[1].id)
		n := newNode(t, nodeConfig(ms[1].id, newMemKV()), rep)
		if _, err := n.SyncOnce(context.Background(), addrOf(t, full, transport)); err != nil {
			t.Fatalf("restart %d (%s): %v", i, transport, err)
		}
		if _, err := rep.Doc(doc); err != nil {
			t.Fatalf("restart %d: document not received", i)
		}
		if err := n.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
