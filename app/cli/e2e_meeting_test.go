package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMonthlyMeeting drives three members' machines on loopback through a
// meeting: Ana calls it with a proposal to decide there, Cy (who cannot
// come) gives her proxy to Ben, Ana opens the roll call, Ben's machine gets
// it by sync and he confirms; the vote counts those present and Cy's vote
// cast by Ben; Ana writes the minutes, closes, approves and exports them,
// and `verify` checks the presences. Ben then ticks off his action.
func TestMonthlyMeeting(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	s := serve(t, a)
	addr := s.addr(t)
	for dir, name := range map[string]string{b: "Ben", c: "Cy"} {
		code := ok(t, "--data", a, "invite")
		ok(t, "--data", dir, "join", code, "--name", name, "--listen", "/ip4/127.0.0.1/tcp/0")
	}
	sync := func(dir string) { ok(t, "--data", dir, "sync", "--peer", addr, "--once") }

	mid := ok(t, "--data", a, "meeting", "new", "--title", "March meeting", "--start", "1h", "--end", "2h", "--place", "Back room")
	if len(mid) != 26 || strings.ContainsAny(mid, " \n") {
		t.Fatalf("meeting new printed %q, want the ID alone", mid)
	}
	pid := ok(t, "--data", a, "new", "proposal", "--title", "Buy a second oven", "--quorum", "0.6", "--rule", "majority", "--closes", "1d")
	ok(t, "--data", a, "meeting", "agenda", "add", mid, "--proposal", pid, "--decide")
	ok(t, "--data", a, "meeting", "agenda", "add", mid, "--title", "Summer rota")
	if agenda := ok(t, "--data", a, "meeting", "agenda", "list", mid); !strings.Contains(agenda, "1. Buy a second oven") || !strings.Contains(agenda, "2. Summer rota") {
		t.Fatalf("agenda:\n%s", agenda)
	}
	fails(t, "--data", a, "meeting", "agenda", "add", mid, "--title", "x", "--decide")

	sync(c)
	ok(t, "--data", c, "meeting", "proxy", mid, "--to", "Ben")
	sync(c)

	fails(t, "--data", a, "meeting", "present", mid) // no roll call yet
	ok(t, "--data", a, "meeting", "start", mid)
	sync(b)
	fails(t, "--data", b, "meeting", "start", mid) // Ben is not the chair
	ok(t, "--data", b, "meeting", "present", mid)
	sync(b)
	ok(t, "--data", a, "meeting", "present", mid)

	var rc map[string]any
	jsonOf(t, ok(t, "--data", a, "meeting", "rollcall", mid, "--json"), &rc)
	q := rc["quorum"].(map[string]any)
	present, _ := asMaps(rc["present"])
	if q["present"].(float64) != 2 || q["represented"].(float64) != 1 || len(present) != 2 || present[0]["how"] != "device" {
		t.Fatalf("roll call: %v", rc)
	}
	if human := ok(t, "--data", a, "meeting", "rollcall", mid); !strings.Contains(human, "Cy's vote held by Ben (valid)") {
		t.Fatalf("roll call:\n%s", human)
	}

	ok(t, "--data", a, "vote", pid, "agree")
	sync(b)
	ok(t, "--data", b, "vote", pid, "disagree")
	ok(t, "--data", b, "meeting", "proxy", "vote", pid, "--for", "Cy", "agree")
	fails(t, "--data", b, "meeting", "proxy", "vote", pid, "--for", "Ana", "agree")
	sync(b)
	ok(t, "--data", a, "close", pid)
	var shown map[string]any
	jsonOf(t, ok(t, "--data", a, "show", pid, "--json"), &shown)
	tally := shown["tally"].(map[string]any)
	meeting, _ := shown["meeting"].(map[string]any)
	byProxy, _ := asMaps(meeting["byProxy"])
	if tally["result"] != "passed" || tally["participated"].(float64) != 3 || len(byProxy) != 1 {
		t.Fatalf("tally at the meeting: %v / %v", tally, meeting)
	}

	ok(t, "--data", a, "meeting", "minutes", mid, "--append", "We buy the oven in April.")
	aid := ok(t, "--data", a, "action", "add", mid, "--what", "Order the oven", "--who", "Ben", "--due", "14d", "--item", "1")
	ok(t, "--data", a, "meeting", "close", mid)
	fails(t, "--data", b, "meeting", "approve", mid)
	ok(t, "--data", a, "meeting", "approve", mid)
	fails(t, "--data", a, "meeting", "minutes", mid, "--append", "Afterthought.")
	if st := ok(t, "--data", a, "list", "--kind", "meeting", "--json"); !strings.Contains(st, `"status": "approved"`) {
		t.Fatalf("meeting list: %s", st)
	}

	files := t.TempDir()
	md := filepath.Join(files, "minutes.md")
	ok(t, "--data", a, "export", mid, "--format", "md", "-o", md)
	text, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# March meeting", "Ben — confirmed on their own device", "Cy's vote cast by proxy by Ben",
		"We buy the oven in April.", "[ ] Order the oven — Ben", "approved by Ana"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the minutes lack %q:\n%s", want, text)
		}
	}
	pdf := filepath.Join(files, "minutes.pdf")
	ok(t, "--data", a, "export", mid, "--format", "pdf", "-o", pdf)
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("pdf: %v", err)
	}
	if out := ok(t, "--data", a, "verify"); !strings.Contains(out, "Everything checks out") {
		t.Fatalf("verify:\n%s", out)
	}

	sync(b)
	var acts []map[string]any
	jsonOf(t, ok(t, "--data", b, "action", "list", "--mine", "--open", "--json"), &acts)
	if len(acts) != 1 || acts[0]["id"] != aid {
		t.Fatalf("Ben's open actions: %v", acts)
	}
	ok(t, "--data", b, "action", "done", aid[:6])
	jsonOf(t, ok(t, "--data", b, "action", "list", "--mine", "--open", "--json"), &acts)
	if len(acts) != 0 {
		t.Fatalf("Ben's open actions after done: %v", acts)
	}
}
