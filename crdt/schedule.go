package crdt

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// Schedule is a co-op's calendar: events (meetings, markets, with RSVPs and
// recurrence) and shifts (rota slots with a capacity that members sign up
// for, hand over through stand-ins, and that can end up double-booked after
// offline edits merge — see Conflicts).
//
// Schedules enforce their rules when a change is made on this machine
// (capacity, who may remove whose sign-up); they cannot verify afterwards
// who wrote a value, because schedule records are not signed. Problems that
// merges create legitimately — a shift over capacity, a member in two shifts
// at once — are kept and reported by Conflicts, never dropped.
type Schedule struct {
	*Doc
	// counts, when set, says whose sign-ups count: a removed member's
	// sign-up stays in the document but takes no place in the shift.
	counts func(MemberID) bool
}

// CountingOnly makes the schedule's shifts hold only the sign-ups of
// members for whom active is true (the roster's current members), for
// reading and for the capacity checks of sign-ups and edits.
func (s *Schedule) CountingOnly(active func(MemberID) bool) *Schedule {
	s.counts = active
	return s
}

// counted drops the sign-ups that do not count.
func (s *Schedule) counted(sh Shift) Shift {
	if s.counts == nil {
		return sh
	}
	sh.SignUps = slices.DeleteFunc(slices.Clone(sh.SignUps), func(u SignUp) bool { return !s.counts(u.Member) })
	return sh
}

// NewSchedule creates an empty schedule in the co-op coop.
func NewSchedule(coop, title string, me *Identity, now time.Time) (*Schedule, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return nil, fmt.Errorf("schedule title is empty: %w", ErrInvalid)
	}
	if err := schedCheckLine("schedule title", title, schedMaxTitle); err != nil {
		return nil, err
	}
	if !ValidID(coop) {
		return nil, fmt.Errorf("co-op ID %q: %w", coop, ErrInvalid)
	}
	d, err := newDoc(KindSchedule, NewID(), coop, title, me, now)
	if err != nil {
		return nil, err
	}
	s := &Schedule{Doc: d}
	// The containers exist from the start so that the first event or shift
	// two members add concurrently land in the same map instead of two maps
	// competing for one key.
	err = d.change("start schedule", func(root *automerge.Map) error {
		if _, err := schedChild(root, schedKeyEvents); err != nil {
			return err
		}
		_, err := schedChild(root, schedKeyShifts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// AsSchedule checks that d is a schedule.
func AsSchedule(d *Doc) (*Schedule, error) {
	if d == nil {
		return nil, fmt.Errorf("no document: %w", ErrInvalid)
	}
	if d.Kind() != KindSchedule {
		return nil, fmt.Errorf("%s is a %s: %w", d.ID(), d.Kind(), ErrWrongKind)
	}
	return &Schedule{Doc: d}, nil
}

// LoadSchedule opens saved bytes as a schedule (me may be nil: read-only).
func LoadSchedule(b []byte, me *Identity) (*Schedule, error) {
	d, err := Load(b, me)
	if err != nil {
		return nil, err
	}
	return AsSchedule(d)
}

// me is the signing member, or ErrReadOnly.
func (s *Schedule) member() (MemberID, error) {
	me := s.Me()
	if me == nil {
		return "", ErrReadOnly
	}
	return me.Member(), nil
}

// stamp is the doc clock's time as stored in records (milliseconds).
func (s *Schedule) stamp() time.Time {
	return s.Now().UTC().Truncate(time.Millisecond)
}
