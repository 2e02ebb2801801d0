package crdt

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

// closedWithMinutes is a meeting with one agenda item and minutes typed
// under it, closed at meetT0 + 1h.
func closedWithMinutes(t *testing.T, f *propFixture) *Meeting {
	t.Helper()
	m := f.started(t)
	v := f.view(t)
	if _, err := m.AddAgendaItem(v, AgendaSpec{Title: "New oven"}); err != nil {
		t.Fatal(err)
	}
	md, _ := m.Minutes()
	if err := m.SetMinutes(v, md+"We agreed to buy it.\n", false); err != nil {
		t.Fatal(err)
	}
	f.now = meetT0.Add(time.Hour)
	if err := m.Close(v); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMeetingMinutesApproval(t *testing.T) {
	cases := []struct {
		name    string
		act     func(t *testing.T, f *propFixture, m *Meeting) error
		status  MinutesStatus
		text    string // the approved text, when approved
		refused int    // approvals that do not count
	}{
		{"approved by the chair", func(t *testing.T, f *propFixture, m *Meeting) error {
			return m.ApproveMinutes(f.view(t))
		}, MinutesApproved, "## New oven\n\nWe agreed to buy it.\n", 0},
		{"a member who is not the chair cannot", func(t *testing.T, f *propFixture, m *Meeting) error {
			return f.onCopy(t, m, "ben", func(q *Meeting) error { return q.ApproveMinutes(f.view(t)) })
		}, MinutesDraft, "", 0},
		{"an approval signed by a member who is not the chair does not count", func(t *testing.T, f *propFixture, m *Meeting) error {
			f.signRecord(t, m.Doc, "ben", recMinutesApproval, m.ID(), meetT0.Add(2*time.Hour),
				approvalRec{Heads: m.Heads(), SHA256: agreementSHA("## New oven\n\nWe agreed to buy it.\n")})
			return nil
		}, MinutesDraft, "", 0},
		{"rewritten after approval: changed since approved, the approved text stays", func(t *testing.T, f *propFixture, m *Meeting) error {
			if err := m.ApproveMinutes(f.view(t)); err != nil {
				return err
			}
			bad := attackerWrite(t, m.Doc, f.ids["ben"], func(root *automerge.Map) error {
				return setText(root, meetingMinutesKey, "## New oven\n\nWe agreed NOT to buy it.\n")
			})
			return m.Merge(bad)
		}, MinutesAmended, "## New oven\n\nWe agreed to buy it.\n", 0},
		{"an approval whose hash is not the text's", func(t *testing.T, f *propFixture, m *Meeting) error {
			f.signRecord(t, m.Doc, "ada", recMinutesApproval, m.ID(), meetT0.Add(2*time.Hour),
				approvalRec{Heads: m.Heads(), SHA256: agreementSHA("something else")})
			return nil
		}, MinutesDraft, "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			m := closedWithMinutes(t, f)
			f.now = meetT0.Add(2 * time.Hour)
			err := c.act(t, f, m)
			if refusedOnInput := strings.HasSuffix(c.name, "cannot"); refusedOnInput != errors.Is(err, ErrNotAllowed) {
				t.Fatalf("act: %v", err)
			}
			v := f.view(t)
			st, err := m.MinutesStatusOf(v)
			if err != nil {
				t.Fatal(err)
			}
			if st != c.status {
				t.Fatalf("status %s, want %s", st, c.status)
			}
			text, ok, err := m.ApprovedMinutes(v)
			if err != nil || ok != (c.text != "") || text != c.text {
				t.Fatalf("approved text %q (%v, %v), want %q", text, ok, err, c.text)
			}
			if _, bad, _ := m.Approval(v); len(bad) != c.refused {
				t.Fatalf("refused approvals %+v, want %d", bad, c.refused)
			}
		})
	}
}

func TestMeetingMinutesRules(t *testing.T) {
	f := newPropFixture(t)
	m := f.started(t)
	v := f.view(t)
	if err := m.ApproveMinutes(v); err == nil {
		t.Fatal("approved the minutes of a meeting still going on")
	}
	// Two members type at once: both keep their words.
	if _, err := m.AddAgendaItem(v, AgendaSpec{Title: "Rota"}); err != nil {
		t.Fatal(err)
	}
	base, _ := m.Minutes()
	ben := f.meetingAs(t, m, "ben")
	if err := ben.SetMinutes(v, base+"Ben: rota is fine.\n", false); err != nil {
		t.Fatal(err)
	}
	if err := m.SpliceMinutes(v, 0, 0, "Chair: Ada\n\n", false); err != nil {
		t.Fatal(err)
	}
	if err := m.Merge(ben.Doc); err != nil {
		t.Fatal(err)
	}
	got, _ := m.Minutes()
	if got != "Chair: Ada\n\n## Rota\n\nBen: rota is fine.\n" {
		t.Fatalf("minutes = %q", got)
	}
	if err := m.SpliceMinutes(v, 999, 0, "x", false); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a splice outside the text: %v", err)
	}
	f.now = meetT0.Add(time.Hour)
	if err := m.Close(v); err != nil {
		t.Fatal(err)
	}
	if err := m.ApproveMinutes(v); err != nil {
		t.Fatal(err)
	}
	if err := m.SetMinutes(v, "other", false); !errors.Is(err, ErrMinutesApproved) {
		t.Fatalf("edited approved minutes without amending: %v", err)
	}
	if err := m.SetMinutes(v, got+"Correction: Dee was there too.\n", true); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.MinutesStatusOf(v); st != MinutesAmended {
		t.Fatalf("status %s after an amendment", st)
	}
	f.now = meetT0.Add(2 * time.Hour)
	if err := m.ApproveMinutes(v); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.MinutesStatusOf(v); st != MinutesApproved {
		t.Fatalf("status %s after approving the amendment", st)
	}
}

func TestMeetingAgendaAndActions(t *testing.T) {
	f := newPropFixture(t)
	m := f.meeting(t, f.meetingSpec())
	v := f.view(t)
	a, err := m.AddAgendaItem(v, AgendaSpec{Title: "Approve the February minutes", Kind: AgendaMinutes, Ref: NewID()})
	if err != nil {
		t.Fatal(err)
	}
	var b string
	f.must(t, m, "ben", func(q *Meeting) (err error) {
		b, err = q.AddAgendaItem(v, AgendaSpec{Title: "Buy an oven", Kind: AgendaProposal, Ref: NewID()})
		return err
	})
	if _, err := m.AddAgendaItem(v, AgendaSpec{Title: "Bad", Kind: AgendaProposal}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a proposal item without a proposal: %v", err)
	}
	// Cy may not move Ben's item; the chair may.
	if err := f.onCopy(t, m, "cy", func(q *Meeting) error { return q.MoveAgendaItem(v, b, 1) }); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("Cy moved Ben's item: %v", err)
	}
	if err := m.MoveAgendaItem(v, b, 1); err != nil {
		t.Fatal(err)
	}
	mv := f.mview(t, m)
	if len(mv.Agenda) != 2 || mv.Agenda[0].ID != b || mv.Agenda[1].ID != a || mv.Agenda[0].By != f.member("ben") {
		t.Fatalf("agenda = %+v", mv.Agenda)
	}
	// A change Cy signs on her own copy anyway is refused.
	f.signRecord(t, m.Doc, "cy", recAgendaItem, m.ID(), f.now.Add(time.Minute),
		agendaRec{ID: b, Title: "Sell the oven", Kind: AgendaText, Order: 5})
	if mv := f.mview(t, m); mv.Agenda[0].Title != "Buy an oven" || len(mv.Refused) != 1 || mv.Refused[0].Reason != RefuseNoRight {
		t.Fatalf("agenda %+v, refused %+v", mv.Agenda, mv.Refused)
	}
	if md, _ := m.Minutes(); md != "## Approve the February minutes\n\n## Buy an oven\n\n" {
		t.Fatalf("minutes sections = %q", md)
	}

	due := meetT0.Add(7 * 24 * time.Hour)
	id, err := m.AddAction(v, ActionSpec{What: "Get three quotes", Who: f.member("cy"), Due: due, Item: b})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.onCopy(t, m, "dee", func(q *Meeting) error { return q.SetActionDone(v, id, true) }); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("Dee ticked off Cy's action: %v", err)
	}
	f.now = meetT0.Add(24 * time.Hour)
	f.must(t, m, "cy", func(q *Meeting) error { return q.SetActionDone(v, id, true) })
	acts := f.mview(t, m).Actions
	if len(acts) != 1 || !acts[0].Done || !acts[0].DoneAt.Equal(f.now) || acts[0].Overdue(due.Add(time.Hour)) {
		t.Fatalf("actions = %+v", acts)
	}
	if err := m.RemoveAgendaItem(v, a); err != nil {
		t.Fatal(err)
	}
	if mv := f.mview(t, m); len(mv.Agenda) != 1 {
		t.Fatalf("agenda after removal = %+v", mv.Agenda)
	}
}

func TestMeetingSettings(t *testing.T) {
	f := newPropFixture(t)
	v := f.view(t)
	spec := f.meetingSpec()
	spec.Chair = f.member("eve")
	if _, err := NewMeeting(f.roster.ID(), spec, v, f.ids["ada"], f.now); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a non-member chairs: %v", err)
	}
	spec = f.meetingSpec()
	spec.Start = time.Time{}
	if _, err := NewMeeting(f.roster.ID(), spec, v, f.ids["ada"], f.now); !errors.Is(err, ErrInvalid) {
		t.Fatalf("no start time: %v", err)
	}
	m := f.meeting(t, f.meetingSpec())
	spec = f.meetingSpec()
	spec.Chair, spec.NoteTaker = f.member("ben"), f.member("cy")
	if err := f.onCopy(t, m, "ben", func(q *Meeting) error { return q.Reschedule(v, spec) }); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("Ben made himself chair: %v", err)
	}
	f.now = f.now.Add(time.Minute)
	if err := m.Reschedule(v, spec); err != nil {
		t.Fatal(err)
	}
	// Now Ben chairs: Ada can no longer open the roll call, Ben can.
	f.now = meetT0
	if err := m.Start(v); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("Ada opened a meeting Ben chairs: %v", err)
	}
	f.must(t, m, "ben", func(q *Meeting) error { return q.Start(v) })
	if mv := f.mview(t, m); mv.Phase != MeetingStarted || mv.Chair != f.member("ben") || mv.NoteTaker != f.member("cy") {
		t.Fatalf("view = %+v", mv)
	}
}
