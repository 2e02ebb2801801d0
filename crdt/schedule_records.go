package crdt

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// schedRecord is what events and shifts share: both are maps keyed by ID
// under one root key, listed by start time, and kept as tombstones when
// deleted.
type schedRecord interface {
	Event | Shift
	recordKey() (start time.Time, id string, deleted bool)
}

func (e Event) recordKey() (time.Time, string, bool)  { return e.Start, e.ID, e.Deleted }
func (sh Shift) recordKey() (time.Time, string, bool) { return sh.Start, sh.ID, sh.Deleted }

// schedReadFunc reads one record from its map.
type schedReadFunc[T schedRecord] func(r *reader, id string, m *automerge.Map) T

// schedAll reads every record under key, deleted ones included, sorted by
// start, then ID.
func schedAll[T schedRecord](s *Schedule, key, what string, read schedReadFunc[T]) ([]T, error) {
	var out []T
	err := s.read(func(root *automerge.Map) error {
		var r reader
		records := r.mapAt(root, key)
		for _, id := range r.ids(records) {
			if m := r.mapAt(records, id); m != nil {
				out = append(out, read(&r, id, m))
			}
		}
		if r.err != nil {
			return fmt.Errorf("schedule %s: %w", what, r.err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b T) int {
		as, aid, _ := a.recordKey()
		bs, bid, _ := b.recordKey()
		if c := as.Compare(bs); c != 0 {
			return c
		}
		return strings.Compare(aid, bid)
	})
	return out, nil
}

// schedLive drops the tombstones of deleted records.
func schedLive[T schedRecord](all []T) []T {
	return slices.DeleteFunc(all, func(x T) bool { _, _, deleted := x.recordKey(); return deleted })
}

// schedOne reads one record (ErrNotFound when unknown or deleted).
func schedOne[T schedRecord](s *Schedule, key, what, id string, read schedReadFunc[T]) (T, error) {
	var (
		x     T
		found bool
	)
	err := s.read(func(root *automerge.Map) error {
		var r reader
		if m := r.mapAt(r.mapAt(root, key), id); m != nil {
			x, found = read(&r, id, m), true
		}
		return r.err
	})
	if err != nil {
		return x, fmt.Errorf("%s %s: %w", what, id, err)
	}
	if _, _, deleted := x.recordKey(); !found || deleted {
		var zero T
		return zero, fmt.Errorf("%s %q: %w", what, id, ErrNotFound)
	}
	return x, nil
}
