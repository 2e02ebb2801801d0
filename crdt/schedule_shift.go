package crdt

import (
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// ShiftSpec is what an organiser enters for a shift.
type ShiftSpec struct {
	Role       string // what the shift is: "Bakery morning", "Till"
	Start, End time.Time
	Capacity   int    // how many members it needs, at least 1
	TimeZone   string // IANA zone where it happens; empty for UTC
	Notes      string
}

// schedShift is a checked ShiftSpec.
type schedShift struct{ ShiftSpec }

func schedNormalizeShift(spec ShiftSpec) (schedShift, error) {
	spec.Role = strings.TrimSpace(spec.Role)
	spec.Notes = strings.TrimSpace(schedNewlines(spec.Notes))
	if spec.Role == "" {
		return schedShift{}, fmt.Errorf("shift role is empty: %w", ErrInvalid)
	}
	if err := schedCheckLine("shift role", spec.Role, schedMaxTitle); err != nil {
		return schedShift{}, err
	}
	if err := schedCheckText("shift notes", spec.Notes, schedMaxDescription); err != nil {
		return schedShift{}, err
	}
	if spec.Capacity < 1 || spec.Capacity > schedMaxCapacity {
		return schedShift{}, fmt.Errorf("shift capacity %d: want 1 to %d: %w", spec.Capacity, schedMaxCapacity, ErrInvalid)
	}
	loc, err := schedZone(spec.TimeZone)
	if err != nil {
		return schedShift{}, err
	}
	spec.TimeZone = schedZoneName(spec.TimeZone)
	if spec.Start, spec.End, err = schedSpan("shift", spec.Start, spec.End, loc, false, false); err != nil {
		return schedShift{}, err
	}
	return schedShift{spec}, nil
}

// AddShift adds a shift and returns its ID.
func (s *Schedule) AddShift(spec ShiftSpec) (string, error) {
	me, err := s.member()
	if err != nil {
		return "", err
	}
	sh, err := schedNormalizeShift(spec)
	if err != nil {
		return "", err
	}
	id := NewID()
	now := s.stamp()
	err = s.change("add shift "+sh.Role, func(root *automerge.Map) error {
		shifts, err := schedChild(root, schedKeyShifts)
		if err != nil {
			return err
		}
		m := automerge.NewMap()
		if err := shifts.Set(id, m); err != nil {
			return fmt.Errorf("create shift: %w", err)
		}
		if err := schedSet(m, map[string]any{"createdBy": string(me), "createdAt": now.UnixMilli()}); err != nil {
			return err
		}
		// Maps keyed by member, created now: two members signing up while
		// offline then write different keys of the same map, and both stay.
		for _, k := range []string{"signups", "standins"} {
			if _, err := schedChild(m, k); err != nil {
				return err
			}
		}
		if err := m.Set("sequence", automerge.NewCounter(0)); err != nil {
			return err
		}
		return schedWriteShift(m, sh, me, now)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// EditShift replaces a shift's details; sign-ups stay. The capacity cannot
// go below the members already signed up: someone must withdraw first.
func (s *Schedule) EditShift(id string, spec ShiftSpec) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	sh, err := schedNormalizeShift(spec)
	if err != nil {
		return err
	}
	now := s.stamp()
	return s.change("edit shift "+sh.Role, func(root *automerge.Map) error {
		m, cur, err := schedLiveShift(root, id)
		if err != nil {
			return err
		}
		if n := len(s.counted(cur).SignUps); sh.Capacity < n {
			return fmt.Errorf("shift %q has %d sign-ups, more than capacity %d: %w", cur.Role, n, sh.Capacity, ErrInvalid)
		}
		if err := schedWriteShift(m, sh, me, now); err != nil {
			return err
		}
		return schedBump(m, "sequence", 1)
	})
}

// DeleteShift cancels a shift; it stays as a tombstone (see DeleteEvent).
func (s *Schedule) DeleteShift(id string) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	cur, err := s.Shift(id)
	if err != nil {
		return err
	}
	now := s.stamp()
	return s.change("delete shift "+schedShiftLabel(cur), func(root *automerge.Map) error {
		m, _, err := schedLiveShift(root, id)
		if err != nil {
			return err
		}
		if err := schedSet(m, map[string]any{"deleted": true, "updatedBy": string(me), "updatedAt": now.UnixMilli()}); err != nil {
			return err
		}
		return schedBump(m, "sequence", 1)
	})
}

func schedWriteShift(m *automerge.Map, sh schedShift, me MemberID, now time.Time) error {
	if err := setText(m, "notes", sh.Notes); err != nil {
		return err
	}
	return schedSet(m, map[string]any{
		"role": sh.Role, "tz": sh.TimeZone, "start": sh.Start.UnixMilli(), "end": sh.End.UnixMilli(),
		"capacity": int64(sh.Capacity), "updatedBy": string(me), "updatedAt": now.UnixMilli(),
	})
}

// schedLiveShift finds a shift that exists and is not deleted.
func schedLiveShift(root *automerge.Map, id string) (*automerge.Map, Shift, error) {
	var r reader
	m := r.mapAt(r.mapAt(root, schedKeyShifts), id)
	if r.err != nil {
		return nil, Shift{}, r.err
	}
	if m == nil {
		return nil, Shift{}, fmt.Errorf("shift %q: %w", id, ErrNotFound)
	}
	sh := schedReadShift(&r, id, m)
	if r.err != nil {
		return nil, Shift{}, r.err
	}
	if sh.Deleted {
		return nil, Shift{}, fmt.Errorf("shift %q was deleted: %w", sh.Role, ErrNotFound)
	}
	return m, sh, nil
}

// schedShiftLabel names a shift in messages and commit logs: "Bakery
// morning 2026-03-07 09:00".
func schedShiftLabel(sh Shift) string {
	loc, err := schedZone(sh.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return sh.Role + " " + sh.Start.In(loc).Format("2006-01-02 15:04")
}
