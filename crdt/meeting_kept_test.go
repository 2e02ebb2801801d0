package crdt

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// fullMeeting is a closed meeting with every kind of record: settings, an
// agenda item, a proxy (Dee to Ben), the roll call, presences by device and
// recorded by the chair, an action, the close and the minutes' approval.
func fullMeeting(t *testing.T, f *propFixture) *Meeting {
	t.Helper()
	m := f.meeting(t, f.meetingSpec())
	v := f.view(t)
	item, err := m.AddAgendaItem(v, AgendaSpec{Title: "Rota"})
	if err != nil {
		t.Fatal(err)
	}
	f.must(t, m, "dee", giveProxy(f, t, "ben"))
	f.now = meetT0
	if err := m.Start(v); err != nil {
		t.Fatal(err)
	}
	f.now = meetT0.Add(time.Minute)
	f.must(t, m, "ben", confirm(v))
	if err := m.RecordPresence(v, f.member("cy"), PresentByCall); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddAction(v, ActionSpec{What: "Post the rota", Who: f.member("ben"), Item: item}); err != nil {
		t.Fatal(err)
	}
	f.now = meetT0.Add(time.Hour)
	if err := m.Close(v); err != nil {
		t.Fatal(err)
	}
	if err := m.ApproveMinutes(v); err != nil {
		t.Fatal(err)
	}
	return m
}

// meetingFacts is what the records establish, for comparing before/after.
func meetingFacts(t *testing.T, f *propFixture, m *Meeting) []any {
	t.Helper()
	mv := f.mview(t, m)
	st, err := m.MinutesStatusOf(f.view(t))
	if err != nil {
		t.Fatal(err)
	}
	return []any{mv.MeetingSettings, mv.Phase, mv.StartedAt, mv.ClosedAt, mv.Agenda, mv.Present, mv.Proxies, mv.Actions, st}
}

func TestMeetingRecordsDeletedByAnotherCopyArePutBack(t *testing.T) {
	cases := []struct {
		name string
		edit func(root *automerge.Map, f *propFixture, m *Meeting) error
		what []string // the records put back, as the member is told
	}{
		{"every record deleted", func(root *automerge.Map, _ *propFixture, _ *Meeting) error {
			return root.Set(recordsKey, automerge.NewMap())
		}, []string{"action", "agenda item", "meeting close", "meeting settings", "minutes approval", "presence", "presence", "proxy", "roll call"}},
		{"the chair's record of a presence by call deleted", func(root *automerge.Map, f *propFixture, m *Meeting) error {
			return deleteRecordsOf(root, m.ID(), func(e envelope) bool { return e.Type == recPresence && e.Member == f.member("ada") })
		}, []string{"presence"}},
		{"the close overwritten with other bytes", func(root *automerge.Map, f *propFixture, m *Meeting) error {
			var r reader
			rm := r.mapAt(root, recordsKey)
			for _, k := range r.keys(rm) {
				if e, err := openRecord(r.bytes(rm, k), m.ID()); err == nil && e.Type == recMeetingClose {
					return rm.Set(k, []byte(`{"type":"meeting-close"}`))
				}
			}
			t.Fatal("no close record")
			return nil
		}, []string{"meeting close"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			m := fullMeeting(t, f)
			before := meetingFacts(t, f, m)
			bad := attackerWrite(t, m.Doc, f.ids["ben"], func(root *automerge.Map) error { return c.edit(root, f, m) })
			if err := m.Merge(bad); err != nil {
				t.Fatal(err)
			}
			if after := meetingFacts(t, f, m); !reflect.DeepEqual(before, after) {
				t.Fatalf("after the merge the meeting reads\n%+v\nwas\n%+v", after, before)
			}
			put := m.TakeRestored()
			var what []string
			for _, r := range put {
				what = append(what, r.What)
				if len(r.RemovedBy) != 1 || r.RemovedBy[0] != f.member("ben") {
					t.Errorf("%s removed by %v, want Ben", r.What, r.RemovedBy)
				}
			}
			sort.Strings(what)
			if !reflect.DeepEqual(what, c.what) {
				t.Fatalf("put back %v, want %v", what, c.what)
			}
			// Another device holding the records puts them back the same way.
			third := f.meetingAs(t, m, "cy")
			if err := third.Merge(bad); err != nil {
				t.Fatal(err)
			}
			if after := meetingFacts(t, f, third); !reflect.DeepEqual(before, after) {
				t.Fatalf("Cy's copy reads\n%+v\nwant\n%+v", after, before)
			}
		})
	}
}

func TestProxyVoteAndMeetingLinkArePutBack(t *testing.T) {
	f := newPropFixture(t)
	p, m := f.atMeeting(t, 0.5, PassMajority)
	f.must(t, m, "dee", giveProxy(f, t, "ben"))
	f.now = meetT0
	if err := m.Start(f.view(t)); err != nil {
		t.Fatal(err)
	}
	f.now = meetT0.Add(time.Minute)
	present("ada", "ben")(t, f, p, m)
	votes("ada", Agree)(t, f, p, m)
	byProxy("ben", "dee", Agree)(t, f, p, m)
	bad := attackerWrite(t, p.Doc, f.ids["cy"], func(root *automerge.Map) error {
		return deleteRecordsOf(root, p.ID(), func(e envelope) bool { return e.Type != recordProposalSettings })
	})
	if err := p.Merge(bad); err != nil {
		t.Fatal(err)
	}
	res, mc, err := TallyAtMeeting(p, f.view(t), m, f.now)
	if err != nil {
		t.Fatalf("the link to the meeting was lost: %v", err)
	}
	if len(mc.ByProxy) != 1 || res.Participated != 3 {
		t.Fatalf("by proxy %+v, participated %d", mc.ByProxy, res.Participated)
	}
	var what []string
	for _, r := range p.TakeRestored() {
		what = append(what, r.What)
	}
	sort.Strings(what)
	if !reflect.DeepEqual(what, []string{"meeting that decides the proposal", "vote by proxy"}) {
		t.Fatalf("put back %v", what)
	}
}

// deleteRecordsOf deletes the records for which match is true.
func deleteRecordsOf(root *automerge.Map, doc string, match func(envelope) bool) error {
	var r reader
	rm := r.mapAt(root, recordsKey)
	for _, k := range r.keys(rm) {
		if e, err := openRecord(r.bytes(rm, k), doc); err == nil && match(e) {
			if err := rm.Delete(k); err != nil {
				return err
			}
		}
	}
	return r.err
}
