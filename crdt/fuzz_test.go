package crdt

import (
	"testing"
	"time"
)

// seedDocs are valid documents of every kind, as saved bytes, for the fuzz
// seed corpus (testdata/fuzz/FuzzLoad holds more, found by fuzzing).
func seedDocs(tb testing.TB) [][]byte {
	tb.Helper()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	me, err := NewIdentity()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := NewRoster("Fuzz Co", "Ana", me, now)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := NewProposal(r.ID(), ProposalSpec{Title: "P", Process: ProcessConsent, ClosesAt: now.Add(time.Hour)}, me, now)
	if err != nil {
		tb.Fatal(err)
	}
	p.SetClock(func() time.Time { return now })
	if err := p.Vote([]Choice{{Option: "agree", Value: 1}}, "ok"); err != nil {
		tb.Fatal(err)
	}
	s, err := NewSchedule(r.ID(), "S", me, now)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.AddShift(ShiftSpec{Role: "Till", Start: now, End: now.Add(time.Hour), Capacity: 1}); err != nil {
		tb.Fatal(err)
	}
	a, err := NewAgreement(r.ID(), "A", "# Rules\n\nBe kind.", me, now)
	if err != nil {
		tb.Fatal(err)
	}
	v, err := r.View()
	if err != nil {
		tb.Fatal(err)
	}
	m, err := NewMeeting(r.ID(), MeetingSpec{Title: "M", Start: now}, v, me, now)
	if err != nil {
		tb.Fatal(err)
	}
	m.SetClock(func() time.Time { return now })
	if _, err := m.AddAgendaItem(v, AgendaSpec{Title: "Rota"}); err != nil {
		tb.Fatal(err)
	}
	if err := m.Start(v); err != nil {
		tb.Fatal(err)
	}
	return [][]byte{r.Save(), p.Save(), s.Save(), a.Save(), m.Save()}
}

// FuzzLoad loads arbitrary bytes as every kind of document and reads
// everything a front end would read: errors are fine, panics are not.
func FuzzLoad(f *testing.F) {
	for _, b := range seedDocs(f) {
		f.Add(b)
		if len(b) > 40 {
			f.Add(b[:len(b)/2])
			flipped := append([]byte(nil), b...)
			flipped[len(b)/3] ^= 0x5a
			f.Add(flipped)
		}
	}
	f.Add([]byte{})
	f.Add([]byte("not automerge at all"))
	now := time.Date(2026, 5, 1, 13, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) { readEverything(b, now) })
}
