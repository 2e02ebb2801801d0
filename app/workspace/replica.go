package workspace

import (
	"errors"
	"fmt"
	"sync"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/protocol"
)

// Replica is a co-op as sync/ sees it: it implements protocol.Replica over
// the workspace's store, so remote changes are persisted and announced
// exactly like local edits.
type Replica struct {
	c *Coop

	// Sync states are kept in memory during sessions and written to the
	// store in batches (Flush): they are an optimisation that costs one
	// extra round trip when lost, so they must not cost an fsync each.
	mu    sync.Mutex
	dirty map[string][]byte
}

var (
	_ protocol.Replica        = (*Replica)(nil)
	_ protocol.DocBytesSource = (*Replica)(nil)
	_ protocol.IdentitySource = (*Replica)(nil)
)

// Replica returns the co-op's sync adapter.
func (c *Coop) Replica() *Replica {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.replica == nil {
		c.replica = &Replica{c: c, dirty: map[string][]byte{}}
	}
	return c.replica
}

// Coop is the co-op ID.
func (r *Replica) Coop() string { return r.c.id }

// Roster is the current membership.
func (r *Replica) Roster() (*crdt.RosterView, error) { return r.c.Members() }

// Identity is this device's identity (nil before init).
func (r *Replica) Identity() *crdt.Identity {
	me, _ := r.c.w.Identity()
	return me
}

// Summary lists every document with its heads, from the metadata index.
func (r *Replica) Summary() ([]protocol.DocHeads, error) {
	metas, err := r.c.w.store.ListDocs(r.c.id, "")
	if err != nil {
		return nil, err
	}
	out := make([]protocol.DocHeads, 0, len(metas))
	for _, m := range metas {
		heads := m.Heads
		if len(heads) == 0 { // indexed before heads were kept
			d, err := r.c.Doc(m.ID)
			if err != nil {
				r.c.w.log.Warn("sync: skipping unreadable document", "doc", m.ID, "err", err)
				continue
			}
			heads = d.Heads()
		}
		out = append(out, protocol.DocHeads{ID: m.ID, Heads: heads})
	}
	return out, nil
}

// Doc is the live document.
func (r *Replica) Doc(id string) (*crdt.Doc, error) {
	d, err := r.c.Doc(id)
	if errors.Is(err, ErrUnknownDoc) {
		return nil, fmt.Errorf("%w: %s", protocol.ErrUnknownDoc, id)
	}
	return d, err
}

// DocBytes returns the stored bytes (snapshot then increments), which
// Automerge loads as one document.
func (r *Replica) DocBytes(id string) ([]byte, error) {
	snap, incs, err := r.c.w.store.LoadDoc(r.c.id, id)
	if isNotFound(err) {
		return nil, fmt.Errorf("%w: %s", protocol.ErrUnknownDoc, id)
	}
	if err != nil {
		return nil, err
	}
	n := len(snap)
	for _, inc := range incs {
		n += len(inc)
	}
	out := make([]byte, 0, n)
	out = append(out, snap...)
	for _, inc := range incs {
		out = append(out, inc...)
	}
	return out, nil
}

// PutDoc stores a document received whole.
func (r *Replica) PutDoc(d *crdt.Doc) error {
	if err := r.c.storeNewRemote(d); errors.Is(err, ErrExists) {
		return r.c.mergeIn(d, true)
	} else if err != nil {
		return err
	}
	return nil
}

// Changed persists remote changes to a held document.
func (r *Replica) Changed(id string, d *crdt.Doc) error {
	unlock := r.c.lockDoc(id)
	defer unlock()
	return r.c.persistLocked(d, true)
}

func syncStateKey(coop string, peer crdt.MemberID, id string) string {
	return "sync/" + coop + "/" + string(peer) + "/" + id
}

// SyncState is the saved Automerge sync state for (peer, doc).
func (r *Replica) SyncState(peer crdt.MemberID, id string) []byte {
	k := syncStateKey(r.c.id, peer, id)
	r.mu.Lock()
	b, ok := r.dirty[k]
	r.mu.Unlock()
	if ok {
		return b
	}
	b, err := r.c.w.store.Get(k)
	if err != nil {
		return nil
	}
	return b
}

// SaveSyncState keeps the sync state until the next Flush.
func (r *Replica) SaveSyncState(peer crdt.MemberID, id string, b []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dirty[syncStateKey(r.c.id, peer, id)] = append([]byte(nil), b...)
	return nil
}

// Flush writes the sync states kept since the last flush in one batch.
func (r *Replica) Flush() error {
	r.mu.Lock()
	batch := r.dirty
	r.dirty = map[string][]byte{}
	r.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	return r.c.w.store.PutBatch(batch)
}

// replicaEventBuffer is how many change events a live session's
// subscription holds before the bus marks it as having missed some.
var replicaEventBuffer = 1024

// Subscribe delivers the IDs of documents changed here (by this member or
// by another peer's session), for live push. Nothing is lost: while the
// session is slow to take them, IDs are coalesced (each document once, in
// the order first seen) and delivered as it catches up; if the event bus
// itself had to drop some (a burst faster than this goroutine), every
// document of the co-op is queued, and the push of an unchanged one costs a
// sync message saying so.
func (r *Replica) Subscribe() (<-chan string, func()) {
	sub, cancel := r.c.w.bus.subscribeWatched(replicaEventBuffer)
	out := make(chan string, 1024)
	go func() {
		defer close(out)
		var queue []string
		queued := map[string]bool{}
		enqueue := func(id string) {
			if !queued[id] {
				queued[id] = true
				queue = append(queue, id)
			}
		}
		for {
			var send chan<- string
			var next string
			if len(queue) > 0 {
				send, next = out, queue[0]
			}
			select {
			case e, ok := <-sub.ch:
				if !ok {
					return
				}
				if e.Type == EventDocChanged && e.Coop == r.c.id {
					enqueue(e.Doc)
				}
				if sub.missed.Swap(false) {
					if metas, err := r.c.w.store.ListDocs(r.c.id, ""); err == nil {
						for _, m := range metas {
							enqueue(m.ID)
						}
					}
				}
			case send <- next:
				delete(queued, next)
				queue = queue[1:]
			}
		}
	}()
	return out, cancel
}
