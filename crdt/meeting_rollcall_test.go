package crdt

import (
	"errors"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

func TestMeetingPresenceRecords(t *testing.T) {
	cases := []struct {
		name string
		// act writes the presence(s) under test into m.
		act     func(t *testing.T, f *propFixture, m *Meeting)
		present map[string]string // who counts as present, and how
		refused string            // the reason the record under test is refused ("" none)
	}{
		{"valid: the member's own device", func(t *testing.T, f *propFixture, m *Meeting) {
			f.now = meetT0.Add(time.Minute)
			f.must(t, m, "ben", confirm(f.view(t)))
		}, map[string]string{"ben": PresentByDevice}, ""},
		{"valid: recorded by the chair, in the room and by call", func(t *testing.T, f *propFixture, m *Meeting) {
			f.now = meetT0.Add(time.Minute)
			if err := m.RecordPresence(f.view(t), f.member("cy"), PresentInRoom); err != nil {
				t.Fatal(err)
			}
			if err := m.RecordPresence(f.view(t), f.member("dee"), PresentByCall); err != nil {
				t.Fatal(err)
			}
		}, map[string]string{"cy": PresentInRoom, "dee": PresentByCall}, ""},
		{"the member's own confirmation wins over the chair's record", func(t *testing.T, f *propFixture, m *Meeting) {
			f.now = meetT0.Add(time.Minute)
			if err := m.RecordPresence(f.view(t), f.member("ben"), PresentInRoom); err != nil {
				t.Fatal(err)
			}
			f.now = meetT0.Add(2 * time.Minute)
			f.must(t, m, "ben", confirm(f.view(t)))
		}, map[string]string{"ben": PresentByDevice}, ""},
		{"wrong meeting: a presence copied from another meeting", func(t *testing.T, f *propFixture, m *Meeting) {
			other := f.started(t)
			f.now = meetT0.Add(time.Minute)
			f.must(t, other, "ben", confirm(f.view(t)))
			recs, err := other.SignedRecords()
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				e, _ := openRecord(r.Bytes, other.ID())
				if e.Type == recPresence {
					bad := attackerWrite(t, m.Doc, f.ids["ben"], func(root *automerge.Map) error { return putRecord(root, r.Bytes) })
					if err := m.Merge(bad); err != nil {
						t.Fatal(err)
					}
				}
			}
		}, map[string]string{}, RefuseOtherMeeting},
		{"replayed: this meeting's ID with another roll call's challenge", func(t *testing.T, f *propFixture, m *Meeting) {
			other := f.started(t)
			f.signRecord(t, m.Doc, "ben", recPresence, m.ID(), meetT0.Add(time.Minute),
				presenceRec{Member: f.member("ben"), Challenge: f.challenge(t, other), How: PresentByDevice})
		}, map[string]string{}, RefuseOtherRollCall},
		{"signed before the roll call opened", func(t *testing.T, f *propFixture, m *Meeting) {
			f.signRecord(t, m.Doc, "ben", recPresence, m.ID(), meetT0.Add(-time.Minute),
				presenceRec{Member: f.member("ben"), Challenge: f.challenge(t, m), How: PresentByDevice})
		}, map[string]string{}, RefuseBeforeRollCall},
		{"signed after the meeting closed, on a copy that had not heard", func(t *testing.T, f *propFixture, m *Meeting) {
			late := f.meetingAs(t, m, "ben") // Ben's copy before the close arrives
			f.now = meetT0.Add(time.Hour)
			if err := m.Close(f.view(t)); err != nil {
				t.Fatal(err)
			}
			f.now = meetT0.Add(time.Hour + time.Minute)
			if err := late.ConfirmPresence(f.view(t)); err != nil {
				t.Fatal(err)
			}
			if err := m.Merge(late.Doc); err != nil {
				t.Fatal(err)
			}
		}, map[string]string{}, RefuseAfterClose},
		{"by a non-member", func(t *testing.T, f *propFixture, m *Meeting) {
			f.signRecord(t, m.Doc, "eve", recPresence, m.ID(), meetT0.Add(time.Minute),
				presenceRec{Member: f.member("eve"), Challenge: f.challenge(t, m), How: PresentByDevice})
		}, map[string]string{}, RefuseNotMember},
		{"signed by one member for another", func(t *testing.T, f *propFixture, m *Meeting) {
			f.signRecord(t, m.Doc, "ben", recPresence, m.ID(), meetT0.Add(time.Minute),
				presenceRec{Member: f.member("cy"), Challenge: f.challenge(t, m), How: PresentByDevice})
		}, map[string]string{}, RefuseSignedForOther},
		{"recorded by a member who is not the chair", func(t *testing.T, f *propFixture, m *Meeting) {
			f.signRecord(t, m.Doc, "ben", recPresence, m.ID(), meetT0.Add(time.Minute),
				presenceRec{Member: f.member("cy"), Challenge: f.challenge(t, m), How: PresentInRoom})
		}, map[string]string{}, RefuseNotChair},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			m := f.started(t)
			c.act(t, f, m)
			got := f.presentNames(t, m)
			if len(got) != len(c.present) {
				t.Fatalf("present = %v, want %v", got, c.present)
			}
			for n, how := range c.present {
				if got[n] != how {
					t.Errorf("%s present %q, want %q", n, got[n], how)
				}
			}
			refused := f.mview(t, m).Refused
			if c.refused == "" {
				if len(refused) != 0 {
					t.Fatalf("refused %+v, want none", refused)
				}
				return
			}
			if len(refused) != 1 || refused[0].Reason != c.refused || refused[0].What != "presence" {
				t.Fatalf("refused %+v, want one presence refused: %s", refused, c.refused)
			}
		})
	}
}

func TestMeetingPresenceObserverAndRemoved(t *testing.T) {
	f := newPropFixture(t)
	m := f.started(t)
	f.now = meetT0.Add(time.Minute)
	f.must(t, m, "obs", confirm(f.view(t)))
	f.roster.SetClock(f.clock)
	if err := f.roster.RemoveMember(f.member("dee")); err != nil {
		t.Fatal(err)
	}
	f.signRecord(t, m.Doc, "dee", recPresence, m.ID(), meetT0.Add(2*time.Minute),
		presenceRec{Member: f.member("dee"), Challenge: f.challenge(t, m), How: PresentByDevice})
	mv := f.mview(t, m)
	if len(mv.Present) != 1 || mv.Present[0].Member != f.member("obs") || mv.Present[0].Voting {
		t.Fatalf("present = %+v, want the observer, not voting", mv.Present)
	}
	if q := mv.QuorumIn(f.view(t)); q.Present != 0 || q.Voters != 3 {
		t.Errorf("quorum = %+v: an observer is not counted, a removed member is not a voter", q)
	}
	if len(mv.Refused) != 1 || mv.Refused[0].Reason != RefuseRemoved {
		t.Errorf("refused = %+v, want the removed member's presence", mv.Refused)
	}
}

func TestMeetingRollCallRules(t *testing.T) {
	f := newPropFixture(t)
	m := f.meeting(t, f.meetingSpec())
	v := f.view(t)
	if err := f.onCopy(t, m, "ben", confirm(v)); err == nil {
		t.Fatal("confirmed presence before any roll call")
	}
	if err := f.onCopy(t, m, "ben", func(q *Meeting) error { return q.Start(v) }); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("a member who is not the chair started the meeting: %v", err)
	}
	if err := m.Close(v); err == nil {
		t.Fatal("closed a meeting that never started")
	}
	f.now = meetT0
	if err := m.Start(v); err != nil {
		t.Fatal(err)
	}
	if err := m.Start(v); err == nil {
		t.Fatal("started twice")
	}
	if err := m.RecordPresence(v, f.member("eve"), PresentInRoom); err == nil {
		t.Fatal("recorded a non-member present")
	}
	if err := m.RecordPresence(v, f.member("ben"), PresentByDevice); err == nil {
		t.Fatal("the chair signed a presence as if from the member's device")
	}
	f.now = meetT0.Add(time.Hour)
	if err := m.Close(v); err != nil {
		t.Fatal(err)
	}
	if err := f.onCopy(t, m, "ben", confirm(v)); !errors.Is(err, ErrClosed) {
		t.Fatalf("confirmed after the close: %v", err)
	}
	if mv := f.mview(t, m); mv.Phase != MeetingClosed || !mv.StartedAt.Equal(meetT0) || !mv.ClosedAt.Equal(meetT0.Add(time.Hour)) {
		t.Fatalf("phase %s, started %v, closed %v", mv.Phase, mv.StartedAt, mv.ClosedAt)
	}
}

// TestMeetingPresenceClockBehind: a member whose clock runs behind the
// chair's still confirms: the presence is timed at the roll call, not
// before it.
func TestMeetingPresenceClockBehind(t *testing.T) {
	f := newPropFixture(t)
	m := f.started(t)
	f.now = meetT0.Add(-3 * time.Minute)
	f.must(t, m, "ben", confirm(f.view(t)))
	if got := f.presentNames(t, m); got["ben"] != PresentByDevice {
		t.Fatalf("present = %v", got)
	}
}
