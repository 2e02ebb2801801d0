package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestVerifyDemoCoopPasses: the demo co-op's records all check out, and the
// report says what was checked.
func TestVerifyDemoCoopPasses(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "demo")
	out := ok(t, "--data", a, "verify")
	if !strings.Contains(out, "Everything checks out.") || strings.Contains(out, "PROBLEM") {
		t.Fatalf("verify on the demo co-op:\n%s", out)
	}
	var rep struct {
		Documents, Decisions int
		Problems             []map[string]any
	}
	if err := json.Unmarshal([]byte(ok(t, "--data", a, "verify", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Documents < 5 || rep.Decisions < 1 || len(rep.Problems) != 0 {
		t.Fatalf("verify --json: %+v", rep)
	}
}

func TestPrintableHidesControlCharacters(t *testing.T) {
	if got := printable("Budget\x1b]0;pwned\x07 2027\n"); strings.ContainsAny(got, "\x1b\x07\n") || !strings.Contains(got, "Budget") {
		t.Fatalf("printable left control characters: %q", got)
	}
}
