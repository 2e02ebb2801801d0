package crdt

import (
	"fmt"
	"strconv"
	"time"

	"github.com/automerge/automerge-go"
)

// AddEvent adds an event and returns its ID.
func (s *Schedule) AddEvent(spec EventSpec) (string, error) {
	me, err := s.member()
	if err != nil {
		return "", err
	}
	ev, err := schedNormalizeEvent(spec, false)
	if err != nil {
		return "", err
	}
	id := NewID()
	now := s.stamp()
	err = s.change("add event "+ev.Title, func(root *automerge.Map) error {
		_, err := schedCreateEvent(root, id, id+schedUIDSuffix, ev, 0, me, now)
		return err
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// EditEvent replaces an event's details (RSVPs stay) and raises its sequence.
func (s *Schedule) EditEvent(id string, spec EventSpec) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	// A moment (end == start, only imports make one) may stay a moment.
	ev, err := schedNormalizeEvent(spec, true)
	if err != nil {
		return err
	}
	now := s.stamp()
	return s.change("edit event "+ev.Title, func(root *automerge.Map) error {
		m, cur, err := schedLiveEvent(root, id)
		if err != nil {
			return err
		}
		if !ev.End.After(ev.Start) && cur.End.After(cur.Start) {
			return fmt.Errorf("event must end after it starts: %w", ErrInvalid)
		}
		return schedUpdateEvent(m, ev, 1, me, now)
	})
}

// DeleteEvent cancels an event. It stays in the document as a tombstone so
// that calendar apps that imported it learn of the cancellation.
func (s *Schedule) DeleteEvent(id string) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	now := s.stamp()
	var title string
	if e, err := s.Event(id); err == nil {
		title = e.Title
	}
	return s.change("delete event "+title, func(root *automerge.Map) error {
		m, _, err := schedLiveEvent(root, id)
		if err != nil {
			return err
		}
		if err := schedSet(m, map[string]any{"deleted": true, "updatedBy": string(me), "updatedAt": now.UnixMilli()}); err != nil {
			return err
		}
		return schedBump(m, "sequence", 1)
	})
}

// AddExDate skips the occurrence of a recurring event that starts at t
// (for all-day events, on t's day).
func (s *Schedule) AddExDate(id string, t time.Time) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	e, err := s.Event(id)
	if err != nil {
		return err
	}
	if e.RRule == "" {
		return fmt.Errorf("event %q does not repeat; delete it instead: %w", e.Title, ErrInvalid)
	}
	if t.IsZero() {
		return fmt.Errorf("exception date is empty: %w", ErrInvalid)
	}
	loc, err := schedZone(e.TimeZone)
	if err != nil {
		return err
	}
	x := schedExDate(t, loc, e.AllDay)
	if len(e.ExDates) >= schedMaxExDates {
		return fmt.Errorf("event %q already skips %d dates: %w", e.Title, len(e.ExDates), ErrInvalid)
	}
	if !schedEventOccursAt(e, x) {
		return fmt.Errorf("event %q has no occurrence starting %s: %w", e.Title, x.In(loc).Format(time.RFC3339), ErrInvalid)
	}
	now := s.stamp()
	return s.change("skip "+e.Title+" on "+x.In(loc).Format("2006-01-02"), func(root *automerge.Map) error {
		m, _, err := schedLiveEvent(root, id)
		if err != nil {
			return err
		}
		ex, err := schedChild(m, "exdates")
		if err != nil {
			return err
		}
		if err := ex.Set(strconv.FormatInt(x.UnixMilli(), 10), x.UnixMilli()); err != nil {
			return err
		}
		if err := schedSet(m, map[string]any{"updatedBy": string(me), "updatedAt": now.UnixMilli()}); err != nil {
			return err
		}
		return schedBump(m, "sequence", 1)
	})
}

// RSVP records the signing member's answer ("yes", "no" or "maybe") to an
// event; for a recurring event it answers for the series. An answer is not
// an edit of the event: its sequence stays.
func (s *Schedule) RSVP(eventID, answer string) error {
	me, err := s.member()
	if err != nil {
		return err
	}
	if !schedValidAnswer(answer) {
		return fmt.Errorf("answer %q: want yes, no or maybe: %w", answer, ErrInvalid)
	}
	e, err := s.Event(eventID)
	if err != nil {
		return err
	}
	now := s.stamp()
	return s.change("RSVP "+answer+" to "+e.Title, func(root *automerge.Map) error {
		m, _, err := schedLiveEvent(root, eventID)
		if err != nil {
			return err
		}
		rsvp, err := schedChild(m, "rsvp")
		if err != nil {
			return err
		}
		mine, err := schedChild(rsvp, string(me))
		if err != nil {
			return err
		}
		return schedSet(mine, map[string]any{"answer": answer, "at": now.UnixMilli()})
	})
}

// schedLiveEvent finds an event that exists and is not deleted.
func schedLiveEvent(root *automerge.Map, id string) (*automerge.Map, Event, error) {
	var r reader
	m := r.mapAt(r.mapAt(root, schedKeyEvents), id)
	if r.err != nil {
		return nil, Event{}, r.err
	}
	if m == nil {
		return nil, Event{}, fmt.Errorf("event %q: %w", id, ErrNotFound)
	}
	e := schedReadEvent(&r, id, m)
	if r.err != nil {
		return nil, Event{}, r.err
	}
	if e.Deleted {
		return nil, Event{}, fmt.Errorf("event %q was deleted: %w", e.Title, ErrNotFound)
	}
	return m, e, nil
}

// schedCreateEvent writes a new event record under events[id].
func schedCreateEvent(root *automerge.Map, id, uid string, ev schedEvent, seq int64, me MemberID, now time.Time) (*automerge.Map, error) {
	events, err := schedChild(root, schedKeyEvents)
	if err != nil {
		return nil, err
	}
	m := automerge.NewMap()
	if err := events.Set(id, m); err != nil {
		return nil, fmt.Errorf("create event: %w", err)
	}
	if err := schedSet(m, map[string]any{
		"uid": uid, "createdBy": string(me), "createdAt": now.UnixMilli(),
	}); err != nil {
		return nil, err
	}
	for _, k := range []string{"rsvp", "exdates"} {
		if _, err := schedChild(m, k); err != nil {
			return nil, err
		}
	}
	if err := m.Set("sequence", automerge.NewCounter(seq)); err != nil {
		return nil, err
	}
	return m, schedUpdateEvent(m, ev, 0, me, now)
}

// schedUpdateEvent writes ev's details into m and raises the sequence by bump.
func schedUpdateEvent(m *automerge.Map, ev schedEvent, bump int64, me MemberID, now time.Time) error {
	if err := setText(m, "title", ev.Title); err != nil {
		return err
	}
	if err := setText(m, "description", ev.Description); err != nil {
		return err
	}
	if err := schedSet(m, map[string]any{
		"location": ev.Location, "tz": ev.TimeZone, "start": ev.Start.UnixMilli(), "end": ev.End.UnixMilli(),
		"allDay": ev.AllDay, "rrule": ev.RRule, "updatedBy": string(me), "updatedAt": now.UnixMilli(),
	}); err != nil {
		return err
	}
	if err := schedSetExDates(m, ev.ExDates); err != nil {
		return err
	}
	if bump != 0 {
		return schedBump(m, "sequence", bump)
	}
	return nil
}

// schedSetExDates makes the exdates map hold exactly ts, touching only keys
// that change so a date another member adds concurrently survives.
func schedSetExDates(m *automerge.Map, ts []time.Time) error {
	ex, err := schedChild(m, "exdates")
	if err != nil {
		return err
	}
	want := map[string]int64{}
	for _, t := range ts {
		want[strconv.FormatInt(t.UnixMilli(), 10)] = t.UnixMilli()
	}
	have, err := ex.Keys()
	if err != nil {
		return err
	}
	for _, k := range have {
		if _, keep := want[k]; !keep {
			if err := ex.Delete(k); err != nil {
				return err
			}
		}
		delete(want, k)
	}
	for k, v := range want {
		if err := ex.Set(k, v); err != nil {
			return err
		}
	}
	return nil
}
