package crdt

import (
	"fmt"

	"github.com/automerge/automerge-go"
)

// SignUp books the signing member into a shift. It refuses when this
// machine already sees the shift full or the member on it; two members
// taking the last place on different machines both keep it after the merge,
// and Conflicts reports the shift as over capacity until someone resolves it.
func (s *Schedule) SignUp(shiftID string) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	now := s.stamp()
	return s.shiftChange(shiftID, "sign up for", func(m *automerge.Map, sh Shift) error {
		if sh.Has(me) {
			return fmt.Errorf("already signed up for %s: %w", sh.Role, ErrInvalid)
		}
		if counted := s.counted(sh); counted.Free() <= 0 {
			return fmt.Errorf("shift is full (%d of %d places taken): %w", len(counted.SignUps), sh.Capacity, ErrInvalid)
		}
		signups, err := schedChild(m, "signups")
		if err != nil {
			return err
		}
		u := automerge.NewMap()
		if err := signups.Set(string(me), u); err != nil {
			return err
		}
		return u.Set("at", now.UnixMilli())
	})
}

// Withdraw takes the signing member off a shift, with any open request for
// a stand-in.
func (s *Schedule) Withdraw(shiftID string) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	return s.shiftChange(shiftID, "withdraw from", func(m *automerge.Map, sh Shift) error {
		if !sh.Has(me) {
			return fmt.Errorf("not signed up for %s: %w", sh.Role, ErrNotFound)
		}
		return schedDropSignUp(m, sh, me)
	})
}

// RemoveSignUp takes member off a shift. Allowed for the member themself,
// the shift's creator and the schedule's creator — the people who organise
// the rota and resolve an over-capacity conflict. Enforced on this machine.
func (s *Schedule) RemoveSignUp(shiftID string, member MemberID) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	if err := schedCheckMember("member to remove", member); err != nil {
		return err
	}
	h, err := s.Header()
	if err != nil {
		return err
	}
	return s.shiftChange(shiftID, "remove "+member.Short()+" from", func(m *automerge.Map, sh Shift) error {
		if me != member && me != sh.CreatedBy && me != h.CreatedBy {
			return fmt.Errorf("only the member, the shift's creator or the schedule's creator may remove a sign-up: %w", ErrNotAllowed)
		}
		if !sh.Has(member) {
			return fmt.Errorf("%s is not signed up for %s: %w", member.Short(), sh.Role, ErrNotFound)
		}
		return schedDropSignUp(m, sh, member)
	})
}

// schedDropSignUp deletes member's sign-up and their open stand-in request.
func schedDropSignUp(m *automerge.Map, sh Shift, member MemberID) error {
	signups, err := schedChild(m, "signups")
	if err != nil {
		return err
	}
	if err := signups.Delete(string(member)); err != nil {
		return err
	}
	if _, open := sh.OpenStandIn(member); open {
		standins, err := schedChild(m, "standins")
		if err != nil {
			return err
		}
		return standins.Delete(string(member))
	}
	return nil
}

// shiftChange commits fn as one change on a live shift, with a message such
// as "sign up for Bakery morning 2026-03-07 09:00".
func (s *Schedule) shiftChange(shiftID, verb string, fn func(m *automerge.Map, sh Shift) error) error {
	cur, err := s.Shift(shiftID)
	if err != nil {
		return err
	}
	return s.change(verb+" "+schedShiftLabel(cur), func(root *automerge.Map) error {
		m, sh, err := schedLiveShift(root, shiftID)
		if err != nil {
			return err
		}
		return fn(m, sh)
	})
}
