package crdt

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MaxOccurrences bounds what one Occurrences call returns, so a range of
// centuries or a daily rule cannot exhaust memory; ask for shorter ranges.
const MaxOccurrences = 10000

// Occurrence is one dated happening of an event. Start and End are in the
// event's time zone, so their wall-clock reading is the one members expect.
type Occurrence struct {
	EventID  string    `json:"eventId"`
	Title    string    `json:"title"`
	Location string    `json:"location,omitempty"`
	TimeZone string    `json:"timeZone"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	AllDay   bool      `json:"allDay,omitempty"`
}

// Occurrences lists the occurrences of all events that overlap [from, to),
// sorted by start then event ID. Recurring events are expanded in their own
// time zone — a weekly 09:00 Europe/Berlin meeting stays at 09:00 local
// across daylight-saving changes, so its UTC time moves — minus their
// exception dates and minus occurrences replaced by an imported changed copy.
// More than MaxOccurrences is an error (ErrInvalid): ask for a shorter range.
// An event whose rule would need more than a million steps to reach the
// range (only a hostile or broken rule does) is left out and logged.
func (s *Schedule) Occurrences(from, to time.Time) ([]Occurrence, error) {
	if from.IsZero() || to.IsZero() || !to.After(from) {
		return nil, fmt.Errorf("occurrence range %s – %s is empty: %w", from.Format(time.RFC3339), to.Format(time.RFC3339), ErrInvalid)
	}
	all, err := s.allEvents()
	if err != nil {
		return nil, err
	}
	replaced := map[string]bool{} // uid + "\n" + start ms of occurrences that an override replaces
	for _, e := range all {
		if !e.RecurrenceID.IsZero() {
			replaced[schedOverrideKey(e.UID, e.RecurrenceID)] = true
		}
	}
	var out []Occurrence
	errFull := errors.New("full")
	for _, e := range all {
		if e.Deleted {
			continue
		}
		err := schedEventOccurrences(e, from, to, replaced, func(o Occurrence) error {
			if len(out) >= MaxOccurrences {
				return errFull
			}
			out = append(out, o)
			return nil
		})
		switch {
		case errors.Is(err, errFull):
			return nil, fmt.Errorf("more than %d occurrences between %s and %s; ask for a shorter range: %w",
				MaxOccurrences, from.Format(time.RFC3339), to.Format(time.RFC3339), ErrInvalid)
		case errors.Is(err, errSchedScan):
			slog.Warn("schedule: event left out of occurrences", "schedule", s.ID(), "event", e.ID, "rrule", e.RRule, "err", err)
		case err != nil:
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b Occurrence) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.EventID, b.EventID)
	})
	return out, nil
}

// schedEventOccurrences emits e's occurrences overlapping [from, to).
func schedEventOccurrences(e Event, from, to time.Time, replaced map[string]bool, emit func(Occurrence) error) error {
	loc, err := schedZone(e.TimeZone)
	if err != nil {
		loc = time.UTC // reported in e.Problem
	}
	dur := max(e.End.Sub(e.Start), 0)
	days := int(math.Round(dur.Hours() / 24))
	occ := func(start time.Time) Occurrence {
		end := start.Add(dur)
		if e.AllDay { // whole days, whatever daylight saving does to their length
			end = start.AddDate(0, 0, days)
		}
		return Occurrence{EventID: e.ID, Title: e.Title, Location: e.Location, TimeZone: loc.String(), Start: start, End: end, AllDay: e.AllDay}
	}
	start := e.Start.In(loc)
	var opt *rrule.ROption
	if e.RRule != "" {
		if _, o, err := schedParseRule(e.RRule, loc); err == nil {
			opt = &o
		}
	}
	if opt == nil { // a one-off, or a rule reported in e.Problem
		if o := occ(start); schedOverlaps(o.Start, o.End, from, to) {
			return emit(o)
		}
		return nil
	}
	skip := map[int64]bool{}
	for _, x := range e.ExDates {
		skip[x.UnixMilli()] = true
	}
	// The expansion keeps occurrences that are still running at from; an
	// all-day one may be an hour longer than dur across a DST change.
	reach := dur
	if e.AllDay {
		reach += time.Hour
	}
	return schedExpand(*opt, start, reach, from, to, func(t time.Time) error {
		if skip[t.UnixMilli()] || len(replaced) > 0 && replaced[schedOverrideKey(e.UID, t)] {
			return nil
		}
		o := occ(t)
		if !schedOverlaps(o.Start, o.End, from, to) {
			return nil
		}
		return emit(o)
	})
}

// schedEventOccursAt reports whether one of e's occurrences starts at t.
func schedEventOccursAt(e Event, t time.Time) bool {
	found := false
	e.ExDates = nil
	_ = schedEventOccurrences(e, t, t.Add(time.Second), nil, func(o Occurrence) error {
		if o.Start.Equal(t) {
			found = true
		}
		return nil
	})
	return found
}

func schedOverrideKey(uid string, start time.Time) string {
	return uid + "\n" + strconv.FormatInt(start.UnixMilli(), 10)
}
