package crdt

import (
	"slices"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
	"pgregory.net/rapid"
)

// TestScheduleHostileValues overwrites random keys of a busy schedule — down
// to the sign-ups inside a shift's stand-in offers — with values of every
// Automerge type, then reads and edits it as the app would: errors are
// expected, panics are not. More checks: -rapid.checks=5000.
func TestScheduleHostileValues(t *testing.T) {
	sa, _, a, _ := schedBusy(t)
	if _, err := sa.ImportICS(icalFixture(t, "google.ics")); err != nil {
		t.Fatal(err)
	}
	seed := sa.Save()
	values := []func() any{
		func() any { return "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30" },
		func() any { return "Mars/Olympus" },
		func() any { return int64(-62135596800000) }, // year 1
		func() any { return int64(253402300799999) }, // year 9999
		func() any { return int64(0) },
		func() any { return 2.5 },
		func() any { return false },
		func() any { return []byte{0xff} },
		func() any { return automerge.NewMap() },
		func() any { return automerge.NewList() },
		func() any { return automerge.NewText("x") },
		func() any { return automerge.NewCounter(-3) },
		func() any { return time.Unix(-1, 0) },
		func() any { return nil },
	}
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(rt *rapid.T) {
		am, err := automerge.Load(seed)
		if err != nil {
			rt.Fatal(err)
		}
		for n := rapid.IntRange(1, 3).Draw(rt, "edits"); n > 0; n-- {
			m := am.RootMap()
			for depth := rapid.IntRange(0, 5).Draw(rt, "depth"); depth > 0; depth-- {
				keys, _ := m.Keys()
				slices.Sort(keys) // Keys comes from a Go map: sort, or replays differ
				if len(keys) == 0 {
					break
				}
				v, err := m.Get(rapid.SampledFrom(keys).Draw(rt, "into"))
				if err != nil || v.Kind() != automerge.KindMap {
					break
				}
				m = v.Map()
			}
			keys, _ := m.Keys()
			slices.Sort(keys)
			if len(keys) == 0 {
				keys = []string{"x"}
			}
			key := rapid.SampledFrom(keys).Draw(rt, "key")
			if val := rapid.SampledFrom(values).Draw(rt, "value")(); val == nil {
				_ = m.Delete(key)
			} else {
				_ = m.Set(key, val)
			}
		}
		_, _ = am.Commit("vandalise") // fails when the edits changed nothing: read the seed then
		s, err := LoadSchedule(am.Save(), a)
		if err != nil {
			return // refused whole: fine
		}
		_, _ = s.JSON()
		_, _ = s.Markdown()
		_, _ = s.Conflicts()
		_, _ = s.Occurrences(from, to)
		_, _ = s.ExportICS()
		evs, _ := s.allEvents()
		for _, e := range evs {
			_ = s.RSVP(e.ID, RSVPYes)
			_ = s.EditEvent(e.ID, e.Spec())
			_ = s.AddExDate(e.ID, e.Start)
		}
		shifts, _ := s.allShifts()
		for _, sh := range shifts {
			_ = s.SignUp(sh.ID)
			_ = s.RequestStandIn(sh.ID, "")
			_ = s.EditShift(sh.ID, sh.Spec())
			_ = s.Withdraw(sh.ID)
		}
		_, _ = s.ImportICS(icalFixture(t, "thunderbird.ics"))
	})
}
