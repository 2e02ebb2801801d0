package peer

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// benchFixture is a co-op of two members: the first holds benchDocs
// agreements of benchEdits changes each, the second nothing but the roster.
type benchFixture struct {
	full        *member
	emptyID     *crdt.Identity
	rosterBytes []byte
	docs        [][]byte
}

const (
	benchDocs  = 300
	benchEdits = 20
)

var (
	fixtureOnce sync.Once
	fixture     *benchFixture
)

func loadFixture(b *testing.B) *benchFixture {
	fixtureOnce.Do(func() {
		ms := newCoopMembers(b, "Bench", 2)
		f := &benchFixture{full: ms[0], emptyID: ms[1].id, rosterBytes: mustDoc(b, ms[0].rep, ms[0].rep.Coop()).Save()}
		for i := range benchDocs {
			id := addAgreement(b, ms[0], fmt.Sprintf("Doc %d", i), "")
			for k := range benchEdits {
				if err := typeInto(ms[0], id, fmt.Sprintf("line %d of doc %d\n", k, i)); err != nil {
					b.Fatal(err)
				}
			}
			f.docs = append(f.docs, mustDoc(b, ms[0].rep, id).Save())
		}
		fixture = f
	})
	return fixture
}

// rawTCPSync is the baseline: the same protocol session over a plain
// loopback TCP connection, no libp2p.
func rawTCPSync(b *testing.B, full, empty protocol.Replica, fullID, emptyID crdt.MemberID) protocol.Stats {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		_, err = protocol.RunSession(context.Background(), c.(*net.TCPConn), full, fullID, emptyID, false, protocol.Options{Logger: testLogger()})
		done <- err
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	st, err := protocol.RunSession(context.Background(), c.(*net.TCPConn), empty, emptyID, fullID, true, protocol.Options{Logger: testLogger()})
	if err != nil {
		b.Fatal(err)
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkColdSyncOverLibp2p: an empty member fetches benchDocs documents
// from a full one with SyncOnce over libp2p (TCP, then QUIC; connection set-up
// included, as for `mutual sync --once`), against the same session over a
// raw loopback TCP connection measured in the same run.
func BenchmarkColdSyncOverLibp2p(b *testing.B) {
	f := loadFixture(b)
	fullNode := newNode(b, nodeConfig(f.full.id, f.full.kv), f.full.rep)
	if err := fullNode.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	var raw, tcp, quic time.Duration
	var bytes int64
	baseline := func() {
		empty := replicaFrom(b, f.rosterBytes, f.emptyID)
		t0 := time.Now()
		st := rawTCPSync(b, f.full.rep, empty, f.full.ID(), f.emptyID.Member())
		raw += time.Since(t0)
		if empty.Len() != benchDocs+1 {
			b.Fatalf("baseline moved %d documents", empty.Len())
		}
		bytes += st.BytesReceived + st.BytesSent
	}
	for i := range b.N {
		if i%2 == 0 { // alternate the order so warm-up favours neither side
			baseline()
		}
		for _, transport := range []string{"tcp", "quic-v1"} {
			empty := replicaFrom(b, f.rosterBytes, f.emptyID)
			n := newNode(b, nodeConfig(f.emptyID, newMemKV()), empty)
			t0 := time.Now()
			if _, err := n.SyncOnce(context.Background(), addrOf(b, fullNode, transport)); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			if empty.Len() != benchDocs+1 {
				b.Fatalf("%s moved %d documents", transport, empty.Len())
			}
			if transport == "tcp" {
				tcp += d
			} else {
				quic += d
			}
			_ = n.Close()
		}
		if i%2 == 1 {
			baseline()
		}
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(per(raw), "raw-tcp-ms")
	b.ReportMetric(per(tcp), "libp2p-tcp-ms")
	b.ReportMetric(per(quic), "libp2p-quic-ms")
	b.ReportMetric(float64(tcp)/float64(raw), "tcp/raw")
	b.ReportMetric(float64(quic)/float64(raw), "quic/raw")
	b.ReportMetric(float64(bytes)/float64(b.N), "wire-bytes")
}

// BenchmarkReconnectUnchangedOverLibp2p: two members in step sync again
// over an open libp2p connection; the baseline is the same over raw TCP.
func BenchmarkReconnectUnchangedOverLibp2p(b *testing.B) {
	f := loadFixture(b)
	fullNode := newNode(b, nodeConfig(f.full.id, f.full.kv), f.full.rep)
	if err := fullNode.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	peerRep := replicaFrom(b, f.rosterBytes, f.emptyID)
	n := newNode(b, nodeConfig(f.emptyID, newMemKV()), peerRep)
	addr := addrOf(b, fullNode, "tcp")
	if _, err := n.SyncOnce(context.Background(), addr); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var raw, p2p time.Duration
	var trips int
	var bytes int64
	for range b.N {
		t0 := time.Now()
		rawTCPSync(b, f.full.rep, peerRep, f.full.ID(), f.emptyID.Member())
		raw += time.Since(t0)
		t0 = time.Now()
		st, err := n.SyncOnce(context.Background(), addr)
		if err != nil {
			b.Fatal(err)
		}
		p2p += time.Since(t0)
		trips += st.RoundTrips
		bytes += st.BytesSent + st.BytesReceived
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(per(raw), "raw-tcp-ms")
	b.ReportMetric(per(p2p), "libp2p-ms")
	b.ReportMetric(float64(trips)/float64(b.N), "round-trips")
	b.ReportMetric(float64(bytes)/float64(b.N), "wire-bytes")
}
