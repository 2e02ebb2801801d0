package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
)

// Child processes: tests and benchmarks re-exec the test binary with
// childEnv set to pick one of these roles instead of running tests.
const (
	childEnv    = "MUTUAL_STORAGE_TEST_CHILD"
	childDirEnv = "MUTUAL_STORAGE_TEST_DIR"
	childRunEnv = "MUTUAL_STORAGE_TEST_RUN"
)

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(runChild(role, os.Getenv(childDirEnv)))
	}
	code := m.Run()
	cleanupBenchStore()
	os.Exit(code)
}

func runChild(role, dir string) int {
	switch role {
	case "crash":
		return crashChild(dir, os.Getenv(childRunEnv))
	case "lock":
		return lockChild(dir)
	case "openlist":
		return openListChild(dir)
	default:
		fmt.Fprintf(os.Stderr, "unknown child role %q\n", role)
		return 2
	}
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// openTestStore opens a store and closes it when the test ends.
func openTestStore(t testing.TB, opts Options) *Store {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	s, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func memStore(t testing.TB) *Store { return openTestStore(t, Options{InMemory: true}) }

func testMeta(coop, id string) DocMeta {
	return DocMeta{
		Coop: coop, ID: id, Kind: "proposal", Title: "Buy a van " + id, Status: "open",
		Deadline: time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC),
		Updated:  time.Date(2029, 1, 2, 3, 4, 5, 6, time.UTC),
		Author:   "ana",
	}
}

// compactSep joins parts in concatCompact; test payloads never contain it.
const compactSep = "|"

// concatCompact is a fake compaction: the new snapshot is the old one and
// every increment joined with compactSep, so tests can check no change was
// lost or duplicated.
func concatCompact(snapshot []byte, increments [][]byte) ([]byte, error) {
	parts := make([][]byte, 0, len(increments)+1)
	if len(snapshot) > 0 {
		parts = append(parts, snapshot)
	}
	parts = append(parts, increments...)
	return bytes.Join(parts, []byte(compactSep)), nil
}

// docTokens splits a loaded document back into the payloads it is made of.
func docTokens(snapshot []byte, increments [][]byte) []string {
	var out []string
	if len(snapshot) > 0 {
		out = append(out, strings.Split(string(snapshot), compactSep)...)
	}
	for _, inc := range increments {
		out = append(out, string(inc))
	}
	return out
}

// checkAllOnce fails unless every wanted payload occurs exactly once in got.
func checkAllOnce(t testing.TB, got []string, want []string) {
	t.Helper()
	count := make(map[string]int, len(got))
	for _, g := range got {
		count[g]++
	}
	for _, w := range want {
		switch count[w] {
		case 1:
		case 0:
			t.Errorf("change %q lost", w)
		default:
			t.Errorf("change %q present %d times", w, count[w])
		}
	}
}

func mustLoad(t testing.TB, s *Store, coop, id string) ([]byte, [][]byte) {
	t.Helper()
	snap, incs, err := s.LoadDoc(coop, id)
	if err != nil {
		t.Fatalf("LoadDoc(%s, %s): %v", coop, id, err)
	}
	return snap, incs
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want one wrapping %v", err, target)
	}
}
