package crdt

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// Benchmarks report their cost relative to a baseline measured in the same
// run on the same data ("x-baseline"), so results compare across machines:
//
//	CGO_ENABLED=1 go test ./crdt/ -run '^$' -bench 'Schedule|ICal' -benchtime 20x

// schedPerOp runs f n times and returns the mean duration.
func schedPerOp(n int, f func()) time.Duration {
	start := time.Now()
	for range n {
		f()
	}
	return time.Since(start) / time.Duration(n)
}

func schedReportRatio(b *testing.B, base time.Duration) {
	if base > 0 && b.N > 0 {
		b.ReportMetric(float64(b.Elapsed()/time.Duration(b.N))/float64(base), "x-baseline")
	}
}

// schedBenchSchedule has n weekly events (Europe/Berlin) and n shifts with
// sign-ups, some overlapping.
func schedBenchSchedule(b *testing.B, n int) *Schedule {
	a := schedIdentity(b)
	s := newSchedTest(b, a)
	berlin := schedZoneT(b, "Europe/Berlin")
	for i := range n {
		start := time.Date(2026, 1, 5, 8+i%10, 0, 0, 0, berlin).AddDate(0, 0, i%7)
		if _, err := s.AddEvent(EventSpec{Title: fmt.Sprintf("Event %d", i), TimeZone: "Europe/Berlin", Start: start, End: start.Add(time.Hour), RRule: "FREQ=WEEKLY"}); err != nil {
			b.Fatal(err)
		}
		id := schedAddShift(b, s, fmt.Sprintf("Shift %d", i), start.Add(time.Duration(i%3)*time.Hour), 2, 3)
		if err := s.SignUp(id); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkScheduleOccurrences expands a year of 50 weekly events; the
// baseline is reading the same events without expanding them.
func BenchmarkScheduleOccurrences(b *testing.B) {
	s := schedBenchSchedule(b, 50)
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	base := schedPerOp(10, func() { _, _ = s.Events() })
	b.ResetTimer()
	var n int
	for range b.N {
		occ, err := s.Occurrences(from, to)
		if err != nil {
			b.Fatal(err)
		}
		n = len(occ)
	}
	b.StopTimer()
	b.ReportMetric(float64(n), "occurrences/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*max(n, 1)), "ns/occurrence")
	schedReportRatio(b, base)
}

// BenchmarkScheduleNeverMatchingRule is the worst a hostile rule costs
// before it is remembered as dead: rrule-go searching to the year 9999.
// The baseline is expanding a normal weekly rule over a year.
func BenchmarkScheduleNeverMatchingRule(b *testing.B) {
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	_, weekly, err := schedParseRule("FREQ=WEEKLY", time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	base := schedPerOp(10, func() {
		r, _ := schedRuleFrom(weekly, start)
		_ = r.Between(start, start.AddDate(1, 0, 0), true)
	})
	_, dead, err := schedParseRule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		r, _ := schedRuleFrom(dead, start)
		if _, ok := r.Iterator()(); ok {
			b.Fatal("impossible rule produced a date")
		}
	}
	b.StopTimer()
	schedReportRatio(b, base)
}

// BenchmarkScheduleConflicts finds conflicts among 300 shifts; the baseline
// is reading the shifts.
func BenchmarkScheduleConflicts(b *testing.B) {
	s := schedBenchSchedule(b, 300)
	base := schedPerOp(10, func() { _, _ = s.Shifts() })
	b.ResetTimer()
	for range b.N {
		if _, err := s.Conflicts(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	schedReportRatio(b, base)
}

// BenchmarkICalExport writes 50 events and 50 shifts as iCalendar; the
// baseline is the JSON export of the same schedule.
func BenchmarkICalExport(b *testing.B) {
	s := schedBenchSchedule(b, 50)
	base := schedPerOp(10, func() {
		j, _ := s.JSON()
		_, _ = json.Marshal(j)
	})
	b.ResetTimer()
	var size int
	for range b.N {
		data, err := s.ExportICS()
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.StopTimer()
	b.ReportMetric(float64(size), "bytes/export")
	schedReportRatio(b, base)
}

// BenchmarkICalImport imports that export into an empty schedule; the
// baseline is parsing it without storing anything.
func BenchmarkICalImport(b *testing.B) {
	data, err := schedBenchSchedule(b, 50).ExportICS()
	if err != nil {
		b.Fatal(err)
	}
	base := schedPerOp(10, func() {
		cal, _ := icalParse(data)
		_, _ = icalItems(cal)
	})
	me := schedIdentity(b)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s := newSchedTest(b, me)
		b.StartTimer()
		if n, err := s.ImportICS(data); err != nil || n != 50 {
			b.Fatalf("imported %d: %v", n, err)
		}
	}
	b.StopTimer()
	schedReportRatio(b, base)
}
