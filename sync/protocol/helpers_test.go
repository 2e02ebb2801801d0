package protocol

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// testNow is a fixed clock so documents are reproducible.
var testNow = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// member is one member's machine: an identity and its replica.
type member struct {
	name string
	id   *crdt.Identity
	rep  *MemReplica
}

func (m *member) ID() crdt.MemberID { return m.id.Member() }

// newCoop founds a co-op with n members, each holding a copy of the roster.
func newCoop(t testing.TB, n int) []*member {
	t.Helper()
	ids := make([]*crdt.Identity, n)
	for i := range ids {
		id, err := crdt.NewIdentity()
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	roster, err := crdt.NewRoster("Bakery", "m0", ids[0], testNow)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < n; i++ {
		if err := roster.AddMember(ids[i].Member(), fmt.Sprintf("m%d", i), crdt.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	saved := roster.Save()
	out := make([]*member, n)
	for i := range out {
		r, err := crdt.LoadRoster(saved, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		rep, err := NewMemReplica(r)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = &member{name: fmt.Sprintf("m%d", i), id: ids[i], rep: rep}
	}
	return out
}

// addAgreement creates an agreement on m and returns its ID.
func addAgreement(t testing.TB, m *member, title, body string) string {
	t.Helper()
	a, err := crdt.NewAgreement(m.rep.Coop(), title, body, m.id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.rep.Add(a.Doc); err != nil {
		t.Fatal(err)
	}
	return a.ID()
}

// copyDoc gives `to` a copy of a document `from` holds, as if synced earlier.
func copyDoc(t testing.TB, from, to *member, id string) {
	t.Helper()
	b, err := from.rep.DocBytes(id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := to.rep.AddSaved(b); err != nil {
		t.Fatal(err)
	}
}

// appendText appends s to an agreement's body as a local edit.
func appendText(t testing.TB, m *member, id, s string) {
	t.Helper()
	if err := tryAppend(m, id, s); err != nil {
		t.Fatal(err)
	}
}

// tryAppend is appendText for goroutines other than the test's.
func tryAppend(m *member, id, s string) error {
	return m.rep.Edit(id, func(d *crdt.Doc) error {
		a, err := crdt.AsAgreement(d)
		if err != nil {
			return err
		}
		body, err := a.Body()
		if err != nil {
			return err
		}
		return a.SpliceBody(len([]rune(body)), 0, s)
	})
}

func body(t testing.TB, m *member, id string) string {
	t.Helper()
	d, err := m.rep.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	a, err := crdt.AsAgreement(d)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.Body()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// export is a replica's state independent of how it was saved: per document
// its heads and its content (agreement body, or the roster as JSON).
func export(t testing.TB, m *member) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range m.rep.IDs() {
		d, err := m.rep.Doc(id)
		if err != nil {
			t.Fatal(err)
		}
		content := d.Title()
		switch d.Kind() {
		case crdt.KindAgreement:
			a, _ := crdt.AsAgreement(d)
			b, err := a.Body()
			if err != nil {
				t.Fatal(err)
			}
			content += "\n" + b
		case crdt.KindRoster:
			r, _ := crdt.AsRoster(d)
			j, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(j)
			content += "\n" + string(raw)
		}
		out[id] = strings.Join(d.Heads(), ",") + "\n" + content
	}
	return out
}

// assertSame fails unless every member holds the same state.
func assertSame(t testing.TB, ms ...*member) {
	t.Helper()
	want := export(t, ms[0])
	for _, m := range ms[1:] {
		got := export(t, m)
		if len(got) != len(want) {
			t.Fatalf("%s holds %d documents, %s holds %d", m.name, len(got), ms[0].name, len(want))
		}
		for id, w := range want {
			if got[id] != w {
				t.Fatalf("document %s differs between %s and %s:\n%q\n%q", id, ms[0].name, m.name, w, got[id])
			}
		}
	}
}

// tcpPair connects two streams over loopback TCP.
func tcpPair(t testing.TB) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			accepted <- nil
			return
		}
		accepted <- c
	}()
	a, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b := <-accepted
	if b == nil {
		t.Fatal("accept failed")
	}
	return a, b
}

type result struct {
	stats Stats
	err   error
}

// syncPair runs one session between a (dialing) and b over loopback TCP.
func syncPair(t testing.TB, a, b *member, opts Options) (Stats, Stats) {
	t.Helper()
	ra, rb := runPair(t, context.Background(), a, b, opts)
	if ra.err != nil || rb.err != nil {
		t.Fatalf("sync %s→%s: %v / %v", a.name, b.name, ra.err, rb.err)
	}
	return ra.stats, rb.stats
}

func runPair(t testing.TB, ctx context.Context, a, b *member, opts Options) (result, result) {
	t.Helper()
	ca, cb := tcpPair(t)
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	var ra, rb result
	wg.Add(2)
	go func() {
		defer wg.Done()
		ra.stats, ra.err = RunSession(ctx, ca, a.rep, a.ID(), b.ID(), true, opts)
	}()
	go func() {
		defer wg.Done()
		rb.stats, rb.err = RunSession(ctx, cb, b.rep, b.ID(), a.ID(), false, opts)
	}()
	wg.Wait()
	return ra, rb
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// eventually polls cond every 10ms for at most d.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
