package crdt

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

func TestScheduleOccurrencesAcrossDST(t *testing.T) {
	berlin := schedZoneT(t, "Europe/Berlin")
	for _, tc := range []struct {
		name    string
		start   time.Time
		wantUTC []string // UTC starts; the local time is 09:00 every time
	}{
		{"last Sunday of March", time.Date(2026, 3, 22, 9, 0, 0, 0, berlin),
			[]string{"2026-03-22T08:00:00Z", "2026-03-29T07:00:00Z", "2026-04-05T07:00:00Z"}},
		{"last Sunday of October", time.Date(2026, 10, 18, 9, 0, 0, 0, berlin),
			[]string{"2026-10-18T07:00:00Z", "2026-10-25T08:00:00Z", "2026-11-01T08:00:00Z"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSchedTest(t, schedIdentity(t))
			if _, err := s.AddEvent(EventSpec{Title: "Bake", TimeZone: "Europe/Berlin", Start: tc.start, End: tc.start.Add(90 * time.Minute), RRule: "FREQ=WEEKLY;COUNT=3"}); err != nil {
				t.Fatal(err)
			}
			occ, err := s.Occurrences(tc.start.AddDate(0, 0, -1), tc.start.AddDate(0, 1, 0))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			offsets := map[int]bool{}
			for _, o := range occ {
				got = append(got, o.Start.UTC().Format(time.RFC3339))
				if o.Start.Hour() != 9 || o.Start.Minute() != 0 || o.Start.Location().String() != "Europe/Berlin" {
					t.Errorf("occurrence at %v, want 09:00 Europe/Berlin", o.Start)
				}
				if o.End.Sub(o.Start) != 90*time.Minute {
					t.Errorf("occurrence lasts %v", o.End.Sub(o.Start))
				}
				_, off := o.Start.Zone()
				offsets[off] = true
			}
			if !slices.Equal(got, tc.wantUTC) {
				t.Fatalf("UTC starts %v, want %v", got, tc.wantUTC)
			}
			if len(offsets) != 2 {
				t.Fatalf("UTC offset did not change: %v", offsets)
			}
		})
	}
}

func TestScheduleOccurrencesRules(t *testing.T) {
	berlin := schedZoneT(t, "Europe/Berlin")
	mon := time.Date(2026, 3, 9, 9, 0, 0, 0, berlin)
	for _, tc := range []struct {
		name    string
		start   time.Time
		rule    string
		exdates []time.Time
		want    []string // local "01-02 15:04"
	}{
		{"count", mon, "FREQ=DAILY;COUNT=3", nil, []string{"03-09 09:00", "03-10 09:00", "03-11 09:00"}},
		{"until inclusive", mon, "FREQ=DAILY;UNTIL=20260312T080000Z", nil, []string{"03-09 09:00", "03-10 09:00", "03-11 09:00", "03-12 09:00"}},
		{"until date covers its day", mon, "FREQ=DAILY;UNTIL=20260311", nil, []string{"03-09 09:00", "03-10 09:00", "03-11 09:00"}},
		{"interval", mon, "FREQ=WEEKLY;INTERVAL=2;COUNT=3", nil, []string{"03-09 09:00", "03-23 09:00", "04-06 09:00"}},
		{"weekly byday", mon, "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", nil, []string{"03-09 09:00", "03-11 09:00", "03-16 09:00", "03-18 09:00"}},
		{"monthly second tuesday", time.Date(2026, 3, 10, 18, 0, 0, 0, berlin), "FREQ=MONTHLY;BYDAY=2TU;COUNT=3", nil, []string{"03-10 18:00", "04-14 18:00", "05-12 18:00"}},
		{"monthly on the 31st skips short months", time.Date(2026, 1, 31, 9, 0, 0, 0, berlin), "FREQ=MONTHLY;COUNT=3", nil, []string{"01-31 09:00", "03-31 09:00", "05-31 09:00"}},
		{"exdate counts toward count", mon, "FREQ=DAILY;COUNT=4", []time.Time{mon.AddDate(0, 0, 1)}, []string{"03-09 09:00", "03-11 09:00", "03-12 09:00"}},
		{"exdate in UTC matches local occurrence", mon, "FREQ=WEEKLY;COUNT=3", []time.Time{mon.AddDate(0, 0, 14).UTC()}, []string{"03-09 09:00", "03-16 09:00"}},
		{"unbounded rule stops at range end", mon, "FREQ=MONTHLY", nil, []string{"03-09 09:00", "04-09 09:00", "05-09 09:00", "06-09 09:00", "07-09 09:00", "08-09 09:00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSchedTest(t, schedIdentity(t))
			if _, err := s.AddEvent(EventSpec{Title: "x", TimeZone: "Europe/Berlin", Start: tc.start, End: tc.start.Add(time.Hour), RRule: tc.rule, ExDates: tc.exdates}); err != nil {
				t.Fatal(err)
			}
			occ, err := s.Occurrences(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range occ {
				got = append(got, o.Start.Format("01-02 15:04"))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestScheduleOccurrencesRange(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	long, _ := s.AddEvent(EventSpec{Title: "Retreat", Start: start, End: start.Add(48 * time.Hour)})
	daily, _ := s.AddEvent(EventSpec{Title: "Standup", Start: start, End: start.Add(15 * time.Minute), RRule: "FREQ=DAILY"})
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     []string // event IDs in order
	}{
		{"running at from is included", start.Add(24 * time.Hour), start.Add(24*time.Hour + time.Minute), []string{long, daily}},
		{"starting at to is excluded", start.Add(-time.Hour), start, nil},
		{"ended at from is excluded", start.Add(15 * time.Minute), start.Add(time.Hour), []string{long}},
		{"two days", start, start.Add(48 * time.Hour), []string{long, daily, daily}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			occ, err := s.Occurrences(tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range occ {
				got = append(got, o.EventID)
			}
			// Order is by start, then ID; compare as sets of occurrences.
			slices.Sort(got)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
	}{
		{"empty", start, start},
		{"reversed", start, start.Add(-time.Hour)},
		{"zero", time.Time{}, start},
		{"over the cap", start, start.AddDate(30, 0, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Occurrences(tc.from, tc.to)
			schedWantErr(t, err, ErrInvalid)
		})
	}
	if occ, err := s.Occurrences(start, start.AddDate(20, 0, 0)); err != nil || len(occ) < 7000 {
		t.Fatalf("20 years of a daily event: %d, %v", len(occ), err)
	}
}

// schedForceRule stores rule on event id without validation, as a hostile
// or buggy peer could.
func schedForceRule(t *testing.T, s *Schedule, id, rule string, start time.Time) {
	t.Helper()
	err := s.change("force rule", func(root *automerge.Map) error {
		m, _, err := schedLiveEvent(root, id)
		if err != nil {
			return err
		}
		return schedSet(m, map[string]any{"rrule": rule, "start": start.UnixMilli(), "end": start.Add(time.Hour).UnixMilli()})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestScheduleOccurrencesHostileRules(t *testing.T) {
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	from, to := start, start.AddDate(0, 1, 0)
	for _, tc := range []struct {
		name, rule string
		start      time.Time
		wantOnce   bool // shown as a one-off with a Problem
	}{
		{"never matches", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", start, false},
		{"dense from the distant past", "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23", time.Date(1100, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"unparseable", "FREQ=SOMETIMES", start, true},
		{"sub-daily", "FREQ=MINUTELY", start, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSchedTest(t, schedIdentity(t))
			bad, _ := s.AddEvent(EventSpec{Title: "bad", Start: start, End: start.Add(time.Hour)})
			good, _ := s.AddEvent(EventSpec{Title: "good", Start: start, End: start.Add(time.Hour)})
			schedForceRule(t, s, bad, tc.rule, tc.start)
			occ, err := s.Occurrences(from, to)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, o := range occ {
				ids = append(ids, o.EventID)
			}
			if !slices.Contains(ids, good) {
				t.Fatalf("a hostile rule hid the other events: %v", ids)
			}
			if got := slices.Contains(ids, bad); got != tc.wantOnce {
				t.Fatalf("hostile event listed = %v, want %v", got, tc.wantOnce)
			}
			e, _ := s.Event(bad)
			if tc.wantOnce != strings.Contains(e.Problem, "cannot be used") {
				t.Fatalf("problem %q", e.Problem)
			}
			// Asked again (a redraw), the answer is the same.
			again, err := s.Occurrences(from, to)
			if err != nil || len(again) != len(occ) {
				t.Fatalf("second expansion: %d occurrences, %v; first %d", len(again), err, len(occ))
			}
		})
	}
}
