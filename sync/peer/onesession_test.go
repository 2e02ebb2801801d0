package peer

import (
	"fmt"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/metrics"

	"github.com/mutual-coop/mutual/sync/protocol"
)

// TestColdJoinSendsEachDocumentOnce: a newcomer's join syncs everything in
// its one-off session; the live session that starts when the two become
// members of each other waits for it instead of sending every document a
// second time from an empty state.
func TestColdJoinSendsEachDocumentOnce(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 1)
	admin := ms[0]
	var docs []string
	for i := range 40 {
		docs = append(docs, addAgreement(t, admin, fmt.Sprintf("Policy %d", i), "text"))
	}
	start(t, ms, nil)
	code, err := admin.node.CreateInvite(admin.rep.Coop(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	bw := metrics.NewBandwidthCounter()
	j := newJoiner(t, func(c *Config) { c.bandwidth = bw })
	if _, err := j.node.Join(joinCtx(t), code, "Jo", j.newReplica); err != nil {
		t.Fatal(err)
	}
	rep := j.reps[admin.rep.Coop()]
	// Give the live session time to start and settle.
	waitFor(t, 10*time.Second, "the live session to start", func() bool {
		return j.node.sessions.count(sessionKey{admin.rep.Coop(), admin.ID()}) > 0
	})
	time.Sleep(500 * time.Millisecond)
	for _, id := range docs {
		if n := rep.arrived(id); n != 1 {
			t.Fatalf("document %s arrived %d times in a cold join, want once", id, n)
		}
	}
	saved := 0
	for _, id := range docs {
		saved += len(mustDoc(t, admin.rep, id).Save())
	}
	if got := bw.GetBandwidthForProtocol(protocol.ID).TotalIn; float64(got) > 1.5*float64(saved) {
		t.Fatalf("%d bytes of sync arrived for %d bytes of documents: they crossed the wire twice", got, saved)
	}
}

// TestSyncOnceSendsEachDocumentOnce: `sync --once` from a device holding
// only the roster, with both nodes running (so a live session could start
// the moment they connect): each document arrives once.
func TestSyncOnceSendsEachDocumentOnce(t *testing.T) {
	for round := range 4 { // both orders of member IDs come up
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			ms := newCoopMembers(t, "Bakery", 2)
			a, b := ms[0], ms[1]
			var docs []string
			for i := range 40 {
				docs = append(docs, addAgreement(t, a, fmt.Sprintf("Policy %d", i), "text"))
			}
			lazy := newLazyReplica(b.rep.Coop(), b.id)
			if err := lazy.PutDoc(mustDoc(t, b.rep, b.rep.Coop())); err != nil {
				t.Fatal(err)
			}
			a.node = startNode(t, nodeConfig(a.id, a.kv), a.rep)
			bw := metrics.NewBandwidthCounter()
			cfg := nodeConfig(b.id, b.kv)
			cfg.bandwidth = bw
			b.node = startNode(t, cfg, lazy)
			st, err := b.node.SyncOnce(joinCtx(t), addrOf(t, a.node, "tcp"))
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(700 * time.Millisecond) // a live session would have run by now
			got := bw.GetBandwidthForProtocol(protocol.ID).TotalIn
			if float64(got) > 1.1*float64(st.BytesReceived) {
				t.Fatalf("%d bytes of sync arrived, against %d in the one-off session: documents crossed the wire twice", got, st.BytesReceived)
			}
			for _, id := range docs {
				if n := lazy.arrived(id); n != 1 {
					t.Fatalf("document %s arrived %d times, want once", id, n)
				}
			}
		})
	}
}
