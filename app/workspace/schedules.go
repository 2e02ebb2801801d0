package workspace

import (
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// Schedule types, re-exported for front ends.
type (
	EventSpec     = crdt.EventSpec
	ShiftSpec     = crdt.ShiftSpec
	CalendarEvent = crdt.Event
	Shift         = crdt.Shift
	Occurrence    = crdt.Occurrence
	Conflict      = crdt.Conflict
)

// NewSchedule creates an empty schedule and returns its ID.
func (c *Coop) NewSchedule(title string) (string, error) {
	me, err := c.w.Identity()
	if err != nil {
		return "", err
	}
	s, err := crdt.NewSchedule(c.id, title, me, c.w.now())
	if err != nil {
		return "", err
	}
	if err := c.storeNew(s.Doc); err != nil {
		return "", err
	}
	return s.ID(), nil
}

// Schedule returns a schedule for reading.
func (c *Coop) Schedule(id string) (*crdt.Schedule, error) {
	d, err := c.Doc(id)
	if err != nil {
		return nil, err
	}
	s, err := crdt.AsSchedule(d)
	if err != nil {
		return nil, err
	}
	return c.countingMembers(s)
}

// countingMembers makes only current members' sign-ups count toward a
// shift's places.
func (c *Coop) countingMembers(s *crdt.Schedule) (*crdt.Schedule, error) {
	v, err := c.Members()
	if err != nil {
		return nil, err
	}
	return s.CountingOnly(v.IsActive), nil
}

func (c *Coop) editSchedule(id string, fn func(s *crdt.Schedule) error) error {
	return c.edit(id, func(d *crdt.Doc) error {
		s, err := crdt.AsSchedule(d)
		if err != nil {
			return err
		}
		if s, err = c.countingMembers(s); err != nil {
			return err
		}
		return fn(s)
	})
}

// AddEvent adds an event and returns its ID.
func (c *Coop) AddEvent(id string, spec EventSpec) (string, error) {
	var eid string
	err := c.editSchedule(id, func(s *crdt.Schedule) (err error) {
		eid, err = s.AddEvent(spec)
		return err
	})
	return eid, err
}

// EditEvent replaces an event's details.
func (c *Coop) EditEvent(id, eventID string, spec EventSpec) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.EditEvent(eventID, spec) })
}

// DeleteEvent cancels an event.
func (c *Coop) DeleteEvent(id, eventID string) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.DeleteEvent(eventID) })
}

// SkipOccurrence adds an exception date to a recurring event.
func (c *Coop) SkipOccurrence(id, eventID string, at time.Time) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.AddExDate(eventID, at) })
}

// RSVP answers an event's invitation (yes, no, maybe).
func (c *Coop) RSVP(id, eventID, answer string) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.RSVP(eventID, answer) })
}

// AddShift adds a shift and returns its ID.
func (c *Coop) AddShift(id string, spec ShiftSpec) (string, error) {
	var sid string
	err := c.editSchedule(id, func(s *crdt.Schedule) (err error) {
		sid, err = s.AddShift(spec)
		return err
	})
	return sid, err
}

// SignUp books this member into a shift.
func (c *Coop) SignUp(id, shiftID string) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.SignUp(shiftID) })
}

// Withdraw takes this member out of a shift.
func (c *Coop) Withdraw(id, shiftID string) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.Withdraw(shiftID) })
}

// RequestStandIn asks for someone to take this member's place in a shift.
func (c *Coop) RequestStandIn(id, shiftID, note string) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.RequestStandIn(shiftID, note) })
}

// OfferStandIn offers to take requester's place.
func (c *Coop) OfferStandIn(id, shiftID string, requester MemberID) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.OfferStandIn(shiftID, requester) })
}

// AcceptStandIn hands this member's place to offerer.
func (c *Coop) AcceptStandIn(id, shiftID string, offerer MemberID) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.AcceptStandIn(shiftID, offerer) })
}

// EditShift replaces a shift's details.
func (c *Coop) EditShift(id, shiftID string, spec ShiftSpec) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.EditShift(shiftID, spec) })
}

// DeleteShift cancels a shift.
func (c *Coop) DeleteShift(id, shiftID string) error {
	return c.editSchedule(id, func(s *crdt.Schedule) error { return s.DeleteShift(shiftID) })
}
