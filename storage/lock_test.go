package storage

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestOpenLockedInSameProcess(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(Options{Dir: dir, Logger: quietLogger()})
	wantErr(t, err, ErrLocked)
	if !strings.Contains(err.Error(), dir) {
		t.Fatalf("error %q does not name the directory", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(Options{Dir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatalf("Open after the holder closed: %v", err)
	}
	s.Close()
}

func TestOpenLockedInChildProcess(t *testing.T) {
	dir := t.TempDir()
	openTestStore(t, Options{Dir: dir}) // holds the lock until the test ends
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=lock", childDirEnv+"="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v, output %q", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "locked" {
		t.Fatalf("child reported %q, want locked", got)
	}
}

// lockChild tries to open dir and prints "locked" when it gets ErrLocked.
func lockChild(dir string) int {
	s, err := Open(Options{Dir: dir, Logger: quietLogger()})
	switch {
	case errors.Is(err, ErrLocked):
		fmt.Println("locked")
	case err != nil:
		fmt.Println("other error:", err)
	default:
		fmt.Println("opened")
		s.Close()
	}
	return 0
}
