package storage

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	crashKills   = 30
	crashBudget  = 60 * time.Second
	crashCoop    = "crash"
	crashDoc     = "doc"
	childMaxEdit = 100000           // a child is always killed long before this
	childMaxLife = 30 * time.Second // or this
)

// crashChild compacts, then appends edits until killed, with background
// compaction on a tiny threshold, printing each edit's payload once AppendChange has
// returned, i.e. once the edit is acknowledged as durable.
func crashChild(dir, run string) int {
	s, err := Open(Options{Dir: dir, Compact: concatCompact, CompactAfterBytes: 64, Logger: quietLogger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 3
	}
	// Fold what earlier runs appended into the snapshot first, so that every
	// run compacts (an early kill may land in the middle of it) and later
	// edits race with background compactions.
	if err := s.CompactNow(crashCoop, crashDoc); err != nil && !errors.Is(err, ErrNotFound) {
		fmt.Fprintln(os.Stderr, "compact:", err)
		return 5
	}
	out := bufio.NewWriterSize(os.Stdout, 64)
	stopAt := time.Now().Add(childMaxLife)
	for i := 0; i < childMaxEdit && time.Now().Before(stopAt); i++ {
		payload := fmt.Sprintf("r%s-e%05d", run, i)
		if err := s.AppendChange(testMeta(crashCoop, crashDoc), []byte(payload)); err != nil {
			fmt.Fprintln(os.Stderr, "append:", err)
			return 4
		}
		out.WriteString(payload + "\n")
		out.Flush() // unbuffered in effect: the ack must leave before the next edit
	}
	s.Close()
	return 0
}

// TestCrashSafety kills a writing child with SIGKILL at random moments and
// checks after each kill that every acknowledged edit is stored, exactly
// once, even with compactions interrupted at any point.
func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 42))
	deadline := time.Now().Add(crashBudget)
	var acked []string
	for run := range crashKills {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d kills fit in %v", run, crashKills, crashBudget)
		}
		got := killChildAtRandom(t, dir, run, rng, time.Until(deadline))
		acked = append(acked, got...)

		s, err := Open(Options{Dir: dir, Logger: quietLogger()})
		if err != nil {
			t.Fatalf("run %d: reopen after SIGKILL: %v", run, err)
		}
		snap, incs, err := s.LoadDoc(crashCoop, crashDoc)
		if err != nil && (len(acked) > 0 || !errors.Is(err, ErrNotFound)) {
			t.Fatalf("run %d: LoadDoc: %v", run, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		checkAllOnce(t, docTokens(snap, incs), acked)
		if t.Failed() {
			t.Fatalf("run %d: acknowledged edits missing or duplicated after SIGKILL", run)
		}
	}
	if snap, _, err := loadCrashDoc(dir); err != nil || len(snap) == 0 {
		t.Fatalf("no compaction ever committed during the crash runs (%v); the test did not exercise it", err)
	}
	t.Logf("%d kills, %d acknowledged edits all present", crashKills, len(acked))
}

// killChildAtRandom starts a writer child, SIGKILLs it after a random delay
// and returns the payloads it acknowledged. Every fifth run kills early,
// counted from process start (possibly while Badger is still opening or
// replaying); the others kill a few milliseconds into the editing.
func killChildAtRandom(t *testing.T, dir string, run int, rng *rand.Rand, budget time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=crash", childDirEnv+"="+dir, childRunEnv+"="+strconv.Itoa(run))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 4096)
	go func() {
		defer close(lines)
		r := bufio.NewReader(stdout)
		for {
			// Only complete lines count; ReadString returns an error for a
			// trailing partial line.
			l, err := r.ReadString('\n')
			if err != nil {
				return
			}
			lines <- strings.TrimSuffix(l, "\n")
		}
	}()

	var acked []string
	delay := time.Duration(rng.IntN(40)+1) * time.Millisecond
	if run%5 == 0 {
		time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
	} else {
		// Wait for the first acknowledgement: the child is then editing.
		select {
		case l, ok := <-lines:
			if ok {
				acked = append(acked, l)
			}
		case <-time.After(budget):
		}
		time.Sleep(delay)
	}
	_ = cmd.Process.Kill() // SIGKILL on Unix
	for l := range lines { // closed when the pipe hits EOF after the kill
		acked = append(acked, l)
	}
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != -1 {
		// -1: killed by a signal. Anything else means the child failed.
		t.Fatalf("run %d: child ended with %v before the kill; stderr: %s", run, err, stderr.String())
	}
	return acked
}

func loadCrashDoc(dir string) ([]byte, [][]byte, error) {
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	return s.LoadDoc(crashCoop, crashDoc)
}
