package crdt

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/automerge/automerge-go"
)

const (
	icalMaxBytes  = 16 << 20
	icalMaxEvents = 10000
	// icalMaxDepth bounds component nesting (VCALENDAR > VEVENT > VALARM is
	// 3): the parser recurses per level, and a file nesting thousands deep
	// would exhaust the stack.
	icalMaxDepth = 8
)

var errIcalNothing = errors.New("nothing to import")

// icalItem is one VEVENT read from a file, checked and ready to store.
type icalItem struct {
	key       string    // identity within the file: UID, plus RECURRENCE-ID
	uid       string    // UID to store ("" when the file gave none)
	rid       time.Time // RECURRENCE-ID: this VEVENT replaces one occurrence
	ev        schedEvent
	seq       int64
	cancelled bool
}

// ImportICS adds the events of an iCalendar file, as any calendar app writes
// them: times with a TZID (IANA, prefixed or common Windows names), UTC "Z"
// times, floating times (read in the file's X-WR-TIMEZONE, else UTC),
// all-day DATE values, DTEND or DURATION, RRULE, EXDATE, and RECURRENCE-ID
// copies of single occurrences. It returns how many events it created or
// changed.
//
// An event whose UID was imported (or exported) before is updated in place,
// with a raised SEQUENCE, rather than duplicated; one that is unchanged is
// left alone, so importing the same file twice changes nothing. Events this
// schedule has deleted are not brought back; STATUS:CANCELLED deletes. The
// shifts of a Mutual export are skipped: shifts are managed here, not
// imported. RDATE and ATTENDEE are ignored.
//
// A file that is not iCalendar, or any event in it that cannot be read
// (no start, an unknown zone, a rule repeating more than daily…), fails the
// whole import with an ErrInvalid error naming the event; nothing is written.
func (s *Schedule) ImportICS(data []byte) (added int, err error) {
	me, err := s.member()
	if err != nil {
		return 0, err
	}
	cal, err := icalParse(data)
	if err != nil {
		return 0, err
	}
	items, err := icalItems(cal)
	if err != nil {
		return 0, err
	}
	now := s.stamp()
	err = s.change("import events from a calendar file", func(root *automerge.Map) error {
		n, err := icalApply(root, items, me, now)
		if err != nil {
			return err
		}
		if n == 0 {
			return errIcalNothing // roll back: no empty change in the history
		}
		added = n
		return nil
	})
	if errors.Is(err, errIcalNothing) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return added, nil
}

// icalParse checks the file's outline and parses it.
func icalParse(data []byte) (cal *ics.Calendar, err error) {
	if len(data) > icalMaxBytes {
		return nil, fmt.Errorf("calendar file has %d bytes, at most %d allowed: %w", len(data), icalMaxBytes, ErrInvalid)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	trimmed := strings.ToUpper(strings.TrimSpace(text))
	if !strings.HasPrefix(trimmed, "BEGIN:VCALENDAR") {
		return nil, fmt.Errorf("not an iCalendar file (it must start with BEGIN:VCALENDAR): %w", ErrInvalid)
	}
	if !strings.HasSuffix(trimmed, "END:VCALENDAR") {
		return nil, fmt.Errorf("iCalendar file is cut short (it must end with END:VCALENDAR): %w", ErrInvalid)
	}
	depth := 0
	for _, line := range strings.Split(trimmed, "\n") {
		switch {
		case strings.HasPrefix(line, "BEGIN:"):
			if depth++; depth > icalMaxDepth {
				return nil, fmt.Errorf("iCalendar components nest more than %d deep: %w", icalMaxDepth, ErrInvalid)
			}
		case strings.HasPrefix(line, "END:"):
			depth--
		}
	}
	defer func() {
		if r := recover(); r != nil {
			cal, err = nil, fmt.Errorf("not a valid iCalendar file: %v: %w", r, ErrInvalid)
		}
	}()
	cal, err = ics.ParseCalendarWithOptions(strings.NewReader(text), ics.WithUnknownPropertyHandler(ics.AcceptUnknownPropertyHandler))
	if err != nil {
		return nil, fmt.Errorf("not a valid iCalendar file: %v: %w", err, ErrInvalid)
	}
	return cal, nil
}

// icalItems reads every VEVENT; a later VEVENT with the same identity wins.
func icalItems(cal *ics.Calendar) ([]icalItem, error) {
	def := "UTC"
	for _, p := range cal.CalendarProperties {
		if strings.EqualFold(p.IANAToken, string(ics.PropertyXWRTimezone)) {
			if z, err := icalZoneName(p.Value); err == nil {
				def = z
			}
		}
	}
	var items []icalItem
	index := map[string]int{}
	for i, v := range cal.Events() {
		uid := icalProp(v, ics.ComponentPropertyUniqueId)
		if strings.EqualFold(icalProp(v, icalKindProp), "shift") || strings.HasSuffix(uid, icalShiftUID) {
			continue
		}
		it, err := icalReadItem(v, uid, def)
		if err != nil {
			label := uid
			if sum := icalProp(v, ics.ComponentPropertySummary); sum != "" {
				label = strconv.Quote(sum)
			}
			return nil, fmt.Errorf("calendar event %d (%s): %w", i+1, label, err)
		}
		if j, seen := index[it.key]; seen {
			items[j] = it
			continue
		}
		if len(items) >= icalMaxEvents {
			return nil, fmt.Errorf("calendar file has more than %d events: %w", icalMaxEvents, ErrInvalid)
		}
		index[it.key] = len(items)
		items = append(items, it)
	}
	return items, nil
}

func icalProp(v *ics.VEvent, p ics.ComponentProperty) string {
	if x := v.GetProperty(p); x != nil {
		return strings.TrimSpace(x.Value)
	}
	return ""
}

// icalReadItem turns a VEVENT into a checked event.
func icalReadItem(v *ics.VEvent, uid, def string) (icalItem, error) {
	dtstart := v.GetProperty(ics.ComponentPropertyDtStart)
	if dtstart == nil {
		return icalItem{}, fmt.Errorf("no DTSTART: %w", ErrInvalid)
	}
	if z := icalProp(v, icalZoneProp); z != "" { // our own all-day events name their zone
		if name, err := icalZoneName(z); err == nil {
			def = name
		}
	}
	start, err := icalTime(dtstart, def)
	if err != nil {
		return icalItem{}, err
	}
	zone := start.zone
	loc, err := schedZone(zone)
	if err != nil {
		return icalItem{}, err
	}
	end, err := icalEnd(v, start, loc)
	if err != nil {
		return icalItem{}, err
	}
	spec := EventSpec{
		Title:       icalClip(strings.Join(strings.Fields(icalText(icalProp(v, ics.ComponentPropertySummary))), " "), schedMaxTitle),
		Location:    icalClip(strings.Join(strings.Fields(icalText(icalProp(v, ics.ComponentPropertyLocation))), " "), schedMaxLocation),
		Description: icalClip(icalText(icalProp(v, ics.ComponentPropertyDescription)), schedMaxDescription),
		TimeZone:    zone,
		Start:       start.t,
		End:         end,
		AllDay:      start.date,
		RRule:       icalProp(v, ics.ComponentPropertyRrule),
	}
	if spec.Title == "" {
		spec.Title = "(no title)"
	}
	for _, p := range v.GetProperties(ics.ComponentPropertyExdate) {
		ws, err := icalTimes(p, zone)
		if err != nil {
			return icalItem{}, err
		}
		for _, w := range ws {
			spec.ExDates = append(spec.ExDates, icalOccurrenceStart(w, start, loc))
		}
	}
	it := icalItem{uid: uid, key: uid}
	if p := v.GetProperty(ics.ComponentPropertyRecurrenceId); p != nil {
		w, err := icalTime(p, zone)
		if err != nil {
			return icalItem{}, err
		}
		it.rid = schedExDate(icalOccurrenceStart(w, start, loc), loc, start.date)
		it.key += "\n" + strconv.FormatInt(it.rid.UnixMilli(), 10)
	}
	if uid == "" { // RFC 5545 requires a UID; without one, the summary and start identify the event
		it.key = "no-uid\n" + spec.Title + "\n" + dtstart.Value + "\n" + it.key
	}
	if it.ev, err = schedNormalizeEvent(spec, true); err != nil {
		return icalItem{}, err
	}
	if n, err := strconv.ParseInt(icalProp(v, ics.ComponentPropertySequence), 10, 64); err == nil {
		it.seq = min(max(n, 0), 1_000_000)
	}
	it.cancelled = strings.EqualFold(icalProp(v, ics.ComponentPropertyStatus), string(ics.ObjectStatusCancelled))
	return it, nil
}

// icalEnd reads DTEND or DURATION; without either an all-day event lasts its
// day and a timed one is a moment (RFC 5545 §3.6.1).
func icalEnd(v *ics.VEvent, start icalWhen, loc *time.Location) (time.Time, error) {
	if p := v.GetProperty(ics.ComponentPropertyDtEnd); p != nil {
		end, err := icalTime(p, start.zone)
		if err != nil {
			return time.Time{}, err
		}
		if end.date != start.date {
			return time.Time{}, fmt.Errorf("DTSTART and DTEND must both be dates or both date-times: %w", ErrInvalid)
		}
		return icalInZone(end, loc), nil
	}
	if d := icalProp(v, ics.ComponentPropertyDuration); d != "" {
		days, exact, err := icalDuration(d)
		if err != nil {
			return time.Time{}, err
		}
		return start.t.In(loc).AddDate(0, 0, days).Add(exact), nil
	}
	if start.date {
		return start.t.In(loc).AddDate(0, 0, 1), nil
	}
	return start.t, nil
}

// icalInZone re-reads a DATE in the event's zone (dates are zone-less);
// date-times are instants already.
func icalInZone(w icalWhen, loc *time.Location) time.Time {
	if !w.date {
		return w.t
	}
	y, m, d := w.t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// icalOccurrenceStart reads an EXDATE or RECURRENCE-ID value as the start
// of an occurrence: a bare date on a timed event means that day's occurrence.
func icalOccurrenceStart(w icalWhen, start icalWhen, loc *time.Location) time.Time {
	if !w.date || start.date {
		return icalInZone(w, loc)
	}
	y, m, d := w.t.Date()
	st := start.t.In(loc)
	return time.Date(y, m, d, st.Hour(), st.Minute(), st.Second(), 0, loc)
}

// icalClip shortens imported text to max code points instead of refusing
// the file: calendar apps write long descriptions (meeting links, HTML).
func icalClip(s string, max int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= max {
		return string(r)
	}
	return string(r[:max-1]) + "…"
}

// icalApply stores the items and returns how many events it created or changed.
func icalApply(root *automerge.Map, items []icalItem, me MemberID, now time.Time) (int, error) {
	events, err := schedChild(root, schedKeyEvents)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range items {
		var r reader
		id := icalEventID(&r, events, it)
		m := r.mapAt(events, id)
		if r.err != nil {
			return 0, r.err
		}
		if m == nil {
			if it.cancelled {
				continue
			}
			uid := it.uid
			if uid == "" {
				uid = id + schedUIDSuffix
			}
			m, err := schedCreateEvent(root, id, uid, it.ev, it.seq, me, now)
			if err != nil {
				return 0, err
			}
			if !it.rid.IsZero() {
				if err := m.Set("recurrenceId", it.rid.UnixMilli()); err != nil {
					return 0, err
				}
			}
			n++
			continue
		}
		cur := schedReadEvent(&r, id, m)
		if r.err != nil {
			return 0, r.err
		}
		switch {
		case cur.Deleted, !it.cancelled && icalSameEvent(cur, it.ev):
			continue
		case it.cancelled:
			if err := schedSet(m, map[string]any{"deleted": true, "updatedBy": string(me), "updatedAt": now.UnixMilli()}); err != nil {
				return 0, err
			}
			if err := schedBump(m, "sequence", max(1, it.seq-cur.Sequence)); err != nil {
				return 0, err
			}
		default:
			// The file's SEQUENCE may be ahead of ours: keep ours at least as high.
			if err := schedUpdateEvent(m, it.ev, max(1, it.seq-cur.Sequence), me, now); err != nil {
				return 0, err
			}
		}
		n++
	}
	return n, nil
}

// icalEventID is the event an item updates or creates: the event itself
// for a UID this schedule exported ("<id>@mutual"), else an ID derived from
// the UID (and RECURRENCE-ID), so two members importing the same file while
// offline create the same event, not two.
func icalEventID(r *reader, events *automerge.Map, it icalItem) string {
	if it.rid.IsZero() {
		if x, ok := strings.CutSuffix(it.uid, schedUIDSuffix); ok && ValidID(x) && r.mapAt(events, x) != nil {
			return x
		}
	}
	sum := sha256.Sum256([]byte("mutual-ical-v1\n" + it.key))
	return idEncoding.EncodeToString(sum[:16])
}

// icalSameEvent reports whether importing ev would change nothing in cur.
func icalSameEvent(cur Event, ev schedEvent) bool {
	return cur.Title == ev.Title && cur.Location == ev.Location && cur.Description == ev.Description &&
		cur.TimeZone == ev.TimeZone && cur.Start.Equal(ev.Start) && cur.End.Equal(ev.End) &&
		cur.AllDay == ev.AllDay && cur.RRule == ev.RRule &&
		slices.EqualFunc(cur.ExDates, ev.ExDates, time.Time.Equal)
}
