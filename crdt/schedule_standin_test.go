package crdt

import (
	"testing"
	"time"
)

func TestScheduleStandInFlow(t *testing.T) {
	a, b, c := schedIdentity(t), schedIdentity(t), schedIdentity(t)
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	sa := newSchedTest(t, a)
	shift := schedAddShift(t, sa, "Bakery morning", start, 4, 1)
	other := schedAddShift(t, sa, "Delivery", start.Add(24*time.Hour), 2, 2)
	sb, sc := schedReplica(t, sa, b), schedReplica(t, sa, c)
	sync := func() { schedMerge(t, sa, sb); schedMerge(t, sa, sc); schedMerge(t, sb, sc) }
	steps := []struct {
		name string
		s    *Schedule
		op   func(*Schedule) error
		want error
	}{
		{"request when not signed up", sa, func(s *Schedule) error { return s.RequestStandIn(shift, "") }, ErrInvalid},
		{"a signs up", sa, func(s *Schedule) error { return s.SignUp(shift) }, nil},
		{"offer without a request", sb, func(s *Schedule) error { return s.OfferStandIn(shift, a.Member()) }, ErrNotFound},
		{"a asks", sa, func(s *Schedule) error { return s.RequestStandIn(shift, "dentist") }, nil},
		{"a asks twice", sa, func(s *Schedule) error { return s.RequestStandIn(shift, "again") }, ErrInvalid},
		{"a offers to self", sa, func(s *Schedule) error { return s.OfferStandIn(shift, a.Member()) }, ErrInvalid},
		{"offer for a bad member ID", sb, func(s *Schedule) error { return s.OfferStandIn(shift, "nope") }, ErrInvalid},
		{"offer on another shift", sb, func(s *Schedule) error { return s.OfferStandIn(other, a.Member()) }, ErrNotFound},
		{"accept before any offer", sa, func(s *Schedule) error { return s.AcceptStandIn(shift, b.Member()) }, ErrNotFound},
		{"b offers", sb, func(s *Schedule) error { return s.OfferStandIn(shift, a.Member()) }, nil},
		{"b offers twice", sb, func(s *Schedule) error { return s.OfferStandIn(shift, a.Member()) }, ErrInvalid},
		{"c offers", sc, func(s *Schedule) error { return s.OfferStandIn(shift, a.Member()) }, nil},
		{"c cannot accept a's request", sc, func(s *Schedule) error { return s.AcceptStandIn(shift, b.Member()) }, ErrNotFound},
		{"a accepts b", sa, func(s *Schedule) error { return s.AcceptStandIn(shift, b.Member()) }, nil},
		{"a accepts again", sa, func(s *Schedule) error { return s.AcceptStandIn(shift, c.Member()) }, ErrNotFound},
		{"b cannot offer for a now", sc, func(s *Schedule) error { return s.OfferStandIn(shift, a.Member()) }, ErrNotFound},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			schedWantErr(t, st.op(st.s), st.want)
			sync()
		})
	}
	for _, s := range []*Schedule{sa, sb, sc} {
		sh, _ := s.Shift(shift)
		if sh.Has(a.Member()) || !sh.Has(b.Member()) || len(sh.SignUps) != 1 {
			t.Fatalf("sign-ups after hand-over %+v", sh.SignUps)
		}
		if sh.SignUps[0].Via != a.Member() {
			t.Fatalf("sign-up via %q, want a", sh.SignUps[0].Via)
		}
		if len(sh.StandIns) != 1 {
			t.Fatalf("stand-ins %+v", sh.StandIns)
		}
		si := sh.StandIns[0]
		if si.Open() || si.TakenBy != b.Member() || si.Note != "dentist" || len(si.Offers) != 2 || si.TakenAt.IsZero() {
			t.Fatalf("closed request %+v", si)
		}
	}
}

func TestScheduleStandInEdgeCases(t *testing.T) {
	a, b := schedIdentity(t), schedIdentity(t)
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	t.Run("withdraw closes the request", func(t *testing.T) {
		sa := newSchedTest(t, a)
		shift := schedAddShift(t, sa, "Till", start, 2, 2)
		if err := sa.SignUp(shift); err != nil {
			t.Fatal(err)
		}
		if err := sa.RequestStandIn(shift, ""); err != nil {
			t.Fatal(err)
		}
		if err := sa.Withdraw(shift); err != nil {
			t.Fatal(err)
		}
		sh, _ := sa.Shift(shift)
		if len(sh.StandIns) != 0 || sh.Has(a.Member()) {
			t.Fatalf("after withdraw %+v", sh)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		sa := newSchedTest(t, a)
		shift := schedAddShift(t, sa, "Till", start, 2, 2)
		schedWantErr(t, sa.CancelStandIn(shift), ErrNotFound)
		_ = sa.SignUp(shift)
		_ = sa.RequestStandIn(shift, "")
		schedWantErr(t, sa.CancelStandIn(shift), nil)
		sh, _ := sa.Shift(shift)
		if len(sh.StandIns) != 0 || !sh.Has(a.Member()) {
			t.Fatalf("after cancel %+v", sh)
		}
	})
	t.Run("offerer already on the shift", func(t *testing.T) {
		sa := newSchedTest(t, a)
		shift := schedAddShift(t, sa, "Till", start, 2, 3)
		_ = sa.SignUp(shift)
		_ = sa.RequestStandIn(shift, "")
		sb := schedReplica(t, sa, b)
		if err := sb.OfferStandIn(shift, a.Member()); err != nil {
			t.Fatal(err)
		}
		if err := sb.SignUp(shift); err != nil {
			t.Fatal(err)
		}
		schedWantErr(t, sb.OfferStandIn(shift, a.Member()), ErrInvalid)
		schedMerge(t, sa, sb)
		schedWantErr(t, sa.AcceptStandIn(shift, b.Member()), ErrInvalid)
	})
	t.Run("request again after signing up again", func(t *testing.T) {
		sa := newSchedTest(t, a)
		shift := schedAddShift(t, sa, "Till", start, 2, 3)
		_ = sa.SignUp(shift)
		_ = sa.RequestStandIn(shift, "first")
		sb := schedReplica(t, sa, b)
		_ = sb.OfferStandIn(shift, a.Member())
		schedMerge(t, sa, sb)
		if err := sa.AcceptStandIn(shift, b.Member()); err != nil {
			t.Fatal(err)
		}
		if err := sa.SignUp(shift); err != nil {
			t.Fatal(err)
		}
		if err := sa.RequestStandIn(shift, "second"); err != nil {
			t.Fatal(err)
		}
		sh, _ := sa.Shift(shift)
		si, open := sh.OpenStandIn(a.Member())
		if !open || si.Note != "second" || len(si.Offers) != 0 {
			t.Fatalf("fresh request %+v", si)
		}
	})
}
