package storage

import (
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// maxDeletesPerTxn caps the increment deletions folded into one transaction.
// Badger's own size limit (ErrTxnTooBig) may stop it earlier.
const maxDeletesPerTxn = 1000

// seqRange is the half-open range of increment sequence numbers [from, to).
type seqRange struct{ from, to uint64 }

func (r seqRange) empty() bool { return r.from >= r.to }

// deleteIncrements deletes as many of the document's increment keys in r as
// fit in txn and returns the range still to delete.
func deleteIncrements(txn *badger.Txn, coop, id string, r seqRange) (seqRange, error) {
	if r.empty() {
		return r, nil
	}
	prefix := incPrefix(coop, id)
	var keys [][]byte
	var seqs []uint64
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	for it.Seek(incKey(coop, id, r.from)); it.Valid() && len(keys) < maxDeletesPerTxn; it.Next() {
		seq, ok := incSeq(it.Item().Key(), len(prefix))
		if !ok {
			continue // not ours to interpret; never read either
		}
		if seq >= r.to {
			break
		}
		keys = append(keys, it.Item().KeyCopy(nil))
		seqs = append(seqs, seq)
	}
	it.Close()
	for i, key := range keys {
		if err := txn.Delete(key); err != nil {
			if errors.Is(err, badger.ErrTxnTooBig) {
				return seqRange{seqs[i], r.to}, nil
			}
			return r, err
		}
	}
	if len(keys) < maxDeletesPerTxn {
		return seqRange{r.to, r.to}, nil
	}
	return seqRange{seqs[len(seqs)-1] + 1, r.to}, nil
}

// firstFreeSeq returns one past the highest increment key stored for the
// document, or 0 when there is none.
func firstFreeSeq(txn *badger.Txn, coop, id string) (uint64, error) {
	prefix := incPrefix(coop, id)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true})
	defer it.Close()
	it.Seek(append(incPrefix(coop, id), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	if !it.Valid() {
		return 0, nil
	}
	seq, ok := incSeq(it.Item().Key(), len(prefix))
	if !ok {
		return 0, corruptf(it.Item().Key(), "malformed increment key")
	}
	return seq + 1, nil
}

// sweepIncrements deletes the increments in r over as many transactions as
// needed. The caller holds the document lock, so no new increment can be
// written into r meanwhile.
func (s *Store) sweepIncrements(coop, id string, r seqRange) error {
	for !r.empty() {
		var rest seqRange
		err := s.db.Update(func(txn *badger.Txn) error {
			var err error
			rest, err = deleteIncrements(txn, coop, id, r)
			return err
		})
		if err != nil {
			return err
		}
		if rest == r {
			return fmt.Errorf("no progress deleting increments %d..%d", r.from, r.to)
		}
		r = rest
	}
	return nil
}

// sweepAfterCommit finishes deleting increments that an already committed
// transaction made unreachable. Failure only leaves garbage that is never
// read (and is retried by the next replace or delete), so it is logged
// rather than failing the acknowledged operation.
func (s *Store) sweepAfterCommit(coop, id string, r seqRange) {
	if r.empty() {
		return
	}
	if err := s.sweepIncrements(coop, id, r); err != nil {
		s.log.Warn("could not delete unreachable increments; they are ignored",
			"coop", coop, "doc", id, "err", err)
	}
}
