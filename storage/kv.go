package storage

import (
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// KV is the small key-value surface other packages depend on, so they can be
// tested with MemKV instead of Badger. Get returns an error wrapping
// ErrNotFound for a missing key.
type KV interface {
	Get(key string) ([]byte, error)
	Put(key string, value []byte) error
}

var (
	_ KV = (*Store)(nil)
	_ KV = (*MemKV)(nil)
)

// Get returns a copy of the value stored under key (namespaced strings such
// as "identity", "setting/theme", "sync/<coop>/<peer>/<doc>").
func (s *Store) Get(key string) ([]byte, error) {
	if err := validateKVKey(key); err != nil {
		return nil, err
	}
	done, err := s.begin()
	if err != nil {
		return nil, err
	}
	defer done()
	var value []byte
	err = s.db.View(func(txn *badger.Txn) error {
		k := kvKey(key)
		item, err := txn.Get(k)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		raw, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		value, err = decodeValue(k, raw)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: get %q: %w", key, err)
	}
	return value, nil
}

// Put durably stores value under key, replacing any previous value.
func (s *Store) Put(key string, value []byte) error {
	if err := validateKVKey(key); err != nil {
		return err
	}
	done, err := s.begin()
	if err != nil {
		return err
	}
	defer done()
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(kvKey(key), encodeValue(value))
	}); err != nil {
		return fmt.Errorf("storage: put %q: %w", key, err)
	}
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (s *Store) Delete(key string) error {
	if err := validateKVKey(key); err != nil {
		return err
	}
	done, err := s.begin()
	if err != nil {
		return err
	}
	defer done()
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Delete(kvKey(key))
	}); err != nil {
		return fmt.Errorf("storage: delete %q: %w", key, err)
	}
	return nil
}

// scanPageSize is how many entries Scan reads per read transaction. fn runs
// between pages with no transaction or lock held, so it may call the Store
// (for example Put or Delete the key it was given).
const scanPageSize = 256

type kvEntry struct {
	key   string
	value []byte
}

// Scan calls fn for every key starting with prefix, in key order, with a
// copy of its value. An error from fn stops the scan and is returned as is.
// Keys written or deleted during the scan may or may not be seen.
func (s *Store) Scan(prefix string, fn func(key string, value []byte) error) error {
	if fn == nil {
		return fmt.Errorf("storage: scan %q: nil callback: %w", prefix, ErrInvalidArgument)
	}
	full := kvKey(prefix)
	from := full
	for {
		page, more, err := s.scanPage(full, from)
		if err != nil {
			return fmt.Errorf("storage: scan %q: %w", prefix, err)
		}
		for _, e := range page {
			if err := fn(e.key, e.value); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
		// The smallest key after the last one seen.
		from = append(kvKey(page[len(page)-1].key), 0)
	}
}

func (s *Store) scanPage(prefix, from []byte) (page []kvEntry, more bool, err error) {
	done, err := s.begin()
	if err != nil {
		return nil, false, err
	}
	defer done()
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Seek(from); it.Valid() && len(page) < scanPageSize; it.Next() {
			item := it.Item()
			raw, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			value, err := decodeValue(item.Key(), raw)
			if err != nil {
				return err
			}
			page = append(page, kvEntry{key: string(item.Key()[len(prefixKV):]), value: value})
		}
		more = it.Valid()
		return nil
	})
	return page, more, err
}

// PutBatch writes several keys in as few transactions as Badger allows and
// one sync at the end: for state that is written often and in bulk (sync
// states after a session), where one fsync per key would dominate.
func (s *Store) PutBatch(values map[string][]byte) error {
	for key := range values {
		if err := validateKVKey(key); err != nil {
			return err
		}
	}
	done, err := s.begin()
	if err != nil {
		return err
	}
	defer done()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for key, value := range values {
		if err := wb.Set(kvKey(key), encodeValue(value)); err != nil {
			return fmt.Errorf("storage: put batch: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("storage: put batch: %w", err)
	}
	return nil
}
