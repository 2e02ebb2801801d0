package storage

import (
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// CompactNow synchronously folds a document's increments into a new snapshot
// with Options.Compact. ErrNotFound for an unknown document, ErrNoCompactor
// when compaction is disabled; nothing to do is not an error.
func (s *Store) CompactNow(coop, id string) error {
	if err := validateDocRef(coop, id); err != nil {
		return err
	}
	if s.compactFn == nil {
		return fmt.Errorf("storage: compact %s/%s: %w", coop, id, ErrNoCompactor)
	}
	return s.compact(docRef{coop, id}, true)
}

// scheduleCompaction queues a document for the background worker; a
// document already queued is not queued twice.
func (s *Store) scheduleCompaction(ref docRef) {
	s.pendingMu.Lock()
	if !s.queued[ref] {
		s.queued[ref] = true
		s.pending = append(s.pending, ref)
	}
	s.pendingMu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // the worker already has a wake-up pending
	}
}

func (s *Store) nextPending() (docRef, bool) {
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	if len(s.pending) == 0 {
		s.pending = nil // release the backing array
		return docRef{}, false
	}
	ref := s.pending[0]
	s.pending = s.pending[1:]
	// Unqueued before compacting, so appends made meanwhile queue it again.
	delete(s.queued, ref)
	return ref, true
}

// compactionWorker is the single background goroutine that runs scheduled
// compactions, one at a time, until Close.
func (s *Store) compactionWorker() {
	defer s.workers.Done()
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
		}
		for {
			select {
			case <-s.stop:
				return
			default:
			}
			ref, ok := s.nextPending()
			if !ok {
				break
			}
			err := s.compact(ref, false)
			if err != nil && !errors.Is(err, ErrNotFound) {
				s.log.Warn("background compaction failed; increments kept",
					"coop", ref.coop, "doc", ref.id, "err", err)
			}
		}
	}
}

// compactAttempts bounds retries when PutDoc replaces the document while
// Compact runs (its result is then stale and discarded).
const compactAttempts = 3

// compact reads the snapshot and the increments present now, merges them
// without holding any lock (edits continue meanwhile), then commits the new
// snapshot and deletes exactly the merged increments in one transaction.
// Unless force is set it does nothing while the increments are below the
// threshold.
func (s *Store) compact(ref docRef, force bool) error {
	s.compactMu.Lock()
	defer s.compactMu.Unlock()
	for range compactAttempts {
		base, snapshot, incs, incBytes, err := s.readForCompaction(ref)
		if err != nil {
			return err
		}
		if len(incs) == 0 || (!force && base.IncBytes <= s.compactAfter) {
			return nil
		}
		merged, err := s.callCompact(snapshot, incs)
		if err != nil {
			return fmt.Errorf("storage: compact %s/%s: %w", ref.coop, ref.id, err)
		}
		applied, err := s.commitCompaction(ref, base, merged, incBytes)
		if err != nil || applied {
			return err
		}
	}
	return fmt.Errorf("storage: compact %s/%s: document was replaced during each of %d attempts",
		ref.coop, ref.id, compactAttempts)
}

func (s *Store) readForCompaction(ref docRef) (rec metaRecord, snapshot []byte, incs [][]byte, incBytes uint64, err error) {
	done, err := s.begin()
	if err != nil {
		return rec, nil, nil, 0, err
	}
	defer done()
	err = s.db.View(func(txn *badger.Txn) error {
		var found bool
		if rec, found, err = readRecord(txn, ref.coop, ref.id); err != nil {
			return err
		}
		if !found {
			return ErrNotFound
		}
		if snapshot, err = readSnapshot(txn, ref.coop, ref.id, rec); err != nil {
			return err
		}
		incs, incBytes, err = readIncrements(txn, ref.coop, ref.id, rec)
		return err
	})
	if err != nil {
		err = fmt.Errorf("storage: compact %s/%s: %w", ref.coop, ref.id, err)
	}
	return rec, snapshot, incs, incBytes, err
}

// callCompact runs the caller's merge function; a panic in it (automerge-go
// panics on some inputs) becomes an error.
func (s *Store) callCompact(snapshot []byte, incs [][]byte) (merged []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			merged, err = nil, fmt.Errorf("compact function panicked: %v", r)
		}
	}()
	merged, err = s.compactFn(snapshot, incs)
	if err == nil && len(merged) == 0 {
		err = errors.New("compact function returned an empty snapshot")
	}
	return merged, err
}

// commitCompaction installs merged as the snapshot replacing the increments
// [base.FirstSeq, base.NextSeq). applied is false when the document was
// replaced meanwhile (the caller retries); a deleted document counts as done.
func (s *Store) commitCompaction(ref docRef, base metaRecord, merged []byte, incBytes uint64) (applied bool, err error) {
	done, err := s.begin()
	if err != nil {
		return false, err
	}
	defer done()
	defer s.lockDoc(ref.coop, ref.id)()

	var garbage seqRange
	err = s.db.Update(func(txn *badger.Txn) error {
		cur, found, err := readRecord(txn, ref.coop, ref.id)
		if err != nil {
			return err
		}
		if !found {
			applied = true
			return nil
		}
		if cur.Epoch != base.Epoch || cur.FirstSeq != base.FirstSeq {
			return nil
		}
		cur.FirstSeq = base.NextSeq
		cur.SnapBytes = uint64(len(merged))
		cur.IncBytes -= min(incBytes, cur.IncBytes)
		if err := txn.Set(snapKey(ref.coop, ref.id), encodeValue(merged)); err != nil {
			return err
		}
		if err := writeRecord(txn, cur); err != nil {
			return err
		}
		applied = true
		garbage, err = deleteIncrements(txn, ref.coop, ref.id, seqRange{base.FirstSeq, base.NextSeq})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("storage: compact %s/%s: commit: %w", ref.coop, ref.id, err)
	}
	s.sweepAfterCommit(ref.coop, ref.id, garbage)
	return applied, nil
}
