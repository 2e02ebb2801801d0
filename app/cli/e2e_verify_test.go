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

// TestBodyFileIsBounded: `--body-file /dev/zero` used to run the machine out
// of memory; a body over the limit is refused with the limit named.
func TestBodyFileIsBounded(t *testing.T) {
	a := t.TempDir()
	ok(t, "--data", a, "init", "--name", "Ana", "--coop", "Riverside Bakery")
	msg := fails(t, "--data", a, "new", "agreement", "--title", "Bylaws", "--body-file", "/dev/zero")
	if !strings.Contains(msg, "larger than the limit of 4 MiB") {
		t.Fatalf("a body from /dev/zero: %s", msg)
	}
	if out := ok(t, "--data", a, "list"); out != "No documents." {
		t.Fatalf("something was created:\n%s", out)
	}
}
