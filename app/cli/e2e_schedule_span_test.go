package cli

import (
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
