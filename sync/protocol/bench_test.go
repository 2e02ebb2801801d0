package protocol

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// Benchmarks of the sync protocol against the naive baseline (naive_test.go),
// on loopback TCP. Run: go test -run '^$' -bench . -benchtime 1x ./sync/protocol/
// Their fixtures are built once per process and are not timed.

// benchCoop is a two-member co-op whose replicas can be rebuilt from bytes.
type benchCoop struct {
	ids    [2]*crdt.Identity
	roster []byte
	docs   [][]byte // saved documents, authored by member 0
}

func newBenchCoop(b *testing.B) *benchCoop {
	ms := newCoop(b, 2)
	return &benchCoop{ids: [2]*crdt.Identity{ms[0].id, ms[1].id}, roster: mustBytes(b, ms[0], ms[0].rep.Coop())}
}

func mustBytes(b testing.TB, m *member, id string) []byte {
	out, err := m.rep.DocBytes(id)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// replica builds member i's replica holding the roster and, if withDocs,
// every document.
func (c *benchCoop) replica(b *testing.B, i int, withDocs bool) *member {
	r, err := crdt.LoadRoster(c.roster, c.ids[i])
	if err != nil {
		b.Fatal(err)
	}
	rep, err := NewMemReplica(r)
	if err != nil {
		b.Fatal(err)
	}
	m := &member{name: fmt.Sprintf("m%d", i), id: c.ids[i], rep: rep}
	if withDocs {
		for _, d := range c.docs {
			if _, err := rep.AddSaved(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	return m
}

// typeInto makes n text edits (words inserted at random places) in one
// agreement, each its own change, as members typing over days would.
func typeInto(b testing.TB, a *crdt.Agreement, rng *rand.Rand, n int) {
	words := []string{"members ", "agree ", "to ", "share ", "the ", "kitchen ", "rota ", "weekly ", "and ", "vote "}
	for range n {
		body, err := a.Body()
		if err != nil {
			b.Fatal(err)
		}
		pos := rng.IntN(len([]rune(body)) + 1)
		if err := a.SpliceBody(pos, 0, words[rng.IntN(len(words))]); err != nil {
			b.Fatal(err)
		}
	}
}

// makeDocs creates n agreements of changesEach changes each.
func (c *benchCoop) makeDocs(b *testing.B, n, changesEach int) {
	rng := rand.New(rand.NewPCG(42, uint64(n)))
	r, err := crdt.LoadRoster(c.roster, c.ids[0])
	if err != nil {
		b.Fatal(err)
	}
	coop := r.ID()
	c.docs = make([][]byte, n)
	for i := range c.docs {
		a, err := crdt.NewAgreement(coop, fmt.Sprintf("Agreement %d", i), "# Rules\n\nBe kind. ", c.ids[0], testNow)
		if err != nil {
			b.Fatal(err)
		}
		typeInto(b, a, rng, changesEach-2) // NewAgreement made two changes
		c.docs[i] = a.Save()
	}
}

// link is the connection the benchmarks sync over: plain loopback, or
// loopback with a round-trip time added — 2ms for a meeting room's Wi-Fi,
// 20ms between homes — where round trips cost what they cost between
// machines.
type link struct {
	name string
	rtt  time.Duration
}

var links = []link{{"loopback", 0}, {"rtt-2ms", 2 * time.Millisecond}, {"rtt-20ms", 20 * time.Millisecond}}

func (l link) pair(b *testing.B) (net.Conn, net.Conn) {
	x, y := tcpPair(b)
	return withDelay(x, l.rtt/2), withDelay(y, l.rtt/2)
}

// mutualSync runs one Mutual session (a dials b) and returns both stats.
func mutualSync(b *testing.B, l link, a, z *member) (Stats, Stats, time.Duration) {
	ca, cz := l.pair(b)
	start := time.Now()
	var wg sync.WaitGroup
	var sa, sz Stats
	var ea, ez error
	wg.Add(2)
	opts := Options{Logger: quietLogger()}
	go func() {
		defer wg.Done()
		sa, ea = RunSession(context.Background(), ca, a.rep, a.ID(), z.ID(), true, opts)
	}()
	go func() {
		defer wg.Done()
		sz, ez = RunSession(context.Background(), cz, z.rep, z.ID(), a.ID(), false, opts)
	}()
	wg.Wait()
	wall := time.Since(start)
	if ea != nil || ez != nil {
		b.Fatalf("sync: %v / %v", ea, ez)
	}
	return sa, sz, wall
}

// naiveSync runs the baseline: `from` walks its documents, `to` answers.
func naiveSync(b *testing.B, l link, from, to *member, genesis func(string) []byte) naiveStats {
	cf, ct := l.pair(b)
	defer cf.Close()
	defer ct.Close()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- naiveReceive(ct, to.rep, from.ID(), to.id) }()
	st, err := naiveSend(cf, from.rep, to.ID(), genesis)
	if err != nil {
		b.Fatalf("naive sync: %v", err)
	}
	if err := <-done; err != nil {
		b.Fatalf("naive receive: %v", err)
	}
	st.wall = time.Since(start)
	return st
}

func sameHeads(b *testing.B, x, y *member) {
	if x.rep.Len() != y.rep.Len() {
		b.Fatalf("%d documents vs %d", x.rep.Len(), y.rep.Len())
	}
	sx, _ := x.rep.Summary()
	sy, _ := y.rep.Summary()
	for i := range sx {
		if sx[i].ID != sy[i].ID || !slices.Equal(sx[i].Heads, sy[i].Heads) {
			b.Fatalf("document %s differs after sync", sx[i].ID)
		}
	}
}

var (
	coldOnce  sync.Once
	coldCoop  *benchCoop
	coldGen   map[string][]byte
	coldSaved int
)

// localLoad is the time the receiver takes to load the cold-sync documents
// from their bytes, one after another.
func localLoad(b *testing.B) time.Duration {
	runtime.GC()
	start := time.Now()
	for _, raw := range coldCoop.docs {
		if _, err := crdt.Load(raw, coldCoop.ids[1]); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// BenchmarkColdSync: 1,000 documents of 100 changes each (100,000 in all)
// from a full peer to a peer holding only the roster, which dials.
func BenchmarkColdSync(b *testing.B) {
	coldOnce.Do(func() {
		coldCoop = newBenchCoop(b)
		coldCoop.makeDocs(b, 1000, 100)
		coldGen = map[string][]byte{}
		for _, raw := range coldCoop.docs {
			coldSaved += len(raw)
			d, err := crdt.Load(raw, nil)
			if err != nil {
				b.Fatal(err)
			}
			h, err := d.History()
			if err != nil {
				b.Fatal(err)
			}
			g, err := d.AtHeads([]string{h[0].Hash})
			if err != nil {
				b.Fatal(err)
			}
			coldGen[d.ID()] = g.Save()
		}
	})
	for _, l := range links {
		b.Run(l.name, func(b *testing.B) { coldSync(b, l) })
	}
}

func coldSync(b *testing.B, l link) {
	for range b.N {
		// The receiver's floor: loading the same documents from bytes,
		// measured just before and just after the sync and averaged, since
		// the machine's load drifts.
		full, empty := coldCoop.replica(b, 0, true), coldCoop.replica(b, 1, false)
		load := localLoad(b)
		runtime.GC()
		cpu0 := cpuTime()
		se, sf, wall := mutualSync(b, l, empty, full)
		cpu := cpuTime() - cpu0
		cpu0 = cpuTime()
		load = (load + localLoad(b)) / 2
		loadCPU := cpuTime() - cpu0
		sameHeads(b, full, empty)

		full2, empty2 := coldCoop.replica(b, 0, true), coldCoop.replica(b, 1, false)
		runtime.GC()
		cpu0 = cpuTime()
		naive := naiveSync(b, l, full2, empty2, func(id string) []byte { return coldGen[id] })
		naiveCPU := cpuTime() - cpu0
		sameHeads(b, full2, empty2)

		bytes := se.BytesSent + se.BytesReceived
		b.ReportMetric(float64(wall.Microseconds())/1000, "wall-ms")
		b.ReportMetric(float64(load.Microseconds())/1000, "local-load-ms")
		b.ReportMetric(float64(wall)/float64(load), "wall/load")
		b.ReportMetric(float64(bytes), "wire-bytes")
		b.ReportMetric(float64(bytes)/float64(coldSaved), "bytes/saved")
		b.ReportMetric(float64(max(se.RoundTrips, sf.RoundTrips)), "round-trips")
		b.ReportMetric(float64(naive.wall.Microseconds())/1000, "naive-ms")
		b.ReportMetric(float64(naive.roundTrips), "naive-round-trips")
		b.ReportMetric(float64(naive.wall)/float64(wall), "speedup")
		b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms")
		b.ReportMetric(float64(cpu)/float64(loadCPU), "cpu/load-cpu")
		b.ReportMetric(float64(naiveCPU.Microseconds())/1000, "naive-cpu-ms")
	}
}

var (
	reconnectOnce sync.Once
	reconnectA    *member
	reconnectB    *member
)

// BenchmarkReconnectUnchanged: 10,000 documents, both peers in step.
func BenchmarkReconnectUnchanged(b *testing.B) {
	reconnectOnce.Do(func() {
		c := newBenchCoop(b)
		c.makeDocs(b, 10000, 2)
		reconnectA, reconnectB = c.replica(b, 0, true), c.replica(b, 1, true)
		naiveSync(b, links[0], reconnectA, reconnectB, nil) // the baseline's sync states, as after an earlier sync
	})
	for range b.N {
		runtime.GC()
		sa, sb, wall := mutualSync(b, links[0], reconnectA, reconnectB)
		if sa.DocsSent+sa.DocsReceived+sb.DocsSent+sb.DocsReceived != 0 {
			b.Fatalf("documents moved although nothing changed: %+v %+v", sa, sb)
		}
		naive := naiveSync(b, links[0], reconnectA, reconnectB, nil)
		b.ReportMetric(float64(sa.RoundTrips), "round-trips")
		b.ReportMetric(float64(sa.BytesSent+sa.BytesReceived), "wire-bytes")
		b.ReportMetric(float64(wall.Microseconds())/1000, "wall-ms")
		b.ReportMetric(float64(naive.wall.Microseconds())/1000, "naive-ms")
		b.ReportMetric(float64(naive.roundTrips), "naive-round-trips")
	}
}

var (
	divergentOnce sync.Once
	divergentCoop *benchCoop
)

// divergentPair builds two replicas in step (with saved sync states) that
// then each add 10 changes to every one of 1,000 documents.
func divergentPair(b *testing.B) (*member, *member) {
	divergentOnce.Do(func() {
		divergentCoop = newBenchCoop(b)
		divergentCoop.makeDocs(b, 1000, 10)
	})
	x, y := divergentCoop.replica(b, 0, true), divergentCoop.replica(b, 1, true)
	rng := rand.New(rand.NewPCG(7, 7))
	for _, id := range x.rep.IDs() {
		if id != x.rep.Coop() {
			appendText(b, x, id, " amended.")
		}
	}
	mutualSync(b, links[0], x, y) // in step; both keep their sync states
	for _, m := range []*member{x, y} {
		for _, id := range m.rep.IDs() {
			if id == m.rep.Coop() {
				continue
			}
			if err := m.rep.Edit(id, func(d *crdt.Doc) error {
				a, err := crdt.AsAgreement(d)
				if err != nil {
					return err
				}
				typeInto(b, a, rng, 10)
				return nil
			}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return x, y
}

// BenchmarkDivergent: both sides added 10 changes to each of 1,000
// documents while apart, then reconnect.
func BenchmarkDivergent(b *testing.B) {
	for _, l := range links {
		b.Run(l.name, func(b *testing.B) { divergent(b, l) })
	}
}

func divergent(b *testing.B, l link) {
	for range b.N {
		x, y := divergentPair(b)
		runtime.GC()
		cpu0 := cpuTime()
		sx, sy, wall := mutualSync(b, l, x, y)
		cpu := cpuTime() - cpu0
		sameHeads(b, x, y)
		docs := float64(x.rep.Len() - 1)
		wire := sx.BytesSent + sx.BytesReceived
		payload := sx.PayloadBytesSent + sx.PayloadBytesReceived

		nx, ny := divergentPair(b)
		runtime.GC()
		cpu0 = cpuTime()
		naive := naiveSync(b, l, nx, ny, nil)
		naiveCPU := cpuTime() - cpu0
		sameHeads(b, nx, ny)

		b.ReportMetric(float64(max(sx.RoundTrips, sy.RoundTrips)), "round-trips")
		b.ReportMetric(float64(wire-payload)/docs, "overhead-bytes/doc")
		b.ReportMetric(float64(wire), "wire-bytes")
		b.ReportMetric(float64(wall.Microseconds())/1000, "wall-ms")
		b.ReportMetric(float64(naive.wall.Microseconds())/1000, "naive-ms")
		b.ReportMetric(float64(naive.roundTrips), "naive-round-trips")
		b.ReportMetric(float64(naive.wall)/float64(wall), "speedup")
		b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms")
		b.ReportMetric(float64(naiveCPU.Microseconds())/1000, "naive-cpu-ms")
	}
}
