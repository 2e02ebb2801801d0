package crdt

import (
	"fmt"
	"strings"

	"github.com/automerge/automerge-go"
)

// RequestStandIn asks for someone to take the signing member's place on a
// shift they are signed up for. They keep the place until they accept an
// offer.
func (s *Schedule) RequestStandIn(shiftID, note string) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	note = strings.TrimSpace(schedNewlines(note))
	if err := schedCheckText("stand-in note", note, schedMaxNote); err != nil {
		return err
	}
	now := s.stamp()
	return s.shiftChange(shiftID, "ask for a stand-in on", func(m *automerge.Map, sh Shift) error {
		if !sh.Has(me) {
			return fmt.Errorf("not signed up for %s: %w", sh.Role, ErrInvalid)
		}
		if _, open := sh.OpenStandIn(me); open {
			return fmt.Errorf("already asked for a stand-in on %s: %w", sh.Role, ErrInvalid)
		}
		standins, err := schedChild(m, "standins")
		if err != nil {
			return err
		}
		// A fresh map replaces an earlier, completed request by the same
		// member (they signed up again since).
		req := automerge.NewMap()
		if err := standins.Set(string(me), req); err != nil {
			return err
		}
		if err := schedSet(req, map[string]any{"note": note, "at": now.UnixMilli()}); err != nil {
			return err
		}
		_, err = schedChild(req, "offers")
		return err
	})
}

// CancelStandIn withdraws the signing member's open request for a stand-in.
func (s *Schedule) CancelStandIn(shiftID string) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	return s.shiftChange(shiftID, "no longer need a stand-in on", func(m *automerge.Map, sh Shift) error {
		if _, open := sh.OpenStandIn(me); !open {
			return fmt.Errorf("no open stand-in request on %s: %w", sh.Role, ErrNotFound)
		}
		standins, err := schedChild(m, "standins")
		if err != nil {
			return err
		}
		return standins.Delete(string(me))
	})
}

// OfferStandIn offers the signing member as requester's stand-in.
func (s *Schedule) OfferStandIn(shiftID string, requester MemberID) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	if err := schedCheckMember("requester", requester); err != nil {
		return err
	}
	if requester == me {
		return fmt.Errorf("cannot stand in for yourself: %w", ErrInvalid)
	}
	now := s.stamp()
	return s.shiftChange(shiftID, "offer to stand in for "+requester.Short()+" on", func(m *automerge.Map, sh Shift) error {
		si, open := sh.OpenStandIn(requester)
		switch {
		case !open:
			return fmt.Errorf("%s has no open stand-in request on %s: %w", requester.Short(), sh.Role, ErrNotFound)
		case sh.Has(me):
			return fmt.Errorf("already signed up for %s: %w", sh.Role, ErrInvalid)
		case si.Offered(me):
			return fmt.Errorf("already offered to stand in for %s: %w", requester.Short(), ErrInvalid)
		}
		offers, err := schedStandInPart(m, requester, "offers")
		if err != nil {
			return err
		}
		return offers.Set(string(me), now.UnixMilli())
	})
}

// AcceptStandIn, by the requester, hands their place to a member who
// offered: the offerer is signed up in their stead and the request closes.
func (s *Schedule) AcceptStandIn(shiftID string, offerer MemberID) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	if err := schedCheckMember("offerer", offerer); err != nil {
		return err
	}
	now := s.stamp()
	return s.shiftChange(shiftID, "hand over to "+offerer.Short()+" on", func(m *automerge.Map, sh Shift) error {
		si, open := sh.OpenStandIn(me)
		switch {
		case !open:
			return fmt.Errorf("you have no open stand-in request on %s: %w", sh.Role, ErrNotFound)
		case !si.Offered(offerer):
			return fmt.Errorf("%s has not offered to stand in: %w", offerer.Short(), ErrNotFound)
		case sh.Has(offerer):
			return fmt.Errorf("%s is already signed up for %s: %w", offerer.Short(), sh.Role, ErrInvalid)
		}
		signups, err := schedChild(m, "signups")
		if err != nil {
			return err
		}
		if err := signups.Delete(string(me)); err != nil {
			return err
		}
		u := automerge.NewMap()
		if err := signups.Set(string(offerer), u); err != nil {
			return err
		}
		if err := schedSet(u, map[string]any{"at": now.UnixMilli(), "via": string(me)}); err != nil {
			return err
		}
		standins, err := schedChild(m, "standins")
		if err != nil {
			return err
		}
		req, err := schedChild(standins, string(me))
		if err != nil {
			return err
		}
		return schedSet(req, map[string]any{"takenBy": string(offerer), "takenAt": now.UnixMilli()})
	})
}

// schedStandInPart returns a nested map of requester's stand-in request.
func schedStandInPart(m *automerge.Map, requester MemberID, key string) (*automerge.Map, error) {
	standins, err := schedChild(m, "standins")
	if err != nil {
		return nil, err
	}
	req, err := schedChild(standins, string(requester))
	if err != nil {
		return nil, err
	}
	return schedChild(req, key)
}
