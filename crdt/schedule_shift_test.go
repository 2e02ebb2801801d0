package crdt

import (
	"strings"
	"testing"
	"time"
)

func TestScheduleAddShiftValidation(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	ok := ShiftSpec{Role: "Bakery morning", Start: start, End: start.Add(4 * time.Hour), Capacity: 2, TimeZone: "Europe/Berlin"}
	with := func(f func(*ShiftSpec)) ShiftSpec { x := ok; f(&x); return x }
	for _, tc := range []struct {
		name string
		spec ShiftSpec
		want error
	}{
		{"ok", ok, nil},
		{"utc default", with(func(x *ShiftSpec) { x.TimeZone = "" }), nil},
		{"max capacity", with(func(x *ShiftSpec) { x.Capacity = schedMaxCapacity }), nil},
		{"empty role", with(func(x *ShiftSpec) { x.Role = "" }), ErrInvalid},
		{"capacity zero", with(func(x *ShiftSpec) { x.Capacity = 0 }), ErrInvalid},
		{"capacity negative", with(func(x *ShiftSpec) { x.Capacity = -1 }), ErrInvalid},
		{"capacity too big", with(func(x *ShiftSpec) { x.Capacity = schedMaxCapacity + 1 }), ErrInvalid},
		{"end before start", with(func(x *ShiftSpec) { x.End = start.Add(-time.Hour) }), ErrInvalid},
		{"end equals start", with(func(x *ShiftSpec) { x.End = start }), ErrInvalid},
		{"bad tz", with(func(x *ShiftSpec) { x.TimeZone = "Europe/Atlantis" }), ErrInvalid},
		{"long notes", with(func(x *ShiftSpec) { x.Notes = strings.Repeat("n", schedMaxDescription+1) }), ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, err := s.AddShift(tc.spec)
			schedWantErr(t, err, tc.want)
			if tc.want != nil {
				return
			}
			sh, err := s.Shift(id)
			if err != nil || sh.Role != tc.spec.Role || sh.Capacity != tc.spec.Capacity || sh.Free() != tc.spec.Capacity || len(sh.SignUps) != 0 {
				t.Fatalf("stored %+v, %v", sh, err)
			}
		})
	}
}

func TestScheduleSignUpRules(t *testing.T) {
	a, b, c := schedIdentity(t), schedIdentity(t), schedIdentity(t)
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	sa := newSchedTest(t, a)
	shift := schedAddShift(t, sa, "Till", start, 4, 2)
	gone := schedAddShift(t, sa, "Old", start, 1, 1)
	if err := sa.DeleteShift(gone); err != nil {
		t.Fatal(err)
	}
	sb, sc := schedReplica(t, sa, b), schedReplica(t, sa, c)
	steps := []struct {
		name string
		s    *Schedule
		op   func(*Schedule) error
		want error
	}{
		{"a signs up", sa, func(s *Schedule) error { return s.SignUp(shift) }, nil},
		{"a again", sa, func(s *Schedule) error { return s.SignUp(shift) }, ErrInvalid},
		{"unknown shift", sa, func(s *Schedule) error { return s.SignUp(NewID()) }, ErrNotFound},
		{"deleted shift", sa, func(s *Schedule) error { return s.SignUp(gone) }, ErrNotFound},
		{"b withdraws without signing up", sb, func(s *Schedule) error { return s.Withdraw(shift) }, ErrNotFound},
		{"b signs up", sb, func(s *Schedule) error { return s.SignUp(shift) }, nil},
		{"c finds it full", sc, func(s *Schedule) error { return s.SignUp(shift) }, ErrInvalid},
		{"capacity cannot drop below sign-ups", sa, func(s *Schedule) error {
			sh, _ := s.Shift(shift)
			spec := sh.Spec()
			spec.Capacity = 1
			return s.EditShift(shift, spec)
		}, ErrInvalid},
		{"b withdraws", sb, func(s *Schedule) error { return s.Withdraw(shift) }, nil},
		{"c takes the place", sc, func(s *Schedule) error { return s.SignUp(shift) }, nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := st.op(st.s)
			if err != nil && st.want == ErrInvalid && strings.Contains(st.name, "full") && !strings.Contains(err.Error(), "shift is full") {
				t.Fatalf("full shift error %q", err)
			}
			schedWantErr(t, err, st.want)
			// Keep every replica up to date between steps.
			schedMerge(t, sa, sb)
			schedMerge(t, sa, sc)
		})
	}
	sh, _ := sc.Shift(shift)
	if !sh.Has(a.Member()) || sh.Has(b.Member()) || !sh.Has(c.Member()) || sh.Free() != 0 {
		t.Fatalf("final sign-ups %+v", sh.SignUps)
	}
}

func TestScheduleRemoveSignUpPermissions(t *testing.T) {
	owner, creator, member, other := schedIdentity(t), schedIdentity(t), schedIdentity(t), schedIdentity(t)
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		by   *Identity
		want error
	}{
		{"the member", member, nil},
		{"the shift's creator", creator, nil},
		{"the schedule's creator", owner, nil},
		{"another member", other, ErrNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			so := newSchedTest(t, owner)
			sc := schedReplica(t, so, creator)
			shift := schedAddShift(t, sc, "Till", start, 2, 3)
			sm := schedReplica(t, sc, member)
			if err := sm.SignUp(shift); err != nil {
				t.Fatal(err)
			}
			if err := sm.RequestStandIn(shift, "ill"); err != nil {
				t.Fatal(err)
			}
			sby := schedReplica(t, sm, tc.by)
			err := sby.RemoveSignUp(shift, member.Member())
			schedWantErr(t, err, tc.want)
			sh, _ := sby.Shift(shift)
			if removed := !sh.Has(member.Member()); removed != (tc.want == nil) {
				t.Fatalf("removed = %v", removed)
			}
			if _, open := sh.OpenStandIn(member.Member()); open == (tc.want == nil) {
				t.Fatalf("stand-in request open = %v after removal %v", open, tc.want == nil)
			}
		})
	}
	so := newSchedTest(t, owner)
	shift := schedAddShift(t, so, "Till", start, 2, 3)
	schedWantErr(t, so.RemoveSignUp(shift, "zz"), ErrInvalid)
	schedWantErr(t, so.RemoveSignUp(shift, member.Member()), ErrNotFound)
}

func TestScheduleEditDeleteShift(t *testing.T) {
	a := schedIdentity(t)
	s := newSchedTest(t, a)
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	id := schedAddShift(t, s, "Till", start, 4, 2)
	if err := s.SignUp(id); err != nil {
		t.Fatal(err)
	}
	sh, _ := s.Shift(id)
	spec := sh.Spec()
	spec.Role, spec.Capacity, spec.Notes = "Till (busy)", 1, "Cash float in the safe"
	if err := s.EditShift(id, spec); err != nil {
		t.Fatal(err)
	}
	sh, _ = s.Shift(id)
	if sh.Role != "Till (busy)" || sh.Capacity != 1 || sh.Notes != spec.Notes || sh.Sequence != 1 || !sh.Has(a.Member()) {
		t.Fatalf("edited %+v", sh)
	}
	schedWantErr(t, s.EditShift(NewID(), spec), ErrNotFound)
	if err := s.DeleteShift(id); err != nil {
		t.Fatal(err)
	}
	if shifts, _ := s.Shifts(); len(shifts) != 0 {
		t.Fatalf("deleted shift listed: %+v", shifts)
	}
	schedWantErr(t, s.DeleteShift(id), ErrNotFound)
	schedWantErr(t, s.Withdraw(id), ErrNotFound)
	h, _ := s.History()
	if got := h[len(h)-1].Message; got != "delete shift Till (busy) 2026-03-07 09:00" {
		t.Fatalf("history message %q", got)
	}
}

// A removed member's sign-up stays in the document but takes no place: the
// shift shows only current members, and the place is free to take.
func TestScheduleRemovedMembersSignUpDoesNotCount(t *testing.T) {
	a, b := schedIdentity(t), schedIdentity(t)
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	sa := newSchedTest(t, a)
	shift := schedAddShift(t, sa, "Till", start, 4, 1)
	sb := schedReplica(t, sa, b)
	if err := sb.SignUp(shift); err != nil {
		t.Fatal(err)
	}
	schedMerge(t, sa, sb)
	// b has left the co-op.
	sa.CountingOnly(func(m MemberID) bool { return m != b.Member() })
	sh, err := sa.Shift(shift)
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.SignUps) != 0 || sh.Free() != 1 {
		t.Fatalf("a removed member's sign-up counts: %+v", sh.SignUps)
	}
	if err := sa.SignUp(shift); err != nil {
		t.Fatalf("the place a removed member held cannot be taken: %v", err)
	}
	shifts, err := sa.Shifts()
	if err != nil || len(shifts) != 1 || len(shifts[0].SignUps) != 1 || shifts[0].SignUps[0].Member != a.Member() {
		t.Fatalf("shifts: %+v %v", shifts, err)
	}
	if cs, _ := sa.Conflicts(); len(cs) != 0 {
		t.Fatalf("conflicts: %+v", cs)
	}
}
