package crdt

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// The standard text-CRDT editing trace (see ../shared/bench/README.md):
// never copied into the repository, read from MUTUAL_EDITS_JSON or from
// shared/bench/edits.json beside the repository.
const (
	traceEnv        = "MUTUAL_EDITS_JSON"
	traceFinalRunes = 104852
)

// traceEdit is one edit of the trace: at pos delete del code points, then
// insert ins.
type traceEdit struct {
	pos, del int
	ins      string
}

var (
	traceOnce  sync.Once
	traceEdits []traceEdit
	traceErr   error
	tracePath  string
)

// editingTracePath resolves the trace file: $MUTUAL_EDITS_JSON, else
// ../shared/bench/edits.json relative to the repository root (the directory
// holding go.mod, found by walking up from the package directory).
func editingTracePath() (string, error) {
	if p := os.Getenv(traceEnv); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for range 20 {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "bench", "edits.json"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("no go.mod above the package directory: %w", fs.ErrNotExist)
}

// loadEditingTrace reads and checks the trace once per test binary; it skips
// the test or benchmark when the file is absent.
func loadEditingTrace(tb testing.TB) []traceEdit {
	tb.Helper()
	traceOnce.Do(func() {
		if tracePath, traceErr = editingTracePath(); traceErr != nil {
			return
		}
		var b []byte
		if b, traceErr = os.ReadFile(tracePath); traceErr != nil {
			return
		}
		traceEdits, traceErr = parseEditingTrace(b)
	})
	if errors.Is(traceErr, fs.ErrNotExist) {
		tb.Skipf("editing trace not found (%v): set %s to the path of edits.json (see shared/bench/README.md)", traceErr, traceEnv)
	}
	if traceErr != nil {
		tb.Fatalf("editing trace %s: %v", tracePath, traceErr)
	}
	return traceEdits
}

func parseEditingTrace(b []byte) ([]traceEdit, error) {
	var raw [][]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	out := make([]traceEdit, 0, len(raw))
	for i, e := range raw {
		if len(e) < 2 {
			return nil, fmt.Errorf("edit %d: %v: want [pos, del, text...]", i, e)
		}
		pos, ok1 := e[0].(float64)
		del, ok2 := e[1].(float64)
		if !ok1 || !ok2 || pos < 0 || del < 0 || pos != float64(int(pos)) || del != float64(int(del)) {
			return nil, fmt.Errorf("edit %d: position and count must be non-negative integers: %v", i, e[:2])
		}
		var ins strings.Builder
		for _, s := range e[2:] {
			str, ok := s.(string)
			if !ok {
				return nil, fmt.Errorf("edit %d: inserted item %v is not a string", i, s)
			}
			ins.WriteString(str)
		}
		out = append(out, traceEdit{pos: int(pos), del: int(del), ins: ins.String()})
	}
	return out, nil
}

// replayReference applies edits to a plain rune slice: the obvious model.
func replayReference(edits []traceEdit) (string, error) {
	var doc []rune
	for i, ed := range edits {
		if ed.pos > len(doc) || ed.del > len(doc)-ed.pos {
			return "", fmt.Errorf("edit %d out of range", i)
		}
		ins := []rune(ed.ins)
		doc = append(doc[:ed.pos], append(ins, doc[ed.pos+ed.del:]...)...)
	}
	return string(doc), nil
}

// TestAgreementEditingTracePrefix replays the first edits of the trace with
// the benchmark's code, through the agreement's editing API and through raw
// automerge-go; both must give the text a plain rune slice gives.
func TestAgreementEditingTracePrefix(t *testing.T) {
	edits := loadEditingTrace(t)
	if len(edits) != 259778 {
		t.Fatalf("trace has %d edits, want 259778", len(edits))
	}
	edits = edits[:5000]
	me, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	run, err := replayTrace(edits, me, NewID(), 1000, true)
	if err != nil {
		t.Fatal(err)
	}
	a := run.agreement
	domain := agreementMustBody(t, a)
	raw, err := run.rawText.Get()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := replayReference(edits)
	if err != nil {
		t.Fatal(err)
	}
	if domain != raw || domain != ref {
		t.Fatalf("texts differ: domain %d, raw %d, reference %d code points",
			utf8.RuneCountInString(domain), utf8.RuneCountInString(raw), utf8.RuneCountInString(ref))
	}
	if len(ref) < 1000 {
		t.Fatalf("the first 5000 edits leave only %d characters: trace not as expected", len(ref))
	}
	if n := agreementHistoryLen(t, a); n != 3 {
		t.Fatalf("%d changes: want create, write agreement and one edit", n)
	}
}

func TestParseEditingTrace(t *testing.T) {
	got, err := parseEditingTrace([]byte(`[[0,0,"a","b"],[1,1],[0,0,"é"]]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []traceEdit{{0, 0, "ab"}, {1, 1, ""}, {0, 0, "é"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("parsed %v, want %v", got, want)
	}
	for _, bad := range []string{`{}`, `[[0]]`, `[[-1,0]]`, `[[0,1.5]]`, `[[0,0,3]]`, `[["0",0]]`} {
		if _, err := parseEditingTrace([]byte(bad)); err == nil {
			t.Errorf("parseEditingTrace(%s) accepted", bad)
		}
	}
}
