package crdt

import (
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// The meeting fixtures reuse the proposal fixture's co-op: Ada (admin, who
// calls and chairs the meetings), members Ben, Cy and Dee, observer Obs,
// and Eve, who is not a member. The meeting is at propT0 + 1h.
var meetT0 = propT0.Add(time.Hour)

func (f *propFixture) meetingSpec() MeetingSpec {
	return MeetingSpec{Title: "March general meeting", Start: meetT0, Place: "The back room"}
}

// meeting creates a meeting by Ada on the fixture's clock.
func (f *propFixture) meeting(t *testing.T, spec MeetingSpec) *Meeting {
	t.Helper()
	m, err := NewMeeting(f.roster.ID(), spec, f.view(t), f.ids["ada"], f.now)
	if err != nil {
		t.Fatalf("NewMeeting: %v", err)
	}
	m.SetClock(f.clock)
	return m
}

// meetingAs is m as opened on name's machine.
func (f *propFixture) meetingAs(t *testing.T, m *Meeting, name string) *Meeting {
	t.Helper()
	q, err := LoadMeeting(m.Save(), f.ids[name])
	if err != nil {
		t.Fatal(err)
	}
	q.SetClock(f.clock)
	return q
}

// onCopy runs fn on name's copy of m and merges the result back into m.
func (f *propFixture) onCopy(t *testing.T, m *Meeting, name string, fn func(q *Meeting) error) error {
	t.Helper()
	q := f.meetingAs(t, m, name)
	if err := fn(q); err != nil {
		return err
	}
	if err := m.Merge(q.Doc); err != nil {
		t.Fatal(err)
	}
	return nil
}

// must is onCopy that fails the test on error.
func (f *propFixture) must(t *testing.T, m *Meeting, name string, fn func(q *Meeting) error) {
	t.Helper()
	if err := f.onCopy(t, m, name, fn); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// signRecord has name's device sign a record of typ about doc, timed at,
// and writes it straight into d's records, as a modified client could: it
// is how a backdated, replayed or out-of-place record arrives.
func (f *propFixture) signRecord(t *testing.T, d *Doc, name, typ, doc string, at time.Time, body any) {
	t.Helper()
	b, err := sealRecord(typ, doc, f.ids[name], at.UnixMilli(), body)
	if err != nil {
		t.Fatal(err)
	}
	bad := attackerWrite(t, d, f.ids[name], func(root *automerge.Map) error { return putRecord(root, b) })
	if err := d.Merge(bad); err != nil {
		t.Fatal(err)
	}
}

// started is a meeting Ada has opened at meetT0.
func (f *propFixture) started(t *testing.T) *Meeting {
	t.Helper()
	m := f.meeting(t, f.meetingSpec())
	f.now = meetT0
	if err := m.Start(f.view(t)); err != nil {
		t.Fatalf("Start: %v", err)
	}
	return m
}

func (f *propFixture) mview(t *testing.T, m *Meeting) MeetingView {
	t.Helper()
	mv, err := m.View(f.view(t))
	if err != nil {
		t.Fatal(err)
	}
	return mv
}

// presentNames lists who is present, by fixture name, and how.
func (f *propFixture) presentNames(t *testing.T, m *Meeting) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range f.mview(t, m).Present {
		out[f.nameOf(p.Member)] = p.How
	}
	return out
}

func (f *propFixture) nameOf(id MemberID) string {
	for n, i := range f.ids {
		if i.Member() == id {
			return n
		}
	}
	return "?"
}

// challenge is the meeting's roll-call challenge.
func (f *propFixture) challenge(t *testing.T, m *Meeting) string {
	t.Helper()
	var c string
	err := m.read(func(root *automerge.Map) error {
		st, err := m.readState(root, f.view(t))
		if err != nil {
			return err
		}
		if len(st.rollCalls) == 0 {
			t.Fatal("no roll call")
		}
		c = st.rollCalls[0].challenge
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func confirm(v *RosterView) func(q *Meeting) error {
	return func(q *Meeting) error { return q.ConfirmPresence(v) }
}
