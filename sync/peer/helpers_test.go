package peer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"

	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

var testNow = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// errKVNotFound is the fake store's missing-key error.
var errKVNotFound = errors.New("kv: not found")

// memKV is an in-memory KV.
type memKV struct {
	mu sync.Mutex
	m  map[string][]byte
}

func newMemKV() *memKV { return &memKV{m: map[string][]byte{}} }

func (k *memKV) Get(key string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[key]
	if !ok {
		return nil, fmt.Errorf("%s: %w", key, errKVNotFound)
	}
	return slices.Clone(v), nil
}

func (k *memKV) Put(key string, v []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[key] = slices.Clone(v)
	return nil
}

// testLogger discards logs unless MUTUAL_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("MUTUAL_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// loopback are the listen addresses tests use: loopback only.
var loopback = []string{"/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/udp/0/quic-v1"}

// member is one device in a test: identity, replica and node.
type member struct {
	name string
	id   *crdt.Identity
	rep  *protocol.MemReplica
	kv   *memKV
	node *Node
}

func (m *member) ID() crdt.MemberID { return m.id.Member() }

func newIdentities(t testing.TB, n int) []*crdt.Identity {
	t.Helper()
	ids := make([]*crdt.Identity, n)
	for i := range ids {
		id, err := crdt.NewIdentity()
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

// newCoopMembers founds a co-op of n members (member 0 the admin founder),
// each with its own replica holding the roster; no nodes yet.
func newCoopMembers(t testing.TB, name string, n int) []*member {
	t.Helper()
	ids := newIdentities(t, n)
	roster, err := crdt.NewRoster(name, "m0", ids[0], testNow)
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
		out[i] = &member{name: fmt.Sprintf("m%d", i), id: ids[i], rep: replicaFrom(t, saved, ids[i]), kv: newMemKV()}
	}
	return out
}

// replicaFrom makes id's replica of the co-op whose roster is saved.
func replicaFrom(t testing.TB, saved []byte, id *crdt.Identity) *protocol.MemReplica {
	t.Helper()
	r, err := crdt.LoadRoster(saved, id)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := protocol.NewMemReplica(r)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// onlyLoopback allows dialling 127.0.0.0/8 and ::1 only (a circuit through
// a relay counts by the relay's address).
func onlyLoopback(a ma.Multiaddr) bool {
	ip, err := manet.ToIP(firstIP(a))
	return err == nil && ip.IsLoopback()
}

// firstIP is the leading /ip4 or /ip6 component of a, or a itself.
func firstIP(a ma.Multiaddr) ma.Multiaddr {
	if len(a) >= 2 {
		return ma.Multiaddr(a[:2])
	}
	return a
}

// nodeConfig is a loopback test configuration for id.
func nodeConfig(id *crdt.Identity, kv KV) Config {
	return Config{
		Identity:          id,
		ListenAddrs:       loopback,
		KV:                kv,
		IsNotFound:        func(err error) bool { return errors.Is(err, errKVNotFound) },
		ReconnectInterval: 200 * time.Millisecond,
		MaxBackoff:        2 * time.Second,
		SyncReadTimeout:   10 * time.Second,
		Logger:            testLogger(),
	}
}

// startNode makes, registers the replicas with, and starts a node; it is
// closed when the test ends.
func startNode(t testing.TB, cfg Config, reps ...protocol.Replica) *Node {
	t.Helper()
	n := newNode(t, cfg, reps...)
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return n
}

func newNode(t testing.TB, cfg Config, reps ...protocol.Replica) *Node {
	t.Helper()
	if cfg.dialAllowed == nil {
		cfg.dialAllowed = onlyLoopback
	}
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = n.Close()
		if k := n.offLimits.Load(); k > 0 {
			t.Errorf("the node tried %d dials outside loopback (see the log): tests must never reach a real network", k)
		}
	})
	for _, r := range reps {
		if err := n.AddCoop(r); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// start gives every member a started node.
func start(t testing.TB, ms []*member, tweak func(*Config)) {
	t.Helper()
	for _, m := range ms {
		cfg := nodeConfig(m.id, m.kv)
		if tweak != nil {
			tweak(&cfg)
		}
		m.node = startNode(t, cfg, m.rep)
	}
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

// shareDoc gives every member a copy of the document, as if synced before.
func shareDoc(t testing.TB, from *member, to []*member, id string) {
	t.Helper()
	d, err := from.rep.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	saved := d.Save()
	for _, m := range to {
		if m == from {
			continue
		}
		if _, err := m.rep.AddSaved(saved); err != nil {
			t.Fatal(err)
		}
	}
}

// typeInto inserts s at the start of an agreement's body as a local edit.
func typeInto(m *member, id, s string) error {
	return m.rep.Edit(id, func(d *crdt.Doc) error {
		a, err := crdt.AsAgreement(d)
		if err != nil {
			return err
		}
		return a.SpliceBody(0, 0, s)
	})
}

// body reads an agreement's body from m's replica ("" if absent).
func body(m *member, id string) string {
	d, err := m.rep.Doc(id)
	if err != nil {
		return ""
	}
	a, err := crdt.AsAgreement(d)
	if err != nil {
		return ""
	}
	b, err := a.Body()
	if err != nil {
		return ""
	}
	return b
}

// state is a replica's documents and heads, for convergence checks: equal
// heads mean the same set of Automerge changes, hence identical documents.
func state(t testing.TB, r protocol.Replica) string {
	t.Helper()
	sum, err := r.Summary()
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, d := range sum {
		fmt.Fprintf(&b, "%s %s\n", d.ID, strings.Join(d.Heads, ","))
	}
	return b.String()
}

// waitFor polls cond every 20ms until it holds or timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// converged reports whether every member holds the same documents at the
// same heads.
func converged(t testing.TB, ms []*member) bool {
	first := state(t, ms[0].rep)
	for _, m := range ms[1:] {
		if state(t, m.rep) != first {
			return false
		}
	}
	return true
}

// addrOf is a node's first address of the given transport ("tcp" or "quic-v1").
func addrOf(t testing.TB, n *Node, transport string) string {
	t.Helper()
	for _, a := range n.Addrs() {
		if strings.Contains(a, "/"+transport+"/") && !strings.Contains(a, "p2p-circuit") {
			return a
		}
	}
	t.Fatalf("node has no %s address: %v", transport, n.Addrs())
	return ""
}

// connectedTo reports whether a has a connection to b.
func connectedTo(a, b *Node) bool { return a.connected(b.PeerID()) }

// lazyReplica is a joiner's replica: it exists before the roster arrives
// (Roster and Doc fail until then) and becomes a MemReplica once the
// inviter's roster is stored — what the workspace does for `mutual join`.
type lazyReplica struct {
	coop string
	me   *crdt.Identity

	mu       sync.Mutex
	inner    *protocol.MemReplica
	arrivals map[string]int // documents stored or changed, by ID
}

// arrived is how many times document id was stored or changed here.
func (l *lazyReplica) arrived(id string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.arrivals[id]
}

func (l *lazyReplica) count(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.arrivals == nil {
		l.arrivals = map[string]int{}
	}
	l.arrivals[id]++
}

func newLazyReplica(coop string, me *crdt.Identity) *lazyReplica {
	return &lazyReplica{coop: coop, me: me}
}

func (l *lazyReplica) get() *protocol.MemReplica {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inner
}

func (l *lazyReplica) Coop() string             { return l.coop }
func (l *lazyReplica) Identity() *crdt.Identity { return l.me }

func (l *lazyReplica) Roster() (*crdt.RosterView, error) {
	if in := l.get(); in != nil {
		return in.Roster()
	}
	return nil, fmt.Errorf("no roster yet: %w", protocol.ErrUnknownDoc)
}

func (l *lazyReplica) Summary() ([]protocol.DocHeads, error) {
	if in := l.get(); in != nil {
		return in.Summary()
	}
	return nil, nil
}

func (l *lazyReplica) Doc(id string) (*crdt.Doc, error) {
	if in := l.get(); in != nil {
		return in.Doc(id)
	}
	return nil, fmt.Errorf("document %s: %w", id, protocol.ErrUnknownDoc)
}

func (l *lazyReplica) PutDoc(d *crdt.Doc) error {
	l.mu.Lock()
	in := l.inner
	if in == nil {
		defer l.mu.Unlock()
		r, err := crdt.AsRoster(d)
		if err != nil || d.ID() != l.coop {
			return fmt.Errorf("the first document must be the co-op's roster: %w", crdt.ErrInvalid)
		}
		rep, err := protocol.NewMemReplica(r)
		if err != nil {
			return err
		}
		l.inner = rep
		return nil
	}
	l.mu.Unlock()
	l.count(d.ID())
	return in.PutDoc(d)
}

func (l *lazyReplica) Changed(id string, d *crdt.Doc) error {
	if in := l.get(); in != nil {
		l.count(id)
		return in.Changed(id, d)
	}
	return fmt.Errorf("document %s: %w", id, protocol.ErrUnknownDoc)
}

func (l *lazyReplica) SyncState(p crdt.MemberID, id string) []byte {
	if in := l.get(); in != nil {
		return in.SyncState(p, id)
	}
	return nil
}

func (l *lazyReplica) SaveSyncState(p crdt.MemberID, id string, b []byte) error {
	if in := l.get(); in != nil {
		return in.SaveSyncState(p, id, b)
	}
	return nil
}

func (l *lazyReplica) Subscribe() (<-chan string, func()) {
	if in := l.get(); in != nil {
		return in.Subscribe()
	}
	return make(chan string), func() {}
}

// joiner is a newcomer device with a node serving no co-op yet.
type joiner struct {
	id   *crdt.Identity
	node *Node
	reps map[string]*lazyReplica
}

func newJoiner(t testing.TB, tweak func(*Config)) *joiner {
	t.Helper()
	id := newIdentities(t, 1)[0]
	cfg := nodeConfig(id, newMemKV())
	if tweak != nil {
		tweak(&cfg)
	}
	return &joiner{id: id, node: startNode(t, cfg), reps: map[string]*lazyReplica{}}
}

func (j *joiner) newReplica(coop string) (protocol.Replica, error) {
	r := newLazyReplica(coop, j.id)
	j.reps[coop] = r
	return r, nil
}

// peerIDOf is m's peer ID.
func peerIDOf(t testing.TB, m crdt.MemberID) lpeer.ID {
	t.Helper()
	p, err := PeerFromMember(m)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// slogToStderr is the log of a node running as a child process: its stderr
// is shown by the parent test when it fails.
func slogToStderr() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
