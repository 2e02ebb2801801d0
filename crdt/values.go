package crdt

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/automerge/automerge-go"
)

// reader reads typed values out of Automerge maps written by anyone. The first
// value of the wrong type is remembered as err and later reads return zero
// values, so a typed loader can read a whole record and check err once.
// Missing keys are not errors: they read as zero values, because older or
// partial documents legitimately lack optional keys.
type reader struct {
	err error
}

func (r *reader) fail(key string, v *automerge.Value, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("%q is %s, want %s: %w", key, v.Kind(), want, ErrMalformed)
	}
}

func (r *reader) get(m *automerge.Map, key string) *automerge.Value {
	if r.err != nil || m == nil {
		return nil
	}
	v, err := m.Get(key)
	if err != nil {
		r.err = fmt.Errorf("read %q: %w: %v", key, ErrMalformed, err)
		return nil
	}
	if v.IsVoid() || v.IsNull() {
		return nil
	}
	return v
}

// str accepts both plain strings and Text objects: Automerge JS 2.x/3.x writes
// Text by default, Mutual writes Text only where concurrent typing matters.
func (r *reader) str(m *automerge.Map, key string) string {
	v := r.get(m, key)
	if v == nil {
		return ""
	}
	s, ok := valueString(v)
	if !ok {
		r.fail(key, v, "string or text")
	}
	return s
}

func valueString(v *automerge.Value) (string, bool) {
	switch v.Kind() {
	case automerge.KindStr:
		return v.Str(), true
	case automerge.KindText:
		s, err := v.Text().Get()
		return s, err == nil
	}
	return "", false
}

// int accepts every Automerge number type and timestamps (as milliseconds):
// JavaScript writes integral numbers as int or float depending on the value.
func (r *reader) int(m *automerge.Map, key string) int64 {
	v := r.get(m, key)
	if v == nil {
		return 0
	}
	n, ok := valueInt(v)
	if !ok {
		r.fail(key, v, "integer")
	}
	return n
}

func valueInt(v *automerge.Value) (int64, bool) {
	switch v.Kind() {
	case automerge.KindInt64:
		return v.Int64(), true
	case automerge.KindUint64:
		u := v.Uint64()
		if u > math.MaxInt64 {
			return 0, false
		}
		return int64(u), true
	case automerge.KindFloat64:
		f := v.Float64()
		if f != math.Trunc(f) || f > math.MaxInt64 || f < math.MinInt64 {
			return 0, false
		}
		return int64(f), true
	case automerge.KindTime:
		return v.Time().UnixMilli(), true
	case automerge.KindCounter:
		n, err := v.Counter().Get()
		return n, err == nil
	}
	return 0, false
}

func (r *reader) float(m *automerge.Map, key string) float64 {
	v := r.get(m, key)
	if v == nil {
		return 0
	}
	switch v.Kind() {
	case automerge.KindFloat64:
		return v.Float64()
	case automerge.KindInt64, automerge.KindUint64:
		n, _ := valueInt(v)
		return float64(n)
	}
	r.fail(key, v, "number")
	return 0
}

func (r *reader) bool(m *automerge.Map, key string) bool {
	v := r.get(m, key)
	if v == nil {
		return false
	}
	if v.Kind() != automerge.KindBool {
		r.fail(key, v, "boolean")
		return false
	}
	return v.Bool()
}

func (r *reader) bytes(m *automerge.Map, key string) []byte {
	v := r.get(m, key)
	if v == nil {
		return nil
	}
	if v.Kind() != automerge.KindBytes {
		r.fail(key, v, "bytes")
		return nil
	}
	return v.Bytes()
}

// millis reads a time stored as integer milliseconds since the Unix epoch;
// zero means "not set".
func (r *reader) millis(m *automerge.Map, key string) time.Time {
	n := r.int(m, key)
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n).UTC()
}

// mapAt returns the nested map at key, or nil when absent.
func (r *reader) mapAt(m *automerge.Map, key string) *automerge.Map {
	v := r.get(m, key)
	if v == nil {
		return nil
	}
	if v.Kind() != automerge.KindMap {
		r.fail(key, v, "map")
		return nil
	}
	return v.Map()
}

// listAt returns the nested list at key, or nil when absent.
func (r *reader) listAt(m *automerge.Map, key string) *automerge.List {
	v := r.get(m, key)
	if v == nil {
		return nil
	}
	if v.Kind() != automerge.KindList {
		r.fail(key, v, "list")
		return nil
	}
	return v.List()
}

// keys lists a map's keys (nil map: none).
func (r *reader) keys(m *automerge.Map) []string {
	if r.err != nil || m == nil {
		return nil
	}
	ks, err := m.Keys()
	if err != nil {
		r.err = fmt.Errorf("list keys: %w: %v", ErrMalformed, err)
	}
	return ks
}

// ids returns the keys of a map of records keyed by ID (events, shifts,
// comments, versions, amendments), skipping keys that are not IDs: Mutual
// never writes them, and another member's copy that did must not make a
// record whose ID cannot be typed, shortened or looked up.
func (r *reader) ids(m *automerge.Map) []string {
	return slices.DeleteFunc(r.keys(m), func(k string) bool { return !ValidID(k) })
}

// maps returns the map values of a list, skipping nothing: a non-map item is
// a malformed document.
func (r *reader) maps(l *automerge.List, key string) []*automerge.Map {
	if r.err != nil || l == nil {
		return nil
	}
	vs, err := l.Values()
	if err != nil {
		r.err = fmt.Errorf("read %q: %w: %v", key, ErrMalformed, err)
		return nil
	}
	out := make([]*automerge.Map, 0, len(vs))
	for _, v := range vs {
		if v.Kind() != automerge.KindMap {
			r.fail(key, v, "list of maps")
			return nil
		}
		out = append(out, v.Map())
	}
	return out
}

// strs returns the string items of a list (strings or texts).
func (r *reader) strs(m *automerge.Map, key string) []string {
	l := r.listAt(m, key)
	if l == nil || r.err != nil {
		return nil
	}
	vs, err := l.Values()
	if err != nil {
		r.err = fmt.Errorf("read %q: %w: %v", key, ErrMalformed, err)
		return nil
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		s, ok := valueString(v)
		if !ok {
			r.fail(key, v, "list of strings")
			return nil
		}
		out = append(out, s)
	}
	return out
}
