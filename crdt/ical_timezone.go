package crdt

import (
	"fmt"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/teambition/rrule-go"
)

const (
	// icalZoneYearsAhead covers repeating events without an end: calendar
	// apps that need the VTIMEZONE (most know IANA names and do not) get ten
	// years of offsets past the last start.
	icalZoneYearsAhead = 10
	// icalMaxZoneYears bounds one VTIMEZONE's span.
	icalMaxZoneYears = 50
)

// icalZoneSpan is a zone the export uses and the years it must describe.
type icalZoneSpan struct {
	name     string
	loc      *time.Location
	from, to time.Time
}

// icalZoneSpans lists the non-UTC zones of timed items, sorted by name,
// each with the span of the items in it.
func icalZoneSpans(events []Event, shifts []Shift) []icalZoneSpan {
	spans := map[string]*icalZoneSpan{}
	note := func(zone string, start, end time.Time, rule string) {
		loc, err := schedZone(zone)
		if err != nil || loc == time.UTC {
			return
		}
		end = icalRuleReach(rule, loc, end, end.Sub(start))
		z := spans[zone]
		if z == nil {
			z = &icalZoneSpan{name: zone, loc: loc, from: start, to: end}
			spans[zone] = z
		}
		if start.Before(z.from) {
			z.from = start
		}
		if end.After(z.to) {
			z.to = end
		}
	}
	for _, e := range events {
		if !e.AllDay { // DATE values carry no zone
			note(e.TimeZone, e.Start, e.End, e.RRule)
		}
	}
	for _, sh := range shifts {
		note(sh.TimeZone, sh.Start, sh.End, "")
	}
	out := make([]icalZoneSpan, 0, len(spans))
	for _, z := range spans {
		// Whole years, starting a year early so the first item's date is
		// surely after the first observance.
		z.from = time.Date(z.from.UTC().Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
		z.to = time.Date(z.to.UTC().Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
		if limit := z.from.AddDate(icalMaxZoneYears, 0, 0); z.to.After(limit) {
			z.to = limit
		}
		out = append(out, *z)
	}
	slices.SortFunc(out, func(a, b icalZoneSpan) int { return strings.Compare(a.name, b.name) })
	return out
}

// icalRuleReach estimates (from above) when the last occurrence of a rule
// whose first occurrence ends at end and lasts dur is over: its UNTIL, its COUNT times
// the longest step, or icalZoneYearsAhead for rules without an end.
func icalRuleReach(rule string, loc *time.Location, end time.Time, dur time.Duration) time.Time {
	if rule == "" {
		return end
	}
	_, opt, err := schedParseRule(rule, loc)
	switch {
	case err != nil:
		return end
	case !opt.Until.IsZero():
		return icalLater(end, opt.Until.Add(dur))
	case opt.Count > 0:
		step := map[rrule.Frequency]int{rrule.YEARLY: 366, rrule.MONTHLY: 31, rrule.WEEKLY: 7, rrule.DAILY: 1}[opt.Freq]
		days := min(opt.Count*max(opt.Interval, 1)*step, icalMaxZoneYears*366)
		return end.AddDate(0, 0, days)
	}
	return end.AddDate(icalZoneYearsAhead, 0, 0)
}

// icalTimezone describes loc from from to to as a VTIMEZONE: the offset in
// force at from, then one observance per transition (Go exposes transitions,
// not the rules behind them, so each is listed with its own DTSTART).
func icalTimezone(name string, loc *time.Location, from, to time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(name)
	abbr, off := from.In(loc).Zone()
	icalObservance(tz, from.In(loc).IsDST(), from, off, off, abbr)
	for t := from; ; {
		_, next := t.In(loc).ZoneBounds()
		if next.IsZero() || !next.Before(to) || !next.After(t) {
			break
		}
		_, before := next.Add(-time.Second).In(loc).Zone()
		abbr, after := next.In(loc).Zone()
		icalObservance(tz, next.In(loc).IsDST(), next, before, after, abbr)
		t = next
	}
	return tz
}

// icalObservance adds a STANDARD or DAYLIGHT block starting at the instant
// at, whose DTSTART is the local time just before it (in the old offset).
func icalObservance(tz *ics.VTimezone, dst bool, at time.Time, from, to int, abbr string) {
	var cb *ics.ComponentBase
	if dst {
		d := &ics.Daylight{}
		tz.Components = append(tz.Components, d)
		cb = &d.ComponentBase
	} else {
		cb = &tz.AddStandard().ComponentBase
	}
	cb.SetProperty(ics.ComponentPropertyDtStart, at.UTC().Add(time.Duration(from)*time.Second).Format(icalLocalFormat))
	cb.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icalOffset(from))
	cb.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icalOffset(to))
	if abbr != "" {
		cb.SetProperty(ics.ComponentProperty(ics.PropertyTzname), abbr)
	}
}

// icalOffset formats seconds east of UTC as ±HHMM (±HHMMSS when needed).
func icalOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%s%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%s%02d%02d", sign, h, m)
}
