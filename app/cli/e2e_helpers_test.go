package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// binary is the mutual binary built once for the end-to-end tests, which
// drive it exactly as scripts and users do.
var binary string

func TestMain(m *testing.M) {
	// Every binary these tests run inherits this: `serve` and the window
	// turn internet and LAN discovery on by default, and a test must never
	// reach the public network or announce itself on a real LAN.
	os.Setenv("MUTUAL_INTERNET", "off")
	os.Setenv("MUTUAL_MDNS", "off")
	os.Setenv("MUTUAL_PORTMAP", "off")
	dir, err := os.MkdirTemp("", "mutual-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "mutual")
	build := exec.Command("go", "build", "-o", binary, "github.com/mutual-coop/mutual")
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building mutual: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// mutual runs the binary with a bounded time and returns what it printed.
func mutual(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Env = append(os.Environ(), "MUTUAL_PASSPHRASE=")
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("mutual %s: no answer in 2 minutes", strings.Join(args, " "))
	}
	r := result{stdout: out.String(), stderr: errOut.String(), code: cmd.ProcessState.ExitCode()}
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Fatalf("mutual %s crashed:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r
}

// ok runs a command that must succeed and returns its trimmed stdout.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	r := mutual(t, args...)
	if r.code != 0 {
		t.Fatalf("mutual %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

// fails runs a command that must fail with a one-line error.
func fails(t *testing.T, args ...string) string {
	t.Helper()
	r := mutual(t, args...)
	if r.code == 0 {
		t.Fatalf("mutual %s succeeded; want an error (stdout %q)", strings.Join(args, " "), r.stdout)
	}
	msg := strings.TrimSpace(r.stderr)
	if strings.Count(msg, "\n") != 0 || !strings.HasPrefix(msg, "mutual: ") {
		t.Fatalf("mutual %s: error is not one line starting with 'mutual: ':\n%s", strings.Join(args, " "), r.stderr)
	}
	return msg
}

func jsonOf(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
}
