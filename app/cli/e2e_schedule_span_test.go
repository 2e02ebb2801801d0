package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShiftAndEventEndingBeforeTheyStartAreRefused: the command line
// refuses an end before the start with the times in the member's zone, and
// adds nothing.
func TestShiftAndEventEndingBeforeTheyStartAreRefused(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	sid := ok(t, "--data", a, "new", "schedule", "--title", "Rota")
	for _, args := range [][]string{
		{"shift", "add", sid, "--role", "Morning bake", "--start", "2027-01-05 09:00", "--end", "2027-01-05 08:00", "--capacity", "2", "--tz", "Europe/Berlin"},
		{"event", "add", sid, "--title", "Members' meeting", "--start", "2027-01-05 19:00", "--end", "2027-01-05 18:00", "--tz", "Europe/Berlin"},
	} {
		msg := fails(t, append([]string{"--data", a}, args...)...)
		if !strings.Contains(msg, "before it starts") || !strings.Contains(msg, "Tue 5 Jan 2027") {
			t.Fatalf("mutual %s: %s", strings.Join(args, " "), msg)
		}
	}
	if out := ok(t, "--data", a, "show", sid); strings.Contains(out, "Morning bake") || strings.Contains(out, "Members' meeting") {
		t.Fatalf("a refused shift or event was saved:\n%s", out)
	}
}

// TestListSearchFindsWordsInText: `list --search` looks in bodies and
// comments, not only titles.
func TestListSearchFindsWordsInText(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	body := filepath.Join(t.TempDir(), "body.md")
	if err := os.WriteFile(body, []byte("The old oven is failing.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, "--data", a, "new", "proposal", "--title", "Equipment", "--body-file", body)
	other := ok(t, "--data", a, "new", "proposal", "--title", "Holidays")
	ok(t, "--data", a, "comment", other, "--text", "Who bakes the sourdough?")
	if out := ok(t, "--data", a, "list", "--search", "FAILING oven"); !strings.Contains(out, "Equipment") || strings.Contains(out, "Holidays") {
		t.Fatalf("search in a body:\n%s", out)
	}
	if out := ok(t, "--data", a, "list", "--search", "sourdough"); !strings.Contains(out, "Holidays") || strings.Contains(out, "Equipment") {
		t.Fatalf("search in a comment:\n%s", out)
	}
	if out := ok(t, "--data", a, "list", "--search", "croissant"); out != "No documents." {
		t.Fatalf("search for an absent word:\n%s", out)
	}
}
