package workspace

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

func TestExportImportRoundTrip(t *testing.T) {
	w, c, _ := founded(t)
	pid, err := c.NewProposal(consent("Adopt a four-day week"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.VoteWords(pid, []string{"block"}, "not before the new hire"); err != nil {
		t.Fatal(err)
	}
	sid, err := c.NewSchedule("Rota")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC)
	if _, err := c.AddShift(sid, ShiftSpec{Role: "Morning bake", Start: start, End: start.Add(4 * time.Hour), Capacity: 2, TimeZone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	aid, err := c.NewAgreement("Bylaws", "# Bylaws\n\nMembers meet monthly.\n")
	if err != nil {
		t.Fatal(err)
	}

	fresh := openTest(t, t.TempDir())
	defer fresh.Close()
	ids := []string{c.ID(), pid, sid, aid}
	for _, id := range ids {
		b, err := c.Export(id, "automerge")
		if err != nil {
			t.Fatal(err)
		}
		coop, got, err := fresh.Import(b, id+".automerge", "")
		if err != nil {
			t.Fatalf("import %s: %v", id, err)
		}
		if coop != c.ID() || got != id {
			t.Fatalf("imported as %s/%s", coop, got)
		}
	}
	fc, err := fresh.Coop("")
	if err != nil {
		t.Fatal(err)
	}
	if fc.Name() != "Riverside Bakery" {
		t.Fatalf("restored co-op name %q", fc.Name())
	}
	for _, id := range ids {
		a, _ := c.Export(id, "json")
		b, err := fc.Export(id, "json")
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Fatalf("%s differs after import:\n%s\n---\n%s", id, a, b)
		}
	}
	var pv map[string]any
	b, _ := fc.Export(pid, "json")
	if err := json.Unmarshal(b, &pv); err != nil {
		t.Fatal(err)
	}
	if tally := pv["tally"].(map[string]any); tally["participated"].(float64) != 1 {
		t.Fatalf("tally lost its stance: %v", tally)
	}
	_ = w
}

func TestImportRejectsGarbage(t *testing.T) {
	w, c, _ := founded(t)
	before, _ := c.List("")
	for name, data := range map[string][]byte{
		"empty":       {},
		"text":        []byte("hello, this is not automerge"),
		"bad ics":     []byte("BEGIN:VCALENDAR\nthis is broken"),
		"foreign doc": foreignAutomerge(t),
	} {
		if _, _, err := w.Import(data, name, ""); err == nil {
			t.Errorf("%s: imported", name)
		} else if name == "foreign doc" && !errors.Is(err, crdt.ErrNotMutual) {
			t.Errorf("%s: %v, want ErrNotMutual", name, err)
		}
	}
	after, _ := c.List("")
	if len(after) != len(before) {
		t.Fatalf("garbage import wrote documents: %d -> %d", len(before), len(after))
	}
}

// foreignAutomerge is a valid Automerge document that is not a Mutual one
// (a root map {"hello": "world"}, made with automerge-go).
func foreignAutomerge(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/foreign-doc.bin")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A crafted document whose document and co-op IDs are two characters long
// (testdata/short-ids.automerge, made with automerge-go) is refused with an
// error: nothing slices it, nothing is stored.
func TestImportRefusesShortIDs(t *testing.T) {
	w, c, _ := founded(t)
	b, err := os.ReadFile("testdata/short-ids.automerge")
	if err != nil {
		t.Fatal(err)
	}
	before := len(w.Coops())
	docs, _ := c.List("")
	if _, _, err := w.Import(b, "short-ids.automerge", ""); !errors.Is(err, crdt.ErrNotMutual) {
		t.Fatalf("import: %v, want ErrNotMutual", err)
	}
	after, _ := c.List("")
	if len(w.Coops()) != before || len(after) != len(docs) {
		t.Fatal("a refused import stored something")
	}
}

// TestImportOfAnUnknownCoopsDocumentIsRefused: a proposal of a co-op this
// data directory is not a member of used to create a phantom co-op with no
// roster; it is refused, naming the co-op, and nothing is created.
func TestImportOfAnUnknownCoopsDocumentIsRefused(t *testing.T) {
	_, c, _ := founded(t)
	pid, err := c.NewProposal(consent("Adopt a four-day week"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Export(pid, "automerge")
	if err != nil {
		t.Fatal(err)
	}
	fresh := openTest(t, t.TempDir())
	defer fresh.Close()
	_, _, err = fresh.Import(b, "proposal.automerge", "")
	if !errors.Is(err, ErrNoCoop) || !strings.Contains(err.Error(), crdt.ShortID(c.ID())) || !strings.Contains(err.Error(), "not a member") {
		t.Fatalf("import of another co-op's proposal: %v", err)
	}
	if coops := fresh.Coops(); len(coops) != 0 {
		t.Fatalf("a phantom co-op was created: %v", coops)
	}
	// With its roster first, the same file imports.
	rb, err := c.Export(c.ID(), "automerge")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := fresh.Import(rb, "roster.automerge", ""); err != nil {
		t.Fatal(err)
	}
	if _, got, err := fresh.Import(b, "proposal.automerge", ""); err != nil || got != pid {
		t.Fatalf("after the roster: %s, %v", got, err)
	}
}
