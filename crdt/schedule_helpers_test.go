package crdt

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// schedTestStart is when test schedules are created: a Monday.
var schedTestStart = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// schedIdentity makes a fresh identity or fails the test.
func schedIdentity(t testing.TB) *Identity {
	t.Helper()
	id, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// schedTick gives s a clock that advances one second per reading, so record
// times are distinct and predictable.
func schedTick(s *Schedule, from time.Time) {
	var n atomic.Int64
	s.SetClock(func() time.Time { return from.Add(time.Duration(n.Add(1)) * time.Second) })
}

// newSchedTest creates a schedule authored by me with a ticking clock.
func newSchedTest(t testing.TB, me *Identity) *Schedule {
	t.Helper()
	s, err := NewSchedule(NewID(), "Rota", me, schedTestStart)
	if err != nil {
		t.Fatal(err)
	}
	schedTick(s, schedTestStart)
	return s
}

// schedReplica opens s's saved bytes as member me's replica.
func schedReplica(t testing.TB, s *Schedule, me *Identity) *Schedule {
	t.Helper()
	r, err := LoadSchedule(s.Save(), me)
	if err != nil {
		t.Fatal(err)
	}
	schedTick(r, schedTestStart.Add(time.Hour))
	return r
}

// schedZoneT loads a zone or fails the test.
func schedZoneT(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// schedWantErr checks err against the sentinel want (nil: no error).
func schedWantErr(t testing.TB, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error = %v, want %v", err, want)
	}
}

// schedMerge merges a and b both ways.
func schedMerge(t testing.TB, a, b *Schedule) {
	t.Helper()
	if err := a.Merge(b.Doc); err != nil {
		t.Fatal(err)
	}
	if err := b.Merge(a.Doc); err != nil {
		t.Fatal(err)
	}
}

// schedAddShift adds a shift or fails the test.
func schedAddShift(t testing.TB, s *Schedule, role string, start time.Time, hours, capacity int) string {
	t.Helper()
	id, err := s.AddShift(ShiftSpec{Role: role, Start: start, End: start.Add(time.Duration(hours) * time.Hour), Capacity: capacity, TimeZone: "Europe/Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
