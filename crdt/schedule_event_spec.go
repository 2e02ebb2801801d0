package crdt

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// EventSpec is what a member enters for an event. Start and End are instants;
// TimeZone (an IANA name, empty for UTC) is the zone in which a recurring
// event keeps its wall-clock time and in which all-day dates are read.
// Times are kept to the second, iCalendar's precision.
type EventSpec struct {
	Title       string
	Location    string
	Description string
	TimeZone    string
	Start, End  time.Time
	// AllDay events cover whole days in TimeZone: Start is moved back to the
	// midnight that begins its day and End forward to the midnight that ends
	// its day, so End is exclusive as in iCalendar.
	AllDay bool
	// RRule is an iCalendar RRULE value, e.g. "FREQ=WEEKLY;BYDAY=MO;COUNT=10":
	// FREQ DAILY, WEEKLY, MONTHLY or YEARLY with INTERVAL, COUNT or UNTIL and
	// the BY… parts. Empty: the event happens once.
	RRule string
	// ExDates are starts of occurrences that are skipped.
	ExDates []time.Time
}

// schedYearMin and schedYearMax bound event years: iCalendar writes four-digit
// years, and a start centuries back only makes expansion slow.
const (
	schedYearMin = 1000
	schedYearMax = 9000
)

// schedEvent is a checked EventSpec with its zone and parsed rule.
type schedEvent struct {
	EventSpec
	loc  *time.Location
	rule rrule.ROption
}

// schedNormalizeEvent checks spec and returns it in stored form. instant
// allows End == Start, which only imports need: iCalendar events without an
// end mark a moment.
func schedNormalizeEvent(spec EventSpec, instant bool) (schedEvent, error) {
	spec.Title = strings.TrimSpace(spec.Title)
	spec.Location = strings.TrimSpace(spec.Location)
	spec.Description = strings.TrimSpace(schedNewlines(spec.Description))
	if spec.Title == "" {
		return schedEvent{}, fmt.Errorf("event title is empty: %w", ErrInvalid)
	}
	if err := schedCheckLine("event title", spec.Title, schedMaxTitle); err != nil {
		return schedEvent{}, err
	}
	if err := schedCheckLine("event location", spec.Location, schedMaxLocation); err != nil {
		return schedEvent{}, err
	}
	if err := schedCheckText("event description", spec.Description, schedMaxDescription); err != nil {
		return schedEvent{}, err
	}
	loc, err := schedZone(spec.TimeZone)
	if err != nil {
		return schedEvent{}, err
	}
	spec.TimeZone = schedZoneName(spec.TimeZone)
	if spec.Start, spec.End, err = schedSpan("event", spec.Start, spec.End, loc, spec.AllDay, instant); err != nil {
		return schedEvent{}, err
	}
	text, opt, err := schedParseRule(spec.RRule, loc)
	if err != nil {
		return schedEvent{}, err
	}
	spec.RRule = text
	if text != "" {
		if err := schedCheckRuleOccurs(opt, spec.Start.In(loc)); err != nil {
			return schedEvent{}, err
		}
	}
	if spec.ExDates, err = schedNormalizeExDates(spec.ExDates, loc, spec.AllDay); err != nil {
		return schedEvent{}, err
	}
	return schedEvent{EventSpec: spec, loc: loc, rule: opt}, nil
}

// schedSpan checks and normalises a start and end (UTC, whole seconds).
func schedSpan(what string, start, end time.Time, loc *time.Location, allDay, instant bool) (time.Time, time.Time, error) {
	if start.IsZero() || end.IsZero() {
		return start, end, fmt.Errorf("%s needs a start and an end: %w", what, ErrInvalid)
	}
	for _, t := range []time.Time{start, end} {
		if y := t.In(loc).Year(); y < schedYearMin || y > schedYearMax {
			return start, end, fmt.Errorf("%s year %d is outside %d–%d: %w", what, y, schedYearMin, schedYearMax, ErrInvalid)
		}
	}
	if end.Before(start) {
		return start, end, fmt.Errorf("%s ends (%s) before it starts (%s): %w", what, end.In(loc).Format("Mon 2 Jan 2006 15:04"), start.In(loc).Format("Mon 2 Jan 2006 15:04"), ErrInvalid)
	}
	if allDay {
		s := schedMidnight(start, loc)
		e := schedMidnight(end, loc)
		if e.Before(end) || !e.After(s) {
			e = schedMidnight(e.In(loc).AddDate(0, 0, 1), loc)
		}
		return s.UTC(), e.UTC(), nil
	}
	start, end = start.UTC().Truncate(time.Second), end.UTC().Truncate(time.Second)
	if !end.After(start) && !instant {
		return start, end, fmt.Errorf("%s must end after it starts: %w", what, ErrInvalid)
	}
	return start, end, nil
}

// schedMidnight is the start of t's day in loc.
func schedMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// schedNormalizeExDates truncates, deduplicates and sorts exception dates.
func schedNormalizeExDates(ts []time.Time, loc *time.Location, allDay bool) ([]time.Time, error) {
	if len(ts) > schedMaxExDates {
		return nil, fmt.Errorf("%d exception dates, at most %d allowed: %w", len(ts), schedMaxExDates, ErrInvalid)
	}
	out := make([]time.Time, 0, len(ts))
	for _, t := range ts {
		if t.IsZero() {
			return nil, fmt.Errorf("exception date is empty: %w", ErrInvalid)
		}
		t = schedExDate(t, loc, allDay)
		if y := t.Year(); y < schedYearMin || y > schedYearMax {
			return nil, fmt.Errorf("exception date year %d is outside %d–%d: %w", y, schedYearMin, schedYearMax, ErrInvalid)
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, time.Time.Equal), nil
}

// schedExDate is the stored form of an exception date: the occurrence's start.
func schedExDate(t time.Time, loc *time.Location, allDay bool) time.Time {
	if allDay {
		return schedMidnight(t, loc).UTC()
	}
	return t.UTC().Truncate(time.Second)
}

// schedNewlines turns CRLF and CR into LF.
func schedNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
