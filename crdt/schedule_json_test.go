package crdt

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// schedBusy fills two replicas with concurrent events, shifts, sign-ups and
// answers, merged so that both hold every change.
func schedBusy(t *testing.T) (sa, sb *Schedule, a, b *Identity) {
	a, b = schedIdentity(t), schedIdentity(t)
	berlin := schedZoneT(t, "Europe/Berlin")
	sa = newSchedTest(t, a)
	start := time.Date(2026, 3, 9, 9, 0, 0, 0, berlin)
	weekly, err := sa.AddEvent(EventSpec{Title: "Bake", Location: "Kitchen", Description: "Bring aprons", TimeZone: "Europe/Berlin",
		Start: start, End: start.Add(2 * time.Hour), RRule: "FREQ=WEEKLY;COUNT=3"})
	if err != nil {
		t.Fatal(err)
	}
	if err := sa.AddExDate(weekly, start.AddDate(0, 0, 7)); err != nil {
		t.Fatal(err)
	}
	shift := schedAddShift(t, sa, "Till", start, 3, 1)
	sb = schedReplica(t, sa, b)
	if _, err := sb.AddEvent(EventSpec{Title: "Assembly", Start: start.Add(30 * time.Hour), End: start.Add(32 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Schedule{sa, sb} {
		if err := s.SignUp(shift); err != nil {
			t.Fatal(err)
		}
	}
	_ = sa.RSVP(weekly, RSVPYes)
	_ = sb.RSVP(weekly, RSVPMaybe)
	_ = sb.RequestStandIn(shift, "dentist")
	// Merge in opposite orders.
	if err := sa.Merge(sb.Doc); err != nil {
		t.Fatal(err)
	}
	if err := sb.Merge(sa.Doc); err != nil {
		t.Fatal(err)
	}
	return sa, sb, a, b
}

func TestScheduleJSONDeterministic(t *testing.T) {
	sa, sb, _, _ := schedBusy(t)
	ja, err := sa.JSON()
	if err != nil {
		t.Fatal(err)
	}
	jb, _ := sb.JSON()
	ba, _ := json.Marshal(ja)
	bb, _ := json.Marshal(jb)
	if string(ba) != string(bb) {
		t.Fatalf("replicas export different JSON:\n%s\n%s", ba, bb)
	}
	// Reading again gives the same bytes (no map-order dependence).
	for i := 0; i < 5; i++ {
		j, _ := sa.JSON()
		b, _ := json.Marshal(j)
		if string(b) != string(ba) {
			t.Fatal("JSON export is not stable")
		}
	}
	var m map[string]any
	if err := json.Unmarshal(ba, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "coop", "kind", "schema", "title", "createdBy", "createdAt", "events", "shifts", "conflicts"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, ba)
		}
	}
	if m["kind"] != "schedule" || m["Header"] != nil {
		t.Fatalf("header not inlined: %s", ba)
	}
	ev := m["events"].([]any)[0].(map[string]any)
	if ev["start"] != "2026-03-09T08:00:00Z" || ev["timeZone"] != "Europe/Berlin" || ev["rrule"] != "FREQ=WEEKLY;COUNT=3" {
		t.Fatalf("event JSON %v", ev)
	}
	if cs := m["conflicts"].([]any); len(cs) != 1 {
		t.Fatalf("conflicts %v", cs)
	}
}

func TestScheduleJSONEmpty(t *testing.T) {
	s := newSchedTest(t, schedIdentity(t))
	j, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(j)
	if !strings.Contains(string(b), `"events":[],"shifts":[],"conflicts":[]`) {
		t.Fatalf("empty schedule JSON %s", b)
	}
}

func TestScheduleMarkdown(t *testing.T) {
	sa, _, a, b := schedBusy(t)
	md, err := sa.Markdown()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# Rota\n", "## Events", "### Bake", "Mon 2026-03-09 09:00–11:00 (Europe/Berlin)", "- Where: Kitchen",
		"- Repeats: `FREQ=WEEKLY;COUNT=3`, except 2026-03-16", "Bring aprons", "### Assembly",
		"yes: " + a.Member().Short(), "maybe: " + b.Member().Short(),
		"## Shifts", "### Till", "- Places: 2 of 1 taken", b.Member().Short() + " needs a stand-in (dentist)",
		"## Conflicts", "**over capacity**",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	empty, _ := newSchedTest(t, a).Markdown()
	if !strings.Contains(empty, "No events.") || !strings.Contains(empty, "No shifts.") || strings.Contains(empty, "Conflicts") {
		t.Fatalf("empty markdown:\n%s", empty)
	}
}
