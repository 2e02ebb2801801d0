package crdt

import (
	"strings"
	"testing"
	"time"
)

func TestScheduleNewAndLoad(t *testing.T) {
	a := schedIdentity(t)
	for _, tc := range []struct {
		name, coop, title string
		want              error
	}{
		{"ok", NewID(), "Rota", nil},
		{"empty title", NewID(), "  ", ErrInvalid},
		{"two-line title", NewID(), "Rota\nmore", ErrInvalid},
		{"bad co-op", "not-an-id", "Rota", ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewSchedule(tc.coop, tc.title, a, schedTestStart)
			schedWantErr(t, err, tc.want)
		})
	}
	if _, err := NewSchedule(NewID(), "Rota", nil, schedTestStart); err != ErrReadOnly {
		t.Fatalf("no identity: %v", err)
	}
	s := newSchedTest(t, a)
	l, err := LoadSchedule(s.Save(), nil)
	if err != nil || l.ID() != s.ID() || l.Title() != "Rota" {
		t.Fatalf("load: %v %v", l, err)
	}
	if _, err := l.AddEvent(EventSpec{Title: "x", Start: schedTestStart, End: schedTestStart.Add(time.Hour)}); err != ErrReadOnly {
		t.Fatalf("read-only add: %v", err)
	}
	r, err := NewRoster("Bakery", "Ana", a, schedTestStart)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := AsSchedule(r.Doc); !strings.Contains(err.Error(), "roster") {
		t.Fatalf("roster as schedule: %v", err)
	}
	schedWantErr(t, func() error { _, err := LoadSchedule(r.Save(), a); return err }(), ErrWrongKind)
}

func TestScheduleAddEventValidation(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	ok := EventSpec{Title: "Assembly", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin"}
	with := func(f func(*EventSpec)) EventSpec { e := ok; f(&e); return e }
	for _, tc := range []struct {
		name string
		spec EventSpec
		want error
	}{
		{"ok", ok, nil},
		{"utc default", with(func(e *EventSpec) { e.TimeZone = "" }), nil},
		{"empty title", with(func(e *EventSpec) { e.Title = " " }), ErrInvalid},
		{"two-line title", with(func(e *EventSpec) { e.Title = "a\nb" }), ErrInvalid},
		{"long title", with(func(e *EventSpec) { e.Title = strings.Repeat("x", schedMaxTitle+1) }), ErrInvalid},
		{"control char", with(func(e *EventSpec) { e.Description = "bell\a" }), ErrInvalid},
		{"end before start", with(func(e *EventSpec) { e.End = start.Add(-time.Minute) }), ErrInvalid},
		{"end equals start", with(func(e *EventSpec) { e.End = start }), ErrInvalid},
		{"no start", with(func(e *EventSpec) { e.Start = time.Time{} }), ErrInvalid},
		{"year out of range", with(func(e *EventSpec) { e.Start = time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC) }), ErrInvalid},
		{"bad tz", with(func(e *EventSpec) { e.TimeZone = "Mars/Olympus" }), ErrInvalid},
		{"local tz", with(func(e *EventSpec) { e.TimeZone = "Local" }), ErrInvalid},
		{"weekly rule", with(func(e *EventSpec) { e.RRule = "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4" }), nil},
		{"garbage rule", with(func(e *EventSpec) { e.RRule = "EVERY MONDAY" }), ErrInvalid},
		{"unknown part", with(func(e *EventSpec) { e.RRule = "FREQ=WEEKLY;SOMETIMES=1" }), ErrInvalid},
		{"hourly rule", with(func(e *EventSpec) { e.RRule = "FREQ=HOURLY" }), ErrInvalid},
		{"count and until", with(func(e *EventSpec) { e.RRule = "FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z" }), ErrInvalid},
		{"interval too big", with(func(e *EventSpec) { e.RRule = "FREQ=DAILY;INTERVAL=5000" }), ErrInvalid},
		{"never occurs", with(func(e *EventSpec) { e.RRule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" }), ErrInvalid},
		{"bymonthday out of bounds", with(func(e *EventSpec) { e.RRule = "FREQ=MONTHLY;BYMONTHDAY=32" }), ErrInvalid},
		{"dtstart in rule", with(func(e *EventSpec) { e.RRule = "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY" }), ErrInvalid},
		{"zero exdate", with(func(e *EventSpec) { e.RRule = "FREQ=DAILY"; e.ExDates = []time.Time{{}} }), ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.Heads()
			id, err := s.AddEvent(tc.spec)
			schedWantErr(t, err, tc.want)
			if tc.want != nil {
				if strings.Join(s.Heads(), ",") != strings.Join(before, ",") {
					t.Fatal("a refused event changed the document")
				}
				return
			}
			e, err := s.Event(id)
			if err != nil {
				t.Fatal(err)
			}
			if e.UID != id+"@mutual" || e.Sequence != 0 || e.Title != strings.TrimSpace(tc.spec.Title) || !e.Start.Equal(tc.spec.Start) {
				t.Fatalf("stored %+v", e)
			}
		})
	}
}

func TestScheduleAllDayNormalised(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	berlin := schedZoneT(t, "Europe/Berlin")
	id, err := s.AddEvent(EventSpec{
		Title: "Market", TimeZone: "Europe/Berlin", AllDay: true,
		Start: time.Date(2026, 3, 28, 15, 0, 0, 0, berlin), End: time.Date(2026, 3, 29, 10, 0, 0, 0, berlin),
	})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := s.Event(id)
	wantStart, wantEnd := time.Date(2026, 3, 28, 0, 0, 0, 0, berlin), time.Date(2026, 3, 30, 0, 0, 0, 0, berlin)
	if !e.AllDay || !e.Start.Equal(wantStart) || !e.End.Equal(wantEnd) {
		t.Fatalf("all-day span %v – %v, want %v – %v", e.Start, e.End, wantStart, wantEnd)
	}
	// Across the DST change the span is 47 hours, yet it is two whole days.
	occ, err := s.Occurrences(wantStart, wantEnd)
	if err != nil || len(occ) != 1 || !occ[0].End.Equal(wantEnd) {
		t.Fatalf("occurrences %+v %v", occ, err)
	}
}

func TestScheduleEditDeleteEvent(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	id, err := s.AddEvent(EventSpec{Title: "Assembly", Start: start, End: start.Add(time.Hour), Description: "Agenda: budget"})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := s.Event(id)
	for i := 1; i <= 3; i++ {
		spec := e.Spec()
		spec.Location = "Hall " + string(rune('A'+i))
		if err := s.EditEvent(id, spec); err != nil {
			t.Fatal(err)
		}
		e, _ = s.Event(id)
		if e.Sequence != int64(i) || e.Location != spec.Location {
			t.Fatalf("after edit %d: sequence %d location %q", i, e.Sequence, e.Location)
		}
	}
	if !e.UpdatedAt.After(e.CreatedAt) {
		t.Fatalf("updatedAt %v not after createdAt %v", e.UpdatedAt, e.CreatedAt)
	}
	for _, tc := range []struct {
		name string
		id   string
		spec EventSpec
		want error
	}{
		{"unknown id", NewID(), e.Spec(), ErrNotFound},
		{"bad spec", id, EventSpec{Title: "x", Start: start, End: start.Add(-time.Hour)}, ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) { schedWantErr(t, s.EditEvent(tc.id, tc.spec), tc.want) })
	}
	if err := s.DeleteEvent(id); err != nil {
		t.Fatal(err)
	}
	if evs, _ := s.Events(); len(evs) != 0 {
		t.Fatalf("deleted event listed: %+v", evs)
	}
	all, _ := s.allEvents()
	if len(all) != 1 || !all[0].Deleted || all[0].Sequence != 4 {
		t.Fatalf("tombstone %+v", all)
	}
	schedWantErr(t, s.DeleteEvent(id), ErrNotFound)
	schedWantErr(t, s.EditEvent(id, e.Spec()), ErrNotFound)
	schedWantErr(t, s.RSVP(id, RSVPYes), ErrNotFound)
	h, _ := s.History()
	var msgs []string
	for _, c := range h {
		msgs = append(msgs, c.Message)
	}
	if got := strings.Join(msgs, "|"); !strings.Contains(got, "add event Assembly|edit event Assembly") || !strings.HasSuffix(got, "delete event Assembly") {
		t.Fatalf("history %q", got)
	}
}

func TestScheduleConcurrentEditsRaiseSequence(t *testing.T) {
	a, b := schedIdentity(t), schedIdentity(t)
	sa := newSchedTest(t, a)
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	id, _ := sa.AddEvent(EventSpec{Title: "Assembly", Start: start, End: start.Add(time.Hour)})
	sb := schedReplica(t, sa, b)
	e, _ := sa.Event(id)
	specA, specB := e.Spec(), e.Spec()
	specA.Location, specB.Description = "Hall", "Bring cake"
	if err := sa.EditEvent(id, specA); err != nil {
		t.Fatal(err)
	}
	if err := sb.EditEvent(id, specB); err != nil {
		t.Fatal(err)
	}
	schedMerge(t, sa, sb)
	ea, _ := sa.Event(id)
	eb, _ := sb.Event(id)
	if ea.Sequence != 2 || eb.Sequence != 2 {
		t.Fatalf("merged sequence %d/%d, want 2 (above both edits)", ea.Sequence, eb.Sequence)
	}
	if ea.Location != "Hall" || ea.Description != "Bring cake" {
		t.Fatalf("merged edits lost: %+v", ea)
	}
}

func TestScheduleRSVP(t *testing.T) {
	a, b := schedIdentity(t), schedIdentity(t)
	sa := newSchedTest(t, a)
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	id, _ := sa.AddEvent(EventSpec{Title: "Assembly", Start: start, End: start.Add(time.Hour)})
	for _, tc := range []struct {
		name, id, answer string
		want             error
	}{
		{"yes", id, RSVPYes, nil},
		{"change to maybe", id, RSVPMaybe, nil},
		{"bad answer", id, "perhaps", ErrInvalid},
		{"empty answer", id, "", ErrInvalid},
		{"unknown event", NewID(), RSVPNo, ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { schedWantErr(t, sa.RSVP(tc.id, tc.answer), tc.want) })
	}
	sb := schedReplica(t, sa, b)
	if err := sb.RSVP(id, RSVPNo); err != nil {
		t.Fatal(err)
	}
	if err := sa.RSVP(id, RSVPYes); err != nil { // concurrently with b's answer
		t.Fatal(err)
	}
	schedMerge(t, sa, sb)
	for _, s := range []*Schedule{sa, sb} {
		e, _ := s.Event(id)
		if e.Answer(a.Member()) != RSVPYes || e.Answer(b.Member()) != RSVPNo || len(e.RSVPs) != 2 || e.Sequence != 0 {
			t.Fatalf("merged answers %+v (sequence %d)", e.RSVPs, e.Sequence)
		}
	}
}

func TestScheduleAddExDate(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	berlin := schedZoneT(t, "Europe/Berlin")
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, berlin)
	weekly, _ := s.AddEvent(EventSpec{Title: "Bake", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin", RRule: "FREQ=WEEKLY;COUNT=5"})
	once, _ := s.AddEvent(EventSpec{Title: "Party", Start: start, End: start.Add(time.Hour)})
	for _, tc := range []struct {
		name string
		id   string
		at   time.Time
		want error
	}{
		{"second occurrence", weekly, start.AddDate(0, 0, 7), nil},
		{"after DST change", weekly, start.AddDate(0, 0, 21), nil},
		{"not an occurrence", weekly, start.AddDate(0, 0, 8), ErrInvalid},
		{"same day, wrong hour", weekly, start.AddDate(0, 0, 14).Add(time.Hour), ErrInvalid},
		{"past the count", weekly, start.AddDate(0, 0, 35), ErrInvalid},
		{"one-off event", once, start, ErrInvalid},
		{"zero time", weekly, time.Time{}, ErrInvalid},
		{"unknown event", NewID(), start, ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { schedWantErr(t, s.AddExDate(tc.id, tc.at), tc.want) })
	}
	occ, err := s.Occurrences(start, start.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var days []int
	for _, o := range occ {
		if o.EventID == weekly {
			days = append(days, o.Start.Day())
		}
	}
	if got := len(days); got != 3 || days[0] != 9 || days[1] != 23 || days[2] != 6 {
		t.Fatalf("weekly days after exdates %v, want [9 23 6]", days)
	}
	e, _ := s.Event(weekly)
	if e.Sequence != 2 || len(e.ExDates) != 2 {
		t.Fatalf("sequence %d exdates %v", e.Sequence, e.ExDates)
	}
}
