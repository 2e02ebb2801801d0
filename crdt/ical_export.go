package crdt

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

const (
	icalProdID = "-//Mutual//Mutual co-op schedule//EN"
	// icalKindProp marks the VEVENTs that stand for shifts, so importing an
	// export does not turn shifts into events.
	icalKindProp = ics.ComponentProperty("X-MUTUAL-KIND")
	// icalZoneProp keeps the zone of an all-day event, which DATE values
	// cannot carry, across an export and re-import.
	icalZoneProp      = ics.ComponentProperty("X-MUTUAL-TZID")
	icalShiftUID      = ".shift" + schedUIDSuffix
	icalDateFormat    = "20060102"
	icalLocalFormat   = "20060102T150405"
	icalUTCFormat     = "20060102T150405Z"
	icalShiftCategory = "SHIFT"
)

// ExportICS writes the schedule as an iCalendar (RFC 5545) file: one VEVENT
// per event — deleted ones as STATUS:CANCELLED with a raised SEQUENCE, so
// calendars that imported them drop them — and one per shift (CATEGORIES
// SHIFT, places and sign-ups in the description). Times carry their IANA
// TZID, and a VTIMEZONE for each zone describes its offsets over the years
// the schedule spans, for calendar apps that do not know IANA names. UIDs
// are stable across exports and DTSTAMP is each item's last change, so the
// same document always exports the same bytes.
func (s *Schedule) ExportICS() ([]byte, error) {
	h, err := s.Header()
	if err != nil {
		return nil, err
	}
	events, err := s.allEvents()
	if err != nil {
		return nil, err
	}
	shifts, err := s.allShifts()
	if err != nil {
		return nil, err
	}
	cal := ics.NewCalendarFor("Mutual")
	cal.SetProductId(icalProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName(icalText(h.Title))
	for _, z := range icalZoneSpans(events, shifts) {
		cal.AddVTimezone(icalTimezone(z.name, z.loc, z.from, z.to))
	}
	for _, e := range events {
		cal.AddVEvent(icalEvent(e, h.CreatedAt))
	}
	for _, sh := range shifts {
		cal.AddVEvent(icalShift(sh, h.CreatedAt))
	}
	var b bytes.Buffer
	if err := cal.SerializeTo(&b, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("write iCalendar: %w", err)
	}
	return b.Bytes(), nil
}

func icalEvent(e Event, fallback time.Time) *ics.VEvent {
	loc, err := schedZone(e.TimeZone)
	zone := e.TimeZone
	if err != nil {
		loc, zone = time.UTC, "UTC"
	}
	v := ics.NewEvent(e.UID)
	icalStamps(v, e.CreatedAt, e.UpdatedAt, fallback)
	icalSetTime(v, ics.ComponentPropertyDtStart, e.Start, zone, loc, e.AllDay)
	if e.End.After(e.Start) { // an instant has no DTEND (RFC 5545 wants DTEND after DTSTART)
		icalSetTime(v, ics.ComponentPropertyDtEnd, e.End, zone, loc, e.AllDay)
	}
	if e.AllDay {
		v.SetProperty(icalZoneProp, zone)
	}
	if !e.RecurrenceID.IsZero() {
		icalSetTime(v, ics.ComponentPropertyRecurrenceId, e.RecurrenceID, zone, loc, e.AllDay)
	}
	if e.RRule != "" {
		if text, _, err := schedParseRule(e.RRule, loc); err == nil {
			v.AddRrule(text)
			for _, x := range e.ExDates {
				icalAddTime(v, ics.ComponentPropertyExdate, x, zone, loc, e.AllDay)
			}
		}
	}
	v.SetSequence(int(e.Sequence))
	v.SetSummary(icalText(e.Title))
	if e.Location != "" {
		v.SetLocation(icalText(e.Location))
	}
	if e.Description != "" {
		v.SetDescription(icalText(e.Description))
	}
	v.SetStatus(icalStatus(e.Deleted))
	return v
}

func icalShift(sh Shift, fallback time.Time) *ics.VEvent {
	loc, err := schedZone(sh.TimeZone)
	zone := sh.TimeZone
	if err != nil {
		loc, zone = time.UTC, "UTC"
	}
	v := ics.NewEvent(sh.ID + icalShiftUID)
	// A sign-up changes the description: it counts as a change of the item.
	last := sh.UpdatedAt
	for _, u := range sh.SignUps {
		last = icalLater(last, u.At)
	}
	for _, si := range sh.StandIns {
		last = icalLater(icalLater(last, si.At), si.TakenAt)
	}
	icalStamps(v, sh.CreatedAt, last, fallback)
	icalSetTime(v, ics.ComponentPropertyDtStart, sh.Start, zone, loc, false)
	icalSetTime(v, ics.ComponentPropertyDtEnd, sh.End, zone, loc, false)
	v.SetSequence(int(sh.Sequence))
	v.SetSummary(icalText(sh.Role))
	v.AddCategory(icalShiftCategory)
	v.SetProperty(icalKindProp, "shift")
	desc := fmt.Sprintf("Places: %d of %d taken", len(sh.SignUps), sh.Capacity)
	if len(sh.SignUps) > 0 {
		desc += "\nSigned up: " + strings.Join(icalShorts(sh.SignUps), ", ")
	}
	if sh.Notes != "" {
		desc += "\n\n" + sh.Notes
	}
	v.SetDescription(icalText(desc))
	v.SetStatus(icalStatus(sh.Deleted))
	return v
}

// icalStamps sets CREATED, LAST-MODIFIED and DTSTAMP. Without METHOD,
// DTSTAMP is the item's last modification (RFC 5545 §3.8.7.2), which also
// keeps exports deterministic.
func icalStamps(v *ics.VEvent, created, updated, fallback time.Time) {
	if created.IsZero() {
		created = fallback
	}
	updated = icalLater(updated, created)
	if !created.IsZero() {
		v.SetCreatedTime(created)
	}
	v.SetDtStampTime(updated)
	v.SetModifiedAt(updated)
}

func icalLater(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// icalTimeValue formats t for a DATE or DATE-TIME property in zone: a DATE
// for all-day items, UTC "Z" for the UTC zone, else local time with TZID.
func icalTimeValue(t time.Time, zone string, loc *time.Location, allDay bool) (string, []ics.PropertyParameter) {
	switch {
	case allDay:
		return t.In(loc).Format(icalDateFormat), []ics.PropertyParameter{ics.WithValue(string(ics.ValueDataTypeDate))}
	case zone == "UTC":
		return t.UTC().Format(icalUTCFormat), nil
	}
	return t.In(loc).Format(icalLocalFormat), []ics.PropertyParameter{ics.WithTZID(zone)}
}

func icalSetTime(v *ics.VEvent, p ics.ComponentProperty, t time.Time, zone string, loc *time.Location, allDay bool) {
	val, params := icalTimeValue(t, zone, loc, allDay)
	v.SetProperty(p, val, params...)
}

func icalAddTime(v *ics.VEvent, p ics.ComponentProperty, t time.Time, zone string, loc *time.Location, allDay bool) {
	val, params := icalTimeValue(t, zone, loc, allDay)
	v.AddProperty(p, val, params...)
}

func icalStatus(deleted bool) ics.ObjectStatus {
	if deleted {
		return ics.ObjectStatusCancelled
	}
	return ics.ObjectStatusConfirmed
}

// icalText drops control characters that iCalendar text cannot carry (the
// library escapes newlines, commas and semicolons itself).
func icalText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, schedNewlines(s))
}

func icalShorts(us []SignUp) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Member.Short()
	}
	slices.Sort(out)
	return out
}
