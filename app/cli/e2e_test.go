package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandLineEndToEnd(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	body := filepath.Join(t.TempDir(), "body.md")
	if err := os.WriteFile(body, []byte("# Oven\n\nThe old one is failing.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pid := ok(t, "--data", a, "new", "proposal", "--title", "Buy a second oven", "--body-file", body, "--quorum", "0.5")
	sid := ok(t, "--data", a, "new", "schedule", "--title", "Rota")
	aid := ok(t, "--data", a, "new", "agreement", "--title", "Bylaws", "--body-file", body)
	for _, id := range []string{pid, sid, aid} {
		if strings.ContainsAny(id, " \n") || len(id) != 26 {
			t.Fatalf("new printed %q, want the ID alone", id)
		}
	}
	ok(t, "--data", a, "vote", pid, "agree", "--reason", "Saturdays")
	ok(t, "--data", a, "shift", "add", sid, "--role", "Morning bake", "--start", "2026-12-01 05:00", "--end", "4h", "--capacity", "2", "--tz", "Europe/London")
	ok(t, "--data", a, "version", aid, "--name", "draft 1")

	var list []map[string]any
	jsonOf(t, ok(t, "--data", a, "list", "--json"), &list)
	if len(list) != 3 {
		t.Fatalf("list: %d documents", len(list))
	}
	for _, d := range list {
		for _, k := range []string{"id", "kind", "title", "updated", "status"} {
			if _, ok := d[k]; !ok {
				t.Fatalf("list entry lacks %q: %v", k, d)
			}
		}
	}
	var shown map[string]any
	jsonOf(t, ok(t, "--data", a, "show", pid, "--json"), &shown)
	if tally, _ := shown["tally"].(map[string]any); tally == nil || tally["participated"].(float64) != 1 {
		t.Fatalf("show lacks the tally: %v", shown["tally"])
	}

	// Export every document as Automerge, import into a fresh directory:
	// show --json is the same document there.
	roster := ok(t, "--data", a, "coops", "--json")
	var coops []map[string]any
	jsonOf(t, roster, &coops)
	coopID := coops[0]["id"].(string)
	b := t.TempDir()
	files := t.TempDir()
	for _, id := range []string{coopID, pid, sid, aid} {
		f := filepath.Join(files, id+".automerge")
		ok(t, "--data", a, "export", id, "--format", "automerge", "-o", f)
		if got := ok(t, "--data", b, "import", f); got != id {
			t.Fatalf("import printed %q, want %s", got, id)
		}
	}
	for _, id := range []string{pid, sid, aid} {
		if x, y := ok(t, "--data", a, "show", id, "--json"), ok(t, "--data", b, "show", id, "--json"); x != y {
			t.Fatalf("%s differs after export/import:\n%s\n---\n%s", id, x, y)
		}
	}
	for _, f := range []string{"json", "md", "ics"} {
		id := sid
		out := filepath.Join(files, "out."+f)
		ok(t, "--data", a, "export", id, "--format", f, "-o", out)
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			t.Fatalf("export %s wrote nothing", f)
		}
	}
	if hist := ok(t, "--data", a, "history", pid); !strings.Contains(hist, "Ana") {
		t.Fatalf("history does not name the author:\n%s", hist)
	}
}

func TestCommandLineBadInput(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	pid := ok(t, "--data", a, "new", "proposal", "--title", "Close on Mondays")
	ok(t, "--data", a, "close", pid)
	garbage := filepath.Join(t.TempDir(), "garbage.automerge")
	if err := os.WriteFile(garbage, []byte("definitely not automerge"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A second member, in their own data directory, who is not an admin.
	b := t.TempDir()
	ok(t, "--data", b, "init", "--name", "Ben", "--coop", "Ben's scratch co-op")
	var who map[string]string
	jsonOf(t, ok(t, "--data", b, "whoami", "--json"), &who)
	ok(t, "--data", a, "member", "add", who["member"], "--name", "Ben")
	var coops []map[string]any
	jsonOf(t, ok(t, "--data", a, "coops", "--json"), &coops)
	coopID := coops[0]["id"].(string)
	rosterFile := filepath.Join(t.TempDir(), "roster.automerge")
	ok(t, "--data", a, "export", coopID, "--format", "automerge", "-o", rosterFile)
	ok(t, "--data", b, "import", rosterFile)

	before := ok(t, "--data", a, "list", "--json")
	beforeB := ok(t, "--data", b, "--coop", coopID, "member", "list", "--json")
	cases := [][]string{
		{"--data", a, "show", "nosuchdocument"},
		{"--data", a, "vote", "nosuchdocument", "agree"},
		{"--data", a, "import", garbage},
		{"--data", a, "import", filepath.Join(a, "does-not-exist")},
		{"--data", a, "new", "proposal", "--title", "X", "--process", "lottery"},
		{"--data", a, "new", "proposal", "--title", "X", "--bogus-flag"},
		{"--data", a, "new", "spaceship", "--title", "X"},
		{"--data", a, "vote", pid, "agree"},
		{"--data", a, "export", pid, "--format", "pdf", "-o", "-"},
		{"--data", a, "export", pid, "--format", "ics", "-o", "-"},
		{"--data", a, "frobnicate"},
		{"--data", a, "member", "role", "Ana", "emperor"},
		{"--data", b, "--coop", coopID, "member", "remove", "Ana"},
		{"--data", b, "list"}, // two co-ops and none chosen
	}
	for _, c := range cases {
		msg := fails(t, c...)
		if len(msg) < 12 {
			t.Errorf("%v: unhelpful error %q", c, msg)
		}
	}
	if after := ok(t, "--data", a, "list", "--json"); after != before {
		t.Fatalf("bad input changed the documents:\n%s\n---\n%s", before, after)
	}
	if after := ok(t, "--data", b, "--coop", coopID, "member", "list", "--json"); after != beforeB {
		t.Fatalf("a non-admin changed the roster")
	}
}

// A proposal that ratifies a version named on the command line ratifies
// that version once it passes: the name is resolved when it is created.
func TestRatifyByVersionName(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	body := filepath.Join(t.TempDir(), "body.md")
	if err := os.WriteFile(body, []byte("# Hours\n\nWe open at nine.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	aid := ok(t, "--data", a, "new", "agreement", "--title", "Bylaws", "--body-file", body)
	ok(t, "--data", a, "version", aid, "--name", "v3")
	pid := ok(t, "--data", a, "new", "proposal", "--title", "Adopt v3", "--ratifies", aid+":v3")
	ok(t, "--data", a, "vote", pid, "agree")
	ok(t, "--data", a, "close", pid)
	ok(t, "--data", a, "ratify", aid, "--version", "v3", "--proposal", pid)
	if msg := fails(t, "--data", a, "new", "proposal", "--title", "Adopt v9", "--ratifies", aid+":v9"); !strings.Contains(msg, "version") {
		t.Fatalf("an unknown version: %q", msg)
	}
}

// `event edit` and `shift edit` change only the flags given.
func TestEditChangesOnlyTheFlagsGiven(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	sid := ok(t, "--data", a, "new", "schedule", "--title", "Rota")
	eid := ok(t, "--data", a, "event", "add", sid, "--title", "AGM", "--start", "2026-12-01 18:00", "--end", "2h",
		"--location", "Back room", "--description", "Bring the accounts", "--tz", "Europe/London")
	ok(t, "--data", a, "event", "edit", sid, eid, "--title", "Annual meeting")
	shid := ok(t, "--data", a, "shift", "add", sid, "--role", "Till", "--start", "2026-12-02 09:00", "--end", "3h",
		"--capacity", "2", "--notes", "Float in the safe", "--tz", "Europe/London")
	ok(t, "--data", a, "shift", "edit", sid, shid, "--start", "2026-12-02 10:00")
	var shown struct {
		Events []map[string]any `json:"events"`
		Shifts []map[string]any `json:"shifts"`
	}
	jsonOf(t, ok(t, "--data", a, "show", sid, "--json"), &shown)
	if len(shown.Events) != 1 || len(shown.Shifts) != 1 {
		t.Fatalf("show: %+v", shown)
	}
	ev, sh := shown.Events[0], shown.Shifts[0]
	if ev["title"] != "Annual meeting" || ev["location"] != "Back room" || ev["description"] != "Bring the accounts" || ev["timeZone"] != "Europe/London" {
		t.Fatalf("edited event: %v", ev)
	}
	if sh["role"] != "Till" || sh["notes"] != "Float in the safe" || sh["capacity"].(float64) != 2 ||
		sh["start"] != "2026-12-02T10:00:00Z" || sh["end"] != "2026-12-02T13:00:00Z" {
		t.Fatalf("edited shift: %v", sh)
	}
}

// The agenda lists events and shifts together, by time.
func TestAgendaIsInTimeOrder(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	sid := ok(t, "--data", a, "new", "schedule", "--title", "Rota")
	ok(t, "--data", a, "event", "add", sid, "--title", "Late meeting", "--start", "2026-12-01 18:00", "--end", "1h", "--tz", "UTC")
	ok(t, "--data", a, "shift", "add", sid, "--role", "Early bake", "--start", "2026-12-01 05:00", "--end", "4h", "--tz", "UTC")
	out := ok(t, "--data", a, "agenda", sid, "--from", "2026-11-30", "--days", "3")
	bake, meet := strings.Index(out, "Early bake"), strings.Index(out, "Late meeting")
	if bake < 0 || meet < 0 || bake > meet {
		t.Fatalf("agenda not in time order:\n%s", out)
	}
}

// Importing the same .ics twice does not make a second schedule; --into
// updates the events of an existing one by UID.
func TestImportICSAgainAndInto(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	ics := func(summary string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:agm-2026@example.org\r\n" +
			"DTSTAMP:20260101T000000Z\r\nDTSTART:20261201T180000Z\r\nDTEND:20261201T200000Z\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	f := filepath.Join(t.TempDir(), "meetings.ics")
	if err := os.WriteFile(f, []byte(ics("AGM")), 0o600); err != nil {
		t.Fatal(err)
	}
	sid := ok(t, "--data", a, "import", f)
	if msg := fails(t, "--data", a, "import", f); !strings.Contains(msg, "exists") || !strings.Contains(msg, "--into") {
		t.Fatalf("second import: %q", msg)
	}
	if err := os.WriteFile(f, []byte(ics("Annual meeting")), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, "--data", a, "import", f, "--into", sid)
	var list []map[string]any
	jsonOf(t, ok(t, "--data", a, "list", "--kind", "schedule", "--json"), &list)
	if len(list) != 1 {
		t.Fatalf("%d schedules after importing one file twice", len(list))
	}
	var shown struct {
		Events []map[string]any `json:"events"`
	}
	jsonOf(t, ok(t, "--data", a, "show", sid, "--json"), &shown)
	if len(shown.Events) != 1 || shown.Events[0]["title"] != "Annual meeting" {
		t.Fatalf("events after --into: %v", shown.Events)
	}
}
