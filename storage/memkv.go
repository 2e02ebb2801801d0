package storage

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// MemKV is an in-memory KV for tests of other packages. It validates keys
// like Store and copies values in and out, so callers cannot alias its
// contents. The zero value is ready to use; it is safe for concurrent use.
type MemKV struct {
	mu sync.RWMutex
	m  map[string][]byte
}

// NewMemKV returns an empty MemKV.
func NewMemKV() *MemKV { return &MemKV{m: make(map[string][]byte)} }

// Get returns a copy of the value, or an error wrapping ErrNotFound.
func (k *MemKV) Get(key string) ([]byte, error) {
	if err := validateKVKey(key); err != nil {
		return nil, err
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	v, ok := k.m[key]
	if !ok {
		return nil, fmt.Errorf("storage: get %q: %w", key, ErrNotFound)
	}
	return append([]byte{}, v...), nil
}

// Put stores a copy of value under key.
func (k *MemKV) Put(key string, value []byte) error {
	if err := validateKVKey(key); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = make(map[string][]byte)
	}
	k.m[key] = append([]byte{}, value...)
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (k *MemKV) Delete(key string) error {
	if err := validateKVKey(key); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, key)
	return nil
}

// Scan calls fn in key order for every key starting with prefix, like
// Store.Scan. It works on a copy, so fn may modify the MemKV.
func (k *MemKV) Scan(prefix string, fn func(key string, value []byte) error) error {
	if fn == nil {
		return fmt.Errorf("storage: scan %q: nil callback: %w", prefix, ErrInvalidArgument)
	}
	k.mu.RLock()
	var entries []kvEntry
	for key, v := range k.m {
		if strings.HasPrefix(key, prefix) {
			entries = append(entries, kvEntry{key, append([]byte{}, v...)})
		}
	}
	k.mu.RUnlock()
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
	for _, e := range entries {
		if err := fn(e.key, e.value); err != nil {
			return err
		}
	}
	return nil
}
