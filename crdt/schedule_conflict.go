package crdt

import (
	"fmt"
	"slices"
	"strings"
)

// Conflict kinds.
const (
	// ConflictOverCapacity: a shift has more sign-ups than places, because
	// members took the last places on different machines before syncing.
	ConflictOverCapacity = "over_capacity"
	// ConflictOverlap: members are booked into two shifts that overlap in time.
	ConflictOverlap = "overlap"
)

// Conflict is a booking problem that merging offline edits produced (or an
// edit of shift times). Nothing is dropped to resolve it: every sign-up
// stays until a person withdraws, is removed (RemoveSignUp) or a shift
// moves. Every replica with the same changes reports the same conflicts.
type Conflict struct {
	Kind string `json:"kind"`
	// Shift is the shift the conflict is about (the earlier one for overlaps).
	Shift string `json:"shift"`
	// Shifts are all shifts involved, earliest first.
	Shifts []string `json:"shifts"`
	// Members are those involved, sorted: everyone signed up for an
	// over-capacity shift, or everyone booked into both overlapping shifts.
	Members []MemberID `json:"members"`
	Detail  string     `json:"detail"`
}

// Conflicts lists the schedule's booking conflicts, sorted by kind, shift,
// then the other shifts.
func (s *Schedule) Conflicts() ([]Conflict, error) {
	shifts, err := s.Shifts()
	if err != nil {
		return nil, err
	}
	return schedConflicts(shifts), nil
}

// schedConflicts finds conflicts among live shifts sorted by start then ID.
func schedConflicts(shifts []Shift) []Conflict {
	out := []Conflict{}
	for _, sh := range shifts {
		if n := len(sh.SignUps); n > sh.Capacity {
			out = append(out, Conflict{
				Kind:    ConflictOverCapacity,
				Shift:   sh.ID,
				Shifts:  []string{sh.ID},
				Members: schedSortedMembers(sh.SignUps),
				Detail:  fmt.Sprintf("%s has %d sign-ups for %d places", schedShiftLabel(sh), n, sh.Capacity),
			})
		}
	}
	for i, a := range shifts {
		for _, b := range shifts[i+1:] {
			if !b.Start.Before(a.End) {
				break // sorted by start: no later shift overlaps a either
			}
			var both []MemberID
			for _, u := range a.SignUps {
				if b.Has(u.Member) {
					both = append(both, u.Member)
				}
			}
			if len(both) == 0 {
				continue
			}
			slices.Sort(both)
			out = append(out, Conflict{
				Kind:    ConflictOverlap,
				Shift:   a.ID,
				Shifts:  []string{a.ID, b.ID},
				Members: both,
				Detail:  fmt.Sprintf("%s booked into both %s and %s, which overlap", schedMemberList(both), schedShiftLabel(a), schedShiftLabel(b)),
			})
		}
	}
	slices.SortFunc(out, func(x, y Conflict) int {
		if c := strings.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		if c := strings.Compare(x.Shift, y.Shift); c != 0 {
			return c
		}
		return strings.Compare(strings.Join(x.Shifts, ","), strings.Join(y.Shifts, ","))
	})
	return out
}

func schedSortedMembers(us []SignUp) []MemberID {
	out := make([]MemberID, 0, len(us))
	for _, u := range us {
		out = append(out, u.Member)
	}
	slices.Sort(out)
	return out
}

// schedMemberList names members by short ID: the roster, which knows their
// names, is another document.
func schedMemberList(ms []MemberID) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Short()
	}
	if len(parts) == 1 {
		return parts[0] + " is"
	}
	return strings.Join(parts, ", ") + " are"
}
