package crdt

import (
	"testing"
	"time"

	"github.com/automerge/automerge-go"
	"pgregory.net/rapid"
)

// hostileValues are values of every Automerge type, written where Mutual
// expects something else.
var hostileValues = []func() any{
	func() any { return "text" },
	func() any { return int64(-7) },
	func() any { return 3.5 },
	func() any { return true },
	func() any { return []byte{1, 2, 3} },
	func() any { return automerge.NewMap() },
	func() any { return automerge.NewList() },
	func() any { return automerge.NewText("t") },
	func() any { return automerge.NewCounter(4) },
	func() any { return time.Unix(0, 0) },
	func() any { return nil },
}

// TestHostileValuesNeverPanic overwrites random keys of valid documents —
// at the root and one and two levels down — with values of random types, as
// a hostile or buggy peer could, and reads everything a front end reads:
// errors are expected, panics are not.
func TestHostileValuesNeverPanic(t *testing.T) {
	seeds := seedDocs(t)
	now := time.Date(2026, 5, 1, 13, 0, 0, 0, time.UTC)
	rapid.Check(t, func(rt *rapid.T) {
		b := rapid.SampledFrom(seeds).Draw(rt, "doc")
		am, err := automerge.Load(b)
		if err != nil {
			rt.Fatal(err)
		}
		for n := rapid.IntRange(1, 4).Draw(rt, "edits"); n > 0; n-- {
			m := am.RootMap()
			for depth := rapid.IntRange(0, 2).Draw(rt, "depth"); depth > 0; depth-- {
				keys, _ := m.Keys()
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
			key := rapid.SampledFrom(append(keys, "id", "kind", "schema")).Draw(rt, "key")
			val := rapid.SampledFrom(hostileValues).Draw(rt, "value")()
			if val == nil {
				_ = m.Delete(key)
			} else {
				_ = m.Set(key, val)
			}
		}
		_, _ = am.Commit("vandalise")
		mangled := am.Save()
		readEverything(mangled, now)
	})
}

func readEverything(b []byte, now time.Time) {
	roster := &RosterView{byID: map[MemberID]int{}}
	if r, err := LoadRoster(b, nil); err == nil {
		_, _ = r.View()
		_, _ = r.JSON()
		_, _ = r.Markdown()
	}
	if p, err := LoadProposal(b, nil); err == nil {
		_, _ = p.JSON()
		_, _ = p.Markdown()
		_, _, _ = p.Stances()
		_, _ = Tally(p, roster, now)
		_, _ = p.Comments()
	}
	if s, err := LoadSchedule(b, nil); err == nil {
		_, _ = s.JSON()
		_, _ = s.Markdown()
		_, _ = s.Conflicts()
		_, _ = s.Occurrences(now.Add(-24*time.Hour), now.Add(30*24*time.Hour))
		_, _ = s.ExportICS()
	}
	if a, err := LoadAgreement(b, nil); err == nil {
		_, _ = a.JSON()
		_, _ = a.Markdown()
		_, _ = a.Versions()
		_, _ = a.Amendments()
		_, _ = a.Status()
	}
	if m, err := LoadMeeting(b, nil); err == nil {
		_, _ = m.JSON(roster)
		_, _ = m.Minutes()
		_, _ = m.MinutesStatusOf(roster)
		if p, err := LoadProposal(b, nil); err == nil {
			_, _, _ = TallyAtMeeting(p, roster, m, now)
		}
	}
}
