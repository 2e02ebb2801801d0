package storage

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// prepareMeta validates caller metadata and fills defaults.
func prepareMeta(meta DocMeta) (DocMeta, error) {
	if err := validateDocRef(meta.Coop, meta.ID); err != nil {
		return DocMeta{}, err
	}
	if meta.Updated.IsZero() {
		meta.Updated = time.Now()
	}
	meta.Bytes = 0
	// Reject oversized metadata before it reaches a (batched) transaction.
	if _, err := encodeMeta(metaRecord{DocMeta: meta}); err != nil {
		return DocMeta{}, err
	}
	return meta, nil
}

// PutDoc stores a full snapshot for a document, replacing any snapshot and
// increments, together with its metadata, atomically and durably.
func (s *Store) PutDoc(meta DocMeta, snapshot []byte) error {
	meta, err := prepareMeta(meta)
	if err != nil {
		return err
	}
	if len(snapshot) == 0 {
		return fmt.Errorf("storage: put document %s/%s: empty snapshot: %w", meta.Coop, meta.ID, ErrInvalidArgument)
	}
	done, err := s.begin()
	if err != nil {
		return err
	}
	defer done()
	defer s.lockDoc(meta.Coop, meta.ID)()

	var garbage seqRange
	err = s.db.Update(func(txn *badger.Txn) error {
		rec, found, err := readRecord(txn, meta.Coop, meta.ID)
		if err != nil {
			return err
		}
		if !found {
			if rec, err = newRecord(txn, meta.Coop, meta.ID); err != nil {
				return err
			}
		}
		// From 0: also catches keys a previous interrupted sweep left behind.
		garbage = seqRange{0, rec.NextSeq}
		rec.DocMeta = meta
		rec.Epoch = newEpoch()
		rec.FirstSeq = rec.NextSeq
		rec.SnapBytes, rec.IncBytes = uint64(len(snapshot)), 0
		if err := txn.Set(snapKey(meta.Coop, meta.ID), encodeValue(snapshot)); err != nil {
			return err
		}
		if err := writeRecord(txn, rec); err != nil {
			return err
		}
		garbage, err = deleteIncrements(txn, meta.Coop, meta.ID, garbage)
		return err
	})
	if err != nil {
		return fmt.Errorf("storage: put document %s/%s: %w", meta.Coop, meta.ID, err)
	}
	s.sweepAfterCommit(meta.Coop, meta.ID, garbage)
	return nil
}

// LoadDoc returns the snapshot (nil if the document was only appended to)
// and the increments in append order. ErrNotFound for an unknown document.
func (s *Store) LoadDoc(coop, id string) (snapshot []byte, increments [][]byte, err error) {
	if err := validateDocRef(coop, id); err != nil {
		return nil, nil, err
	}
	done, err := s.begin()
	if err != nil {
		return nil, nil, err
	}
	defer done()
	err = s.db.View(func(txn *badger.Txn) error {
		rec, found, err := readRecord(txn, coop, id)
		if err != nil {
			return err
		}
		if !found {
			return ErrNotFound
		}
		if snapshot, err = readSnapshot(txn, coop, id, rec); err != nil {
			return err
		}
		increments, _, err = readIncrements(txn, coop, id, rec)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("storage: load document %s/%s: %w", coop, id, err)
	}
	return snapshot, increments, nil
}

// Meta returns a document's metadata. ErrNotFound for an unknown document.
func (s *Store) Meta(coop, id string) (DocMeta, error) {
	if err := validateDocRef(coop, id); err != nil {
		return DocMeta{}, err
	}
	done, err := s.begin()
	if err != nil {
		return DocMeta{}, err
	}
	defer done()
	var rec metaRecord
	err = s.db.View(func(txn *badger.Txn) error {
		var found bool
		var err error
		if rec, found, err = readRecord(txn, coop, id); err == nil && !found {
			err = ErrNotFound
		}
		return err
	})
	if err != nil {
		return DocMeta{}, fmt.Errorf("storage: metadata of %s/%s: %w", coop, id, err)
	}
	return rec.meta(), nil
}

// ListDocs returns the metadata of a co-op's documents of the given kind
// ("" for all kinds), most recently updated first. It reads only the
// metadata index, never document bytes.
func (s *Store) ListDocs(coop, kind string) ([]DocMeta, error) {
	if err := validateName("co-op ID", coop); err != nil {
		return nil, err
	}
	done, err := s.begin()
	if err != nil {
		return nil, err
	}
	defer done()
	var out []DocMeta
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{
			Prefix: metaCoopPrefix(coop), PrefetchValues: true, PrefetchSize: 256,
		})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			err := item.Value(func(raw []byte) error {
				payload, err := decodeValue(item.Key(), raw)
				if err != nil {
					return err
				}
				rec, err := decodeMeta(item.Key(), payload)
				if err != nil {
					return err
				}
				if kind == "" || rec.Kind == kind {
					out = append(out, rec.meta())
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: list documents of %s: %w", coop, err)
	}
	slices.SortFunc(out, func(a, b DocMeta) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c // newest first
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// DeleteDoc removes a document's snapshot, increments and metadata.
// ErrNotFound for an unknown document.
func (s *Store) DeleteDoc(coop, id string) error {
	if err := validateDocRef(coop, id); err != nil {
		return err
	}
	done, err := s.begin()
	if err != nil {
		return err
	}
	defer done()
	defer s.lockDoc(coop, id)()

	var garbage seqRange
	err = s.db.Update(func(txn *badger.Txn) error {
		rec, found, err := readRecord(txn, coop, id)
		if err != nil && !errors.Is(err, ErrCorrupt) {
			return err
		}
		if !found && err == nil {
			return ErrNotFound
		}
		// A corrupt record can still be deleted; its increments are then
		// found by key rather than by the recorded range.
		if err != nil {
			if rec.NextSeq, err = firstFreeSeq(txn, coop, id); err != nil {
				return err
			}
		}
		if err := txn.Delete(metaKey(coop, id)); err != nil {
			return err
		}
		if err := txn.Delete(snapKey(coop, id)); err != nil {
			return err
		}
		garbage, err = deleteIncrements(txn, coop, id, seqRange{0, rec.NextSeq})
		return err
	})
	if err != nil {
		return fmt.Errorf("storage: delete document %s/%s: %w", coop, id, err)
	}
	s.sweepAfterCommit(coop, id, garbage)
	return nil
}
