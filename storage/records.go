package storage

import (
	"errors"
	"math/rand/v2"

	badger "github.com/dgraph-io/badger/v4"
)

// readRecord loads a document's metadata record; found is false when the
// document does not exist.
func readRecord(txn *badger.Txn, coop, id string) (rec metaRecord, found bool, err error) {
	key := metaKey(coop, id)
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return metaRecord{}, false, nil
	}
	if err != nil {
		return metaRecord{}, false, err
	}
	raw, err := item.ValueCopy(nil)
	if err != nil {
		return metaRecord{}, false, err
	}
	payload, err := decodeValue(key, raw)
	if err != nil {
		return metaRecord{}, false, err
	}
	rec, err = decodeMeta(key, payload)
	return rec, err == nil, err
}

func writeRecord(txn *badger.Txn, rec metaRecord) error {
	payload, err := encodeMeta(rec)
	if err != nil {
		return err
	}
	return txn.Set(metaKey(rec.Coop, rec.ID), encodeValue(payload))
}

// newRecord starts the bookkeeping of a document that has no metadata. Its
// increments start above any increment keys left behind by an earlier
// document of the same ID whose deletion was interrupted, so those can never
// be mistaken for the new document's.
func newRecord(txn *badger.Txn, coop, id string) (metaRecord, error) {
	start, err := firstFreeSeq(txn, coop, id)
	if err != nil {
		return metaRecord{}, err
	}
	return metaRecord{Epoch: newEpoch(), FirstSeq: start, NextSeq: start}, nil
}

// newEpoch returns a random non-zero epoch; only equality matters.
func newEpoch() uint64 { return rand.Uint64() | 1 }

// readSnapshot returns the snapshot payload, nil when the document has none.
func readSnapshot(txn *badger.Txn, coop, id string, rec metaRecord) ([]byte, error) {
	key := snapKey(coop, id)
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		if rec.SnapBytes > 0 {
			return nil, corruptf(key, "snapshot of %d bytes is missing", rec.SnapBytes)
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	raw, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	return decodeValue(key, raw)
}

// readIncrements returns the live increments in append order and their total
// size. A gap in the sequence means a lost write and is reported as corrupt.
func readIncrements(txn *badger.Txn, coop, id string, rec metaRecord) ([][]byte, uint64, error) {
	if rec.FirstSeq == rec.NextSeq {
		return nil, 0, nil
	}
	prefix := incPrefix(coop, id)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	incs := make([][]byte, 0, rec.NextSeq-rec.FirstSeq)
	var total uint64
	next := rec.FirstSeq
	for it.Seek(incKey(coop, id, next)); it.Valid(); it.Next() {
		item := it.Item()
		seq, ok := incSeq(item.Key(), len(prefix))
		if !ok {
			return nil, 0, corruptf(item.Key(), "malformed increment key")
		}
		if seq >= rec.NextSeq {
			break
		}
		if seq != next {
			return nil, 0, corruptf(incKey(coop, id, next), "increment is missing")
		}
		raw, err := item.ValueCopy(nil)
		if err != nil {
			return nil, 0, err
		}
		payload, err := decodeValue(item.Key(), raw)
		if err != nil {
			return nil, 0, err
		}
		incs = append(incs, payload)
		total += uint64(len(payload))
		next++
	}
	if next != rec.NextSeq {
		return nil, 0, corruptf(incKey(coop, id, next), "increment is missing")
	}
	return incs, total, nil
}
