package crdt

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// Automerge keys of a schedule (docs/schema/schedule.md describes them).
const (
	schedKeyEvents = "events"
	schedKeyShifts = "shifts"
)

// Limits on what one member may write: a schedule is copied to every
// member's machine, so one oversized field costs everyone.
const (
	schedMaxTitle       = 300
	schedMaxLocation    = 500
	schedMaxDescription = 20000
	schedMaxNote        = 2000
	schedMaxExDates     = 1000
	schedMaxCapacity    = 10000
)

// schedChild returns the map at key inside m, creating it when absent.
func schedChild(m *automerge.Map, key string) (*automerge.Map, error) {
	v, err := m.Get(key)
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", key, err)
	}
	switch v.Kind() {
	case automerge.KindMap:
		return v.Map(), nil
	case automerge.KindVoid, automerge.KindNull:
		n := automerge.NewMap()
		if err := m.Set(key, n); err != nil {
			return nil, fmt.Errorf("create %q: %w", key, err)
		}
		return n, nil
	}
	return nil, fmt.Errorf("%q is %s, want map: %w", key, v.Kind(), ErrMalformed)
}

// schedBump adds delta to the counter at key. A counter, not an integer, so
// that two members editing the same event offline both raise its iCalendar
// SEQUENCE and the merged value is above either. A plain number left by
// another implementation is replaced by a counter continuing from it.
func schedBump(m *automerge.Map, key string, delta int64) error {
	v, err := m.Get(key)
	if err != nil {
		return fmt.Errorf("read %q: %w", key, err)
	}
	if v.Kind() == automerge.KindCounter {
		return v.Counter().Inc(delta)
	}
	var cur int64
	if !v.IsVoid() && !v.IsNull() {
		n, ok := valueInt(v)
		if !ok {
			return fmt.Errorf("%q is %s, want counter: %w", key, v.Kind(), ErrMalformed)
		}
		cur = n
	}
	return m.Set(key, automerge.NewCounter(cur+delta))
}

// schedSet writes several scalar values into m.
func schedSet(m *automerge.Map, kv map[string]any) error {
	for k, v := range kv {
		if err := m.Set(k, v); err != nil {
			return fmt.Errorf("set %q: %w", k, err)
		}
	}
	return nil
}

// schedCheckText refuses text longer than max code points or holding
// control characters other than newline and tab (they break exports).
func schedCheckText(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8: %w", what, ErrInvalid)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Errorf("%s has %d characters, at most %d allowed: %w", what, n, max, ErrInvalid)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }) {
		return fmt.Errorf("%s contains control characters: %w", what, ErrInvalid)
	}
	return nil
}

// schedCheckLine is schedCheckText for one-line values (titles, places).
func schedCheckLine(what, s string, max int) error {
	if strings.Contains(s, "\n") {
		return fmt.Errorf("%s must be one line: %w", what, ErrInvalid)
	}
	return schedCheckText(what, s, max)
}

// schedCheckMember checks a member ID given as an argument.
func schedCheckMember(what string, m MemberID) error {
	if _, err := m.PublicKey(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
