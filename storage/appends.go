package storage

import (
	"fmt"
	"slices"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// Group commit for AppendChange.
//
// With SyncWrites Badger v4 syncs the memtable WAL once per transaction, even
// when its write goroutine handles several transactions together, so
// concurrent edits would pay one sync each, back to back. Instead the
// AppendChange calls waiting at a given moment share one transaction and so
// one sync: the first caller to find no commit in progress becomes the
// leader and commits everything queued (its own edit included); callers
// arriving meanwhile queue up and wait. When its own edit is done the leader
// hands leadership to the oldest waiting caller. A lone editor therefore
// commits on its own goroutine with no hand-off at all.
const (
	maxAppendBatch      = 128
	maxAppendBatchBytes = 256 << 10 // far below Badger's 1.2 MiB transaction limit
)

type appendReq struct {
	meta DocMeta
	inc  []byte
	// Set by the committing leader before it signals wake.
	rec       metaRecord
	err       error
	completed bool
	// wake is signalled once: when the request is completed, or when its
	// caller is made leader. Buffered so the signaller never blocks.
	wake chan struct{}
}

// appendQueue is the group-commit state, guarded by mu.
type appendQueue struct {
	mu      sync.Mutex
	pending []*appendReq
	leading bool // a leader is committing
}

// AppendChange durably appends one increment (Automerge SaveIncremental
// output) and replaces the metadata in the same transaction. A document that
// does not exist yet is created without a snapshot. When the document's
// increments exceed Options.CompactAfterBytes a background compaction is
// scheduled; the call does not wait for it.
func (s *Store) AppendChange(meta DocMeta, increment []byte) error {
	meta, err := prepareMeta(meta)
	if err != nil {
		return err
	}
	if len(increment) == 0 {
		return fmt.Errorf("storage: append to %s/%s: empty increment: %w", meta.Coop, meta.ID, ErrInvalidArgument)
	}
	done, err := s.begin()
	if err != nil {
		return err
	}
	defer done()
	req := &appendReq{meta: meta, inc: increment, wake: make(chan struct{}, 1)}
	s.submitAppend(req)
	if req.err != nil {
		return fmt.Errorf("storage: append to %s/%s: %w", meta.Coop, meta.ID, req.err)
	}
	if s.compactFn != nil && req.rec.IncBytes > s.compactAfter {
		s.scheduleCompaction(docRef{meta.Coop, meta.ID})
	}
	return nil
}

// submitAppend returns once req is committed (or failed).
func (s *Store) submitAppend(req *appendReq) {
	q := &s.appends
	q.mu.Lock()
	q.pending = append(q.pending, req)
	if q.leading {
		q.mu.Unlock()
		<-req.wake
		if req.completed {
			return
		}
		// Promoted: lead from here on.
	} else {
		q.leading = true
		q.mu.Unlock()
	}
	for !req.completed {
		q.mu.Lock()
		n, size := 0, 0
		for n < len(q.pending) && n < maxAppendBatch && (n == 0 || size+len(q.pending[n].inc) <= maxAppendBatchBytes) {
			size += len(q.pending[n].inc)
			n++
		}
		batch := q.pending[:n:n]
		q.pending = q.pending[n:]
		q.mu.Unlock()
		s.commitAppends(batch)
	}
	q.mu.Lock()
	if len(q.pending) == 0 {
		q.leading = false
		q.pending = nil // release the backing array
		q.mu.Unlock()
		return
	}
	next := q.pending[0]
	q.mu.Unlock()
	next.wake <- struct{}{}
}

// commitAppends applies the batch in one transaction. If that fails, each
// request is retried alone so that one bad document (say, a corrupt metadata
// record) fails only its own edit.
func (s *Store) commitAppends(batch []*appendReq) {
	refs := make([]docRef, len(batch))
	for i, r := range batch {
		refs[i] = docRef{r.meta.Coop, r.meta.ID}
	}
	unlock := s.lockDocs(refs)
	defer unlock()
	if s.batchHook != nil {
		s.batchHook(len(batch))
	}

	garbage := make([]seqRange, len(batch))
	err := s.db.Update(func(txn *badger.Txn) error {
		for i, r := range batch {
			var err error
			if r.rec, garbage[i], err = applyAppend(txn, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if len(batch) == 1 {
			batch[0].err = err
		} else {
			for i, r := range batch {
				r.err = s.db.Update(func(txn *badger.Txn) error {
					var err error
					r.rec, garbage[i], err = applyAppend(txn, r)
					return err
				})
			}
		}
	}
	for i, r := range batch {
		if r.err == nil {
			s.sweepAfterCommit(r.meta.Coop, r.meta.ID, garbage[i])
		}
		r.completed = true
		r.wake <- struct{}{}
	}
}

// applyAppend writes one increment and its document's updated record. It
// returns the record and any orphan increments left to sweep.
func applyAppend(txn *badger.Txn, r *appendReq) (metaRecord, seqRange, error) {
	coop, id := r.meta.Coop, r.meta.ID
	rec, found, err := readRecord(txn, coop, id) // sees this batch's earlier writes
	if err != nil {
		return rec, seqRange{}, err
	}
	var garbage seqRange
	if !found {
		if rec, err = newRecord(txn, coop, id); err != nil {
			return rec, seqRange{}, err
		}
		garbage = seqRange{0, rec.NextSeq}
	}
	rec.DocMeta = r.meta
	if err := txn.Set(incKey(coop, id, rec.NextSeq), encodeValue(r.inc)); err != nil {
		return rec, seqRange{}, err
	}
	rec.NextSeq++
	rec.IncBytes += uint64(len(r.inc))
	if err := writeRecord(txn, rec); err != nil {
		return rec, seqRange{}, err
	}
	garbage, err = deleteIncrements(txn, coop, id, garbage)
	return rec, garbage, err
}

// lockDocs locks the stripes of several documents in ascending order. Every
// other holder of a stripe lock holds only one and waits for no other, so
// this cannot deadlock.
func (s *Store) lockDocs(refs []docRef) func() {
	stripes := make([]int, 0, len(refs))
	for _, r := range refs {
		stripes = append(stripes, s.stripe(r.coop, r.id))
	}
	slices.Sort(stripes)
	stripes = slices.Compact(stripes)
	for _, i := range stripes {
		s.docLocks[i].Lock()
	}
	return func() {
		for _, i := range stripes {
			s.docLocks[i].Unlock()
		}
	}
}
