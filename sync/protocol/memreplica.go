package protocol

import (
	"fmt"
	"slices"
	"sync"

	"github.com/mutual-coop/mutual/crdt"
)

// MemReplica is a Replica held in memory: tests, benchmarks and tools use it
// where the workspace's storage-backed replica would be too heavy. It is
// safe for concurrent use.
type MemReplica struct {
	coop string
	me   *crdt.Identity

	mu     sync.Mutex
	docs   map[string]*memDoc
	sorted []string // IDs in order, nil when a document was added since
	states map[memStateKey][]byte
	subs   map[*memSub]struct{}
}

type memDoc struct {
	d     *crdt.Doc
	heads []string
	saved []byte // bytes that load as d, or nil when stale
}

type memStateKey struct {
	peer crdt.MemberID
	id   string
}

// NewMemReplica holds a co-op given its roster; the roster's identity
// (roster.Me()) authors local edits and opens documents received whole.
func NewMemReplica(roster *crdt.Roster) (*MemReplica, error) {
	if roster == nil || roster.Doc == nil {
		return nil, fmt.Errorf("no roster: %w", crdt.ErrInvalid)
	}
	m := &MemReplica{
		coop:   roster.ID(),
		me:     roster.Me(),
		docs:   map[string]*memDoc{},
		states: map[memStateKey][]byte{},
		subs:   map[*memSub]struct{}{},
	}
	m.docs[roster.ID()] = &memDoc{d: roster.Doc, heads: roster.Heads()}
	return m, nil
}

// Coop is the co-op ID.
func (m *MemReplica) Coop() string { return m.coop }

// Identity is the local device's identity (may be nil: read-only).
func (m *MemReplica) Identity() *crdt.Identity { return m.me }

// Roster evaluates the held roster document.
func (m *MemReplica) Roster() (*crdt.RosterView, error) {
	d, err := m.Doc(m.coop)
	if err != nil {
		return nil, err
	}
	r, err := crdt.AsRoster(d)
	if err != nil {
		return nil, err
	}
	return r.View()
}

// Summary lists every document with its heads, from the index.
func (m *MemReplica) Summary() ([]DocHeads, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]DocHeads, 0, len(m.docs))
	for _, id := range m.sortedIDs() {
		out = append(out, DocHeads{ID: id, Heads: m.docs[id].heads})
	}
	return out, nil
}

// Doc returns the live document.
func (m *MemReplica) Doc(id string) (*crdt.Doc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	md, ok := m.docs[id]
	if !ok {
		return nil, fmt.Errorf("document %s: %w", id, ErrUnknownDoc)
	}
	return md.d, nil
}

// DocBytes returns the document saved, from a cache kept until it changes.
func (m *MemReplica) DocBytes(id string) ([]byte, error) {
	m.mu.Lock()
	md, ok := m.docs[id]
	var saved []byte
	if ok {
		saved = md.saved
	}
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("document %s: %w", id, ErrUnknownDoc)
	}
	if saved != nil {
		return saved, nil
	}
	b := md.d.Save()
	if b == nil {
		return nil, fmt.Errorf("save %s: %w", id, crdt.ErrMalformed)
	}
	heads := md.d.Heads()
	m.mu.Lock()
	if slices.Equal(md.heads, heads) && md.saved == nil {
		md.saved = b
	}
	m.mu.Unlock()
	return b, nil
}

// PutDoc stores a document received whole. If the ID is already held (two
// sessions raced to deliver it) the copies are merged.
func (m *MemReplica) PutDoc(d *crdt.Doc) error {
	if d == nil {
		return fmt.Errorf("no document: %w", crdt.ErrInvalid)
	}
	if d.Coop() != m.coop {
		return fmt.Errorf("document %s belongs to co-op %s, not %s: %w", d.ID(), d.Coop(), m.coop, crdt.ErrInvalid)
	}
	m.mu.Lock()
	held, ok := m.docs[d.ID()]
	if !ok {
		m.docs[d.ID()] = &memDoc{d: d, heads: d.Heads()}
		m.sorted = nil
	}
	m.mu.Unlock()
	if ok {
		if err := held.d.Merge(d); err != nil {
			return fmt.Errorf("merge %s: %w", d.ID(), err)
		}
		return m.Changed(d.ID(), held.d)
	}
	m.notify(d.ID())
	return nil
}

// Changed refreshes the index after d changed and notifies subscribers.
func (m *MemReplica) Changed(id string, d *crdt.Doc) error {
	heads := d.Heads()
	m.mu.Lock()
	md, ok := m.docs[id]
	if ok && md.d == d {
		md.heads, md.saved = heads, nil
	}
	m.mu.Unlock()
	if !ok || md.d != d {
		return fmt.Errorf("document %s is not the one held: %w", id, ErrUnknownDoc)
	}
	m.notify(id)
	return nil
}

// SyncState returns the saved sync state for (peer, doc), or nil.
func (m *MemReplica) SyncState(peer crdt.MemberID, id string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.states[memStateKey{peer, id}]
}

// SaveSyncState keeps the sync state for (peer, doc).
func (m *MemReplica) SaveSyncState(peer crdt.MemberID, id string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.states[memStateKey{peer, id}] = slices.Clone(b)
	return nil
}

// Add holds a document created locally and notifies subscribers.
func (m *MemReplica) Add(d *crdt.Doc) error {
	if d == nil || d.Coop() != m.coop {
		return fmt.Errorf("document is not of co-op %s: %w", m.coop, crdt.ErrInvalid)
	}
	m.mu.Lock()
	if _, ok := m.docs[d.ID()]; ok {
		m.mu.Unlock()
		return fmt.Errorf("document %s is already held: %w", d.ID(), crdt.ErrInvalid)
	}
	m.docs[d.ID()] = &memDoc{d: d, heads: d.Heads()}
	m.sorted = nil
	m.mu.Unlock()
	m.notify(d.ID())
	return nil
}

// AddSaved loads saved bytes as a local document and keeps the bytes as its
// saved form (fixtures: no Save needed to send it whole).
func (m *MemReplica) AddSaved(b []byte) (*crdt.Doc, error) {
	d, err := crdt.Load(b, m.me)
	if err != nil {
		return nil, err
	}
	if err := m.Add(d); err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.docs[d.ID()].saved = b
	m.mu.Unlock()
	return d, nil
}

// Edit runs fn on a held document as a local edit, then refreshes the index
// and notifies subscribers (live sessions push the edit). fn's error is
// returned as is.
func (m *MemReplica) Edit(id string, fn func(d *crdt.Doc) error) error {
	d, err := m.Doc(id)
	if err != nil {
		return err
	}
	if err := fn(d); err != nil {
		return err
	}
	return m.Changed(id, d)
}

// IDs lists the held document IDs, sorted.
func (m *MemReplica) IDs() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.sortedIDs())
}

// sortedIDs keeps the sorted ID index (callers hold m.mu): documents are
// added rarely and summarised at every session.
func (m *MemReplica) sortedIDs() []string {
	if m.sorted == nil {
		m.sorted = make([]string, 0, len(m.docs))
		for id := range m.docs {
			m.sorted = append(m.sorted, id)
		}
		slices.Sort(m.sorted)
	}
	return m.sorted
}

// Len is the number of documents held.
func (m *MemReplica) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.docs)
}
