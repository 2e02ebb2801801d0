package crdt

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func icalFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "ical", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// icalEventByUID finds an event (not an override) by UID.
func icalEventByUID(t *testing.T, s *Schedule, uid string) Event {
	t.Helper()
	evs, err := s.Events()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.UID == uid && e.RecurrenceID.IsZero() {
			return e
		}
	}
	t.Fatalf("no event with UID %q in %+v", uid, evs)
	return Event{}
}

func TestICalImportGoogle(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	n, err := s.ImportICS(icalFixture(t, "google.ics"))
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 { // planning + its moved occurrence + May Day + call; the cancelled one is not added
		t.Fatalf("added %d, want 4", n)
	}
	berlin := schedZoneT(t, "Europe/Berlin")
	plan := icalEventByUID(t, s, "4f1k2j3h4g5f6d7s8a9@google.com")
	if plan.Title != "Planning evening" || plan.TimeZone != "Europe/Berlin" || plan.Location != "Community hall, Room 2" ||
		plan.Description != "Weekly planning, then dinner.\nBring: bread; cheese." || plan.Sequence != 2 ||
		!plan.Start.Equal(time.Date(2026, 3, 17, 19, 0, 0, 0, berlin)) || plan.End.Sub(plan.Start) != 2*time.Hour ||
		plan.RRule != "FREQ=WEEKLY;WKST=MO;UNTIL=20260428T215959Z;BYDAY=TU" ||
		len(plan.ExDates) != 1 || !plan.ExDates[0].Equal(time.Date(2026, 4, 7, 19, 0, 0, 0, berlin)) {
		t.Fatalf("planning event %+v", plan)
	}
	may := icalEventByUID(t, s, "mayday-2026@google.com")
	if !may.AllDay || may.TimeZone != "Europe/Berlin" || !may.Start.Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, berlin)) || !may.End.Equal(time.Date(2026, 5, 2, 0, 0, 0, 0, berlin)) {
		t.Fatalf("all-day event %+v", may)
	}
	call := icalEventByUID(t, s, "call-utc@google.com")
	if call.TimeZone != "UTC" || !call.Start.Equal(time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC)) ||
		call.Description != "A long description that a calendar app folds over several lines, with escaped commas, and unicode: Käse & Brot — fine." {
		t.Fatalf("UTC event %+v", call)
	}
	occ, err := s.Occurrences(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range occ {
		got = append(got, o.Start.Format("01-02 15:04 ")+o.Title)
	}
	want := []string{
		"03-17 19:00 Planning evening", "03-20 15:00 Call with the supplier", "03-24 19:00 Planning evening",
		"03-31 19:00 Planning evening", "04-14 20:00 Planning evening (late start)", "04-21 19:00 Planning evening",
		"04-28 19:00 Planning evening", "05-01 00:00 May Day market",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("occurrences\n got %q\nwant %q", got, want)
	}
	// The same file again changes nothing.
	heads := strings.Join(s.Heads(), ",")
	if n, err := s.ImportICS(icalFixture(t, "google.ics")); err != nil || n != 0 || strings.Join(s.Heads(), ",") != heads {
		t.Fatalf("re-import: %d, %v", n, err)
	}
	if evs, _ := s.Events(); len(evs) != 4 {
		t.Fatalf("re-import duplicated events: %d", len(evs))
	}
}

func TestICalImportOutlookAndThunderbird(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	if n, err := s.ImportICS(icalFixture(t, "outlook.ics")); err != nil || n != 1 {
		t.Fatalf("outlook: %d, %v", n, err)
	}
	board := icalEventByUID(t, s, "040000008200E00074C5B7101A82E00800000000")
	berlin := schedZoneT(t, "Europe/Berlin")
	if board.TimeZone != "Europe/Berlin" || board.Title != "Board meeting" || board.Location != "Office" ||
		!board.Start.Equal(time.Date(2026, 3, 5, 18, 0, 0, 0, berlin)) || board.End.Sub(board.Start) != 90*time.Minute {
		t.Fatalf("outlook event %+v", board)
	}
	if n, err := s.ImportICS(icalFixture(t, "thunderbird.ics")); err != nil || n != 3 {
		t.Fatalf("thunderbird: %d, %v", n, err)
	}
	ny := schedZoneT(t, "America/New_York")
	harvest := icalEventByUID(t, s, "tb-1")
	if harvest.TimeZone != "America/New_York" || !harvest.Start.Equal(time.Date(2026, 6, 1, 8, 30, 0, 0, ny)) {
		t.Fatalf("prefixed TZID: %+v", harvest)
	}
	camp := icalEventByUID(t, s, "tb-3")
	if !camp.AllDay || !camp.End.Equal(time.Date(2026, 7, 13, 0, 0, 0, 0, ny)) {
		t.Fatalf("all-day DURATION: %+v", camp)
	}
	evs, _ := s.Events()
	var reminder *Event
	for i := range evs {
		if evs[i].Title == "Reminder without an end" {
			reminder = &evs[i]
		}
	}
	// Floating time read in X-WR-TIMEZONE; no end: a moment.
	if reminder == nil || !reminder.Start.Equal(time.Date(2026, 6, 2, 9, 0, 0, 0, ny)) || !reminder.End.Equal(reminder.Start) || reminder.UID != reminder.ID+"@mutual" {
		t.Fatalf("event without UID or end: %+v", reminder)
	}
	// A moment stays editable as a moment; a timed event cannot become one.
	spec := reminder.Spec()
	spec.Title = "Reminder, renamed"
	if err := s.EditEvent(reminder.ID, spec); err != nil {
		t.Fatal(err)
	}
	hs := harvest.Spec()
	hs.End = hs.Start
	schedWantErr(t, s.EditEvent(harvest.ID, hs), ErrInvalid)
	// Without a UID, the summary and start still identify it on re-import
	// (the renamed reminder is updated back, not duplicated).
	if n, err := s.ImportICS(icalFixture(t, "thunderbird.ics")); err != nil || n != 1 {
		t.Fatalf("re-import thunderbird: %d, %v", n, err)
	}
	if n, err := s.ImportICS(icalFixture(t, "thunderbird.ics")); err != nil || n != 0 {
		t.Fatalf("third import of thunderbird: %d, %v", n, err)
	}
	if evs, _ := s.Events(); len(evs) != 4 {
		t.Fatalf("%d events after re-imports, want 4", len(evs))
	}
}

func TestICalImportRejectsGarbage(t *testing.T) {
	wrap := func(vevent string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n" +
			"BEGIN:VEVENT\r\nUID:good\r\nSUMMARY:good\r\nDTSTART:20260301T100000Z\r\nDTEND:20260301T110000Z\r\nEND:VEVENT\r\n" +
			vevent + "END:VCALENDAR\r\n"
	}
	event := func(lines ...string) string {
		return "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VEVENT\r\n"
	}
	deep := "BEGIN:VCALENDAR\r\n" + strings.Repeat("BEGIN:X-A\r\n", 20) + strings.Repeat("END:X-A\r\n", 20) + "END:VCALENDAR\r\n"
	for _, tc := range []struct{ name, data string }{
		{"empty", ""},
		{"whitespace", " \r\n "},
		{"text", "hello, calendar"},
		{"binary", "\x00\x01\x02\xff"},
		{"json", `{"events":[]}`},
		{"cut short", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"},
		{"unbalanced", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"},
		{"nested too deep", deep},
		{"no DTSTART", wrap(event("DTEND:20260301T110000Z"))},
		{"unknown zone", wrap(event("DTSTART;TZID=Mars/Olympus:20260301T100000", "DTEND;TZID=Mars/Olympus:20260301T110000"))},
		{"bad date", wrap(event("DTSTART:20261345T100000Z", "DTEND:20261346T100000Z"))},
		{"bad date shape", wrap(event("DTSTART:2026-03-01T10:00:00Z"))},
		{"end before start", wrap(event("DTSTART:20260301T100000Z", "DTEND:20260301T090000Z"))},
		{"date and date-time mixed", wrap(event("DTSTART;VALUE=DATE:20260301", "DTEND:20260302T090000Z"))},
		{"hourly rule", wrap(event("DTSTART:20260301T100000Z", "DTEND:20260301T110000Z", "RRULE:FREQ=HOURLY"))},
		{"garbage rule", wrap(event("DTSTART:20260301T100000Z", "DTEND:20260301T110000Z", "RRULE:WHENEVER"))},
		{"bad duration", wrap(event("DTSTART:20260301T100000Z", "DURATION:1 hour"))},
		{"negative duration", wrap(event("DTSTART:20260301T100000Z", "DURATION:-PT1H"))},
		{"bad exdate", wrap(event("DTSTART:20260301T100000Z", "DTEND:20260301T110000Z", "RRULE:FREQ=DAILY", "EXDATE:tomorrow"))},
		{"too large", "BEGIN:VCALENDAR\r\n" + strings.Repeat("X", icalMaxBytes) + "\r\nEND:VCALENDAR\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSchedTest(t, schedIdentity(t))
			heads := strings.Join(s.Heads(), ",")
			n, err := s.ImportICS([]byte(tc.data))
			t.Log(err)
			schedWantErr(t, err, ErrInvalid)
			if n != 0 || strings.Join(s.Heads(), ",") != heads {
				t.Fatalf("a refused import wrote %d events", n)
			}
			if evs, _ := s.Events(); len(evs) != 0 {
				t.Fatalf("events after a refused import: %+v", evs)
			}
		})
	}
}

func TestICalDuration(t *testing.T) {
	for _, tc := range []struct {
		in    string
		days  int
		exact time.Duration
		bad   bool
	}{
		{"PT1H30M", 0, 90 * time.Minute, false},
		{"P1D", 1, 0, false},
		{"P2W", 14, 0, false},
		{"P1DT12H", 1, 12 * time.Hour, false},
		{"+PT15S", 0, 15 * time.Second, false},
		{"-PT1H", 0, 0, true},
		{"P", 0, 0, true},
		{"PT", 0, 0, true},
		{"1H", 0, 0, true},
		{"P1Y", 0, 0, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			days, exact, err := icalDuration(tc.in)
			if tc.bad {
				schedWantErr(t, err, ErrInvalid)
				return
			}
			if err != nil || days != tc.days || exact != tc.exact {
				t.Fatalf("got %d days %v (%v), want %d days %v", days, exact, err, tc.days, tc.exact)
			}
		})
	}
}

func TestICalZoneNames(t *testing.T) {
	for win, iana := range icalWindowsZones {
		if got, err := icalZoneName(win); err != nil || got != iana {
			t.Errorf("%q → %q, %v", win, got, err)
		}
		if _, err := schedZone(iana); err != nil {
			t.Errorf("%q maps to %q, which does not load: %v", win, iana, err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"Europe/Berlin", "Europe/Berlin"},
		{"/Europe/Berlin", "Europe/Berlin"},
		{"/mozilla.org/20050126_1/America/New_York", "America/New_York"},
		{"/citadel.org/20190914_1/Asia/Tokyo", "Asia/Tokyo"},
		{"UTC", "UTC"},
	} {
		if got, err := icalZoneName(tc.in); err != nil || got != tc.want {
			t.Errorf("%q → %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "Mars/Olympus", "../../etc/passwd", "Local"} {
		if _, err := icalZoneName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
